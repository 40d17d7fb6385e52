import * as z from 'zod';

/** MARC files uploaded for import land here (documents bucket); S3 announces them. */
export const CATALOGUE_IMPORT_PREFIX = 'imports/catalogue/';
export const CATALOGUE_IMPORTS_QUEUE = 'catalogue-imports';
/** MARC exports to write (a worker: a unit's titles can be many). */
export const CATALOGUE_EXPORTS_QUEUE = 'catalogue-exports';

export const catalogueExportMessage = z.object({ jobId: z.uuid() });

/** Schools whose library figures to recount (soon after a change; nightly for all). */
export const TALLY_QUEUE = 'library-tallies';
export const tallyMessage = z.object({ schoolId: z.string().min(1), requestedAt: z.iso.datetime() });

/** Finished stock-takings to compare with the school's copies. */
export const STOCKTAKE_QUEUE = 'library-stocktakes';
export const stocktakeMessage = z.object({ stocktakeId: z.uuid() });

/** Label sheets to render (PDF, a worker: fonts and drawing stay out of the API). */
export const LABELS_QUEUE = 'library-labels';
export const labelsMessage = z.object({ jobId: z.uuid() });
