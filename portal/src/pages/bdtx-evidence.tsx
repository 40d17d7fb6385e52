/**
 * BDTX evidence: a person's year (the modules of their plan with completion, test score and
 * certificate; the periods earned; the outcome and what is missing), and the export of the
 * evidence as the XLSX and PDF the school's evaluation needs — one's own, or a school's people.
 */
import { useState } from 'preact/hooks';
import { ApiProblem, api } from '../api/client.ts';
import type { JobStatus, Me } from '../api/types.ts';
import { formatDay, formatNumber, type MessageKey, t } from '../i18n/index.ts';
import { useAsync, usePolling } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { ErrorPanel, Loading, ProgressBar } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';
import { thisYear, YearPicker } from './courses.tsx';

const YEAR_PERIODS = 120;

interface EvidenceModule {
  moduleId: string;
  code: string;
  title: string;
  programme: '01' | '02' | '03';
  periods: number;
  completed: boolean;
  inPlan: boolean;
  completedAt?: string;
  testScore?: number;
  certificateCode?: string;
}

interface Evidence {
  year: number;
  standing: string;
  modules: EvidenceModule[];
  earned: { '01': number; '02': number; '03': number; total: number };
  outcome: 'complete' | 'incomplete';
  gaps: ('plan-not-approved' | 'modules-not-completed' | 'periods-short')[];
}

interface EvidenceJob {
  jobId: string;
  status: JobStatus;
  people?: number;
  downloadUrl?: string;
  pdfUrl?: string;
  error?: string;
}

/** Asks for an export, follows it, and offers its two files. */
export function EvidenceExport({ path, body }: { path: string; body?: unknown }) {
  const [job, setJob] = useState<EvidenceJob>();
  const [problem, setProblem] = useState<unknown>();
  const [asking, setAsking] = useState(false);
  usePolling(
    job,
    (j) => j.status === 'pending' || j.status === 'running',
    (j) => api<EvidenceJob>(`/bdtx-evidence-exports/${encodeURIComponent(j.jobId)}`),
    setJob,
  );
  const ask = async () => {
    setProblem(undefined);
    setAsking(true);
    try {
      setJob(await api<EvidenceJob>(path, { method: 'POST', ...(body ? { body } : {}) }));
    } catch (error) {
      setProblem(error);
    } finally {
      setAsking(false);
    }
  };
  const working = asking || job?.status === 'pending' || job?.status === 'running';
  return (
    <section class="panel" data-testid="evidence-export">
      <h2>{t('evidence.export')}</h2>
      <p class="hint">{t('evidence.exportHint')}</p>
      <button type="button" disabled={working} onClick={() => void ask()}>
        {t('evidence.exportButton')}
      </button>
      {job && (
        <ProgressBar
          value={working ? 50 : 100}
          label={t('evidence.export')}
          text={
            job.status === 'done'
              ? t('evidence.exportReady', { n: job.people ?? 0 })
              : job.status === 'failed'
                ? (job.error ?? t('evidence.exportFailed'))
                : t('evidence.exportPending')
          }
        />
      )}
      {job?.status === 'done' && (
        <p class="actions">
          <a class="button" href={job.downloadUrl} data-testid="evidence-xlsx">
            {t('evidence.xlsx')}
          </a>
          <a class="button" href={job.pdfUrl} data-testid="evidence-pdf">
            {t('evidence.pdf')}
          </a>
        </p>
      )}
      {problem ? (
        problem instanceof ApiProblem && problem.status < 500 ? (
          <p class="error" role="alert">
            {problem.detail ?? problem.title}
          </p>
        ) : (
          <ErrorPanel error={problem} />
        )
      ) : null}
    </section>
  );
}

/** "Kết quả BDTX của tôi": the year's evidence, and its export. */
export function MyEvidencePage(_: { me: Me }) {
  usePageTitle(t('evidence.mine'));
  const [year, setYear] = useState(thisYear());
  const view = useAsync((signal) => api<Evidence>(`/me/bdtx-evidence/${year}`, { signal }), [year]);
  const e = view.data;
  return (
    <>
      <h1>{t('evidence.mine')}</h1>
      <YearPicker year={year} onChange={setYear} />
      {view.error ? (
        <ErrorPanel error={view.error} retry={view.reload} />
      ) : !e ? (
        <Loading />
      ) : (
        <>
          <section class="panel" data-testid="evidence-summary">
            <ProgressBar
              value={Math.min(100, (e.earned.total / YEAR_PERIODS) * 100)}
              label={t('evidence.periods')}
              text={t('evidence.periodsText', {
                total: e.earned.total,
                required: YEAR_PERIODS,
                p01: e.earned['01'],
                p02: e.earned['02'],
                p03: e.earned['03'],
              })}
            />
            <p>
              <span class={`badge badge-${e.outcome === 'complete' ? 'approved' : 'submitted'}`}>
                {t(`evidence.outcome.${e.outcome}` as MessageKey)}
              </span>
            </p>
            {e.gaps.length > 0 && (
              <ul>
                {e.gaps.map((g) => (
                  <li key={g}>{t(`evidence.gap.${g}` as MessageKey)}</li>
                ))}
              </ul>
            )}
          </section>
          {e.modules.length === 0 && <p>{t('evidence.none')}</p>}
          <DataTable
            testId="evidence-modules"
            items={e.modules}
            rowKey={(m) => m.moduleId}
            columns={[
              {
                header: t('evidence.module'),
                cell: (m) => (
                  <>
                    <a href={`/courses/${m.moduleId}`}>
                      {m.code} – {m.title}
                    </a>
                    {!m.inPlan && <> ({t('evidence.outsidePlan')})</>}
                  </>
                ),
              },
              { header: t('evidence.programme'), cell: (m) => m.programme },
              { header: t('course.periods'), cell: (m) => m.periods },
              {
                header: t('evidence.completedAt'),
                cell: (m) => (m.completedAt ? formatDay(m.completedAt) : t('evidence.notCompleted')),
              },
              {
                header: t('evidence.score'),
                cell: (m) =>
                  m.testScore === undefined
                    ? '—'
                    : formatNumber(m.testScore, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
              },
              {
                header: t('evidence.certificate'),
                cell: (m) =>
                  m.certificateCode ? <a href={`/verify/${m.certificateCode}`}>{m.certificateCode}</a> : '—',
              },
            ]}
          />
          <EvidenceExport key={year} path={`/me/bdtx-evidence/${year}/exports`} />
        </>
      )}
    </>
  );
}
