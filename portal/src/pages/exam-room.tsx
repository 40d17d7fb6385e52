/**
 * The candidate's side: my exams, and the exam room. The room keeps every answer on this device
 * (localStorage) until the server has it, autosaves with increasing sequence numbers, survives a
 * reload and a dropped connection, counts down by the server's clock, and submits at the end.
 */

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiProblem, api, NetworkError } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { formatDateTime, formatNumber, t, tenPointScore } from '../i18n/index.ts';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { Empty, ErrorPanel, Loading } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';

type Answer =
  | { choice: string }
  | { choices: string[] }
  | { statements: Record<string, boolean> }
  | { value: string }
  | { text: string };

interface AttemptView {
  sessionId: string;
  title: string;
  status: 'in-progress' | 'submitted' | 'graded';
  attemptNo: number;
  attemptsAllowed: number;
  deadline: string;
  serverTime: string;
  deviceId: string;
  paperUrl: string;
  media: Record<string, string>;
  order: { questionId: string; optionOrder?: string[] }[];
  answers: Record<string, { answer: Answer; seq: number }>;
  awaiting?: 'marking' | 'release';
  points?: number;
  maxPoints?: number;
  passed?: boolean;
}

interface PaperQuestion {
  questionId: string;
  part: string;
  stem: string;
  type: 'single' | 'multiple' | 'true-false-group' | 'short-numeric' | 'essay';
  options?: { id: string; text: string }[];
  statements?: { id: string; text: string }[];
  criteria?: string[];
  media?: string[];
  points: number;
}

type SaveState = 'saved' | 'saving' | 'offline' | 'replaced' | 'closed';

const AUTOSAVE_MS = 5_000;
const LETTERS = 'ABCDEFGHIJ';

export function MyExamsPage(_: { me: Me }) {
  usePageTitle(t('exam.mine'));
  const list = useAsync(
    (signal) =>
      api<{ items: { sessionId: string; title: string; opensAt: string; state: string }[] }>(
        '/me/exam-sessions',
        { signal },
      ),
    [],
  );
  return (
    <>
      <h1>{t('exam.mine')}</h1>
      <section class="panel">
        {list.error ? (
          <ErrorPanel error={list.error} retry={list.reload} />
        ) : !list.data ? (
          <Loading />
        ) : list.data.items.length === 0 ? (
          <Empty />
        ) : (
          <DataTable
            testId="my-exams"
            items={list.data.items}
            rowKey={(s) => s.sessionId}
            columns={[
              { header: t('exam.title'), cell: (s) => <a href={`/exams/${s.sessionId}`}>{s.title}</a> },
              { header: t('exam.opensAt'), cell: (s) => formatDateTime(s.opensAt) },
              { header: t('exam.state'), cell: (s) => t(`exam.state.${s.state}` as never) },
            ]}
          />
        )}
      </section>
    </>
  );
}

/** This browser's id for an attempt: the same after a reload, different on another device. */
function deviceIdFor(sessionId: string) {
  const key = `vn-edu.exam-device.${sessionId}`;
  let id = localStorage.getItem(key);
  if (!id) {
    id = `web-${crypto.randomUUID()}`;
    localStorage.setItem(key, id);
  }
  return id;
}

/** Answers not yet acknowledged by the server, kept on this device across reloads. */
function pendingStore(sessionId: string) {
  const key = `vn-edu.exam-pending.${sessionId}`;
  const seqKey = `vn-edu.exam-seq.${sessionId}`;
  return {
    read: (): Record<string, { answer: Answer; seq: number }> =>
      JSON.parse(localStorage.getItem(key) ?? '{}'),
    write: (pending: Record<string, { answer: Answer; seq: number }>) =>
      localStorage.setItem(key, JSON.stringify(pending)),
    /** Sequence numbers only grow, across reloads and above anything the server holds. */
    nextSeq: (floor: number) => {
      const next = Math.max(Number(localStorage.getItem(seqKey) ?? 0), floor) + 1;
      localStorage.setItem(seqKey, String(next));
      return next;
    },
  };
}

