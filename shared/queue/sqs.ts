/**
 * Typed SQS messaging. Senders validate before sending, so a bad message fails where it is made;
 * consumers validate again (the queue may hold messages from an older version) and report
 * partial batch failures, so one poison message is retried and then dead-lettered alone.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import { queueUrl } from '../config.ts';
import { untilAllProcessed } from '../db/batch.ts';
import { logger } from '../observability/logger.ts';

let client: SQSClient | undefined;
const sqs = () => {
  client ??= new SQSClient({});
  return client;
};

export async function sendMessage<S extends z.ZodType>(
  queue: string,
  schema: S,
  message: z.input<S>,
  options: { delaySeconds?: number } = {},
): Promise<string | undefined> {
  const body = schema.parse(message);
  const result = await sqs().send(
    new SendMessageCommand({
      QueueUrl: queueUrl(queue),
      MessageBody: JSON.stringify(body),
      ...(options.delaySeconds ? { DelaySeconds: options.delaySeconds } : {}),
    }),
  );
  return result.MessageId;
}

/**
 * Sends many messages, ten per request (SQS's batch limit). Entries the queue refuses are sent
 * again with backoff (shared with DynamoDB's batch calls); if some are still refused the call
 * throws, so a fan-out is never silently short and the message that asked for it is redelivered.
 */
export async function sendMessages<S extends z.ZodType>(
  queue: string,
  schema: S,
  messages: z.input<S>[],
): Promise<void> {
  const bodies = messages.map((m) => JSON.stringify(schema.parse(m)));
  for (let i = 0; i < bodies.length; i += 10) {
    await untilAllProcessed(
      `messages for ${queue}`,
      bodies.slice(i, i + 10).map((body, n) => ({ Id: String(n), MessageBody: body })),
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
    return processPartialResponse(
      event,
      async (record: SQSRecord) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(record.body);
        } catch {
          throw new Error(`Message ${record.messageId} is not JSON`);
        }
        const message = schema.safeParse(parsed);
        if (!message.success) {
          logger.warn('Invalid message', { messageId: record.messageId, issues: message.error.issues });
          throw new Error(`Message ${record.messageId} does not match its schema`);
        }
        await handle(message.data, record);
      },
      processor,
      { context, throwOnFullBatchFailure: false },
    );
  };
}
