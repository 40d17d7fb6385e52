/**
 * MARC imports and exports as jobs: an import answers with a link to upload the file to (S3
 * announces it; a worker catalogues each record, reporting duplicates and bad fields by record);
 * an export is written by a worker to the reports bucket. The job item keeps the counts.
 */
import { randomUUID } from 'node:crypto';
import { sendMessage } from '#shared/queue/sqs.ts';
import { presignDownload, XLSX_TYPE } from '#shared/storage/s3.ts';
import { uploadLink } from '#shared/storage/upload-link.ts';
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
  errors?: { field: string; message: string }[];
}

export interface CatalogueJob {
  jobId: string;
  kind: 'import' | 'export';
  orgUnitId: string;
  format: CatalogueFormat;
  status: 'awaiting-upload' | 'pending' | 'running' | 'done' | 'failed';
  objectKey: string;
  /** The S3 version an import read (AWS; the local S3 has no versions). */
  objectVersionId?: string;
  records?: number;
  created?: number;
  duplicates?: number;
  failed?: number;
  report?: ImportReportLine[];
  requestedBy: string;
  createdAt: string;
  finishedAt?: string;
}

export function makeCatalogueJobs(entities: () => LibraryEntities = libraryEntities) {
  const ttl = () => Math.floor(Date.now() / 1000) + KEEP_DAYS * 86_400;
  return {
    async requestImport(orgUnitId: string, format: CatalogueFormat, requestedBy: string) {
      const jobId = randomUUID();
      const job: CatalogueJob = {
        jobId,
        kind: 'import',
        orgUnitId,
        format,
        status: 'awaiting-upload',
        objectKey: `${CATALOGUE_IMPORT_PREFIX}${jobId}`,
        requestedBy,
        createdAt: new Date().toISOString(),
      };
      await entities()
        .catalogueJob.create({ ...job, ttl: ttl() })
        .go();
      return {
        ...(await this.present(job)),
        upload: await uploadLink(
          'documents',
          job.objectKey,
          FILE_TYPES[format],
          { maxBytes: MAX_CATALOGUE_FILE_BYTES },
          UPLOAD_SECONDS,
        ),
      };
    },

    async requestExport(orgUnitId: string, format: CatalogueFormat, requestedBy: string) {
      const jobId = randomUUID();
      const job: CatalogueJob = {
        jobId,
        kind: 'export',
        orgUnitId,
        format,
        status: 'pending',
        objectKey: `exports/catalogue/${jobId}.${EXTENSIONS[format]}`,
        requestedBy,
        createdAt: new Date().toISOString(),
      };
      await entities()
        .catalogueJob.create({ ...job, ttl: ttl() })
        .go();
      await sendMessage(CATALOGUE_EXPORTS_QUEUE, catalogueExportMessage, { jobId });
      return this.present(job);
    },

    async get(jobId: string): Promise<CatalogueJob | undefined> {
      const { data } = await entities().catalogueJob.get({ jobId }).go();
      return (data as CatalogueJob | null) ?? undefined;
    },

    async finish(jobId: string, changes: Partial<CatalogueJob>) {
      await entities()
        .catalogueJob.patch({ jobId })
        .set({ ...changes, finishedAt: new Date().toISOString() } as never)
        .go();
    },

    async present(job: CatalogueJob) {
      const { objectKey: _key, objectVersionId: _version, ...visible } = job;
      return {
        ...visible,
        report: job.report ?? [],
        ...(job.kind === 'export' && job.status === 'done'
          ? { downloadUrl: await presignDownload('reports', job.objectKey, 3600) }
          : {}),
      };
    },
  };
}
