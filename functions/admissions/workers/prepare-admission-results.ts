/**
 * Prepares one campaign's publication (publication.ts): every family's sealed result written as a
 * static object, each application's outcome, then the notice "not yet". A retry goes on where the
 * last delivery stopped; on the last delivery a failure is said on the publication, which the
 * Department may then ask for again.
 */
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { publicationMessage } from '../messages.ts';
import { markPublicationFailed, preparePublication } from '../publication.ts';

/** The queue's maxReceiveCount (manifest.ts). */
const DELIVERIES = 3;

export const handler = makeQueueHandler(publicationMessage, async ({ campaignId }, record) => {
  try {
    await preparePublication(campaignId);
  } catch (error) {
    if (Number(record.attributes.ApproximateReceiveCount) < DELIVERIES) throw error;
    logger.error('Publication preparation failed for good', { campaignId, error });
    await markPublicationFailed(campaignId, `prepare-admission-results:${record.messageId}`);
  }
});
