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

  it('adds classes into the same tally as all their learners at once', () => {
    fc.assert(
      fc.property(fc.array(fc.array(result, { maxLength: 12 }), { maxLength: 6 }), (classes) => {
        const added = sumTallies(classes.map((c) => tallyOf(c)));
        const whole = tallyOf(classes.flat());
        expect(added).toEqual(whole);
      }),
    );
  });
});
