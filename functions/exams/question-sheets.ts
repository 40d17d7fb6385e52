/**
 * Question bank spreadsheets: an import (the browser uploads the XLSX to a presigned link; S3
 * announces it on a queue; a worker creates one question per valid row) and an export (a worker
 * writes a bank's questions in the same layout). A job item tracks each, with counts and the
 * rows that could not be read, by cell.
 */

import { type JobItem, makeJobs } from '#shared/jobs/jobs.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { XLSX_TYPE } from '#shared/storage/s3.ts';
import type { TextParams } from '#shared/text/texts.ts';
import { type ExamEntities, examEntities } from './entities.ts';
import { QUESTION_EXPORTS_QUEUE, QUESTION_IMPORT_PREFIX, questionExportMessage } from './messages.ts';

const UPLOAD_SECONDS = 900;
/** The largest question sheet accepted: the import reads 5,000 rows at most. */
export const MAX_QUESTION_SHEET_BYTES = 10 * 1024 * 1024;
const KEEP_DAYS = 30;

export interface SheetJob extends JobItem {
  jobId: string;
  kind: 'import' | 'export';
  subject?: string;
  grade?: number;
  rows?: number;
  created?: number;
  duplicates?: number;
  failed?: number;
  errors?: { row: number; column: string; message: string; code?: string; params?: TextParams }[];
}

export function makeQuestionSheets(entities: () => ExamEntities = examEntities) {
  const spec = {
    entity: () => entities().questionSheetJob,
    id: 'jobId',
    keepDays: KEEP_DAYS,
    /** The first errors: the rest are in the count. */
    present: (job: SheetJob) => ({ errors: (job.errors ?? []).slice(0, 100) }),
  } as const;
  const imports = makeJobs<SheetJob, 'jobId'>({
    ...spec,
    objectKey: (jobId) => `${QUESTION_IMPORT_PREFIX}${jobId}.xlsx`,
    upload: { contentType: () => XLSX_TYPE, maxBytes: MAX_QUESTION_SHEET_BYTES, seconds: UPLOAD_SECONDS },
  });
  const exports = makeJobs<SheetJob, 'jobId'>({
    ...spec,
    objectKey: (jobId) => `exports/questions/${jobId}.xlsx`,
    start: ({ jobId }) => sendMessage(QUESTION_EXPORTS_QUEUE, questionExportMessage, { jobId }),
    download: { fileName: (job) => `cau-hoi-${job.subject}-${job.grade}.xlsx` },
  });
  return {
    requestImport: (orgUnitId: string, requestedBy: string) =>
      imports.request({ orgUnitId, kind: 'import', requestedBy }),
    requestExport: (orgUnitId: string, subject: string, grade: number, requestedBy: string) =>
      exports.request({ orgUnitId, kind: 'export', subject, grade, requestedBy }),
    get: imports.get,
    update: imports.update,
    finish: imports.finish,
    /** What the requester sees: counts, the first errors, and the export's link once written. */
    present: (job: SheetJob) => (job.kind === 'export' ? exports : imports).present(job),
  };
}
