/**
 * Delivers a notification. Channels other than in-app are handed to providers configured per
 * deployment; until one is configured the delivery log is the outbox the portal reads.
 */

import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { notificationMessage } from '../messages.ts';
import { notifications } from '../store.ts';

export const handler = makeQueueHandler(notificationMessage, async (message) => {
  try {
    await notifications()
      .create({ ...message, deliveredAt: new Date().toISOString() })
      .go();
  } catch (error) {
    // Already delivered: a redelivered message must not be sent twice.
    if ((error as Error).message.includes('The conditional request failed')) return;
    throw error;
  }
  logger.info('Notification delivered', { notificationId: message.notificationId, channel: message.channel });
});
