/**
 * Professional records (hồ sơ chuyên môn): my records and a new one, a school's records and the
 * approval queue, and one record — its history, file versions (original and signed), a new
 * version's upload and submission, and the approver's decision.
 */
import { useState } from 'preact/hooks';
import { schoolYearOf } from '../../../functions/records/domain/records.ts';
import { api, type Page, type UploadLink, uploadFile } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { formatDateTime, formatNumber, t } from '../i18n/index.ts';
import { primaryScope } from '../nav.ts';
import { DecisionForm } from '../ui/decision.tsx';
import { Field, FormProblem, formValues, Select, TextArea, useSubmit } from '../ui/form.tsx';
import { useAsync, usePaged } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';
import { ErrorPanel, Loading } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';
import type { UnitFacts } from '../ui/unit-rows.ts';
import { type UnitColumn, UnitTable, useUrlFilter } from '../ui/unit-table.tsx';

const KINDS = [
  'teacher-plan',
  'lesson-plan',
  'group-teaching-plan',
  'group-activities-plan',
  'school-plan',
  'preschool-care-plan',
] as const;
const FILE_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
};

interface ProRecord {
  recordId: string;
  kind: string;
  schoolId: string;
  groupId?: string;
  authorId: string;
  authorName: string;
  schoolYear: string;
  title: string;
  lessons?: { lessonId: string; title: string; week?: number }[];
  lessonId?: string;
  lessonDate?: string;
  deadline?: string;
  status: 'draft' | 'submitted' | 'approved' | 'returned';
  step: number;
  /** The record waits at a step the viewer decides (never the author's own work). */
  yourStep?: boolean;
  fileVersion: number;
  history: { action: string; byName: string; at: string; version?: number; comment?: string }[];
  signatures: { signatureId: string; signerName: string; version: number; at: string }[];
  revision: number;
  files?: {
    version: number;
    fileName: string;
    size: number;
    sha256: string;
    uploadedAt: string;
    url: string;
    signedUrl?: string;
  }[];
}

const kindLabel = (kind: string) => t(`pro.kind.${kind}` as never);
const statusBadge = (status: string) => (
  <span class={`badge badge-${status}`}>{t(`pro.status.${status}` as never)}</span>
);

function RecordsTable({ items, testId }: { items: ProRecord[]; testId: string }) {
  return (
    <DataTable
      testId={testId}
      items={items}
      rowKey={(r) => r.recordId}
      columns={[
        {
          header: t('pro.title'),
          cell: (r) => <a href={`/professional-records/${r.recordId}`}>{r.title}</a>,
        },
        { header: t('pro.kind'), cell: (r) => kindLabel(r.kind) },
        { header: t('pro.author'), cell: (r) => r.authorName },
        { header: t('pro.deadline'), cell: (r) => r.deadline ?? '—' },
        { header: t('pro.status'), cell: (r) => statusBadge(r.status) },
      ]}
    />
  );
}

