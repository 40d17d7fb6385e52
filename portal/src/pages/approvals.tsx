/** The approval queue of a commune (or of the department for the schools it manages directly). */
import { useState } from 'preact/hooks';
import { api, type Page } from '../api/client.ts';
import type { BatchResult, Me, QueueEntry } from '../api/types.ts';
import { formatDateTime, t } from '../i18n/index.ts';
import { DecisionForm } from '../ui/decision.tsx';
import { usePaged } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';
import { DataTable } from '../ui/table.tsx';
import { kindLabel } from './records.tsx';

export function ApprovalsPage({ id }: { me: Me; id: string }) {
  usePageTitle(t('approvals.title'));
  const [refresh, setRefresh] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [outcome, setOutcome] = useState<string>();
  const queue = usePaged<QueueEntry>(
    (cursor, signal) =>
      api<Page<QueueEntry>>(`/org-units/${encodeURIComponent(id)}/approval-queue`, {
        query: { limit: 100, cursor },
        signal,
      }),
    [id, refresh],
  );
  const items = queue.data?.items ?? [];
  const chosen = items.filter((i) => selected.has(i.recordId));
  const toggle = (recordId: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(recordId)) next.delete(recordId);
      else next.add(recordId);
      return next;
    });
  const decided = (result: BatchResult, decision: 'approve' | 'return') => {
    const ok = result.results.filter((r) => r.ok).length;
    const failed = result.results.length - ok;
    setOutcome(
      [
        ok ? t(decision === 'approve' ? 'approvals.approved' : 'approvals.returned', { count: ok }) : '',
        failed ? t('approvals.notDone', { count: failed }) : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
    setSelected(new Set());
    setRefresh((n) => n + 1);
  };
  return (
    <>
      <h1>{t('approvals.title')}</h1>
      <section class="panel">
        <PagedList state={queue} label={t('records.pages')}>
          {(rows) => (
            <>
              <button type="button" onClick={() => setSelected(new Set(rows.map((r) => r.recordId)))}>
                {t('approvals.selectAll', { count: rows.length })}
              </button>
              <DataTable
                testId="approval-queue"
                items={rows}
                rowKey={(r) => r.recordId}
                columns={[
                  {
                    header: t('approvals.pick'),
                    cell: (r) => (
                      <input
                        type="checkbox"
                        aria-label={t('approvals.pickOne', { name: r.name })}
                        checked={selected.has(r.recordId)}
                        onChange={() => toggle(r.recordId)}
                      />
                    ),
                  },
                  { header: t('records.name'), cell: (r) => <a href={`/records/${r.recordId}`}>{r.name}</a> },
                  { header: t('approvals.kind'), cell: (r) => kindLabel(r.kind) },
                  { header: t('approvals.school'), cell: (r) => r.schoolName ?? r.schoolId },
                  { header: t('approvals.event'), cell: (r) => t(`record.event.${r.event}` as never) },
                  { header: t('approvals.submitted'), cell: (r) => formatDateTime(r.submittedAt) },
                ]}
              />
            </>
          )}
        </PagedList>
        <DecisionForm
          testId="approval-decision"
          reason={{
            name: 'reason',
            label: t('approvals.reason'),
            hint: t('approvals.reasonHint'),
            requiredMessage: t('approvals.reasonRequired'),
          }}
          disabled={chosen.length === 0}
          choices={[
            {
              value: 'approve',
              primary: true,
              label: t('approvals.approve', { count: chosen.length }),
              question: t('approvals.confirmApprove', { count: chosen.length }),
              confirm: t('approvals.doApprove'),
            },
            {
              value: 'return',
              needsReason: true,
              label: t('approvals.return', { count: chosen.length }),
              question: t('approvals.confirmReturn', { count: chosen.length }),
              confirm: t('approvals.doReturn'),
            },
          ]}
          send={(decision, reason) =>
            api<BatchResult>('/records/decisions', {
              method: 'POST',
              body: {
                decision,
                ...(reason ? { reason } : {}),
                records: chosen.map((i) => ({ recordId: i.recordId, expectedVersion: i.version })),
              },
            })
          }
          onDone={decided}
        />
        {outcome && (
          <p class="success" role="status">
            {outcome}
          </p>
        )}
      </section>
    </>
  );
}
