/**
 * A course's test graded in the exam room (the exams context's `exam.attempt-graded`, with the
 * origin the course gave when the learner joined): the pass, once its result is released, is
 * recorded as the test item's completion — and with it the module's, for the plan, the evidence
 * and the dashboards — without waiting for the learner to open the course again. A result
 * released later is recorded when the learner next opens the course or asks for the certificate.
 */
import { examAttemptGradedEvent } from '#shared/events/exam-attempt-graded.ts';
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { courseTestStandings } from '../../exams/index.ts';
import { makeCatalogue } from '../catalogue.ts';
import { outlineItems } from '../domain/outline.ts';
import { makeLearning } from '../learning.ts';
import { moduleOfOrigin } from '../messages.ts';

const catalogue = makeCatalogue();
const learning = makeLearning();

export const handler = makeQueueHandler(examAttemptGradedEvent, async ({ sessionId, accountId, origin }) => {
  const moduleId = moduleOfOrigin(origin);
  const m = moduleId ? await catalogue.get(moduleId) : undefined;
  const enrolment = m && (await learning.enrolmentOf(accountId, m.moduleId, { consistent: true }));
  if (!m || !enrolment) return;
  // The roll as the grader wrote it before announcing (an index or eventual read may lag).
  const tests = outlineItems(m.outline).filter((i) => i.kind === 'test');
  const standings = await courseTestStandings(
    tests.map((t) => t.sessionId),
    accountId,
    undefined,
    new Date(),
    { consistent: true },
  );
  const after = await learning.recordPassed(m, enrolment, standings);
  if (after.completedAt && !enrolment.completedAt)
    logger.info('Course completed by its test', { moduleId: m.moduleId, sessionId });
});
