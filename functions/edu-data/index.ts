/**
 * What other contexts may ask of the education database (they never read its items directly).
 */
import type { Figures } from './domain/statistics.ts';
import { makeStatistics } from './statistics.ts';
import { makeEduStore } from './store.ts';

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
