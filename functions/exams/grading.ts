/**
 * Grading an attempt by the key of its paper's variant (read once per container from S3, per key
 * version). Objective questions are scored at once; each essay answer becomes a script in the
 * marking queue. Idempotent: an attempt is graded only while `submitted` and re-graded only when
 * a newer key version exists, each write conditional on the revision it read — so a redelivered
 * message never counts twice and a grader that died mid-batch leaves nothing half-written.
 */
import { EXAM_ATTEMPT_GRADED, examAttemptGradedEvent } from '#shared/events/exam-attempt-graded.ts';
import { logger } from '#shared/observability/logger.ts';
import { publish } from '#shared/queue/publish.ts';
import { getObjectBytes } from '#shared/storage/s3.ts';
import { type QuestionBody, scoreAnswer } from './domain/questions.ts';
import { type ExamEntities, examEntities } from './entities.ts';
import { keyPath } from './paths.ts';
import { type AnsweredAttempt, makeSessions, type SessionItem, scriptIdOf } from './sessions.ts';

const keys = new Map<string, Record<string, QuestionBody>>();
export async function keysOf(paperId: string, keyVersion: number, variant: number) {
  const path = keyPath(paperId, keyVersion, variant);
  let found = keys.get(path);
  if (!found) {
    found = JSON.parse(new TextDecoder().decode(await getObjectBytes('materials', path))) as Record<
      string,
      QuestionBody
    >;
    if (keys.size > 500) keys.clear();
    keys.set(path, found);
  }
  return found;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export type GradeOutcome = 'graded' | 'regraded' | 'skipped';

export function makeGrading(entities: () => ExamEntities = examEntities) {
  const sessions = makeSessions(entities);

  function score(key: Record<string, QuestionBody>, a: AnsweredAttempt) {
    const questionPoints: Record<string, number> = {};
    const essays: string[] = [];
    let objective = 0;
    for (const [questionId, question] of Object.entries(key)) {
      const result = scoreAnswer(question, a.answers[questionId]?.answer);
      questionPoints[questionId] = result.points;
      objective += result.points;
      if (result.needsMarking) essays.push(questionId);
    }
    return { questionPoints, essays, objective: round(objective) };
  }

  async function gradeFirst(s: SessionItem, a: AnsweredAttempt, keyVersion: number) {
    const key = await keysOf(s.paperId, keyVersion, a.variant);
    const { questionPoints, essays, objective } = score(key, a);
    const at = new Date().toISOString();
    const result = await entities()
      .service.transaction.write(({ attempt, sessionCandidate, essayScript }) => [
        attempt
          .patch({ sessionId: a.sessionId, accountId: a.accountId })
          .set({
            status: 'graded',
            objectivePoints: objective,
            essayPoints: 0,
            points: objective,
            pendingScripts: essays.length,
            keyVersion,
            questionPoints,
            gradedAt: at,
            revision: a.revision + 1,
          })
          .where((x, op) => `${op.eq(x.status, 'submitted')} AND ${op.eq(x.revision, a.revision)}`)
          .commit(),
        sessionCandidate
          .patch({ accountId: a.accountId, sessionId: a.sessionId })
          .set({ state: 'graded', points: objective, pendingScripts: essays.length })
          .commit(),
        ...essays.map((questionId) => {
          const q = key[questionId] as Extract<QuestionBody, { type: 'essay' }>;
          const answer = a.answers[questionId]!.answer as { text: string };
          return essayScript
            .create({
              sessionId: a.sessionId,
              scriptId: scriptIdOf(a.sessionId, a.accountId, a.attemptNo, questionId),
              questionId,
              accountId: a.accountId,
              attemptNo: a.attemptNo,
              text: answer.text,
              criteria: q.rubric,
              requiredMarks: s.doubleMarking ? 2 : 1,
              marks: [],
              state: 'open',
              revision: 1,
              createdAt: at,
            })
            .commit();
        }),
      ])
      .go();
    return !result.canceled;
  }

  /**
   * An open roll's attempt graded in full is announced with the origin its learner joined from
   * (a course records the pass without the learner coming back). Sent after the commit: a lost
   * announcement leaves the pass to be recorded when the learner next opens the course.
   */
  async function announceGraded(sessionId: string, accountId: string) {
    const { data: c } = await entities()
      .sessionCandidate.get({ accountId, sessionId })
      .go({ consistent: true });
    if (!c?.origin || c.pendingScripts) return;
    try {
      await publish(EXAM_ATTEMPT_GRADED, examAttemptGradedEvent, {
        sessionId,
        accountId,
        origin: c.origin,
        gradedAt: new Date().toISOString(),
      });
    } catch (error) {
      logger.error('A graded attempt was not announced', { sessionId, error: String(error) });
    }
  }

  /** A corrected key changes objective points only; essay marks already given stay. */
  async function regrade(a: AnsweredAttempt, paperId: string, keyVersion: number) {
    const key = await keysOf(paperId, keyVersion, a.variant);
    const { questionPoints, objective } = score(key, a);
    const points = round(objective + (a.essayPoints ?? 0));
    const result = await entities()
      .service.transaction.write(({ attempt, sessionCandidate }) => [
        attempt
          .patch({ sessionId: a.sessionId, accountId: a.accountId })
          .set({ objectivePoints: objective, points, keyVersion, questionPoints, revision: a.revision + 1 })
          .where((x, op) => `${op.eq(x.status, 'graded')} AND ${op.eq(x.revision, a.revision)}`)
          .commit(),
        sessionCandidate.patch({ accountId: a.accountId, sessionId: a.sessionId }).set({ points }).commit(),
      ])
      .go();
    return !result.canceled;
  }

  return {
    async grade(message: {
      sessionId: string;
      accountId: string;
      keyVersion?: number;
    }): Promise<GradeOutcome> {
      const a = await sessions.attemptOf(message.sessionId, message.accountId);
      if (!a || a.status === 'in-progress') return 'skipped';
      const s = (await sessions.session(message.sessionId))!;
      const { data: paper } = await entities().examPaper.get({ paperId: s.paperId }).go({ consistent: true });
      const keyVersion = paper?.keyVersion ?? 1;
      // The answers in one Query of the attempt's chunks; on first grading, fenced first, so no
      // save can land after they are read (the submit fenced them unless it died before).
      if (a.status === 'submitted') {
        if (await gradeFirst(s, await sessions.withAnswers(a, { fenced: true }), keyVersion)) {
          // Graded: the sweeper need not check it (should this delete be lost, the check finds it graded).
          await sessions.clearGradingCheck(a);
          if (s.openRoll) await announceGraded(s.sessionId, a.accountId);
          return 'graded';
        }
      } else if ((a.keyVersion ?? 1) < keyVersion) {
        if (await regrade(await sessions.withAnswers(a), s.paperId, keyVersion)) return 'regraded';
      } else return 'skipped';
      // The attempt changed under us (a redelivery graded it, or a marker's mark landed): the
      // message fails and SQS delivers it again, when the condition reads the new revision.
      const now = await sessions.attemptOf(message.sessionId, message.accountId);
      if (now?.status === 'graded' && (now.keyVersion ?? 1) >= keyVersion) return 'skipped';
      throw new Error(`Attempt ${message.sessionId}/${message.accountId} changed while grading; retrying`);
    },
  };
}
