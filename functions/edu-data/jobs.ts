/**
 * The education database's jobs (the shared job life): a school's spreadsheet import (uploaded,
 * announced by S3, applied row by row with a per-row report) and a list's XLSX export.
 */
import { type JobItem, makeJobs } from '#shared/jobs/jobs.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { presignDownload, XLSX_TYPE } from '#shared/storage/s3.ts';
import type { RecordKind } from './domain/records.ts';
import { eduEntities } from './entities.ts';
import {
  MAX_RECORD_SHEET_BYTES,
  RECORD_EXPORTS_QUEUE,
  RECORD_IMPORT_PREFIX,
  recordExportMessage,
} from './messages.ts';

const KEEP_DAYS = 30;

/** A school's import; `orgUnitId` is the school. */
export interface RecordImport extends JobItem {
  importId: string;
  /** Every import is asked for by a request: what it writes is audited under that request. */
  requestId: string;
  kind: RecordKind;
  submit: boolean;
  /** The per-row report, in the documents bucket (it repeats what was uploaded). */
  reportKey?: string;
  totalRows?: number;
  processedRows?: number;
  created?: number;
  updated?: number;
  unchanged?: number;
  invalid?: number;
}

export interface RecordExport extends JobItem {
  exportId: string;
  kind: RecordKind;
  q?: string;
  rowCount?: number;
  truncated?: boolean;
}

export const recordImports = makeJobs<RecordImport, 'importId'>({
  entity: () => eduEntities().eduImport,
  id: 'importId',
  keepDays: KEEP_DAYS,
  objectKey: (importId) => `${RECORD_IMPORT_PREFIX}${importId}.xlsx`,
  upload: { contentType: () => XLSX_TYPE, maxBytes: MAX_RECORD_SHEET_BYTES, seconds: 900 },
  hidden: ['reportKey'],
  present: async (job) => ({
    schoolId: job.orgUnitId,
    ...(job.reportKey
      ? {
          reportUrl: await presignDownload(
            'documents',
            job.reportKey,
            300,
            `bao-cao-nhap-${job.importId}.xlsx`,
          ),
        }
      : {}),
  }),
});

export const recordExports = makeJobs<RecordExport, 'exportId'>({
  entity: () => eduEntities().recordExport,
  id: 'exportId',
  keepDays: KEEP_DAYS,
  objectKey: (exportId) => `exports/edu-data/${exportId}.xlsx`,
  start: ({ exportId }) => sendMessage(RECORD_EXPORTS_QUEUE, recordExportMessage, { exportId }),
  download: { fileName: (job) => `${job.kind}-${job.orgUnitId}-${job.createdAt.slice(0, 10)}.xlsx` },
});
