/**
 * The portal's service worker: shows a pushed notification and opens the inbox when it is
 * tapped. It has no fetch handler and caches nothing — API answers are personal and must always
 * come from the API.
 *
 * The push payload (JSON, sent with VAPID by the notifications worker): { title, body, url? }.
 */
const INBOX = '/inbox';

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('push', (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = { body: event.data ? event.data.text() : '' };
  }
  const title = typeof message.title === 'string' && message.title ? message.title : 'Cổng Giáo dục số';
  const url = typeof message.url === 'string' && message.url.startsWith('/') ? message.url : INBOX;
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof message.body === 'string' ? message.body : '',
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      lang: typeof message.lang === 'string' ? message.lang : 'vi',
      tag: typeof message.tag === 'string' ? message.tag : undefined,
      data: { url },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url ?? INBOX, self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (open) {
        await open.focus();
        // navigate() works on a page this worker controls; any other gets a new window.
        const navigated = await open.navigate(url).catch(() => null);
        if (navigated) return navigated;
      }
      return self.clients.openWindow(url);
    })(),
  );
});
