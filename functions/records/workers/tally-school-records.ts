/**
 * Recounts a school's records of a year into its tally (the city-wide overview and the
 * reminders to teachers without a plan read tallies, never the records themselves).
 */
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { tallyMessage } from '../messages.ts';
import { makeRecords } from '../service.ts';

const records = makeRecords();

export const handler = makeQueueHandler(tallyMessage, async ({ schoolId, schoolYear, requestedAt }) => {
  await records.tally(schoolId, schoolYear, requestedAt, new Date().toISOString().slice(0, 10));
});
