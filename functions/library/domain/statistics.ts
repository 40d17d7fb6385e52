/**
 * The library's figures for the education database: per school, then summed per commune and for
 * the city — titles and copies held, loans (open, late, this school year), loans per learner, and
 * the learning repository's published resources by kind and subject. Pure.
 */

export interface LibraryCounts {
  titles: number;
  copies: number;
  loansOpen: number;
  overdue: number;
  /** Loans made this school year (those due since it began, returned or not). */
  loansYear: number;
  /** Learners of the school in the education database's official figures. */
  learners: number;
  digital: Record<string, number>;
  digitalBySubject: Record<string, number>;
}

export const emptyCounts = (): LibraryCounts => ({
  titles: 0,
  copies: 0,
  loansOpen: 0,
  overdue: 0,
  loansYear: 0,
  learners: 0,
  digital: {},
  digitalBySubject: {},
});

const addInto = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
};

/** Sums schools' counts (a commune's, the city's). Titles add up per school: a title two schools hold counts twice. */
export function sumCounts(list: readonly LibraryCounts[]): LibraryCounts {
  const total = emptyCounts();
  for (const c of list) {
    total.titles += c.titles;
    total.copies += c.copies;
    total.loansOpen += c.loansOpen;
    total.overdue += c.overdue;
    total.loansYear += c.loansYear;
    total.learners += c.learners;
    addInto(total.digital, c.digital);
    addInto(total.digitalBySubject, c.digitalBySubject);
  }
  return total;
}

/** Loans per learner this school year, to two decimals (0 without learners). */
export const loansPerLearner = (c: Pick<LibraryCounts, 'loansYear' | 'learners'>) =>
  c.learners ? Math.round((c.loansYear / c.learners) * 100) / 100 : 0;