export function MyProfessionalRecordsPage({ me }: { me: Me }) {
  usePageTitle(t('pro.mine'));
  const [kind, setKind] = useState<string>('teacher-plan');
  const [refresh, setRefresh] = useState(0);
  const mine = usePaged<ProRecord>(
    (cursor, signal) =>
      api<Page<ProRecord>>('/me/professional-records', { query: { limit: 25, cursor }, signal }),
    [refresh],
  );
  const school = primaryScope(me) ?? '';
  const myGroup = me.roles.find((r) => r.groupId)?.groupId ?? '';
  const create = useSubmit(
    (form) => {
      const v = formValues(form);
      const lessons = (v.lessons ?? '')
        .split('\n')
        .map((l) => l.split('|').map((x) => x.trim()))
        .filter(([id]) => id)
        .map(([lessonId, title, week]) => ({
          lessonId: lessonId!,
          title: title || lessonId!,
          ...(week ? { week: Number(week) } : {}),
        }));
      return api<ProRecord>(`/org-units/${encodeURIComponent(v.school ?? school)}/professional-records`, {
        method: 'POST',
        body: {
          kind,
          schoolYear: v.schoolYear,
          title: v.title,
          ...(v.groupId ? { groupId: v.groupId } : {}),
          ...(v.subject ? { subject: v.subject } : {}),
          ...(lessons.length ? { lessons } : {}),
          ...(v.lessonId ? { lessonId: v.lessonId, lessonDate: v.lessonDate } : {}),
        },
      });
    },
    (r) => location.assign(`/professional-records/${r.recordId}`),
  );
  return (
    <>
      <h1>{t('pro.mine')}</h1>
      <section class="panel">
        <PagedList state={mine} label={t('pro.mine')}>
          {(items) => <RecordsTable items={items} testId="my-records" />}
        </PagedList>
        <button type="button" onClick={() => setRefresh((n) => n + 1)}>
          {t('pro.reload')}
        </button>
      </section>
      <section class="panel">
        <h2>{t('pro.new')}</h2>
        <form class="stacked" onSubmit={create.onSubmit} data-testid="new-record">
          <Select
            name="kind"
            label={t('pro.kind')}
            value={kind}
            onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value)}
            options={KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
          />
          <Field
            name="school"
            label={t('pro.school')}
            required
            defaultValue={school}
            problem={create.problem}
          />
          <Field
            name="schoolYear"
            label={t('pro.schoolYear')}
            required
            defaultValue={schoolYearOf(new Date())}
            problem={create.problem}
          />
          <Field name="title" label={t('pro.title')} required problem={create.problem} />
          {kind !== 'school-plan' && (
            <>
              <Field
                name="groupId"
                label={t('pro.group')}
                hint={t('pro.groupHint')}
                defaultValue={myGroup}
                problem={create.problem}
              />
              <Field
                name="subject"
                label={t('pro.subject')}
                hint={t('pro.subjectHint')}
                problem={create.problem}
              />
            </>
          )}
          {kind === 'teacher-plan' && (
            <TextArea
              name="lessons"
              label={t('pro.lessons')}
              hint={t('pro.lessonsHint')}
              rows={5}
              problem={create.problem}
            />
          )}
          {kind === 'lesson-plan' && (
            <>
              <Field
                name="lessonId"
                label={t('pro.lesson')}
                hint={t('pro.lessonHint')}
                required
                problem={create.problem}
              />
              <Field
                name="lessonDate"
                label={t('pro.lessonDate')}
                type="date"
                required
                problem={create.problem}
              />
            </>
          )}
          <FormProblem
            problem={create.problem}
            failure={create.failure}
            fields={['schoolYear', 'title', 'groupId', 'subject', 'lessonId', 'lessonDate']}
          />
          <div class="actions">
            <button type="submit" class="primary" disabled={create.busy}>
              {t('pro.create')}
            </button>
          </div>
        </form>
      </section>
    </>
  );
}

/** This school year and the two before it, newest first: what a filter offers. */
const recentSchoolYears = () => {
  const first = Number(schoolYearOf(new Date()).slice(0, 4));
  return [0, 1, 2].map((back) => `${first - back}-${first - back + 1}`);
};

