/**
 * Exam sessions and the candidate's attempt, by the server's clock. Starting writes the attempt,
 * its due entry and the roll's state in one transaction; the paper comes from S3 (written when
 * the paper was built), so a city-wide start never touches the bank. Autosaves merge per
 * question by sequence (a retried or overtaken save never wins over a newer one) into small answer
 * chunks, each fenced by the attempt's revision (domain/answers.ts): a takeover or a submit raises
 * the revision and fences every chunk, so a save from before either lands before the fence or is
 * refused. After the deadline writes are refused and the minute sweeper submits what the
 * candidate left.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { isConditionFailure } from '#shared/db/errors.ts';
import { badRequest, fieldError, HttpProblem, notFound } from '#shared/http/problem.ts';
import { logger } from '#shared/observability/logger.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { getObjectBytes, presignDownload } from '#shared/storage/s3.ts';
import type { CodedText } from '#shared/text/texts.ts';
import { checkAccounts, resolveCandidates } from './candidates.ts';
import {
  ANSWER_CHUNKS,
  type AnswerChunk,
  answersOf,
  byChunk,
  type ChunkPlan,
  chunkAnswers,
  chunkPlan,
  fenceAdmits,
  unfenced,
} from './domain/answers.ts';
import {
  acceptsWrites,
  deadlineOf,
  mergeAutosave,
  type SavedAnswer,
  startRefusal,
} from './domain/attempts.ts';
import { candidateOrder, type PaperQuestion } from './domain/papers.ts';
import type { Answer, QuestionBody } from './domain/questions.ts';
import { seedOf } from './domain/random.ts';
import { seatInRooms } from './domain/seating.ts';
import { examsText } from './domain/texts.ts';
import { type ExamEntities, examEntities } from './entities.ts';
import { GRADING_QUEUE, gradingMessage } from './messages.ts';
import { keyPath, paperCopyPath } from './paths.ts';

export const DUE_SHARDS = 8;
/**
 * A submitted attempt not graded this many minutes later is sent to the grader again: the API may
 * have died between the submit's transaction and its grading message. The grading queue of a
 * 100,000-candidate exam drains in ~6 minutes (docs/capacity.md), so a healthy exam never reaches it.
 */
export const GRADING_CHECK_MINUTES = 15;
/** Sent again at most this often; an attempt that still fails is left to the DLQ's alarm. */
const GRADING_RESENDS = 3;
const WRITE_CONCURRENCY = 8;

export interface SessionInput {
  paperId: string;
  title: string;
  opensAt: string;
  closesAt: string;
  lateEntryUntil?: string;
  durationMinutes: number;
  passMark: number;
  resultsReleaseAt?: string;
  attemptsAllowed?: number;
  accessCode?: string;
  rooms?: { name: string; supervisors: string[] }[];
  markers?: string[];
  doubleMarking?: boolean;
  markingTolerance?: number;
  candidates?: string[];
  schools?: string[];
  practice?: boolean;
  reviewAfterSubmit?: boolean;
  /** The end-of-module test of a course: its learners are put on the roll as they start it. */
  openRoll?: boolean;
}

export interface SessionItem {
  sessionId: string;
  ownerUnitId: string;
  paperId: string;
  title: string;
  opensAt: string;
  closesAt: string;
  lateEntryUntil: string;
  durationMinutes: number;
  passMark: number;
  maxPoints: number;
  variantCount: number;
  seed: string;
  resultsReleaseAt?: string;
  candidateCount: number;
  attemptsAllowed: number;
  accessCodeHash?: string;
  rooms?: { name: string; supervisors: string[] }[];
  markers?: string[];
  doubleMarking: boolean;
  markingTolerance: number;
  practice?: boolean;
  reviewAfterSubmit?: boolean;
  /** No roll made in advance: a course's learners join it when they start its test (index.ts). */
  openRoll?: boolean;
  /** Learners of the chosen classes who have no account of their own (not on the roll). */
  learnersWithoutAccount?: number;
  createdBy: string;
  createdAt: string;
}

export interface CandidateItem {
  accountId: string;
  sessionId: string;
  fullName: string;
  schoolId: string;
  communeId: string;
  room: string;
  state: 'not-started' | 'in-progress' | 'submitted' | 'graded';
  attemptNo?: number;
  points?: number;
  pendingScripts?: number;
}

type DueEntry = {
  dueMinute: string;
  shard: string;
  sessionId: string;
  accountId: string;
  check?: 'grading';
  resends?: number;
};

const problem = (status: number, slug: string, title: string, detail: CodedText) =>
  new HttpProblem({ status, slug, title, detail });

