/**
 * The year's BDTX figures of the units under a unit, as the schools' nightly tallies have them
 * (functions/courses/dashboard.ts): the city's communes, wards and special zones — each a link to
 * its own figures — or a commune's schools. Headline figures, the shares approved and reaching 120
 * periods as charts, and the units in a table that sorts and filters the ones behind. Each
 * school's plans are the commune's summary page (bdtx-summary.tsx); the two link to each other.
 */
import { useMemo, useState } from 'preact/hooks';
import type { BdtxCounts } from '../../../functions/courses/domain/dashboard.ts';
import { api } from '../api/client.ts';
import type { Me, OrgUnit } from '../api/types.ts';
import { formatDayTime, formatNumber, t } from '../i18n/index.ts';
import { audiencesOf } from '../nav.ts';
import { BarChart } from '../ui/bar-chart.tsx';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { ErrorPanel, Loading } from '../ui/states.tsx';
import type { UnitFacts } from '../ui/unit-rows.ts';
import { type UnitColumn, UnitTable, useUrlFilter } from '../ui/unit-table.tsx';
import { lastDay, thisYear, YearPicker } from './courses.tsx';

interface Rates {
  approvedPct: number;
  reachedPct: number;
  averagePeriods: number;
}
type Figures = BdtxCounts & Rates & { schools: number; schoolsCounted: number };
export type DashboardRow = Figures & { orgUnitId: string; name: string; kind: string };
interface BdtxDashboard {
  year: number;
  deadline: string;
  total: Figures;
  rows: DashboardRow[];
  /** When the newest tally counted was made; absent before any. */
  computedAt?: string;
}

const COMMUNE_KINDS = ['commune', 'ward', 'special-zone'];

/** A percentage the API gives with one decimal (24.6), as vi-VN writes it: "24,6%". */
export const formatPct = (pct: number) =>
  `${formatNumber(pct, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
const oneDecimal = (n: number) => formatNumber(n, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Units are behind when people missed the plan deadline or fall behind on a module. */
export function bdtxFacts(r: DashboardRow): UnitFacts {
  const behind: string[] = [];
  if (r.overdue > 0) behind.push(t('bdtxDash.lag.overdue', { n: r.overdue }));
  if (r.behind > 0) behind.push(t('bdtxDash.lag.behind', { n: r.behind }));
  return { behind, pending: r.submitted, noData: r.schoolsCounted === 0 };
}

/** The year chosen, kept in the address (`?year=`) so a link to a commune keeps it. */
function useUrlYear(): [number, (year: number) => void] {
  const [year, setYear] = useState(() => {
    // The years the picker offers: last year, this year and next.
    const asked = Number(new URLSearchParams(location.search).get('year'));
    return Math.abs(asked - thisYear()) <= 1 ? asked : thisYear();
  });
  return [
    year,
    (next) => {
      const params = new URLSearchParams(location.search);
      if (next === thisYear()) params.delete('year');
      else params.set('year', String(next));
      const query = params.toString();
      history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}`);
      setYear(next);
    },
  ];
}

export function BdtxDashboardPage({ me, id }: { me: Me; id: string }) {
  // A new unit (a commune followed from the city) starts with its own filter and sort.
  return <UnitDashboard key={id} me={me} id={id} />;
}

