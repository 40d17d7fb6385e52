/**
 * Imports an uploaded SCORM or cmi5 package, announced by S3 on the queue: reads the zip (at most
 * MAX_PACKAGE_BYTES, the version S3 announced), then checks and unpacks it (package-import.ts).
 * Idempotent: a package already finished is skipped, and a run that dies half-way rewrites the
 * same keys when the message comes back.
 */
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { ObjectTooLargeError, readUpload } from '#shared/storage/s3.ts';
import { objectKeyOf, s3EventMessage } from '#shared/storage/s3-events.ts';
import { unpackPackage } from '../package-import.ts';
import { MAX_PACKAGE_BYTES } from '../package-zip.ts';
import { makePackages, packageIdOfKey } from '../packages.ts';

const packages = makePackages();

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
    const outcome = await unpackPackage(packageId, Buffer.from(read.bytes), packages);
    if (outcome.status === 'rejected')
      logger.info('Course package refused', { packageId, problems: outcome.problems.map((p) => p.code) });
    else logger.info('Course package imported', { packageId, files: outcome.files });
  }
});
