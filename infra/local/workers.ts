/**
 * Delivers work to the local workers as Lambda's event sources and EventBridge Scheduler would:
 * SQS batches with partial batch failures (a failed message becomes visible again and, after
 * maxReceiveCount receives, the queue moves it to its DLQ), and scheduled invocations.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { PlatformPlan, WorkerFunctionPlan } from '../plan.ts';
import { asFunction } from './call-recorder.ts';
import { HO_CHI_MINH_OFFSET, inZone, parseSchedule } from './cron.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './emulators.ts';
import type { Invoker } from './invoker.ts';

export interface WorkerLog {
  info(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

export function startQueuePollers(
  plan: PlatformPlan,
  sqs: SQSClient,
  queueUrls: Record<string, string>,
  invoker: Invoker,
  log: WorkerLog,
  /** Tests: failed messages of a finished invocation come back after this, not the visibility timeout. */
  retryFailedAfterSeconds?: number,
) {
  let running = true;
  const loops: Promise<void>[] = [];
  const queueWorkers = plan.functions.filter(
    (f): f is WorkerFunctionPlan => f.kind === 'worker' && f.definition.trigger.kind === 'queue',
  );

  for (const fn of queueWorkers) {
    const trigger = fn.definition.trigger as { queue: string; batchSize?: number };
    const queueUrl = queueUrls[trigger.queue]!;
    const queueArn = `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${trigger.queue}`;
    // Lambda polls the queue with the function's role: the local poller's calls are the worker's.
    loops.push(
      asFunction(fn.id, async () => {
        while (running) {
          try {
            const received = await sqs.send(
              new ReceiveMessageCommand({
                QueueUrl: queueUrl,
                MaxNumberOfMessages: Math.min(trigger.batchSize ?? 10, 10),
                WaitTimeSeconds: 1,
                AttributeNames: ['All'],
                MessageAttributeNames: ['All'],
              }),
            );
            // The emulator may hand the same message twice in one long poll; Lambda never does.
            const messages = [...new Map((received.Messages ?? []).map((m) => [m.MessageId, m])).values()];
            if (messages.length === 0 || !running) continue;
            const event: SQSEvent = {
              Records: messages.map((m) => ({
                messageId: m.MessageId!,
                receiptHandle: m.ReceiptHandle!,
                body: m.Body ?? '',
                attributes: m.Attributes as SQSEvent['Records'][number]['attributes'],
                messageAttributes: {},
                md5OfBody: m.MD5OfBody ?? '',
                eventSource: 'aws:sqs',
                eventSourceARN: queueArn,
                awsRegion: LOCAL_REGION,
              })),
            };
            let failed: Set<string>;
            try {
              const response = (await invoker.invoke(fn.id, event)) as SQSBatchResponse | undefined;
              failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
            } catch (error) {
              log.error(`${fn.id} failed the whole batch`, (error as Error).message);
              failed = new Set(messages.map((m) => m.MessageId!));
            }
            const done = messages.filter((m) => !failed.has(m.MessageId!));
            if (done.length > 0) {
              await sqs.send(
                new DeleteMessageBatchCommand({
                  QueueUrl: queueUrl,
                  Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
                }),
              );
            }
            if (failed.size > 0) log.info(`${fn.id}: ${failed.size} message(s) will be retried`);
            // Only messages the worker is done with: waiting out the rest of the visibility
            // timeout is all that is skipped (in AWS they come back when it ends).
            if (failed.size > 0 && retryFailedAfterSeconds !== undefined)
              await sqs.send(
                new ChangeMessageVisibilityBatchCommand({
                  QueueUrl: queueUrl,
                  Entries: messages
                    .filter((m) => failed.has(m.MessageId!))
                    .map((m, i) => ({
                      Id: String(i),
                      ReceiptHandle: m.ReceiptHandle!,
                      VisibilityTimeout: retryFailedAfterSeconds,
                    })),
                }),
              );
          } catch (error) {
            if (running) log.error(`Poller for ${trigger.queue} failed`, (error as Error).message);
            if (running) await new Promise((r) => setTimeout(r, 1000));
          }
        }
      }),
    );
  }

  return {
    async stop() {
      running = false;
      await Promise.allSettled(loops);
    },
  };
}

export function startScheduler(plan: PlatformPlan, invoker: Invoker, log: WorkerLog) {
  const timers: NodeJS.Timeout[] = [];
  const scheduled = plan.functions.filter(
    (f): f is WorkerFunctionPlan => f.kind === 'worker' && f.definition.trigger.kind === 'schedule',
  );
  const fire = (fn: WorkerFunctionPlan, at = new Date()) =>
    invoker.invoke(fn.id, { time: at.toISOString() }).then(
      () => log.info(`Schedule fired: ${fn.id}`),
      (error: Error) => log.error(`Scheduled ${fn.id} failed`, error.message),
    );

  const crons: { fn: WorkerFunctionPlan; matches: (d: Date) => boolean }[] = [];
  for (const fn of scheduled) {
    const trigger = fn.definition.trigger as { expression: string };
    const schedule = parseSchedule(trigger.expression);
    if (schedule.kind === 'rate') timers.push(setInterval(() => void fire(fn), schedule.everyMs));
    else crons.push({ fn, matches: schedule.matches });
  }
  // Check cron schedules at every minute boundary.
  const tick = () => {
    const now = new Date();
    for (const c of crons) if (c.matches(inZone(now, HO_CHI_MINH_OFFSET))) void fire(c.fn, now);
    timers.push(setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50));
  };
  if (crons.length > 0) timers.push(setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50));

  return {
    scheduled: scheduled.map((f) => ({
      id: f.id,
      expression: (f.definition.trigger as { expression: string }).expression,
    })),
    stop() {
      for (const t of timers) clearTimeout(t);
    },
  };
}
