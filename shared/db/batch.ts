/**
 * Batch calls that finish what they were given. DynamoDB answers BatchWriteItem and BatchGetItem
 * with `UnprocessedItems`/`UnprocessedKeys` when a partition is hot, and SQS answers
 * SendMessageBatch with `Failed` entries; the SDK retries throttling and 5xx errors but never
 * these, and a caller that does not look loses items silently. Every batch call here goes round
 * again with what came back, after an exponential backoff with full jitter, and throws when items
 * remain after the last attempt: the message that caused the work is then redelivered by SQS
 * instead of being acknowledged short.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Attempts in all; with full jitter on 50 ms doubling to 2 s, about 5 s at worst. */
export const BATCH_ATTEMPTS = 8;
const BASE_DELAY_MS = 50;
const MAX_DELAY_MS = 2_000;

export class BatchIncompleteError extends Error {
  constructor(
    readonly what: string,
    readonly remaining: number,
  ) {
    super(`${remaining} ${what} still unprocessed after ${BATCH_ATTEMPTS} attempts`);
    this.name = 'BatchIncompleteError';
  }
}

/** Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): 0…min(cap, base·2^n). */
export const backoffDelay = (attempt: number, random: () => number = Math.random): number =>
  Math.floor(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt));

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `items`, then whatever `send` returns as not done, until nothing is left; throws
 * BatchIncompleteError after BATCH_ATTEMPTS. `count` says how many items a remainder holds.
 */
export async function untilAllProcessed<T>(
  what: string,
  items: T,
  send: (items: T) => Promise<T | undefined>,
  count: (items: T) => number,
  options: { attempts?: number; delay?: (attempt: number) => number } = {},
): Promise<void> {
  const attempts = options.attempts ?? BATCH_ATTEMPTS;
  let remaining: T | undefined = items;
  for (let attempt = 0; remaining !== undefined && count(remaining) > 0; attempt++) {
    if (attempt === attempts) throw new BatchIncompleteError(what, count(remaining));
    if (attempt > 0) await pause((options.delay ?? backoffDelay)(attempt - 1));
    remaining = await send(remaining);
  }
}

type RequestItems = Record<string, unknown[]>;
type KeysAndAttributes = Record<string, { Keys?: unknown[] }>;

const countWrites = (items: RequestItems) => Object.values(items).reduce((n, list) => n + list.length, 0);
const countKeys = (items: KeysAndAttributes) =>
  Object.values(items).reduce((n, table) => n + (table.Keys?.length ?? 0), 0);

interface Handled {
  output: object;
  response: unknown;
}
type Handler = (args: { input: object }) => Promise<Handled>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;

/**
 * A client middleware (initialize step, so it sees the same shapes the caller passed: plain values
 * through the document client, attribute values through the plain client) that completes
 * BatchWriteItem and BatchGetItem. ElectroDB's batch put/delete/get go through it, so their
 * `unprocessed` is always empty.
 */
const completeBatches: Middleware = (next, context) => async (args) => {
  const input = args.input as { RequestItems?: unknown };
  if (context.commandName === 'BatchWriteItemCommand' && input.RequestItems) {
    let last: Handled | undefined;
    await untilAllProcessed(
      'items of a BatchWriteItem',
      input.RequestItems as RequestItems,
      async (RequestItems) => {
        last = await next({ ...args, input: { ...input, RequestItems } });
        return (last.output as { UnprocessedItems?: RequestItems }).UnprocessedItems;
      },
      countWrites,
    );
    return { ...last!, output: { ...last!.output, UnprocessedItems: {} } };
  }
  if (context.commandName === 'BatchGetItemCommand' && input.RequestItems) {
    let last: Handled | undefined;
    const responses: Record<string, unknown[]> = {};
    await untilAllProcessed(
      'keys of a BatchGetItem',
      input.RequestItems as KeysAndAttributes,
      async (RequestItems) => {
        last = await next({ ...args, input: { ...input, RequestItems } });
        const output = last.output as {
          Responses?: Record<string, unknown[]>;
          UnprocessedKeys?: KeysAndAttributes;
        };
        for (const [table, items] of Object.entries(output.Responses ?? {}))
          responses[table] = [...(responses[table] ?? []), ...items];
        return output.UnprocessedKeys;
      },
      countKeys,
    );
    return { ...last!, output: { ...last!.output, Responses: responses, UnprocessedKeys: {} } };
  }
  return next(args);
};

/** Makes every batch call through `client` complete or throw (the document client shares the stack). */
export function completeBatchCalls(client: DynamoDBClient): DynamoDBClient {
  // The stack's overloads type a middleware by step; this one is written against the plain shape.
  client.middlewareStack.add(completeBatches as never, {
    step: 'initialize',
    name: 'completeBatches',
    override: true,
  });
  return client;
}
