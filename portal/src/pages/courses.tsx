/**
 * Professional development (BDTX): each educator's catalogue of the year's modules meant for them,
 * and the Department's catalogue — drafts added and changed with pickers (programme, roles, school
 * levels, prerequisites by name), published after a confirmation.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatShare } from '../../../functions/courses/domain/share.ts';
import { ApiProblem, api, type Page } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { formatDay, lang, type MessageKey, t } from '../i18n/index.ts';
import { DecisionForm } from '../ui/decision.tsx';
import { Field, FormProblem, linesOf, Select, TextArea, useSubmit } from '../ui/form.tsx';
import { useAsync, usePaged } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';
import { ErrorPanel, Loading, ProgressBar } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';
import { EvidenceExport } from './bdtx-evidence.tsx';

export interface CourseModule {
  moduleId: string;
  unitId: string;
  code: string;
  title: string;
  description?: string;
  programme: '01' | '02' | '03';
  periods: number;
  year: number;
  opensAt: string;
  closesAt: string;
  audience: { roles: string[]; levels: string[]; subjects: string[] };
  prerequisites: { moduleId: string; code: string; title: string }[];
  status: 'draft' | 'published';
  state: 'upcoming' | 'running' | 'finished';
  /** The items of its outline. */
  items: number;
  revision: number;
}

const PROGRAMMES = ['01', '02', '03'] as const;
const LEVELS = ['01', '02', '03', '04', '05'] as const;
/** The roles professional development is for (students, parents and citizens have none). */
const EDUCATOR_ROLES = [
  'teacher',
  'group-leader',
  'school-leader',
  'staff',
  'librarian',
  'school-data-officer',
  'commune-officer',
  'commune-admin',
  'department-specialist',
  'department-leader',
  'department-admin',
] as const;

export const thisYear = () =>
  Number(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()),
  );
/** A day in Vietnam as the API's instants: from its first minute, or to its last. */
const startOfDay = (day: string) => `${day}T00:00:00+07:00`;
const endOfDay = (day: string) => `${day}T23:59:59+07:00`;
/** The day in Vietnam an instant falls on (yyyy-mm-dd), for a date field. */
const dayOf = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(iso));

export function YearPicker({ year, onChange }: { year: number; onChange: (y: number) => void }) {
  const now = thisYear();
  return (
    <Select
      name="year"
      label={t('course.year')}
      value={String(year)}
      onChange={(e) => onChange(Number((e.currentTarget as HTMLSelectElement).value))}
      options={[now - 1, now, now + 1].map((y) => ({ value: String(y), label: String(y) }))}
    />
  );
}

const programmeLabel = (p: CourseModule['programme']) => t(`course.programme.${p}` as MessageKey);
const stateBadge = (m: CourseModule) => (
  <span
    class={`badge badge-${m.status === 'draft' ? 'draft' : m.state === 'running' ? 'approved' : 'submitted'}`}
  >
    {m.status === 'draft' ? t('course.status.draft') : t(`course.state.${m.state}` as MessageKey)}
  </span>
);
const windowText = (m: CourseModule) =>
  t('course.window', { from: formatDay(m.opensAt), to: formatDay(m.closesAt) });

/** The year's published modules meant for me. */
export function MyCoursesPage(_: { me: Me }) {
  usePageTitle(t('course.mine'));
  const [year, setYear] = useState(thisYear());
  const modules = usePaged<CourseModule>(
    (cursor, signal) =>
      api<Page<CourseModule>>('/me/course-modules', { query: { year, limit: 25, cursor }, signal }),
    [year],
  );
  return (
    <>
      <h1>{t('course.mine')}</h1>
      <YearPicker year={year} onChange={setYear} />
      <EnrolledCourses year={year} />
      <h2>{t('course.catalogueOfYear')}</h2>
      <p>{t('course.mineIntro')}</p>
      <PagedList state={modules} label={t('course.mine')}>
        {(items) => (
          <ul class="cards" data-testid="my-course-modules">
            {items.map((m) => (
              <li key={m.moduleId} class="panel">
                <h2>
                  {m.title} {stateBadge(m)}
                </h2>
                <p>
                  {t('course.facts', {
                    code: m.code,
                    programme: programmeLabel(m.programme),
                    periods: m.periods,
                  })}
                </p>
                <p>{windowText(m)}</p>
                {m.description && <p>{m.description}</p>}
                {m.prerequisites.length > 0 && (
                  <p>
                    {t('course.needs')} {m.prerequisites.map((p) => `${p.code} — ${p.title}`).join('; ')}
                  </p>
                )}
                <p>
                  <a href={`/courses/${m.moduleId}`} class="button">
                    {t('learn.enter')}
                  </a>
                </p>
              </li>
            ))}
          </ul>
        )}
      </PagedList>
    </>
  );
}