function UnitDashboard({ me, id }: { me: Me; id: string }) {
  usePageTitle(t('bdtxDash.title'));
  const [year, setYear] = useUrlYear();
  const [filter, setFilter] = useUrlFilter();
  const unitPath = `/org-units/${encodeURIComponent(id)}`;
  const dashboard = useAsync(
    (signal) => api<BdtxDashboard>(`${unitPath}/bdtx-dashboard`, { query: { year }, signal }),
    [id, year],
  );
  // The unit's name and place; the figures stand without them.
  const unit = useAsync(
    (signal) =>
      me.permissions.includes('orgunit.read')
        ? api<OrgUnit>(unitPath, { signal }).catch(() => undefined)
        : Promise.resolve(undefined),
    [id],
  );
  const charts = useMemo(() => {
    // A unit without anyone counted has no share to draw (a 0% bar would say otherwise).
    const rows = (dashboard.data?.rows ?? []).filter((r) => r.schoolsCounted > 0 && r.people > 0);
    return {
      approved: rows.map((r) => ({ label: r.name, value: r.approvedPct / 100 })),
      reached: rows.map((r) => ({ label: r.name, value: r.reachedPct / 100 })),
    };
  }, [dashboard.data]);

  const u = unit.data;
  const isCommune = u
    ? COMMUNE_KINDS.includes(u.kind)
    : (dashboard.data?.rows.some((r) => r.kind === 'school') ?? false);
  // Back up to the unit above when the person oversees it too (the Department, on a commune).
  const overseesParent =
    !!u?.parentId &&
    me.roles.some((r) => {
      const [audience] = audiencesOf({ roles: [r] });
      return (
        (audience === 'department' || audience === 'commune') &&
        !!r.scopeOrgUnitId &&
        r.scopeOrgUnitId !== u.orgUnitId &&
        u.lineage.includes(r.scopeOrgUnitId)
      );
    });
  const yearQuery = year === thisYear() ? '' : `?year=${year}`;

  return (
    <>
      <h1>{t('bdtxDash.title')}</h1>
      {u && (
        <p class="lead" data-testid="bdtx-dashboard-unit">
          {u.name}
        </p>
      )}
      {(overseesParent || isCommune) && (
        <nav class="actions" aria-label={t('bdtxDash.related')}>
          {overseesParent && u && (
            <a href={`/units/${encodeURIComponent(u.parentId)}/bdtx-dashboard${yearQuery}`}>
              {t('bdtxDash.up', { name: u.parentName ?? u.parentId })}
            </a>
          )}
          {isCommune && (
            <a href={`/units/${encodeURIComponent(id)}/bdtx-plan-summary`}>{t('bdtxDash.toSummary')}</a>
          )}
        </nav>
      )}
      <YearPicker year={year} onChange={setYear} />
      {dashboard.error ? (
        <ErrorPanel error={dashboard.error} retry={dashboard.reload} />
      ) : !dashboard.data ? (
        <Loading />
      ) : (
        <DashboardBody
          data={dashboard.data}
          isCommune={isCommune}
          charts={charts}
          filter={filter}
          onFilter={setFilter}
          yearQuery={yearQuery}
        />
      )}
    </>
  );
}

