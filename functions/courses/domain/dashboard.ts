/**
 * The BDTX dashboard's figures, free of storage: a school's counts from its people's standings
 * (each school's tally), the sum over schools (a commune, the city), and the rates shown.
 */
import { YEAR_PERIODS } from './bdtx.ts';

export interface BdtxCounts {
  /** Everyone who must plan (holds course.plan at the school). */
  people: number;
  approved: number;
  submitted: number;
  /** Without an approved plan (none, draft, returned, submitted, overdue). */
  notApproved: number;
  /** Without a plan sent by the deadline. */
  overdue: number;
  /** Reached the year's 120 periods. */
  reached: number;
  /** Behind on a module of their plan (closed or closing soon, not completed). */
  behind: number;
  /** Periods earned, all people together. */
  periods: number;
}

export const emptyCounts = (): BdtxCounts => ({
  people: 0,
  approved: 0,
  submitted: 0,
  notApproved: 0,
  overdue: 0,
  reached: 0,
  behind: 0,
  periods: 0,
});

/** A person's standing as the school's list has it. */
export interface PersonStanding {
  standing: string;
  earned: number;
  behind: number;
}

export function countSchool(people: readonly PersonStanding[]): BdtxCounts {
  const c = emptyCounts();
  for (const p of people) {
    c.people += 1;
    if (p.standing === 'approved') c.approved += 1;
    else c.notApproved += 1;
    if (p.standing === 'submitted') c.submitted += 1;
    if (p.standing === 'overdue') c.overdue += 1;
    if (p.earned >= YEAR_PERIODS) c.reached += 1;
    if (p.behind > 0) c.behind += 1;
    c.periods += p.earned;
  }
  return c;
}

export function sumCounts(parts: readonly BdtxCounts[]): BdtxCounts {
  const total = emptyCounts();
  for (const part of parts)
    for (const key of Object.keys(total) as (keyof BdtxCounts)[]) total[key] += part[key] ?? 0;
  return total;
}

/** Percentages with one decimal, and periods per person; 0 where there is nobody. */
export function rates(c: BdtxCounts) {
  const pct = (n: number) => (c.people ? Math.round((n / c.people) * 1000) / 10 : 0);
  return {
    approvedPct: pct(c.approved),
    reachedPct: pct(c.reached),
    averagePeriods: c.people ? Math.round((c.periods / c.people) * 10) / 10 : 0,
  };
}
