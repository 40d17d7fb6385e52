/** Notifications: in-app, e-mail and SMS messages to staff, learners and parents, from a queue. */
import * as z from 'zod';
import { pageQuery } from '#shared/db/pagination.ts';
import { defineContext } from '#shared/manifest.ts';
import { CATEGORIES } from './domain/templates.ts';
import { NOTIFICATIONS_QUEUE } from './messages.ts';

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
  api: { access: { table: 'readwrite' } },
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
  },
  queues: {
    [NOTIFICATIONS_QUEUE]: {
      description: 'Notifications waiting for delivery',
      visibilityTimeoutSeconds: 120,
      maxReceiveCount: 3,
    },
  },
  workers: {
    'deliver-notification': {
      file: 'deliver-notification',
      description: 'Delivers queued notifications; a message that keeps failing goes to the DLQ',
      trigger: { kind: 'queue', queue: NOTIFICATIONS_QUEUE, batchSize: 10 },
      timeoutSeconds: 20,
      access: { table: 'readwrite' },
    },
  },
});
