import * as z from 'zod';

/** A run's per-candidate results (reports bucket): one JSON object a run. */
export const ALLOCATION_PREFIX = 'admissions/allocation-runs/';
/** One message an allocation run, for the worker that computes it. */
export const ALLOCATION_QUEUE = 'admission-allocations';
export const allocationMessage = z.object({ runId: z.uuid() });
