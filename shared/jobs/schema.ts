/**
 * What every job looks like to its requester (the API contract), for the contexts' manifests to
 * extend with their own fields.
 */
import * as z from 'zod';
import { uploadLinkSchema } from '#shared/storage/upload-link.ts';
import { JOB_STATUSES } from './attributes.ts';

/** The query of a person's recent jobs (`/me/…-imports`): how many days back, 7 unless asked. */
export const recentJobsQuery = z.object({ days: z.coerce.number().int().min(1).max(30).default(7) });

/** A spreadsheet row an import refused, by cell (imports' `errors`). */
export const sheetErrorSchema = z.object({
  row: z.number(),
  column: z.string(),
  /** In the caller's language. */
  message: z.string(),
  /** The message's code in the catalogue, with its parameters. */
  code: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});

/** A job as the API shows it: `id` names its id field (`jobId`, `importId`, …). */
export function jobSchema<I extends string>(id: I) {
  return z.object({
    ...({ [id]: z.string() } as Record<I, z.ZodString>),
    orgUnitId: z.string(),
    status: z.enum(JOB_STATUSES),
    /** Why it failed, in the caller's language. */
    error: z.string().optional(),
    /** The code of the failure in the message catalogue, with its parameters. */
    errorCode: z.string().optional(),
    errorParams: z.record(z.string(), z.unknown()).optional(),
    createdAt: z.string(),
    updatedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    /** Once done: the result, for a few minutes. */
    downloadUrl: z.string().optional(),
    /** Only in the answer that created an import: where to upload its file. */
    upload: uploadLinkSchema.optional(),
  });
}
