import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodicReportDue, renderCsv, schoolYearOf } from '../../functions/reports/domain/report-kinds.ts';

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

  it('renders CSV with a BOM, Vietnamese text intact and quoting where needed', () => {
    const csv = renderCsv('Báo cáo "đầu năm", 2026', '2026-2027', {
      orgUnitId: 'SGD',
      childrenByKind: { ward: 45, commune: 67, 'special-zone': 2 },
    });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('"Báo cáo ""đầu năm"", 2026"');
    expect(csv.split('\r\n').slice(5, 8)).toEqual(['commune,67', 'special-zone,2', 'ward,45']);
  });
});
