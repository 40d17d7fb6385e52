/**
 * SCORM and cmi5 packages of the Department's catalogue: announced (name and size), uploaded
 * through a presigned form bounded to a zip of that size, then checked and unpacked by the
 * import worker, which records the manifest's units or why the package was refused. The
 * announcement is audited in the same transaction as the package is written.
 */
import { randomUUID } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { isConditionFailure } from '#shared/db/errors.ts';
import { uploadLink } from '#shared/storage/upload-link.ts';
import type { CodedText } from '#shared/text/texts.ts';
import type { PackageStandard, PackageUnit } from './domain/packages.ts';
import { type CourseEntities, courseEntities, type PACKAGE_STATUSES } from './entities.ts';
import { PACKAGE_FILES_PREFIX, PACKAGE_UPLOAD_PREFIX } from './messages.ts';
import { MAX_PACKAGE_BYTES } from './package-zip.ts';

export type PackageStatus = (typeof PACKAGE_STATUSES)[number];

export interface PackageItem {
  packageId: string;
  unitId: string;
  fileName: string;
  size: number;
  status: PackageStatus;
  objectKey: string;
  standard?: PackageStandard;
  title?: string;
  units?: PackageUnit[];
  files?: number;
  unpackedBytes?: number;
  problems?: CodedText[];
  createdBy: string;
  createdAt: string;
  finishedAt?: string;
}

/** A school's line uploading 200 MB needs a while. */
const UPLOAD_SECONDS = 1800;
export const ZIP_TYPE = 'application/zip';

export const packageUploadKey = (packageId: string) => `${PACKAGE_UPLOAD_PREFIX}${packageId}.zip`;
export const packageIdOfKey = (key: string) =>
  new RegExp(`^${PACKAGE_UPLOAD_PREFIX}([0-9a-f-]{36})\\.zip$`).exec(key)?.[1];
/** Where a package's file is served from (the portal's origin maps `/packages/` onto it). */
export const packageFileKey = (packageId: string, path: string) =>
  `${PACKAGE_FILES_PREFIX}${packageId}/${path}`;

export function makePackages(entities: () => CourseEntities = courseEntities) {
  const get = async (packageId: string) => {
    const { data } = await entities().coursePackage.get({ packageId }).go({ consistent: true });
    return (data as PackageItem | null) ?? undefined;
  };

  return {
    get,

    /** Announces a package: the item (uploading) and its audit entry, and the link to upload the zip to. */
    async create(
      unit: OrgTarget,
      file: { fileName: string; size: number },
      actor: { accountId: string; requestId: string },
    ) {
      const packageId = randomUUID();
      const item: PackageItem = {
        packageId,
        unitId: unit.orgUnitId,
        fileName: file.fileName,
        size: file.size,
        status: 'uploading',
        objectKey: packageUploadKey(packageId),
        createdBy: actor.accountId,
        createdAt: new Date().toISOString(),
      };
      await entities()
        .service.transaction.write((t) => [
          t.coursePackage.create(item as never).commit(),
          t.auditEntry
            .create(
              auditEntry({
                actorId: actor.accountId,
                action: 'course-package.upload',
                targetType: 'course-package',
                targetId: packageId,
                orgUnit: unit,
                requestId: actor.requestId,
                changes: { fileName: file.fileName, size: file.size },
              }),
            )
            .commit(),
        ])
        .go();
      const upload = await uploadLink(
        'documents',
        item.objectKey,
        ZIP_TYPE,
        { maxBytes: file.size, minBytes: file.size },
        UPLOAD_SECONDS,
      );
      return { item, upload };
    },

    /** A unit's packages, newest first. */
    async ofUnit(unitId: string, limit: number, cursor: string | null) {
      const page = await entities()
        .coursePackage.query.byUnit({ unitId })
        .go({ limit, cursor, order: 'desc' });
      return { items: page.data as PackageItem[], cursor: page.cursor };
    },

    /** Records the import's outcome, once: false when another run already did. */
    async finish(packageId: string, outcome: Partial<PackageItem> & { status: 'ready' | 'rejected' }) {
      try {
        await entities()
          .coursePackage.patch({ packageId })
          .set({ ...outcome, finishedAt: new Date().toISOString() } as never)
          .where((x, op) => op.eq(x.status, 'uploading'))
          .go();
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}

export { MAX_PACKAGE_BYTES };
