import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import type { Me, PersonalDataExport } from '../api/types.ts';
import { formatDateTime, t, tOr } from '../i18n/index.ts';
import { useMe } from '../me.ts';
import { FormProblem, useSubmit } from '../ui/form.tsx';
import { usePageTitle } from '../ui/layout.tsx';
import { ProgressBar } from '../ui/states.tsx';
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
            {me.homeOrgUnitId ? (
              <a href={`/org-units/${me.homeOrgUnitId}`}>{me.homeName ?? me.homeOrgUnitId}</a>
            ) : (
              '—'
            )}
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
      <MyData />
    </>
  );
}

const POLL_MS = 1000;

/**
 * What the platform holds on me (Decree 13/2023): a job the server runs — a JSON file and a PDF
 * summary, kept seven days — watched until both links are there. The button asks nothing of
 * the form, so Enter in another field never starts it.
 */
function MyData() {
  const [job, setJob] = useState<PersonalDataExport>();
  const submit = useSubmit(
    () => api<PersonalDataExport>('/me/personal-data-exports', { method: 'POST', body: {} }),
    setJob,
  );
  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed') return;
    const timer = setTimeout(() => {
      api<PersonalDataExport>(`/me/personal-data-exports/${encodeURIComponent(job.exportId)}`).then(
        setJob,
        () => undefined,
      );
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);
  const running = job?.status === 'pending' || job?.status === 'running';
  return (
    <form class="stacked panel" onSubmit={submit.onSubmit} aria-labelledby="my-data" noValidate>
      <h2 id="my-data">{t('me.data')}</h2>
      <p>{t('me.dataHint')}</p>
      <FormProblem problem={submit.problem} failure={submit.failure} fields={[]} />
      <button type="submit" class="primary" disabled={submit.busy || running}>
        {t('me.dataButton')}
      </button>
      {job && (
        <div data-testid="my-data">
          <ProgressBar
            value={job.status === 'done' || job.status === 'failed' ? 100 : 50}
            label={t('me.data')}
            text={
              job.status === 'done'
                ? t('me.dataReady')
                : job.status === 'failed'
                  ? t('me.dataFailed')
                  : t('me.dataPending')
            }
          />
          {job.downloadUrl && (
            <p class="actions">
              <a class="button" href={job.downloadUrl}>
                {t('me.dataJson')}
              </a>
              {job.summaryUrl && (
                <a class="button" href={job.summaryUrl}>
                  {t('me.dataPdf')}
                </a>
              )}
            </p>
          )}
        </div>
      )}
    </form>
  );
}
