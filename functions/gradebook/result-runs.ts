/**
 * Year-end runs (the shared job life): a unit's every class of a school year sends its results of
 * a period to the education database, through the `result-runs` state machine — the schools under
 * the unit listed, each one's classes computed and submitted in a Map, the figures added up.
 */
import { type JobItem, makeJobs } from '#shared/jobs/jobs.ts';
import { startExecution } from '#shared/workflow/sfn.ts';
import { gradebookEntities } from './entities.ts';
import { RESULT_RUNS_STATE_MACHINE } from './messages.ts';

export interface ResultRun extends JobItem {
  runId: string;
  schoolYear: string;
  period: '1' | '2' | 'year';
  totalSchools?: number;
  completedSchools?: number;
  classes?: number;
  submitted?: number;
  unchanged?: number;
  pending?: number;
  rejected?: number;
  skipped?: number;
  openClasses?: number;
}

export const resultRuns = makeJobs<ResultRun, 'runId'>({
  entity: () => gradebookEntities().resultRun,
  id: 'runId',
  keepDays: 400,
  // Nothing is written to S3: the results go to the education database.
  objectKey: (runId) => `result-runs/${runId}`,
  start: ({ runId }) => startExecution(RESULT_RUNS_STATE_MACHINE, runId, { runId }),
  hidden: [],
});

/** Nothing counted yet: a run's figures when it starts, a school's before its classes. */
export const noFigures = (): SchoolFigures => ({
  classes: 0,
  submitted: 0,
  unchanged: 0,
  pending: 0,
  rejected: 0,
  skipped: 0,
  openClasses: 0,
});

export interface SchoolFigures {
  classes: number;
  submitted: number;
  unchanged: number;
  pending: number;
  rejected: number;
  skipped: number;
  openClasses: number;
}

/**
 * Adds one school's figures to its run, once: the school's part is created on the condition that
 * it is not there (a retried task adds nothing), then the run's counters are added to — one write
 * a school, a city's thousand spread over the run.
 */
export async function addSchoolFigures(runId: string, schoolId: string, figures: SchoolFigures) {
  // The part and the counters in one transaction: a retry after it finds the part (its condition
  // fails: counted already); any other cancellation (throttling, a conflict) is tried again.
  const result = await gradebookEntities()
    .service.transaction.write(({ resultRunPart, resultRun }) => [
      resultRunPart
        .create({ runId, schoolId, figures, ttl: Math.floor(Date.now() / 1000) + 400 * 86_400 })
        .commit(),
      resultRun
        .update({ runId })
        .add({ ...figures, completedSchools: 1 })
        .set({ updatedAt: new Date().toISOString() })
        .commit(),
    ])
    .go();
  if (!result.canceled) return;
  const reasons = result.data as { code?: string }[];
  if (reasons[0]?.code === 'ConditionalCheckFailed') return;
  throw new Error(
    `School ${schoolId}'s figures not added to run ${runId}: ${reasons.map((r) => r?.code).join(', ')}`,
  );
}
