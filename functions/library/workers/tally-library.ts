/** Recounts a school's library figures (a change in its library or repository asked for it). */
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { tallyMessage } from '../messages.ts';
import { makeLibraryStatistics } from '../statistics.ts';

const statistics = makeLibraryStatistics();

export const handler = makeQueueHandler(tallyMessage, async (message) => {
  const outcome = await statistics.tally(message.schoolId, message.requestedAt);
  logger.info('Library tally', { schoolId: message.schoolId, outcome });
});
