/** Numbers and seats one campaign's grade-10 candidates (exam-seating.ts): a message a request, idempotent. */
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { computeSeating } from '../exam-seating.ts';
import { seatingMessage } from '../messages.ts';

export const handler = makeQueueHandler(seatingMessage, async ({ campaignId, requestedAt }) => {
  await computeSeating(campaignId, requestedAt);
});
