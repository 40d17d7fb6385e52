import * as z from 'zod';

/** Schools whose figures must be recomputed, and units whose totals must be rolled up. */
export const STATISTICS_QUEUE = 'edu-data-statistics';

export const statisticsMessage = z.discriminatedUnion('refresh', [
  z.object({ refresh: z.literal('school'), schoolId: z.string().min(1) }),
  z.object({ refresh: z.literal('rollup'), unitId: z.string().min(1) }),
]);
export type StatisticsMessage = z.infer<typeof statisticsMessage>;

/** S3 notifications of uploaded record spreadsheets. */
export const RECORD_IMPORTS_QUEUE = 'edu-data-imports';

/** Where uploaded record spreadsheets land in the documents bucket: `<prefix><importId>.xlsx`. */
export const RECORD_IMPORT_PREFIX = 'imports/edu-data/';

/** The largest record spreadsheet accepted: a big school's students with every column, twice over. */
export const MAX_RECORD_SHEET_BYTES = 20 * 1024 * 1024;

/** Lists waiting to be written to XLSX. */
export const RECORD_EXPORTS_QUEUE = 'edu-data-exports';

export const recordExportMessage = z.object({ exportId: z.uuid() });

/** Moves in the org tree (identity's `org-unit.moved`): the moved school's lists follow it. */
export const ORG_MOVES_QUEUE = 'edu-data-org-moves';

/** Units whose records' names are to be filed by word (records older than the name entries). */
export const NAME_ENTRIES_QUEUE = 'edu-data-name-entries';

export const nameEntriesMessage = z.object({ unitId: z.string().min(1) });

/** Set once every unit has been asked to file its names: the nightly check then does nothing. */
export const NAME_ENTRIES_MARKER = 'maintenance:name-entries:v1';