interface Enrolled {
  moduleId: string;
  code: string;
  title: string;
  state: CourseModule['state'];
  closesAt: string;
  completedAt?: string;
  done: number;
  total: number;
}

/** The modules I enrolled in this year, each with its share done, newest first. */
function EnrolledCourses({ year }: { year: number }) {
  const enrolled = usePaged<Enrolled>(
    (cursor, signal) => api<Page<Enrolled>>('/me/courses', { query: { year, limit: 25, cursor }, signal }),
    [year],
  );
  return (
    <>
      <h2>{t('learn.enrolled')}</h2>
      <PagedList state={enrolled} label={t('learn.enrolled')} empty={t('learn.noneEnrolled')}>
        {(items) => (
          <ul class="cards" data-testid="my-courses">
            {items.map((e) => (
              <li key={e.moduleId} class="panel">
                <h3>
                  <a href={`/courses/${e.moduleId}`}>{e.title}</a>
                </h3>
                <ProgressBar
                  value={e.total ? (e.done / e.total) * 100 : 0}
                  label={e.title}
                  text={t('learn.shareDone', { share: formatShare(e.done, e.total, lang()) })}
                />
                <p>{t('course.closes', { code: e.code, date: formatDay(e.closesAt) })}</p>
              </li>
            ))}
          </ul>
        )}
      </PagedList>
    </>
  );
}

/** The Department's catalogue: the year's modules, drafts too, added, changed and published here. */
export function CourseCataloguePage({ id }: { me: Me; id: string }) {
  usePageTitle(t('course.catalogue'));
  const [year, setYear] = useState(thisYear());
  const [refresh, setRefresh] = useState(0);
  const [editing, setEditing] = useState<CourseModule | 'new'>();
  const [publishing, setPublishing] = useState<CourseModule>();
  const [notice, setNotice] = useState<string>();
  const modules = usePaged<CourseModule>(
    (cursor, signal) =>
      api<Page<CourseModule>>(`/org-units/${encodeURIComponent(id)}/course-modules`, {
        query: { year, limit: 50, cursor },
        signal,
      }),
    [id, year, refresh],
  );
  const done = (message: string) => {
    setEditing(undefined);
    setPublishing(undefined);
    setNotice(message);
    setRefresh((n) => n + 1);
  };
  return (
    <>
      <h1>{t('course.catalogue')}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <div class="toolbar">
        <YearPicker year={year} onChange={setYear} />
        <button type="button" class="primary" onClick={() => setEditing('new')}>
          {t('course.add')}
        </button>
        <a href={`/units/${encodeURIComponent(id)}/course-packages`}>{t('course.packagesLink')}</a>
      </div>
      {editing && (
        <ModuleForm
          key={editing === 'new' ? 'new' : `${editing.moduleId}-${editing.revision}`}
          unit={id}
          module={editing === 'new' ? undefined : editing}
          others={(modules.data?.items ?? []).filter(
            (m) => editing === 'new' || m.moduleId !== editing.moduleId,
          )}
          onDone={(m) => done(t(editing === 'new' ? 'course.added' : 'course.saved', { code: m.code }))}
          onCancel={() => setEditing(undefined)}
        />
      )}
      {publishing && (
        <PublishConfirm
          module={publishing}
          onDone={(m) => done(t('course.publishedNote', { code: m.code }))}
          onCancel={() => setPublishing(undefined)}
        />
      )}
      <PagedList state={modules} label={t('course.catalogue')}>
        {(items) => (
          <DataTable
            testId="course-modules"
            items={items}
            rowKey={(m) => m.moduleId}
            columns={[
              { header: t('course.code'), cell: (m) => m.code },
              { header: t('course.title'), cell: (m) => m.title },
              { header: t('course.programme'), cell: (m) => programmeLabel(m.programme) },
              { header: t('course.periods'), cell: (m) => m.periods },
              { header: t('course.windowHeader'), cell: windowText },
              { header: t('course.statusHeader'), cell: stateBadge },
              {
                header: t('course.actions'),
                cell: (m) => (
                  <span class="actions">
                    <button type="button" onClick={() => setEditing(m)}>
                      {t('course.edit')}
                    </button>
                    <a class="button" href={`/course-modules/${m.moduleId}/outline`}>
                      {t('course.contents', { items: m.items })}
                    </a>
                    {m.status === 'published' && (
                      <>
                        <a class="button" href={`/course-modules/${m.moduleId}/ratings`}>
                          {t('course.ratings')}
                        </a>
                        <a class="button" href={`/course-modules/${m.moduleId}/forum`}>
                          {t('forum.title')}
                        </a>
                      </>
                    )}
                    {m.status === 'draft' && (
                      <button type="button" onClick={() => setPublishing(m)}>
                        {t('course.publish')}
                      </button>
                    )}
                  </span>
                ),
              },
            ]}
          />
        )}
      </PagedList>
    </>
  );
}

