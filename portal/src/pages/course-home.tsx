/**
 * A module's home for the person learning it: the share done ("8,33% hoàn thành"), the state and
 * window, enrolment, the outline with each item's progress; videos play here and report what was
 * played about every 15 s, on pause, and when the page is hidden or closed (`keepalive`), so a
 * phone locked mid-video loses nothing; a video resumes where it was left. The module's test is
 * taken in the exam room (once the rest is done); a completed module's certificate is asked for,
 * made and signed in the background, and downloaded here.
 */

import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { formatShare } from '../../../functions/courses/domain/share.ts';
import { ApiProblem, api } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { formatDay, lang, type MessageKey, t, tenPointScore } from '../i18n/index.ts';
import { useAsync, usePolling } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PlayedStretches, type Stretch } from '../ui/played.ts';
import { ErrorPanel, Loading, ProgressBar } from '../ui/states.tsx';
import { ForumPanel } from './course-forum.tsx';
import { PackagePlayer } from './course-package.tsx';
import { RatingsPanel } from './course-ratings.tsx';
import type { CourseModule } from './courses.tsx';

/** Where a learner stands in the module's test (the result once released). */
interface TestStanding {
  state: 'not-joined' | 'not-started' | 'in-progress' | 'submitted' | 'graded';
  attemptsUsed: number;
  attemptsAllowed: number;
  points?: number;
  maxPoints: number;
  passed?: boolean;
}

export interface CourseItem {
  itemId: string;
  kind: 'video' | 'document' | 'package' | 'test';
  title: string;
  durationSeconds?: number;
  /** A material's file (videos and documents). */
  fileName?: string;
  contentType?: string;
  size?: number;
  complete: boolean;
  covered?: number;
  position?: number;
  /** The module's test: its rules and where I stand. */
  durationMinutes?: number;
  passMark?: number;
  maxPoints?: number;
  attemptsAllowed?: number;
  test?: TestStanding;
}

interface CourseHome {
  module: CourseModule;
  enrolment?: { enrolledAt: string; completedAt?: string };
  done: number;
  total: number;
  share: number;
  chapters: { chapterId: string; title: string; items: CourseItem[] }[];
}

interface Link extends Done {
  url: string;
  contentType: string;
}

interface Done {
  done: number;
  total: number;
  /** Set once the module is completed (a report or an opening may complete it). */
  moduleCompletedAt?: string;
}

/** How often a playing video reports (the server credits what the clock since allows). */
const REPORT_EVERY_MS = 15_000;

const shareText = ({ done, total }: Done) =>
  t('learn.shareDone', { share: formatShare(done, total, lang()) });

const ICONS: Record<CourseItem['kind'], string> = { video: '▶', document: '📄', package: '🧩', test: '📝' };
const ACTIONS: Record<CourseItem['kind'], MessageKey> = {
  video: 'learn.watch',
  document: 'learn.read',
  package: 'learn.launch',
  test: 'learn.takeTest',
};

/** Points on the 10-point scale, as the exam room shows them ("8,5"). */
const tenPoints = (points: number, max: number) => tenPointScore(points, max).ten;

/** The test's line: not taken, being taken, being marked, or its result with what is left. */
function testStatus(t_: TestStanding) {
  if (t_.passed) return t('learn.test.passed', { score: tenPoints(t_.points!, t_.maxPoints) });
  if (t_.state === 'in-progress') return t('learn.test.inProgress');
  if (t_.state === 'submitted' || (t_.state === 'graded' && t_.points === undefined))
    return t('learn.test.marking');
  if (t_.state === 'graded')
    return t('learn.test.notPassed', {
      score: tenPoints(t_.points!, t_.maxPoints),
      left: t_.attemptsAllowed - t_.attemptsUsed,
    });
  return t('learn.itemTodo');
}

/** Whether the test can be (re)entered: not passed, and an attempt open or left. */
const testOpen = (s: TestStanding | undefined) =>
  !s?.passed &&
  (!s ||
    s.state === 'not-joined' ||
    s.state === 'not-started' ||
    s.state === 'in-progress' ||
    (s.state === 'graded' && s.points !== undefined && s.attemptsUsed < s.attemptsAllowed));

const minutes = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

