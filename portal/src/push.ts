/**
 * The installed portal: the service worker (public/sw.js shows pushed notifications and opens the
 * inbox when one is tapped; it caches nothing) and this device's Web Push subscription, sent to
 * the API with the VAPID public key from /config.json. Without the key, or in a browser without
 * Push, the portal simply offers no push.
 */
import { ApiProblem, api } from './api/client.ts';
import { whenAvailable } from './api/family.ts';
import { getConfig } from './config.ts';

export type PushState = 'unsupported' | 'blocked' | 'off' | 'on';

/** This device's subscription id at the API, per account (a device may be shared). */
const storageKey = (account: string) => `vn-edu.push.${account}`;

export function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  // A failed registration costs only push and installation; the portal works without them.
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
}

const vapidKey = () => getConfig().vapidPublicKey;

export const pushSupported = () =>
  Boolean(vapidKey()) && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

export async function pushState(account: string): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  const registration = await navigator.serviceWorker.getRegistration('/');
  const subscription = await registration?.pushManager.getSubscription();
  return subscription && localStorage.getItem(storageKey(account)) ? 'on' : 'off';
}

/** The API has no push subscriptions yet: nothing was kept on the device either. */
export class PushUnavailable extends Error {}
/** The person (or the browser) refused the permission to show notifications. */
export class PushRefused extends Error {}

const fromBase64Url = (value: string) => {
  const base64 = value
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(value.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
};

export async function enablePush(account: string): Promise<void> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new PushRefused();
  const registration = await navigator.serviceWorker.ready;
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: fromBase64Url(vapidKey()!),
    }));
  const { endpoint, keys } = subscription.toJSON();
  const saved = await whenAvailable<{ subscriptionId: string }>('/me/push-subscriptions', {
    method: 'POST',
    body: { endpoint, keys: { p256dh: keys?.p256dh, auth: keys?.auth } },
  });
  if (!saved?.subscriptionId) {
    await subscription.unsubscribe();
    throw new PushUnavailable();
  }
  localStorage.setItem(storageKey(account), saved.subscriptionId);
}

export async function disablePush(account: string): Promise<void> {
  const id = localStorage.getItem(storageKey(account));
  if (id) {
    try {
      await api(`/me/push-subscriptions/${encodeURIComponent(id)}`, { method: 'DELETE' });
    } catch (error) {
      // Already gone at the API: the device's side still has to go.
      if (!(error instanceof ApiProblem && error.status === 404)) throw error;
    }
  }
  const registration = await navigator.serviceWorker.getRegistration('/');
  await (await registration?.pushManager.getSubscription())?.unsubscribe();
  localStorage.removeItem(storageKey(account));
}
