/**
 * Imports an uploaded SCORM or cmi5 package, announced by S3 on the queue: reads the zip (at most
 * MAX_PACKAGE_BYTES, the version S3 announced), checks it (package-zip.ts: paths, counts, sizes,
 * the manifest and its launch files) and, only if all of it is sound, writes every file under
 * the package's own prefix of the materials bucket, eight at a time; then records the manifest's
 * units, or the problems. Idempotent: a package already finished is skipped, and a run that dies
 * half-way rewrites the same keys when the message comes back.
 */
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { ObjectTooLargeError, putObject, readUpload } from '#shared/storage/s3.ts';
import { objectKeyOf, s3EventMessage } from '#shared/storage/s3-events.ts';
import { contentTypeOf, inspectPackage, MAX_PACKAGE_BYTES } from '../package-zip.ts';
import { makePackages, packageFileKey, packageIdOfKey } from '../packages.ts';

const packages = makePackages();
const WRITERS = 8;

export const handler = makeQueueHandler(s3EventMessage, async (event) => {
  for (const record of event.Records) {
    const packageId = packageIdOfKey(objectKeyOf(record));
    if (!packageId) continue;
    const item = await packages.get(packageId);
    if (item?.status !== 'uploading') continue;

    let read: Awaited<ReturnType<typeof readUpload>>;
    try {
      read = await readUpload('documents', item.objectKey, MAX_PACKAGE_BYTES);
    } catch (error) {
      if (!(error instanceof ObjectTooLargeError)) throw error;
      await packages.finish(packageId, { status: 'rejected', problems: [error.text] });
      continue;
    }
    if (!read) continue;
    const inspection = await inspectPackage(Buffer.from(read.bytes));
    if (!inspection.ok) {
      await packages.finish(packageId, { status: 'rejected', problems: inspection.problems });
      logger.info('Course package refused', { packageId, problems: inspection.problems.map((p) => p.code) });
      continue;
    }
    try {
      const queue = [...inspection.files];
      await Promise.all(
        Array.from({ length: WRITERS }, async () => {
          for (let file = queue.shift(); file; file = queue.shift())
            await putObject(
              'materials',
              packageFileKey(packageId, file.path),
              await file.read(),
              contentTypeOf(file.path),
            );
        }),
      );
    } finally {
      inspection.close();
    }
    await packages.finish(packageId, {
      status: 'ready',
      standard: inspection.manifest.standard,
      title: inspection.manifest.title,
      units: inspection.manifest.units,
      files: inspection.files.length,
      unpackedBytes: inspection.unpackedBytes,
    });
    logger.info('Course package imported', { packageId, files: inspection.files.length });
  }
});
