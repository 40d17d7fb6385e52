/**
 * Prepares one campaign's publication (publication.ts): the first message writes the notice "not
 * yet" and deals the families into chunks, one message each; a chunk's message writes each of its
 * families' sealed result and outcome, and the chunk completing the count marks the publication
 * ready. A redelivered message writes nothing twice; on the last delivery a failure is said on the
 * publication, which the Department may then ask for again.
 */
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { publicationMessage } from '../messages.ts';
import { markPublicationFailed, planPublication, prepareChunk } from '../publication.ts';

/** The queue's maxReceiveCount (manifest.ts). */
const DELIVERIES = 3;

export const handler = makeQueueHandler(publicationMessage, async ({ campaignId, chunk }, record) => {
  try {
    if (chunk) await prepareChunk(campaignId, chunk);
    else await planPublication(campaignId);
  } catch (error) {
    if (Number(record.attributes.ApproximateReceiveCount) < DELIVERIES) throw error;
    logger.error('Publication preparation failed for good', { campaignId, error });
    await markPublicationFailed(campaignId, `prepare-admission-results:${record.messageId}`);
  }
});
