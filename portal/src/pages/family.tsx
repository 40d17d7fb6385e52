/**
 * The home of learners and guardians (issue 18): the linked learner's card — class, homeroom
 * teacher, school, school year — then what to do next, their exams, library and resources of the
 * grade, and the official profile with "ask the school to correct". A guardian of several children
 * switches between them; the choice is kept for the tab in sessionStorage, never in the address.
 * An account with no learner yet is shown how to link one.
 */
import { useEffect, useState } from 'preact/hooks';
import type { FollowedCourse } from '../api/classroom.ts';
import { ApiProblem, api } from '../api/client.ts';
import {
  type LearnerExam,
  type LearnerLibrary,
  type LearnerView,
  learnersOf,
  type PersonLink,
  whenAvailable,
} from '../api/family.ts';
import type { Me } from '../api/types.ts';
import { formatDay, formatDayTime, formatNumber, type MessageKey, t } from '../i18n/index.ts';
import type { Audience } from '../nav.ts';
import { useUnread } from '../ui/bell.tsx';
import { useAsync, usePaged } from '../ui/hooks.ts';
import { ErrorPanel, Loading } from '../ui/states.tsx';
import {
  ExamsSection,
  isOverdue,
  LibrarySection,
  type MaybePage,
  ProfileSection,
  ResourcesSection,
  upcoming,
} from './learner-sections.tsx';

const SELECTED_KEY = 'vn-edu.learner';

/** Remembers which learner the home shows (this tab only); record ids are not personal data. */
export const rememberLearner = (recordId: string) => sessionStorage.setItem(SELECTED_KEY, recordId);

export const loadLinks = (signal?: AbortSignal) =>
  api<{ items: PersonLink[] }>('/me/links', signal ? { signal } : {});

/**
 * The family part of the home page. `quiet`: show nothing when the account has no learner (a
 * teacher's home), rather than the call to link one.
 */
export function FamilyHome({ me, audience, quiet }: { me: Me; audience: Audience; quiet?: boolean }) {
  const links = useAsync((signal) => loadLinks(signal), [me.sub]);
  // On a staff home the children are an extra: a failure there does not take over the page.
  if (links.error) return quiet ? null : <ErrorPanel error={links.error} retry={links.reload} />;
  if (!links.data) return quiet ? null : <Loading />;
  const learners = learnersOf(links.data.items);
  if (learners.length === 0) return quiet ? null : <NoLearnerYet audience={audience} />;
  return <Learners learners={learners} />;
}

