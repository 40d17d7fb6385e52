import type { Me } from '../api/types.ts';
import { formatDateTime, t, tOr } from '../i18n/index.ts';
import { useMe } from '../me.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { DataTable } from '../ui/table.tsx';

/** Who I am: my account, my roles with their scopes, what they let me do. */
export function MePage({ me }: { me: Me }) {
  usePageTitle(t('me.title'));
  const { session } = useMe();
  return (
    <>
      <h1>{t('me.title')}</h1>
      <section class="panel">
        <h2>{t('me.identity')}</h2>
        <dl class="details">
          <dt>{t('me.fullName')}</dt>
          <dd data-testid="me-full-name">{me.fullName ?? '—'}</dd>
          <dt>{t('me.username')}</dt>
          <dd>{me.sub}</dd>
          <dt>{t('me.email')}</dt>
          <dd>{me.email ?? '—'}</dd>
          <dt>{t('me.status')}</dt>
          <dd>{t(`status.${me.status}`)}</dd>
          <dt>{t('me.home')}</dt>
          <dd>
            {me.homeOrgUnitId ? <a href={`/org-units/${me.homeOrgUnitId}`}>{me.homeOrgUnitId}</a> : '—'}
          </dd>
        </dl>
        {session.status === 'signed-in' && (
          <p class="hint" data-testid="me-sign-in">
            {session.session.provider === 'vneid'
              ? t('auth.viaVneid', { level: String(session.session.identityLevel ?? '—') })
              : t('auth.viaStaff')}
          </p>
        )}
        {session.status === 'signed-in' && (
          <p class="hint">{t('me.session', { time: formatDateTime(new Date(session.session.expiresAt)) })}</p>
        )}
      </section>
      <section class="panel">
        <h2>{t('me.roles')}</h2>
        <DataTable
          testId="my-roles"
          items={me.roles}
          rowKey={(r) => r.assignmentId}
          columns={[
            { header: t('me.role'), cell: (r) => tOr(`role.${r.role}`, r.roleLabel) },
            { header: t('me.scope'), cell: (r) => r.scopeName ?? r.scopeOrgUnitId },
            { header: t('me.subject'), cell: (r) => r.subject ?? '—' },
          ]}
        />
        <h3>{t('me.permissions')}</h3>
        <ul class="chips">
          {me.permissions.map((p) => (
            <li key={p} class="chip">
              <code>{p}</code>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
