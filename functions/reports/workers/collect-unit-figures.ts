import { type Figures, officialSchoolFigures, sumFigures } from '#functions/edu-data/index.ts';
import { authEntities, schoolsUnder } from '#shared/auth/store.ts';
import { isConditionFailure } from '#shared/db/errors.ts';
import { reportJobs, reportParts } from '../store.ts';

const PARALLEL_SCHOOLS = 4;
const KEEP_DAYS = 30;

/**
 * Task state inside the Map: recomputes the official figures of one unit's schools from their
 * approved records and stores them as a part of the report. A retried task finds its part
 * already written and does not count the unit twice.
 */
export async function handler(input: { reportId: string; unitId: string }) {
  const { data: unit } = await authEntities().orgUnit.get({ orgUnitId: input.unitId }).go();
  if (!unit) throw new Error(`Org unit ${input.unitId} does not exist`);
  const schools = unit.kind === 'school' ? [unit.orgUnitId] : await schoolsUnder(unit.orgUnitId);
  const parts: Figures[] = [];
  let itemsRead = 0;
  let bytesRead = 0;
  for (let i = 0; i < schools.length; i += PARALLEL_SCHOOLS) {
    const computed = await Promise.all(schools.slice(i, i + PARALLEL_SCHOOLS).map(officialSchoolFigures));
    for (const c of computed) {
      if (!c) continue;
      parts.push(c.figures);
      itemsRead += c.itemsRead;
      bytesRead += c.bytesRead;
    }
  }
  try {
    await reportParts()
      .create({
        reportId: input.reportId,
        unitId: unit.orgUnitId,
        unitName: unit.name,
        figures: sumFigures(parts),
        itemsRead,
        bytesRead,
        ttl: Math.floor(Date.now() / 1000) + KEEP_DAYS * 86_400,
      })
      .go();
  } catch (error) {
    if (isConditionFailure(error)) return { unitId: unit.orgUnitId, schools: schools.length };
    throw error;
  }
  await reportJobs().update({ reportId: input.reportId }).add({ completedUnits: 1 }).go();
  return { unitId: unit.orgUnitId, schools: schools.length };
}
