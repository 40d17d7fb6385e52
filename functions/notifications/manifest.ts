/** Notifications: in-app, e-mail and SMS messages to staff, learners and parents, from a queue. */
import * as z from 'zod';
import { pageQuery } from '#shared/db/pagination.ts';
import { defineContext } from '#shared/manifest.ts';
import { typedText, vietnamesePhone } from '#shared/text/vietnamese.ts';
import { DELIVERY_STATUSES } from './deliveries.ts';
import { CHANNELS } from './domain/delivery.ts';
import { CATEGORIES } from './domain/templates.ts';
import { ANNOUNCEMENTS_QUEUE, CHANNELS_QUEUE, NOTIFICATIONS_QUEUE, RELEASES_QUEUE } from './messages.ts';

const announcementSchema = z
  .object({
    announcementId: z.string(),
    orgUnitId: z.string(),
    fromName: z.string(),
    audience: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('class-guardians'), classId: z.string() }),
      z.object({ kind: z.literal('staff') }),
      z.object({ kind: z.literal('everyone') }),
    ]),
    audienceName: z.string().optional(),
    subject: z.string(),
    text: z.string(),
    sentBy: z.string(),
    createdAt: z.string(),
    addressed: z.number().int().optional(),
    parts: z.number().int().optional(),
  })
  .meta({ id: 'Announcement' });

const channel = z.enum(CHANNELS);
const categoryPreference = z.object({
  channels: z.array(channel).max(CHANNELS.length),
  digest: z.boolean(),
});
const categoriesSchema = z.object(
  Object.fromEntries(CATEGORIES.map((c) => [c, categoryPreference])) as Record<
    (typeof CATEGORIES)[number],
    typeof categoryPreference
  >,
);
const preferencesSchema = z
  .object({
    language: z.enum(['vi', 'en']),
    categories: categoriesSchema,
    contacts: z.object({ email: z.email().optional(), phone: z.string().optional() }),
    consents: z.partialRecord(z.enum(['email', 'push', 'sms', 'ott']), z.object({ givenAt: z.string() })),
    available: z.array(channel),
  })
  .meta({ id: 'NotificationPreferences' });

const inboxItemSchema = z
  .object({
    notificationId: z.string(),
    category: z.enum(CATEGORIES),
    title: z.string(),
    body: z.string(),
    createdAt: z.string(),
    read: z.boolean(),
  })
  .meta({ id: 'InboxItem' });

