/** Report jobs: request one, watch its progress, download the result. */
import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from '../api/client.ts';
import type { Me, ReportJob } from '../api/types.ts';
import { formatDateTime, type MessageKey, t } from '../i18n/index.ts';
import { primaryScope } from '../nav.ts';
import { FormProblem, formValues, Select, useSubmit } from '../ui/form.tsx';
import { usePaged } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';
import { ProgressBar } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';

const KINDS = ['school-year-start', 'school-year-end', 'data-completeness'] as const;
const PROGRESS: Record<ReportJob['status'], number> = {
  'awaiting-upload': 0,
  pending: 10,
  running: 55,
  done: 100,
  failed: 100,
};
const POLL_MS = 1000;

export function ReportsPage({ me }: { me: Me }) {
  usePageTitle(t('reports.title'));
  const [job, setJob] = useState<ReportJob>();
  const canRun = me.permissions.includes('report.run');
  const scope = primaryScope(me);
  const scopeName = me.roles.find((r) => r.scopeOrgUnitId === scope)?.scopeName ?? scope ?? '';
  const submit = useSubmit(
    (form) => api<ReportJob>('/reports', { method: 'POST', body: formValues(form) }),
    (created) => setJob(created),
  );

  // Poll the job until it ends; the state machine moves it pending → running → done or failed.
  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed') return;
    const timer = setTimeout(() => {
      api<ReportJob>(`/reports/${job.reportId}`).then(setJob, () => undefined);
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);

  return (
    <>
      <h1>{t('reports.title')}</h1>
      {canRun && (
        <form class="stacked panel" onSubmit={submit.onSubmit} aria-labelledby="request-report">
          <h2 id="request-report">{t('reports.request')}</h2>
          <Select
            name="kind"
            label={t('reports.kind')}
            problem={submit.problem}
            options={KINDS.map((k) => ({ value: k, label: t(`reports.kind.${k}` as MessageKey) }))}
          />
          <input type="hidden" name="orgUnitId" value={scope ?? ''} />
          <FormProblem problem={submit.problem} failure={submit.failure} fields={['kind', 'orgUnitId']} />
          <button type="submit" class="primary" disabled={submit.busy}>
            {t('form.send')}
          </button>
        </form>
      )}
      {job && (
        <section class="panel" data-testid="report-job">
          <h2>{job.title}</h2>
          <p>{formatDateTime(job.createdAt)}</p>
          <ProgressBar
            value={
              job.status === 'running' && job.totalUnits
                ? 10 + (85 * (job.completedUnits ?? 0)) / job.totalUnits
                : PROGRESS[job.status]
            }
            label={t('reports.progress')}
            text={
              job.status === 'running' && job.totalUnits
                ? t('reports.units', { done: job.completedUnits ?? 0, total: job.totalUnits })
                : t(`reports.status.${job.status}` as MessageKey)
            }
          />
          {job.error && <p class="field-error">{job.error}</p>}
          {job.downloadUrl && (
            <a class="button" href={job.downloadUrl} download>
              {t('reports.download')}
            </a>
          )}{' '}
          {job.pdfUrl && (
            <a class="button" href={job.pdfUrl} download>
              {t('reports.pdf')}
            </a>
          )}
        </section>
      )}
      {scope && <ReportHistory orgUnitId={scope} unitName={scopeName} refresh={job?.status} />}
    </>
  );
}

/**
 * The reports of a unit, periodic and requested, newest first: what each is (title, year, number,
 * how many units it covers), who started it, and its files once done.
 */
function ReportHistory({
  orgUnitId,
  unitName,
  refresh,
}: {
  orgUnitId: string;
  unitName: string;
  refresh?: string;
}) {
  const reports = usePaged<ReportJob>(
    (cursor, signal) =>
      api<Page<ReportJob>>(`/org-units/${encodeURIComponent(orgUnitId)}/reports`, {
        query: { limit: 20, cursor },
        signal,
      }),
    [orgUnitId, refresh],
  );
  return (
    <section class="panel" aria-labelledby="report-history">
      <h2 id="report-history">{t('reports.history', { unit: unitName })}</h2>
      <PagedList state={reports} label={t('reports.history', { unit: unitName })}>
        {(items) => (
          <DataTable
            testId="report-history"
            items={items}
            rowKey={(r) => r.reportId}
            columns={[
              { header: t('reports.when'), cell: (r) => formatDateTime(r.createdAt) },
              {
                header: t('reports.what'),
                cell: (r) =>
                  `${r.title} ${r.schoolYear}${r.totalUnits ? ` · ${t('reports.covers', { count: r.totalUnits })}` : ''}`,
              },
              { header: t('reports.number'), cell: (r) => r.documentNumber ?? '—' },
              {
                header: t('reports.origin'),
                cell: (r) => t(r.periodic ? 'reports.periodic' : 'reports.requested'),
              },
              { header: t('reports.state'), cell: (r) => t(`reports.status.${r.status}` as MessageKey) },
              {
                header: t('reports.files'),
                cell: (r) =>
                  r.status === 'done' ? (
                    <span class="actions">
                      {r.pdfUrl && <a href={r.pdfUrl}>{t('reports.pdf')}</a>}
                      {r.downloadUrl && <a href={r.downloadUrl}>{t('reports.download')}</a>}
                    </span>
                  ) : (
                    (r.error ?? '')
                  ),
              },
            ]}
          />
        )}
      </PagedList>
    </section>
  );
}
