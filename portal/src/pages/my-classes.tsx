/**
 * Class courses, the pupils' and guardians' side (seed 004 task 12): the courses of one's class
 * (or one's children's) with the assignments to hand in — each learner's state, the due time,
 * overdue ones marked — and the live lessons to come; a course's page with its lessons and
 * materials (the repository's own page), "Vào học" for a live lesson (pupils only, from 15 minutes
 * before it starts until it ends), and the assignments: a pupil uploads several files (a phone's
 * photos included) and hands them in; marks and the teacher's feedback show once given. A
 * guardian sees the same for each child, by name, and does nothing in their place.
 */
import { useRef, useState } from 'preact/hooks';
import {
  type ClassAssignment,
  type ClassLesson,
  type ClassSubmission,
  type FollowedCourse,
  type FollowedCourseDetail,
  type Follower,
  JOIN_OPENS_MINUTES,
  type Joined,
  MAX_SUBMISSION_BYTES,
  MAX_SUBMISSION_FILES,
  SUBMISSION_TYPES,
  type SubmissionUpload,
} from '../api/classroom.ts';
import { ApiProblem, api, uploadFile } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { formatDayTime, formatNumber, type MessageKey, t } from '../i18n/index.ts';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { ErrorPanel, Loading, ProgressBar } from '../ui/states.tsx';
import {
  FileLinks,
  fileSize,
  isPastDue,
  liveWhen,
  Materials,
  SubmissionBadge,
  scoreOutOf,
  useNow,
} from './class-parts.tsx';

const enc = encodeURIComponent;

/** Marks given this recently still show on the list of courses, beside what is due. */
const RECENT_MARK_MS = 14 * 24 * 3_600_000;

const hasSelf = (learners: Follower[]) => learners.some((l) => l.relation === 'self');
/** A guardian's view names each child; a pupil's view is about themself. */
const namesLearners = (learners: Follower[]) => !hasSelf(learners) || learners.length > 1;

/** An assignment still to hand in by someone, or marked lately: what the list of courses shows. */
export function needsAttention(a: FollowedCourse['assignments'][number], now = Date.now()) {
  return a.submissions.some(
    (s) => s.state === 'missing' || (s.markedAt && now - Date.parse(s.markedAt) < RECENT_MARK_MS),
  );
}

// ——— The list of courses ———

export function MyClassesPage(_: { me: Me }) {
  usePageTitle(t('myClasses.title'));
  const list = useAsync((signal) => api<{ items: FollowedCourse[] }>('/me/class-courses', { signal }), []);
  return (
    <>
      <h1>{t('myClasses.title')}</h1>
      <p class="lead">{t('myClasses.lead')}</p>
      {list.error ? (
        <ErrorPanel error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p class="empty" data-testid="my-classes-none">
          {t('myClasses.none')}
        </p>
      ) : (
        list.data.items.map((c) => <CourseSummary key={c.courseId} course={c} />)
      )}
    </>
  );
}

function CourseSummary({ course: c }: { course: FollowedCourse }) {
  const headingId = `course-${c.courseId}`;
  const due = c.assignments
    .filter((a) => needsAttention(a))
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  return (
    <section class="panel" aria-labelledby={headingId} data-testid="my-class-course">
      <h2 id={headingId}>
        <a href={`/my-classes/${enc(c.courseId)}`}>{c.title}</a>
      </h2>
      <CourseLine course={c} />
      <h3>{t('myClasses.due')}</h3>
      {due.length === 0 ? (
        <p class="empty">{t('myClasses.nothingDue')}</p>
      ) : (
        <ul class="items" data-testid="due-assignments">
          {due.map((a) => (
            <DueLine key={a.assignmentId} assignment={a} learners={c.learners} courseId={c.courseId} />
          ))}
        </ul>
      )}
      {c.upcoming.length > 0 && (
        <>
          <h3>{t('myClasses.upcoming')}</h3>
          <ul class="items" data-testid="upcoming-lessons">
            {c.upcoming.map((l) => (
              <LiveLine key={l.lessonId} lesson={l} canJoin={hasSelf(c.learners)} />
            ))}
          </ul>
        </>
      )}
      <p>
        <a href={`/my-classes/${enc(c.courseId)}`}>{t('myClasses.openCourse', { title: c.title })}</a>
      </p>
    </section>
  );
}

