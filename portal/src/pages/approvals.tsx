/** The approval queue of a commune (or of the department for the schools it manages directly). */
import { useRef, useState } from 'preact/hooks';
import { api, type Page } from '../api/client.ts';
import type { BatchResult, Me, QueueEntry } from '../api/types.ts';
import { formatDateTime, t } from '../i18n/index.ts';
import { Field, FormProblem, useSubmit } from '../ui/form.tsx';
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
  // Which of the two submit buttons was pressed (set on click, read when the form submits).
  const decision = useRef<'approve' | 'return'>('approve');
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
  const decide = useSubmit(
    (form) => {
      const reason = (form.elements.namedItem('reason') as HTMLInputElement).value.trim();
      return api<BatchResult>('/records/decisions', {
        method: 'POST',
        body: {
          decision: decision.current,
          ...(reason ? { reason } : {}),
          records: chosen.map((i) => ({ recordId: i.recordId, expectedVersion: i.version })),
        },
      });
    },
    (result) => {
      const ok = result.results.filter((r) => r.ok).length;
      setOutcome(t('approvals.done', { ok, failed: result.results.length - ok }));
      setSelected(new Set());
      setRefresh((n) => n + 1);
    },
  );
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
                  { header: t('approvals.school'), cell: (r) => r.schoolId },
                  { header: t('approvals.event'), cell: (r) => t(`record.event.${r.event}` as never) },
                  { header: t('approvals.submitted'), cell: (r) => formatDateTime(r.submittedAt) },
                ]}
              />
            </>
          )}
        </PagedList>
        <form class="stacked" onSubmit={decide.onSubmit}>
          <Field
            name="reason"
            label={t('approvals.reason')}
            hint={t('approvals.reasonHint')}
            problem={decide.problem}
          />
          <FormProblem problem={decide.problem} failure={decide.failure} fields={['reason']} />
          <div class="actions">
            <button
              type="submit"
              class="primary"
              onClick={() => (decision.current = 'approve')}
              disabled={decide.busy || chosen.length === 0}
            >
              {t('approvals.approve', { count: chosen.length })}
            </button>
            <button
              type="submit"
              onClick={() => (decision.current = 'return')}
              disabled={decide.busy || chosen.length === 0}
            >
              {t('approvals.return', { count: chosen.length })}
            </button>
          </div>
        </form>
        {outcome && (
          <p class="success" role="status">
            {outcome}
          </p>
        )}
      </section>
    </>
  );
}
