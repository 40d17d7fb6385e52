import { decodeCursor, encodeCursor } from '#shared/db/pagination.ts';
import { makeApi } from '#shared/http/api.ts';
import { makeDeliveries } from './deliveries.ts';
import { makeInbox } from './inbox.ts';
import { notificationsManifest } from './manifest.ts';
import { makePreferences } from './preferences.ts';

const inbox = makeInbox();
const preferences = makePreferences();
const deliveries = makeDeliveries();

export const handler = makeApi(notificationsManifest, {
  async listMyNotifications({ principal, query, language }) {
    return inbox.page(principal.sub, language, query.limit, query.cursor);
  },

  async markNotificationsRead({ principal, body }) {
    return inbox.markRead(principal.sub, body.notificationIds);
  },

  async getMyNotificationPreferences({ principal }) {
    return preferences.get(principal.sub);
  },

  async putMyNotificationPreferences({ principal, body, correlationId }) {
    return preferences.put(principal.sub, body, correlationId);
  },

  async listMyDeliveries({ principal, query }) {
    const scope = `deliveries:${principal.sub}`;
    const page = await deliveries.ofAccount(principal.sub, query.limit, decodeCursor(scope, query.cursor));
    return {
      items: page.data.map((d) => ({
        notificationId: d.notificationId,
        channel: d.channel,
        status: d.status,
        attempts: d.attempts,
        createdAt: d.createdAt,
        ...(d.sentAt ? { sentAt: d.sentAt } : {}),
      })),
      nextCursor: encodeCursor(scope, page.cursor),
    };
  },

  async subscribeToPush({ principal, body }) {
    return preferences.subscribe(principal.sub, body);
  },

  async unsubscribeFromPush({ principal, params }) {
    await preferences.unsubscribe(principal.sub, params.subscriptionId);
  },
});