export const dueMinuteOf = (deadline: string) => deadline.slice(0, 16);
const shardOf = (accountId: string) =>
  String(createHash('sha256').update(accountId).digest()[0]! % DUE_SHARDS);
const codeHash = (sessionId: string, code: string) =>
  createHash('sha256').update(`${sessionId}\u0000${code.trim().toUpperCase()}`).digest();

/** Released when the release time has passed; with no release time, as soon as marked. */
export const resultsReleased = (s: { resultsReleaseAt?: string }, now: Date) =>
  !s.resultsReleaseAt || s.resultsReleaseAt <= now.toISOString();

/** Opaque to markers; the server recomputes it from the attempt to show a candidate their marks. */
export const scriptIdOf = (sessionId: string, accountId: string, attemptNo: number, questionId: string) =>
  createHash('sha256')
    .update([sessionId, accountId, attemptNo, questionId].join('\u0000'))
    .digest('base64url')
    .slice(0, 22);

type AttemptItem = {
  sessionId: string;
  accountId: string;
  attemptNo: number;
  variant: number;
  /** The session's paper (attempts started before it was kept here read the session's). */
  paperId?: string;
  /** The minute the sweeper checks that the submitted attempt was graded (its due entry's). */
  gradingCheck?: string;
  startedAt: string;
  deadline: string;
  status: 'in-progress' | 'submitted' | 'graded';
  deviceId: string;
  /** Attempts saved before answers moved to chunks kept them here; read with the chunks. */
  answers?: Record<string, SavedAnswer>;
  revision: number;
  submittedAt?: string;
  submittedBy?: 'candidate' | 'deadline';
  points?: number;
  objectivePoints?: number;
  essayPoints?: number;
  pendingScripts?: number;
  keyVersion?: number;
  questionPoints?: Record<string, number>;
  gradedAt?: string;
};

/** An attempt with its answers (read from its chunks). */
type AnsweredAttempt = AttemptItem & { answers: Record<string, SavedAnswer> };

/** An attempt's attributes other than its key (which an update may not set). */
const withoutKey = ({ sessionId: _s, accountId: _a, ...rest }: AttemptItem) => rest;

/** Parts and option ids of a variant, read once per container from the paper's S3 copy (immutable). */
const outlines = new Map<string, { questions: PaperQuestion[]; media: string[]; chunks: ChunkPlan }>();
async function variantOutline(paperId: string, variant: number) {
  const key = paperCopyPath(paperId, variant);
  let outline = outlines.get(key);
  if (!outline) {
    const copy = JSON.parse(new TextDecoder().decode(await getObjectBytes('materials', key))) as {
      questions: { questionId: string; part: string; options?: { id: string }[]; media?: string[] }[];
    };
    outline = {
      questions: copy.questions.map((q) => ({
        questionId: q.questionId,
        part: q.part,
        ...(q.options ? { optionIds: q.options.map((o) => o.id) } : {}),
      })),
      media: copy.questions.flatMap((q) => q.media ?? []),
      chunks: chunkPlan(copy.questions.map((q) => q.questionId)),
    };
    if (outlines.size > 500) outlines.clear();
    outlines.set(key, outline);
  }
  return outline;
}

