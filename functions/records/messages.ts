import * as z from 'zod';

/** Approved records waiting for the approver's signature (heavy PDF work, off the API path). */
export const SIGNING_QUEUE = 'record-signing';

export const signingMessage = z.object({
  recordId: z.uuid(),
  version: z.number().int().min(1),
  signatureId: z.uuid(),
});

/** Schools whose records changed: their tally is recomputed (a burst costs one recount). */
export const TALLY_QUEUE = 'record-tallies';

export const tallyMessage = z.object({
  schoolId: z.string().min(1),
  schoolYear: z.string().regex(/^\d{4}-\d{4}$/),
  /** When the change happened: a tally computed after it already counts it. */
  requestedAt: z.iso.datetime(),
});

/** Where a record's files live in the documents bucket. */
export const fileKey = (recordId: string, version: number) => `records/${recordId}/v${version}/original`;
export const signedKey = (recordId: string, version: number) => `records/${recordId}/v${version}/signed.pdf`;
