/**
 * Statistics of learning results: how many learners at each learning and conduct level, honours,
 * what follows the year, and per subject the mean and the distribution of averages over the bands
 * schools report (below 3.5, 3.5–5, 5–6.5, 6.5–8, 8 and above) or Đạt / Chưa đạt. Primary
 * learners (Circular 27) are counted apart: achievements, completions, each subject's ratings and
 * each quality's. A tally adds to another, so a school is its classes and a commune or the city
 * its schools. Pure.
 */
import {
  COMPLETIONS,
  type Completion,
  LEVELS,
  type Level,
  type Pass,
  PRIMARY_OUTCOMES,
  type PrimaryOutcome,
  QUALITY_RATINGS,
  type QualityRating,
  SUBJECT_RATINGS,
  type SubjectRating,
} from './rules.ts';
import type { Honour, YearOutcome } from './secondary.ts';

/** Lower bounds of the bands after the first, in tenths: [0, 3.5), [3.5, 5), [5, 6.5), [6.5, 8), [8, 10]. */
export const BANDS = [35, 50, 65, 80] as const;

export interface SubjectTally {
  /** Learners with an average; their sum in tenths (the mean is sum / scored). */
  scored: number;
  sum: number;
  /** Learners per band (BANDS), five counts. */
  bands: number[];
  /** Comment-only subjects: Đạt and Chưa đạt. */
  passed: number;
  failed: number;
}

export interface ResultTally {
  /** Learners counted (their result complete). */
  learners: number;
  /** Learners of the classes whose result is not complete yet. */
  incomplete: number;
  learning: Record<Level, number>;
  conduct: Record<Level, number>;
  honours: Record<Honour, number>;
  outcomes: Partial<Record<YearOutcome, number>>;
  subjects: Record<string, SubjectTally>;
  /** Primary learners (Circular 27), also in `learners` and (Học sinh Xuất sắc) in `honours`. */
  primary?: PrimaryTally;
}

export interface PrimaryTally {
  learners: number;
  /** The year: Hoàn thành xuất sắc … Chưa hoàn thành. */
  achievements: Record<PrimaryOutcome, number>;
  completions: Record<Completion, number>;
  /** Subject code → learners at each rating. */
  subjects: Record<string, Record<SubjectRating, number>>;
  /** Quality or competency code → learners at each rating. */
  qualities: Record<string, Record<QualityRating, number>>;
}

/** One primary learner's complete result. */
export interface TalliedPrimary {
  primary: true;
  subjects: Record<string, SubjectRating>;
  qualities: Record<string, QualityRating>;
  achievement?: PrimaryOutcome;
  completion?: Completion;
  honour?: 'excellent';
}

