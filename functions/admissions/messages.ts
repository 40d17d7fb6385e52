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
/** One message a publication to prepare (every family's sealed result written). */
export const PUBLICATION_QUEUE = 'admission-publications';
export const publicationMessage = z.object({ campaignId: z.uuid() });

/** Score sheets (XLSX) uploaded by the Department, announced by S3 to the import worker. */
export const SCORE_IMPORT_PREFIX = 'imports/admission-scores/';
export const SCORE_IMPORTS_QUEUE = 'admission-score-imports';
