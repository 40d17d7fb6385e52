/**
 * The one shape every “upload a file” answer has: POST the file to this URL as multipart form
 * data, these fields first and the file last, before it expires. The form's policy is signed
 * with its conditions — this key only, this exact content type, between `minBytes` and
 * `maxBytes` — so S3 itself refuses a file the API did not agree to (a presigned PUT URL cannot
 * bound the size). Made here once, described here once for the OpenAPI document.
 */
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import * as z from 'zod';
import { observeCall } from '../observability/aws-calls.ts';
import type { BucketName } from './buckets.ts';
import { bucketName, s3 } from './s3.ts';

export const uploadLinkSchema = z.object({
  method: z.literal('POST'),
  url: z.string(),
  fields: z.record(z.string(), z.string()),
  maxBytes: z.number(),
  expiresInSeconds: z.number(),
});

export type UploadLink = z.infer<typeof uploadLinkSchema>;

export interface UploadLimits {
  /** The largest file accepted, in bytes. */
  maxBytes: number;
  /** The smallest; 1 unless the exact size is known (an announced size). */
  minBytes?: number;
}

/** The conditions of the upload form's policy, besides the key and bucket S3's helper adds. */
export function uploadConditions(contentType: string, { maxBytes, minBytes = 1 }: UploadLimits) {
  if (!Number.isInteger(maxBytes) || !Number.isInteger(minBytes) || minBytes < 0 || maxBytes < minBytes)
    throw new RangeError(`Bad upload size range ${minBytes}–${maxBytes}`);
  return [
    ['content-length-range', minBytes, maxBytes] as ['content-length-range', number, number],
    { 'Content-Type': contentType },
  ];
}

export async function uploadLink(
  bucket: BucketName,
  key: string,
  contentType: string,
  limits: UploadLimits,
  expiresInSeconds: number,
): Promise<UploadLink> {
  observeCall({
    client: 'S3Client',
    command: 'PutObjectCommand',
    input: { Bucket: bucketName(bucket), Key: key },
  });
  const post = await createPresignedPost(s3(), {
    Bucket: bucketName(bucket),
    Key: key,
    Conditions: uploadConditions(contentType, limits),
    Fields: { 'Content-Type': contentType },
    Expires: expiresInSeconds,
  });
  return {
    method: 'POST',
    url: post.url,
    fields: post.fields,
    maxBytes: limits.maxBytes,
    expiresInSeconds,
  };
}
