import * as z from 'zod';

/** Handovers whose minutes PDF is still to be drafted. */
export const HANDOVER_MINUTES_QUEUE = 'handover-minutes';

export const handoverMinutesMessage = z.object({ handoverId: z.uuid() });

/** Audit-log exports waiting for their XLSX file. */
export const AUDIT_EXPORTS_QUEUE = 'audit-exports';

export const auditExportMessage = z.object({ exportId: z.uuid() });
