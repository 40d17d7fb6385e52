/** Computes one grade-10 allocation run (allocation-runs.ts): a message a run, idempotent. */
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { computeRun } from '../allocation-runs.ts';
import { allocationMessage } from '../messages.ts';

export const handler = makeQueueHandler(allocationMessage, async ({ runId }) => {
  await computeRun(runId);
});
