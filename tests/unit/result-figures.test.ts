/**
 * A result sent again (functions/edu-data/results.ts): the same figures are not sent again, and
 * the learner's name — a label added to results after some were sent — is not a figure: a result
 * stored without it matches the same result with it, while any figure changed does not.
 */
import { describe, expect, it } from 'vitest';
import { sameFigures } from '../../functions/edu-data/results.ts';

const sent = {
  learnerId: 'l1',
  classId: 'c1',
  schoolYear: '2025-2026',
  period: 'year' as const,
  grade: 11,
  ruleSet: 'tt22-2021',
  subjects: { TOAN: 8.7, GDTC: 'D' as const },
  learning: 'K' as const,
  conduct: 'T' as const,
  absentHalfDays: 2,
};

describe('a result sent again', () => {
  it('is the same whatever the learner’s name says', () => {
    expect(sameFigures(sent, { ...sent, learnerName: 'Vũ Thị Hoàn Thành' })).toBe(true);
    expect(sameFigures({ ...sent, learnerName: 'Cũ' }, { ...sent, learnerName: 'Mới' })).toBe(true);
  });

  it('is not the same once a figure changes', () => {
    expect(sameFigures(sent, { ...sent, subjects: { TOAN: 8.8, GDTC: 'D' } })).toBe(false);
    expect(sameFigures(sent, { ...sent, absentHalfDays: 3, learnerName: 'Vũ Thị Hoàn Thành' })).toBe(false);
  });
});
