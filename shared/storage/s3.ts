/**
 * S3 access for handlers. Objects move through presigned URLs; the table keeps their metadata.
 * A custom endpoint (AWS_ENDPOINT_URL_S3: MinIO, the local cloud) needs path-style addressing.
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { jobText, readableSize } from '#shared/jobs/texts.ts';
import type { CodedText } from '#shared/text/texts.ts';
import { config } from '../config.ts';
import { observeClient } from '../observability/aws-calls.ts';
import { BUCKETS, type BucketName } from './buckets.ts';

let client: S3Client | undefined;
export const s3 = (): S3Client => {
  client ??= observeClient(
    new S3Client({
      forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  );
  return client;
};

/** The content type of .xlsx files (uploads, exports, reports). */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const bucketName = (bucket: BucketName): string => config()[BUCKETS[bucket].env];

/** Writes an object; answers the version written (versioned buckets in AWS; none locally). */
export async function putObject(
  bucket: BucketName,
  key: string,
  body: string | Uint8Array,
  contentType: string,
  /** What a cache in front of the bucket (CloudFront, a browser) may keep it for. */
  cacheControl?: string,
): Promise<{ versionId?: string }> {
  const put = await s3().send(
    new PutObjectCommand({
      Bucket: bucketName(bucket),
      Key: key,
      Body: body,
      ContentType: contentType,
      ...(cacheControl ? { CacheControl: cacheControl } : {}),
    }),
  );
  return put.VersionId ? { versionId: put.VersionId } : {};
}

/**
 * An object's bytes; with `versionId`, that version's — the one that was checked — whatever was
 * written over the key since (buckets are versioned in AWS; the local S3 has no versions and
 * reads the object as it is).
 */
export async function getObjectBytes(
  bucket: BucketName,
  key: string,
  versionId?: string,
): Promise<Uint8Array> {
  const result = await s3().send(
    new GetObjectCommand({
      Bucket: bucketName(bucket),
      Key: key,
      ...(versionId ? { VersionId: versionId } : {}),
    }),
  );
  return result.Body!.transformToByteArray();
}

/** An object's size, type and version, or undefined when there is no such object. */
export async function headObject(bucket: BucketName, key: string, versionId?: string) {
  try {
    const head = await s3().send(
      new HeadObjectCommand({
        Bucket: bucketName(bucket),
        Key: key,
        ...(versionId ? { VersionId: versionId } : {}),
      }),
    );
    return {
      size: head.ContentLength ?? 0,
      contentType: head.ContentType ?? '',
      ...(head.VersionId ? { versionId: head.VersionId } : {}),
    };
  } catch (error) {
    // Without s3:ListBucket (functions are granted objects, never listings) S3 answers a HEAD of
    // a missing key with 403, not 404: to the caller both mean the object is not there.
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if ((error as { name?: string }).name === 'NotFound' || status === 404 || status === 403)
      return undefined;
    throw error;
  }
}

/** An uploaded object larger than its upload's limit: refused before it is read. */
export class ObjectTooLargeError extends Error {
  /** What the person who uploaded it is told. */
  readonly text: CodedText;
  constructor(
    readonly size: number,
    readonly maxBytes: number,
  ) {
    const text = jobText('too-large', { size: readableSize(size), limit: readableSize(maxBytes) });
    super(text.message);
    this.text = text;
    this.name = 'ObjectTooLargeError';
  }
}

/**
 * Reads an uploaded object the way a worker must: its size is looked at first (HeadObject) and
 * a file over `maxBytes` is refused with ObjectTooLargeError before any byte is loaded; then the
 * very version looked at is read, and its id returned for the job to record. With `versionId`
 * (a job resumed), that recorded version is read again. Undefined when the object is gone.
 */
export async function readUpload(bucket: BucketName, key: string, maxBytes: number, versionId?: string) {
  const head = await headObject(bucket, key, versionId);
  if (!head) return undefined;
  if (head.size > maxBytes) throw new ObjectTooLargeError(head.size, maxBytes);
  const result = await s3().send(
    new GetObjectCommand({
      Bucket: bucketName(bucket),
      Key: key,
      ...(head.versionId ? { VersionId: head.versionId } : {}),
    }),
  );
  // Without versions (the local S3) the key may have been overwritten since the HeadObject.
  if ((result.ContentLength ?? 0) > maxBytes) {
    await result.Body?.transformToWebStream().cancel();
    throw new ObjectTooLargeError(result.ContentLength!, maxBytes);
  }
  const bytes = await result.Body!.transformToByteArray();
  return {
    bytes,
    size: bytes.length,
    contentType: head.contentType,
    ...(head.versionId ? { versionId: head.versionId } : {}),
  };
}

/** A short-lived download link; the default matches a person clicking it now. With `versionId`,
 * the link reads that version (the one that was checked), not whatever the key holds now. */
export const presignDownload = (
  bucket: BucketName,
  key: string,
  expiresIn = 300,
  fileName?: string,
  versionId?: string,
) =>
  getSignedUrl(
    s3(),
    new GetObjectCommand({
      Bucket: bucketName(bucket),
      Key: key,
      ...(versionId ? { VersionId: versionId } : {}),
      ...(fileName
        ? { ResponseContentDisposition: `attachment; filename="${encodeURIComponent(fileName)}"` }
        : {}),
    }),
    { expiresIn },
  );
