/**
 * Carries a publication or withdrawal into the union catalogue, OAI-PMH, the lesson links and
 * coverage; or recounts one subject and grade's coverage after the curriculum changed.
 */
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { makeCurriculum } from '../curriculum.ts';
import { syncMessage } from '../messages.ts';
import { makeSync } from '../sync.ts';

const curriculum = makeCurriculum();
const sync = makeSync(undefined, curriculum);

export const handler = makeQueueHandler(syncMessage, async (message) => {
  if ('resourceId' in message) {
    const result = await sync.resource(message.resourceId);
    logger.info('Resource synced', { resourceId: message.resourceId, ...result });
  } else {
    const count = await curriculum.recount(message.subject, message.grade);
    logger.info('Coverage recounted', count);
  }
});
