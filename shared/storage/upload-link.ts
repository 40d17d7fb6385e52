/**
 * The one shape every “upload a file” answer has: PUT the file to this presigned URL with these
 * headers before it expires. Made here once, described here once for the OpenAPI document.
 */
import * as z from 'zod';
import type { BucketName } from './buckets.ts';
import { presignUpload } from './s3.ts';

export const uploadLinkSchema = z.object({
  method: z.literal('PUT'),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  expiresInSeconds: z.number(),
});

export async function uploadLink(
  bucket: BucketName,
  key: string,
  contentType: string,
  expiresInSeconds: number,
) {
  return {
    method: 'PUT' as const,
    url: await presignUpload(bucket, key, contentType, expiresInSeconds),
    headers: { 'content-type': contentType },
    expiresInSeconds,
  };
}