/** Subject, class and teacher; a guardian's children by name. */
function CourseLine({ course: c }: { course: FollowedCourse }) {
  return (
    <>
      <p class="hint">
        {t('myClasses.courseLine', { subject: c.subject, className: c.className, teacher: c.teacherName })}
      </p>
      {namesLearners(c.learners) && (
        <p data-testid="course-learners">
          {t('myClasses.for', { names: c.learners.map((l) => l.fullName).join(', ') })}
        </p>
      )}
    </>
  );
}

function DueLine({
  assignment: a,
  learners,
  courseId,
}: {
  assignment: FollowedCourse['assignments'][number];
  learners: Follower[];
  courseId: string;
}) {
  const overdue = isPastDue(a) && a.submissions.some((s) => s.state === 'missing');
  const named = namesLearners(learners);
  return (
    <li class={overdue ? 'late' : undefined} data-testid="due-assignment">
      <a href={`/my-classes/${enc(courseId)}#assignment-${a.assignmentId}`}>
        <strong>{a.title}</strong>
      </a>
      <br />
      {t('myClasses.dueAt', { date: formatDayTime(a.dueAt) })}
      {overdue && (
        <>
          {' — '}
          <strong class="overdue">{t('myClasses.overdue')}</strong>
        </>
      )}
      <ul class="states">
        {a.submissions.map((s) => (
          <li key={s.learnerId}>
            {named && `${s.fullName}: `}
            <SubmissionBadge submission={s} assignment={a} />
          </li>
        ))}
      </ul>
    </li>
  );
}

function LiveLine({ lesson, canJoin }: { lesson: ClassLesson; canJoin: boolean }) {
  return (
    <li data-testid="upcoming-lesson">
      <strong>{lesson.title}</strong>
      <br />
      {lesson.live && liveWhen(lesson.live)}
      {canJoin ? <JoinButton lesson={lesson} /> : <p class="hint">{t('myClasses.joinByPupil')}</p>}
    </li>
  );
}

/**
 * "Vào học": enabled from 15 minutes before the start until the end. The meeting opens in a new
 * tab: the tab is opened at the click (a phone's browser blocks one opened later) and sent to the
 * meeting once the API has recorded the attendance and given the link.
 */
