/**
 * Checks each uploaded resource file (S3 announces it on the queue): its size and SHA-256 must
 * be those announced and its first bytes those of its type. A good file becomes the resource's
 * latest version; a bad one is deleted and its version marked rejected with the reason, which
 * the author sees. Redelivery is harmless: a version is checked once.
 */
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { objectKeyOf, s3EventMessage } from '#shared/storage/s3-events.ts';
import { RESOURCE_PREFIX } from '../messages.ts';
import { makeRepository } from '../service.ts';

const repository = makeRepository();

export const handler = makeQueueHandler(s3EventMessage, async (event) => {
  for (const record of event.Records) {
    const key = objectKeyOf(record);
    if (!key.startsWith(RESOURCE_PREFIX)) continue;
    const result = await repository.verifyUpload(key);
    logger.info('Resource file checked', { key, ...result });
  }
});
