/**
 * Statistics of learning results per class, school, commune and the city. A class's tally is
 * written when its results are sent to the education database (results-flow.ts); a school's is
 * its classes' added up, written after them; a commune's or the city's are their schools' (read
 * from the org tree at request time, never from a lineage copied onto the tallies).
 */
import { authEntities, schoolsUnder } from '#shared/auth/store.ts';
import { isPrimaryResult, type ResultData } from '../edu-data/index.ts';
import {
  type ResultTally,
  sumTallies,
  type TalliedPrimary,
  type TalliedResult,
  tallyOf,
} from './domain/statistics.ts';
import { gradebookEntities } from './entities.ts';

export type ResultPeriod = '1' | '2' | 'year';

/** A result as the education database keeps it (decimals) → tenths for the tally. */
export const talliedOf = (r: ResultData): TalliedResult | TalliedPrimary =>
  isPrimaryResult(r)
    ? {
        primary: true,
        subjects: r.subjects,
        qualities: r.qualities,
        ...(r.achievement ? { achievement: r.achievement } : {}),
        ...(r.completion ? { completion: r.completion } : {}),
        ...(r.honour ? { honour: r.honour } : {}),
      }
    : {
        subjects: Object.fromEntries(
          Object.entries(r.subjects).map(([code, v]) => [
            code,
            typeof v === 'number' ? Math.round(v * 10) : v,
          ]),
        ),
        learning: r.learning,
        conduct: r.conduct,
        ...(r.honour ? { honour: r.honour } : {}),
        ...(r.outcome ? { outcome: r.outcome } : {}),
      };

/** Writes a class's tally of a period (complete results, and how many are not yet). */
export async function writeClassTally(
  cls: { classId: string; schoolId: string; schoolYear: string; name: string },
  period: ResultPeriod,
  results: readonly ResultData[],
  incomplete: number,
) {
  await gradebookEntities()
    .classTally.put({
      schoolId: cls.schoolId,
      schoolYear: cls.schoolYear,
      period,
      classId: cls.classId,
      className: cls.name,
      tally: tallyOf(results.map(talliedOf), incomplete),
      updatedAt: new Date().toISOString(),
    })
    .go();
}

/** Has the class's tally of the period been written (its results sent)? One GetItem. */
export async function classTallyWritten(
  cls: { classId: string; schoolId: string; schoolYear: string },
  period: ResultPeriod,
): Promise<boolean> {
  const { data } = await gradebookEntities()
    .classTally.get({ schoolId: cls.schoolId, schoolYear: cls.schoolYear, period, classId: cls.classId })
    .go({ consistent: true });
  return data !== null;
}

/** A school's classes' tallies of a year and period: one Query. */
async function classTallies(schoolId: string, schoolYear: string, period: ResultPeriod) {
  const { data } = await gradebookEntities()
    .classTally.query.bySchool({ schoolId, schoolYear, period })
    .go({ pages: 'all', consistent: true });
  return data as { classId: string; className: string; tally: ResultTally }[];
}

/** Adds a school's classes up into its tally (after a class, or all of a school's, were sent). */
export async function rollUpSchool(schoolId: string, schoolYear: string, period: ResultPeriod) {
  const classes = await classTallies(schoolId, schoolYear, period);
  await gradebookEntities()
    .schoolTally.put({
      schoolId,
      schoolYear,
      period,
      classes: classes.length,
      tally: sumTallies(classes.map((c) => c.tally)),
      updatedAt: new Date().toISOString(),
    })
    .go();
}

/** Schools' tallies by id (BatchGet); a school with none yet is left out. */
async function schoolTallies(schoolIds: readonly string[], schoolYear: string, period: ResultPeriod) {
  const found = new Map<string, ResultTally>();
  for (let i = 0; i < schoolIds.length; i += 100) {
    let keys = schoolIds.slice(i, i + 100).map((schoolId) => ({ schoolId, schoolYear, period }));
    // Keys DynamoDB leaves unprocessed (throttling) are asked again, a few times.
    for (let attempt = 0; keys.length && attempt < 5; attempt++) {
      const { data, unprocessed } = await gradebookEntities().schoolTally.get(keys).go();
      for (const t of data as { schoolId: string; tally: ResultTally }[]) found.set(t.schoolId, t.tally);
      keys = unprocessed as typeof keys;
      if (keys.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
    if (keys.length) throw new Error(`Statistics: ${keys.length} school tallies left unprocessed`);
  }
  return found;
}

/**
 * A unit's statistics: a school's total and its classes; a commune's total and its schools; the
 * city's (or any unit above schools) total and the units directly under it.
 */
export async function unitStatistics(
  orgUnitId: string,
  kind: string,
  schoolYear: string,
  period: ResultPeriod,
) {
  if (kind === 'school') {
    const classes = await classTallies(orgUnitId, schoolYear, period);
    return {
      total: sumTallies(classes.map((c) => c.tally)),
      parts: classes
        .map((c) => ({ id: c.classId, name: c.className, tally: c.tally }))
        .sort((a, b) => a.name.localeCompare(b.name, 'vi', { numeric: true })),
    };
  }
  const { data: children } = await authEntities()
    .orgUnit.query.byParent({ parentId: orgUnitId })
    .go({ pages: 'all', attributes: ['orgUnitId', 'name', 'kind'] });
  // Communes, wards, special zones, offices, schools: every unit but a school's subject groups.
  const units = children.filter((c) => c.kind !== 'subject-group');
  const schoolsOf = new Map<string, string[]>(
    await Promise.all(
      units.map(
        async (u) =>
          [u.orgUnitId, u.kind === 'school' ? [u.orgUnitId] : await schoolsUnder(u.orgUnitId)] as [
            string,
            string[],
          ],
      ),
    ),
  );
  const tallies = await schoolTallies([...new Set([...schoolsOf.values()].flat())], schoolYear, period);
  const parts = units
    .map((u) => ({
      id: u.orgUnitId,
      name: u.name,
      tally: sumTallies(
        schoolsOf.get(u.orgUnitId)!.flatMap((s) => (tallies.has(s) ? [tallies.get(s)!] : [])),
      ),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  return { total: sumTallies(parts.map((p) => p.tally)), parts };
}
