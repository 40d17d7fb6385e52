/** Official figures of a unit (approved data only), with charts and each unit under it. */
import {
  ETHNICITIES,
  LEVEL_GROUP_LABELS,
  POLICY_GROUP_LABELS,
} from '../../../functions/edu-data/domain/codes.ts';
import { api, type Page } from '../api/client.ts';
import type { Figures, Me, OrgUnit, Statistics } from '../api/types.ts';
import { formatDateTime, formatNumber, type MessageKey, t } from '../i18n/index.ts';
import { BarChart } from '../ui/bar-chart.tsx';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { ErrorPanel, Loading } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';

const num = (f: Figures, key: string) => (typeof f[key] === 'number' ? (f[key] as number) : 0);
const counts = (f: Figures, key: string) => (f[key] ?? {}) as Record<string, number>;
const show = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : '—');

async function names(orgUnitId: string, signal: AbortSignal) {
  const map = new Map<string, string>();
  let cursor: string | undefined;
  for (let page = 0; page < 3; page++) {
    const result = await api<Page<OrgUnit>>(`/org-units/${encodeURIComponent(orgUnitId)}/children`, {
      query: { limit: 100, cursor },
      signal,
    });
    for (const u of result.items) map.set(u.orgUnitId, u.name);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return map;
}

export function StatisticsPage({ id }: { me: Me; id: string }) {
  usePageTitle(t('stats.title'));
  const stats = useAsync(
    (signal) => api<Statistics>(`/org-units/${encodeURIComponent(id)}/statistics`, { signal }),
    [id],
  );
  const unitNames = useAsync((signal) => names(id, signal).catch(() => new Map<string, string>()), [id]);
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
          <DataTable
            testId="stat-children"
            items={[...stats.data.children].sort(
              (a, b) => num(b.figures, 'learners') - num(a.figures, 'learners'),
            )}
            rowKey={(c) => c.orgUnitId}
            columns={[
              {
                header: t('stats.unit'),
                cell: (c) => (
                  <a href={`/units/${encodeURIComponent(c.orgUnitId)}/statistics`}>
                    {unitNames.data?.get(c.orgUnitId) ?? c.orgUnitId}
                  </a>
                ),
              },
              { header: t('stats.learners'), cell: (c) => show(c.figures.learners) },
              { header: t('stats.teachers'), cell: (c) => show(c.figures.teachers) },
              { header: t('stats.drafts'), cell: (c) => show(c.figures.drafts) },
              { header: t('stats.submitted'), cell: (c) => show(c.figures.submitted) },
              { header: t('stats.completeness'), cell: (c) => show(c.figures.learnerDataCompleteness) },
              {
                header: t('stats.lastApproved'),
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
