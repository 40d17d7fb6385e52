/**
 * Releases one shard of a pending bucket, a page at a time (the rest goes back on the queue with
 * its cursor): held deliveries are queued for their channel; digest deliveries become one digest
 * per account and channel, carrying the day's titles.
 */
import { makeQueueHandler, sendMessage, sendMessages } from '#shared/queue/sqs.ts';
import { makeDeliveries } from '../deliveries.ts';
import type { Channel } from '../domain/delivery.ts';
import { CHANNELS_QUEUE, channelMessage, RELEASES_QUEUE, releaseMessage } from '../messages.ts';

const deliveries = makeDeliveries();
const PAGE = 200;

export const handler = makeQueueHandler(releaseMessage, async (message) => {
  const page = await deliveries.pendingPage(message.bucket, message.shard, PAGE, message.cursor);
  const toSend: string[] = [];
  if (message.bucket.startsWith('held#')) {
    for (const pending of page.data) {
      if (await deliveries.release(pending)) toSend.push(pending.deliveryId);
    }
  } else {
    const day = message.bucket.slice('digest#'.length);
    const groups = new Map<string, { accountId: string; channel: Channel }>();
    for (const p of page.data)
      groups.set(`${p.accountId}\n${p.channel}`, { accountId: p.accountId, channel: p.channel as Channel });
    for (const { accountId, channel } of groups.values()) {
      // The whole group, though the page may have cut it: a digest carries all of the day.
      const rows = await deliveries.pendingGroup(message.bucket, message.shard, accountId, channel);
      const digestId = await deliveries.digest(day, accountId, channel, rows);
      if (digestId) toSend.push(digestId);
    }
  }
  await sendMessages(
    CHANNELS_QUEUE,
    channelMessage,
    toSend.map((deliveryId) => ({ deliveryId })),
  );
  if (page.cursor) await sendMessage(RELEASES_QUEUE, releaseMessage, { ...message, cursor: page.cursor });
});
