/**
 * The claim check: SQS refuses a message — and a SendMessageBatch — over 256 KiB, so a bigger
 * body is written to S3 and the message carries only where it is. The consumer's wrapper
 * (makeQueueHandler) fetches it before the schema sees it, so neither side's code changes.
 *
 * Claims are never deleted by the consumer: a standard queue may deliver a message twice, and a
 * dead-lettered one may be redriven days later. The bucket expires them instead (CLAIM_TTL_DAYS,
 * longer than the DLQs' 14-day retention). No AWS imports here: the CDK stack reads the prefix.
 */
import * as z from 'zod';
import type { BucketName } from '../storage/buckets.ts';

/** SQS's limit for one message and for one batch request, attributes included (we send none). */
export const SQS_MAX_BYTES = 256 * 1024;
/** Where claimed bodies wait: the generated-files bucket, under their queue's name. */
export const CLAIM_BUCKET = 'reports' as const satisfies BucketName;
export const CLAIM_PREFIX = 'claims/';
export const CLAIM_TTL_DAYS = 15;

const CLAIM_FIELD = 'vn-edu:claim-check';

/** Only a key of our own prefix in our own bucket: a forged pointer reads nothing else. */
const claimSchema = z.object({
  [CLAIM_FIELD]: z.object({
    bucket: z.literal(CLAIM_BUCKET),
    key: z.string().startsWith(CLAIM_PREFIX).max(512),
    bytes: z.number().int().positive(),
  }),
});

export type ClaimCheck = z.infer<typeof claimSchema>[typeof CLAIM_FIELD];

export const byteLength = (body: string) => Buffer.byteLength(body, 'utf8');

export const needsClaimCheck = (body: string) => byteLength(body) > SQS_MAX_BYTES;

export const claimKey = (queue: string, id: string) => `${CLAIM_PREFIX}${queue}/${id}.json`;

/** The message body that stands for a claimed one. */
export const claimMessage = (claim: ClaimCheck): string => JSON.stringify({ [CLAIM_FIELD]: claim });

/** The claim a parsed message body points at, or undefined for an ordinary message. */
export function claimOf(parsed: unknown): ClaimCheck | undefined {
  if (typeof parsed !== 'object' || parsed === null || !(CLAIM_FIELD in parsed)) return undefined;
  const claim = claimSchema.safeParse(parsed);
  if (!claim.success) throw new Error('The message names a claim check that is not ours');
  return claim.data[CLAIM_FIELD];
}

/**
 * Bodies grouped for SendMessageBatch: at most ten per request and at most SQS_MAX_BYTES in all
 * (each body is already at most that, claimed if it was bigger).
 */
export function batchesOf(bodies: readonly string[]): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = byteLength(body);
    if (current.length === 10 || (current.length > 0 && bytes + size > SQS_MAX_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(body);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
