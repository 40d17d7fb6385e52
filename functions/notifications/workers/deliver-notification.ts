/**
 * Delivers a notification: the delivery log keeps the message once (idempotent on its id), and
 * each account it reaches — the account named, or the learner's linked accounts for
 * `edu:<recordId>` — finds it in their in-app inbox once, whatever redeliveries happen. Channels
 * beyond the inbox (e-mail, push, SMS, OTT) follow the person's preferences (next step of issue 18).
 */
import { isConditionFailure } from '#shared/db/errors.ts';
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { makeInbox } from '../inbox.ts';
import { notificationMessage } from '../messages.ts';
import { notifications } from '../store.ts';

const inbox = makeInbox();

export const handler = makeQueueHandler(notificationMessage, async (message) => {
  try {
    await notifications()
      .create({ ...message, deliveredAt: new Date().toISOString() })
      .go();
  } catch (error) {
    // Logged already: a redelivery, which still completes the inboxes a failure may have left.
    if (!isConditionFailure(error)) throw error;
  }
  let delivered = 0;
  for (const accountId of await inbox.recipientsOf(message.recipientId))
    if (await inbox.deliver(accountId, message)) delivered++;
  logger.info('Notification delivered', {
    notificationId: message.notificationId,
    channel: message.channel,
    inboxes: delivered,
  });
});