export const notificationsManifest = defineContext({
  name: 'notifications',
  description: 'Delivery of in-app, e-mail and SMS notifications',
  api: { access: { table: 'readwrite', sendsTo: [ANNOUNCEMENTS_QUEUE] } },
  routes: {
    listMyNotifications: {
      method: 'GET',
      path: '/me/notifications',
      permission: 'self.link',
      signIn: 'any',
      summary: 'My in-app notifications, newest first, in my language, with the unread count (the bell)',
      tags: ['notifications'],
      request: { query: pageQuery },
      response: {
        schema: z.object({
          unread: z.number().int(),
          items: z.array(inboxItemSchema),
          nextCursor: z.string().optional(),
        }),
      },
    },
    markNotificationsRead: {
      method: 'POST',
      path: '/me/notifications/read',
      permission: 'self.link',
      signIn: 'any',
      summary: 'Mark some of my notifications read',
      tags: ['notifications'],
      request: { body: z.object({ notificationIds: z.array(z.string().min(1).max(64)).min(1).max(100) }) },
      response: { schema: z.object({ marked: z.number().int() }) },
    },
    getMyNotificationPreferences: {
      method: 'GET',
      path: '/me/notification-preferences',
      permission: 'self.link',
      signIn: 'any',
      summary: 'My notification preferences: channels per category, digest, language, contacts, consents',
      tags: ['notifications'],
      response: { schema: preferencesSchema },
    },
    putMyNotificationPreferences: {
      method: 'PUT',
      path: '/me/notification-preferences',
      permission: 'self.link',
      signIn: 'any',
      summary:
        'Replace my notification preferences; choosing an optional channel records my consent to it, dropping it withdraws it (audited)',
      tags: ['notifications'],
      request: {
        body: z.object({
          language: z.enum(['vi', 'en']),
          categories: categoriesSchema,
          contacts: z.object({ email: z.email().max(254).optional(), phone: vietnamesePhone.optional() }),
        }),
      },
      response: { schema: preferencesSchema },
    },
    listMyDeliveries: {
      method: 'GET',
      path: '/me/notification-deliveries',
      permission: 'self.link',
      signIn: 'any',
      summary: 'What was sent to me beyond the inbox, newest first: channel and status of each delivery',
      tags: ['notifications'],
      request: { query: pageQuery },
      response: {
        schema: z.object({
          items: z.array(
            z.object({
              notificationId: z.string(),
              channel,
              status: z.enum(DELIVERY_STATUSES),
              attempts: z.number().int(),
              createdAt: z.string(),
              sentAt: z.string().optional(),
              /** Why it has not gone (retrying, failed or dead), in the caller's language. */
              error: z.string().optional(),
              /** The failure's code in the message catalogue, with its parameters. */
              errorCode: z.string().optional(),
              errorParams: z.record(z.string(), z.unknown()).optional(),
            }),
          ),
          nextCursor: z.string().optional(),
        }),
      },
    },
    subscribeToPush: {
      method: 'POST',
      path: '/me/push-subscriptions',
      permission: 'self.link',
      signIn: 'any',
      summary: 'Register this browser for Web Push (its PushSubscription)',
      tags: ['notifications'],
      request: {
        body: z.object({
          endpoint: z.url({ protocol: /^https?$/ }).max(2048),
          keys: z.object({ p256dh: z.string().min(80).max(100), auth: z.string().min(16).max(32) }),
        }),
      },
      response: { status: 201, schema: z.object({ subscriptionId: z.string() }) },
    },
    sendAnnouncement: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/announcements',
      permission: 'announcement.send',
      summary:
        'Send an announcement from this unit: to a class’s parents (a school), to the staff of everything under it, or to everyone under it (staff, learners and their guardians)',
      tags: ['notifications'],
      request: {
        params: z.object({ orgUnitId: z.string().min(1).max(64) }),
        body: z.object({
          audience: z.discriminatedUnion('kind', [
            z.object({ kind: z.literal('class-guardians'), classId: z.string().min(1).max(64) }),
            z.object({ kind: z.literal('staff') }),
            z.object({ kind: z.literal('everyone') }),
          ]),
          subject: typedText(150),
          text: typedText(2000),
        }),
      },
      response: { status: 202, schema: announcementSchema },
    },
    listAnnouncements: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/announcements',
      permission: 'announcement.send',
      summary: 'The announcements this unit sent, newest first',
      tags: ['notifications'],
      request: { params: z.object({ orgUnitId: z.string().min(1).max(64) }), query: pageQuery },
      response: {
        schema: z.object({ items: z.array(announcementSchema), nextCursor: z.string().optional() }),
      },
    },
    getAnnouncement: {
      method: 'GET',
      path: '/announcements/{announcementId}',
      permission: 'announcement.send',
      summary: 'An announcement and how many recipients it has addressed so far',
      tags: ['notifications'],
      request: { params: z.object({ announcementId: z.string().min(1).max(64) }) },
      response: { schema: announcementSchema },
    },
    unsubscribeFromPush: {
      method: 'DELETE',
      path: '/me/push-subscriptions/{subscriptionId}',
      permission: 'self.link',
      signIn: 'any',
      summary: 'Stop Web Push to one browser',
      tags: ['notifications'],
      request: { params: z.object({ subscriptionId: z.string().min(1).max(64) }) },
      response: { status: 204 },
    },
  },
  queues: {
    [NOTIFICATIONS_QUEUE]: {
      description: 'Notifications waiting for delivery',
      visibilityTimeoutSeconds: 120,
      maxReceiveCount: 3,
    },
    [ANNOUNCEMENTS_QUEUE]: {
      description: 'Steps of announcements’ fan-out: a unit, a unit’s staff, a page of learners',
      visibilityTimeoutSeconds: 360,
      maxReceiveCount: 3,
    },
    [CHANNELS_QUEUE]: {
      description: 'Deliveries on e-mail, push, SMS and OTT to send (retries come back delayed)',
      visibilityTimeoutSeconds: 180,
      maxReceiveCount: 5,
    },
    [RELEASES_QUEUE]: {
      description: 'Shards of held and digest deliveries to release, a page per message',
      visibilityTimeoutSeconds: 360,
      maxReceiveCount: 3,
    },
  },
  workers: {
    'deliver-notification': {
      file: 'deliver-notification',
      description: 'Delivers queued notifications; a message that keeps failing goes to the DLQ',
      trigger: { kind: 'queue', queue: NOTIFICATIONS_QUEUE, batchSize: 10 },
      timeoutSeconds: 20,
      access: { table: 'readwrite', sendsTo: [CHANNELS_QUEUE] },
    },
    'fan-out-announcement': {
      file: 'fan-out-announcement',
      description:
        'One step of an announcement’s fan-out: children and staff of a unit, or a page of learners',
      trigger: { kind: 'queue', queue: ANNOUNCEMENTS_QUEUE, batchSize: 5 },
      timeoutSeconds: 60,
      access: { table: 'readwrite', sendsTo: [ANNOUNCEMENTS_QUEUE, NOTIFICATIONS_QUEUE] },
    },
    'send-notification': {
      file: 'send-notification',
      description: 'Sends one delivery by e-mail (SES), Web Push, SMS or OTT; retries with backoff',
      trigger: { kind: 'queue', queue: CHANNELS_QUEUE, batchSize: 10 },
      timeoutSeconds: 30,
      access: { table: 'readwrite', sendsTo: [CHANNELS_QUEUE], reachesPeople: true },
    },
    'schedule-notification-releases': {
      file: 'schedule-notification-releases',
      description: 'Hourly: held deliveries whose 06:00 has come; at 18:00 city time, the day’s digests',
      trigger: {
        kind: 'schedule',
        expression: 'cron(2 * * * ? *)',
        description: 'Every hour at :02',
      },
      timeoutSeconds: 30,
      access: { sendsTo: [RELEASES_QUEUE] },
    },
    'release-notifications': {
      file: 'release-notifications',
      description: 'Releases a page of one shard of held or digest deliveries to the channel queue',
      trigger: { kind: 'queue', queue: RELEASES_QUEUE, batchSize: 1 },
      timeoutSeconds: 60,
      access: { table: 'readwrite', sendsTo: [CHANNELS_QUEUE, RELEASES_QUEUE] },
    },
  },
});
