import { authEntities } from '#shared/auth/store.ts';
import type { OrgFigures } from '../domain/report-kinds.ts';
import { updateJob } from '../jobs.ts';
import { reportJobs } from '../store.ts';

/** Task state: counts the units under the report's scope. Figures from other contexts join later. */
export async function handler(input: {
  reportId: string;
}): Promise<{ reportId: string; figures: OrgFigures }> {
  const { data: job } = await reportJobs().get({ reportId: input.reportId }).go();
  if (!job) throw new Error(`Report ${input.reportId} does not exist`);
  await updateJob(job.reportId, { status: 'running' });

  const childrenByKind: Record<string, number> = {};
  const { data: children } = await authEntities()
    .orgUnit.query.byParent({ parentId: job.orgUnitId })
    .go({ pages: 'all', attributes: ['kind'] });
  for (const child of children) childrenByKind[child.kind] = (childrenByKind[child.kind] ?? 0) + 1;
  return { reportId: job.reportId, figures: { orgUnitId: job.orgUnitId, childrenByKind } };
}
