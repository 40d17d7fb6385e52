/**
 * A year's graduates issued as digital diplomas at once: one page of the year's register a
 * message, each valid entry of the batch's type (and school) that never had one issued (the
 * credentials worker signs each); the page counted once on the batch, the next page sent on.
 */
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { makeCredentialBatches } from '../credential-batches.ts';
import { batchPageMessage } from '../messages.ts';

const batches = makeCredentialBatches();

export const handler = makeQueueHandler(batchPageMessage, async ({ batchId, page, cursor }) => {
  const outcome = await batches.runPage(batchId, page, cursor);
  logger.info('Digital diplomas issued at once: a page', { batchId, page, outcome });
});
