/**
 * Recounts a school's BDTX figures of a year into its tally (the commune's and the city's
 * dashboards read tallies, never every teacher's plan and enrolments).
 */
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { makeBdtxDashboard } from '../dashboard.ts';
import { bdtxTallyMessage } from '../messages.ts';

const dashboard = makeBdtxDashboard();

export const handler = makeQueueHandler(bdtxTallyMessage, async ({ schoolId, year, requestedAt }) => {
  await dashboard.tally(schoolId, year, requestedAt);
});
