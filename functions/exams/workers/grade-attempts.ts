/**
 * Grades submitted attempts from the queue, and grades again those whose paper's key was
 * corrected. Partial batch failures: one attempt that must be retried does not hold the others.
 */
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { makeGrading } from '../grading.ts';
import { gradingMessage } from '../messages.ts';

const grading = makeGrading();

export const handler = makeQueueHandler(gradingMessage, async (message) => {
  await grading.grade(message);
});
