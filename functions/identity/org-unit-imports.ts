/**
 * Importing org units from a spreadsheet: the caller asks for an upload link, POSTs the XLSX to
 * S3, and S3's notification starts the import worker; the import is all or nothing, with the
 * errors named by row and column. The permission is checked here, when the link is asked for.
 */
import { randomUUID } from 'node:crypto';
import type { OrgTarget } from '#shared/auth/can.ts';
import type { LoadedPrincipal } from '#shared/auth/principal-loader.ts';
import { notFound } from '#shared/http/problem.ts';
import { XLSX_TYPE } from '#shared/storage/s3.ts';
import { uploadLink } from '#shared/storage/upload-link.ts';
import { ORG_UNIT_IMPORT_PREFIX } from './messages.ts';
import type { IdentityStore, OrgUnitImportRecord } from './store.ts';

const KEEP_DAYS = 30;
const UPLOAD_SECONDS = 600;
/** The largest org-unit sheet accepted: a city's tree is a few thousand rows. */
export const MAX_SHEET_BYTES = 5 * 1024 * 1024;

export const importIdOfKey = (key: string) =>
  key.startsWith(ORG_UNIT_IMPORT_PREFIX)
    ? key.slice(ORG_UNIT_IMPORT_PREFIX.length).replace(/\.xlsx$/, '')
    : undefined;

export function makeOrgUnitImports(store: IdentityStore) {
  const present = ({
    objectKey,
    objectVersionId,
    ttl,
    lineage,
    requestId,
    ...visible
  }: OrgUnitImportRecord) => visible;

  return {
    async request(principal: LoadedPrincipal, requestId: string, target: OrgTarget) {
      const importId = randomUUID();
      const now = new Date();
      const record: OrgUnitImportRecord = {
        importId,
        orgUnitId: target.orgUnitId,
        lineage: [...target.lineage],
        requestedBy: principal.sub,
        requestId,
        status: 'awaiting-upload',
        objectKey: `${ORG_UNIT_IMPORT_PREFIX}${importId}.xlsx`,
        createdAt: now.toISOString(),
        ttl: Math.floor(now.getTime() / 1000) + KEEP_DAYS * 86_400,
      };
      await store.createOrgUnitImport(record);
      return {
        ...present(record),
        upload: await uploadLink(
          'documents',
          record.objectKey,
          XLSX_TYPE,
          { maxBytes: MAX_SHEET_BYTES },
          UPLOAD_SECONDS,
        ),
      };
    },

    async get(importId: string, authorize: (orgUnitId: string) => Promise<unknown>) {
      const record = await store.getOrgUnitImport(importId);
      if (!record) throw notFound();
      await authorize(record.orgUnitId);
      return present(record);
    },
  };
}