export function SchoolProfessionalRecordsPage({ me, id }: { me: Me; id: string }) {
  usePageTitle(t('pro.school.title'));
  const [year, setYear] = useState(schoolYearOf(new Date()));
  // An approver opens on what waits for them; "submitted" shows every waiting record.
  const approver = me.permissions.includes('records.approve');
  const [status, setStatus] = useState(
    new URLSearchParams(location.search).get('status') ?? (approver ? 'awaiting' : 'submitted'),
  );
  const list = usePaged<ProRecord>(
    (cursor, signal) =>
      api<Page<ProRecord>>(`/org-units/${encodeURIComponent(id)}/professional-records`, {
        query: {
          schoolYear: year,
          ...(status === 'awaiting' ? { status: 'submitted', awaiting: 'me' } : { status }),
          limit: 50,
          cursor,
        },
        signal,
      }),
    [id, year, status],
  );
  return (
    <>
      <h1>{t('pro.school.title')}</h1>
      <p>
        <a href={`/units/${encodeURIComponent(id)}/record-oversight`}>{t('pro.oversight')}</a>
      </p>
      <section class="panel">
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          <Select
            name="year"
            label={t('pro.schoolYear')}
            value={year}
            onChange={(e) => setYear((e.currentTarget as HTMLSelectElement).value)}
            options={recentSchoolYears().map((y) => ({ value: y, label: y }))}
          />
          <Select
            name="status"
            label={t('pro.status')}
            value={status}
            onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value)}
            options={[
              ...(approver ? [{ value: 'awaiting', label: t('pro.awaitingMe') }] : []),
              { value: '', label: t('exam.all') },
              ...['submitted', 'approved', 'returned', 'draft'].map((s) => ({
                value: s,
                label: t(`pro.status.${s}` as never),
              })),
            ]}
          />
        </form>
        <PagedList state={list} label={t('pro.school.title')}>
          {(items) => <RecordsTable items={items} testId="school-records" />}
        </PagedList>
      </section>
    </>
  );
}

