/**
 * Prepares one campaign's publication (publication.ts): every family's sealed result written as a
 * static object, each application's outcome, then the notice "not yet". Idempotent: a retry writes
 * the same results again; a publication already prepared is left alone.
 */
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { publicationMessage } from '../messages.ts';
import { preparePublication } from '../publication.ts';

export const handler = makeQueueHandler(publicationMessage, async ({ campaignId }) => {
  await preparePublication(campaignId);
});
