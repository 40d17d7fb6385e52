import * as z from 'zod';

/** A run's per-candidate results (reports bucket): one JSON object a run. */
export const ALLOCATION_PREFIX = 'admissions/allocation-runs/';
/** One message an allocation run, for the worker that computes it. */
export const ALLOCATION_QUEUE = 'admission-allocations';
export const allocationMessage = z.object({ runId: z.uuid() });
/** Deliveries of a run's message before it is given up on (and the run marked failed). */
export const ALLOCATION_DELIVERIES = 3;

/** One message a campaign's exam seating (candidate numbers, councils, rooms) to compute. */
export const SEATING_QUEUE = 'admission-seating';
export const seatingMessage = z.object({ campaignId: z.uuid(), requestedAt: z.string() });

/**
 * Published results: public static objects (materials bucket, served by the portal's CloudFront
 * distribution under the same path), sealed per family (domain/sealed-result.ts).
 */
export const RESULTS_PREFIX = 'admission-results/';
/** A publication to prepare: one message to plan it, then one a chunk of families (in parallel). */
export const PUBLICATION_QUEUE = 'admission-publications';
export const publicationMessage = z.object({
  campaignId: z.uuid(),
  /** Absent: plan the preparation (the notice, then one message a chunk of families). */
  chunk: z
    .object({
      index: z.number().int().min(0),
      /** The publication's request it belongs to (a chunk left from a failed one writes nothing). */
      releaseAt: z.string(),
      applicationIds: z.array(z.uuid()).min(1).max(1000),
    })
    .optional(),
});

/** Score sheets (XLSX) uploaded by the Department, announced by S3 to the import worker. */
export const SCORE_IMPORT_PREFIX = 'imports/admission-scores/';
export const SCORE_IMPORTS_QUEUE = 'admission-score-imports';

/** Printable documents (reports bucket): receipts, admission tickets, councils' room lists. */
export const DOCUMENTS_PREFIX = 'admissions/documents/';
/** They carry children's data and are made again on request: kept through a campaign's season. */
export const ADMISSION_DOCUMENTS_KEEP_DAYS = 120;
/** One message a document (or a seating's room lists) to render. */
export const DOCUMENTS_QUEUE = 'admission-documents';
export const documentMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('receipt'), applicationId: z.uuid(), version: z.number().int().min(1) }),
  z.object({ kind: z.literal('ticket'), applicationId: z.uuid(), seatingAt: z.string() }),
  z.object({ kind: z.literal('room-lists'), campaignId: z.uuid(), seatingAt: z.string() }),
]);
export type DocumentMessage = z.infer<typeof documentMessage>;
