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
import type { UnitFacts } from '../ui/unit-rows.ts';
import { UnitTable, useUrlFilter } from '../ui/unit-table.tsx';

type Counts = LibraryCounts & { loansPerLearner: number };
type Row = Counts & { orgUnitId: string; name: string; schools: number; schoolsCounted: number };

/** A unit is behind when some of its schools have no figures yet; overdue loans are work waiting. */
export function libraryFacts(r: Row): UnitFacts {
  const behind =
    r.schools === 0
      ? []
      : r.schoolsCounted === 0
        ? [t('libStats.lag.noData')]
        : r.schoolsCounted < r.schools
          ? [t('libStats.lag.partial', { counted: r.schoolsCounted, schools: r.schools })]
          : [];
  if (r.overdue > 0) behind.push(t('libStats.lag.overdue', { overdue: r.overdue }));
  return { behind, pending: r.overdue, noData: r.schoolsCounted === 0 };
}
interface Statistics {
  schoolYear: string;
  total: Counts;
  schools: number;
  /** Every unit under the one asked for, from the tree: zeros where no school is counted yet. */
  rows: Row[];
  computedAt?: string;
}

export function LibraryStatisticsPage({ id }: { me: Me; id: string }) {
  usePageTitle(t('libStats.title'));
  const [filter, setFilter] = useUrlFilter();
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
    ['schools', t('libStats.schools'), formatNumber(s.schools)],
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
          <UnitTable
            testId="library-rows"
            rows={s.rows}
            rowKey={(r) => r.orgUnitId}
            facts={libraryFacts}
            filter={filter}
            onFilter={setFilter}
            name={{
              header: t('libStats.unit'),
              text: (r) => r.name,
              cell: (r) => (
                <a href={`/units/${encodeURIComponent(r.orgUnitId)}/library-statistics`}>{r.name}</a>
              ),
            }}
            columns={(
              [
                ['schools', 'libStats.schools'],
                ['titles', 'libStats.titles'],
                ['copies', 'libStats.copies'],
                ['loansYear', 'libStats.loansYear'],
                ['overdue', 'libStats.overdue'],
                ['loansPerLearner', 'libStats.perLearner'],
              ] as const
            ).map(([key, label]) => ({
              key,
              header: t(label),
              value: (r: Row) => r[key],
              cell: (r: Row) => formatNumber(r[key]),
            }))}
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
