/**
 * MARC imports and exports as jobs: an import answers with a link to upload the file to (S3
 * announces it; a worker catalogues each record, reporting duplicates and bad fields by record);
 * an export is written by a worker to the reports bucket. The job item keeps the counts.
 */

import { type JobItem, makeJobs } from '#shared/jobs/jobs.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { XLSX_TYPE } from '#shared/storage/s3.ts';
import type { TextParams } from '#shared/text/texts.ts';
import type { MarcFormat } from './domain/marc.ts';
import { type LibraryEntities, libraryEntities } from './entities.ts';
import { CATALOGUE_EXPORTS_QUEUE, CATALOGUE_IMPORT_PREFIX, catalogueExportMessage } from './messages.ts';

const UPLOAD_SECONDS = 900;
/** The largest catalogue file accepted: 20,000 records (what an import reads) of MARCXML. */
export const MAX_CATALOGUE_FILE_BYTES = 50 * 1024 * 1024;
const KEEP_DAYS = 30;

export const MARC_TYPES: Record<MarcFormat, string> = {
  iso2709: 'application/marc',
  marcxml: 'application/marcxml+xml',
};

/** A catalogue file: MARC 21 (binary or XML) or a spreadsheet (domain/title-sheet.ts). */
export type CatalogueFormat = MarcFormat | 'xlsx';
export const FILE_TYPES: Record<CatalogueFormat, string> = { ...MARC_TYPES, xlsx: XLSX_TYPE };
const EXTENSIONS: Record<CatalogueFormat, string> = { iso2709: 'mrc', marcxml: 'xml', xlsx: 'xlsx' };

export interface ImportReportLine {
  row: number;
  controlNumber?: string;
  outcome: 'created' | 'duplicate' | 'failed';
  titleId?: string;
  duplicateBy?: 'isbn' | 'title-author';
  errors?: { field: string; message: string; code?: string; params?: TextParams }[];
}

export interface CatalogueJob extends JobItem {
  jobId: string;
  kind: 'import' | 'export';
  format: CatalogueFormat;
  records?: number;
  created?: number;
  duplicates?: number;
  failed?: number;
  report?: ImportReportLine[];
}

export function makeCatalogueJobs(entities: () => LibraryEntities = libraryEntities) {
  const spec = {
    entity: () => entities().catalogueJob,
    id: 'jobId',
    keepDays: KEEP_DAYS,
    present: (job: CatalogueJob) => ({ report: job.report ?? [] }),
  } as const;
  const imports = makeJobs<CatalogueJob, 'jobId'>({
    ...spec,
    objectKey: (jobId) => `${CATALOGUE_IMPORT_PREFIX}${jobId}`,
    upload: {
      contentType: (job) => FILE_TYPES[job.format],
      maxBytes: MAX_CATALOGUE_FILE_BYTES,
      seconds: UPLOAD_SECONDS,
    },
  });
  const exports = makeJobs<CatalogueJob, 'jobId'>({
    ...spec,
    objectKey: (jobId, job) => `exports/catalogue/${jobId}.${EXTENSIONS[job.format]}`,
    start: ({ jobId }) => sendMessage(CATALOGUE_EXPORTS_QUEUE, catalogueExportMessage, { jobId }),
    download: { fileName: (job) => `danh-muc-${job.createdAt.slice(0, 10)}.${EXTENSIONS[job.format]}` },
  });
  return {
    requestImport: (orgUnitId: string, format: CatalogueFormat, requestedBy: string) =>
      imports.request({ orgUnitId, kind: 'import', format, requestedBy }),
    requestExport: (orgUnitId: string, format: CatalogueFormat, requestedBy: string) =>
      exports.request({ orgUnitId, kind: 'export', format, requestedBy }),
    get: imports.get,
    /** Imports and exports share the entity (and its by-requester index). */
    recentOf: imports.recentOf,
    update: imports.update,
    finish: imports.finish,
    present: (job: CatalogueJob) => (job.kind === 'export' ? exports : imports).present(job),
  };
}
