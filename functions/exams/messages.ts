import * as z from 'zod';

/** Submitted attempts waiting to be graded. */
export const GRADING_QUEUE = 'exam-grading';

export const gradingMessage = z.object({ sessionId: z.uuid(), accountId: z.string().min(1).max(128) });
