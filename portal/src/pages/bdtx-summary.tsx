/**
 * A commune's view of the year's BDTX plans: each school, how many people must plan, how many
 * plans are approved, waiting, not approved and overdue, with the approved share as a bar; each
 * school's own list is its leaders' (who is behind is shown there). The commune's figures (shares
 * approved and reaching 120 periods, charts) are the BDTX dashboard's, linked from here.
 */
import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { formatShare, t } from '../i18n/index.ts';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { ErrorPanel, Loading, ProgressBar } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';
import { lastDay, thisYear, YearPicker } from './courses.tsx';

interface SchoolRow {
  orgUnitId: string;
  name: string;
  people: number;
  approved: number;
  submitted: number;
  notApproved: number;
  overdue: number;
}

export function BdtxSummaryPage({ id }: { me: Me; id: string }) {
  usePageTitle(t('bdtxSummary.title'));
  const [year, setYear] = useState(thisYear());
  const summary = useAsync(
    (signal) =>
      api<{ deadline: string; schools: SchoolRow[] }>(
        `/org-units/${encodeURIComponent(id)}/bdtx-plan-summary`,
        {
          query: { year },
          signal,
        },
      ),
    [id, year],
  );
  const rows = summary.data?.schools ?? [];
  const sum = (f: (r: SchoolRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  return (
    <>
      <h1>{t('bdtxSummary.title')}</h1>
      <p>
        <a
          href={`/units/${encodeURIComponent(id)}/bdtx-dashboard${year === thisYear() ? '' : `?year=${year}`}`}
        >
          {t('bdtxSummary.toDashboard')}
        </a>
      </p>
      <YearPicker year={year} onChange={setYear} />
      {summary.error ? (
        <ErrorPanel error={summary.error} retry={summary.reload} />
      ) : !summary.data ? (
        <Loading />
      ) : (
        <>
          <p data-testid="bdtx-summary-total">
            {t('bdtxSummary.total', {
              deadline: lastDay(summary.data.deadline),
              schools: rows.length,
              people: sum((r) => r.people),
              approved: sum((r) => r.approved),
              notApproved: sum((r) => r.notApproved),
              overdue: sum((r) => r.overdue),
            })}
          </p>
          <DataTable
            testId="bdtx-summary"
            items={rows}
            rowKey={(r) => r.orgUnitId}
            columns={[
              { header: t('bdtxSummary.school'), cell: (r) => r.name },
              { header: t('bdtxSummary.people'), cell: (r) => r.people },
              {
                header: t('bdtxSummary.approved'),
                cell: (r) => (
                  <ProgressBar
                    value={r.people ? (r.approved / r.people) * 100 : 0}
                    label={t('bdtxSummary.approvedOf', { name: r.name })}
                    text={`${r.approved}/${r.people} (${formatShare(r.people ? r.approved / r.people : 0)})`}
                  />
                ),
              },
              { header: t('bdtxSummary.submitted'), cell: (r) => r.submitted },
              { header: t('bdtxSummary.notApproved'), cell: (r) => r.notApproved },
              {
                header: t('bdtxSummary.overdue'),
                cell: (r) => (r.overdue ? <span class="badge badge-returned">{r.overdue}</span> : '0'),
              },
            ]}
          />
        </>
      )}
    </>
  );
}
