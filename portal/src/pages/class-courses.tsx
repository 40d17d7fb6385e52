/**
 * Class courses, the teacher's side (seed 004 task 12): a school's courses and "open a course for
 * a class" (the class chosen from the education database's classes, never typed); a course's
 * lessons (materials chosen from the learning repository, an optional live lesson with its Teams,
 * Meet or Zoom link), assignments with how many handed in and were marked, and the class list; an
 * assignment's hand-ins, one row per pupil, each marked with its own button (Enter never marks);
 * a live lesson's attendance. The API checks who may (the course's teacher, the school's leaders).
 */
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { CURRICULUM_SUBJECTS } from '../../../functions/repository/domain/curriculum.ts';
import {
  type AssignmentHandIns,
  ATTENDANCE_STATUSES,
  type AttendanceStatus,
  type ClassAssignment,
  type ClassChoice,
  type ClassCourse,
  type ClassLesson,
  type ClassSubmission,
  type LessonAttendance,
  MAX_ATTENDANCE_ENTRIES,
  MAX_MATERIALS,
  MAX_SCORE,
  type TaughtCourse,
} from '../api/classroom.ts';
import { ApiProblem, api } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { formatDay, formatDayTime, formatNumber, formatTime, type MessageKey, t } from '../i18n/index.ts';
import { Field, FormProblem, Select, TextArea, useSubmit } from '../ui/form.tsx';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { SearchPicker } from '../ui/pickers.tsx';
import { Empty, ErrorPanel, Loading, ProgressBar } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';
import {
  FileLinks,
  formatScore,
  instantOf,
  isPastDue,
  liveWhen,
  localAt,
  Materials,
  parseScore,
  SubmissionBadge,
  scoreOutOf,
} from './class-parts.tsx';

const enc = encodeURIComponent;

/** A problem the portal finds before asking the API, shown like the API's own. */
const fieldProblem = (field: string, message: string) =>
  new ApiProblem(400, t('class.invalid'), undefined, [{ in: 'body', field, message }]);

/** "12A1 – khối 12, năm học 2025-2026, 40 học sinh". */
const classLabel = (c: ClassChoice) =>
  t('class.classChoice', { name: c.name, grade: c.grade, year: c.schoolYear, n: c.learners });

/** "Đã nộp 12/40 · Đã chấm 5". */
const handInText = (a: { submitted: number; marked: number; learners: number }) =>
  t('class.handIns', { submitted: a.submitted, learners: a.learners, marked: a.marked });

// ——— A school's class courses ———

export function ClassCoursesPage({ id }: { me: Me; id: string }) {
  usePageTitle(t('class.courses'));
  const { route } = useLocation();
  const courses = useAsync(
    (signal) => api<{ items: ClassCourse[] }>(`/org-units/${enc(id)}/class-courses`, { signal }),
    [id],
  );
  const [opening, setOpening] = useState(false);
  return (
    <>
      <h1>{t('class.courses')}</h1>
      <p class="lead">{t('class.coursesLead')}</p>
      <p class="actions">
        <button
          type="button"
          class="primary"
          aria-expanded={opening ? 'true' : 'false'}
          onClick={() => setOpening(!opening)}
        >
          {t('class.open')}
        </button>
      </p>
      {opening && (
        <OpenCourseForm
          unit={id}
          onDone={(c) => route(`/class-courses/${enc(c.courseId)}`)}
          onCancel={() => setOpening(false)}
        />
      )}
      <section class="panel" aria-labelledby="class-courses-title">
        <h2 id="class-courses-title">{t('class.coursesList')}</h2>
        {courses.error ? (
          <ErrorPanel error={courses.error} retry={courses.reload} />
        ) : !courses.data ? (
          <Loading />
        ) : courses.data.items.length === 0 ? (
          <Empty>{t('class.noCourses')}</Empty>
        ) : (
          <DataTable
            testId="class-courses"
            items={courses.data.items}
            rowKey={(c) => c.courseId}
            columns={[
              {
                header: t('class.course'),
                cell: (c) => <a href={`/class-courses/${enc(c.courseId)}`}>{c.title}</a>,
              },
              { header: t('class.class'), cell: (c) => c.className },
              { header: t('class.subject'), cell: (c) => c.subject },
              { header: t('class.schoolYear'), cell: (c) => c.schoolYear },
              { header: t('class.teacher'), cell: (c) => c.teacherName },
              { header: t('class.openedOn'), cell: (c) => formatDay(c.createdAt) },
            ]}
          />
        )}
      </section>
    </>
  );
}

