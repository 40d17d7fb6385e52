/**
 * Exam sessions and the candidate's attempt, by the server's clock. Starting writes the attempt
 * and its due entry in one transaction; the paper comes from S3 (written when the paper was
 * built), so a city-wide start never touches the bank. Autosaves merge per question by sequence
 * (a retried or overtaken save never wins over a newer one) under the attempt's revision; after
 * the deadline writes are refused and the minute sweeper submits what the candidate left.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { OrgTarget } from '#shared/auth/can.ts';
import { isConditionFailure } from '#shared/db/errors.ts';
import { badRequest, HttpProblem, notFound } from '#shared/http/problem.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { getObjectBytes, presignDownload } from '#shared/storage/s3.ts';
import {
  acceptsWrites,
  deadlineOf,
  mergeAutosave,
  type SavedAnswer,
  startRefusal,
} from './domain/attempts.ts';
import { candidateOrder, type PaperQuestion } from './domain/papers.ts';
import type { Answer } from './domain/questions.ts';
import { seedOf } from './domain/random.ts';
import { type ExamEntities, examEntities } from './entities.ts';
import { GRADING_QUEUE, gradingMessage } from './messages.ts';

export const DUE_SHARDS = 8;
const MAX_CANDIDATES = 2_000;

export interface SessionInput {
  paperId: string;
  title: string;
  opensAt: string;
  closesAt: string;
  lateEntryUntil?: string;
  durationMinutes: number;
  passMark: number;
  resultsReleaseAt?: string;
  candidates: string[];
}

const problem = (status: number, slug: string, title: string, detail: string) =>
  new HttpProblem({ status, slug, title, detail });

const REFUSALS = {
  'not-open-yet': 'The exam has not opened yet.',
  'late-entry-closed': 'Late entry has closed for this exam.',
  closed: 'The exam has closed.',
} as const;

export const dueMinuteOf = (deadline: string) => deadline.slice(0, 16);
const shardOf = (accountId: string) =>
  String(createHash('sha256').update(accountId).digest()[0]! % DUE_SHARDS);

type AttemptItem = {
  sessionId: string;
  accountId: string;
  variant: number;
  startedAt: string;
  deadline: string;
  status: 'in-progress' | 'submitted' | 'graded';
  deviceId: string;
  answers: Record<string, SavedAnswer>;
  revision: number;
  submittedAt?: string;
  submittedBy?: 'candidate' | 'deadline';
  points?: number;
  questionPoints?: Record<string, number>;
  needsMarking?: boolean;
  gradedAt?: string;
};

/** Parts and option ids of a variant, read once per container from the paper's S3 copy (immutable). */
const outlines = new Map<string, PaperQuestion[]>();
async function variantOutline(paperId: string, variant: number): Promise<PaperQuestion[]> {
  const key = `exams/papers/${paperId}/variant-${variant}.json`;
  let outline = outlines.get(key);
  if (!outline) {
    const copy = JSON.parse(new TextDecoder().decode(await getObjectBytes('materials', key))) as {
      questions: { questionId: string; part: string; options?: { id: string }[] }[];
    };
    outline = copy.questions.map((q) => ({
      questionId: q.questionId,
      part: q.part,
      ...(q.options ? { optionIds: q.options.map((o) => o.id) } : {}),
    }));
    if (outlines.size > 500) outlines.clear();
    outlines.set(key, outline);
  }
  return outline;
}

