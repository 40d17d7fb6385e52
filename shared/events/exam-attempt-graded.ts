/**
 * An attempt of an open-roll exam session (a course's test) graded in full: published by the
 * exams grader once grading has committed. `origin` is what the context that put the learner on
 * the roll told the exams context (courses: `course:<moduleId>`); the exams context only echoes it.
 */
import * as z from 'zod';

export const EXAM_ATTEMPT_GRADED = 'exam.attempt-graded';

export const examAttemptGradedEvent = z.object({
  sessionId: z.string().min(1),
  accountId: z.string().min(1),
  origin: z.string().min(1).max(200),
  gradedAt: z.iso.datetime(),
});
export type ExamAttemptGradedEvent = z.infer<typeof examAttemptGradedEvent>;
