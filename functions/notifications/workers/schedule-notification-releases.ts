/**
 * Every hour: the held deliveries whose 06:00 has come (today's and yesterday's, should an hour
 * have been missed), and at 18:00 city time the day's digests, handed to the release queue one
 * message per bucket shard, so a city-wide night of announcements is released in parallel.
 * Fired by hand, `digest=YYYY-MM-DD` releases that day's digests now.
 */
import type { ScheduledEvent } from 'aws-lambda';
import { sendMessages } from '#shared/queue/sqs.ts';
import { dueBuckets, PENDING_SHARDS } from '../domain/delivery.ts';
import { RELEASES_QUEUE, releaseMessage } from '../messages.ts';

export const handler = async (event: Partial<ScheduledEvent> & { digest?: string }) => {
  const now = event.time ? new Date(event.time) : new Date();
  const digestOf = event.digest && /^\d{4}-\d{2}-\d{2}$/.test(event.digest) ? event.digest : undefined;
  const buckets = dueBuckets(now, digestOf);
  await sendMessages(
    RELEASES_QUEUE,
    releaseMessage,
    buckets.flatMap((bucket) => Array.from({ length: PENDING_SHARDS }, (_, shard) => ({ bucket, shard }))),
  );
  return { buckets };
};
