import { authEntities } from '#shared/auth/store.ts';
import { reportJobService as jobs } from '../jobs.ts';

/**
 * Task state: marks the job running and lists the units the machine fans out to — the units
 * directly under the report's scope (communes, or the schools of a commune), or the school itself.
 */
export async function handler(input: { reportId: string }): Promise<{ reportId: string; units: string[] }> {
  const job = await jobs.get(input.reportId);
  if (!job) throw new Error(`Report ${input.reportId} does not exist`);
  const { data: scope } = await authEntities().orgUnit.get({ orgUnitId: job.orgUnitId }).go();
  if (!scope) throw new Error(`Org unit ${job.orgUnitId} does not exist`);
  let units = [scope.orgUnitId];
  if (scope.kind !== 'school') {
    const { data: children } = await authEntities()
      .orgUnit.query.byParent({ parentId: scope.orgUnitId })
      .go({ pages: 'all', attributes: ['orgUnitId', 'kind'] });
    units = children.filter((c) => c.kind !== 'subject-group').map((c) => c.orgUnitId);
  }
  await jobs.update(job.reportId, { status: 'running', totalUnits: units.length, completedUnits: 0 });
  return { reportId: job.reportId, units };
}