/** A module's id given by the course home (`?course=`): where "back" leads after a course's test. */
const courseOf = (query: Record<string, string | undefined>) =>
  /^[0-9a-f-]{36}$/i.test(query.course ?? '') ? query.course : undefined;

export function ExamRoomPage({ id }: { me: Me; id: string }) {
  const course = courseOf(useLocation().query);
  const deviceId = useMemo(() => deviceIdFor(id), [id]);
  const store = useMemo(() => pendingStore(id), [id]);
  const [view, setView] = useState<AttemptView>();
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>();
  const [startProblem, setStartProblem] = useState<ApiProblem>();
  const [paper, setPaper] = useState<PaperQuestion[]>();
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [savedAt, setSavedAt] = useState<Date>();
  const [now, setNow] = useState(Date.now());
  const offset = useRef(0);
  const saving = useRef(false);
  usePageTitle(view?.title ?? t('exam.room'));

  const adopt = (v: AttemptView) => {
    offset.current = Date.parse(v.serverTime) - Date.now();
    setView(v);
    setMissing(false);
  };

  const load = async () => {
    try {
      adopt(await api<AttemptView>(`/exam-sessions/${id}/attempt`));
    } catch (e) {
      if (e instanceof ApiProblem && e.status === 404) setMissing(true);
      else setError(e);
    }
  };
  useEffect(() => {
    void load();
  }, [id]);

  const start = async (accessCode?: string, newAttempt?: boolean) => {
    setStartProblem(undefined);
    try {
      adopt(
        await api<AttemptView>(`/exam-sessions/${id}/attempt`, {
          method: 'POST',
          body: { deviceId, ...(accessCode ? { accessCode } : {}), ...(newAttempt ? { newAttempt } : {}) },
        }),
      );
    } catch (e) {
      if (e instanceof ApiProblem && e.status < 500) setStartProblem(e);
      else setError(e);
    }
  };

  // The paper (once per attempt) and the answers: the server's, then this device's unsent ones.
  const paperUrl = view?.paperUrl;
  const attemptKey = view ? `${view.sessionId}:${view.attemptNo}` : '';
  useEffect(() => {
    if (!view || !paperUrl) return;
    let cancelled = false;
    void fetch(paperUrl)
      .then((r) => r.json() as Promise<{ questions: PaperQuestion[] }>)
      .then(
        (p) => !cancelled && setPaper(p.questions),
        (e: unknown) => !cancelled && setError(e),
      );
    const pending = store.read();
    const merged: Record<string, Answer> = {};
    for (const [q, saved] of Object.entries(view.answers)) merged[q] = saved.answer;
    for (const [q, local] of Object.entries(pending)) {
      if ((view.answers[q]?.seq ?? 0) < local.seq) merged[q] = local.answer;
      else delete pending[q];
    }
    store.write(pending);
    setAnswers(merged);
    return () => {
      cancelled = true;
    };
  }, [attemptKey]);

  const inProgress = view?.status === 'in-progress' && view.deviceId === deviceId;

  async function flush(): Promise<boolean> {
    const pending = store.read();
    if (!view || saving.current || Object.keys(pending).length === 0) return true;
    saving.current = true;
    setSaveState('saving');
    const seq = Math.max(...Object.values(pending).map((p) => p.seq));
    try {
      const result = await api<{ accepted: string[]; stale: string[] }>(
        `/exam-sessions/${id}/attempt/answers`,
        {
          method: 'PUT',
          body: {
            deviceId,
            seq,
            answers: Object.fromEntries(Object.entries(pending).map(([q, p]) => [q, p.answer])),
          },
        },
      );
      // Only what was sent is acknowledged: a change made while saving stays pending.
      const now = store.read();
      for (const q of [...result.accepted, ...result.stale])
        if (now[q]?.seq === pending[q]?.seq) delete now[q];
      store.write(now);
      setSaveState(Object.keys(now).length ? 'saving' : 'saved');
      setSavedAt(new Date());
      return true;
    } catch (e) {
      if (e instanceof NetworkError || (e instanceof ApiProblem && e.status >= 500)) setSaveState('offline');
      else if (e instanceof ApiProblem && e.detail?.includes('another device')) setSaveState('replaced');
      else if (e instanceof ApiProblem && e.status === 409) {
        setSaveState('closed');
        await load();
      } else setError(e);
      return false;
    } finally {
      saving.current = false;
    }
  }

  const answer = (questionId: string, value: Answer) => {
    const floor = Math.max(0, ...Object.values(view?.answers ?? {}).map((a) => a.seq));
    const pending = store.read();
    pending[questionId] = { answer: value, seq: store.nextSeq(floor) };
    store.write(pending);
    setAnswers((a) => ({ ...a, [questionId]: value }));
    setSaveState('saving');
  };

  // Autosave on a timer (and again when the connection comes back); the clock ticks every second.
  useEffect(() => {
    if (!inProgress) return;
    const save = setInterval(() => void flush(), AUTOSAVE_MS);
    const tick = setInterval(() => setNow(Date.now()), 1_000);
    const online = () => void flush();
    window.addEventListener('online', online);
    return () => {
      clearInterval(save);
      clearInterval(tick);
      window.removeEventListener('online', online);
    };
  }, [inProgress, view?.attemptNo]);

  const remainingMs = view ? Date.parse(view.deadline) - (now + offset.current) : 0;
  const submit = async () => {
    await flush();
    try {
      adopt(await api<AttemptView>(`/exam-sessions/${id}/attempt/submit`, { method: 'POST' }));
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    if (inProgress && remainingMs <= 0) void submit();
  }, [inProgress && remainingMs <= 0]);

  // After submitting: look again until the result is there (or waits for marking/release).
  useEffect(() => {
    if (view?.status !== 'submitted') return;
    const poll = setInterval(() => void load(), 3_000);
    return () => clearInterval(poll);
  }, [view?.status]);

  if (error)
    return (
      <ErrorPanel
        error={error}
        retry={() => {
          setError(undefined);
          void load();
        }}
      />
    );
  if (missing) return <Briefing id={id} onStart={start} problem={startProblem} />;
  if (!view) return <Loading />;

  if (view.status !== 'in-progress')
    return (
      <Finished
        view={view}
        onRetake={() => void start(undefined, true)}
        problem={startProblem}
        {...(course ? { course } : {})}
      />
    );
  if (view.deviceId !== deviceId)
    return (
      <section class="panel">
        <h1>{view.title}</h1>
        <p role="alert">{t('exam.otherDevice')}</p>
        <StartPanel onStart={start} problem={startProblem} takeOver />
      </section>
    );
  if (!paper) return <Loading />;

  const byId = new Map(paper.map((q) => [q.questionId, q]));
  const minutes = Math.max(0, Math.floor(remainingMs / 60_000));
  const seconds = Math.max(0, Math.floor((remainingMs % 60_000) / 1000));
  const answered = view.order.filter((o) => answers[o.questionId] !== undefined).length;
  return (
    <>
      <h1>{view.title}</h1>
      <section class="exam-bar panel" aria-label={t('exam.status')}>
        <p>
          {t('exam.remaining')}{' '}
          <strong data-testid="exam-timer" role="timer">
            {String(minutes).padStart(2, '0')}:{String(seconds).padStart(2, '0')}
          </strong>
        </p>
        <p>{t('exam.answered', { answered, total: view.order.length })}</p>
        <p data-testid="save-state" aria-live="polite" class={saveState === 'offline' ? 'field-error' : ''}>
          {saveState === 'saved'
            ? savedAt
              ? t('exam.savedAt', { time: savedAt.toLocaleTimeString('vi-VN') })
              : t('exam.saved')
            : t(`exam.save.${saveState}` as never)}
        </p>
      </section>
      {saveState === 'replaced' && (
        <p class="notice" role="alert">
          {t('exam.replaced')}
        </p>
      )}
      <form
        class="stacked exam-paper"
        onSubmit={(e) => {
          e.preventDefault();
          if (confirm(t('exam.confirmSubmit', { answered, total: view.order.length }))) void submit();
        }}
      >
        {view.order.map((o, index) => {
          const q = byId.get(o.questionId);
          if (!q) return null;
          return (
            <QuestionField
              key={q.questionId}
              number={index + 1}
              question={q}
              media={view.media}
              optionOrder={o.optionOrder}
              value={answers[q.questionId]}
              disabled={saveState === 'replaced' || saveState === 'closed'}
              onChange={(v) => answer(q.questionId, v)}
            />
          );
        })}
        <div class="actions">
          <button type="submit" class="primary" disabled={saveState === 'replaced'}>
            {t('exam.submit')}
          </button>
        </div>
      </form>
    </>
  );
}

