/**
 * The education database screens: a unit's records of one kind (search, status, submit the
 * drafts, import a spreadsheet with progress and its error report), one record (its data, the
 * approved copy, versions, edit and submit), and the form for a new record.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, type Page, uploadFile } from '../api/client.ts';
import type {
  BatchResult,
  EduRecord,
  JobStatus,
  ListedRecord,
  Me,
  OrgUnit,
  RecordImport,
  RecordVersion,
} from '../api/types.ts';
import { formatDateTime, formatDay, type MessageKey, t } from '../i18n/index.ts';
import { DecisionForm } from '../ui/decision.tsx';
import { Field, FormProblem, formValues, Select, useSubmit } from '../ui/form.tsx';
import { useAsync, usePaged } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';
import { SchoolPicker, useSchoolNames } from '../ui/pickers.tsx';
import { ErrorPanel, Loading, ProgressBar } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';
import {
  dataFromForm,
  type FieldSpec,
  fieldLabel,
  fieldsOf,
  IMPORTABLE,
  kindsFor,
  showValue,
  valueAt,
} from './edu-fields.ts';
import { ResultRecordView } from './result-record.tsx';

const PAGE_SIZE = 25;
const POLL_MS = 1000;
const enc = encodeURIComponent;
export const kindLabel = (kind: string) => t(`record.kind.${kind}` as MessageKey);
const statusLabel = (status: string) => t(`record.status.${status}` as MessageKey);

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-${status}`}>{statusLabel(status)}</span>;
}

export function RecordsPage({ me, id, kind }: { me: Me; id: string; kind: string }) {
  const unit = useAsync((signal) => api<OrgUnit>(`/org-units/${enc(id)}`, { signal }), [id]);
  const [q, setQ] = useState('');
  // Set when the person presses Enter in the search: the results then take the focus.
  const [searched, setSearched] = useState<string>();
  const [refresh, setRefresh] = useState(0);
  usePageTitle(`${kindLabel(kind)} — ${unit.data?.name ?? id}`);
  const cityWide = unit.data?.kind === 'department' && kind !== 'school-year';
  const canList = !cityWide || q.trim().length >= 2;
  const list = usePaged<ListedRecord>(
    (cursor, signal) =>
      !canList
        ? Promise.resolve({ items: [] })
        : q.trim()
          ? // Names and ID codes are personal data: they travel in the body, never in the address.
            api<Page<ListedRecord>>(`/org-units/${enc(id)}/records/${kind}/search`, {
              method: 'POST',
              body: { q: q.trim(), limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) },
              signal,
            })
          : api<Page<ListedRecord>>(`/org-units/${enc(id)}/records/${kind}`, {
              query: { limit: PAGE_SIZE, cursor },
              signal,
            }),
    [id, kind, q, canList, refresh],
  );
  const isSchool = unit.data?.kind === 'school';
  const ownsKind = isSchool
    ? kind !== 'school-year'
    : unit.data?.kind === 'department' && kind === 'school-year';
  const canWrite = me.permissions.includes('edudata.write') && ownsKind;
  if (unit.error) return <ErrorPanel error={unit.error} retry={unit.reload} />;
  if (!unit.data) return <Loading />;
  const drafts = (list.data?.items ?? []).filter((r) => r.status === 'draft' || r.status === 'returned');
  return (
    <>
      <h1>
        {kindLabel(kind)} — {unit.data.name}
      </h1>
      <nav class="tabs" aria-label={t('records.kinds')}>
        {kindsFor(unit.data.kind).map((k) => (
          <a key={k} href={`/units/${enc(id)}/records/${k}`} aria-current={k === kind ? 'page' : undefined}>
            {kindLabel(k)}
          </a>
        ))}
      </nav>
      <section class="panel">
        <form
          class="inline"
          aria-label={t('records.searchForm')}
          onSubmit={(e) => {
            e.preventDefault();
            setSearched(`${q}#${Date.now()}`);
          }}
        >
          <Field
            name="q"
            label={t('records.search')}
            hint={cityWide ? t('records.searchCity') : t('records.searchHint')}
            value={q}
            onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)}
          />
        </form>
        {canWrite && (
          <p>
            <a class="button" href={`/units/${enc(id)}/records/${kind}/new`}>
              {t('records.new')}
            </a>
          </p>
        )}
        <PagedList state={list} label={t('records.pages')} searchKey={searched}>
          {(items) => (
            <DataTable
              testId="records"
              items={items}
              rowKey={(r) => r.recordId}
              columns={[
                { header: t('records.name'), cell: (r) => <a href={`/records/${r.recordId}`}>{r.name}</a> },
                // Two learners of the same name are told apart by birth date, class and school.
                ...(kind === 'student'
                  ? [
                      {
                        header: t('records.born'),
                        cell: (r: ListedRecord) =>
                          typeof r.data.dateOfBirth === 'string' ? formatDay(r.data.dateOfBirth) : '',
                      },
                      { header: t('records.class'), cell: (r: ListedRecord) => r.className ?? '' },
                    ]
                  : []),
                ...(isSchool
                  ? []
                  : [{ header: t('records.school'), cell: (r: ListedRecord) => r.schoolName ?? '' }]),
                { header: t('records.status'), cell: (r) => <StatusBadge status={r.status} /> },
                { header: t('records.version'), cell: (r) => r.version },
                { header: t('records.updated'), cell: (r) => formatDateTime(r.updatedAt) },
              ]}
            />
          )}
        </PagedList>
        {canList && <ExportList orgUnitId={id} kind={kind} q={q.trim()} />}
        {canWrite && drafts.length > 0 && (
          <SubmitDrafts drafts={drafts} onDone={() => setRefresh((n) => n + 1)} />
        )}
      </section>
      {canWrite && IMPORTABLE.has(kind) && (
        <ImportRecords schoolId={id} kind={kind} onDone={() => setRefresh((n) => n + 1)} />
      )}
    </>
  );
}

function SubmitDrafts({ drafts, onDone }: { drafts: EduRecord[]; onDone: () => void }) {
  const [note, setNote] = useState<string>();
  const submit = useSubmit(
    () =>
      api<BatchResult>('/records/submissions', {
        method: 'POST',
        body: { records: drafts.map((r) => ({ recordId: r.recordId, expectedVersion: r.version })) },
      }),
    (result) => {
      setNote(t('records.submitted', { count: result.results.filter((r) => r.ok).length }));
      onDone();
    },
  );
  return (
    <form onSubmit={submit.onSubmit}>
      <FormProblem problem={submit.problem} failure={submit.failure} fields={[]} />
      <button type="submit" class="primary" disabled={submit.busy}>
        {t('records.submitDrafts', { count: drafts.length })}
      </button>
      {note && (
        <p class="success" role="status">
          {note}
        </p>
      )}
    </form>
  );
}

interface RecordExport {
  exportId: string;
  status: JobStatus;
  rowCount?: number;
  truncated?: boolean;
  downloadUrl?: string;
}

/** Any list to XLSX: a worker writes the file; the page follows it and offers the download. */
function ExportList({ orgUnitId, kind, q }: { orgUnitId: string; kind: string; q: string }) {
  const [job, setJob] = useState<RecordExport>();
  const submit = useSubmit(
    () =>
      api<RecordExport>(`/org-units/${enc(orgUnitId)}/record-exports`, {
        method: 'POST',
        body: { kind, ...(q ? { q } : {}) },
      }),
    setJob,
  );
  useEffect(() => {
    if (job?.status !== 'pending') return;
    const timer = setTimeout(() => {
      api<RecordExport>(`/record-exports/${job.exportId}`).then(setJob, () => undefined);
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);
  return (
    <form onSubmit={submit.onSubmit} class="export">
      <FormProblem problem={submit.problem} failure={submit.failure} fields={[]} />
      <button type="submit" disabled={submit.busy || job?.status === 'pending'}>
        {t('records.export')}
      </button>
      {job?.status === 'pending' && (
        <ProgressBar value={50} label={t('records.export')} text={t('records.exporting')} />
      )}
      {job?.status === 'done' && job.downloadUrl && (
        <p role="status">
          <a class="button" href={job.downloadUrl} download>
            {t('records.exportReady', { count: job.rowCount ?? 0 })}
          </a>
          {job.truncated && <span class="hint"> {t('records.exportTruncated')}</span>}
        </p>
      )}
    </form>
  );
}

/** Upload to S3 through the API's link, then follow the worker's progress row by row. */
function ImportRecords({ schoolId, kind, onDone }: { schoolId: string; kind: string; onDone: () => void }) {
  const [job, setJob] = useState<RecordImport>();
  const [uploading, setUploading] = useState(false);
  // The parent passes a new callback on every render; the effect must not re-run for that.
  const done = useRef(onDone);
  done.current = onDone;
  const submit = useSubmit(
    async (form) => {
      const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
      if (!file) return undefined;
      setUploading(true);
      const created = await api<RecordImport>(`/org-units/${enc(schoolId)}/record-imports`, {
        method: 'POST',
        body: { kind, submit: (form.elements.namedItem('submit') as HTMLInputElement).checked },
      });
      await uploadFile(created.upload!, file);
      return created;
    },
    (created) => {
      setUploading(false);
      if (created) setJob(created);
    },
  );
  useEffect(() => {
    if (!job) return;
    if (job.status === 'done' || job.status === 'failed') {
      done.current();
      return;
    }
    const timer = setTimeout(() => {
      api<RecordImport>(`/record-imports/${job.importId}`).then(setJob, () => undefined);
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);
  const running = uploading || (job && (job.status === 'awaiting-upload' || job.status === 'running'));
  const percent = job?.totalRows ? (100 * (job.processedRows ?? 0)) / job.totalRows : uploading ? 5 : 15;
  return (
    <section class="panel">
      <form class="stacked" onSubmit={submit.onSubmit} aria-labelledby="import-records">
        <h2 id="import-records">{t('records.import', { kind: kindLabel(kind) })}</h2>
        <p class="hint">
          {t('records.importIntro')}{' '}
          <a href={`/templates/${kind}.xlsx`} download>
            {t('records.template')}
          </a>
        </p>
        <Field name="file" type="file" label={t('import.file')} required accept=".xlsx" />
        <div class="field checkbox">
          <input type="checkbox" id="import-submit" name="submit" />
          <label for="import-submit">{t('records.importSubmit')}</label>
        </div>
        <FormProblem problem={submit.problem} failure={submit.failure} fields={[]} />
        <button type="submit" class="primary" disabled={Boolean(running)}>
          {t('import.button')}
        </button>
      </form>
      {running && (
        <ProgressBar
          value={percent}
          label={t('import.progress')}
          text={
            job?.totalRows
              ? t('records.importProgress', { done: job.processedRows ?? 0, total: job.totalRows })
              : t('import.uploading')
          }
        />
      )}
      {job?.status === 'done' && (
        <div role="status" data-testid="import-result">
          <p class={job.invalid ? 'field-error' : 'success'}>
            {t('records.importDone', {
              created: job.created ?? 0,
              updated: job.updated ?? 0,
              unchanged: job.unchanged ?? 0,
              invalid: job.invalid ?? 0,
            })}
          </p>
          {job.reportUrl && (
            <a class="button" href={job.reportUrl} download>
              {t('records.importReport')}
            </a>
          )}
        </div>
      )}
      {job?.status === 'failed' && (
        <p class="field-error" role="alert">
          {job.error}
        </p>
      )}
    </section>
  );
}

/** One input per field, prefilled from `data`; classes are chosen from the school's classes. */
function RecordFields({
  kind,
  schoolId,
  data,
  problem,
}: {
  kind: string;
  schoolId: string;
  data: Record<string, unknown>;
  problem: ReturnType<typeof useSubmit>['problem'];
}) {
  const classes = useAsync(
    (signal) =>
      kind === 'student'
        ? api<Page<EduRecord>>(`/org-units/${enc(schoolId)}/records/class`, { query: { limit: 100 }, signal })
        : Promise.resolve({ items: [] as EduRecord[] }),
    [kind, schoolId],
  );
  const input = (field: FieldSpec) => {
    const name = `data.${field.path}`;
    const value = valueAt(data, field.path);
    const label = fieldLabel(field.path);
    if (field.type === 'select' || field.type === 'class') {
      const options =
        field.type === 'class'
          ? Object.fromEntries((classes.data?.items ?? []).map((c) => [c.recordId, c.name]))
          : (field.options ?? {});
      return (
        <Select
          key={name}
          name={name}
          label={label}
          problem={problem}
          value={value === undefined ? '' : String(value)}
          options={[
            { value: '', label: '—' },
            ...Object.entries(options).map(([v, l]) => ({ value: v, label: l })),
          ]}
        />
      );
    }
    if (field.type === 'checkbox')
      return (
        <div class="field checkbox" key={name}>
          <input type="checkbox" id={name} name={name} checked={Boolean(value)} />
          <label for={name}>{label}</label>
        </div>
      );
    if (field.type === 'choices')
      return (
        <fieldset class="field" key={name}>
          <legend>{label}</legend>
          {Object.entries(field.options ?? {}).map(([v, l]) => (
            <label class="choice" key={v}>
              <input
                type="checkbox"
                name={name}
                value={v}
                checked={((value as string[]) ?? []).includes(v)}
              />{' '}
              {l}
            </label>
          ))}
        </fieldset>
      );
    return (
      <Field
        key={name}
        name={name}
        label={label}
        problem={problem}
        required={field.required}
        type={field.type === 'list' ? 'text' : field.type}
        step={field.type === 'number' ? 'any' : undefined}
        value={value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value)}
      />
    );
  };
  return <>{fieldsOf(kind).map(input)}</>;
}

const formFields = (kind: string) => fieldsOf(kind).map((f) => `data.${f.path}`);

export function NewRecordPage({ id, kind }: { me: Me; id: string; kind: string }) {
  const { route } = useLocation();
  usePageTitle(t('records.new'));
  const submit = useSubmit(
    (form) =>
      api<EduRecord>(`/org-units/${enc(id)}/records/${kind}`, {
        method: 'POST',
        body: { data: dataFromForm(kind, form) },
      }),
    (created) => route(`/records/${created.recordId}`),
  );
  return (
    <>
      <h1>
        {t('records.new')}: {kindLabel(kind)}
      </h1>
      <form class="stacked panel" onSubmit={submit.onSubmit} noValidate>
        <RecordFields
          kind={kind}
          schoolId={id}
          data={kind === 'student' ? { status: 'enrolled', ethnicity: '01' } : {}}
          problem={submit.problem}
        />
        <FormProblem problem={submit.problem} failure={submit.failure} fields={formFields(kind)} />
        <button type="submit" class="primary" disabled={submit.busy}>
          {t('records.saveDraft')}
        </button>
      </form>
    </>
  );
}

export function RecordPage({ me, id }: { me: Me; id: string }) {
  const record = useAsync((signal) => api<EduRecord>(`/records/${id}`, { signal }), [id]);
  const [editing, setEditing] = useState(false);
  usePageTitle(record.data?.name ?? t('records.record'));
  if (record.error) return <ErrorPanel error={record.error} retry={record.reload} />;
  if (!record.data) return <Loading />;
  const r = record.data;
  const canWrite = me.permissions.includes('edudata.write');
  return (
    <>
      <h1>{r.name}</h1>
      <p>
        {kindLabel(r.kind)} · <a href={`/units/${enc(r.schoolId)}/records/${r.kind}`}>{r.schoolId}</a> ·{' '}
        <StatusBadge status={r.status} /> · {t('records.version')} {r.version}
      </p>
      {r.returnReason && (
        <p class="field-error" role="alert">
          {t('records.returned', { reason: r.returnReason })}
        </p>
      )}
      {editing ? (
        <EditRecord
          record={r}
          onSaved={() => {
            setEditing(false);
            record.reload();
          }}
        />
      ) : (
        <section class="panel">
          {r.kind === 'result' ? (
            <ResultRecordView data={r.data} />
          ) : (
            <dl class="details" data-testid="record-data">
              {fieldsOf(r.kind).map((f) => (
                <>
                  <dt key={`${f.path}-t`}>{fieldLabel(f.path)}</dt>
                  <dd key={`${f.path}-d`}>{showValue(f, valueAt(r.data, f.path))}</dd>
                </>
              ))}
            </dl>
          )}
          {r.approved && (
            <p class="hint">
              {t('records.approvedCopy', {
                version: r.approved.version,
                at: formatDateTime(r.approved.approvedAt),
              })}
            </p>
          )}
          {/* A result comes from the grade book: never edited here. */}
          {canWrite && r.status !== 'submitted' && r.kind !== 'result' && (
            <div class="actions">
              <button type="button" onClick={() => setEditing(true)}>
                {t('records.edit')}
              </button>
              {(r.status === 'draft' || r.status === 'returned') && (
                <SubmitDrafts drafts={[r]} onDone={record.reload} />
              )}
            </div>
          )}
        </section>
      )}
      {me.permissions.includes('edudata.approve') && r.status === 'submitted' && (
        <Decide record={r} onDone={record.reload} />
      )}
      {canWrite && r.kind === 'student' && r.status !== 'submitted' && <Transfer record={r} />}
      {canWrite &&
        r.kind !== 'student' &&
        r.kind !== 'result' &&
        r.status !== 'submitted' &&
        r.approved?.event !== 'cancel' && <Cancel record={r} onDone={record.reload} />}
      <Versions recordId={r.recordId} refresh={r.version} />
    </>
  );
}

/** The commune decides on one record from its page (the queue does many at once). */
function Decide({ record, onDone }: { record: EduRecord; onDone: () => void }) {
  const [outcome, setOutcome] = useState<string>();
  return (
    <section class="panel" aria-labelledby="decide-record">
      <h2 id="decide-record">{t('approvals.title')}</h2>
      {outcome && <p class="field-error">{outcome}</p>}
      <DecisionForm
        testId="record-decision"
        reason={{
          name: 'reason',
          label: t('approvals.reason'),
          hint: t('approvals.reasonHint'),
          requiredMessage: t('approvals.reasonRequired'),
        }}
        choices={[
          {
            value: 'approve',
            primary: true,
            label: t('approvals.approve', { count: 1 }),
            question: t('approvals.confirmApproveOne', { name: record.name }),
            confirm: t('approvals.doApprove'),
          },
          {
            value: 'return',
            needsReason: true,
            label: t('approvals.return', { count: 1 }),
            question: t('approvals.confirmReturnOne', { name: record.name }),
            confirm: t('approvals.doReturn'),
          },
        ]}
        send={(decision, reason) =>
          api<BatchResult>('/records/decisions', {
            method: 'POST',
            body: {
              decision,
              ...(reason ? { reason } : {}),
              records: [{ recordId: record.recordId, expectedVersion: record.version }],
            },
          })
        }
        onDone={(result) => {
          const [first] = result.results;
          if (first?.ok) onDone();
          else setOutcome(first?.problem?.detail ?? first?.problem?.title);
        }}
      />
    </section>
  );
}

/**
 * A learner moves to another school with their whole history; the new commune approves. The
 * sending school may no longer read the record afterwards: the form says where the learner went
 * and leads back to the school's list instead of reloading it.
 */
function Transfer({ record }: { record: EduRecord }) {
  const [moved, setMoved] = useState<EduRecord>();
  const schoolName = useSchoolNames();
  const submit = useSubmit(
    (form) =>
      api<EduRecord>(`/records/${record.recordId}/transfer`, {
        method: 'POST',
        body: { expectedVersion: record.version, ...formValues(form) },
      }),
    setMoved,
  );
  if (moved)
    return (
      <section class="panel" aria-labelledby="transfer-record">
        <h2 id="transfer-record">{t('records.transfer')}</h2>
        <p class="success" role="status" data-testid="transferred">
          {t('records.transferred', { name: record.name, school: schoolName(moved.schoolId) })}
        </p>
        <p>
          <a href={`/units/${enc(record.schoolId)}/records/student`}>{t('records.backToList')}</a>
        </p>
      </section>
    );
  return (
    <form class="stacked panel" onSubmit={submit.onSubmit} aria-labelledby="transfer-record">
      <h2 id="transfer-record">{t('records.transfer')}</h2>
      <SchoolPicker
        name="toSchoolId"
        legend={t('records.transferTo')}
        hint={t('records.transferHint')}
        required
        problem={submit.problem}
        exclude={[record.schoolId]}
        testId="transfer-school"
      />
      <Field name="on" type="date" label={t('records.transferOn')} required problem={submit.problem} />
      <Field name="reason" label={t('records.reason')} required problem={submit.problem} />
      <FormProblem
        problem={submit.problem}
        failure={submit.failure}
        fields={['toSchoolId', 'on', 'reason']}
      />
      <button type="submit" disabled={submit.busy}>
        {t('records.transfer')}
      </button>
    </form>
  );
}

/** Proposes cancelling a record entered by mistake; the commune approves the cancellation. */
function Cancel({ record, onDone }: { record: EduRecord; onDone: () => void }) {
  const submit = useSubmit(
    (form) =>
      api<EduRecord>(`/records/${record.recordId}/cancel`, {
        method: 'POST',
        body: { expectedVersion: record.version, ...formValues(form) },
      }),
    onDone,
  );
  return (
    <form class="stacked panel" onSubmit={submit.onSubmit} aria-labelledby="cancel-record">
      <h2 id="cancel-record">{t('records.cancel')}</h2>
      <Field name="reason" label={t('records.reason')} required problem={submit.problem} />
      <FormProblem problem={submit.problem} failure={submit.failure} fields={['reason']} />
      <button type="submit" disabled={submit.busy}>
        {t('records.cancel')}
      </button>
    </form>
  );
}

function EditRecord({ record, onSaved }: { record: EduRecord; onSaved: () => void }) {
  const submit = useSubmit(
    (form) =>
      api<EduRecord>(`/records/${record.recordId}`, {
        method: 'PUT',
        body: {
          expectedVersion: record.version,
          data: { ...record.data, ...dataFromForm(record.kind, form) },
        },
      }),
    onSaved,
  );
  return (
    <form class="stacked panel" onSubmit={submit.onSubmit} noValidate>
      <RecordFields
        kind={record.kind}
        schoolId={record.schoolId}
        data={record.data}
        problem={submit.problem}
      />
      <FormProblem problem={submit.problem} failure={submit.failure} fields={formFields(record.kind)} />
      <button type="submit" class="primary" disabled={submit.busy}>
        {t('records.saveDraft')}
      </button>
    </form>
  );
}

function Versions({ recordId, refresh }: { recordId: string; refresh: number }) {
  const versions = useAsync(
    (signal) => api<Page<RecordVersion>>(`/records/${recordId}/versions`, { query: { limit: 50 }, signal }),
    [recordId, refresh],
  );
  if (!versions.data) return null;
  return (
    <section class="panel">
      <h2>{t('records.versions')}</h2>
      <DataTable
        testId="versions"
        items={versions.data.items}
        rowKey={(v) => String(v.version)}
        columns={[
          { header: t('records.version'), cell: (v) => v.version },
          { header: t('records.action'), cell: (v) => t(`record.action.${v.action}` as MessageKey) },
          { header: t('records.status'), cell: (v) => <StatusBadge status={v.status} /> },
          {
            header: t('records.by'),
            cell: (v) => v.byName ?? (v.by.startsWith('system:') ? t('records.bySystem') : v.by),
          },
          { header: t('records.updated'), cell: (v) => formatDateTime(v.at) },
          { header: t('records.reason'), cell: (v) => v.reason ?? '' },
        ]}
      />
    </section>
  );
}
