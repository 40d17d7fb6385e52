import { api, type Page } from '../api/client.ts';
import type { AuditEntry, Me } from '../api/types.ts';
import { formatDateTime, t } from '../i18n/index.ts';
import { primaryScope } from '../nav.ts';
import { usePaged } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';

/** The audit log of the caller's scope, newest first, a page at a time. */
export function AuditPage({ me }: { me: Me }) {
  usePageTitle(t('audit.title'));
  const scope = primaryScope(me) ?? '';
  const entries = usePaged(
    (cursor, signal) =>
      api<Page<AuditEntry>>(`/org-units/${encodeURIComponent(scope)}/audit`, {
        query: { limit: 25, cursor },
        signal,
      }),
    [scope],
  );
  return (
    <>
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.scope', { unit: scope })}</p>
      <PagedList state={entries} label={t('audit.title')}>
        {(items) => (
          <div class="table-scroll">
            <table data-testid="audit">
              <thead>
                <tr>
                  <th scope="col">{t('audit.at')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.target')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.auditId}>
                    <td>{formatDateTime(e.at)}</td>
                    <td>{e.actorId}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>
                      {e.targetType} {e.targetId}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedList>
    </>
  );
}