function Learners({ learners }: { learners: PersonLink[] }) {
  const [selected, setSelected] = useState(() => sessionStorage.getItem(SELECTED_KEY));
  const current = learners.find((l) => l.recordId === selected) ?? learners[0]!;
  const choose = (recordId: string) => {
    rememberLearner(recordId);
    setSelected(recordId);
  };
  return (
    <>
      {learners.length > 1 && (
        <section class="switcher" aria-labelledby="switcher-title">
          <h2 id="switcher-title" class="switcher-title">
            {t('family.switcher')}
          </h2>
          <ul class="switcher-list" data-testid="child-switcher">
            {learners.map((l) => (
              <li key={l.recordId}>
                <button
                  type="button"
                  aria-pressed={l.recordId === current.recordId ? 'true' : 'false'}
                  onClick={() => choose(l.recordId)}
                >
                  <span class="switcher-name">{l.fullName}</span>
                  <span class="switcher-detail">
                    {[l.className, l.schoolName].filter(Boolean).join(' · ')}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <LearnerOverview key={current.recordId} link={current} />
    </>
  );
}

/**
 * A link takes effect within the API's principal cache (30 s, shared/auth/principal-loader.ts):
 * a learner linked moments ago may not open yet, so the page waits and tries again meanwhile.
 */
const LINK_SETTLES_MS = 60_000;
const RETRY_MS = 5_000;

function LearnerOverview({ link }: { link: PersonLink }) {
  const id = encodeURIComponent(link.recordId);
  const learner = useAsync((signal) => api<LearnerView>(`/learners/${id}`, { signal }), [id]);
  const settling =
    learner.error instanceof ApiProblem &&
    learner.error.status === 404 &&
    Date.now() - Date.parse(link.linkedAt) < LINK_SETTLES_MS;
  useEffect(() => {
    if (!settling) return;
    const timer = setTimeout(learner.reload, RETRY_MS);
    return () => clearTimeout(timer);
  }, [learner.error]);
  if (settling)
    return (
      <p class="notice" role="status" data-testid="learner-settling">
        {t('family.settling', { name: link.fullName })}
      </p>
    );
  if (learner.error) return <ErrorPanel error={learner.error} retry={learner.reload} />;
  if (!learner.data) return <Loading />;
  return <LearnerDetails learner={learner.data} self={link.relation === 'self'} />;
}

function LearnerDetails({ learner: l, self }: { learner: LearnerView; self: boolean }) {
  const id = encodeURIComponent(l.recordId);
  const exams = usePaged<LearnerExam>(
    async (cursor, signal) =>
      (await whenAvailable<MaybePage<LearnerExam>>(`/learners/${id}/exams`, {
        query: { limit: 10, cursor },
        signal,
      })) ?? { items: [], missing: true },
    [id],
  );
  const library = useAsync(
    (signal) => whenAvailable<LearnerLibrary>(`/learners/${id}/library`, { signal }),
    [id],
  );
  // Class courses answer for all of the account's learners at once; the steps take this one's.
  const classes = useAsync(
    (signal) => whenAvailable<{ items: FollowedCourse[] }>('/me/class-courses', { signal }),
    [id],
  );
  return (
    <>
      <section class="panel learner-card" aria-labelledby="learner-name" data-testid="learner-card">
        <p class="hint">{self ? t('family.you') : t('family.yourChild')}</p>
        <h2 id="learner-name" class="learner-name">
          {l.fullName}
        </h2>
        <dl class="details">
          <dt>{t('family.class')}</dt>
          <dd data-testid="learner-class">{l.className ?? t('family.noClass', { grade: l.grade })}</dd>
          <dt>{t('family.homeroom')}</dt>
          <dd>{l.homeroomTeacher ?? '—'}</dd>
          <dt>{t('family.school')}</dt>
          <dd data-testid="learner-school">{l.schoolName}</dd>
          <dt>{t('family.schoolYear')}</dt>
          <dd>{l.schoolYear}</dd>
          <dt>{t('field.dateOfBirth')}</dt>
          <dd>{formatDay(l.dateOfBirth)}</dd>
        </dl>
      </section>
      <NextSteps
        name={self ? undefined : l.fullName}
        exams={exams.data?.items}
        library={library.data}
        classSteps={classSteps(classes.data?.items ?? [], l.recordId)}
      />
      <ExamsSection state={exams} self={self} />
      <LibrarySection state={library} />
      <ResourcesSection recordId={l.recordId} grade={l.grade} />
      <ProfileSection learner={l} />
    </>
  );
}

interface Step {
  key: string;
  text: string;
  href?: string;
}

/** Live lessons this close are said among the steps. */
const LIVE_SOON_MS = 7 * 24 * 3_600_000;
/** A mark given this recently is said among the steps. */
const NEW_MARK_MS = 7 * 24 * 3_600_000;
const MAX_CLASS_STEPS = 6;

/**
 * From the class courses: the learner's work to hand in (overdue first, then by due time), live
 * lessons of the coming week, and marks given this week.
 */
function classSteps(courses: FollowedCourse[], learnerId: string, now = Date.now()): Step[] {
  const due: (Step & { at: number })[] = [];
  const marks: Step[] = [];
  const lives: (Step & { at: number })[] = [];
  for (const c of courses) {
    if (!c.learners.some((l) => l.learnerId === learnerId)) continue;
    const href = `/my-classes/${encodeURIComponent(c.courseId)}`;
    for (const a of c.assignments) {
      const s = a.submissions.find((x) => x.learnerId === learnerId);
      if (s?.state === 'missing') {
        const at = Date.parse(a.dueAt);
        const params = { title: a.title, subject: c.subject, date: formatDayTime(a.dueAt) };
        due.push({
          key: `assignment-${a.assignmentId}`,
          text: at < now ? t('family.next.assignmentLate', params) : t('family.next.assignment', params),
          href: `${href}#assignment-${a.assignmentId}`,
          at,
        });
      } else if (
        s?.state === 'marked' &&
        s.score !== undefined &&
        s.markedAt &&
        now - Date.parse(s.markedAt) < NEW_MARK_MS
      )
        marks.push({
          key: `mark-${a.assignmentId}`,
          text: t('family.next.marked', {
            title: a.title,
            score: `${formatNumber(s.score, { maximumFractionDigits: 1 })}/${formatNumber(a.maxScore)}`,
          }),
          href: `${href}#assignment-${a.assignmentId}`,
        });
    }
    for (const l of c.upcoming)
      if (l.live && Date.parse(l.live.startsAt) - now < LIVE_SOON_MS)
        lives.push({
          key: `live-${l.lessonId}`,
          text: t('family.next.live', {
            title: l.title,
            subject: c.subject,
            date: formatDayTime(l.live.startsAt),
          }),
          href,
          at: Date.parse(l.live.startsAt),
        });
  }
  const byTime = (a: { at: number }, b: { at: number }) => a.at - b.at;
  return [...due.sort(byTime), ...lives.sort(byTime), ...marks]
    .slice(0, MAX_CLASS_STEPS)
    .map(({ key, text, href }) => ({ key, text, ...(href ? { href } : {}) }));
}

/** What the learner or guardian should do now, from what the other sections loaded. */
function NextSteps({
  name,
  exams,
  library,
  classSteps,
}: {
  name: string | undefined;
  exams: LearnerExam[] | undefined;
  library: LearnerLibrary | undefined;
  classSteps: Step[];
}) {
  const unread = useUnread();
  const steps: Step[] = [];
  if (unread) steps.push({ key: 'inbox', text: t('family.next.unread', { count: unread }), href: '/inbox' });
  steps.push(...classSteps);
  for (const loan of library?.loans ?? [])
    if (isOverdue(loan))
      steps.push({
        key: `loan-${loan.loanId}`,
        text: t('family.next.overdue', { title: loan.title, date: formatDay(loan.dueOn) }),
      });
  for (const hold of library?.holds ?? [])
    if (hold.status === 'ready')
      steps.push({
        key: `hold-${hold.holdId}`,
        text: hold.readyUntil
          ? t('family.next.holdReady', { title: hold.title, date: formatDay(hold.readyUntil) })
          : t('family.next.holdReadyNoDate', { title: hold.title }),
      });
  for (const exam of (exams ?? []).filter(upcoming).slice(0, 3))
    steps.push({
      key: `exam-${exam.sessionId}`,
      text: t('family.next.exam', { title: exam.title, date: formatDayTime(exam.opensAt) }),
    });
  return (
    <section class="panel" aria-labelledby="next-title" data-testid="next-steps">
      <h2 id="next-title">{name ? t('family.next.titleChild', { name }) : t('family.next.title')}</h2>
      {steps.length === 0 ? (
        <p>{t('family.next.nothing')}</p>
      ) : (
        <ul>
          {steps.map((s) => (
            <li key={s.key}>{s.href ? <a href={s.href}>{s.text}</a> : s.text}</li>
          ))}
        </ul>
      )}
      <p class="hint">
        <a href="/settings/notifications">{t('family.next.settings')}</a>
      </p>
    </section>
  );
}

/** An account with no learner linked: how to link one, and what else the portal offers. */
function NoLearnerYet({ audience }: { audience: Audience }) {
  const learner = audience === 'student';
  return (
    <>
      <section class="panel call-to-action" aria-labelledby="link-title" data-testid="link-call">
        <h2 id="link-title">{learner ? t('family.noLink.titleSelf') : t('family.noLink.title')}</h2>
        <p>{learner ? t('family.noLink.textSelf') : t('family.noLink.text')}</p>
        <a class="button primary" href="/link">
          {learner ? t('family.noLink.actionSelf') : t('family.noLink.action')}
        </a>
      </section>
      <section aria-labelledby="also-title">
        <h2 id="also-title">{t('family.also')}</h2>
        <ul class="cards">
          {(
            [
              ['/library', 'nav.librarySearch', 'lib.search.intro'],
              ['/lookup/diplomas', 'nav.diplomas', 'landing.diplomas'],
              ['/verify', 'nav.verify', 'landing.verify'],
              ['/settings/notifications', 'nav.notificationSettings', 'family.also.settings'],
            ] as [string, MessageKey, MessageKey][]
          ).map(([href, title, text]) => (
            <li key={href} class="card">
              <h3>
                <a href={href}>{t(title)}</a>
              </h3>
              <p>{t(text)}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
