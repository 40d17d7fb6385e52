/**
 * Deliveries beyond the inbox (issue 18, item 4): one record per (event, recipient, channel),
 * created once under its delivery key — a redelivered message or a second worker finds it and
 * sends nothing new — with its status: `queued` (on the channel queue), `held` (quiet hours, until
 * 06:00 city time), `digest` (waits for the day's digest), `sending` (claimed by a worker),
 * `retrying`, `sent`, `digested` (went out in a digest), `failed` (the provider refused it for
 * good: no address, a gone push subscription) or `dead` (failed every attempt: the dead letter,
 * kept for the operator).
 *
 * Held and digest deliveries are found again without a Scan through a small `pendingDelivery`
 * item per delivery in a bucket (`held#<release hour>` or `digest#<city day>`) split over
 * PENDING_SHARDS partitions, so a city-wide announcement at 23:00 does not write one hot key.
 *
 * Access patterns: a delivery by key (GetItem); an account's deliveries, newest first (gsi1); the
 * pending deliveries of one bucket and shard, by account (Query).
 */
import { Entity, Service } from 'electrodb';
import { lazyStore, type TableDeps } from '#shared/db/client.ts';
import { isConditionFailure } from '#shared/db/errors.ts';
import type { CodedText } from '#shared/text/texts.ts';
import {
  type Channel,
  channelsFor,
  deliveryKey,
  digestBucket,
  digestDay,
  heldBucket,
  sendAt,
  shardOf,
} from './domain/delivery.ts';
import { TEMPLATES, type TemplateId } from './domain/templates.ts';
import type { DeliveryProfile } from './preferences.ts';

export const DELIVERY_STATUSES = [
  'queued',
  'held',
  'digest',
  'sending',
  'retrying',
  'sent',
  'digested',
  'failed',
  'dead',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Attempts before a delivery is dead. */
export const MAX_ATTEMPTS = 6;
/** A claim older than this is a worker that died mid-send: another may take the delivery. */
export const CLAIM_MS = 5 * 60_000;
const KEEP_DAYS = 90;

export function makeDeliveryEntities({ client, table }: TableDeps) {
  const channelDelivery = new Entity(
    {
      model: { entity: 'channelDelivery', version: '1', service: 'edu' },
      attributes: {
        deliveryId: { type: 'string', required: true },
        notificationId: { type: 'string', required: true },
        accountId: { type: 'string', required: true },
        channel: { type: ['email', 'push', 'sms', 'ott', 'app'] as const, required: true },
        template: { type: 'string', required: true },
        params: { type: 'any' },
        status: { type: DELIVERY_STATUSES, required: true },
        attempts: { type: 'number', required: true, default: 0 },
        createdAt: { type: 'string', required: true },
        /** When it may go (quiet hours) or is tried again (backoff). */
        notBefore: { type: 'string' },
        claimedAt: { type: 'string' },
        sentAt: { type: 'string' },
        /** Why the last attempt failed, in English; the code and parameters say it in either language. */
        lastError: { type: 'string' },
        lastErrorCode: { type: 'string' },
        lastErrorParams: { type: 'any' },
        /** For a digest: the deliveries it carries. */
        items: { type: 'any' },
        ttl: { type: 'number' },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['deliveryId'] }, sk: { field: 'sk', composite: [] } },
        byAccount: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['accountId'] },
          sk: { field: 'gsi1sk', composite: ['createdAt', 'deliveryId'] },
        },
      },
    },
    { client, table },
  );
  const pendingDelivery = new Entity(
    {
      model: { entity: 'pendingDelivery', version: '1', service: 'edu' },
      attributes: {
        bucket: { type: 'string', required: true },
        shard: { type: 'number', required: true },
        accountId: { type: 'string', required: true },
        channel: { type: 'string', required: true },
        deliveryId: { type: 'string', required: true },
        ttl: { type: 'number' },
      },
      indexes: {
        byBucket: {
          pk: { field: 'pk', composite: ['bucket', 'shard'] },
          sk: { field: 'sk', composite: ['accountId', 'channel', 'deliveryId'] },
        },
      },
    },
    { client, table },
  );
  const service = new Service({ channelDelivery, pendingDelivery }, { client, table });
  return { channelDelivery, pendingDelivery, service };
}