function DashboardBody({
  data,
  isCommune,
  charts,
  filter,
  onFilter,
  yearQuery,
}: {
  data: BdtxDashboard;
  isCommune: boolean;
  charts: { approved: { label: string; value: number }[]; reached: { label: string; value: number }[] };
  filter: ReturnType<typeof useUrlFilter>[0];
  onFilter: ReturnType<typeof useUrlFilter>[1];
  yearQuery: string;
}) {
  const s = data.total;
  const figures: [string, string, string][] = [
    ['people', formatNumber(s.people), t('bdtxDash.people')],
    ['approvedPct', formatPct(s.approvedPct), t('bdtxDash.approvedPct', { approved: s.approved })],
    ['reachedPct', formatPct(s.reachedPct), t('bdtxDash.reachedPct', { reached: s.reached })],
    ['averagePeriods', oneDecimal(s.averagePeriods), t('bdtxDash.average')],
    ['behind', formatNumber(s.behind), t('bdtxDash.behind')],
  ];
  /** Figures mean nothing where no school is counted yet, shares where nobody must plan: "—", sorted last. */
  const counted = (r: DashboardRow) => r.schoolsCounted > 0;
  const anyone = (r: DashboardRow) => counted(r) && r.people > 0;
  const share = (pct: number, n: number, r: DashboardRow) =>
    anyone(r) ? t('bdtxDash.shareOf', { pct: formatPct(pct), n, people: r.people }) : '—';
  const count = (
    key: 'people' | 'submitted' | 'overdue' | 'behind',
    header: string,
  ): UnitColumn<DashboardRow> => ({
    key,
    header,
    value: (r) => (counted(r) ? r[key] : null),
    cell: (r) => (counted(r) ? formatNumber(r[key]) : '—'),
  });
  const columns: UnitColumn<DashboardRow>[] = [
    ...(isCommune
      ? []
      : [
          {
            key: 'schools',
            header: t('bdtxDash.col.schools'),
            value: (r: DashboardRow) => r.schools,
            cell: (r: DashboardRow) => (
              <>
                {formatNumber(r.schools)}
                {r.schoolsCounted < r.schools && (
                  <span class="hint" data-testid="schools-counted">
                    {' '}
                    ({t('bdtxDash.counted', { counted: r.schoolsCounted, schools: r.schools })})
                  </span>
                )}
              </>
            ),
          },
        ]),
    count('people', t('bdtxDash.col.people')),
    {
      key: 'approvedPct',
      header: t('bdtxDash.col.approved'),
      value: (r) => (anyone(r) ? r.approvedPct : null),
      cell: (r) => share(r.approvedPct, r.approved, r),
      first: 'ascending',
    },
    count('submitted', t('bdtxDash.col.submitted')),
    count('overdue', t('bdtxDash.col.overdue')),
    {
      key: 'reachedPct',
      header: t('bdtxDash.col.reached'),
      value: (r) => (anyone(r) ? r.reachedPct : null),
      cell: (r) => share(r.reachedPct, r.reached, r),
      first: 'ascending',
    },
    {
      key: 'averagePeriods',
      header: t('bdtxDash.col.average'),
      value: (r) => (anyone(r) ? r.averagePeriods : null),
      cell: (r) => (anyone(r) ? oneDecimal(r.averagePeriods) : '—'),
      first: 'ascending',
    },
    count('behind', t('bdtxDash.col.behind')),
  ];
  return (
    <>
      <section class="panel" aria-labelledby="bdtx-figures-title">
        <h2 id="bdtx-figures-title">{t('bdtxDash.figuresOf', { year: String(data.year) })}</h2>
        <p data-testid="bdtx-dashboard-at">
          {data.computedAt
            ? [
                t('bdtxDash.at', { at: formatDayTime(data.computedAt) }),
                // Schools not counted yet (new, or their recount still running).
                ...(s.schoolsCounted < s.schools && !isCommune
                  ? [t('bdtxDash.countedTotal', { counted: s.schoolsCounted, schools: s.schools })]
                  : []),
              ].join(' ')
            : t('bdtxDash.none', { year: String(data.year) })}
        </p>
        <ul class="figures" data-testid="bdtx-figures">
          {figures.map(([key, value, label]) => (
            <li key={key} data-figure={key}>
              <span class="figure">{value}</span> {label}
            </li>
          ))}
        </ul>
        <p class="hint">
          {t('bdtxDash.deadline', { deadline: lastDay(data.deadline) })} {t('bdtxDash.note')}
        </p>
      </section>
      {data.rows.length === 0 ? (
        <p class="empty">{t('bdtxDash.noRows')}</p>
      ) : (
        <>
          {charts.approved.length > 0 && (
            <section class="panel" aria-label={t('bdtxDash.charts')}>
              <BarChart title={t('bdtxDash.approvedChart')} rows={charts.approved} percent />
              <BarChart title={t('bdtxDash.reachedChart')} rows={charts.reached} percent />
            </section>
          )}
          <section class="panel" aria-labelledby="bdtx-rows-title">
            <h2 id="bdtx-rows-title">{isCommune ? t('bdtxDash.bySchool') : t('bdtxDash.byCommune')}</h2>
            <UnitTable
              testId="bdtx-dashboard"
              rows={data.rows}
              rowKey={(r) => r.orgUnitId}
              facts={bdtxFacts}
              filter={filter}
              onFilter={onFilter}
              name={{
                header: isCommune ? t('bdtxDash.school') : t('bdtxDash.unit'),
                text: (r) => r.name,
                cell: (r) =>
                  COMMUNE_KINDS.includes(r.kind) ? (
                    <a href={`/units/${encodeURIComponent(r.orgUnitId)}/bdtx-dashboard${yearQuery}`}>
                      {r.name}
                    </a>
                  ) : (
                    r.name
                  ),
              }}
              columns={columns}
            />
          </section>
        </>
      )}
    </>
  );
}
