import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, REPORT_INDICATORS } from '../../functions/reports/domain/indicators.ts';
import { periodicReportDue, schoolYearOf } from '../../functions/reports/domain/report-kinds.ts';

describe('report rules', () => {
  it('a school year starts on 5 September', () => {
    expect(schoolYearOf(new Date('2026-09-04T12:00:00Z'))).toBe('2025-2026');
    expect(schoolYearOf(new Date('2026-09-05T00:00:00Z'))).toBe('2026-2027');
    expect(schoolYearOf(new Date('2027-05-31T00:00:00Z'))).toBe('2026-2027');
  });

  it('every date belongs to exactly one school year of consecutive years', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (d) => {
          const [a, b] = schoolYearOf(d).split('-').map(Number);
          expect(b! - a!).toBe(1);
          expect([a, b]).toContain(d.getUTCFullYear());
        },
      ),
    );
  });

  it('periodic reports fall due in September and May only', () => {
    expect(periodicReportDue(9)).toBe('school-year-start');
    expect(periodicReportDue(5)).toBe('school-year-end');
    for (const m of [1, 2, 3, 4, 6, 7, 8, 10, 11, 12]) expect(periodicReportDue(m)).toBeUndefined();
  });

  it('evaluates indicators as data: sums, differences, ratios and percentages', () => {
    const figures = {
      learners: 120,
      learnersByEthnicity: { '01': 100, '02': 20 },
      teachers: 8,
      learnerFieldsFilled: 3,
      learnerFieldsExpected: 4,
    };
    const byCode = (kind: keyof typeof REPORT_INDICATORS, code: string) =>
      REPORT_INDICATORS[kind].find((i) => i.code === code)!;
    expect(evaluate(byCode('school-year-start', 'HS01'), figures)).toBe(120);
    expect(evaluate(byCode('school-year-start', 'HS03'), figures)).toBe(20);
    expect(evaluate(byCode('school-year-start', 'GV03'), figures)).toBe(15);
    expect(evaluate(byCode('data-completeness', 'DL07'), figures)).toBe(75);
    expect(evaluate(byCode('school-year-start', 'LH02'), figures)).toBeNull();
    for (const list of Object.values(REPORT_INDICATORS))
      expect(new Set(list.map((i) => i.code)).size).toBe(list.length);
  });
});
