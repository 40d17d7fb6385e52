import { decodeCursor, encodeCursor } from '#shared/db/pagination.ts';
import { makeApi, reply } from '#shared/http/api.ts';
import { notFound } from '#shared/http/problem.ts';
import { makeAnnouncements } from './announcements.ts';
import { makeDeliveries } from './deliveries.ts';
import { makeInbox } from './inbox.ts';
import { notificationsManifest } from './manifest.ts';
import { makePreferences } from './preferences.ts';

const inbox = makeInbox();
const preferences = makePreferences();
const deliveries = makeDeliveries();
const announcements = makeAnnouncements();

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
        // Why it has not gone (yet): rendered in the caller's language from its code.
        ...(d.lastError && (d.status === 'retrying' || d.status === 'failed' || d.status === 'dead')
          ? {
              error: d.lastError,
              ...(d.lastErrorCode ? { errorCode: d.lastErrorCode } : {}),
              ...(d.lastErrorParams ? { errorParams: d.lastErrorParams } : {}),
            }
          : {}),
      })),
      nextCursor: encodeCursor(scope, page.cursor),
    };
  },

  async sendAnnouncement({ params, body, principal, correlationId, authorize }) {
    const unit = await authorize('announcement.send', params.orgUnitId);
    return reply(202, await announcements.send(unit, body, { sub: principal.sub, requestId: correlationId }));
  },

  async listAnnouncements({ params, query, authorize }) {
    await authorize('announcement.send', params.orgUnitId);
    return announcements.ofUnit(params.orgUnitId, query.limit, query.cursor);
  },

  async getAnnouncement({ params, authorize }) {
    const found = await announcements.get(params.announcementId);
    // One that does not exist and one of a unit out of scope answer alike (404).
    if (!found) throw notFound();
    await authorize('announcement.send', found.orgUnitId, { announcement: found.announcementId });
    return found;
  },

  async subscribeToPush({ principal, body }) {
    return preferences.subscribe(principal.sub, body);
  },

  async unsubscribeFromPush({ principal, params }) {
    await preferences.unsubscribe(principal.sub, params.subscriptionId);
  },
});
