/**
 * The delivery log: one item per (notification, recipient), written once (a redelivered message
 * finds it). Keyed by both: an announcement is one notification id to a million recipients, and
 * one key for all of them would be a hot item.
 *
 * Access patterns: by notification id (GetItem); a recipient's notifications, newest first (gsi1).
 */
import { Entity } from 'electrodb';
import { lazyStore, type TableDeps } from '#shared/db/client.ts';

export function makeNotificationEntity({ client, table }: TableDeps) {
  return new Entity(
    {
      model: { entity: 'notification', version: '1', service: 'edu' },
      attributes: {
        notificationId: { type: 'string', required: true },
        recipientId: { type: 'string', required: true },
        channel: { type: ['app', 'email', 'sms'] as const, required: true },
        template: { type: 'string', required: true },
        data: { type: 'any' },
        deliveredAt: { type: 'string', required: true },
      },
      indexes: {
        byId: {
          pk: { field: 'pk', composite: ['notificationId', 'recipientId'] },
          sk: { field: 'sk', composite: [] },
        },
        byRecipient: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['recipientId'] },
          sk: { field: 'gsi1sk', composite: ['deliveredAt', 'notificationId'] },
        },
      },
    },
    { client, table },
  );
}

export const notifications = lazyStore(makeNotificationEntity);