/**
 * Publishing asks first, naming the module, with "Huỷ" focused: Enter cancels, only the publish
 * button publishes (there is no form to submit).
 */
function PublishConfirm({
  module,
  onDone,
  onCancel,
}: {
  module: CourseModule;
  onDone: (m: CourseModule) => void;
  onCancel: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const [failure, setFailure] = useState<unknown>();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  const publish = async () => {
    setBusy(true);
    setProblem(undefined);
    setFailure(undefined);
    try {
      onDone(
        await api<CourseModule>(`/course-modules/${module.moduleId}/publish`, {
          method: 'POST',
          body: { expectedRevision: module.revision },
        }),
      );
    } catch (error) {
      if (error instanceof ApiProblem && error.status < 500) setProblem(error);
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section
      class="panel"
      role="alertdialog"
      aria-labelledby="publish-module"
      aria-describedby="publish-explain"
    >
      <h2 id="publish-module">{t('course.publishTitle', { code: module.code })}</h2>
      <p id="publish-explain">{t('course.publishExplain')}</p>
      <FormProblem problem={problem} failure={failure} fields={[]} />
      <div class="actions">
        <button type="button" class="primary" disabled={busy} onClick={publish}>
          {t('course.publishConfirm')}
        </button>
        {/* The safe choice has the focus: Enter cancels. */}
        <button type="button" onClick={onCancel} ref={cancel}>
          {t('decision.cancel')}
        </button>
      </div>
    </section>
  );
}

function ModuleForm({
  unit,
  module,
  others,
  onDone,
  onCancel,
}: {
  unit: string;
  module?: CourseModule | undefined;
  others: CourseModule[];
  onDone: (m: CourseModule) => void;
  onCancel: () => void;
}) {
  const save = useSubmit((form) => {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const day = (name: string) => text(name);
    const body = {
      title: text('title'),
      ...(text('description') ? { description: text('description') } : {}),
      programme: text('programme'),
      periods: Number(text('periods')),
      opensAt: day('opensAt') ? startOfDay(day('opensAt')) : '',
      closesAt: day('closesAt') ? endOfDay(day('closesAt')) : '',
      audience: {
        roles: data.getAll('roles').map(String),
        levels: data.getAll('levels').map(String),
        subjects: linesOf(text('subjects')),
      },
      prerequisites: data.getAll('prerequisites').map(String),
    };
    return module
      ? api<CourseModule>(`/course-modules/${module.moduleId}`, {
          method: 'PUT',
          body: { ...body, expectedRevision: module.revision },
        })
      : api<CourseModule>(`/org-units/${encodeURIComponent(unit)}/course-modules`, {
          method: 'POST',
          body: { code: text('code'), ...body },
        });
  }, onDone);
  const problem = save.problem;
  const choices = (
    name: string,
    legend: string,
    options: { value: string; label: string }[],
    checked: readonly string[],
    testId: string,
  ) => {
    const error = problem?.fieldError(name) ?? problem?.fieldError(`audience.${name}`);
    return (
      <fieldset class={`category${error ? ' invalid' : ''}`} data-testid={testId}>
        <legend>{legend}</legend>
        {options.map((o) => (
          <label key={o.value} class="choice">
            <input type="checkbox" name={name} value={o.value} defaultChecked={checked.includes(o.value)} />{' '}
            {o.label}
          </label>
        ))}
        {error && <p class="field-error">{error}</p>}
      </fieldset>
    );
  };
  return (
    <form
      class="panel stacked"
      onSubmit={save.onSubmit}
      aria-labelledby="module-form"
      data-testid="module-form"
    >
      <h2 id="module-form">{module ? t('course.editTitle', { code: module.code }) : t('course.add')}</h2>
      {!module && (
        <Field name="code" label={t('course.code')} hint={t('course.codeHint')} required problem={problem} />
      )}
      <Field name="title" label={t('course.title')} required defaultValue={module?.title} problem={problem} />
      <TextArea
        name="description"
        label={t('course.description')}
        rows={3}
        defaultValue={module?.description}
        problem={problem}
      />
      <Select
        name="programme"
        label={t('course.programme')}
        defaultValue={module?.programme ?? '03'}
        problem={problem}
        options={PROGRAMMES.map((p) => ({ value: p, label: programmeLabel(p) }))}
      />
      <Field
        name="periods"
        label={t('course.periods')}
        type="number"
        min={1}
        max={120}
        required
        defaultValue={String(module?.periods ?? 10)}
        problem={problem}
      />
      <Field
        name="opensAt"
        label={t('course.opensAt')}
        type="date"
        required
        defaultValue={module ? dayOf(module.opensAt) : undefined}
        problem={problem}
      />
      <Field
        name="closesAt"
        label={t('course.closesAt')}
        type="date"
        required
        defaultValue={module ? dayOf(module.closesAt) : undefined}
        problem={problem}
      />
      {choices(
        'roles',
        t('course.roles'),
        EDUCATOR_ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) })),
        module?.audience.roles ?? ['teacher', 'group-leader'],
        'module-roles',
      )}
      {choices(
        'levels',
        t('course.levels'),
        LEVELS.map((l) => ({ value: l, label: t(`course.level.${l}` as MessageKey) })),
        module?.audience.levels ?? [],
        'module-levels',
      )}
      <Field
        name="subjects"
        label={t('course.subjects')}
        hint={t('course.subjectsHint')}
        defaultValue={module?.audience.subjects.join('; ')}
        problem={problem}
      />
      {others.length > 0 &&
        choices(
          'prerequisites',
          t('course.prerequisites'),
          others.map((m) => ({ value: m.moduleId, label: `${m.code} — ${m.title}` })),
          module?.prerequisites.map((p) => p.moduleId) ?? [],
          'module-prerequisites',
        )}
      <FormProblem
        problem={problem}
        failure={save.failure}
        fields={[
          'code',
          'title',
          'description',
          'programme',
          'periods',
          'opensAt',
          'closesAt',
          'audience.roles',
          'audience.levels',
          'subjects',
          'prerequisites',
        ]}
      />
      <div class="actions">
        <button type="submit" class="primary" disabled={save.busy}>
          {t('form.submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('decision.cancel')}
        </button>
      </div>
    </form>
  );
}

