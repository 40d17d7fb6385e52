/**
 * Publishing an event: one message on each queue that subscribes to it (EVENT_SUBSCRIBERS, built
 * from the manifests' `subscribes`). The publisher names the event, never its subscribers.
 */
import type * as z from 'zod';
import { eventSubscribers } from '../config.ts';
import type { EventName } from '../events/org-unit-moved.ts';
import { sendMessage } from './sqs.ts';

export async function publish<S extends z.ZodType>(
  event: EventName,
  schema: S,
  message: z.input<S>,
): Promise<string[]> {
  const queues = eventSubscribers(event);
  // Every subscriber is sent to even if one fails; the caller learns of any failure.
  const sent = await Promise.allSettled(queues.map((queue) => sendMessage(queue, schema, message)));
  const failed = sent.filter((s) => s.status === 'rejected');
  if (failed.length > 0) throw (failed[0] as PromiseRejectedResult).reason;
  return queues;
}
