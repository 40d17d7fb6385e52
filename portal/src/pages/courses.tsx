/**
 * Professional development (BDTX): each educator's catalogue of the year's modules meant for them,
 * and the Department's catalogue — drafts added and changed with pickers (programme, roles, school
 * levels, prerequisites by name), published after a confirmation.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, api, type Page } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { formatDay, type MessageKey, t } from '../i18n/index.ts';
import { Field, FormProblem, linesOf, Select, TextArea, useSubmit } from '../ui/form.tsx';
import { usePaged } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';
import { DataTable } from '../ui/table.tsx';

export interface CourseModule {
  moduleId: string;
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

const thisYear = () =>
  Number(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()),
  );
/** A day in Vietnam as the API's instants: from its first minute, or to its last. */
const startOfDay = (day: string) => `${day}T00:00:00+07:00`;
const endOfDay = (day: string) => `${day}T23:59:59+07:00`;
/** The day in Vietnam an instant falls on (yyyy-mm-dd), for a date field. */
const dayOf = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(iso));

function YearPicker({ year, onChange }: { year: number; onChange: (y: number) => void }) {
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
      <p>{t('course.mineIntro')}</p>
      <YearPicker year={year} onChange={setYear} />
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
