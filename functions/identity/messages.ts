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

/** A person's own data exports (Decree 13/2023) waiting to be gathered and written. */
export const PERSONAL_DATA_EXPORTS_QUEUE = 'personal-data-exports';

export const personalDataExportMessage = z.object({ exportId: z.uuid() });

/**
 * Where a person's data export is written in the reports bucket:
 * `<prefix><hash of the account id>/<exportId>/…`. The bucket forgets it after
 * PERSONAL_DATA_KEEP_DAYS (a lifecycle rule, infra/constructs/storage.ts), and the job with it.
 */
export const PERSONAL_DATA_PREFIX = 'exports/personal-data/';
export const PERSONAL_DATA_KEEP_DAYS = 7;