export function makeSessions(entities: () => ExamEntities = examEntities, now = () => new Date()) {
  async function session(sessionId: string) {
    const { data } = await entities().examSession.get({ sessionId }).go();
    return data ?? undefined;
  }

  async function attemptOf(sessionId: string, accountId: string): Promise<AttemptItem | undefined> {
    const { data } = await entities().attempt.get({ sessionId, accountId }).go();
    return (data as AttemptItem | null) ?? undefined;
  }

  /** Submits an attempt in progress (by the candidate or at the deadline) and queues its grading. */
  async function submitAttempt(a: AttemptItem, by: 'candidate' | 'deadline') {
    const at = now().toISOString();
    const result = await entities()
      .service.transaction.write(({ attempt, attemptDue }) => [
        attempt
          .patch({ sessionId: a.sessionId, accountId: a.accountId })
          .set({ status: 'submitted', submittedAt: at, submittedBy: by, revision: a.revision + 1 })
          .where((x, op) => `${op.eq(x.status, 'in-progress')} AND ${op.eq(x.revision, a.revision)}`)
          .commit(),
        attemptDue
          .delete({
            dueMinute: dueMinuteOf(a.deadline),
            shard: shardOf(a.accountId),
            sessionId: a.sessionId,
            accountId: a.accountId,
          })
          .commit(),
      ])
      .go();
    if (result.canceled) return false;
    await sendMessage(GRADING_QUEUE, gradingMessage, { sessionId: a.sessionId, accountId: a.accountId });
    return true;
  }

  return {
    session,
    attemptOf,

    async create(
      owner: OrgTarget,
      input: SessionInput,
      paper: { paperId: string; maxPoints: number; variants: unknown[]; seed: string },
      actor: { sub: string },
    ) {
      if (!(input.opensAt < input.closesAt))
        throw badRequest('The exam must close after it opens.', [
          { in: 'body', field: 'closesAt', message: 'After the opening time' },
        ]);
      const candidates = [...new Set(input.candidates)];
      if (candidates.length > MAX_CANDIDATES)
        throw badRequest(`At most ${MAX_CANDIDATES} candidates per request.`, [
          { in: 'body', field: 'candidates', message: 'Too many' },
        ]);
      const sessionId = randomUUID();
      const item = {
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
        createdBy: actor.sub,
        createdAt: now().toISOString(),
      };
      await entities().examSession.create(item).go();
      await entities()
        .sessionCandidate.put(
          candidates.map((accountId) => ({ accountId, sessionId, title: item.title, opensAt: item.opensAt })),
        )
        .go({ concurrency: 4 });
      return item;
    },

    async isCandidate(sessionId: string, accountId: string) {
      const { data } = await entities().sessionCandidate.get({ accountId, sessionId }).go();
      return Boolean(data);
    },

    async mySessions(accountId: string) {
      const { data } = await entities().sessionCandidate.query.byCandidate({ accountId }).go({ limit: 100 });
      return data;
    },

    /** Starts the attempt, or resumes it — possibly on another device, which then takes over. */
    async start(sessionId: string, accountId: string, deviceId: string) {
      const s = await session(sessionId);
      if (!s) throw notFound();
      const existing = await attemptOf(sessionId, accountId);
      if (existing) {
        if (existing.status === 'in-progress' && existing.deviceId !== deviceId) {
          await entities()
            .attempt.patch({ sessionId, accountId })
            .set({ deviceId, revision: existing.revision + 1 })
            .where((x, op) => op.eq(x.revision, existing.revision))
            .go();
          return { ...existing, deviceId, revision: existing.revision + 1 };
        }
        return existing;
      }
      const t = now();
      const refusal = startRefusal(s, t);
      if (refusal) throw problem(409, `exam-${refusal}`, 'Conflict', REFUSALS[refusal]);
      const deadline = deadlineOf(s, t);
      const item: AttemptItem = {
        sessionId,
        accountId,
        // Candidates spread over the variants by a hash of who they are: the same on every retry.
        variant: (seedOf(s.seed, accountId) % s.variantCount) + 1,
        startedAt: t.toISOString(),
        deadline,
        status: 'in-progress',
        deviceId,
        answers: {},
        revision: 1,
      };
      const result = await entities()
        .service.transaction.write(({ attempt, attemptDue }) => [
          attempt.create(item).commit(),
          attemptDue
            .create({ dueMinute: dueMinuteOf(deadline), shard: shardOf(accountId), sessionId, accountId })
            .commit(),
        ])
        .go();
      // Two devices starting at once: the other one won; both see the same attempt.
      if (result.canceled) return (await attemptOf(sessionId, accountId))!;
      return item;
    },

    /** What the candidate's screen needs: the paper's link, their order, their saved answers. */
    async view(a: AttemptItem) {
      const s = (await session(a.sessionId))!;
      const paperUrl = await presignDownload(
        'materials',
        `exams/papers/${s.paperId}/variant-${a.variant}.json`,
        3600,
      );
      return {
        sessionId: a.sessionId,
        title: s.title,
        status: a.status,
        startedAt: a.startedAt,
        deadline: a.deadline,
        serverTime: now().toISOString(),
        deviceId: a.deviceId,
        paperUrl,
        // The candidate's own order of questions and options, the same on every device.
        order: candidateOrder(await variantOutline(s.paperId, a.variant), s.seed, a.accountId),
        answers: Object.fromEntries(
          Object.entries(a.answers).map(([q, v]) => [q, { answer: v.answer, seq: v.seq }]),
        ),
        ...(a.status === 'graded' && (!s.resultsReleaseAt || s.resultsReleaseAt <= now().toISOString())
          ? { points: a.points, maxPoints: s.maxPoints, passed: (a.points ?? 0) >= s.passMark }
          : {}),
      };
    },

    async autosave(
      sessionId: string,
      accountId: string,
      save: { deviceId: string; seq: number; answers: Record<string, Answer> },
    ) {
      for (let tries = 0; tries < 3; tries++) {
        const a = await attemptOf(sessionId, accountId);
        if (!a) throw notFound('No attempt: start the exam first.');
        if (a.status !== 'in-progress')
          throw problem(
            409,
            'exam-submitted',
            'Conflict',
            'The exam was submitted: answers can no longer change.',
          );
        if (!acceptsWrites(a.deadline, now()))
          throw problem(
            409,
            'exam-time-up',
            'Conflict',
            'Time is up: the answers saved before the deadline count.',
          );
        if (a.deviceId !== save.deviceId)
          throw problem(
            409,
            'exam-device-replaced',
            'Conflict',
            'The exam continues on another device; this one is closed.',
          );
        const merged = mergeAutosave(a.answers, save, now().toISOString());
        if (merged.accepted.length === 0) return { accepted: [], stale: merged.stale, revision: a.revision };
        try {
          await entities()
            .attempt.patch({ sessionId, accountId })
            .set({ answers: merged.answers, revision: a.revision + 1 })
            .where((x, op) => `${op.eq(x.revision, a.revision)} AND ${op.eq(x.status, 'in-progress')}`)
            .go();
          return { accepted: merged.accepted, stale: merged.stale, revision: a.revision + 1 };
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
          // Another save landed first: merge again on top of it.
        }
      }
      throw problem(409, 'exam-busy', 'Conflict', 'Several saves arrived at once; send this one again.');
    },

    /** Idempotent: a second submit answers with the attempt as it is. */
    async submit(sessionId: string, accountId: string) {
      const a = await attemptOf(sessionId, accountId);
      if (!a) throw notFound('No attempt: start the exam first.');
      if (a.status === 'in-progress') {
        const late = !acceptsWrites(a.deadline, now());
        await submitAttempt(a, late ? 'deadline' : 'candidate');
      }
      return (await attemptOf(sessionId, accountId))!;
    },

    /** The minute sweeper: submits every attempt due in the last minutes (deadline passed). */
    async sweepDue(lookbackMinutes = 10) {
      const t = now().getTime();
      let submitted = 0;
      for (let m = lookbackMinutes; m >= 0; m--) {
        const dueMinute = new Date(t - m * 60_000).toISOString().slice(0, 16);
        for (let shard = 0; shard < DUE_SHARDS; shard++) {
          const { data } = await entities()
            .attemptDue.query.byMinute({ dueMinute, shard: String(shard) })
            .go({ pages: 'all' });
          for (const due of data) {
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
      return { submitted };
    },
  };
}

export type Sessions = ReturnType<typeof makeSessions>;
export type { AttemptItem };
