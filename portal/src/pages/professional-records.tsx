/**
 * Professional records (hồ sơ chuyên môn): my records and a new one, a school's records and the
 * approval queue, and one record — its history, file versions (original and signed), a new
 * version's upload and submission, and the approver's decision.
 */
import { useState } from 'preact/hooks';
import { schoolYearOf } from '../../../functions/records/domain/records.ts';
import { CURRICULUM_SUBJECTS } from '../../../functions/repository/domain/curriculum.ts';
import { api, type Page, type UploadLink, uploadFile } from '../api/client.ts';
import type { Me, OrgUnit } from '../api/types.ts';
import { formatDateTime, formatNumber, t } from '../i18n/index.ts';
import { primaryScope } from '../nav.ts';
import { DecisionForm } from '../ui/decision.tsx';
import { Field, FormProblem, formValues, Select, useSubmit } from '../ui/form.tsx';
import { useAsync, usePaged } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';
import { useSchoolNames } from '../ui/pickers.tsx';
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
  signatures: { signatureId: string; signerName: string; version: number; at: string; code?: string }[];
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

/** A verification code as printed on the stamp: K7QM-4XPA-9R. */
const groupedCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;

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

/** A lesson of my approved teacher's plans, as `/me/planned-lessons` lists it. */
interface PlannedLesson {
  lessonId: string;
  title: string;
  week?: number;
  planned: boolean;
  plan: { recordId: string; title: string; schoolId: string; groupId?: string; subject?: string };
}

const lessonLabel = (l: { title: string; week?: number }) =>
  l.week
    ? t('pro.lessonOption', { week: l.week, title: l.title })
    : t('pro.lessonOptionNoWeek', { title: l.title });

/** A teacher's plan's lessons, a row each: its title and week (ids are the system's). */
function LessonRows({ rows, setRows }: { rows: LessonRow[]; setRows: (rows: LessonRow[]) => void }) {
  const change = (key: number, patch: Partial<LessonRow>) =>
    setRows(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <fieldset class="field" data-testid="lesson-rows">
      <legend>{t('pro.lessons')}</legend>
      <p class="hint">{t('pro.lessonsIntro')}</p>
      <ol class="lesson-rows">
        {rows.map((r, i) => (
          <li key={r.key} class="row">
            <Field
              name=""
              label={t('pro.lessonTitleN', { n: i + 1 })}
              value={r.title}
              onInput={(e) => change(r.key, { title: (e.currentTarget as HTMLInputElement).value })}
              required
              maxLength={300}
            />
            <Field
              name=""
              label={t('pro.lessonWeekN', { n: i + 1 })}
              type="number"
              min={1}
              max={52}
              inputMode="numeric"
              value={r.week}
              onInput={(e) => change(r.key, { week: (e.currentTarget as HTMLInputElement).value })}
            />
            {rows.length > 1 && (
              <button
                type="button"
                class="link"
                aria-label={t('pro.removeLessonN', { n: i + 1 })}
                onClick={() => setRows(rows.filter((x) => x.key !== r.key))}
              >
                {t('pro.removeLesson')}
              </button>
            )}
          </li>
        ))}
      </ol>
      <button
        type="button"
        onClick={() =>
          setRows([...rows, { key: Math.max(0, ...rows.map((r) => r.key)) + 1, title: '', week: '' }])
        }
      >
        {t('pro.addLesson')}
      </button>
    </fieldset>
  );
}

interface LessonRow {
  key: number;
  title: string;
  week: string;
}

/** The schools where I have a role, by name (the directory says which of my scopes are schools). */
function useMySchools(me: Me) {
  const schoolName = useSchoolNames();
  const scopes = [...new Set(me.roles.map((r) => r.scopeOrgUnitId))];
  const schools = scopes.filter((id) => schoolName(id) !== id);
  const fallback = primaryScope(me);
  return {
    schools: schools.length ? schools : fallback ? [fallback] : [],
    schoolName,
  };
}