/** One learner's complete result, subjects as tenths or Đ / CĐ. */
export interface TalliedResult {
  subjects: Record<string, number | Pass>;
  learning: Level;
  conduct: Level;
  honour?: Honour;
  outcome?: YearOutcome;
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const levels = () => zeros(LEVELS);

export const emptyPrimaryTally = (): PrimaryTally => ({
  learners: 0,
  achievements: zeros(PRIMARY_OUTCOMES),
  completions: zeros(COMPLETIONS),
  subjects: {},
  qualities: {},
});

/** Adds `from`'s counts into `into`, key by key (a key missing in `into` starts at 0). */
function addCounts<K extends string>(into: Record<K, number>, from: Partial<Record<K, number>>) {
  for (const [k, n] of Object.entries(from) as [K, number][]) into[k] = (into[k] ?? 0) + n;
}

/** The counts of `code` in `by`, made (all zero) when it has none yet. */
function countsOf<K extends string>(by: Record<string, Record<K, number>>, code: string, keys: readonly K[]) {
  by[code] ??= zeros(keys);
  return by[code];
}

function addPrimary(into: PrimaryTally, r: TalliedPrimary) {
  into.learners++;
  if (r.achievement) into.achievements[r.achievement]++;
  if (r.completion) into.completions[r.completion]++;
  for (const [code, rating] of Object.entries(r.subjects))
    countsOf(into.subjects, code, SUBJECT_RATINGS)[rating]++;
  for (const [code, rating] of Object.entries(r.qualities))
    countsOf(into.qualities, code, QUALITY_RATINGS)[rating]++;
}

function addPrimaryTallies(a: PrimaryTally | undefined, b: PrimaryTally | undefined) {
  if (!a && !b) return undefined;
  const sum = emptyPrimaryTally();
  for (const t of [a, b]) {
    if (!t) continue;
    sum.learners += t.learners;
    addCounts(sum.achievements, t.achievements);
    addCounts(sum.completions, t.completions);
    for (const [code, counts] of Object.entries(t.subjects))
      addCounts(countsOf(sum.subjects, code, SUBJECT_RATINGS), counts);
    for (const [code, counts] of Object.entries(t.qualities))
      addCounts(countsOf(sum.qualities, code, QUALITY_RATINGS), counts);
  }
  return sum;
}

export const emptyTally = (): ResultTally => ({
  learners: 0,
  incomplete: 0,
  learning: levels(),
  conduct: levels(),
  honours: { excellent: 0, good: 0 },
  outcomes: {},
  subjects: {},
});

const emptySubject = (): SubjectTally => ({
  scored: 0,
  sum: 0,
  bands: [0, 0, 0, 0, 0],
  passed: 0,
  failed: 0,
});

/** The band of an average in tenths: 0 … 4. */
export const bandOf = (tenths: number) => BANDS.filter((b) => tenths >= b).length;

export function tallyOf(results: readonly (TalliedResult | TalliedPrimary)[], incomplete = 0): ResultTally {
  const t = emptyTally();
  t.incomplete = incomplete;
  for (const r of results) {
    t.learners++;
    if ('primary' in r) {
      t.primary ??= emptyPrimaryTally();
      addPrimary(t.primary, r);
      if (r.honour) t.honours[r.honour]++;
      continue;
    }
    t.learning[r.learning]++;
    t.conduct[r.conduct]++;
    if (r.honour) t.honours[r.honour]++;
    if (r.outcome) t.outcomes[r.outcome] = (t.outcomes[r.outcome] ?? 0) + 1;
    for (const [code, value] of Object.entries(r.subjects)) {
      const s = t.subjects[code] ?? emptySubject();
      t.subjects[code] = s;
      if (value === 'D') s.passed++;
      else if (value === 'CD') s.failed++;
      else {
        s.scored++;
        s.sum += value;
        s.bands[bandOf(value)]!++;
      }
    }
  }
  return t;
}

export function addTallies(a: ResultTally, b: ResultTally): ResultTally {
  const sum = emptyTally();
  for (const t of [a, b]) {
    sum.learners += t.learners;
    sum.incomplete += t.incomplete;
    for (const l of LEVELS) {
      sum.learning[l] += t.learning[l];
      sum.conduct[l] += t.conduct[l];
    }
    sum.honours.excellent += t.honours.excellent;
    sum.honours.good += t.honours.good;
    for (const [o, n] of Object.entries(t.outcomes) as [YearOutcome, number][])
      sum.outcomes[o] = (sum.outcomes[o] ?? 0) + n;
    for (const [code, s] of Object.entries(t.subjects)) {
      const into = sum.subjects[code] ?? emptySubject();
      sum.subjects[code] = into;
      into.scored += s.scored;
      into.sum += s.sum;
      into.passed += s.passed;
      into.failed += s.failed;
      s.bands.forEach((n, i) => {
        into.bands[i]! += n;
      });
    }
  }
  const primary = addPrimaryTallies(a.primary, b.primary);
  return primary ? { ...sum, primary } : sum;
}

export const sumTallies = (tallies: readonly ResultTally[]) => tallies.reduce(addTallies, emptyTally());
