/**
 * "Ask the school to correct this" (issue 18): a learner, or a guardian of theirs, says which part
 * of the learner's official profile is wrong and why; the school's data officer answers. The
 * answer is only an answer: a correction itself goes through the record's draft → approval, as
 * every change to the education database does. Pure: no storage.
 */
import * as z from 'zod';
import { typedText } from '#shared/text/vietnamese.ts';

/** The parts of the profile a learner sees (GET /learners/{id}) that a request may be about. */
export const CORRECTION_FIELDS = [
  'fullName',
  'dateOfBirth',
  'gender',
  'personalId',
  'ethnicity',
  'nationality',
  'placeOfBirth',
  'address',
  'grade',
  'class',
  'status',
  'guardians',
  'health',
  'policyGroups',
  'awards',
  'other',
] as const;
export type CorrectionField = (typeof CORRECTION_FIELDS)[number];

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
