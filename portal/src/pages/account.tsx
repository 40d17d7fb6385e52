/**
 * One account's roles, with revocation: a dry run first shows everything that goes with the role
 * (what was granted through it), then the administrator confirms.
 */
import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import type { Assignment, Me, Revocation } from '../api/types.ts';
import { formatDate, t, tOr } from '../i18n/index.ts';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { Empty, ErrorPanel, Loading } from '../ui/states.tsx';

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
          <div class="table-scroll">
            <table data-testid="account-roles">
              <thead>
                <tr>
                  <th scope="col">{t('roles.role')}</th>
                  <th scope="col">{t('me.scope')}</th>
                  <th scope="col">{t('roles.grantedBy')}</th>
                  <th scope="col">{t('roles.grantedAt')}</th>
                  {canRevoke && <th scope="col">{t('roles.revoke')}</th>}
                </tr>
              </thead>
              <tbody>
                {roles.data.items.map((a) => (
                  <tr key={a.assignmentId}>
                    <td>{tOr(`role.${a.role}`, a.role)}</td>
                    <td>
                      <a href={`/org-units/${a.scopeOrgUnitId}`}>{a.scopeOrgUnitId}</a>
                      {a.subject ? ` · ${a.subject}` : ''}
                    </td>
                    <td>{a.grantedBy}</td>
                    <td>{formatDate(a.grantedAt)}</td>
                    {canRevoke && (
                      <td>
                        <button
                          type="button"
                          onClick={() => void revoke(a, true)}
                          aria-label={`${t('roles.revoke')}: ${tOr(`role.${a.role}`, a.role)}`}
                        >
                          {t('roles.revoke')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
                {a.accountId}: {tOr(`role.${a.role}`, a.role)} · {a.scopeOrgUnitId}
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