type Standing = 'none' | 'draft' | 'submitted' | 'returned' | 'approved' | 'overdue';
interface Periods {
  '01': number;
  '02': number;
  '03': number;
  total: number;
}
interface BdtxPlan {
  planId: string;
  fullName: string;
  year: number;
  status: 'draft' | 'submitted' | 'approved' | 'returned';
  moduleIds: string[];
  periods: Periods;
  history: { action: string; byName: string; at: string; reason?: string }[];
  returnReason?: string;
  submittedAt?: string;
  decidedAt?: string;
  decidedByName?: string;
  late?: boolean;
  revision: number;
}
interface MyPlanView {
  year: number;
  deadline: string;
  standing: Standing;
  plan?: BdtxPlan;
  periods: Periods;
  /** Periods of the plan's modules completed so far. */
  earned: Periods;
  completedModuleIds: string[];
  /** Planned modules not completed whose window has closed or closes within 14 days. */
  behind: string[];
  problems: { moduleId?: string; code: string; message: string }[];
  given: CourseModule[];
  choosable: CourseModule[];
  schools: { orgUnitId: string; name: string }[];
}

const YEAR_PERIODS = 120;
/** A deadline is the instant the day after begins: the day shown is the one before it. */
export const lastDay = (deadline: string) => formatDay(new Date(Date.parse(deadline) - 1));
const standingBadge = (s: Standing) => (
  <span
    class={`badge badge-${s === 'approved' ? 'approved' : s === 'overdue' || s === 'returned' ? 'returned' : s === 'submitted' ? 'submitted' : 'draft'}`}
  >
    {t(`plan.standing.${s}` as MessageKey)}
  </span>
);
const periodsText = (p: Periods) =>
  t('plan.periodsOf', { total: p.total, required: YEAR_PERIODS, p01: p['01'], p02: p['02'], p03: p['03'] });

