/**
 * Grades submitted attempts from the queue: objective questions by the key of the paper's variant
 * (read once per container from S3), essays left for markers. Idempotent: the result is written
 * only while the attempt is still `submitted`, so a redelivered message never grades twice.
 */

import { isConditionFailure } from '#shared/db/errors.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { getObjectBytes } from '#shared/storage/s3.ts';
import { type QuestionBody, scoreAnswer } from '../domain/questions.ts';
import { examEntities } from '../entities.ts';
import { gradingMessage } from '../messages.ts';
import { makeSessions } from '../sessions.ts';

const sessions = makeSessions();
const keys = new Map<string, Record<string, QuestionBody>>();

async function keysOf(paperId: string, variant: number) {
  const key = `exams/keys/${paperId}/variant-${variant}.json`;
  let found = keys.get(key);
  if (!found) {
    found = JSON.parse(new TextDecoder().decode(await getObjectBytes('materials', key))) as Record<
      string,
      QuestionBody
    >;
    if (keys.size > 500) keys.clear();
    keys.set(key, found);
  }
  return found;
}

export const handler = makeQueueHandler(gradingMessage, async ({ sessionId, accountId }) => {
  const attempt = await sessions.attemptOf(sessionId, accountId);
  if (attempt?.status !== 'submitted') return;
  const session = (await sessions.session(sessionId))!;
  const key = await keysOf(session.paperId, attempt.variant);
  const questionPoints: Record<string, number> = {};
  let points = 0;
  let needsMarking = false;
  for (const [questionId, question] of Object.entries(key)) {
    const score = scoreAnswer(question, attempt.answers[questionId]?.answer);
    questionPoints[questionId] = score.points;
    points += score.points;
    needsMarking ||= score.needsMarking;
  }
  try {
    await examEntities()
      .attempt.patch({ sessionId, accountId })
      .set({
        status: 'graded',
        points: Math.round(points * 1000) / 1000,
        questionPoints,
        needsMarking,
        gradedAt: new Date().toISOString(),
        revision: attempt.revision + 1,
      })
      .where((x, op) => op.eq(x.status, 'submitted'))
      .go();
  } catch (error) {
    // Graded meanwhile by a redelivery of the same message: nothing to do.
    if (!isConditionFailure(error)) throw error;
  }
});
