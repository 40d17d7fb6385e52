/**
 * "Ask the school to correct this" (issue 18): a learner, or a guardian of theirs, says which part
 * of the learner's official profile is wrong and why; the school's data officer answers. The
 * answer is only an answer: a correction itself goes through the record's draft → approval, as
 * every change to the education database does. Pure: no storage.
 */
import * as z from 'zod';
import { typedText } from '#shared/text/vietnamese.ts';

import { CORRECTION_FIELDS } from './correction-fields.ts';

export { CORRECTION_FIELDS, type CorrectionField } from './correction-fields.ts';

export const CORRECTION_STATES = ['open', 'done', 'rejected'] as const;
export type CorrectionState = (typeof CORRECTION_STATES)[number];
/** How the school answered: corrected (through the record's approval) or not. */
export const CORRECTION_OUTCOMES = ['done', 'rejected'] as const;

/** Free text of a request or an answer: Vietnamese as typed (NFC), 1–1000 characters. */
export const correctionText = typedText(1000);

export const correctionRequestBody = z.object({
  field: z.enum(CORRECTION_FIELDS),
  message: correctionText,
});

export const correctionResolutionBody = z.object({
  outcome: z.enum(CORRECTION_OUTCOMES),
  note: correctionText,
});