export function CourseHomePage({ id }: { me: Me; id: string }) {
  const home = useAsync(
    (signal) => api<CourseHome>(`/me/courses/${encodeURIComponent(id)}`, { signal }),
    [id],
  );
  usePageTitle(home.data?.module.title ?? t('learn.title'));
  const [open, setOpen] = useState<string>();
  const [progress, setProgress] = useState<Done>();
  const [enrolling, setEnrolling] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  if (home.error) return <ErrorPanel error={home.error} retry={home.reload} />;
  if (!home.data) return <Loading />;
  const { module: m, enrolment, chapters } = home.data;
  const done = progress ?? home.data;
  const completedAt = progress?.moduleCompletedAt ?? enrolment?.completedAt;
  const enrol = async () => {
    setEnrolling(true);
    setProblem(undefined);
    try {
      await api(`/me/courses/${encodeURIComponent(id)}/enrolment`, { method: 'POST' });
      home.reload();
    } catch (error) {
      setProblem(error);
    } finally {
      setEnrolling(false);
    }
  };
  return (
    <>
      <p>
        <a href="/courses">{t('learn.back')}</a>
      </p>
      <h1>{m.title}</h1>
      <p>
        <span class={`badge badge-${m.state === 'running' ? 'approved' : 'submitted'}`}>
          {t(`course.state.${m.state}` as MessageKey)}
        </span>{' '}
        {t('course.facts', {
          code: m.code,
          programme: t(`course.programme.${m.programme}` as MessageKey),
          periods: m.periods,
        })}
      </p>
      <p>{t('course.window', { from: formatDay(m.opensAt), to: formatDay(m.closesAt) })}</p>
      {m.description && <p>{m.description}</p>}
      {enrolment ? (
        <section class="panel" data-testid="course-progress">
          <ProgressBar
            value={(done.total ? done.done / done.total : 0) * 100}
            label={t('learn.progress')}
            text={shareText(done)}
          />
          <p>
            {completedAt
              ? t('learn.completed', { date: formatDay(completedAt) })
              : t('learn.itemsDone', { done: done.done, total: done.total })}
          </p>
        </section>
      ) : (
        <section class="panel">
          <p>
            {m.state === 'running' ? t('learn.enrolHint') : t(`learn.cannotEnrol.${m.state}` as MessageKey)}
          </p>
          {m.state === 'running' && (
            <button type="button" class="primary" disabled={enrolling} onClick={() => void enrol()}>
              {t('learn.enrol')}
            </button>
          )}
        </section>
      )}
      {problem ? <ErrorProblem error={problem} /> : null}
      <h2>{t('learn.outline')}</h2>
      {chapters.length === 0 && <p>{t('learn.noContent')}</p>}
      {chapters.map((chapter) => (
        <section key={chapter.chapterId} class="panel">
          <h3>{chapter.title}</h3>
          <ul class="outline" data-testid="outline">
            {chapter.items.map((item) => (
              <li key={item.itemId}>
                <ItemRow
                  item={item}
                  moduleId={id}
                  enrolled={Boolean(enrolment) && m.state === 'running'}
                  open={open === item.itemId}
                  onOpen={() => setOpen(item.itemId)}
                  onClose={() => setOpen(undefined)}
                  onProgress={setProgress}
                />
              </li>
            ))}
          </ul>
        </section>
      ))}
      {completedAt && <CertificatePanel moduleId={id} />}
      {enrolment && <ForumPanel moduleId={id} />}
      {/* Rated after the contents: what to learn comes first on a phone. */}
      <RatingsPanel moduleId={id} canRate={Boolean(enrolment)} />
    </>
  );
}

function ErrorProblem({ error }: { error: unknown }) {
  if (error instanceof ApiProblem && error.status < 500)
    return (
      <p class="error" role="alert">
        {error.detail ?? error.title}
      </p>
    );
  return <ErrorPanel error={error} />;
}

