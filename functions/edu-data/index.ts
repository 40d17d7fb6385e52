/**
 * What other contexts may ask of the education database (they never read its items directly).
 */
import type { LevelGroup } from './domain/codes.ts';
import { type Figures, schoolLevelsOf } from './domain/statistics.ts';
import { officialData } from './domain/workflow.ts';
import { makeStatistics } from './statistics.ts';
import { makeEduStore } from './store.ts';

export type { LevelGroup } from './domain/codes.ts';
export type { Figures } from './domain/statistics.ts';
export { derivedRatios, emptyFigures, sumFigures } from './domain/statistics.ts';

let statistics: ReturnType<typeof makeStatistics> | undefined;

/**
 * A school's official figures recomputed now from its approved records (a report's snapshot),
 * with what reading them cost: items and bytes, from which read units follow.
 */
export async function officialSchoolFigures(
  schoolId: string,
): Promise<{ figures: Figures; itemsRead: number; bytesRead: number } | undefined> {
  statistics ??= makeStatistics(makeEduStore());
  return statistics.computeSchool(schoolId);
}

/**
 * A school's own student (by personal ID) or staff member (by staff code) — what a library card
 * names. Only approved people of that school: another school's learner is not found.
 */
export async function personOfSchool(
  schoolId: string,
  card: string,
): Promise<{ recordId: string; kind: 'student' | 'staff'; name: string } | undefined> {
  const store = makeEduStore();
  const code = card.trim().toUpperCase();
  const keys = [`student:${code}`, `staff:${schoolId}:${code}`];
  const found = await store.recordIdsOfKeys(keys);
  for (const key of keys) {
    const recordId = found.get(key);
    const record = recordId ? await store.getRecord(recordId) : undefined;
    if (!record || record.ownerId !== schoolId || !record.approved) continue;
    if (record.kind !== 'student' && record.kind !== 'staff') continue;
    return { recordId: record.recordId, kind: record.kind, name: record.name };
  }
  return undefined;
}

/** A school's learners in its official figures (kept by the statistics worker), 0 before any. */
export async function schoolLearners(schoolId: string): Promise<number> {
  const own = await makeEduStore().getStats(schoolId);
  return (own?.figures as Figures | undefined)?.learners ?? 0;
}

/**
 * Schools' level codes (01 preschool … 05 continuing education) from their approved profiles;
 * a combined school has several, a school without an approved profile none (it is absent).
 */
export async function schoolLevels(schoolIds: readonly string[]): Promise<Map<string, LevelGroup[]>> {
  const store = makeEduStore();
  const levels = new Map<string, LevelGroup[]>();
  const unique = [...new Set(schoolIds)];
  for (let i = 0; i < unique.length; i += 100) {
    const ids = await store.recordIdsOfKeys(unique.slice(i, i + 100).map((id) => `school:${id}`));
    for (const profile of await store.getRecords([...ids.values()])) {
      const data = officialData(profile) as Record<string, unknown> | undefined;
      const codes = data && schoolLevelsOf(data);
      if (codes?.length) levels.set(profile.ownerId, codes);
    }
  }
  return levels;
}
