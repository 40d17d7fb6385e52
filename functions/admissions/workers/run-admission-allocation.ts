/**
 * Computes one grade-10 allocation run (allocation-runs.ts): a message a run, idempotent. A
 * failure is retried by the queue; on the last delivery the run is marked failed with its error,
 * so the Department's screen says so instead of waiting for ever.
 */
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { computeRun, markRunFailed } from '../allocation-runs.ts';
import { ALLOCATION_DELIVERIES, allocationMessage } from '../messages.ts';

export const handler = makeQueueHandler(allocationMessage, async ({ runId }, record) => {
  try {
    await computeRun(runId);
  } catch (error) {
    if (Number(record.attributes.ApproximateReceiveCount) < ALLOCATION_DELIVERIES) throw error;
    logger.error('Allocation run failed for good', { runId, error });
    await markRunFailed(runId, error instanceof Error ? error.message : String(error));
  }
});
