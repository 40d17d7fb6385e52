/**
 * S3 access for handlers. Objects move through presigned URLs; the table keeps their metadata.
 * A custom endpoint (AWS_ENDPOINT_URL_S3: MinIO, the local cloud) needs path-style addressing.
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
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

export async function putObject(
  bucket: BucketName,
  key: string,
  body: string | Uint8Array,
  contentType: string,
) {
  await s3().send(
    new PutObjectCommand({ Bucket: bucketName(bucket), Key: key, Body: body, ContentType: contentType }),
  );
}

export async function getObjectBytes(bucket: BucketName, key: string): Promise<Uint8Array> {
  const result = await s3().send(new GetObjectCommand({ Bucket: bucketName(bucket), Key: key }));
  return result.Body!.transformToByteArray();
}

/** An object's size and type, or undefined when there is no such object. */
export async function headObject(bucket: BucketName, key: string) {
  try {
    const head = await s3().send(new HeadObjectCommand({ Bucket: bucketName(bucket), Key: key }));
    return { size: head.ContentLength ?? 0, contentType: head.ContentType ?? '' };
  } catch (error) {
    if (
      (error as { name?: string }).name === 'NotFound' ||
      (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
    )
      return undefined;
    throw error;
  }
}

/** A short-lived upload link for one object of one content type (the browser PUTs the file). */
export const presignUpload = (bucket: BucketName, key: string, contentType: string, expiresIn = 600) =>
  getSignedUrl(
    s3(),
    new PutObjectCommand({ Bucket: bucketName(bucket), Key: key, ContentType: contentType }),
    { expiresIn },
  );

/** A short-lived download link; the default matches a person clicking it now. */
export const presignDownload = (bucket: BucketName, key: string, expiresIn = 300, fileName?: string) =>
  getSignedUrl(
    s3(),
    new GetObjectCommand({
      Bucket: bucketName(bucket),
      Key: key,
      ...(fileName
        ? { ResponseContentDisposition: `attachment; filename="${encodeURIComponent(fileName)}"` }
        : {}),
    }),
    { expiresIn },
  );
