/**
 * Unpacking a package's zip into materials: what the import worker does with an upload, and the
 * local cloud's demo with its own package. Kept apart from packages.ts so the API's bundle does
 * not carry the zip reader and the manifest parser.
 */
import { putObject } from '#shared/storage/s3.ts';
import { contentTypeOf, inspectPackage } from './package-zip.ts';
import { makePackages, packageFileKey } from './packages.ts';

const WRITERS = 8;

/**
 * Checks an uploaded package's zip (package-zip.ts: paths, counts, sizes, the manifest and its
 * launch files) and, only if all of it is sound, writes every file under the package's own prefix
 * of materials, eight at a time; then records the manifest's units, or the problems. A run that
 * dies half-way rewrites the same keys when it is run again.
 */
export async function unpackPackage(
  packageId: string,
  zip: Buffer,
  packages: Pick<ReturnType<typeof makePackages>, 'finish'> = makePackages(),
) {
  const inspection = await inspectPackage(zip);
  if (!inspection.ok) {
    await packages.finish(packageId, { status: 'rejected', problems: inspection.problems });
    return { status: 'rejected' as const, problems: inspection.problems };
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
  return { status: 'ready' as const, files: inspection.files.length };
}
