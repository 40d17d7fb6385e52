/**
 * Delivers a notification: the delivery log keeps the message once (idempotent on its id); each
 * account it reaches — the account named, or the learner's linked accounts for `edu:<recordId>` —
 * finds it in their in-app inbox once, and gets it on the other channels they chose and consented
 * to, each delivery created once under its (event, recipient, channel) key: at once on the
 * channel queue, held until 06:00 in quiet hours, or kept for the day's digest.
 */
import { isConditionFailure } from '#shared/db/errors.ts';
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler, sendMessages } from '#shared/queue/sqs.ts';
import { makeDeliveries } from '../deliveries.ts';
import { isTemplateId } from '../domain/templates.ts';
import { makeInbox } from '../inbox.ts';
import { CHANNELS_QUEUE, channelMessage, notificationMessage } from '../messages.ts';
import { makePreferences } from '../preferences.ts';
import { notifications } from '../store.ts';

const inbox = makeInbox();
const preferences = makePreferences();
const deliveries = makeDeliveries();

export const handler = makeQueueHandler(notificationMessage, async (message) => {
  try {
    await notifications()
      .create({ ...message, deliveredAt: new Date().toISOString() })
      .go();
  } catch (error) {
    // Logged already: a redelivery, which still completes what a failure may have left.
    if (!isConditionFailure(error)) throw error;
  }
  const template = message.template;
  let delivered = 0;
  const toSend: { deliveryId: string }[] = [];
  for (const accountId of await inbox.recipientsOf(message.recipientId)) {
    if (await inbox.deliver(accountId, message)) delivered++;
    // Only catalogue templates go beyond the inbox: they can be rendered in the person's language.
    if (!isTemplateId(template)) continue;
    const planned = await deliveries.plan(
      { notificationId: message.notificationId, template, params: message.data },
      accountId,
      await preferences.profile(accountId),
    );
    toSend.push(...planned.map((p) => ({ deliveryId: p.deliveryId })));
  }
  await sendMessages(CHANNELS_QUEUE, channelMessage, toSend);
  logger.info('Notification delivered', {
    notificationId: message.notificationId,
    inboxes: delivered,
    channelDeliveries: toSend.length,
  });
});
