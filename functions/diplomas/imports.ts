/**
 * Imports of digital registers as jobs: the office asks for one and gets a link to upload its
 * XLSX to; S3 announces the file and a worker enters each row (workers/import-diplomas.ts),
 * keeping the counts and each refused row's cells on the job.
 */
import { type JobItem, makeJobs } from '#shared/jobs/jobs.ts';
import { XLSX_TYPE } from '#shared/storage/s3.ts';
import type { TextParams } from '#shared/text/texts.ts';
import { diplomaText } from './domain/texts.ts';
import { type DiplomaEntities, diplomaEntities } from './entities.ts';
import { DIPLOMA_IMPORT_PREFIX } from './messages.ts';

/** The largest register file accepted: well above 20,000 rows of text. */
export const MAX_REGISTER_FILE_BYTES = 20 * 1024 * 1024;

export interface ImportReportLine {
  row: number;
  outcome: 'created' | 'failed';
  entryId?: string;
  errors?: { field: string; message: string; code?: string; params?: TextParams }[];
}

export interface DiplomaImport extends JobItem {
  importId: string;
  rows?: number;
  created?: number;
  failed?: number;
  report?: ImportReportLine[];
}

/** A report's share of the job item (DynamoDB's items hold 400 KB). */
const MAX_REPORT_BYTES = 250_000;

/** The report's first lines that fit the job item, and a last line saying how many were left out. */
export function fitReport(lines: ImportReportLine[]): ImportReportLine[] {
  let bytes = 0;
  let shown = 0;
  for (const line of lines) {
    bytes += Buffer.byteLength(JSON.stringify(line));
    if (bytes > MAX_REPORT_BYTES) break;
    shown++;
  }
  if (shown === lines.length) return lines;
  return [
    ...lines.slice(0, shown),
    {
      row: 0,
      outcome: 'failed',
      errors: [{ field: '', ...diplomaText('report-cut', { shown, more: lines.length - shown }) }],
    },
  ];
}

export function makeDiplomaImports(entities: () => DiplomaEntities = diplomaEntities) {
  const jobs = makeJobs<DiplomaImport, 'importId'>({
    entity: () => entities().diplomaImport,
    id: 'importId',
    keepDays: 30,
    present: (job) => ({ report: job.report ?? [] }),
    objectKey: (importId) => `${DIPLOMA_IMPORT_PREFIX}${importId}`,
    upload: { contentType: () => XLSX_TYPE, maxBytes: MAX_REGISTER_FILE_BYTES, seconds: 900 },
  });
  return {
    request: (orgUnitId: string, requestedBy: string) => jobs.request({ orgUnitId, requestedBy }),
    get: jobs.get,
    finish: jobs.finish,
    present: jobs.present,
  };
}
