/** What other contexts may ask of the exams context. */
import { orgTree } from '#shared/auth/principal-loader.ts';
import { conflict, notFound } from '#shared/http/problem.ts';
import { resolveCandidates } from './candidates.ts';
import { examsText } from './domain/texts.ts';
import { type ExamEntities, examEntities } from './entities.ts';
import { makeLearnerExams } from './learner-exams.ts';
import { type CandidateItem, resultsReleased, type SessionItem } from './sessions.ts';

/** More than any candidate sits in the years the platform keeps. */
const MAX_EXAMS = 500;

/**
 * The exams an account sat or is enrolled in, newest first, each with its state and — only once
 * released to candidates — the result: what the candidate's own screens show (for a person's own
 * data export). Read by the candidate index (no Scan).
 */
export async function examsOfAccount(accountId: string) {
  const exams = makeLearnerExams();
  const items: Awaited<ReturnType<typeof exams.page>>['items'] = [];
  let cursor: string | undefined;
  do {
    const page = await exams.page(`account:${accountId}`, [accountId], 100, cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < MAX_EXAMS);
  return items.slice(0, MAX_EXAMS);
}

/** What a course shows of its test before anyone starts it: the session's rules. */
export interface CourseTestFacts {
  sessionId: string;
  ownerUnitId: string;
  title: string;
  opensAt: string;
  closesAt: string;
  durationMinutes: number;
  passMark: number;
  maxPoints: number;
  attemptsAllowed: number;
  openRoll: boolean;
}

/** A learner's standing in a course's test: on the roll or not, the attempt, the released result. */
export interface CourseTestStanding {
  state: 'not-joined' | CandidateItem['state'];
  attemptsUsed: number;
  attemptsAllowed: number;
  /** Only once graded, fully marked and released to candidates. */
  points?: number;
  maxPoints: number;
  passed?: boolean;
}

const factsOf = (s: SessionItem): CourseTestFacts => ({
  sessionId: s.sessionId,
  ownerUnitId: s.ownerUnitId,
  title: s.title,
  opensAt: s.opensAt,
  closesAt: s.closesAt,
  durationMinutes: s.durationMinutes,
  passMark: s.passMark,
  maxPoints: s.maxPoints,
  attemptsAllowed: s.attemptsAllowed,
  openRoll: Boolean(s.openRoll),
});

async function sessionsById(ids: readonly string[], entities: () => ExamEntities) {
  if (ids.length === 0) return new Map<string, SessionItem>();
  const { data } = await entities()
    .examSession.get([...new Set(ids)].map((sessionId) => ({ sessionId })))
    .go();
  return new Map((data as SessionItem[]).map((s) => [s.sessionId, s]));
}

/** The sessions a module's outline names as tests (one BatchGet); an unknown id is left out. */
export async function courseTests(sessionIds: readonly string[], entities = examEntities) {
  const found = await sessionsById(sessionIds, entities);
  return new Map([...found].map(([id, s]) => [id, factsOf(s)]));
}

/**
 * Puts a course's learner on the roll of its test (a session with an open roll), as a candidate
 * of the session's unit like any other: their school and commune from the org tree now. Idempotent:
 * a learner already on the roll stays as they are.
 */
export async function joinCourseTest(
  sessionId: string,
  accountId: string,
  /** Echoed in the `exam.attempt-graded` event once the attempt is graded. */
  origin?: string,
  entities = examEntities,
) {
  const session = (await sessionsById([sessionId], entities)).get(sessionId);
  if (!session) throw notFound();
  if (!session.openRoll) throw conflict(examsText('not-open-roll'));
  const { data: onRoll } = await entities().sessionCandidate.get({ accountId, sessionId }).go();
  if (onRoll) return factsOf(session);
  const owner = await orgTree()(session.ownerUnitId);
  const [candidate] = await resolveCandidates(owner!, { accounts: [accountId] });
  const result = await entities()
    .service.transaction.write(({ sessionCandidate, candidateExam }) => [
      sessionCandidate
        .create({
          ...candidate!,
          sessionId,
          title: session.title,
          opensAt: session.opensAt,
          room: '-',
          state: 'not-started',
          ...(origin ? { origin } : {}),
        })
        .commit(),
      candidateExam.put({ accountId, opensAt: session.opensAt, sessionId }).commit(),
    ])
    .go();
  if (result.canceled) {
    // Two taps at once: the other request put the learner on the roll.
    if (!(await entities().sessionCandidate.get({ accountId, sessionId }).go()).data)
      throw conflict(examsText('busy'));
    return factsOf(session);
  }
  // Counted apart from the transaction: thousands joining at once would otherwise meet on the
  // session's item and cancel each other's transactions; an update only queues behind others.
  await entities().examSession.patch({ sessionId }).add({ candidateCount: 1 }).go();
  return factsOf(session);
}

/**
 * A learner's standing in each of the given tests (two BatchGets). The result shows only as the
 * exam room would show it: graded, fully marked and released. `consistent` reads the roll as the
 * grader last wrote it (whoever acts on its announcement).
 */
export async function courseTestStandings(
  sessionIds: readonly string[],
  accountId: string,
  entities = examEntities,
  now = new Date(),
  read: { consistent?: boolean } = {},
): Promise<Map<string, CourseTestStanding>> {
  if (sessionIds.length === 0) return new Map();
  const [sessions, rolls] = await Promise.all([
    sessionsById(sessionIds, entities),
    entities()
      .sessionCandidate.get([...new Set(sessionIds)].map((sessionId) => ({ accountId, sessionId })))
      .go(read),
  ]);
  const roll = new Map((rolls.data as CandidateItem[]).map((c) => [c.sessionId, c]));
  const standings = new Map<string, CourseTestStanding>();
  for (const [sessionId, s] of sessions) {
    const c = roll.get(sessionId);
    const released = c?.state === 'graded' && !c.pendingScripts && resultsReleased(s, now);
    standings.set(sessionId, {
      state: c?.state ?? 'not-joined',
      attemptsUsed: c?.attemptNo ?? 0,
      attemptsAllowed: s.attemptsAllowed,
      maxPoints: s.maxPoints,
      ...(released ? { points: c.points ?? 0, passed: (c.points ?? 0) >= s.passMark } : {}),
    });
  }
  return standings;
}

/** More than a unit keeps open as courses' tests at once. */
const TESTS_READ = 200;

/**
 * A unit's exam sessions set up as courses' tests (an open roll) that have not closed, newest
 * first: what a module's outline may name. The unit's newest sessions, by its index (no Scan).
 */
export async function openCourseTestsOf(unitId: string, now = new Date(), entities = examEntities) {
  const { data } = await entities()
    .examSession.query.byUnit({ ownerUnitId: unitId })
    .go({ limit: TESTS_READ, order: 'desc' });
  return (data as SessionItem[]).filter((s) => s.openRoll && s.closesAt > now.toISOString()).map(factsOf);
}