/** My BDTX plan of a year: what I am given, what I choose, sent to my school's leaders. */
export function MyPlanPage(_: { me: Me }) {
  usePageTitle(t('plan.mine'));
  const [year, setYear] = useState(thisYear());
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string>();
  const view = useAsync((signal) => api<MyPlanView>(`/me/bdtx-plans/${year}`, { signal }), [year, version]);
  const reload = (message: string) => {
    setNotice(message);
    setVersion((v) => v + 1);
  };
  return (
    <>
      <h1>{t('plan.mine')}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <YearPicker year={year} onChange={setYear} />
      {view.error ? (
        <ErrorPanel error={view.error} retry={view.reload} />
      ) : !view.data ? (
        <Loading />
      ) : (
        <PlanEditor key={`${year}-${view.data.plan?.revision ?? 0}`} view={view.data} onSaved={reload} />
      )}
    </>
  );
}

function PlanEditor({ view, onSaved }: { view: MyPlanView; onSaved: (message: string) => void }) {
  const { plan } = view;
  const locked = plan?.status === 'submitted' || plan?.status === 'approved';
  const [chosen, setChosen] = useState<string[]>(plan?.moduleIds ?? []);
  const periodsOfChoice = (ids: string[]) => {
    const given = view.given.reduce((s, m) => s + m.periods, 0);
    const own = view.choosable.filter((m) => ids.includes(m.moduleId)).reduce((s, m) => s + m.periods, 0);
    return given + own;
  };
  const total = periodsOfChoice(chosen);
  const save = useSubmit(
    () =>
      api<BdtxPlan>(`/me/bdtx-plans/${view.year}`, {
        method: 'PUT',
        body: { moduleIds: chosen, expectedRevision: plan?.revision ?? 0 },
      }),
    () => onSaved(t('plan.saved')),
  );
  const [sending, setSending] = useState(false);
  const [sendProblem, setSendProblem] = useState<ApiProblem>();
  const [sendFailure, setSendFailure] = useState<unknown>();
  const send = async (form: HTMLFormElement | null) => {
    setSending(true);
    setSendProblem(undefined);
    setSendFailure(undefined);
    try {
      // What is on screen is what is sent: a changed choice is saved first.
      let revision = plan?.revision ?? 0;
      if (!plan || chosen.join() !== plan.moduleIds.join())
        revision = (
          await api<BdtxPlan>(`/me/bdtx-plans/${view.year}`, {
            method: 'PUT',
            body: { moduleIds: chosen, expectedRevision: revision },
          })
        ).revision;
      const school = form ? new FormData(form).get('schoolId') : null;
      await api<BdtxPlan>(`/me/bdtx-plans/${view.year}/submit`, {
        method: 'POST',
        body: { expectedRevision: revision, ...(school ? { schoolId: String(school) } : {}) },
      });
      onSaved(t('plan.sent'));
    } catch (error) {
      if (error instanceof ApiProblem && error.status < 500) setSendProblem(error);
      else setSendFailure(error);
    } finally {
      setSending(false);
    }
  };
  return (
    <form class="stacked" onSubmit={save.onSubmit} data-testid="plan-editor">
      <section class="panel">
        <h2>
          {t('plan.status')} {standingBadge(view.standing)}
        </h2>
        <p>{t('plan.deadline', { date: lastDay(view.deadline) })}</p>
        {plan?.status === 'returned' && plan.returnReason && (
          <p class="field-error">
            {t('plan.returnedBecause', { reason: plan.returnReason, by: plan.decidedByName ?? '' })}
          </p>
        )}
        {plan?.status === 'approved' && (
          <p>
            {t('plan.approvedBy', { by: plan.decidedByName ?? '', date: formatDay(plan.decidedAt ?? '') })}
          </p>
        )}
        <ProgressBar
          value={Math.min(100, (total / YEAR_PERIODS) * 100)}
          label={t('plan.progress')}
          text={t('plan.total', { total, required: YEAR_PERIODS })}
        />
        <ProgressBar
          value={Math.min(100, (view.earned.total / YEAR_PERIODS) * 100)}
          label={t('plan.earnedLabel')}
          text={t('plan.earned', { total: view.earned.total, required: YEAR_PERIODS })}
        />
        {view.behind.length > 0 && (
          <p class="field-error" data-testid="plan-behind">
            {t('plan.behind', {
              modules: [...view.given, ...view.choosable]
                .filter((m) => view.behind.includes(m.moduleId))
                .map(
                  (m) => `${m.code} (${t('course.closes', { code: m.title, date: formatDay(m.closesAt) })})`,
                )
                .join('; '),
            })}
          </p>
        )}
      </section>
      <section class="panel">
        <h2>{t('plan.given')}</h2>
        {view.given.length === 0 ? (
          <p>{t('plan.noneGiven')}</p>
        ) : (
          <ul>
            {view.given.map((m) => (
              <li key={m.moduleId}>
                <a href={`/courses/${m.moduleId}`}>
                  {m.code} — {m.title}
                </a>{' '}
                ({programmeLabel(m.programme)}, {t('plan.periods', { n: m.periods })})
                {view.completedModuleIds.includes(m.moduleId) && (
                  <span class="badge badge-approved"> {t('learn.itemDone')}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <fieldset class="category" disabled={locked} data-testid="plan-choices">
        <legend>{t('plan.choose')}</legend>
        {view.choosable.length === 0 && <p>{t('plan.noneChoosable')}</p>}
        {view.choosable.map((m) => (
          <label key={m.moduleId} class="choice">
            <input
              type="checkbox"
              name="moduleIds"
              value={m.moduleId}
              checked={chosen.includes(m.moduleId)}
              onChange={(e) => {
                const on = (e.currentTarget as HTMLInputElement).checked;
                setChosen((c) => (on ? [...c, m.moduleId] : c.filter((id) => id !== m.moduleId)));
              }}
            />{' '}
            {m.code} — {m.title} ({t('plan.periods', { n: m.periods })}; {windowText(m)})
            {view.completedModuleIds.includes(m.moduleId) && (
              <span class="badge badge-approved"> {t('learn.itemDone')}</span>
            )}
          </label>
        ))}
        {save.problem?.fieldError('moduleIds') && (
          <p class="field-error">{save.problem.fieldError('moduleIds')}</p>
        )}
      </fieldset>
      {view.schools.length > 1 && !locked && (
        <Select
          name="schoolId"
          label={t('plan.school')}
          problem={sendProblem}
          options={view.schools.map((s) => ({ value: s.orgUnitId, label: s.name }))}
        />
      )}
      <FormProblem problem={save.problem} failure={save.failure} fields={['moduleIds']} />
      <FormProblem problem={sendProblem} failure={sendFailure} fields={['schoolId']} />
      {!locked && (
        <div class="actions">
          <button type="submit" disabled={save.busy || sending}>
            {t('plan.saveDraft')}
          </button>
          <button
            type="button"
            class="primary"
            disabled={save.busy || sending || total < YEAR_PERIODS}
            onClick={(e) => void send((e.currentTarget as HTMLButtonElement).form)}
          >
            {t('plan.send')}
          </button>
        </div>
      )}
      {!locked && total < YEAR_PERIODS && (
        <p class="hint">{t('plan.needMore', { n: YEAR_PERIODS - total })}</p>
      )}
    </form>
  );
}

interface SchoolPlanRow {
  accountId: string;
  fullName: string;
  standing: Standing;
  earned: number;
  behind: number;
  planId?: string;
  periods?: number;
  late?: boolean;
  submittedAt?: string;
}

/** A school's people who must plan, with where each plan stands; submitted ones open for a decision. */
export function SchoolPlansPage({ id }: { me: Me; id: string }) {
  usePageTitle(t('plan.school.title'));
  const [year, setYear] = useState(thisYear());
  const list = useAsync(
    (signal) =>
      api<{ deadline: string; items: SchoolPlanRow[] }>(`/org-units/${encodeURIComponent(id)}/bdtx-plans`, {
        query: { year },
        signal,
      }),
    [id, year],
  );
  const rows = list.data?.items ?? [];
  const count = (s: Standing) => rows.filter((r) => r.standing === s).length;
  return (
    <>
      <h1>{t('plan.school.title')}</h1>
      <YearPicker year={year} onChange={setYear} />
      {list.error ? (
        <ErrorPanel error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : (
        <>
          <p>
            {t('plan.school.summary', {
              deadline: lastDay(list.data.deadline),
              approved: count('approved'),
              submitted: count('submitted'),
              missing: rows.length - count('approved'),
              total: rows.length,
            })}{' '}
            {t('plan.school.behindSummary', { n: rows.filter((r) => r.behind > 0).length })}
          </p>
          <DataTable
            testId="school-plans"
            items={rows}
            rowKey={(r) => r.accountId}
            columns={[
              { header: t('plan.person'), cell: (r) => r.fullName },
              { header: t('course.statusHeader'), cell: (r) => standingBadge(r.standing) },
              {
                header: t('course.periods'),
                cell: (r) => (r.periods === undefined ? '—' : `${r.periods}/${YEAR_PERIODS}`),
              },
              { header: t('plan.earnedHeader'), cell: (r) => `${r.earned}/${YEAR_PERIODS}` },
              {
                header: t('plan.behindHeader'),
                cell: (r) =>
                  r.behind > 0 ? (
                    <span class="badge badge-returned">{t('plan.behindCount', { n: r.behind })}</span>
                  ) : (
                    '—'
                  ),
              },
              {
                header: t('course.actions'),
                cell: (r) =>
                  r.planId && r.standing !== 'none' && r.standing !== 'draft' ? (
                    <a href={`/bdtx-plans/${r.planId}`}>
                      {r.standing === 'submitted'
                        ? t('plan.review', { name: r.fullName })
                        : t('plan.open', { name: r.fullName })}
                    </a>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
          <EvidenceExport
            key={year}
            path={`/org-units/${encodeURIComponent(id)}/bdtx-evidence/exports`}
            body={{ year }}
          />
        </>
      )}
    </>
  );
}

interface PlanDetail extends BdtxPlan {
  standing: Standing;
  modules: { moduleId: string; code: string; title: string; periods: number }[];
}

/** One submitted plan, for the school leader's decision (approve, or return with the reason). */
export function PlanDecisionPage({ id }: { me: Me; id: string }) {
  const [version, setVersion] = useState(0);
  const plan = useAsync((signal) => api<PlanDetail>(`/bdtx-plans/${id}`, { signal }), [id, version]);
  usePageTitle(plan.data ? t('plan.of', { name: plan.data.fullName }) : t('plan.school.title'));
  if (plan.error) return <ErrorPanel error={plan.error} retry={plan.reload} />;
  if (!plan.data) return <Loading />;
  const p = plan.data;
  return (
    <>
      <h1>
        {t('plan.of', { name: p.fullName })} {standingBadge(p.standing)}
      </h1>
      <p>{t('plan.yearLine', { year: p.year })}</p>
      <p>{periodsText(p.periods)}</p>
      <section class="panel">
        <h2>{t('plan.chosen')}</h2>
        <ul data-testid="plan-modules">
          {p.modules.map((m) => (
            <li key={m.moduleId}>
              {m.code} — {m.title} ({t('plan.periods', { n: m.periods })})
            </li>
          ))}
        </ul>
      </section>
      {p.status === 'submitted' && (
        <section class="panel">
          <h2>{t('plan.decide')}</h2>
          <DecisionForm
            testId="plan-decision"
            reason={{
              name: 'reason',
              label: t('plan.reason'),
              hint: t('plan.reasonHint'),
              requiredMessage: t('plan.reasonRequired'),
            }}
            choices={[
              {
                value: 'approve',
                primary: true,
                label: t('plan.approve'),
                question: t('plan.confirmApprove', { name: p.fullName }),
                confirm: t('plan.doApprove'),
              },
              {
                value: 'return',
                needsReason: true,
                label: t('plan.return'),
                question: t('plan.confirmReturn', { name: p.fullName }),
                confirm: t('plan.doReturn'),
              },
            ]}
            send={(decision, reason) =>
              api<BdtxPlan>(`/bdtx-plans/${id}/decision`, {
                method: 'POST',
                body: { decision, expectedRevision: p.revision, ...(reason ? { reason } : {}) },
              })
            }
            onDone={() => setVersion((v) => v + 1)}
          />
        </section>
      )}
      {p.history.length > 0 && (
        <section class="panel">
          <h2>{t('plan.history')}</h2>
          <ul>
            {p.history.map((h) => (
              <li key={`${h.at}-${h.action}`}>
                {formatDay(h.at)}: {t(`plan.action.${h.action}` as MessageKey)} — {h.byName}
                {h.reason ? ` (${h.reason})` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