export function makeSessions(
  entities: () => ExamEntities = examEntities,
  now = () => new Date(),
  options: { gradingCheckMinutes: number } = { gradingCheckMinutes: GRADING_CHECK_MINUTES },
) {
  async function session(sessionId: string): Promise<SessionItem | undefined> {
    const { data } = await entities().examSession.get({ sessionId }).go();
    return (data as SessionItem | null) ?? undefined;
  }

  async function attemptOf(
    sessionId: string,
    accountId: string,
    consistent = false,
  ): Promise<AttemptItem | undefined> {
    const { data } = await entities().attempt.get({ sessionId, accountId }).go({ consistent });
    return (data as AttemptItem | null) ?? undefined;
  }

  /** The attempt's answer chunks: one Query of its items in the session's partition. */
  async function chunksOf(a: Pick<AttemptItem, 'sessionId' | 'accountId'>): Promise<AnswerChunk[]> {
    const { data } = await entities()
      .answerChunk.query.byAttempt({ sessionId: a.sessionId, accountId: a.accountId })
      .go({ consistent: true, pages: 'all' });
    return data as AnswerChunk[];
  }

  /**
   * Raises every chunk's fence to `revision` (creating the chunks not written yet), so no save
   * that read the attempt before it can land. Idempotent: a chunk fenced higher is left alone.
   */
  async function fence(a: Pick<AttemptItem, 'sessionId' | 'accountId'>, revision: number, chunks?: number[]) {
    await Promise.all(
      (chunks ?? Array.from({ length: ANSWER_CHUNKS }, (_, n) => n)).map(async (chunk) => {
        try {
          await entities()
            .answerChunk.update({ sessionId: a.sessionId, accountId: a.accountId, chunk })
            .set({ fence: revision })
            .where((x, op) => `${op.notExists(x.fence)} OR ${op.lt(x.fence, revision)}`)
            .go();
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      }),
    );
  }

  /**
   * The attempt with its answers. `fenced`: first make sure no save can still land (every chunk
   * fenced at the attempt's revision — done by the submit, done here if it died before), as the
   * grader needs before it scores.
   */
  async function withAnswers(a: AttemptItem, options: { fenced?: boolean } = {}): Promise<AnsweredAttempt> {
    let chunks = await chunksOf(a);
    if (options.fenced) {
      const open = unfenced(chunks, a.revision);
      if (open.length > 0) {
        await fence(a, a.revision, open);
        chunks = await chunksOf(a);
      }
    }
    return { ...a, answers: answersOf(chunks, a.attemptNo, a.answers) };
  }

  /**
   * Submits an attempt in progress (by the candidate or at the deadline) and queues its grading,
   * with the grading check filed in the same transaction: the deadline's due entry gives
   * way to one due `gradingCheckMinutes` later, which the grader deletes once it has graded. If the
   * process dies before the grading message is sent, the sweeper finds the entry and sends it.
   */
  async function submitAttempt(a: AttemptItem, by: 'candidate' | 'deadline') {
    const t = now();
    const at = t.toISOString();
    const key = { shard: shardOf(a.accountId), sessionId: a.sessionId, accountId: a.accountId };
    const deadlineMinute = dueMinuteOf(a.deadline);
    const gradingCheck = dueMinuteOf(
      new Date(t.getTime() + options.gradingCheckMinutes * 60_000).toISOString(),
    );
    const result = await entities()
      .service.transaction.write(({ attempt, attemptDue, sessionCandidate }) => [
        attempt
          .patch({ sessionId: a.sessionId, accountId: a.accountId })
          .set({
            status: 'submitted',
            submittedAt: at,
            submittedBy: by,
            revision: a.revision + 1,
            gradingCheck,
          })
          .where((x, op) => `${op.eq(x.status, 'in-progress')} AND ${op.eq(x.revision, a.revision)}`)
          .commit(),
        // One transaction may not touch an item twice: the same minute's entry is overwritten.
        ...(deadlineMinute === gradingCheck
          ? []
          : [attemptDue.delete({ dueMinute: deadlineMinute, ...key }).commit()]),
        attemptDue.put({ dueMinute: gradingCheck, ...key, check: 'grading' }).commit(),
        sessionCandidate
          .patch({ accountId: a.accountId, sessionId: a.sessionId })
          .set({ state: 'submitted', submittedAt: at })
          .commit(),
      ])
      .go();
    if (result.canceled) return false;
    // No save from before the submit lands after this: the grader reads the answers as they are.
    await fence(a, a.revision + 1);
    await sendMessage(GRADING_QUEUE, gradingMessage, { sessionId: a.sessionId, accountId: a.accountId });
    return true;
  }

  /**
   * A grading check come due: a submitted attempt still not graded has its grading message sent
   * again (the grader is idempotent), a few times at most; anything else needs the entry no more.
   */
  async function checkGraded(due: DueEntry): Promise<boolean> {
    const a = await attemptOf(due.sessionId, due.accountId, true);
    const resends = due.resends ?? 0;
    if (a?.status === 'submitted' && resends < GRADING_RESENDS) {
      await sendMessage(GRADING_QUEUE, gradingMessage, { sessionId: a.sessionId, accountId: a.accountId });
      try {
        await entities()
          .attemptDue.patch(due)
          .set({ resends: resends + 1 })
          .go();
      } catch (error) {
        // The grader graded it meanwhile and deleted the check: nothing left to count.
        if (!isConditionFailure(error)) throw error;
      }
      logger.warn('Submitted attempt not graded in time: grading message sent again', {
        sessionId: a.sessionId,
        resends: resends + 1,
      });
      return true;
    }
    if (a?.status === 'submitted')
      logger.error('Submitted attempt still not graded after its grading message was sent again', {
        sessionId: a.sessionId,
        resends,
      });
    await entities().attemptDue.delete(due).go();
    return false;
  }

  function checkAccessCode(s: SessionItem, code: string | undefined) {
    if (!s.accessCodeHash) return;
    const given = codeHash(s.sessionId, code ?? '');
    if (!code || !timingSafeEqual(given, Buffer.from(s.accessCodeHash, 'hex')))
      throw problem(403, 'exam-access-code', 'Forbidden', examsText('access-code'));
  }

  /** Essay marks of an attempt, by question, once every script is final. */
  async function essayMarks(s: SessionItem, a: AnsweredAttempt) {
    const essays = Object.entries(a.questionPoints ?? {}).filter(
      ([q]) => a.answers[q] && 'text' in a.answers[q]!.answer,
    );
    if (essays.length === 0) return {};
    const { data } = await entities()
      .essayScript.get(
        essays.map(([q]) => ({
          sessionId: s.sessionId,
          scriptId: scriptIdOf(s.sessionId, a.accountId, a.attemptNo, q),
        })),
      )
      .go({ attributes: ['questionId', 'finalPoints'] });
    return Object.fromEntries(data.map((d) => [d.questionId, d.finalPoints ?? 0]));
  }

  return {
    session,
    attemptOf,
    withAnswers,

    async candidateOf(sessionId: string, accountId: string): Promise<CandidateItem | undefined> {
      const { data } = await entities().sessionCandidate.get({ accountId, sessionId }).go();
      return (data as CandidateItem | null) ?? undefined;
    },

    async create(
      owner: OrgTarget,
      input: SessionInput,
      paper: { paperId: string; maxPoints: number; variants: unknown[]; seed: string },
      actor: { sub: string; requestId: string },
      fromClasses: { accounts: string[]; withoutAccount: number } = { accounts: [], withoutAccount: 0 },
    ) {
      const field = (name: string, message: CodedText, detail: CodedText) =>
        badRequest(detail, [fieldError('body', name, message)]);
      if (!(input.opensAt < input.closesAt))
        throw field('closesAt', examsText('after-opening'), examsText('closes-before-opens'));
      if (
        input.lateEntryUntil &&
        !(input.opensAt <= input.lateEntryUntil && input.lateEntryUntil <= input.closesAt)
      )
        throw field('lateEntryUntil', examsText('between-open-close'), examsText('late-entry-outside'));
      if (input.passMark > paper.maxPoints)
        throw field(
          'passMark',
          examsText('at-most', { max: paper.maxPoints }),
          examsText('pass-mark-too-high'),
        );
      if (input.reviewAfterSubmit && !input.practice)
        throw field(
          'reviewAfterSubmit',
          examsText('review-needs-practice'),
          examsText('review-needs-practice'),
        );
      const roomNames = (input.rooms ?? []).map((r) => r.name);
      if (new Set(roomNames).size !== roomNames.length)
        throw field('rooms', examsText('names-differ'), examsText('rooms-same-name'));
      if (
        input.openRoll &&
        (input.candidates?.length || input.schools?.length || fromClasses.accounts.length)
      )
        throw field('candidates', examsText('open-roll-no-candidates'), examsText('open-roll-no-candidates'));
      if (input.openRoll && input.practice)
        throw field('practice', examsText('open-roll-not-practice'), examsText('open-roll-not-practice'));
      const candidates = input.openRoll
        ? []
        : await resolveCandidates(owner, {
            accounts: [...(input.candidates ?? []), ...fromClasses.accounts],
            schools: input.schools,
          });
      await checkAccounts(
        [...(input.rooms ?? []).flatMap((r) => r.supervisors), ...(input.markers ?? [])],
        'rooms',
      );
      const sessionId = randomUUID();
      const item: SessionItem = {
        sessionId,
        ownerUnitId: owner.orgUnitId,
        paperId: paper.paperId,
        title: input.title,
        opensAt: new Date(input.opensAt).toISOString(),
        closesAt: new Date(input.closesAt).toISOString(),
        lateEntryUntil: new Date(input.lateEntryUntil ?? input.closesAt).toISOString(),
        durationMinutes: input.durationMinutes,
        passMark: input.passMark,
        maxPoints: paper.maxPoints,
        variantCount: paper.variants.length,
        seed: `${paper.seed}:${sessionId}`,
        ...(input.resultsReleaseAt
          ? { resultsReleaseAt: new Date(input.resultsReleaseAt).toISOString() }
          : {}),
        candidateCount: candidates.length,
        attemptsAllowed: input.attemptsAllowed ?? 1,
        ...(input.accessCode
          ? { accessCodeHash: codeHash(sessionId, input.accessCode).toString('hex') }
          : {}),
        ...(input.rooms?.length ? { rooms: input.rooms } : {}),
        ...(input.markers?.length ? { markers: [...new Set(input.markers)] } : {}),
        doubleMarking: input.doubleMarking ?? false,
        markingTolerance: input.markingTolerance ?? 0.5,
        ...(input.practice ? { practice: true } : {}),
        ...(input.practice && input.reviewAfterSubmit ? { reviewAfterSubmit: true } : {}),
        ...(input.openRoll ? { openRoll: true } : {}),
        ...(fromClasses.withoutAccount ? { learnersWithoutAccount: fromClasses.withoutAccount } : {}),
        createdBy: actor.sub,
        createdAt: now().toISOString(),
      };
      // The roll first, the session last: a session that exists always has its whole roll.
      await entities()
        .sessionCandidate.put(
          seatInRooms(candidates, roomNames).map((c) => ({
            ...c,
            sessionId,
            title: item.title,
            opensAt: item.opensAt,
            state: 'not-started' as const,
          })),
        )
        .go({ concurrency: WRITE_CONCURRENCY });
      await entities()
        .candidateExam.put(
          candidates.map((c) => ({ accountId: c.accountId, opensAt: item.opensAt, sessionId })),
        )
        .go({ concurrency: WRITE_CONCURRENCY });
      await entities()
        .service.transaction.write(({ examSession, auditEntry: audit }) => [
          examSession.create(item).commit(),
          audit
            .create(
              auditEntry({
                actorId: actor.sub,
                action: 'exam-session.create',
                targetType: 'exam-session',
                targetId: sessionId,
                orgUnit: owner,
                requestId: actor.requestId,
                changes: {
                  title: item.title,
                  opensAt: item.opensAt,
                  closesAt: item.closesAt,
                  candidates: candidates.length,
                },
              }),
            )
            .commit(),
        ])
        .go();
      return item;
    },

    async mySessions(accountId: string) {
      const { data } = await entities().sessionCandidate.query.byCandidate({ accountId }).go({ limit: 100 });
      return data;
    },

    /**
     * Starts the attempt, resumes it — possibly on another device, which then takes over — or,
     * when the session allows more than one, starts the next after the last was marked.
     */
    async start(
      s: SessionItem,
      candidate: CandidateItem,
      deviceId: string,
      options: { accessCode?: string; newAttempt?: boolean } = {},
    ) {
      const { sessionId, accountId } = candidate;
      const existing = await attemptOf(sessionId, accountId);
      if (existing && !options.newAttempt) {
        if (existing.status === 'in-progress' && existing.deviceId !== deviceId) {
          checkAccessCode(s, options.accessCode);
          await entities()
            .attempt.patch({ sessionId, accountId })
            .set({ deviceId, revision: existing.revision + 1 })
            .where((x, op) => op.eq(x.revision, existing.revision))
            .go();
          // The first device's saves from before this land now or never: the new one reads after.
          await fence(existing, existing.revision + 1);
          return { ...existing, deviceId, revision: existing.revision + 1 };
        }
        return existing;
      }
      if (existing) {
        if (existing.status !== 'graded' || existing.pendingScripts)
          throw problem(409, 'exam-attempt-open', 'Conflict', examsText('attempt-open'));
        // A course's test: no retake before the results are out (it would tell them), and none
        // once passed (the course has counted it; a retake could only undo it).
        if (s.openRoll && !resultsReleased(s, now()))
          throw problem(409, 'exam-results-pending', 'Conflict', examsText('results-pending'));
        if (s.openRoll && existing.points !== undefined && existing.points >= s.passMark)
          throw problem(409, 'exam-already-passed', 'Conflict', examsText('already-passed'));
        if (existing.attemptNo >= s.attemptsAllowed)
          throw problem(
            409,
            'exam-no-attempts-left',
            'Conflict',
            examsText('no-attempts-left', { count: s.attemptsAllowed }),
          );
      }
      const t = now();
      const refusal = startRefusal(s, t);
      if (refusal) throw problem(409, `exam-${refusal}`, 'Conflict', examsText(refusal));
      checkAccessCode(s, options.accessCode);
      const deadline = deadlineOf(s, t);
      const attemptNo = (existing?.attemptNo ?? 0) + 1;
      const item: AttemptItem = {
        sessionId,
        accountId,
        attemptNo,
        // Candidates spread over the variants by a hash of who they are (and which attempt): the
        // same on every retry of the request.
        variant: (seedOf(s.seed, accountId, String(attemptNo)) % s.variantCount) + 1,
        paperId: s.paperId,
        startedAt: t.toISOString(),
        deadline,
        status: 'in-progress',
        deviceId,
        revision: (existing?.revision ?? 0) + 1,
      };
      // The attempt kept with its answers; the new one reuses the chunks (their attempt number
      // tells the answers apart) and starts with none.
      const snapshot = existing ? await withAnswers(existing) : undefined;
      const result = await entities()
        .service.transaction.write(({ attempt, pastAttempt, attemptDue, sessionCandidate }) => [
          ...(existing
            ? [
                pastAttempt
                  .create({ sessionId, accountId, attemptNo: existing.attemptNo, snapshot: snapshot! })
                  .commit(),
                attempt
                  .update({ sessionId, accountId })
                  .set(withoutKey(item))
                  .remove([
                    'answers',
                    'submittedAt',
                    'submittedBy',
                    'points',
                    'objectivePoints',
                    'essayPoints',
                    'pendingScripts',
                    'keyVersion',
                    'questionPoints',
                    'gradedAt',
                    'gradingCheck',
                  ])
                  .where((x, op) => op.eq(x.revision, existing.revision))
                  .commit(),
              ]
            : [attempt.create(item).commit()]),
          attemptDue
            .create({ dueMinute: dueMinuteOf(deadline), shard: shardOf(accountId), sessionId, accountId })
            .commit(),
          sessionCandidate
            .patch({ accountId, sessionId })
            .set({ state: 'in-progress', attemptNo })
            .remove(['points', 'pendingScripts', 'submittedAt'])
            .commit(),
        ])
        .go();
      // Two devices starting at once: the other one won; both see the same attempt.
      if (result.canceled) return (await attemptOf(sessionId, accountId))!;
      return item;
    },

    /** What the candidate's screen needs: the paper's link, their order, their saved answers. */
    async view(attempt: AttemptItem, known?: SessionItem) {
      const [s, a] = await Promise.all([
        known ?? session(attempt.sessionId).then((found) => found!),
        withAnswers(attempt),
      ]);
      const paperUrl = await presignDownload('materials', paperCopyPath(s.paperId, a.variant), 3600);
      const outline = await variantOutline(s.paperId, a.variant);
      const released = a.status === 'graded' && !a.pendingScripts && resultsReleased(s, now());
      return {
        sessionId: a.sessionId,
        title: s.title,
        status: a.status,
        attemptNo: a.attemptNo,
        attemptsAllowed: s.attemptsAllowed,
        startedAt: a.startedAt,
        deadline: a.deadline,
        serverTime: now().toISOString(),
        deviceId: a.deviceId,
        paperUrl,
        // The candidate's own order of questions and options, the same on every device.
        order: candidateOrder(outline.questions, s.seed, `${a.accountId}#${a.attemptNo}`),
        // Signing is local (no request to S3): a paper's few images cost nothing to link.
        media: Object.fromEntries(
          await Promise.all(
            outline.media.map(async (key) => [key, await presignDownload('materials', key, 3600)] as const),
          ),
        ),
        answers: Object.fromEntries(
          Object.entries(a.answers).map(([q, v]) => [q, { answer: v.answer, seq: v.seq }]),
        ),
        ...(a.status === 'graded' && !released ? { awaiting: a.pendingScripts ? 'marking' : 'release' } : {}),
        ...(released
          ? {
              points: a.points,
              maxPoints: s.maxPoints,
              passed: (a.points ?? 0) >= s.passMark,
              questionPoints: { ...a.questionPoints, ...(await essayMarks(s, a)) },
            }
          : {}),
      };
    },

    /**
     * What a candidate reads before starting: the exam's rules. Read once per candidate before the
     * exam (the paper item for the number of questions), never by the attempt's own requests.
     */
    briefing(s: SessionItem, questionCount: number, attempt: AttemptItem | undefined) {
      return {
        sessionId: s.sessionId,
        title: s.title,
        opensAt: s.opensAt,
        closesAt: s.closesAt,
        lateEntryUntil: s.lateEntryUntil,
        durationMinutes: s.durationMinutes,
        questionCount,
        maxPoints: s.maxPoints,
        passMark: s.passMark,
        attemptsAllowed: s.attemptsAllowed,
        attemptsUsed: attempt?.attemptNo ?? 0,
        hasAccessCode: Boolean(s.accessCodeHash),
        practice: Boolean(s.practice),
        reviewAfterSubmit: Boolean(s.practice && s.reviewAfterSubmit),
        courseTest: Boolean(s.openRoll),
        serverTime: now().toISOString(),
      };
    },

    /**
     * A submitted practice attempt with the keys and explanations, when the session allows it. An
     * official exam never shows its keys to a candidate: the paper's keys stay apart for grading.
     */
    async review(
      s: SessionItem,
      a: AttemptItem | undefined,
      paper: { paperId: string; keyVersion?: number },
    ) {
      if (!s.practice)
        throw problem(403, 'exam-review-refused', 'Forbidden', examsText('review-practice-only'));
      if (!s.reviewAfterSubmit)
        throw problem(403, 'exam-review-refused', 'Forbidden', examsText('review-not-allowed'));
      if (!a) throw notFound(examsText('no-attempt-yet'));
      if (a.status === 'in-progress')
        throw problem(409, 'exam-review-too-early', 'Conflict', examsText('review-after-submit'));
      const keys = JSON.parse(
        new TextDecoder().decode(
          await getObjectBytes('materials', keyPath(paper.paperId, paper.keyVersion ?? 1, a.variant)),
        ),
      ) as Record<string, QuestionBody>;
      return {
        sessionId: s.sessionId,
        attemptNo: a.attemptNo,
        questions: Object.fromEntries(
          Object.entries(keys).map(([questionId, body]) => {
            const {
              type: _t,
              options: _o,
              statements: _s,
              points: _p,
              explanation,
              ...key
            } = body as QuestionBody & { options?: unknown; statements?: unknown };
            return [
              questionId,
              {
                key,
                ...(explanation ? { explanation } : {}),
                ...(a.status === 'graded' && a.questionPoints?.[questionId] !== undefined
                  ? { earned: a.questionPoints[questionId] }
                  : {}),
              },
            ];
          }),
        ),
      };
    },

    async autosave(
      sessionId: string,
      accountId: string,
      save: { deviceId: string; seq: number; answers: Record<string, Answer> },
    ) {
      const first = await attemptOf(sessionId, accountId);
      if (!first) throw notFound(examsText('no-attempt'));
      // Answers go to chunks by their question's place in the candidate's variant (cached per
      // container); an answer to a question the paper does not have is refused, so no chunk grows.
      const paperId = first.paperId ?? (await session(sessionId))?.paperId;
      const plan = paperId ? (await variantOutline(paperId, first.variant)).chunks : new Map();
      const split = byChunk(save.answers, plan);
      if (split.unknown.length > 0)
        throw badRequest(
          examsText('unknown-questions', { questions: split.unknown.slice(0, 5).join(', ') }),
          [fieldError('body', 'answers', examsText('not-in-paper'))],
        );
      // Only the chunks the save touches are read and written (~1 WRU each, not the whole map).
      let pending = split.chunks;
      const accepted: string[] = [];
      const stale: string[] = [];
      let revision = 0;
      // At least once: a save with no answers is still refused after the deadline or a takeover.
      for (let tries = 0; tries < 3 && (tries === 0 || pending.size > 0); tries++) {
        // A retry reads consistently: it follows a save or a fence that the first read missed.
        const consistent = tries > 0;
        const [a, read] = await Promise.all([
          tries === 0 ? first : attemptOf(sessionId, accountId, consistent),
          pending.size > 0
            ? entities()
                .answerChunk.get([...pending.keys()].map((chunk) => ({ sessionId, accountId, chunk })))
                .go({ consistent })
            : { data: [] },
        ]);
        if (!a) throw notFound(examsText('no-attempt'));
        if (a.status !== 'in-progress')
          throw problem(409, 'exam-submitted', 'Conflict', examsText('submitted'));
        if (!acceptsWrites(a.deadline, now()))
          throw problem(409, 'exam-time-up', 'Conflict', examsText('time-up'));
        if (a.deviceId !== save.deviceId)
          throw problem(409, 'exam-device-replaced', 'Conflict', examsText('device-replaced'));
        revision = a.revision;
        const chunks = new Map((read.data as AnswerChunk[]).map((c) => [c.chunk, c]));
        const legacy = byChunk(a.answers ?? {}, plan).chunks;
        const retry = new Map<number, Record<string, Answer>>();
        await Promise.all(
          [...pending].map(async ([chunk, answers]) => {
            const item = chunks.get(chunk);
            // Fenced above the revision read: a takeover or submit the read missed; read again.
            if (!fenceAdmits(item, a.revision)) return void retry.set(chunk, answers);
            const current = { ...legacy.get(chunk), ...chunkAnswers(item, a.attemptNo) };
            const merged = mergeAutosave(current, { seq: save.seq, answers });
            if (merged.accepted.length > 0) {
              const values = {
                attemptNo: a.attemptNo,
                answers: merged.answers,
                version: (item?.version ?? 0) + 1,
                savedAt: now().toISOString(),
              };
              try {
                if (item)
                  await entities()
                    .answerChunk.patch({ sessionId, accountId, chunk })
                    .set(values)
                    .where(
                      (x, op) =>
                        `${item.version === undefined ? op.notExists(x.version) : op.eq(x.version, item.version)} AND (${op.notExists(x.fence)} OR ${op.lte(x.fence, a.revision)})`,
                    )
                    .go();
                else
                  await entities()
                    .answerChunk.create({ sessionId, accountId, chunk, fence: a.revision, ...values })
                    .go();
              } catch (error) {
                if (!isConditionFailure(error)) throw error;
                // Another save or a fence landed first: read again and merge on top of it.
                return void retry.set(chunk, answers);
              }
            }
            accepted.push(...merged.accepted);
            stale.push(...merged.stale);
          }),
        );
        pending = retry;
      }
      if (pending.size > 0) throw problem(409, 'exam-busy', 'Conflict', examsText('busy'));
      return { accepted, stale, revision };
    },

    /** Idempotent: a second submit answers with the attempt as it is (its grading asked for again). */
    async submit(sessionId: string, accountId: string) {
      const a = await attemptOf(sessionId, accountId);
      if (!a) throw notFound(examsText('no-attempt'));
      if (a.status === 'in-progress') {
        const late = !acceptsWrites(a.deadline, now());
        await submitAttempt(a, late ? 'deadline' : 'candidate');
      } else if (a.status === 'submitted') {
        // Asked again while not graded: the first answer may have been lost with its grading
        // message (sent after the commit). Sent again now rather than at the grading check 15
        // minutes on; the grader grades once, and fences what the first submit did not.
        // Not sent now, the grading check sends it: the candidate's submit still stands.
        await sendMessage(GRADING_QUEUE, gradingMessage, { sessionId, accountId }).catch((error: unknown) =>
          logger.warn('Grading asked again, not sent; the grading check will', {
            sessionId,
            error: error instanceof Error ? error.message : String(error),
          }),
        );
      }
      return (await attemptOf(sessionId, accountId))!;
    },

    /** The minute sweeper: submits every attempt due in the last minutes (deadline passed). */
    async sweepDue(lookbackMinutes = 10) {
      const t = now().getTime();
      let submitted = 0;
      let resent = 0;
      for (let m = lookbackMinutes; m >= 0; m--) {
        const dueMinute = new Date(t - m * 60_000).toISOString().slice(0, 16);
        for (let shard = 0; shard < DUE_SHARDS; shard++) {
          const { data } = await entities()
            .attemptDue.query.byMinute({ dueMinute, shard: String(shard) })
            .go({ pages: 'all' });
          for (const due of data) {
            if (due.check === 'grading') {
              if (await checkGraded(due)) resent++;
              continue;
            }
            const a = await attemptOf(due.sessionId, due.accountId);
            if (a?.status !== 'in-progress') {
              await entities().attemptDue.delete(due).go();
              continue;
            }
            if (acceptsWrites(a.deadline, now())) continue;
            if (await submitAttempt(a, 'deadline')) submitted++;
          }
        }
      }
      return { submitted, resent };
    },

    /** After grading: the attempt's grading check is no longer needed. */
    async clearGradingCheck(a: Pick<AttemptItem, 'sessionId' | 'accountId' | 'gradingCheck'>) {
      if (!a.gradingCheck) return;
      await entities()
        .attemptDue.delete({
          dueMinute: a.gradingCheck,
          shard: shardOf(a.accountId),
          sessionId: a.sessionId,
          accountId: a.accountId,
        })
        .go();
    },

    /** Results become visible to candidates now (a release time in the future is brought forward). */
    async release(s: SessionItem, actor: { sub: string; requestId: string }, owner: OrgTarget) {
      const at = now().toISOString();
      await entities()
        .service.transaction.write(({ examSession, auditEntry: audit }) => [
          examSession.patch({ sessionId: s.sessionId }).set({ resultsReleaseAt: at }).commit(),
          audit
            .create(
              auditEntry({
                actorId: actor.sub,
                action: 'exam-session.release',
                targetType: 'exam-session',
                targetId: s.sessionId,
                orgUnit: owner,
                requestId: actor.requestId,
                changes: { resultsReleaseAt: at },
              }),
            )
            .commit(),
        ])
        .go();
      return { ...s, resultsReleaseAt: at };
    },

    /** The roll: the whole session, one school's candidates, or one room's. */
    async roll(
      sessionId: string,
      filter: { schoolId?: string; room?: string },
      limit: number,
      cursor: string | null,
    ) {
      const candidates = entities().sessionCandidate.query;
      const query = filter.schoolId
        ? candidates.bySchool({ sessionId, schoolId: filter.schoolId })
        : filter.room
          ? candidates.byRoom({ sessionId, room: filter.room })
          : candidates.bySession({ sessionId });
      return query.go({ limit, cursor });
    },
  };
}

export type Sessions = ReturnType<typeof makeSessions>;
export type { AnsweredAttempt, AttemptItem };