interface BriefingView {
  title: string;
  opensAt: string;
  closesAt: string;
  lateEntryUntil: string;
  durationMinutes: number;
  questionCount: number;
  maxPoints: number;
  attemptsAllowed: number;
  attemptsUsed: number;
  hasAccessCode: boolean;
  practice: boolean;
  reviewAfterSubmit: boolean;
  /** A course's end-of-module test: once passed, not taken again. */
  courseTest: boolean;
}

const briefingOf = (id: string, signal: AbortSignal) =>
  api<BriefingView>(`/exam-sessions/${id}/briefing`, { signal });

/**
 * What the candidate reads before starting: the exam, its time, and its rules (late entry, one
 * device, autosave, what happens at time-out, attempts). Starting is not a decision: Enter starts.
 */
function Briefing({
  id,
  onStart,
  problem,
}: {
  id: string;
  onStart: (code?: string) => Promise<void>;
  problem?: ApiProblem | undefined;
}) {
  const briefing = useAsync((signal) => briefingOf(id, signal), [id]);
  if (briefing.error) return <ErrorPanel error={briefing.error} retry={briefing.reload} />;
  if (!briefing.data) return <Loading />;
  const b = briefing.data;
  const lateEntry = b.lateEntryUntil < b.closesAt;
  return (
    <section class="panel" data-testid="exam-briefing">
      <h1>{b.title}</h1>
      <dl class="details">
        <dt>{t('exam.duration')}</dt>
        <dd>{t('exam.minutes', { n: b.durationMinutes })}</dd>
        <dt>{t('exam.questionCount')}</dt>
        <dd>{formatNumber(b.questionCount)}</dd>
        <dt>{t('exam.window')}</dt>
        <dd>{t('exam.windowFromTo', { from: formatDateTime(b.opensAt), to: formatDateTime(b.closesAt) })}</dd>
        <dt>{t('exam.attempts')}</dt>
        <dd>{t('exam.attemptsOf', { used: b.attemptsUsed, of: b.attemptsAllowed })}</dd>
      </dl>
      <h2>{t('exam.rules')}</h2>
      <ul class="rules">
        <li>
          {lateEntry
            ? t('exam.rule.lateEntry', { at: formatDateTime(b.lateEntryUntil) })
            : t('exam.rule.enterUntilClose', { at: formatDateTime(b.closesAt) })}
        </li>
        <li>{t('exam.rule.clock', { n: b.durationMinutes, at: formatDateTime(b.closesAt) })}</li>
        <li>{t('exam.rule.oneDevice')}</li>
        <li>{t('exam.rule.autosave')}</li>
        <li>{t('exam.rule.timeUp')}</li>
        <li>
          {b.attemptsAllowed > 1
            ? t('exam.rule.attempts', { n: b.attemptsAllowed })
            : t('exam.rule.oneAttempt')}
        </li>
        {b.practice && <li>{b.reviewAfterSubmit ? t('exam.rule.review') : t('exam.rule.noReview')}</li>}
      </ul>
      <StartForm
        onStart={onStart}
        problem={problem}
        askCode={b.hasAccessCode ? 'required' : undefined}
        label={t('exam.start')}
      />
    </section>
  );
}