function ItemRow({
  item,
  moduleId,
  enrolled,
  open,
  onOpen,
  onClose,
  onProgress,
}: {
  item: CourseItem;
  moduleId: string;
  enrolled: boolean;
  open: boolean;
  onOpen: () => void;
  onClose: () => void;
  onProgress: (p: Done) => void;
}) {
  const [complete, setComplete] = useState(item.complete);
  const [covered, setCovered] = useState(item.covered ?? 0);
  const [problem, setProblem] = useState<unknown>();
  const [link, setLink] = useState<Link>();
  const { route } = useLocation();
  const path = `/me/courses/${encodeURIComponent(moduleId)}/items/${encodeURIComponent(item.itemId)}`;
  const openItem = async () => {
    setProblem(undefined);
    // A package's unit is launched by its player (course-package.tsx).
    if (item.kind === 'package') return onOpen();
    try {
      if (item.kind === 'test') {
        // On the roll, then to the exam room, which keeps the clock; it leads back here.
        const joined = await api<{ sessionId: string }>(`${path}/test`, { method: 'POST' });
        return route(`/exams/${encodeURIComponent(joined.sessionId)}?course=${encodeURIComponent(moduleId)}`);
      }
      const got = await api<Link>(`${path}/open`, { method: 'POST' });
      setLink(got);
      onOpen();
      if (item.kind === 'document') {
        setComplete(true);
        onProgress(got);
        window.open(got.url, '_blank', 'noopener');
      }
    } catch (error) {
      setProblem(error);
    }
  };
  const duration = item.durationSeconds ?? 0;
  const status =
    item.kind === 'test' && item.test && item.test.state !== 'not-joined'
      ? testStatus(item.test)
      : complete
        ? t('learn.itemDone')
        : item.kind === 'video' && duration
          ? t('learn.watched', { share: formatShare(covered, duration, lang()) })
          : t('learn.itemTodo');
  const canOpen = enrolled && (item.kind !== 'test' || (!complete && testOpen(item.test)));
  return (
    <div class="outline-item" data-testid={`item-${item.kind}`}>
      <div class="outline-head">
        <span aria-hidden="true">{complete ? '✓' : ICONS[item.kind]}</span>
        <span class="outline-title">
          {item.title}
          {item.kind === 'video' && duration ? ` (${minutes(duration)})` : ''}
        </span>
        <span class={`badge badge-${complete ? 'approved' : 'draft'}`} data-testid="item-status">
          {status}
        </span>
        {canOpen && (
          <button type="button" onClick={() => void openItem()}>
            {item.kind === 'test' && item.test?.state === 'in-progress'
              ? t('learn.test.resume')
              : item.kind === 'test' && item.test?.state === 'graded'
                ? t('learn.test.retake')
                : t(ACTIONS[item.kind])}
          </button>
        )}
      </div>
      {item.kind === 'test' && item.maxPoints !== undefined && (
        <p class="hint" data-testid="test-rules">
          {t('learn.test.rules', {
            minutes: item.durationMinutes ?? 0,
            pass: tenPoints(item.passMark ?? 0, item.maxPoints),
            attempts: item.attemptsAllowed ?? 1,
          })}
        </p>
      )}
      {problem ? <ErrorProblem error={problem} /> : null}
      {open && link && item.kind === 'video' && (
        <VideoPlayer
          link={link}
          title={item.title}
          resumeAt={item.position ?? 0}
          reportPath={`${path}/watched`}
          relink={async () => (await api<Link>(`${path}/open`, { method: 'POST' })).url}
          onReport={(r) => {
            setCovered(r.covered);
            if (r.complete) setComplete(true);
            onProgress(r);
          }}
        />
      )}
      {open && item.kind === 'package' && (
        <PackagePlayer
          path={path}
          title={item.title}
          onLaunched={(launched) => {
            if (launched.complete) setComplete(true);
            onProgress(launched);
          }}
          onCommitted={(committed) => {
            if (committed.complete) setComplete(true);
            onProgress(committed);
          }}
          onClose={onClose}
        />
      )}
      {open && link && item.kind === 'document' && (
        <p>
          <a href={link.url} target="_blank" rel="noopener">
            {t('learn.openAgain', { file: item.fileName ?? item.title })}
          </a>
        </p>
      )}
    </div>
  );
}

interface Report extends Done {
  covered: number;
  complete: boolean;
}

/**
 * The video with its reports. The first report when play starts only starts the server's clock;
 * what is played is reported every 15 s and whenever play stops or the page goes away. A report
 * that fails keeps its stretches for the next one. A link that expired mid-video is renewed and
 * play goes on where it was.
 */
