import { makeApi } from '#shared/http/api.ts';
import { makeInbox } from './inbox.ts';
import { notificationsManifest } from './manifest.ts';

const inbox = makeInbox();

export const handler = makeApi(notificationsManifest, {
  async listMyNotifications({ principal, query, language }) {
    return inbox.page(principal.sub, language, query.limit, query.cursor);
  },

  async markNotificationsRead({ principal, body }) {
    return inbox.markRead(principal.sub, body.notificationIds);
  },
});