function NewRecordForm({ me }: { me: Me }) {
  const asked = new URLSearchParams(location.search).get('kind') ?? '';
  const [kind, setKind] = useState<string>(
    (KINDS as readonly string[]).includes(asked) ? asked : 'teacher-plan',
  );
  const { schools, schoolName } = useMySchools(me);
  const [chosenSchool, setSchool] = useState<string>();
  const primary = primaryScope(me);
  const school =
    chosenSchool && schools.includes(chosenSchool)
      ? chosenSchool
      : primary && schools.includes(primary)
        ? primary
        : (schools[0] ?? '');
  const [schoolYear, setSchoolYear] = useState(schoolYearOf(new Date()));
  const [rows, setRows] = useState<LessonRow[]>([{ key: 1, title: '', week: '' }]);
  const children = useAsync(
    (signal) =>
      school
        ? api<Page<OrgUnit>>(`/org-units/${encodeURIComponent(school)}/children`, {
            query: { limit: 100 },
            signal,
          })
        : Promise.resolve(undefined),
    [school],
  );
  const groups = (children.data?.items ?? []).filter((u) => u.kind === 'subject-group');
  // Preselected: the group I lead or teach in at this school, else the school's only group.
  const myGroup = me.roles.find((r) => r.groupId && r.scopeOrgUnitId === school)?.groupId;
  const [chosenGroup, setGroup] = useState<string>();
  const group =
    chosenGroup && groups.some((g) => g.orgUnitId === chosenGroup)
      ? chosenGroup
      : (myGroup ?? (groups.length === 1 ? groups[0]!.orgUnitId : ''));
  const [subject, setSubject] = useState(me.roles.find((r) => r.subject)?.subject ?? '');
  const lessons = useAsync(
    (signal) =>
      kind === 'lesson-plan'
        ? api<{ items: PlannedLesson[] }>('/me/planned-lessons', { query: { schoolYear }, signal })
        : Promise.resolve(undefined),
    [kind, schoolYear],
  );
  const ofSchool = (lessons.data?.items ?? []).filter((l) => l.plan.schoolId === school);
  const open = ofSchool.filter((l) => !l.planned);
  const plans = new Set(ofSchool.map((l) => l.plan.recordId));
  const create = useSubmit(
    (form) => {
      const v = formValues(form);
      // A lesson plan belongs to the group and subject of the plan its lesson comes from.
      const lesson = open.find((l) => l.lessonId === v.lessonId);
      const groupId = kind === 'lesson-plan' ? lesson?.plan.groupId : v.groupId;
      const subject = kind === 'lesson-plan' ? lesson?.plan.subject : v.subject;
      const planLessons = rows
        .filter((r) => r.title.trim())
        .map((r) => ({ title: r.title.trim(), ...(r.week ? { week: Number(r.week) } : {}) }));
      return api<ProRecord>(`/org-units/${encodeURIComponent(school)}/professional-records`, {
        method: 'POST',
        body: {
          kind,
          schoolYear,
          title: v.title,
          ...(groupId ? { groupId } : {}),
          ...(subject ? { subject } : {}),
          ...(kind === 'teacher-plan' ? { lessons: planLessons } : {}),
          ...(kind === 'lesson-plan' && v.lessonId ? { lessonId: v.lessonId, lessonDate: v.lessonDate } : {}),
        },
      });
    },
    (r) => location.assign(`/professional-records/${r.recordId}`),
  );
  const first = Number(schoolYearOf(new Date()).slice(0, 4));
  const noPlan = kind === 'lesson-plan' && lessons.data && ofSchool.length === 0;
  return (
    <form class="stacked" onSubmit={create.onSubmit} data-testid="new-record">
      <Select
        name="kind"
        label={t('pro.kind')}
        value={kind}
        onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value)}
        options={KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
      />
      {schools.length > 1 && (
        <Select
          name="school"
          label={t('pro.school')}
          value={school}
          onChange={(e) => setSchool((e.currentTarget as HTMLSelectElement).value)}
          options={schools.map((id) => ({ value: id, label: schoolName(id) }))}
        />
      )}
      <Select
        name="schoolYear"
        label={t('pro.schoolYear')}
        value={schoolYear}
        problem={create.problem}
        onChange={(e) => setSchoolYear((e.currentTarget as HTMLSelectElement).value)}
        options={[first, first + 1].map((y) => ({ value: `${y}-${y + 1}`, label: `${y}–${y + 1}` }))}
      />
      {noPlan ? (
        <p class="notice" data-testid="no-approved-plan">
          {t('pro.noApprovedPlan', { year: schoolYear.replace('-', '–') })}{' '}
          <a
            href="/professional-records?kind=teacher-plan"
            onClick={(e) => {
              e.preventDefault();
              setKind('teacher-plan');
            }}
          >
            {t('pro.writePlan')}
          </a>
        </p>
      ) : (
        <>
          <Field name="title" label={t('pro.title')} required problem={create.problem} />
          {kind !== 'school-plan' && kind !== 'lesson-plan' && (
            <>
              {groups.length > 0 ? (
                <Select
                  name="groupId"
                  label={t('pro.group')}
                  problem={create.problem}
                  value={group}
                  onChange={(e) => setGroup((e.currentTarget as HTMLSelectElement).value)}
                  options={[
                    ...(groups.length > 1 && !myGroup ? [{ value: '', label: t('pro.chooseGroup') }] : []),
                    ...groups.map((g) => ({ value: g.orgUnitId, label: g.name })),
                  ]}
                />
              ) : (
                children.data && <p class="notice">{t('pro.noGroups')}</p>
              )}
              <Select
                name="subject"
                label={t('pro.subject')}
                problem={create.problem}
                value={subject}
                onChange={(e) => setSubject((e.currentTarget as HTMLSelectElement).value)}
                options={[
                  { value: '', label: t('pro.noSubject') },
                  ...CURRICULUM_SUBJECTS.map((s) => ({ value: s.code, label: s.name })),
                ]}
              />
            </>
          )}
          {kind === 'teacher-plan' && <LessonRows rows={rows} setRows={setRows} />}
          {kind === 'lesson-plan' &&
            (lessons.error ? (
              <ErrorPanel error={lessons.error} retry={lessons.reload} />
            ) : !lessons.data ? (
              <Loading />
            ) : open.length === 0 ? (
              <p class="notice">{t('pro.allPlanned')}</p>
            ) : (
              <>
                <Select
                  name="lessonId"
                  label={t('pro.lesson')}
                  problem={create.problem}
                  options={open.map((l) => ({
                    value: l.lessonId,
                    label: plans.size > 1 ? `${lessonLabel(l)} (${l.plan.title})` : lessonLabel(l),
                  }))}
                />
                <p class="hint">{t('pro.lessonChoiceHint')}</p>
                <Field
                  name="lessonDate"
                  label={t('pro.lessonDate')}
                  type="date"
                  required
                  problem={create.problem}
                />
              </>
            ))}
          <FormProblem
            problem={create.problem}
            failure={create.failure}
            fields={['schoolYear', 'title', 'groupId', 'subject', 'lessonId', 'lessonDate']}
          />
          <div class="actions">
            <button
              type="submit"
              class="primary"
              disabled={create.busy || (kind === 'lesson-plan' && open.length === 0)}
            >
              {t('pro.create')}
            </button>
          </div>
        </>
      )}
    </form>
  );
}

export function MyProfessionalRecordsPage({ me }: { me: Me }) {
  usePageTitle(t('pro.mine'));
  const [refresh, setRefresh] = useState(0);
  const mine = usePaged<ProRecord>(
    (cursor, signal) =>
      api<Page<ProRecord>>('/me/professional-records', { query: { limit: 25, cursor }, signal }),
    [refresh],
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
        <NewRecordForm me={me} />
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
                <li key={l.lessonId}>{lessonLabel(l)}</li>
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
                {t('pro.signedBy', { name: s.signerName, at: formatDateTime(s.at), version: s.version })}
                {s.code && (
                  <>
                    {' — '}
                    {t('pro.verifyCode')} <code data-testid="verification-code">{groupedCode(s.code)}</code>
                  </>
                )}{' '}
                <a href={`/verify/${s.code ? groupedCode(s.code) : s.signatureId}`}>{t('pro.verify')}</a>
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