function VideoPlayer({
  link,
  title,
  resumeAt,
  reportPath,
  relink,
  onReport,
}: {
  link: Link;
  title: string;
  resumeAt: number;
  reportPath: string;
  relink: () => Promise<string>;
  onReport: (r: Report) => void;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const played = useRef(new PlayedStretches());
  const [src, setSrc] = useState(link.url);
  const [note, setNote] = useState<string>();
  const sending = useRef(false);

  const report = async (final = false) => {
    const v = video.current;
    if (!v || (sending.current && !final)) return;
    const stretches: Stretch[] = played.current.take();
    sending.current = true;
    try {
      const r = await api<Report>(reportPath, {
        method: 'POST',
        body: { stretches, position: Math.round(v.currentTime * 10) / 10 },
        ...(final ? { keepalive: true } : {}),
      });
      setNote(undefined);
      onReport(r);
    } catch (error) {
      played.current.putBack(stretches);
      if (error instanceof ApiProblem && error.status === 409) setNote(error.detail ?? error.title);
    } finally {
      sending.current = false;
    }
  };

  useEffect(() => {
    const v = video.current!;
    const tracker = played.current;
    let timer: ReturnType<typeof setInterval> | undefined;
    const onPlay = () => {
      // Starts the server's clock for this viewing (and sends anything held back).
      void report();
      timer ??= setInterval(() => void report(), REPORT_EVERY_MS);
    };
    const onTime = () => {
      if (!v.paused && !v.seeking) tracker.at(v.currentTime);
    };
    const onStop = () => {
      tracker.stop();
      clearInterval(timer);
      timer = undefined;
      if (tracker.pending) void report();
    };
    const onSeeking = () => tracker.stop();
    const onLeave = () => {
      tracker.stop();
      if (tracker.pending) void report(true);
    };
    const onHidden = () => {
      if (document.visibilityState === 'hidden') onLeave();
    };
    const onLoaded = () => {
      if (resumeAt > 0 && resumeAt < v.duration - 5) v.currentTime = resumeAt;
    };
    const onError = async () => {
      // The link lives a few minutes: a long video needs a fresh one to go on fetching ranges.
      const at = v.currentTime;
      setSrc(await relink());
      v.addEventListener('loadedmetadata', () => (v.currentTime = at), { once: true });
    };
    v.addEventListener('play', onPlay);
    v.addEventListener('timeupdate', onTime);
    v.addEventListener('pause', onStop);
    v.addEventListener('ended', onStop);
    v.addEventListener('seeking', onSeeking);
    v.addEventListener('loadedmetadata', onLoaded, { once: true });
    v.addEventListener('error', onError);
    window.addEventListener('pagehide', onLeave);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      clearInterval(timer);
      onLeave();
      v.removeEventListener('play', onPlay);
      v.removeEventListener('timeupdate', onTime);
      v.removeEventListener('pause', onStop);
      v.removeEventListener('ended', onStop);
      v.removeEventListener('seeking', onSeeking);
      v.removeEventListener('error', onError);
      window.removeEventListener('pagehide', onLeave);
      document.removeEventListener('visibilitychange', onHidden);
    };
  }, []);

  return (
    <>
      {/* biome-ignore lint/a11y/useMediaCaption: lecture videos come without caption files yet */}
      <video ref={video} controls playsInline src={src} title={title} class="player" data-testid="player" />
      {note && (
        <p class="notice" role="status">
          {note}
        </p>
      )}
    </>
  );
}

interface Certificate {
  status: 'pending' | 'signed' | 'failed';
  code: string;
  signedAt?: string;
  downloadUrl?: string;
  error?: string;
}

/**
 * A completed module's certificate: asked for with a button (made and signed in the background),
 * then its code, its public verification page and a download link.
 */
function CertificatePanel({ moduleId }: { moduleId: string }) {
  const path = `/me/courses/${encodeURIComponent(moduleId)}/certificate`;
  // null: none asked for yet (the API's 404).
  const found = useAsync(
    (signal) =>
      api<Certificate>(path, { signal }).catch((error: unknown) => {
        if (error instanceof ApiProblem && error.status === 404) return null;
        throw error;
      }),
    [path],
  );
  const [asked, setAsked] = useState<Certificate>();
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const certificate = asked ?? found.data;
  usePolling(
    certificate ?? undefined,
    (c) => c.status === 'pending',
    () => api<Certificate>(path),
    setAsked,
  );
  const ask = async () => {
    setAsking(true);
    setProblem(undefined);
    try {
      setAsked(await api<Certificate>(path, { method: 'POST' }));
    } catch (error) {
      setProblem(error);
    } finally {
      setAsking(false);
    }
  };
  return (
    <section class="panel" data-testid="certificate">
      <h2>{t('learn.certificate.title')}</h2>
      {certificate === null && (
        <>
          <p>{t('learn.certificate.hint')}</p>
          <button type="button" class="primary" disabled={asking} onClick={() => void ask()}>
            {t('learn.certificate.ask')}
          </button>
        </>
      )}
      {certificate?.status === 'pending' && (
        <p role="status" data-testid="certificate-state">
          {t('learn.certificate.signing')}
        </p>
      )}
      {certificate?.status === 'failed' && (
        <>
          <p class="error" role="alert">
            {certificate.error ?? t('learn.certificate.failed')}
          </p>
          <button type="button" disabled={asking} onClick={() => void ask()}>
            {t('learn.certificate.again')}
          </button>
        </>
      )}
      {certificate?.status === 'signed' && (
        <>
          <p role="status" data-testid="certificate-state">
            {t('learn.certificate.signed', { date: formatDay(certificate.signedAt!) })}
          </p>
          <p>
            <a
              class="button primary"
              href={certificate.downloadUrl}
              download
              data-testid="certificate-download"
            >
              {t('learn.certificate.download')}
            </a>
          </p>
          <p>
            {t('learn.certificate.code')} <code>{certificate.code}</code> ·{' '}
            <a href={`/verify/${encodeURIComponent(certificate.code)}`}>{t('learn.certificate.verify')}</a>
          </p>
        </>
      )}
      {problem || found.error ? <ErrorProblem error={problem ?? found.error} /> : null}
    </section>
  );
}
