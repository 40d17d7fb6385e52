import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from '../api/client.ts';
import type { AuditEntry, AuditExport, Me } from '../api/types.ts';
import { auditActionLabel, auditTargetLabel } from '../i18n/audit-actions.ts';
import { formatDateTime, t } from '../i18n/index.ts';
import { primaryScope } from '../nav.ts';
import { Field, FormProblem, formValues, useSubmit } from '../ui/form.tsx';
import { usePaged } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';
import { ProgressBar } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';

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
      <p>
        {t('audit.scope', { unit: me.roles.find((r) => r.scopeOrgUnitId === scope)?.scopeName ?? scope })}
      </p>
      <ExportAudit orgUnitId={scope} />
      <PagedList state={entries} label={t('audit.title')}>
        {(items) => (
          <DataTable
            testId="audit"
            items={items}
            rowKey={(e) => e.auditId}
            columns={[
              { header: t('audit.at'), cell: (e) => formatDateTime(e.at) },
              { header: t('audit.actor'), cell: (e) => e.actorName ?? t('audit.system') },
              {
                header: t('audit.action'),
                // The code stays in a tooltip for the administrator looking for it.
                cell: (e) => <span title={e.action}>{auditActionLabel(e.action)}</span>,
              },
              {
                header: t('audit.target'),
                cell: (e) => (
                  <span title={`${e.targetType} ${e.targetId}`}>{auditTargetLabel(e.targetType)}</span>
                ),
              },
            ]}
          />
        )}
      </PagedList>
    </>
  );
}

const EXPORT_POLL_MS = 1000;
const todayInVietnam = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

/** Export a date range of the log to XLSX: a job the server runs, watched until its file is there. */
function ExportAudit({ orgUnitId }: { orgUnitId: string }) {
  const [job, setJob] = useState<AuditExport>();
  const submit = useSubmit(
    (form) =>
      api<AuditExport>(`/org-units/${encodeURIComponent(orgUnitId)}/audit/exports`, {
        method: 'POST',
        body: formValues(form),
      }),
    setJob,
  );
  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed') return;
    const timer = setTimeout(() => {
      api<AuditExport>(`/audit-exports/${job.exportId}`).then(setJob, () => undefined);
    }, EXPORT_POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);
  const today = todayInVietnam();
  return (
    <form class="stacked panel" onSubmit={submit.onSubmit} aria-labelledby="audit-export" noValidate>
      <h2 id="audit-export">{t('audit.export')}</h2>
      <Field
        name="from"
        type="date"
        label={t('audit.from')}
        required
        defaultValue={`${today.slice(0, 8)}01`}
        problem={submit.problem}
      />
      <Field
        name="to"
        type="date"
        label={t('audit.to')}
        required
        defaultValue={today}
        problem={submit.problem}
      />
      <FormProblem problem={submit.problem} failure={submit.failure} fields={['from', 'to']} />
      <button
        type="submit"
        class="primary"
        disabled={submit.busy || job?.status === 'pending' || job?.status === 'running'}
      >
        {t('audit.exportButton')}
      </button>
      {job && (
        <div data-testid="audit-export">
          <ProgressBar
            value={job.status === 'done' || job.status === 'failed' ? 100 : 50}
            label={t('audit.export')}
            text={
              job.status === 'done'
                ? t('audit.exportReady', { count: job.rowCount ?? 0 })
                : job.status === 'failed'
                  ? t('audit.exportFailed', { reason: job.error ?? '' })
                  : t('audit.exportPending')
            }
          />
          {job.downloadUrl && (
            <a class="button" href={job.downloadUrl}>
              {t('audit.download')}
            </a>
          )}
        </div>
      )}
    </form>
  );
}
