/**
 * Typed SQS messaging. Senders validate before sending, so a bad message fails where it is made;
 * consumers validate again (the queue may hold messages from an older version) and report
 * partial batch failures, so one poison message is retried and then dead-lettered alone. A body
 * over SQS's 256 KiB travels by claim check (claim-check.ts), unseen by either side's code.
 */
import { randomUUID } from 'node:crypto';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import { queueUrl } from '../config.ts';
import { untilAllProcessed } from '../db/batch.ts';
import { measureCapacity } from '../db/consumed-capacity.ts';
import { observeClient } from '../observability/aws-calls.ts';
import { logger } from '../observability/logger.ts';
import { getObjectBytes, putObject } from '../storage/s3.ts';
import {
  batchesOf,
  byteLength,
  CLAIM_BUCKET,
  claimKey,
  claimMessage,
  claimOf,
  needsClaimCheck,
} from './claim-check.ts';

let client: SQSClient | undefined;
const sqs = () => {
  // A send often follows a write the request has made (a key corrected, a publication asked for):
  // throttling is brief, so it is tried six times with the SDK's backoff (three, the default,
  // let a chaos run's throttled sends fail a request whose change was already saved).
  client ??= observeClient(new SQSClient({ maxAttempts: 6 }));
  return client;
};

export async function sendMessage<S extends z.ZodType>(
  queue: string,
  schema: S,
  message: z.input<S>,
  options: { delaySeconds?: number } = {},
): Promise<string | undefined> {
  const body = await claimIfLarge(queue, JSON.stringify(schema.parse(message)));
  const result = await sqs().send(
    new SendMessageCommand({
      QueueUrl: queueUrl(queue),
      MessageBody: body,
      ...(options.delaySeconds ? { DelaySeconds: options.delaySeconds } : {}),
    }),
  );
  return result.MessageId;
}

/** The body itself, or — over SQS's limit — a pointer to it, written to S3 first. */
async function claimIfLarge(queue: string, body: string): Promise<string> {
  if (!needsClaimCheck(body)) return body;
  const key = claimKey(queue, randomUUID());
  await putObject(CLAIM_BUCKET, key, body, 'application/json');
  return claimMessage({ bucket: CLAIM_BUCKET, key, bytes: byteLength(body) });
}

/**
 * Sends many messages, ten per request and within SQS's bytes per request (large bodies claimed
 * in S3). Entries the queue refuses are sent
 * again with backoff (shared with DynamoDB's batch calls); if some are still refused the call
 * throws, so a fan-out is never silently short and the message that asked for it is redelivered.
 */
export async function sendMessages<S extends z.ZodType>(
  queue: string,
  schema: S,
  messages: z.input<S>[],
): Promise<void> {
  const bodies: string[] = [];
  for (const m of messages) bodies.push(await claimIfLarge(queue, JSON.stringify(schema.parse(m))));
  for (const batch of batchesOf(bodies)) {
    await untilAllProcessed(
      `messages for ${queue}`,
      batch.map((body, n) => ({ Id: String(n), MessageBody: body })),
      async (entries) => {
        const result = await sqs().send(
          new SendMessageBatchCommand({ QueueUrl: queueUrl(queue), Entries: entries }),
        );
        const failed = new Set((result.Failed ?? []).map((f) => f.Id));
        return entries.filter((e) => failed.has(e.Id));
      },
      (entries) => entries.length,
    );
  }
}

/** A Lambda handler for an SQS trigger that processes each valid message with `handle`. */
export function makeQueueHandler<S extends z.ZodType>(
  schema: S,
  handle: (message: z.output<S>, record: SQSRecord) => Promise<void>,
) {
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const processor = new BatchProcessor(EventType.SQS);
    // The batch's DynamoDB units, per worker (consumed-capacity.ts).
    return measureCapacity(context?.functionName ?? 'queue-worker', () =>
      processPartialResponse(
        event,
        async (record: SQSRecord) => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(record.body);
          } catch {
            throw new Error(`Message ${record.messageId} is not JSON`);
          }
          const claim = claimOf(parsed);
          if (claim)
            parsed = JSON.parse(new TextDecoder().decode(await getObjectBytes(claim.bucket, claim.key)));
          const message = schema.safeParse(parsed);
          if (!message.success) {
            logger.warn('Invalid message', { messageId: record.messageId, issues: message.error.issues });
            throw new Error(`Message ${record.messageId} does not match its schema`);
          }
          await handle(message.data, record);
        },
        processor,
        { context, throwOnFullBatchFailure: false },
      ),
    );
  };
}
