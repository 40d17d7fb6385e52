/** Notifications: in-app, e-mail and SMS messages to staff, learners and parents, from a queue. */
import { defineContext } from '#shared/manifest.ts';
import { NOTIFICATIONS_QUEUE } from './messages.ts';

export const notificationsManifest = defineContext({
  name: 'notifications',
  description: 'Delivery of in-app, e-mail and SMS notifications',
  routes: {},
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
      access: { table: 'write' },
    },
  },
});
