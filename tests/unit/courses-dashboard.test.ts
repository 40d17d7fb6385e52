/** The BDTX dashboard's arithmetic (functions/courses/domain/dashboard.ts). */
import { describe, expect, it } from 'vitest';
import { countSchool, emptyCounts, rates, sumCounts } from '../../functions/courses/domain/dashboard.ts';

describe('a school’s BDTX figures', () => {
  it('count each person once by standing, periods and lateness', () => {
    const counts = countSchool([
      { standing: 'approved', earned: 120, behind: 0 },
      { standing: 'approved', earned: 85, behind: 1 },
      { standing: 'submitted', earned: 0, behind: 0 },
      { standing: 'overdue', earned: 10, behind: 0 },
      { standing: 'none', earned: 0, behind: 0 },
    ]);
    expect(counts).toEqual({
      people: 5,
      approved: 2,
      submitted: 1,
      notApproved: 3,
      overdue: 1,
      reached: 1,
      behind: 1,
      periods: 215,
    });
    expect(rates(counts)).toEqual({ approvedPct: 40, reachedPct: 20, averagePeriods: 43 });
  });

  it('add up over schools, and show zeros where nobody is counted', () => {
    const a = countSchool([{ standing: 'approved', earned: 120, behind: 0 }]);
    const b = countSchool([
      { standing: 'returned', earned: 30, behind: 2 },
      { standing: 'approved', earned: 40, behind: 0 },
    ]);
    const total = sumCounts([a, b]);
    expect(total).toMatchObject({
      people: 3,
      approved: 2,
      notApproved: 1,
      reached: 1,
      behind: 1,
      periods: 190,
    });
    expect(rates(total)).toEqual({ approvedPct: 66.7, reachedPct: 33.3, averagePeriods: 63.3 });
    expect(rates(emptyCounts())).toEqual({ approvedPct: 0, reachedPct: 0, averagePeriods: 0 });
    expect(sumCounts([])).toEqual(emptyCounts());
  });
});
