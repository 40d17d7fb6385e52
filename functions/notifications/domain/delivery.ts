/**
 * When and where a notification goes: each person's preferences per category and channel, quiet
 * hours (22:00–06:00 city time, urgent excepted) and daily digests, and the one key that makes a
 * delivery happen once per (event, recipient, channel). Pure: no clock, no AWS.
 */
import { createHash } from 'node:crypto';
import { CATEGORIES, type Category } from './templates.ts';

export const CHANNELS = ['app', 'email', 'push', 'sms', 'ott'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels that carry personal contact data or cost money: off until the person consents. */
export const OPTIONAL_CHANNELS: readonly Channel[] = ['email', 'push', 'sms', 'ott'];

/** Per category: the channels a person receives it on, and whether it waits for the daily digest. */
export type Preferences = Record<Category, { channels: readonly Channel[]; digest: boolean }>;

/** Until a person chooses: everything in the in-app inbox, at once; nothing elsewhere. */
export const DEFAULT_PREFERENCES: Preferences = Object.fromEntries(
  CATEGORIES.map((c) => [c, { channels: ['app'] as const, digest: false }]),
) as unknown as Preferences;

/** The city's time zone is UTC+7 all year (no daylight saving). */
const CITY_OFFSET_MS = 7 * 3_600_000;
export const QUIET_FROM_HOUR = 22;
export const QUIET_UNTIL_HOUR = 6;

/** The channels a notification of this category goes to for this person. The inbox always. */
export function channelsFor(preferences: Partial<Preferences>, category: Category): Channel[] {
  const chosen = preferences[category]?.channels ?? DEFAULT_PREFERENCES[category].channels;
  return [...new Set<Channel>(['app', ...chosen])];
}

/**
 * When to send on a channel that reaches a person's phone or mailbox: at once, or — in quiet
 * hours, for what is not urgent — at 06:00 city time. The in-app inbox is never held back.
 */
export function sendAt(now: Date, channel: Channel, urgent: boolean): Date {
  if (urgent || channel === 'app') return now;
  const city = new Date(now.getTime() + CITY_OFFSET_MS);
  const hour = city.getUTCHours();
  if (hour >= QUIET_UNTIL_HOUR && hour < QUIET_FROM_HOUR) return now;
  const morning = new Date(city);
  morning.setUTCHours(QUIET_UNTIL_HOUR, 0, 0, 0);
  if (hour >= QUIET_FROM_HOUR) morning.setUTCDate(morning.getUTCDate() + 1);
  return new Date(morning.getTime() - CITY_OFFSET_MS);
}

/** The city day (YYYY-MM-DD) a digest of a notification belongs to. */
export const digestDay = (at: Date): string =>
  new Date(at.getTime() + CITY_OFFSET_MS).toISOString().slice(0, 10);

/**
 * The delivery's key: the same event to the same person on the same channel is one delivery,
 * whatever retries and redeliveries happen (a conditional write on it).
 */
export const deliveryKey = (eventId: string, recipientId: string, channel: Channel): string =>
  createHash('sha256')
    .update(JSON.stringify([eventId, recipientId, channel]))
    .digest('base64url')
    .slice(0, 32);

/** Retry delays with full jitter (AWS's advice), capped: attempt 1 → up to 30 s, … up to 1 h. */
export function retryDelaySeconds(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(3_600, 30 * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.floor(random() * ceiling));
}

export type ConsentChannel = Exclude<Channel, 'app'>;
export type Consents = Partial<Record<ConsentChannel, { givenAt: string; withdrawnAt?: string }>>;

/** The consent each optional channel now has, given the categories chosen (pure). */
export function nextConsents(previous: Consents, categories: Preferences, now: string): Consents {
  const used = new Set(CATEGORIES.flatMap((c) => categories[c].channels));
  const next: Consents = { ...previous };
  for (const channel of OPTIONAL_CHANNELS as ConsentChannel[]) {
    const current = previous[channel];
    const active = current !== undefined && current.withdrawnAt === undefined;
    if (used.has(channel) && !active) next[channel] = { givenAt: now };
    if (!used.has(channel) && active) next[channel] = { ...current, withdrawnAt: now };
  }
  return next;
}

/** Partitions per pending bucket: a million held e-mails spread over them stay cool. */
export const PENDING_SHARDS = 16;

export const shardOf = (accountId: string) =>
  createHash('sha256').update(accountId).digest().readUInt16BE(0) % PENDING_SHARDS;

export const heldBucket = (at: Date) => `held#${at.toISOString().slice(0, 13)}`;
export const digestBucket = (day: string) => `digest#${day}`;

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
