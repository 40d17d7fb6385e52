import * as z from 'zod';

/** Approved records waiting for the approver's signature (heavy PDF work, off the API path). */
export const SIGNING_QUEUE = 'record-signing';

export const signingMessage = z.object({
  recordId: z.uuid(),
  version: z.number().int().min(1),
  signatureId: z.uuid(),
});

/** Where a record's files live in the documents bucket. */
export const fileKey = (recordId: string, version: number) => `records/${recordId}/v${version}/original`;
export const signedKey = (recordId: string, version: number) => `records/${recordId}/v${version}/signed.pdf`;
