import { authEntities, schoolsUnder } from '#shared/auth/store.ts';
import { noFigures, resultRuns } from '../result-runs.ts';

/**
 * Task state: marks the run running and lists the schools the machine fans out to — every school
 * under the run's unit, or the school itself.
 */
export async function handler(input: { runId: string }): Promise<{ runId: string; schools: string[] }> {
  const run = await resultRuns.get(input.runId);
  if (!run) throw new Error(`Result run ${input.runId} does not exist`);
  const { data: unit } = await authEntities().orgUnit.get({ orgUnitId: run.orgUnitId }).go();
  if (!unit) throw new Error(`Org unit ${run.orgUnitId} does not exist`);
  const schools = unit.kind === 'school' ? [unit.orgUnitId] : await schoolsUnder(unit.orgUnitId);
  await resultRuns.update(run.runId, {
    status: 'running',
    totalSchools: schools.length,
    completedSchools: 0,
    ...noFigures(),
  });
  return { runId: run.runId, schools };
}
