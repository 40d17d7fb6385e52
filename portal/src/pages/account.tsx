/**
 * One account's roles, with revocation: a dry run first shows everything that goes with the role
 * (what was granted through it), then the administrator confirms.
 */
import { useState } from 'preact/hooks';
import { subjectNamed } from '../../../functions/repository/domain/curriculum.ts';
import { api } from '../api/client.ts';
import type { Assignment, Me, Revocation } from '../api/types.ts';
import { formatDate, t, tOr } from '../i18n/index.ts';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { Empty, ErrorPanel, Loading } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';

const rolesPath = (accountId: string) => `/accounts/${encodeURIComponent(accountId)}/role-assignments`;

export function AccountPage({ id, me }: { id: string; me: Me }) {
  usePageTitle(id);
  const roles = useAsync((signal) => api<{ items: Assignment[] }>(rolesPath(id), { signal }), [id]);
  const [preview, setPreview] = useState<{ assignment: Assignment; revocation: Revocation }>();
  const [done, setDone] = useState<number>();
  const [failure, setFailure] = useState<unknown>();
  const canRevoke = me.permissions.includes('role.grant');

  const revoke = async (assignment: Assignment, dryRun: boolean) => {
    setFailure(undefined);
    try {
      const revocation = await api<Revocation>(
        `${rolesPath(id)}/${encodeURIComponent(assignment.assignmentId)}`,
        {
          method: 'DELETE',
          query: { dryRun: String(dryRun) },
        },
      );
      if (dryRun) setPreview({ assignment, revocation });
      else {
        setPreview(undefined);
        setDone(revocation.revoked.length);
        roles.reload();
      }
    } catch (error) {
      setFailure(error);
    }
  };

  if (roles.error) return <ErrorPanel error={roles.error} retry={roles.reload} />;
  if (!roles.data) return <Loading />;
  return (
    <>
      <h1>{id}</h1>
      <section class="panel">
        <h2>{t('roles.title')}</h2>
        {done !== undefined && (
          <p class="success" role="status">
            {t('roles.revoked', { count: done })}
          </p>
        )}
        {failure !== undefined && <ErrorPanel error={failure} />}
        {roles.data.items.length === 0 ? (
          <Empty>{t('roles.none')}</Empty>
        ) : (
          <DataTable
            testId="account-roles"
            items={roles.data.items}
            rowKey={(a) => a.assignmentId}
            columns={[
              { header: t('roles.role'), cell: (a) => tOr(`role.${a.role}`, a.role) },
              {
                header: t('me.scope'),
                cell: (a) => (
                  <>
                    <a href={`/org-units/${a.scopeOrgUnitId}`}>{a.scopeName ?? a.scopeOrgUnitId}</a>
                    {a.subject ? ` · ${subjectNamed(a.subject)?.name ?? a.subject}` : ''}
                  </>
                ),
              },
              { header: t('roles.grantedBy'), cell: (a) => a.grantedByName ?? a.grantedBy },
              { header: t('roles.grantedAt'), cell: (a) => formatDate(a.grantedAt) },
              ...(canRevoke
                ? [
                    {
                      header: t('roles.revoke'),
                      cell: (a: Assignment) => (
                        <button
                          type="button"
                          onClick={() => void revoke(a, true)}
                          aria-label={`${t('roles.revoke')}: ${tOr(`role.${a.role}`, a.role)}`}
                        >
                          {t('roles.revoke')}
                        </button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </section>
      {preview && (
        <section
          class="panel"
          role="alertdialog"
          aria-labelledby="revoke-preview"
          data-testid="revoke-preview"
        >
          <h2 id="revoke-preview">{t('roles.revoke')}</h2>
          <p>{t('roles.revokePreview', { count: preview.revocation.revoked.length })}</p>
          <ul>
            {preview.revocation.revoked.map((a) => (
              <li key={a.assignmentId}>
                {a.accountName ?? a.accountId}: {tOr(`role.${a.role}`, a.role)} ·{' '}
                {a.scopeName ?? a.scopeOrgUnitId}
              </li>
            ))}
          </ul>
          <button type="button" class="primary" onClick={() => void revoke(preview.assignment, false)}>
            {t('roles.revokeConfirm')}
          </button>{' '}
          <button type="button" onClick={() => setPreview(undefined)}>
            {t('roles.revokeCancel')}
          </button>
        </section>
      )}
    </>
  );
}
