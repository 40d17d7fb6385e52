/** The grade book context's queue and the keys of what its worker writes. */
import * as z from 'zod';

/** Transcripts waiting to be signed by the principal and sealed (one message per transcript). */
export const TRANSCRIPTS_QUEUE = 'transcripts';
export const transcriptMessage = z.object({
  learnerId: z.string().min(1).max(64),
  schoolYear: z.string().regex(/^\d{4}-\d{4}$/),
});
export type TranscriptMessage = z.infer<typeof transcriptMessage>;

/** Where signed transcripts are kept (documents bucket): by id, nothing personal in the key. */
export const TRANSCRIPT_PREFIX = 'transcripts/';
export const transcriptKey = (transcriptId: string, format: 'pdf' | 'xml' | 'xml.p7s') =>
  `${TRANSCRIPT_PREFIX}${transcriptId}.${format}`;

/** The year-end run: a unit's schools, each one's classes' results sent to the education database. */
export const RESULT_RUNS_STATE_MACHINE = 'result-runs';
