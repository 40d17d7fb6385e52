/**
 * Statistics of results (functions/gradebook/domain/statistics.ts): the bands at their edges as
 * schools report them, a tally counted by hand, and — over random classes (fast-check) — a
 * school's tally added from its classes equals the tally of all its learners at once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bandOf,
  sumTallies,
  type TalliedPrimary,
  type TalliedResult,
  tallyOf,
} from '../../functions/gradebook/domain/statistics.ts';

const level = fc.constantFrom('T' as const, 'K' as const, 'D' as const, 'CD' as const);
const result: fc.Arbitrary<TalliedResult> = fc.record({
  subjects: fc.record({
    TOAN: fc.integer({ min: 0, max: 100 }),
    NGU_VAN: fc.integer({ min: 0, max: 100 }),
    GDTC: fc.constantFrom('D' as const, 'CD' as const),
  }),
  learning: level,
  conduct: level,
});

const primary: fc.Arbitrary<TalliedPrimary> = fc.record(
  {
    primary: fc.constant(true as const),
    subjects: fc.record({ TOAN: fc.constantFrom('HTT' as const, 'HT' as const, 'CHT' as const) }),
    qualities: fc.record({ YEU_NUOC: fc.constantFrom('T' as const, 'D' as const, 'CCG' as const) }),
    achievement: fc.constantFrom('HTXS' as const, 'HTT' as const, 'HT' as const, 'CHT' as const),
    completion: fc.constantFrom('grade' as const, 'primary' as const, 'support' as const),
    honour: fc.constant('excellent' as const),
  },
  { requiredKeys: ['primary', 'subjects', 'qualities'] },
);

describe('statistics of results', () => {
  it('puts an average in its band: below 3.5, 3.5–5, 5–6.5, 6.5–8, 8 and above', () => {
    expect([0, 34, 35, 49, 50, 64, 65, 79, 80, 100].map(bandOf)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('counts levels, honours, outcomes and each subject, by hand', () => {
    const t = tallyOf(
      [
        {
          subjects: { TOAN: 83, GDTC: 'D' },
          learning: 'T',
          conduct: 'T',
          honour: 'good',
          outcome: 'promoted',
        },
        { subjects: { TOAN: 47, GDTC: 'CD' }, learning: 'CD', conduct: 'K', outcome: 'retest' },
      ],
      3,
    );
    expect(t).toMatchObject({
      learners: 2,
      incomplete: 3,
      learning: { T: 1, K: 0, D: 0, CD: 1 },
      conduct: { T: 1, K: 1, D: 0, CD: 0 },
      honours: { excellent: 0, good: 1 },
      outcomes: { promoted: 1, retest: 1 },
    });
    expect(t.subjects.TOAN).toEqual({ scored: 2, sum: 130, bands: [0, 1, 0, 0, 1], passed: 0, failed: 0 });
    expect(t.subjects.GDTC).toMatchObject({ scored: 0, passed: 1, failed: 1 });
  });

  it('counts primary learners apart, by hand: achievements, completions, ratings', () => {
    const t = tallyOf(
      [
        {
          primary: true,
          subjects: { TOAN: 'HTT', TIENG_VIET: 'HTT' },
          qualities: { YEU_NUOC: 'T', NHAN_AI: 'T' },
          achievement: 'HTXS',
          completion: 'grade',
          honour: 'excellent',
        },
        {
          primary: true,
          subjects: { TOAN: 'HT', TIENG_VIET: 'CHT' },
          qualities: { YEU_NUOC: 'D', NHAN_AI: 'CCG' },
          achievement: 'CHT',
          completion: 'support',
        },
        { subjects: { TOAN: 91 }, learning: 'T', conduct: 'T', honour: 'excellent' },
      ],
      1,
    );
    expect(t.learners).toBe(3);
    expect(t.incomplete).toBe(1);
    expect(t.honours.excellent).toBe(2);
    expect(t.learning).toEqual({ T: 1, K: 0, D: 0, CD: 0 });
    expect(t.primary).toEqual({
      learners: 2,
      achievements: { HTXS: 1, HTT: 0, HT: 0, CHT: 1 },
      completions: { grade: 1, primary: 0, support: 1 },
      subjects: { TOAN: { HTT: 1, HT: 1, CHT: 0 }, TIENG_VIET: { HTT: 1, HT: 0, CHT: 1 } },
      qualities: { YEU_NUOC: { T: 1, D: 1, CCG: 0 }, NHAN_AI: { T: 1, D: 0, CCG: 1 } },
    });
    expect(tallyOf([{ subjects: { TOAN: 50 }, learning: 'D', conduct: 'T' }]).primary).toBeUndefined();
  });

  it('adds classes into the same tally as all their learners at once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.oneof(result, primary), { maxLength: 12 }), { maxLength: 6 }),
        (classes) => {
          const added = sumTallies(classes.map((c) => tallyOf(c)));
          const whole = tallyOf(classes.flat());
          expect(added).toEqual(whole);
        },
      ),
    );
  });
});
