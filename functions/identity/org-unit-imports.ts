/**
 * Importing org units from a spreadsheet: the caller asks for an upload link, POSTs the XLSX to
 * S3, and S3's notification starts the import worker; the import is all or nothing, with the
 * errors named by row and column. The permission is checked here, when the link is asked for.
 */
import type { OrgTarget } from '#shared/auth/can.ts';
import type { LoadedPrincipal } from '#shared/auth/principal-loader.ts';
import { authEntities } from '#shared/auth/store.ts';
import { notFound } from '#shared/http/problem.ts';
import { type JobItem, makeJobs } from '#shared/jobs/jobs.ts';
import { XLSX_TYPE } from '#shared/storage/s3.ts';
import type { TextParams } from '#shared/text/texts.ts';
import { ORG_UNIT_IMPORT_PREFIX } from './messages.ts';

const UPLOAD_SECONDS = 600;
/** The largest org-unit sheet accepted: a city's tree is a few thousand rows. */
export const MAX_SHEET_BYTES = 5 * 1024 * 1024;

export const importIdOfKey = (key: string) =>
  key.startsWith(ORG_UNIT_IMPORT_PREFIX)
    ? key.slice(ORG_UNIT_IMPORT_PREFIX.length).replace(/\.xlsx$/, '')
    : undefined;

export interface OrgUnitImportJob extends JobItem {
  importId: string;
  imported?: number;
  errors?: { row: number; column?: string; message: string; code?: string; params?: TextParams }[];
}

export function makeOrgUnitImports() {
  const jobs = makeJobs<OrgUnitImportJob, 'importId'>({
    entity: () => authEntities().orgUnitImport,
    id: 'importId',
    keepDays: 30,
    objectKey: (importId) => `${ORG_UNIT_IMPORT_PREFIX}${importId}.xlsx`,
    upload: { contentType: () => XLSX_TYPE, maxBytes: MAX_SHEET_BYTES, seconds: UPLOAD_SECONDS },
  });

  return {
    ...jobs,
    request: (principal: LoadedPrincipal, requestId: string, target: OrgTarget) =>
      jobs.request({ orgUnitId: target.orgUnitId, requestedBy: principal.sub, requestId }),

    async read(importId: string, authorize: (orgUnitId: string) => Promise<unknown>) {
      const job = await jobs.get(importId);
      if (!job) throw notFound();
      await authorize(job.orgUnitId);
      return jobs.present(job);
    },
  };
}
