/**
 * The notifications context's public module: how other contexts ask for a notification, and what
 * it holds on a person (their own data export).
 */
import { sendMessage } from '#shared/queue/sqs.ts';
import { deliveryEntities } from './deliveries.ts';
import type { Consents } from './domain/delivery.ts';
import { makeInbox } from './inbox.ts';
import { NOTIFICATIONS_QUEUE, type NotificationMessage, notificationMessage } from './messages.ts';
import { makePreferences, preferenceEntities } from './preferences.ts';

export type { NotificationMessage } from './messages.ts';

export const notify = (message: NotificationMessage) =>
  sendMessage(NOTIFICATIONS_QUEUE, notificationMessage, message);

/** How far back a person's own data export reaches into the inbox (it keeps a year). */
export const INBOX_EXPORT_DAYS = 366;

/**
 * What the notifications context holds on an account, for the person's own data export (Decree
 * 13/2023): preferences with the contact addresses and the consent to each optional channel
 * (given, and withdrawn), the browsers registered for push (not their keys), the inbox of the
 * last 366 days in the person's language, and the deliveries on other channels (kept 90 days).
 * All by the account's own keys and indexes: no Scan.
 */
export async function notificationDataOf(accountId: string, now = new Date()) {
  const preferences = makePreferences();
  const [current, { data: stored }, subscriptions, { data: deliveries }] = await Promise.all([
    preferences.get(accountId),
    preferenceEntities()
      .notificationPreferences.get({ accountId })
      .go({ attributes: ['consents', 'updatedAt'] }),
    preferences.subscriptions(accountId),
    deliveryEntities().channelDelivery.query.byAccount({ accountId }).go({ order: 'desc', pages: 'all' }),
  ]);
  const { available: _available, ...chosen } = current;
  const inbox = await makeInbox().since(
    accountId,
    new Date(now.getTime() - INBOX_EXPORT_DAYS * 86_400_000),
    current.language,
  );
  return {
    preferences: { ...chosen, ...(stored?.updatedAt ? { updatedAt: stored.updatedAt } : {}) },
    /** Per optional channel: when consent was given and, if so, withdrawn. */
    consents: (stored?.consents ?? {}) as Consents,
    pushSubscriptions: subscriptions.map((s) => ({
      subscriptionId: s.subscriptionId,
      service: URL.canParse(s.endpoint) ? new URL(s.endpoint).host : '',
      createdAt: s.createdAt,
    })),
    inbox,
    deliveries: deliveries.map((d) => ({
      notificationId: d.notificationId,
      channel: d.channel,
      template: d.template,
      status: d.status,
      attempts: d.attempts,
      createdAt: d.createdAt,
      ...(d.sentAt ? { sentAt: d.sentAt } : {}),
    })),
  };
}

export type NotificationData = Awaited<ReturnType<typeof notificationDataOf>>;
