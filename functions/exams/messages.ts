import * as z from 'zod';

/** Submitted attempts waiting to be graded (and graded ones to grade again by a corrected key). */
export const GRADING_QUEUE = 'exam-grading';
/** A paper whose key was corrected: its sessions' attempts are queued for grading again. */
export const REGRADING_QUEUE = 'exam-regrading';
/** A session's statistics and results workbook to compute. */
export const STATISTICS_QUEUE = 'exam-statistics';

/** Question sheets uploaded for import (S3 announces them on this queue). */
export const QUESTION_IMPORTS_QUEUE = 'exam-question-imports';
export const QUESTION_IMPORT_PREFIX = 'imports/questions/';
/** Question sheets to write. */
export const QUESTION_EXPORTS_QUEUE = 'exam-question-exports';

export const questionExportMessage = z.object({ jobId: z.uuid() });

export const gradingMessage = z.object({
  sessionId: z.uuid(),
  accountId: z.string().min(1).max(128),
  /** Set when grading again after a key correction: grade by this key version (or a later one). */
  keyVersion: z.number().int().min(1).optional(),
});

export const regradingMessage = z.object({ paperId: z.uuid(), keyVersion: z.number().int().min(2) });

export const statisticsMessage = z.object({ sessionId: z.uuid() });