export function ProfessionalRecordPage({ me, id }: { me: Me; id: string }) {
  const record = useAsync((signal) => api<ProRecord>(`/professional-records/${id}`, { signal }), [id]);
  usePageTitle(record.data?.title ?? t('pro.mine'));
  const r = record.data;
  const upload = useSubmit(
    async (form) => {
      const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
      if (!file || !r) return undefined;
      const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
      const contentType = FILE_TYPES[extension] ?? file.type;
      const link = await api<{ version: number; upload: UploadLink }>(`/professional-records/${id}/uploads`, {
        method: 'POST',
        body: { fileName: file.name, contentType },
      });
      await uploadFile(link.upload, file);
      return api<ProRecord>(`/professional-records/${id}/submit`, {
        method: 'POST',
        body: { version: link.version, expectedRevision: r.revision },
      });
    },
    () => record.reload(),
  );
  const [decided, setDecided] = useState<string>();
  if (record.error) return <ErrorPanel error={record.error} retry={record.reload} />;
  if (!r) return <Loading />;
  const mine = r.authorId === me.sub && (r.status === 'draft' || r.status === 'returned');
  return (
    <>
      <h1>{r.title}</h1>
      <section class="panel">
        <dl class="details">
          <dt>{t('pro.kind')}</dt>
          <dd>{kindLabel(r.kind)}</dd>
          <dt>{t('pro.author')}</dt>
          <dd>{r.authorName}</dd>
          <dt>{t('pro.schoolYear')}</dt>
          <dd>{r.schoolYear}</dd>
          <dt>{t('pro.status')}</dt>
          <dd data-testid="record-status">{statusBadge(r.status)}</dd>
          {r.deadline && (
            <>
              <dt>{t('pro.deadline')}</dt>
              <dd>{r.deadline}</dd>
            </>
          )}
        </dl>
        {r.lessons && (
          <>
            <h2>{t('pro.lessons')}</h2>
            <ul>
              {r.lessons.map((l) => (
                <li key={l.lessonId}>
                  {l.lessonId}: {l.title}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section class="panel">
        <h2>{t('pro.files')}</h2>
        {r.files?.length ? (
          <DataTable
            testId="record-files"
            items={r.files}
            rowKey={(f) => String(f.version)}
            columns={[
              { header: t('pro.version'), cell: (f) => f.version },
              { header: t('pro.file'), cell: (f) => <a href={f.url}>{f.fileName}</a> },
              { header: t('pro.size'), cell: (f) => `${formatNumber(Math.ceil(f.size / 1024))} KB` },
              { header: t('pro.uploadedAt'), cell: (f) => formatDateTime(f.uploadedAt) },
              {
                header: t('pro.signed'),
                cell: (f) => (f.signedUrl ? <a href={f.signedUrl}>{t('pro.signedFile')}</a> : '—'),
              },
            ]}
          />
        ) : (
          <p>{t('pro.noFile')}</p>
        )}
        {r.signatures.length > 0 && (
          <ul data-testid="signatures">
            {r.signatures.map((s) => (
              <li key={s.signatureId}>
                {t('pro.signedBy', { name: s.signerName, at: formatDateTime(s.at), version: s.version })}{' '}
                <a href={`/verify/${s.signatureId}`}>{t('pro.verify')}</a>
              </li>
            ))}
          </ul>
        )}
        {mine && (
          <form class="stacked" onSubmit={upload.onSubmit}>
            <Field
              name="file"
              type="file"
              label={t('pro.upload')}
              hint={t('pro.uploadHint')}
              required
              accept=".pdf,.docx,.odt"
            />
            <FormProblem problem={upload.problem} failure={upload.failure} fields={[]} />
            <div class="actions">
              <button type="submit" class="primary" disabled={upload.busy}>
                {t('pro.submit')}
              </button>
            </div>
          </form>
        )}
      </section>
      {decided && (
        <p class="success" role="status">
          {decided}
        </p>
      )}
      {r.status === 'submitted' && r.yourStep && (
        <section class="panel">
          <h2>{t('pro.decide')}</h2>
          <DecisionForm
            testId="pro-decision"
            reason={{
              name: 'comment',
              label: t('pro.comment'),
              hint: t('pro.commentHint'),
              requiredMessage: t('pro.commentRequired'),
            }}
            choices={[
              {
                value: 'approve',
                primary: true,
                label: t('pro.approve'),
                question: t('pro.confirmApprove', { title: r.title }),
                confirm: t('pro.doApprove'),
              },
              {
                value: 'return',
                needsReason: true,
                label: t('pro.return'),
                question: t('pro.confirmReturn', { title: r.title, author: r.authorName }),
                confirm: t('pro.doReturn'),
              },
            ]}
            send={(decision, comment) =>
              api<ProRecord>(`/professional-records/${id}/decisions`, {
                method: 'POST',
                body: { decision, expectedRevision: r.revision, ...(comment ? { comment } : {}) },
              })
            }
            onDone={(_, decision) => {
              setDecided(
                t(decision === 'approve' ? 'pro.approvedSigned' : 'pro.returned', { author: r.authorName }),
              );
              record.reload();
            }}
          />
        </section>
      )}
      <section class="panel">
        <h2>{t('pro.history')}</h2>
        <DataTable
          testId="record-history"
          items={r.history}
          rowKey={(h) => `${h.at}-${h.action}`}
          columns={[
            { header: t('pro.when'), cell: (h) => formatDateTime(h.at) },
            { header: t('pro.who'), cell: (h) => h.byName },
            { header: t('pro.what'), cell: (h) => t(`pro.action.${h.action.split(':')[0]}` as never) },
            { header: t('pro.comment'), cell: (h) => h.comment ?? '' },
          ]}
        />
      </section>
    </>
  );
}

interface Counts {
  draft: number;
  submitted: number;
  approved: number;
  returned: number;
  overdue: number;
}

interface Oversight {
  total: Counts;
  byKind: Record<string, Counts>;
  byAuthor: Record<string, Counts & { name: string }>;
  overdue: { recordId: string; title: string; authorName: string; deadline: string; status: string }[];
  missingTeacherPlans?: { accountId: string; fullName: string }[];
  schools: (Counts & { schoolId: string; name: string })[];
  /** The city: each commune's counts, from the schools' tallies. */
  units?: (Counts & { unitId: string; name: string; schools: number; schoolsCounted: number })[];
  computedAt?: string;
}

/**
 * A commune or school behind on its records: records overdue, or returned and not sent again;
 * submitted records wait for a decision; a unit none of whose schools is counted has no data.
 */
function recordFacts(c: Counts & { schoolsCounted?: number; schools?: number }): UnitFacts {
  const noData =
    c.schoolsCounted !== undefined
      ? c.schoolsCounted === 0
      : c.submitted + c.approved + c.returned + c.draft === 0;
  const behind: string[] = [];
  // A commune with schools none of which is counted; a school without any record.
  if (noData && c.schools !== 0)
    behind.push(t(c.schoolsCounted === undefined ? 'pro.lag.noRecords' : 'pro.lag.noData'));
  if (c.overdue > 0) behind.push(t('pro.lag.overdue', { overdue: c.overdue }));
  if (c.returned > 0) behind.push(t('pro.lag.returned', { returned: c.returned }));
  return { behind, pending: c.submitted, noData };
}

const countUnitColumns = <T extends Counts>(): UnitColumn<T>[] =>
  (['submitted', 'approved', 'returned', 'draft', 'overdue'] as const).map((key) => ({
    key,
    header: t(key === 'overdue' ? 'pro.overdue' : (`pro.status.${key}` as never)),
    value: (c: T) => c[key],
    cell: (c: T) => formatNumber(c[key]),
  }));

const countColumns = <T extends Counts>() =>
  (['submitted', 'approved', 'returned', 'draft', 'overdue'] as const).map((key) => ({
    header: t(key === 'overdue' ? 'pro.overdue' : (`pro.status.${key}` as never)),
    cell: (c: T) => formatNumber(c[key]),
  }));

/** Submission status of a school (kinds, teachers, late, missing) or of a commune's schools. */
export function RecordOversightPage({ id }: { me: Me; id: string }) {
  usePageTitle(t('pro.oversight'));
  const [filter, setFilter] = useUrlFilter();
  const [year, setYear] = useState(schoolYearOf(new Date()));
  const data = useAsync(
    (signal) =>
      api<Oversight>(`/org-units/${encodeURIComponent(id)}/record-oversight`, {
        query: { schoolYear: year },
        signal,
      }),
    [id, year],
  );
  const o = data.data;
  return (
    <>
      <h1>{t('pro.oversight')}</h1>
      {/* A commune is the supervising authority of its lower-secondary schools' plans. */}
      {o && o.schools.length > 0 && (
        <p>
          <a href="/record-approvals">{t('pro.schoolPlans')}</a>
        </p>
      )}
      <section class="panel">
        <Field
          name="year"
          label={t('pro.schoolYear')}
          value={year}
          onInput={(e) => setYear((e.currentTarget as HTMLInputElement).value)}
        />
        {data.error ? <ErrorPanel error={data.error} retry={data.reload} /> : !o ? <Loading /> : null}
        {o && (
          <div class="figures" data-testid="oversight-total">
            {(['submitted', 'approved', 'returned', 'draft', 'overdue'] as const).map((key) => (
              <div class="card" key={key}>
                <p>{t(key === 'overdue' ? 'pro.overdue' : (`pro.status.${key}` as never))}</p>
                <p class="figure">{formatNumber(o.total[key])}</p>
              </div>
            ))}
          </div>
        )}
      </section>
      {o?.units && (
        <section class="panel">
          <h2>{t('pro.byCommune')}</h2>
          <p class="hint">
            {o.computedAt ? t('pro.tallyAt', { at: formatDateTime(o.computedAt) }) : t('pro.noTally')}
          </p>
          <UnitTable
            testId="oversight-communes"
            rows={o.units}
            rowKey={(u) => u.unitId}
            facts={recordFacts}
            filter={filter}
            onFilter={setFilter}
            name={{
              header: t('pro.communeName'),
              text: (u) => u.name,
              cell: (u) => <a href={`/units/${encodeURIComponent(u.unitId)}/record-oversight`}>{u.name}</a>,
            }}
            columns={[
              {
                key: 'schools',
                header: t('pro.schoolCount'),
                value: (u) => u.schools,
                cell: (u) => formatNumber(u.schools),
              },
              ...countUnitColumns<
                Counts & { unitId: string; name: string; schools: number; schoolsCounted: number }
              >(),
            ]}
          />
        </section>
      )}
      {o && o.schools.length > 0 && (
        <section class="panel">
          <h2>{t('pro.bySchool')}</h2>
          <UnitTable
            testId="oversight-schools"
            rows={o.schools}
            rowKey={(x) => x.schoolId}
            facts={recordFacts}
            filter={filter}
            onFilter={setFilter}
            name={{ header: t('pro.schoolName'), text: (x) => x.name }}
            columns={countUnitColumns<Counts & { schoolId: string; name: string }>()}
          />
        </section>
      )}
      {o && Object.keys(o.byKind).length > 0 && (
        <section class="panel">
          <h2>{t('pro.byKind')}</h2>
          <DataTable
            items={Object.entries(o.byKind).map(([kind, c]) => ({ kind, ...c }))}
            rowKey={(k) => k.kind}
            columns={[
              { header: t('pro.kind'), cell: (k) => kindLabel(k.kind) },
              ...countColumns<Counts & { kind: string }>(),
            ]}
          />
          <h2>{t('pro.byTeacher')}</h2>
          <DataTable
            testId="oversight-teachers"
            items={Object.entries(o.byAuthor).map(([accountId, c]) => ({ accountId, ...c }))}
            rowKey={(a) => a.accountId}
            columns={[
              { header: t('pro.author'), cell: (a) => a.name },
              ...countColumns<Counts & { accountId: string; name: string }>(),
            ]}
          />
        </section>
      )}
      {o && o.overdue.length > 0 && (
        <section class="panel">
          <h2>{t('pro.overdueList')}</h2>
          <DataTable
            testId="oversight-overdue"
            items={o.overdue}
            rowKey={(r) => r.recordId}
            columns={[
              {
                header: t('pro.title'),
                cell: (r) => <a href={`/professional-records/${r.recordId}`}>{r.title}</a>,
              },
              { header: t('pro.author'), cell: (r) => r.authorName },
              { header: t('pro.deadline'), cell: (r) => r.deadline },
              { header: t('pro.status'), cell: (r) => statusBadge(r.status) },
            ]}
          />
        </section>
      )}
      {o?.missingTeacherPlans && o.missingTeacherPlans.length > 0 && (
        <section class="panel">
          <h2>{t('pro.missing')}</h2>
          <ul data-testid="oversight-missing">
            {o.missingTeacherPlans.map((m) => (
              <li key={m.accountId}>{m.fullName}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** School plans sent to the caller as their supervising authority, waiting for a decision. */
export function SchoolPlanApprovalsPage(_: { me: Me }) {
  usePageTitle(t('pro.schoolPlans'));
  const [year, setYear] = useState(schoolYearOf(new Date()));
  const list = useAsync(
    (signal) => api<{ items: ProRecord[] }>('/me/record-approvals', { query: { schoolYear: year }, signal }),
    [year],
  );
  return (
    <>
      <h1>{t('pro.schoolPlans')}</h1>
      <section class="panel">
        <Field
          name="year"
          label={t('pro.schoolYear')}
          value={year}
          onInput={(e) => setYear((e.currentTarget as HTMLInputElement).value)}
        />
        {list.error ? (
          <ErrorPanel error={list.error} retry={list.reload} />
        ) : !list.data ? (
          <Loading />
        ) : list.data.items.length === 0 ? (
          <p>{t('pro.noSchoolPlans')}</p>
        ) : (
          <RecordsTable items={list.data.items} testId="school-plans" />
        )}
      </section>
    </>
  );
}
