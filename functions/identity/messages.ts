import * as z from 'zod';

/** Handovers whose minutes PDF is still to be drafted. */
export const HANDOVER_MINUTES_QUEUE = 'handover-minutes';

export const handoverMinutesMessage = z.object({ handoverId: z.uuid() });

/** Audit-log exports waiting for their XLSX file. */
export const AUDIT_EXPORTS_QUEUE = 'audit-exports';

export const auditExportMessage = z.object({ exportId: z.uuid() });

/** S3 notifications of uploaded org unit spreadsheets. */
export const ORG_UNIT_IMPORTS_QUEUE = 'org-unit-imports';

/** Where uploaded org unit spreadsheets land in the documents bucket: `<prefix><importId>.xlsx`. */
export const ORG_UNIT_IMPORT_PREFIX = 'imports/org-units/';