function OpenCourseForm({
  unit,
  onDone,
  onCancel,
}: {
  unit: string;
  onDone: (c: ClassCourse) => void;
  onCancel: () => void;
}) {
  const classes = useAsync(
    (signal) => api<{ items: ClassChoice[] }>(`/org-units/${enc(unit)}/class-course-classes`, { signal }),
    [unit],
  );
  const save = useSubmit(async (form) => {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    if (!text('classId')) throw fieldProblem('classId', t('class.pickClass'));
    return api<ClassCourse>(`/org-units/${enc(unit)}/class-courses`, {
      method: 'POST',
      body: { classId: text('classId'), title: text('title'), subject: text('subject') },
    });
  }, onDone);
  const sorted = [...(classes.data?.items ?? [])].sort(
    (a, b) => a.grade - b.grade || a.name.localeCompare(b.name, 'vi', { numeric: true }),
  );
  return (
    <form
      class="panel stacked"
      onSubmit={save.onSubmit}
      aria-labelledby="open-course-title"
      data-testid="open-course-form"
    >
      <h2 id="open-course-title">{t('class.open')}</h2>
      {classes.error ? (
        <ErrorPanel error={classes.error} retry={classes.reload} />
      ) : !classes.data ? (
        <Loading />
      ) : sorted.length === 0 ? (
        <p class="notice">{t('class.noClasses')}</p>
      ) : (
        <Select
          name="classId"
          label={t('class.class')}
          problem={save.problem}
          required
          options={[
            { value: '', label: t('class.pickClassOption') },
            ...sorted.map((c) => ({ value: c.classId, label: classLabel(c) })),
          ]}
        />
      )}
      <Field
        name="title"
        label={t('class.courseTitle')}
        hint={t('class.courseTitleHint')}
        required
        maxLength={200}
        problem={save.problem}
      />
      <Field
        name="subject"
        label={t('class.subject')}
        hint={t('class.subjectHint')}
        required
        maxLength={60}
        list="class-subjects"
        autoComplete="off"
        problem={save.problem}
      />
      <datalist id="class-subjects">
        {CURRICULUM_SUBJECTS.map((s) => (
          <option key={s.code} value={s.name} />
        ))}
      </datalist>
      <FormProblem problem={save.problem} failure={save.failure} fields={['classId', 'title', 'subject']} />
      <p class="actions">
        <button type="submit" class="primary" disabled={save.busy}>
          {save.busy ? t('form.saving') : t('class.openSubmit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('decision.cancel')}
        </button>
      </p>
    </form>
  );
}

// ——— One course ———

export function ClassCoursePage({ id }: { me: Me; id: string }) {
  const view = useAsync((signal) => api<TaughtCourse>(`/class-courses/${enc(id)}`, { signal }), [id]);
  usePageTitle(view.data?.course.title ?? t('class.courses'));
  const [adding, setAdding] = useState<'lesson' | 'assignment'>();
  const [notice, setNotice] = useState<string>();
  if (view.error) return <ErrorPanel error={view.error} retry={view.reload} />;
  if (!view.data) return <Loading />;
  const { course, lessons, assignments, learners } = view.data;
  const done = (message: string) => {
    setAdding(undefined);
    setNotice(message);
    view.reload();
  };
  const toggle = (what: 'lesson' | 'assignment') => {
    setNotice(undefined);
    setAdding(adding === what ? undefined : what);
  };
  return (
    <>
      <p>
        <a href={`/units/${enc(course.schoolId)}/class-courses`}>{t('class.back')}</a>
      </p>
      <h1>{course.title}</h1>
      <dl class="details" data-testid="class-course-details">
        <dt>{t('class.class')}</dt>
        <dd>{t('class.classLine', { name: course.className, year: course.schoolYear })}</dd>
        <dt>{t('class.subject')}</dt>
        <dd>{course.subject}</dd>
        <dt>{t('class.teacher')}</dt>
        <dd>{course.teacherName}</dd>
        <dt>{t('class.pupils')}</dt>
        <dd>{formatNumber(learners.length)}</dd>
      </dl>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}

      <section class="panel" aria-labelledby="assignments-title" data-testid="class-assignments">
        <h2 id="assignments-title">{t('class.assignments')}</h2>
        <p class="actions">
          <button
            type="button"
            aria-expanded={adding === 'assignment' ? 'true' : 'false'}
            onClick={() => toggle('assignment')}
          >
            {t('class.addAssignment')}
          </button>
        </p>
        {adding === 'assignment' && (
          <AssignmentForm
            course={course}
            onDone={(a) => done(t('class.assignmentAdded', { title: a.title, date: formatDayTime(a.dueAt) }))}
            onCancel={() => setAdding(undefined)}
          />
        )}
        {assignments.length === 0 ? (
          <Empty>{t('class.noAssignments')}</Empty>
        ) : (
          <DataTable
            testId="assignment-rows"
            items={assignments}
            rowKey={(a) => a.assignmentId}
            columns={[
              {
                header: t('class.assignment'),
                cell: (a) => <a href={`/class-assignments/${enc(a.assignmentId)}/submissions`}>{a.title}</a>,
              },
              {
                header: t('class.dueAt'),
                cell: (a) => (
                  <>
                    {formatDayTime(a.dueAt)}
                    {isPastDue(a) && <span class="hint"> {t('class.closed')}</span>}
                  </>
                ),
              },
              { header: t('class.maxScore'), cell: (a) => formatNumber(a.maxScore) },
              {
                header: t('class.handInsHeader'),
                cell: (a) => (
                  <ProgressBar
                    value={a.learners ? (a.submitted / a.learners) * 100 : 0}
                    label={t('class.handInsOf', { title: a.title })}
                    text={handInText(a)}
                  />
                ),
              },
            ]}
          />
        )}
      </section>

      <section class="panel" aria-labelledby="lessons-title" data-testid="class-lessons">
        <h2 id="lessons-title">{t('class.lessons')}</h2>
        <p class="actions">
          <button
            type="button"
            aria-expanded={adding === 'lesson' ? 'true' : 'false'}
            onClick={() => toggle('lesson')}
          >
            {t('class.addLesson')}
          </button>
        </p>
        {adding === 'lesson' && (
          <LessonForm
            course={course}
            onDone={(l) => done(t('class.lessonAdded', { title: l.title }))}
            onCancel={() => setAdding(undefined)}
          />
        )}
        {lessons.length === 0 ? (
          <Empty>{t('class.noLessons')}</Empty>
        ) : (
          <ul class="items" data-testid="lesson-rows">
            {lessons.map((l) => (
              <li key={l.lessonId}>
                <h3 class="item-title">{l.title}</h3>
                {l.description && <p class="pre-line">{l.description}</p>}
                <Materials materials={l.materials} />
                {l.live && (
                  <p data-testid="live-lesson">
                    {t('class.live')}: {liveWhen(l.live)}
                    {l.live.meetingUrl && (
                      <>
                        <br />
                        <a href={l.live.meetingUrl} target="_blank" rel="noopener noreferrer">
                          {t('class.meetingLink')}
                        </a>
                      </>
                    )}
                    <br />
                    <a href={`/class-lessons/${enc(l.lessonId)}/attendance`}>
                      {t('class.attendanceFor', { title: l.title })}
                    </a>
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="panel" aria-labelledby="pupils-title" data-testid="class-pupils">
        <h2 id="pupils-title">{t('class.classList', { n: learners.length })}</h2>
        {learners.length === 0 ? (
          <Empty>{t('class.noPupils')}</Empty>
        ) : (
          <ol class="class-list">
            {learners.map((p) => (
              <li key={p.learnerId}>{p.fullName}</li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

interface RepositoryHit {
  titleId: string;
  title: string;
  type: string;
  authors: string[];
}

function LessonForm({
  course,
  onDone,
  onCancel,
}: {
  course: ClassCourse;
  onDone: (l: ClassLesson) => void;
  onCancel: () => void;
}) {
  const [live, setLive] = useState(false);
  const save = useSubmit((form) => {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const description = text('description');
    return api<ClassLesson>(`/class-courses/${enc(course.courseId)}/lessons`, {
      method: 'POST',
      body: {
        title: text('title'),
        ...(description ? { description } : {}),
        resourceIds: data.getAll('resourceIds').map(String),
        ...(live
          ? {
              live: {
                startsAt: text('live.startsAt') ? instantOf(text('live.startsAt')) : '',
                durationMinutes: Number(text('live.durationMinutes')),
                meetingUrl: text('live.meetingUrl'),
              },
            }
          : {}),
      },
    });
  }, onDone);
  const problem = save.problem;
  const shown = [
    'title',
    'description',
    'resourceIds',
    'live.startsAt',
    'live.durationMinutes',
    'live.meetingUrl',
  ];
  return (
    <form
      class="stacked"
      onSubmit={save.onSubmit}
      aria-labelledby="lesson-form-title"
      data-testid="lesson-form"
    >
      <h3 id="lesson-form-title">{t('class.addLesson')}</h3>
      <Field name="title" label={t('class.lessonTitle')} required maxLength={200} problem={problem} />
      <TextArea name="description" label={t('class.lessonDescription')} rows={3} problem={problem} />
      <SearchPicker
        name="resourceIds"
        legend={t('class.pickMaterials', { n: MAX_MATERIALS })}
        wordsLabel={t('outline.pickWords')}
        hint={t('class.pickMaterialsHint')}
        none={t('outline.pickNone')}
        multiple
        problem={problem}
        testId="material-picker"
        find={async (words, signal) => {
          const page = await api<{ items: RepositoryHit[] }>('/library/search', {
            query: { q: words, limit: 10 },
            signal,
          });
          // The repository's resources are the catalogue's digital titles (`res-<id>`).
          return page.items
            .filter((h) => h.titleId.startsWith('res-'))
            .map((h) => ({ value: h.titleId.slice(4), label: h.title, detail: h.authors.join(', ') }));
        }}
      />
      <div class="field">
        <label class="choice">
          <input
            type="checkbox"
            name="hasLive"
            checked={live}
            onChange={(e) => setLive((e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          {t('class.hasLive')}
        </label>
      </div>
      {live && (
        <fieldset class="category" data-testid="live-fields">
          <legend>{t('class.live')}</legend>
          <Field
            name="live.startsAt"
            type="datetime-local"
            label={t('class.startsAt')}
            required
            defaultValue={localAt(1, 8)}
            problem={problem}
          />
          <Field
            name="live.durationMinutes"
            type="number"
            label={t('class.durationMinutes')}
            hint={t('class.durationHint')}
            min={10}
            max={240}
            required
            defaultValue="45"
            problem={problem}
          />
          <Field
            name="live.meetingUrl"
            type="url"
            label={t('class.meetingUrl')}
            hint={t('class.meetingUrlHint')}
            required
            maxLength={500}
            placeholder="https://meet.google.com/…"
            problem={problem}
          />
        </fieldset>
      )}
      <FormProblem problem={problem} failure={save.failure} fields={shown} />
      <p class="actions">
        <button type="submit" class="primary" disabled={save.busy}>
          {save.busy ? t('form.saving') : t('class.saveLesson')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('decision.cancel')}
        </button>
      </p>
    </form>
  );
}

function AssignmentForm({
  course,
  onDone,
  onCancel,
}: {
  course: ClassCourse;
  onDone: (a: ClassAssignment) => void;
  onCancel: () => void;
}) {
  const save = useSubmit((form) => {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const instructions = text('instructions');
    return api<ClassAssignment>(`/class-courses/${enc(course.courseId)}/assignments`, {
      method: 'POST',
      body: {
        title: text('title'),
        ...(instructions ? { instructions } : {}),
        dueAt: text('dueAt') ? instantOf(text('dueAt')) : '',
        maxScore: Number(text('maxScore') || MAX_SCORE),
      },
    });
  }, onDone);
  const problem = save.problem;
  return (
    <form
      class="stacked"
      onSubmit={save.onSubmit}
      aria-labelledby="assignment-form-title"
      data-testid="assignment-form"
    >
      <h3 id="assignment-form-title">{t('class.addAssignment')}</h3>
      <Field name="title" label={t('class.assignmentTitle')} required maxLength={200} problem={problem} />
      <TextArea name="instructions" label={t('class.instructions')} rows={4} problem={problem} />
      <Field
        name="dueAt"
        type="datetime-local"
        label={t('class.dueAt')}
        hint={t('class.dueAtHint')}
        required
        defaultValue={localAt(7, 23, 59)}
        problem={problem}
      />
      <Field
        name="maxScore"
        type="number"
        label={t('class.maxScore')}
        hint={t('class.maxScoreHint')}
        min={1}
        max={MAX_SCORE}
        required
        defaultValue={String(MAX_SCORE)}
        problem={problem}
      />
      <FormProblem
        problem={problem}
        failure={save.failure}
        fields={['title', 'instructions', 'dueAt', 'maxScore']}
      />
      <p class="actions">
        <button type="submit" class="primary" disabled={save.busy}>
          {save.busy ? t('form.saving') : t('class.saveAssignment')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('decision.cancel')}
        </button>
      </p>
    </form>
  );
}

// ——— An assignment's hand-ins ———

export function ClassSubmissionsPage({ id }: { me: Me; id: string }) {
  const view = useAsync(
    (signal) => api<AssignmentHandIns>(`/class-assignments/${enc(id)}/submissions`, { signal }),
    [id],
  );
  usePageTitle(view.data?.assignment.title ?? t('class.assignments'));
  if (view.error) return <ErrorPanel error={view.error} retry={view.reload} />;
  if (!view.data) return <Loading />;
  const { assignment, course, items } = view.data;
  const inClass = items.filter((s) => s.inClass);
  const counts = {
    submitted: inClass.filter((s) => s.state !== 'missing').length,
    marked: inClass.filter((s) => s.state === 'marked').length,
    learners: inClass.length,
  };
  return (
    <>
      <p>
        <a href={`/class-courses/${enc(course.courseId)}`}>{t('class.backTo', { title: course.title })}</a>
      </p>
      <h1>{assignment.title}</h1>
      <dl class="details">
        <dt>{t('class.class')}</dt>
        <dd>{t('class.classLine', { name: course.className, year: course.schoolYear })}</dd>
        <dt>{t('class.dueAt')}</dt>
        <dd>
          {formatDayTime(assignment.dueAt)}
          {isPastDue(assignment) && <span class="hint"> {t('class.closed')}</span>}
        </dd>
        <dt>{t('class.maxScore')}</dt>
        <dd>{formatNumber(assignment.maxScore)}</dd>
      </dl>
      {assignment.instructions && <p class="pre-line">{assignment.instructions}</p>}
      <ProgressBar
        value={counts.learners ? (counts.submitted / counts.learners) * 100 : 0}
        label={t('class.handInsOf', { title: assignment.title })}
        text={handInText(counts)}
      />
      <p class="hint">{t('class.markHint', { max: assignment.maxScore })}</p>
      {items.length === 0 ? (
        <Empty>{t('class.noPupils')}</Empty>
      ) : (
        <DataTable
          testId="hand-ins"
          items={items}
          rowKey={(s) => s.learnerId}
          columns={[
            {
              header: t('class.pupil'),
              cell: (s) => (
                <>
                  <strong>{s.fullName}</strong>
                  {!s.inClass && <span class="hint"> {t('class.leftClass')}</span>}
                </>
              ),
            },
            {
              header: t('class.state'),
              cell: (s) => (
                <>
                  <SubmissionBadge submission={s} assignment={assignment} />
                  {s.submittedAt && (
                    <span class="hint">
                      {' '}
                      {t('class.submittedAt', { date: formatDayTime(s.submittedAt) })}
                    </span>
                  )}
                </>
              ),
            },
            {
              header: t('class.files'),
              cell: (s) => (s.files.length ? <FileLinks files={s.files} /> : '—'),
            },
            {
              header: t('class.mark'),
              cell: (s) => <MarkCell assignment={assignment} submission={s} onMarked={view.reload} />,
            },
          ]}
        />
      )}
    </>
  );
}

/**
 * One pupil's mark: the score (a comma or a point for the decimal) and feedback, saved by its own
 * button. There is no form around it, so Enter in the score field never marks anyone.
 */
function MarkCell({
  assignment,
  submission: s,
  onMarked,
}: {
  assignment: ClassAssignment;
  submission: ClassSubmission;
  onMarked: () => void;
}) {
  const [score, setScore] = useState(s.score === undefined ? '' : formatScore(s.score));
  const [feedback, setFeedback] = useState(s.feedback ?? '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const [failure, setFailure] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  const mark = async () => {
    setProblem(undefined);
    setFailure(undefined);
    setSaved(undefined);
    const value = parseScore(score);
    if (value === undefined || value > assignment.maxScore) {
      setProblem(fieldProblem('score', t('class.scoreInvalid', { max: assignment.maxScore })));
      return;
    }
    setBusy(true);
    try {
      const marked = await api<ClassSubmission>(`/class-assignments/${enc(assignment.assignmentId)}/marks`, {
        method: 'POST',
        body: {
          learnerId: s.learnerId,
          score: value,
          ...(feedback.trim() ? { feedback: feedback.trim() } : {}),
          // The hand-in this row shows: one handed in again since is not marked unseen (409).
          ...(s.submittedAt ? { submittedAt: s.submittedAt } : {}),
        },
      });
      setSaved(
        t('class.marked', {
          name: s.fullName,
          score: scoreOutOf(marked.score ?? value, assignment.maxScore),
        }),
      );
      onMarked();
    } catch (error) {
      if (error instanceof ApiProblem && error.status < 500) setProblem(error);
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset class="mark" data-testid="mark">
      <legend class="visually-hidden">{t('class.markOf', { name: s.fullName })}</legend>
      <Field
        name="score"
        label={t('class.score', { max: assignment.maxScore })}
        inputMode="decimal"
        autoComplete="off"
        size={5}
        value={score}
        onInput={(e) => setScore((e.currentTarget as HTMLInputElement).value)}
        problem={problem}
      />
      <TextArea
        name="feedback"
        label={t('class.feedback')}
        rows={2}
        maxLength={2000}
        value={feedback}
        onInput={(e) => setFeedback((e.currentTarget as HTMLTextAreaElement).value)}
        problem={problem}
      />
      <FormProblem problem={problem} failure={failure} fields={['score', 'feedback']} />
      <button
        type="button"
        disabled={busy}
        onClick={() => void mark()}
        aria-label={t('class.saveMarkOf', { name: s.fullName })}
      >
        {busy ? t('form.saving') : t('class.saveMark')}
      </button>
      {saved && (
        <p class="success" role="status">
          {saved}
        </p>
      )}
      {s.markedByName && s.markedAt && (
        <p class="hint">{t('class.markedBy', { name: s.markedByName, date: formatDayTime(s.markedAt) })}</p>
      )}
    </fieldset>
  );
}

// ——— A live lesson's attendance ———

export function ClassAttendancePage({ id }: { me: Me; id: string }) {
  const view = useAsync(
    (signal) => api<LessonAttendance>(`/class-lessons/${enc(id)}/attendance`, { signal }),
    [id],
  );
  usePageTitle(
    view.data ? t('class.attendanceFor', { title: view.data.lesson.title }) : t('class.attendance'),
  );
  if (view.error) return <ErrorPanel error={view.error} retry={view.reload} />;
  if (!view.data) return <Loading />;
  return <AttendanceForm key={view.data.lesson.lessonId} view={view.data} onSaved={view.reload} />;
}

function AttendanceForm({ view, onSaved }: { view: LessonAttendance; onSaved: () => void }) {
  const { lesson, items } = view;
  const [status, setStatus] = useState<Record<string, AttendanceStatus | undefined>>(() =>
    Object.fromEntries(items.map((p) => [p.learnerId, p.status])),
  );
  // A reload brings what others recorded (pupils joining): keep what the teacher set meanwhile.
  useEffect(
    () =>
      setStatus((mine) => ({
        ...Object.fromEntries(items.map((p) => [p.learnerId, p.status])),
        ...Object.fromEntries(Object.entries(mine).filter(([, v]) => v)),
      })),
    [items],
  );
  const [notice, setNotice] = useState<string>();
  const save = useSubmit(
    async () => {
      const entries = items.flatMap((p) => {
        const s = status[p.learnerId];
        return s ? [{ learnerId: p.learnerId, status: s }] : [];
      });
      if (entries.length === 0) throw fieldProblem('entries', t('class.attendanceNone'));
      let recorded = 0;
      // The API takes a hundred at a time; a class is smaller, a merged one may not be.
      for (let i = 0; i < entries.length; i += MAX_ATTENDANCE_ENTRIES)
        recorded += (
          await api<{ recorded: number }>(`/class-lessons/${enc(lesson.lessonId)}/attendance`, {
            method: 'PUT',
            body: { entries: entries.slice(i, i + MAX_ATTENDANCE_ENTRIES) },
          })
        ).recorded;
      return recorded;
    },
    (recorded) => {
      setNotice(t('class.attendanceSaved', { n: recorded }));
      onSaved();
    },
  );
  const unset = items.filter((p) => !status[p.learnerId]);
  const joined = items.filter((p) => p.joinedAt).length;
  return (
    <>
      <p>
        <a href={`/class-courses/${enc(lesson.courseId)}`}>{t('class.backToCourse')}</a>
      </p>
      <h1>{t('class.attendanceFor', { title: lesson.title })}</h1>
      {lesson.live && (
        <p>
          {liveWhen(lesson.live)}
          {lesson.live.meetingUrl && (
            <>
              {' · '}
              <a href={lesson.live.meetingUrl} target="_blank" rel="noopener noreferrer">
                {t('class.meetingLink')}
              </a>
            </>
          )}
        </p>
      )}
      <p class="hint">{t('class.attendanceHint', { joined, n: items.length })}</p>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={save.onSubmit} aria-label={t('class.attendance')} data-testid="attendance-form">
        {items.length === 0 ? (
          <Empty>{t('class.noPupils')}</Empty>
        ) : (
          <DataTable
            testId="attendance"
            items={items}
            rowKey={(p) => p.learnerId}
            columns={[
              { header: t('class.pupil'), cell: (p) => <strong>{p.fullName}</strong> },
              {
                header: t('class.joinedAt'),
                cell: (p) => (p.joinedAt ? formatTime(p.joinedAt) : t('class.notJoined')),
              },
              {
                header: t('class.attendance'),
                cell: (p) => (
                  <fieldset class="inline-fields attendance-choice">
                    <legend class="visually-hidden">{t('class.attendanceOf', { name: p.fullName })}</legend>
                    {ATTENDANCE_STATUSES.map((s) => (
                      <label key={s} class="choice">
                        <input
                          type="radio"
                          name={`status-${p.learnerId}`}
                          value={s}
                          checked={status[p.learnerId] === s}
                          onChange={() => setStatus({ ...status, [p.learnerId]: s })}
                        />{' '}
                        {t(`class.attendance.${s}` as MessageKey)}
                      </label>
                    ))}
                  </fieldset>
                ),
              },
            ]}
          />
        )}
        <FormProblem problem={save.problem} failure={save.failure} fields={[]} />
        <p class="actions">
          <button type="submit" class="primary" disabled={save.busy}>
            {save.busy ? t('form.saving') : t('class.saveAttendance')}
          </button>
          {unset.length > 0 && (
            <button
              type="button"
              onClick={() =>
                setStatus({ ...status, ...Object.fromEntries(unset.map((p) => [p.learnerId, 'absent'])) })
              }
            >
              {t('class.restAbsent', { n: unset.length })}
            </button>
          )}
        </p>
      </form>
    </>
  );
}
