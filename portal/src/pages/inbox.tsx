/**
 * The inbox: my notifications, newest first, already in my language, ten to a page. An unread one
 * is marked read with its button, or all of the page at once; the bell follows.
 */
import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import type { Inbox, InboxItem } from '../api/family.ts';
import type { Me } from '../api/types.ts';
import { formatDayTime, t } from '../i18n/index.ts';
import { refreshUnread, setUnread, useUnread } from '../ui/bell.tsx';
import { usePaged } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';
import { ErrorPanel } from '../ui/states.tsx';

const PAGE_SIZE = 10;

/**
 * A notification's text, with the portal's own addresses in it as links (a family's result page);
 * any other address stays text, so a message can never lead anyone off the portal.
 */
export function BodyText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/\S+)/);
  return (
    <>
      {parts.map((part, i) => {
        if (i % 2 === 0) return part;
        const url = URL.canParse(part) ? new URL(part) : undefined;
        return url?.origin === window.location.origin ? (
          <a key={part} href={`${url.pathname}${url.search}${url.hash}`}>
            {t('inbox.openLink')}
          </a>
        ) : (
          part
        );
      })}
    </>
  );
}

export function InboxPage({ me }: { me: Me }) {
  usePageTitle(t('inbox.title'));
  // Marked here since the page loaded: shown read without reloading the list.
  const [marked, setMarked] = useState<Set<string>>(new Set());
  const [failure, setFailure] = useState<unknown>();
  const inbox = usePaged<InboxItem>(
    async (cursor, signal) => {
      const page = await api<Inbox>('/me/notifications', { query: { limit: PAGE_SIZE, cursor }, signal });
      setUnread(page.unread);
      return page;
    },
    [me.sub],
  );
  // The bell's count: set by each page load, asked again after marking.
  const unread = useUnread();

  const markRead = async (ids: string[]) => {
    if (ids.length === 0) return;
    setFailure(undefined);
    try {
      await api<{ marked: number }>('/me/notifications/read', {
        method: 'POST',
        body: { notificationIds: ids },
      });
      setMarked((m) => new Set([...m, ...ids]));
      await refreshUnread();
    } catch (error) {
      setFailure(error);
    }
  };
  const isRead = (n: InboxItem) => n.read || marked.has(n.notificationId);
  const unreadHere = (inbox.data?.items ?? []).filter((n) => !isRead(n)).map((n) => n.notificationId);

  return (
    <>
      <h1>{t('inbox.title')}</h1>
      <p class="lead" data-testid="inbox-unread">
        {unread === undefined ? '' : unread > 0 ? t('inbox.unread', { count: unread }) : t('inbox.allRead')}
      </p>
      <div class="actions">
        <button type="button" onClick={() => void markRead(unreadHere)} disabled={unreadHere.length === 0}>
          {t('inbox.markPage')}
        </button>
        <a class="button" href="/settings/notifications">
          {t('inbox.settings')}
        </a>
      </div>
      {failure !== undefined && <ErrorPanel error={failure} />}
      <PagedList state={inbox} label={t('inbox.pages')}>
        {(items) => (
          <ul class="inbox" data-testid="inbox">
            {items.map((n) => {
              const read = isRead(n);
              return (
                <li key={n.notificationId} class={read ? 'read' : 'unread'}>
                  <h2 class="inbox-title">
                    {!read && <span class="badge badge-submitted">{t('inbox.new')}</span>} {n.title}
                  </h2>
                  <p class="hint">
                    {t(`notify.category.${n.category}`)} · {formatDayTime(n.createdAt)}
                  </p>
                  <p>
                    <BodyText text={n.body} />
                  </p>
                  {!read && (
                    <button type="button" onClick={() => void markRead([n.notificationId])}>
                      {t('inbox.markRead')}
                      <span class="visually-hidden">: {n.title}</span>
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </PagedList>
    </>
  );
}
