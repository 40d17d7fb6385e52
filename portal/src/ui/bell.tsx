/**
 * The bell in the header: the number of unread notifications, asked for on each navigation and
 * every minute while the tab is visible (never in a loop), and again when the tab comes back into
 * view. The inbox page updates it when it marks notifications read.
 */
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../api/client.ts';
import type { Inbox } from '../api/family.ts';
import { t } from '../i18n/index.ts';

const POLL_MS = 60_000;

let unread: number | undefined;
const listeners = new Set<(n: number | undefined) => void>();

export function setUnread(next: number | undefined) {
  unread = next;
  for (const listener of listeners) listener(next);
}

let inFlight: Promise<void> | undefined;

/** Asks the API for the unread count; one request at a time, failures leave the last count. */
export function refreshUnread(): Promise<void> {
  inFlight ??= api<Inbox>('/me/notifications', { query: { limit: 1 } })
    .then(
      (inbox) => setUnread(typeof inbox?.unread === 'number' ? inbox.unread : undefined),
      () => undefined,
    )
    .finally(() => {
      inFlight = undefined;
    });
  return inFlight;
}

export function useUnread(): number | undefined {
  const [value, setValue] = useState(unread);
  useEffect(() => {
    listeners.add(setValue);
    return () => listeners.delete(setValue);
  }, []);
  return value;
}

export function Bell() {
  const { path } = useLocation();
  const count = useUnread();

  useEffect(() => {
    void refreshUnread();
  }, [path]);

  useEffect(() => {
    const tick = () => {
      if (document.visibilityState === 'visible') void refreshUnread();
    };
    const timer = setInterval(tick, POLL_MS);
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, []);

  const label = count ? t('bell.label', { count }) : t('bell.none');
  return (
    <a
      href="/inbox"
      class="bell"
      aria-label={label}
      aria-current={path === '/inbox' ? 'page' : undefined}
      data-testid="bell"
    >
      <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1z"
        />
      </svg>
      {count ? (
        <span class="bell-count" aria-hidden="true">
          {count > 99 ? '99+' : count}
        </span>
      ) : null}
    </a>
  );
}