/**
 * Starting (or taking over) an attempt: the access code when there is one — 'required' when the
 * session is known to have one (the briefing), 'asked' after the API refused without it.
 */
function StartForm({
  onStart,
  problem,
  askCode,
  label,
}: {
  onStart: (code?: string) => Promise<void>;
  problem?: ApiProblem | undefined;
  askCode?: 'required' | 'asked' | undefined;
  label: string;
}) {
  const [code, setCode] = useState('');
  return (
    <form
      class="stacked"
      onSubmit={(e) => {
        e.preventDefault();
        void onStart(code.trim() || undefined);
      }}
    >
      {askCode && (
        <div class="field">
          <label for="access-code">{t('exam.accessCode')}</label>
          {askCode === 'required' && <p class="hint">{t('exam.accessCodeAsk')}</p>}
          <input
            id="access-code"
            value={code}
            autocomplete="off"
            required={askCode === 'required'}
            onInput={(e) => setCode((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
      )}
      {problem && (
        <p class="form-problem" role="alert">
          {problem.detail ?? problem.title}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary">
          {label}
        </button>
      </div>
    </form>
  );
}

function StartPanel({
  onStart,
  problem,
  takeOver,
}: {
  onStart: (code?: string) => Promise<void>;
  problem?: ApiProblem | undefined;
  takeOver?: boolean;
}) {
  // The API's refusal names the problem: the access code, in any language the detail is in.
  const needsCode = problem?.is('exam-access-code') ?? false;
  return (
    <section class="panel">
      {!takeOver && <h1>{t('exam.room')}</h1>}
      <p>{takeOver ? t('exam.takeOverIntro') : t('exam.startIntro')}</p>
      <StartForm
        onStart={onStart}
        problem={problem}
        askCode={needsCode ? 'asked' : undefined}
        label={takeOver ? t('exam.takeOver') : t('exam.start')}
      />
    </section>
  );
}

function Finished({
  view,
  onRetake,
  problem,
  course,
}: {
  view: AttemptView;
  onRetake: () => void;
  problem?: ApiProblem | undefined;
  /** The module whose test this is: the way back to it. */
  course?: string;
}) {
  const released = view.points !== undefined;
  const briefing = useAsync((signal) => briefingOf(view.sessionId, signal), [view.sessionId]);
  const [reviewing, setReviewing] = useState(false);
  return (
    <>
      <section class="panel" data-testid="exam-finished">
        <h1>{view.title}</h1>
        <p role="status">
          {view.status === 'submitted'
            ? t('exam.submittedWait')
            : released
              ? t('exam.result', tenPointScore(view.points!, view.maxPoints ?? 0))
              : t(`exam.awaiting.${view.awaiting ?? 'release'}` as never)}
        </p>
        {released && <p>{view.passed ? t('exam.passed') : t('exam.notPassed')}</p>}
        {/* A course's test passed is done: the course counted it (the server refuses a retake). */}
        {view.status === 'graded' &&
          view.attemptNo < view.attemptsAllowed &&
          !(briefing.data?.courseTest && view.passed) && (
            <button type="button" onClick={onRetake}>
              {t('exam.retake', { n: view.attemptNo + 1, of: view.attemptsAllowed })}
            </button>
          )}
        {briefing.data?.reviewAfterSubmit && !reviewing && (
          <button type="button" onClick={() => setReviewing(true)}>
            {t('exam.review')}
          </button>
        )}
        {problem && (
          <p class="form-problem" role="alert">
            {problem.detail ?? problem.title}
          </p>
        )}
        {course && (
          <p>
            <a href={`/courses/${course}`} data-testid="back-to-course">
              {t('exam.backToCourse')}
            </a>
          </p>
        )}
      </section>
      {reviewing && <Review view={view} />}
    </>
  );
}

interface ReviewView {
  questions: Record<
    string,
    {
      key: {
        correct?: string | string[] | Record<string, boolean>;
        accepted?: number[];
        tolerance?: number;
        rubric?: { criterion: string; points: number }[];
      };
      explanation?: string;
      earned?: number;
    }
  >;
}
type ReviewKey = ReviewView['questions'][string]['key'];

/** A submitted practice attempt beside the keys and the explanations, question by question. */
function Review({ view }: { view: AttemptView }) {
  const data = useAsync(
    async (signal) => {
      const [review, paper] = await Promise.all([
        api<ReviewView>(`/exam-sessions/${view.sessionId}/attempt/review`, { signal }),
        fetch(view.paperUrl, { signal }).then((r) => r.json() as Promise<{ questions: PaperQuestion[] }>),
      ]);
      return { review, paper: new Map(paper.questions.map((q) => [q.questionId, q])) };
    },
    [view.sessionId, view.attemptNo],
  );
  if (data.error) return <ErrorPanel error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading />;
  const { review, paper } = data.data;
  return (
    <section class="panel" data-testid="exam-review">
      <h2>{t('exam.reviewTitle')}</h2>
      <ol class="review">
        {view.order.map((o) => {
          const q = paper.get(o.questionId);
          const r = review.questions[o.questionId];
          if (!q || !r) return null;
          const text = (oid: string) =>
            (q.options ?? q.statements ?? []).find((x) => x.id === oid)?.text ?? oid;
          const yours = describeAnswer(q, view.answers[o.questionId]?.answer, text);
          return (
            <li key={o.questionId} class="review-item">
              <p>
                {q.stem} <span class="hint">({t('exam.points', { points: formatNumber(q.points) })})</span>
              </p>
              <p>
                <strong>{t('exam.yourAnswer')}</strong> {yours || t('exam.noAnswer')}
              </p>
              <p>
                <strong>{t('exam.rightAnswer')}</strong> {describeKey(q, r.key, text)}
              </p>
              {r.earned !== undefined && (
                <p>{t('exam.earned', { n: formatNumber(r.earned), of: formatNumber(q.points) })}</p>
              )}
              {r.explanation && (
                <p class="explanation">
                  <strong>{t('exam.explanation')}</strong> {r.explanation}
                </p>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

const truth = (b: boolean | undefined) => (b === undefined ? '—' : b ? t('exam.true') : t('exam.false'));
const statementsSaid = (q: PaperQuestion, judged: Record<string, boolean>) =>
  (q.statements ?? []).map((s, i) => `${'abcd'[i]}) ${truth(judged[s.id])}`).join(', ');

function describeAnswer(q: PaperQuestion, a: Answer | undefined, text: (id: string) => string) {
  if (!a) return '';
  if ('choice' in a) return text(a.choice);
  if ('choices' in a) return a.choices.map(text).join('; ');
  if ('statements' in a) return statementsSaid(q, a.statements);
  if ('value' in a) return a.value;
  return a.text;
}

function describeKey(q: PaperQuestion, key: ReviewKey, text: (id: string) => string) {
  const c = key.correct;
  if (typeof c === 'string') return text(c);
  if (Array.isArray(c)) return c.map(text).join('; ');
  if (c && typeof c === 'object') return statementsSaid(q, c);
  if (key.accepted) return key.accepted.map((n) => formatNumber(n)).join('; ');
  return (key.rubric ?? []).map((r) => `${r.criterion} (${formatNumber(r.points)})`).join('; ');
}

function QuestionField({
  number,
  question: q,
  media,
  optionOrder,
  value,
  disabled,
  onChange,
}: {
  number: number;
  question: PaperQuestion;
  media: Record<string, string>;
  optionOrder?: string[] | undefined;
  value: Answer | undefined;
  disabled: boolean;
  onChange: (value: Answer) => void;
}) {
  const name = `q-${q.questionId}`;
  const options = (optionOrder ?? (q.options ?? q.statements ?? []).map((o) => o.id))
    .map((oid) => (q.options ?? q.statements ?? []).find((o) => o.id === oid))
    .filter((o): o is { id: string; text: string } => !!o);
  const legend = (
    <legend>
      <span class="question-number">{t('exam.question', { n: number })}</span> {q.stem}{' '}
      <span class="hint">({t('exam.points', { points: formatNumber(q.points) })})</span>
    </legend>
  );
  const figures = (q.media ?? []).map((key, i) =>
    /\.(mp3|ogg|wav|m4a)$/.test(key) ? (
      // biome-ignore lint/a11y/useMediaCaption: listening items are the exam; a transcript would give the answer away
      <audio key={key} controls preload="none" src={media[key]} aria-label={t('exam.sound', { n: i + 1 })} />
    ) : (
      <img
        key={key}
        class="question-figure"
        src={media[key]}
        alt={t('exam.figure', { n: i + 1, question: number })}
      />
    ),
  );
  switch (q.type) {
    case 'single':
      return (
        <fieldset class="question" disabled={disabled}>
          {legend}
          {figures}
          {options.map((o, i) => (
            <label key={o.id} class="choice">
              <input
                type="radio"
                name={name}
                checked={value !== undefined && 'choice' in value && value.choice === o.id}
                onChange={() => onChange({ choice: o.id })}
              />{' '}
              {LETTERS[i]}. {o.text}
            </label>
          ))}
        </fieldset>
      );
    case 'multiple': {
      const chosen = value && 'choices' in value ? value.choices : [];
      return (
        <fieldset class="question" disabled={disabled}>
          {legend}
          {figures}
          {options.map((o, i) => (
            <label key={o.id} class="choice">
              <input
                type="checkbox"
                checked={chosen.includes(o.id)}
                onChange={(e) =>
                  onChange({
                    choices: (e.currentTarget as HTMLInputElement).checked
                      ? [...chosen, o.id]
                      : chosen.filter((c) => c !== o.id),
                  })
                }
              />{' '}
              {LETTERS[i]}. {o.text}
            </label>
          ))}
        </fieldset>
      );
    }
    case 'true-false-group': {
      const judged = value && 'statements' in value ? value.statements : {};
      return (
        <fieldset class="question" disabled={disabled}>
          {legend}
          {figures}
          {options.map((o, i) => (
            <fieldset key={o.id} class="statement">
              <legend>
                {'abcd'[i]}) {o.text}
              </legend>
              {[true, false].map((truth) => (
                <label key={String(truth)} class="choice">
                  <input
                    type="radio"
                    name={`${name}-${o.id}`}
                    checked={judged[o.id] === truth}
                    onChange={() => onChange({ statements: { ...judged, [o.id]: truth } })}
                  />{' '}
                  {truth ? t('exam.true') : t('exam.false')}
                </label>
              ))}
            </fieldset>
          ))}
        </fieldset>
      );
    }
    case 'short-numeric':
      return (
        <fieldset class="question" disabled={disabled}>
          {legend}
          {figures}
          <label class="field">
            {t('exam.numericAnswer')}
            <input
              inputMode="decimal"
              maxLength={16}
              value={value && 'value' in value ? value.value : ''}
              onInput={(e) => onChange({ value: (e.currentTarget as HTMLInputElement).value })}
            />
          </label>
        </fieldset>
      );
    case 'essay':
      return (
        <fieldset class="question" disabled={disabled}>
          {legend}
          {figures}
          {q.criteria && <p class="hint">{t('exam.criteria', { list: q.criteria.join('; ') })}</p>}
          <label class="field">
            {t('exam.essayAnswer')}
            <textarea
              rows={8}
              maxLength={20_000}
              value={value && 'text' in value ? value.text : ''}
              onInput={(e) => onChange({ text: (e.currentTarget as HTMLTextAreaElement).value })}
            />
          </label>
        </fieldset>
      );
  }
}
