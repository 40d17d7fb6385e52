/** Official figures of a unit (approved data only), with charts and each unit under it. */
import {
  ETHNICITIES,
  LEVEL_GROUP_LABELS,
  POLICY_GROUP_LABELS,
} from '../../../functions/edu-data/domain/codes.ts';
import { APPROVAL_THRESHOLD, approvalLag } from '../../../functions/edu-data/domain/statistics.ts';
import { api } from '../api/client.ts';
import type { Figures, Me, Statistics } from '../api/types.ts';
import { formatDateTime, formatNumber, type MessageKey, t } from '../i18n/index.ts';
import { BarChart } from '../ui/bar-chart.tsx';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { ErrorPanel, Loading } from '../ui/states.tsx';
import type { UnitFacts } from '../ui/unit-rows.ts';
import { UnitTable, useUrlFilter } from '../ui/unit-table.tsx';

const num = (f: Figures, key: string) => (typeof f[key] === 'number' ? (f[key] as number) : 0);
const counts = (f: Figures, key: string) => (f[key] ?? {}) as Record<string, number>;
const show = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : '—');

type Child = Statistics['children'][number];

/**
 * What the unit table needs of a unit's figures: why it is behind on approval (the rule and its
 * threshold are the education database's, `approvalLag`), what waits for approval, no data.
 * The home (tasks-watch.ts) counts the units behind by the same rule.
 */
export function approvalFacts(c: Child): UnitFacts {
  const lag = approvalLag(c.figures as never, c.hasData);
  return {
    behind: !lag
      ? []
      : lag.reason === 'no-data'
        ? [t('stats.lag.noData')]
        : [t('stats.lag.approval', { share: lag.share, threshold: APPROVAL_THRESHOLD * 100 })],
    pending: num(c.figures, 'submitted'),
    noData: !c.hasData,
  };
}

export function StatisticsPage({ id }: { me: Me; id: string }) {
  usePageTitle(t('stats.title'));
  const [filter, setFilter] = useUrlFilter();
  const stats = useAsync(
    (signal) => api<Statistics>(`/org-units/${encodeURIComponent(id)}/statistics`, { signal }),
    [id],
  );
  if (stats.error) return <ErrorPanel error={stats.error} retry={stats.reload} />;
  if (!stats.data) return <Loading />;
  const f = stats.data.figures;
  const byGrade = Object.entries(counts(f, 'learnersByGrade'))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([grade, value]) => ({
      label: grade === '0' ? t('stats.preschool') : t('stats.grade', { grade }),
      value,
    }));
  const byGender = Object.entries(counts(f, 'learnersByGender')).map(([g, value]) => ({
    label: t(`code.gender.${g}` as MessageKey),
    value,
  }));
  const byLevel = Object.entries(counts(f, 'learnersByLevel')).map(([code, value]) => ({
    label: LEVEL_GROUP_LABELS[code as keyof typeof LEVEL_GROUP_LABELS] ?? code,
    value,
  }));
  const byPolicy = Object.entries(counts(f, 'learnersByPolicyGroup')).map(([code, value]) => ({
    label: POLICY_GROUP_LABELS[code as keyof typeof POLICY_GROUP_LABELS] ?? code,
    value,
  }));
  const minorities = Object.entries(counts(f, 'learnersByEthnicity'))
    .filter(([code]) => code !== '01')
    .map(([code, value]) => ({ label: ETHNICITIES[code] ?? code, value }));
  const cards: [MessageKey, unknown][] = [
    ['stats.schools', f.schools],
    ['stats.learners', f.learners],
    ['stats.classes', f.classes],
    ['stats.teachers', f.teachers],
    ['stats.averageClassSize', f.averageClassSize],
    ['stats.learnersPerTeacher', f.learnersPerTeacher],
    ['stats.completeness', f.learnerDataCompleteness],
    ['stats.submitted', f.submitted],
  ];
  return (
    <>
      <h1>{t('stats.title')}</h1>
      <p class="hint">
        {t('stats.approvedOnly')}{' '}
        {stats.data.updatedAt ? t('stats.updated', { at: formatDateTime(stats.data.updatedAt) }) : ''}
      </p>
      <section class="panel">
        <ul class="figures" data-testid="stat-figures">
          {cards.map(([label, value]) => (
            <li key={label} data-figure={label}>
              <span class="figure">{show(value)}</span> {t(label)}
            </li>
          ))}
        </ul>
        {byGrade.length > 0 && <BarChart title={t('stats.byGrade')} rows={byGrade} />}
        {byGender.length > 0 && <BarChart title={t('stats.byGender')} rows={byGender} />}
        {byLevel.length > 1 && <BarChart title={t('stats.byLevel')} rows={byLevel} />}
        {byPolicy.length > 0 && <BarChart title={t('stats.byPolicy')} rows={byPolicy} />}
        {minorities.length > 0 && <BarChart title={t('stats.byEthnicity')} rows={minorities} />}
      </section>
      {stats.data.children.length > 0 && (
        <section class="panel">
          <h2>{t('stats.byUnit')}</h2>
          <p class="hint">{t('stats.rule', { threshold: APPROVAL_THRESHOLD * 100 })}</p>
          <UnitTable
            testId="stat-children"
            rows={stats.data.children}
            rowKey={(c) => c.orgUnitId}
            facts={approvalFacts}
            filter={filter}
            onFilter={setFilter}
            name={{
              header: t('stats.unit'),
              text: (c) => c.name,
              cell: (c) => <a href={`/units/${encodeURIComponent(c.orgUnitId)}/statistics`}>{c.name}</a>,
            }}
            columns={[
              {
                key: 'schools',
                header: t('stats.schools'),
                value: (c) => num(c.figures, 'schools'),
                cell: (c) => show(c.figures.schools),
              },
              {
                key: 'learners',
                header: t('stats.learners'),
                value: (c) => num(c.figures, 'learners'),
                cell: (c) => show(c.figures.learners),
              },
              {
                key: 'teachers',
                header: t('stats.teachers'),
                value: (c) => num(c.figures, 'teachers'),
                cell: (c) => show(c.figures.teachers),
              },
              {
                key: 'drafts',
                header: t('stats.drafts'),
                value: (c) => num(c.figures, 'drafts'),
                cell: (c) => show(c.figures.drafts),
              },
              {
                key: 'submitted',
                header: t('stats.submitted'),
                value: (c) => num(c.figures, 'submitted'),
                cell: (c) => show(c.figures.submitted),
              },
              {
                key: 'approvedShare',
                header: t('stats.approvedShare'),
                value: (c) => c.figures.approvedShare as number | null,
                cell: (c) => show(c.figures.approvedShare),
                first: 'ascending',
              },
              {
                key: 'completeness',
                header: t('stats.completeness'),
                value: (c) => c.figures.learnerDataCompleteness as number | null,
                cell: (c) => show(c.figures.learnerDataCompleteness),
                first: 'ascending',
              },
              {
                key: 'lastApproved',
                header: t('stats.lastApproved'),
                value: (c) =>
                  typeof c.figures.lastApprovedAt === 'string' ? c.figures.lastApprovedAt : null,
                cell: (c) =>
                  typeof c.figures.lastApprovedAt === 'string'
                    ? formatDateTime(c.figures.lastApprovedAt)
                    : '—',
              },
            ]}
          />
        </section>
      )}
    </>
  );
}