function JoinButton({ lesson }: { lesson: ClassLesson }) {
  const now = useNow();
  const [joined, setJoined] = useState<Joined>();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const live = lesson.live;
  if (!live) return null;
  const opens = Date.parse(live.startsAt) - JOIN_OPENS_MINUTES * 60_000;
  if (now > Date.parse(live.endsAt)) return <p class="hint">{t('myClasses.liveEnded')}</p>;
  const open = now >= opens;
  const join = async () => {
    setProblem(undefined);
    setBusy(true);
    const tab = window.open('', '_blank');
    try {
      const answer = await api<Joined>(`/me/class-lessons/${enc(lesson.lessonId)}/join`, { method: 'POST' });
      setJoined(answer);
      if (tab) {
        tab.opener = null;
        tab.location.href = answer.meetingUrl;
      }
    } catch (error) {
      tab?.close();
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="join" data-testid="join">
      <p class="actions">
        <button
          type="button"
          class="primary"
          disabled={!open || busy}
          onClick={() => void join()}
          aria-label={t('myClasses.joinLesson', { title: lesson.title })}
        >
          {t('myClasses.join')}
        </button>
        {!open && (
          <span class="hint">{t('myClasses.joinOpens', { time: formatDayTime(new Date(opens)) })}</span>
        )}
      </p>
      {joined && (
        <p class="notice" role="status">
          {t('myClasses.joined', { status: t(`class.attendance.${joined.status}` as MessageKey) })}{' '}
          <a href={joined.meetingUrl} target="_blank" rel="noopener noreferrer">
            {t('myClasses.openMeeting')}
          </a>
        </p>
      )}
      {problem !== undefined && <ProblemLine error={problem} />}
    </div>
  );
}

function ProblemLine({ error }: { error: unknown }) {
  if (error instanceof ApiProblem && error.status < 500 && error.status !== 403 && error.status !== 404)
    return (
      <p class="field-error" role="alert">
        {error.detail ?? error.title}
      </p>
    );
  return <ErrorPanel error={error} />;
}

// ——— One course ———

export function MyClassPage({ id }: { me: Me; id: string }) {
  const view = useAsync(
    (signal) => api<FollowedCourseDetail>(`/me/class-courses/${enc(id)}`, { signal }),
    [id],
  );
  usePageTitle(view.data?.title ?? t('myClasses.title'));
  if (view.error) return <ErrorPanel error={view.error} retry={view.reload} />;
  if (!view.data) return <Loading />;
  const c = view.data;
  const canJoin = hasSelf(c.learners);
  const assignments = [...c.assignments].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  return (
    <>
      <p>
        <a href="/my-classes">{t('myClasses.back')}</a>
      </p>
      <h1>{c.title}</h1>
      <CourseLine course={c} />

      {c.upcoming.length > 0 && (
        <section class="panel" aria-labelledby="upcoming-title">
          <h2 id="upcoming-title">{t('myClasses.upcoming')}</h2>
          <ul class="items" data-testid="upcoming-lessons">
            {c.upcoming.map((l) => (
              <LiveLine key={l.lessonId} lesson={l} canJoin={canJoin} />
            ))}
          </ul>
        </section>
      )}

      <section class="panel" aria-labelledby="assignments-title" data-testid="my-assignments">
        <h2 id="assignments-title">{t('class.assignments')}</h2>
        {assignments.length === 0 ? (
          <p class="empty">{t('class.noAssignments')}</p>
        ) : (
          <ul class="items">
            {assignments.map((a) => (
              <li
                key={a.assignmentId}
                id={`assignment-${a.assignmentId}`}
                class={isPastDue(a) && a.submissions.some((s) => s.state === 'missing') ? 'late' : undefined}
                data-testid="my-assignment"
              >
                <h3 class="item-title">{a.title}</h3>
                <p>
                  {t('myClasses.dueAt', { date: formatDayTime(a.dueAt) })} ·{' '}
                  {t('myClasses.outOf', { max: a.maxScore })}
                </p>
                {a.instructions && <p class="pre-line">{a.instructions}</p>}
                {a.submissions.map((s) => (
                  <LearnerHandIn
                    key={s.learnerId}
                    assignment={a}
                    submission={s}
                    follower={c.learners.find((l) => l.learnerId === s.learnerId)}
                    named={namesLearners(c.learners)}
                    onDone={view.reload}
                  />
                ))}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="panel" aria-labelledby="lessons-title" data-testid="my-lessons">
        <h2 id="lessons-title">{t('class.lessons')}</h2>
        {c.lessons.length === 0 ? (
          <p class="empty">{t('class.noLessons')}</p>
        ) : (
          <ul class="items">
            {c.lessons.map((l) => (
              <li key={l.lessonId} data-testid="my-lesson">
                <h3 class="item-title">{l.title}</h3>
                {l.description && <p class="pre-line">{l.description}</p>}
                <Materials materials={l.materials} />
                {l.live && (
                  <p>
                    {t('class.live')}: {liveWhen(l.live)}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** One learner's hand-in of an assignment: state, files, mark and feedback; the pupil's own form. */
function LearnerHandIn({
  assignment: a,
  submission: s,
  follower,
  named,
  onDone,
}: {
  assignment: ClassAssignment;
  submission: ClassSubmission;
  follower: Follower | undefined;
  named: boolean;
  onDone: () => void;
}) {
  const self = follower?.relation === 'self';
  const [again, setAgain] = useState(false);
  return (
    <div class="hand-in" data-testid="hand-in">
      <p>
        {named && <strong>{s.fullName}: </strong>}
        <SubmissionBadge submission={s} assignment={a} />
        {s.submittedAt && (
          <span class="hint"> {t('class.submittedAt', { date: formatDayTime(s.submittedAt) })}</span>
        )}
      </p>
      <FileLinks files={s.files} />
      {s.score !== undefined && (
        <p data-testid="mark-result">
          <strong>{t('myClasses.score', { score: scoreOutOf(s.score, a.maxScore) })}</strong>
        </p>
      )}
      {s.feedback && (
        <div class="feedback" data-testid="mark-feedback">
          <p class="hint">
            {s.markedByName ? t('myClasses.feedbackBy', { name: s.markedByName }) : t('class.feedback')}
          </p>
          <blockquote class="pre-line">{s.feedback}</blockquote>
        </div>
      )}
      {self && s.state === 'missing' && <HandInForm assignment={a} onDone={onDone} />}
      {self &&
        (s.state === 'submitted' || s.state === 'late') &&
        (again ? (
          <HandInForm assignment={a} again onDone={onDone} />
        ) : (
          <p>
            <button type="button" onClick={() => setAgain(true)}>
              {t('myClasses.handInAgain')}
            </button>
          </p>
        ))}
    </div>
  );
}

const BY_EXTENSION: Record<string, (typeof SUBMISSION_TYPES)[number]> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  heic: 'image/heic',
  txt: 'text/plain',
};
const ACCEPT = [...Object.keys(BY_EXTENSION).map((e) => `.${e}`), ...SUBMISSION_TYPES].join(',');

/** The type the API takes for a file: the browser's, or one known by its extension (phones leave HEIC blank). */
export function submissionType(file: Pick<File, 'name' | 'type'>): string | undefined {
  if ((SUBMISSION_TYPES as readonly string[]).includes(file.type)) return file.type;
  return BY_EXTENSION[file.name.split('.').pop()?.toLowerCase() ?? ''];
}

/** The API's word on one file, with the file's name ("bai-lam.pdf: …"). */
function fileMessages(problem: ApiProblem, fileName: string): string[] {
  const messages = problem.errors.map((e) => e.message);
  return (messages.length ? messages : [problem.detail ?? problem.title]).map((message) =>
    t('myClasses.fileProblem', { name: fileName, message }),
  );
}

/** Files the API refused, said in words with their names. */
class FileRefused extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('\n'));
  }
}

/**
 * Choose files (in one go or one after another: a phone's camera gives one photo at a time), see
 * them listed with their sizes, take one back, then "Nộp bài": each file is uploaded, then handed
 * in together. What is wrong with a file is said with its name, before anything is sent when the
 * portal can tell (type, size, how many), otherwise in the API's words.
 */
function HandInForm({
  assignment,
  again,
  onDone,
}: {
  assignment: ClassAssignment;
  again?: boolean;
  onDone: () => void;
}) {
  const [files, setFiles] = useState<File[]>([]);
  const [messages, setMessages] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>();
  const [uploading, setUploading] = useState<number>();
  const input = useRef<HTMLInputElement>(null);
  const inputId = `files-${assignment.assignmentId}`;
  const busy = uploading !== undefined;

  const choose = (chosen: FileList | null) => {
    const refused: string[] = [];
    const next = [...files];
    for (const file of Array.from(chosen ?? [])) {
      if (next.some((f) => f.name === file.name && f.size === file.size)) continue;
      if (!submissionType(file)) refused.push(t('myClasses.fileType', { name: file.name }));
      else if (file.size > MAX_SUBMISSION_BYTES)
        refused.push(
          t('myClasses.fileTooLarge', { name: file.name, mb: MAX_SUBMISSION_BYTES / 1024 / 1024 }),
        );
      else if (file.size === 0) refused.push(t('myClasses.fileEmpty', { name: file.name }));
      else if (next.length >= MAX_SUBMISSION_FILES)
        refused.push(t('myClasses.tooManyFiles', { name: file.name, n: MAX_SUBMISSION_FILES }));
      else next.push(file);
    }
    setFiles(next);
    setMessages(refused);
    setFailure(undefined);
    // The same file can be chosen again after being taken back.
    if (input.current) input.current.value = '';
  };

  const handIn = async (event: Event) => {
    event.preventDefault();
    setMessages([]);
    setFailure(undefined);
    if (files.length === 0) {
      setMessages([t('myClasses.chooseFirst')]);
      return;
    }
    const path = `/me/class-assignments/${enc(assignment.assignmentId)}`;
    const uploaded: { fileId: string; fileName: string }[] = [];
    try {
      for (const [i, file] of files.entries()) {
        setUploading(i);
        try {
          const made = await api<SubmissionUpload>(`${path}/files`, {
            method: 'POST',
            body: { fileName: file.name, contentType: submissionType(file), size: file.size },
          });
          await uploadFile(made.upload, file);
          uploaded.push({ fileId: made.fileId, fileName: file.name });
        } catch (error) {
          if (error instanceof ApiProblem && error.status < 500 && error.status !== 404)
            throw new FileRefused(fileMessages(error, file.name));
          throw error;
        }
      }
      setUploading(files.length);
      try {
        await api<ClassSubmission>(`${path}/submission`, { method: 'PUT', body: { files: uploaded } });
      } catch (error) {
        if (!(error instanceof ApiProblem) || error.status >= 500 || error.status === 404) throw error;
        // A file named by its position ("files.1.fileId") is said by its name.
        const named = error.errors.flatMap((e) => {
          const at = /^files\.(\d+)/.exec(e.field)?.[1];
          const file = at === undefined ? undefined : uploaded[Number(at)];
          return file ? [t('myClasses.fileProblem', { name: file.fileName, message: e.message })] : [];
        });
        throw new FileRefused(named.length ? named : [error.detail ?? error.title]);
      }
      setFiles([]);
      onDone();
    } catch (error) {
      if (error instanceof FileRefused) setMessages(error.messages);
      else setFailure(error);
    } finally {
      setUploading(undefined);
    }
  };

  const late = isPastDue(assignment);
  return (
    <form class="hand-in-form" onSubmit={handIn} data-testid="hand-in-form">
      <div class={`field${messages.length ? ' invalid' : ''}`}>
        <label for={inputId}>{again ? t('myClasses.chooseFilesAgain') : t('myClasses.chooseFiles')}</label>
        <p class="hint" id={`${inputId}-hint`}>
          {t('myClasses.filesHint', { n: MAX_SUBMISSION_FILES, mb: MAX_SUBMISSION_BYTES / 1024 / 1024 })}
        </p>
        <input
          ref={input}
          id={inputId}
          type="file"
          multiple
          accept={ACCEPT}
          disabled={busy}
          aria-describedby={`${inputId}-hint${messages.length ? ` ${inputId}-error` : ''}`}
          onChange={(e) => choose((e.currentTarget as HTMLInputElement).files)}
        />
      </div>
      {files.length > 0 && (
        <ul class="chosen" aria-label={t('myClasses.chosenFiles')} data-testid="chosen-files">
          {files.map((f) => (
            <li key={`${f.name}-${f.size}`}>
              {f.name} <span class="hint">({fileSize(f.size)})</span>{' '}
              <button
                type="button"
                class="link"
                disabled={busy}
                onClick={() => setFiles(files.filter((x) => x !== f))}
                aria-label={t('picker.remove', { name: f.name })}
              >
                {t('picker.removeShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {messages.length > 0 && (
        <ul class="form-problem" role="alert" id={`${inputId}-error`} data-testid="hand-in-errors">
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      {failure !== undefined && <ErrorPanel error={failure} />}
      {busy && (
        <ProgressBar
          value={(uploading / Math.max(1, files.length)) * 100}
          label={t('myClasses.uploading')}
          text={
            uploading < files.length
              ? t('myClasses.uploadingFile', { n: uploading + 1, total: files.length })
              : t('myClasses.handingIn')
          }
        />
      )}
      {late && <p class="hint">{t('myClasses.lateNote')}</p>}
      <p class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {again ? t('myClasses.handInAgainSubmit') : t('myClasses.handIn')}
        </button>
        {files.length > 0 && (
          <span class="hint">{t('myClasses.filesChosen', { n: formatNumber(files.length) })}</span>
        )}
      </p>
    </form>
  );
}
