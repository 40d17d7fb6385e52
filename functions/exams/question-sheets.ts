/**
 * Question bank spreadsheets: an import (the browser uploads the XLSX to a presigned link; S3
 * announces it on a queue; a worker creates one question per valid row) and an export (a worker
 * writes a bank's questions in the same layout). A job item tracks each, with counts and the
 * rows that could not be read, by cell.
 */
import { randomUUID } from 'node:crypto';
import { sendMessage } from '#shared/queue/sqs.ts';
import { presignDownload, XLSX_TYPE } from '#shared/storage/s3.ts';
import { uploadLink } from '#shared/storage/upload-link.ts';
import { type ExamEntities, examEntities } from './entities.ts';
import { QUESTION_EXPORTS_QUEUE, QUESTION_IMPORT_PREFIX, questionExportMessage } from './messages.ts';

const UPLOAD_SECONDS = 900;
/** The largest question sheet accepted: the import reads 5,000 rows at most. */
export const MAX_QUESTION_SHEET_BYTES = 10 * 1024 * 1024;
const KEEP_DAYS = 30;

export interface SheetJob {
  jobId: string;
  kind: 'import' | 'export';
  orgUnitId: string;
  subject?: string;
  grade?: number;
  status: 'awaiting-upload' | 'pending' | 'running' | 'done' | 'failed';
  objectKey: string;
  /** The S3 version an import read (AWS; the local S3 has no versions). */
  objectVersionId?: string;
  rows?: number;
  created?: number;
  duplicates?: number;
  failed?: number;
  errors?: { row: number; column: string; message: string }[];
  requestedBy: string;
  createdAt: string;
  finishedAt?: string;
}

export function makeQuestionSheets(entities: () => ExamEntities = examEntities) {
  const ttl = () => Math.floor(Date.now() / 1000) + KEEP_DAYS * 86_400;
  return {
    async requestImport(orgUnitId: string, requestedBy: string) {
      const jobId = randomUUID();
      const job: SheetJob = {
        jobId,
        kind: 'import',
        orgUnitId,
        status: 'awaiting-upload',
        objectKey: `${QUESTION_IMPORT_PREFIX}${jobId}.xlsx`,
        requestedBy,
        createdAt: new Date().toISOString(),
      };
      await entities()
        .questionSheetJob.create({ ...job, ttl: ttl() })
        .go();
      return {
        ...(await this.present(job)),
        upload: await uploadLink(
          'documents',
          job.objectKey,
          XLSX_TYPE,
          { maxBytes: MAX_QUESTION_SHEET_BYTES },
          UPLOAD_SECONDS,
        ),
      };
    },

    async requestExport(orgUnitId: string, subject: string, grade: number, requestedBy: string) {
      const jobId = randomUUID();
      const job: SheetJob = {
        jobId,
        kind: 'export',
        orgUnitId,
        subject,
        grade,
        status: 'pending',
        objectKey: `exports/questions/${jobId}.xlsx`,
        requestedBy,
        createdAt: new Date().toISOString(),
      };
      await entities()
        .questionSheetJob.create({ ...job, ttl: ttl() })
        .go();
      await sendMessage(QUESTION_EXPORTS_QUEUE, questionExportMessage, { jobId });
      return this.present(job);
    },

    async get(jobId: string): Promise<SheetJob | undefined> {
      const { data } = await entities().questionSheetJob.get({ jobId }).go();
      return (data as SheetJob | null) ?? undefined;
    },

    /** What the requester sees: counts, the first errors, and the export's link once written. */
    async present(job: SheetJob) {
      const { objectKey: _key, objectVersionId: _version, ...visible } = job;
      return {
        ...visible,
        errors: (job.errors ?? []).slice(0, 100),
        ...(job.kind === 'export' && job.status === 'done'
          ? {
              downloadUrl: await presignDownload(
                'reports',
                job.objectKey,
                300,
                `cau-hoi-${job.subject}-${job.grade}.xlsx`,
              ),
            }
          : {}),
      };
    },
  };
}