export type DeliveryEntities = ReturnType<typeof makeDeliveryEntities>;
export const deliveryEntities = lazyStore(makeDeliveryEntities);

export interface Planned {
  deliveryId: string;
  channel: Channel;
  status: 'queued' | 'held' | 'digest';
}

export function makeDeliveries(entities: () => DeliveryEntities = deliveryEntities) {
  const ttlOf = (now: Date) => Math.floor(now.getTime() / 1000) + KEEP_DAYS * 86_400;

  return {
    /**
     * The deliveries of one notification to one account beyond its inbox, each created once.
     * Returns those to put on the channel queue now (created now, or found still queued: the
     * previous attempt may have died before it sent the message).
     */
    async plan(
      notification: { notificationId: string; template: TemplateId; params: Record<string, unknown> },
      accountId: string,
      profile: DeliveryProfile,
      now = new Date(),
    ): Promise<Planned[]> {
      const template = TEMPLATES[notification.template];
      const category = profile.preferences[template.category];
      const urgent = 'urgent' in template && template.urgent === true;
      const toQueue: Planned[] = [];
      // A message carrying a secret (a family's result link) stays in the inbox, behind the sign-in.
      if ('inboxOnly' in template && template.inboxOnly === true) return toQueue;
      for (const channel of channelsFor(profile.preferences, template.category)) {
        if (channel === 'app') continue;
        const deliveryId = deliveryKey(notification.notificationId, accountId, channel);
        const at = sendAt(now, channel, urgent);
        const status = category.digest && !urgent ? 'digest' : at > now ? 'held' : 'queued';
        const bucket =
          status === 'digest' ? digestBucket(digestDay(now)) : status === 'held' ? heldBucket(at) : undefined;
        const item = {
          deliveryId,
          notificationId: notification.notificationId,
          accountId,
          channel,
          template: notification.template,
          params: notification.params,
          status,
          attempts: 0,
          createdAt: now.toISOString(),
          ...(status === 'held' ? { notBefore: at.toISOString() } : {}),
          ttl: ttlOf(now),
        } as const;
        const result = await entities()
          .service.transaction.write(({ channelDelivery, pendingDelivery }) => [
            channelDelivery.create(item).commit(),
            ...(bucket
              ? [
                  pendingDelivery
                    .create({
                      bucket,
                      shard: shardOf(accountId),
                      accountId,
                      channel,
                      deliveryId,
                      ttl: ttlOf(now),
                    })
                    .commit(),
                ]
              : []),
          ])
          .go();
        if (!result.canceled) {
          if (status === 'queued') toQueue.push({ deliveryId, channel, status });
          continue;
        }
        const { data: existing } = await entities().channelDelivery.get({ deliveryId }).go();
        // Canceled for another reason (a conflicting transaction): the message is tried again.
        if (!existing) throw new Error(`Delivery ${deliveryId} was neither created nor found`);
        if (existing.status === 'queued') toQueue.push({ deliveryId, channel, status: 'queued' });
      }
      return toQueue;
    },

    /** An account's deliveries, newest first. */
    ofAccount: (accountId: string, limit: number, cursor?: string | null) =>
      entities()
        .channelDelivery.query.byAccount({ accountId })
        .go({ order: 'desc', limit, ...(cursor ? { cursor } : {}) }),

    get: async (deliveryId: string) => (await entities().channelDelivery.get({ deliveryId }).go()).data,

    /**
     * Takes a delivery to send it: only one worker at a time, and only while it is still to be
     * sent (a worker that died mid-send leaves a claim that expires after CLAIM_MS).
     */
    async claim(deliveryId: string, now = new Date()) {
      const stale = new Date(now.getTime() - CLAIM_MS).toISOString();
      try {
        const { data } = await entities()
          .channelDelivery.patch({ deliveryId })
          .set({ status: 'sending', claimedAt: now.toISOString() })
          .add({ attempts: 1 })
          .where(
            (a, op) =>
              `${op.eq(a.status, 'queued')} OR ${op.eq(a.status, 'retrying')} OR (${op.eq(a.status, 'sending')} AND ${op.lt(a.claimedAt, stale)})`,
          )
          .go({ response: 'all_new' });
        return data;
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },

    async finish(
      deliveryId: string,
      outcome:
        | { status: 'sent' }
        | { status: 'failed' | 'dead'; error: CodedText }
        | { status: 'retrying'; error: CodedText; notBefore: Date },
      now = new Date(),
    ) {
      const base = entities().channelDelivery.patch({ deliveryId });
      if (outcome.status === 'sent')
        return base.set({ status: 'sent', sentAt: now.toISOString() }).remove(['claimedAt']).go();
      return base
        .set({
          status: outcome.status,
          lastError: outcome.error.message.slice(0, 500),
          lastErrorCode: outcome.error.code,
          ...(outcome.error.params ? { lastErrorParams: outcome.error.params } : {}),
          ...(outcome.status === 'retrying' ? { notBefore: outcome.notBefore.toISOString() } : {}),
        })
        .remove(['claimedAt'])
        .go();
    },

    /** One page of a pending bucket's shard, by account and channel. */
    async pendingPage(bucket: string, shard: number, limit: number, cursor?: string | null) {
      return entities()
        .pendingDelivery.query.byBucket({ bucket, shard })
        .go({ limit, ...(cursor ? { cursor } : {}) });
    },

    /** Every pending delivery of one account and channel in a bucket's shard. */
    async pendingGroup(bucket: string, shard: number, accountId: string, channel: string) {
      const { data } = await entities()
        .pendingDelivery.query.byBucket({ bucket, shard, accountId, channel })
        .go({ pages: 'all' });
      return data;
    },

    /** A held delivery's time has come: queued again, its pending item gone, in one transaction. */
    async release(pending: {
      bucket: string;
      shard: number;
      accountId: string;
      channel: string;
      deliveryId: string;
    }) {
      const result = await entities()
        .service.transaction.write(({ channelDelivery, pendingDelivery }) => [
          channelDelivery
            .patch({ deliveryId: pending.deliveryId })
            .set({ status: 'queued' })
            .where((a, op) => op.eq(a.status, 'held'))
            .commit(),
          pendingDelivery.delete(pending).commit(),
        ])
        .go();
      if (result.canceled)
        // Released already (a repeated release): only the pending item may be left over.
        await entities().pendingDelivery.delete(pending).go();
      return !result.canceled;
    },

    /**
     * A day's digest for one account and channel: one new delivery carrying the others, created
     * once (its key is the day's), and each carried one marked digested with its pending item gone.
     */
    async digest(
      day: string,
      accountId: string,
      channel: Channel,
      pending: { bucket: string; shard: number; accountId: string; channel: string; deliveryId: string }[],
      now = new Date(),
    ): Promise<string | undefined> {
      const deliveryId = deliveryKey(`digest:${day}`, accountId, channel);
      const carried = (
        await Promise.all(
          pending.map((p) => entities().channelDelivery.get({ deliveryId: p.deliveryId }).go()),
        )
      )
        .map((r) => r.data)
        .filter((d) => d?.status === 'digest');
      let created = false;
      if (carried.length) {
        try {
          await entities()
            .channelDelivery.create({
              deliveryId,
              notificationId: `digest:${day}`,
              accountId,
              channel,
              template: 'digest',
              params: { day },
              items: carried.map((d) => ({ template: d!.template, params: d!.params })),
              status: 'queued',
              attempts: 0,
              createdAt: now.toISOString(),
              ttl: ttlOf(now),
            })
            .go();
          created = true;
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      }
      for (const d of carried)
        await entities()
          .channelDelivery.patch({ deliveryId: d!.deliveryId })
          .set({ status: 'digested' })
          .where((a, op) => op.eq(a.status, 'digest'))
          .go()
          .catch((error: unknown) => {
            if (!isConditionFailure(error)) throw error;
          });
      for (const p of pending) await entities().pendingDelivery.delete(p).go();
      if (created) return deliveryId;
      const { data: existing } = await entities().channelDelivery.get({ deliveryId }).go();
      return existing?.status === 'queued' ? deliveryId : undefined;
    },
  };
}

export type Deliveries = ReturnType<typeof makeDeliveries>;
