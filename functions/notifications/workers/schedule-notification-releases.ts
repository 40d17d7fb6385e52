/**
 * Every hour: the held deliveries whose 06:00 has come (today's and yesterday's, should an hour
 * have been missed), and at 18:00 city time the day's digests, handed to the release queue one
 * message per bucket shard, so a city-wide night of announcements is released in parallel.
 * Fired by hand, `digest=YYYY-MM-DD` releases that day's digests now.
 */
import type { ScheduledEvent } from 'aws-lambda';
import { sendMessages } from '#shared/queue/sqs.ts';
import { digestBucket, heldBucket, PENDING_SHARDS } from '../deliveries.ts';
import { digestDay, QUIET_UNTIL_HOUR } from '../domain/delivery.ts';
import { RELEASES_QUEUE, releaseMessage } from '../messages.ts';

/** The digests go out at this hour, city time. */
export const DIGEST_HOUR = 18;

/** The buckets due at `now`: held ones of the last two mornings, and the digest at 18:00. */
export function dueBuckets(now: Date, digestOf?: string): string[] {
  const buckets: string[] = [];
  for (const daysAgo of [1, 0]) {
    const day = digestDay(new Date(now.getTime() - daysAgo * 86_400_000));
    const morning = new Date(`${day}T${String(QUIET_UNTIL_HOUR).padStart(2, '0')}:00:00+07:00`);
    if (morning <= now) buckets.push(heldBucket(morning));
  }
  const cityHour = (now.getUTCHours() + 7) % 24;
  if (digestOf) buckets.push(digestBucket(digestOf));
  else if (cityHour === DIGEST_HOUR) buckets.push(digestBucket(digestDay(now)));
  return buckets;
}

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
