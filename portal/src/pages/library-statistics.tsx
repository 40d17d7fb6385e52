/**
 * The library's statistics for a school, a commune or the city: counts only (titles, copies,
 * loans, loans per learner, digital resources) — a borrower's loans stay at the school's desk.
 */
import { useMemo } from 'preact/hooks';
import type { LibraryCounts } from '../../../functions/library/domain/statistics.ts';
import { CURRICULUM_SUBJECTS } from '../../../functions/repository/domain/curriculum.ts';
import { api } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { formatDateTime, formatNumber, t } from '../i18n/index.ts';
import { BarChart } from '../ui/bar-chart.tsx';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { ErrorPanel, Loading } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';

type Counts = LibraryCounts & { loansPerLearner: number };
interface Statistics {
  schoolYear: string;
  total: Counts;
  rows: (Counts & { orgUnitId: string; name: string; schools: number })[];
  computedAt?: string;
}

export function LibraryStatisticsPage({ id }: { me: Me; id: string }) {
  usePageTitle(t('libStats.title'));
  const stats = useAsync(
    (signal) => api<Statistics>(`/org-units/${encodeURIComponent(id)}/library-statistics`, { signal }),
    [id],
  );
  const loansChart = useMemo(
    () => stats.data?.rows.map((r) => ({ label: r.name, value: r.loansYear })) ?? [],
    [stats.data],
  );
  if (stats.error) return <ErrorPanel error={stats.error} retry={stats.reload} />;
  if (!stats.data) return <Loading />;
  const s = stats.data;
  const figures: [string, string, string][] = [
    ['titles', t('libStats.titles'), formatNumber(s.total.titles)],
    ['copies', t('libStats.copies'), formatNumber(s.total.copies)],
    ['loansYear', t('libStats.loansYear'), formatNumber(s.total.loansYear)],
    ['loansOpen', t('libStats.loansOpen'), formatNumber(s.total.loansOpen)],
    ['overdue', t('libStats.overdue'), formatNumber(s.total.overdue)],
    ['learners', t('libStats.learners'), formatNumber(s.total.learners)],
    ['loansPerLearner', t('libStats.perLearner'), formatNumber(s.total.loansPerLearner)],
  ];
  const digital = Object.entries(s.total.digital);
  const bySubject = Object.entries(s.total.digitalBySubject);
  return (
    <>
      <h1>{t('libStats.title')}</h1>
      <section class="panel">
        <p>
          {t('libStats.year', { year: s.schoolYear })}
          {s.computedAt ? ` · ${t('libStats.at', { at: formatDateTime(s.computedAt) })}` : ''}
        </p>
        <dl class="facts" data-testid="library-figures">
          {figures.map(([key, label, value]) => (
            <div key={key} data-figure={key}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <p class="hint">{t('libStats.note')}</p>
      </section>
      {s.rows.length > 0 && (
        <section class="panel">
          <BarChart title={t('libStats.loansChart')} rows={loansChart} />
          <DataTable
            testId="library-rows"
            items={s.rows}
            rowKey={(r) => r.orgUnitId}
            columns={[
              { header: t('libStats.unit'), cell: (r) => r.name },
              { header: t('libStats.schools'), cell: (r) => formatNumber(r.schools) },
              { header: t('libStats.titles'), cell: (r) => formatNumber(r.titles) },
              { header: t('libStats.copies'), cell: (r) => formatNumber(r.copies) },
              { header: t('libStats.loansYear'), cell: (r) => formatNumber(r.loansYear) },
              { header: t('libStats.overdue'), cell: (r) => formatNumber(r.overdue) },
              { header: t('libStats.perLearner'), cell: (r) => formatNumber(r.loansPerLearner) },
            ]}
          />
        </section>
      )}
      <section class="panel">
        <h2>{t('libStats.digital')}</h2>
        {digital.length === 0 ? (
          <p>{t('libStats.noDigital')}</p>
        ) : (
          <div class="columns">
            <DataTable
              testId="digital-by-kind"
              items={digital}
              rowKey={([k]) => k}
              columns={[
                { header: t('lib.type'), cell: ([k]) => t(`lib.type.${k}` as never) },
                { header: t('libStats.resources'), cell: ([, n]) => formatNumber(n) },
              ]}
            />
            <DataTable
              items={bySubject}
              rowKey={([k]) => k}
              columns={[
                {
                  header: t('repo.subject'),
                  cell: ([k]) => CURRICULUM_SUBJECTS.find((x) => x.code === k)?.name ?? k,
                },
                { header: t('libStats.resources'), cell: ([, n]) => formatNumber(n) },
              ]}
            />
          </div>
        )}
      </section>
    </>
  );
}
