/**
 * Capacity units measured, not estimated. A middleware on the shared DynamoDB client asks every
 * call for `ReturnConsumedCapacity: 'INDEXES'` (the table's and each index's share) and adds what
 * DynamoDB answers to the invocation being served: an AsyncLocalStorage scope opened once per
 * Lambda invocation (by the API pipeline and the queue handler on AWS, by the invoker locally),
 * so no handler counts anything itself. At the end of the scope the totals go to a listener (the
 * local cloud's) or, on AWS, out as Powertools metrics (EMF, batched: see METRIC_BATCH),
 * dimensioned by the operation (route key or worker) — CloudWatch then sums units per route
 * without a custom log query.
 *
 * What is counted is what DynamoDB reports on success. A write refused by its condition (or a
 * cancelled transaction) is billed too, but comes back as an error without ConsumedCapacity: such
 * calls are counted in `refused`, not in units (docs/capacity.md says so).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface CapacityTotals {
  /** Read request units (½ per eventually consistent 4 KB, 1 strongly consistent; ×2 in transactions). */
  rru: number;
  /** Write request units (1 per KB started; ×2 in transactions; each GSI copy written adds its own). */
  wru: number;
  /** Of rru and wru, the units spent on global secondary indexes. */
  indexRru: number;
  indexWru: number;
  /** DynamoDB calls made, and those refused (condition failed, transaction cancelled, throttled). */
  calls: number;
  refused: number;
}

export interface CapacityRecord extends CapacityTotals {
  /** The route key (`PUT /exam-sessions/{sessionId}/attempt/answers`) or the worker's id. */
  operation: string;
  /** The caller's correlation id, when the invocation was an API request that sent one. */
  correlationId?: string;
}

const zero = (): CapacityTotals => ({ rru: 0, wru: 0, indexRru: 0, indexWru: 0, calls: 0, refused: 0 });

interface Scope {
  operation: string;
  correlationId?: string;
  totals: CapacityTotals;
}

const scopes = new AsyncLocalStorage<Scope>();

/** The units of the invocation being served so far (undefined outside any). */
export const currentCapacity = (): CapacityTotals | undefined => {
  const scope = scopes.getStore();
  return scope ? { ...scope.totals } : undefined;
};

type Listener = (record: CapacityRecord) => void;
let listener: Listener | undefined;

/** Sets (or removes) the one listener of this process; then no EMF is written (the local cloud). */
export function setCapacityListener(next: Listener | undefined): void {
  listener = next;
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const kindOf = (command: string) => {
  const name = command.replace(/Command$/, '');
  // lib-dynamodb's commands (GetCommand, QueryCommand…) report the ones they wrap; both spellings.
  return READS.has(name) || ['Get', 'BatchGet', 'TransactGet'].includes(name) ? 'read' : 'write';
};

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  GlobalSecondaryIndexes?: Record<string, Consumed>;
  LocalSecondaryIndexes?: Record<string, Consumed>;
}

const units = (c: Consumed, kind: 'read' | 'write') =>
  (kind === 'read' ? c.ReadCapacityUnits : c.WriteCapacityUnits) ?? c.CapacityUnits ?? 0;

/** Adds one call's ConsumedCapacity (one entry, or one per table for batches and transactions). */
export function addConsumed(
  totals: CapacityTotals,
  command: string,
  consumed: Consumed | Consumed[] | undefined,
): void {
  const kind = kindOf(command);
  for (const c of consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed]) {
    const all = units(c, kind);
    const index = Object.values({ ...c.GlobalSecondaryIndexes, ...c.LocalSecondaryIndexes }).reduce(
      (n, i) => n + units(i, kind),
      0,
    );
    if (kind === 'read') {
      totals.rru += all;
      totals.indexRru += index;
    } else {
      totals.wru += all;
      totals.indexWru += index;
    }
  }
}

type Handler = (args: { input: object }) => Promise<{ output?: unknown }>;

/**
 * Adds the parameter to every call through `client` (the document client shares its stack) and
 * counts the answer into the current invocation. Outside an invocation it still asks (a few bytes
 * more per answer) and counts nothing.
 */
export function countConsumedCapacity(client: DynamoDBClient): DynamoDBClient {
  const middleware =
    (next: Handler, context: { commandName?: string }) => async (args: { input: object }) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      const scope = scopes.getStore();
      const asked =
        input.ReturnConsumedCapacity === undefined ? { ...input, ReturnConsumedCapacity: 'INDEXES' } : input;
      try {
        const result = await next({ ...args, input: asked });
        if (scope) {
          scope.totals.calls++;
          const output = result.output as { ConsumedCapacity?: Consumed | Consumed[] } | undefined;
          addConsumed(scope.totals, context.commandName ?? '', output?.ConsumedCapacity);
        }
        return result;
      } catch (error) {
        if (scope) {
          scope.totals.calls++;
          scope.totals.refused++;
        }
        throw error;
      }
    };
  client.middlewareStack.add(middleware as never, {
    step: 'initialize',
    // Innermost of its step: a batch call completed in rounds (batch.ts) is counted every round.
    priority: 'low',
    name: 'countConsumedCapacity',
    override: true,
  });
  return client;
}

/**
 * On AWS the units go out as EMF, batched per operation: one line holds the values of up to
 * METRIC_BATCH invocations (EMF keeps each value, so CloudWatch's sum, average and percentiles per
 * request are exact), written when the batch is full or, at the next invocation, when its first
 * value is a minute old. One line per invocation was ~400 bytes of CloudWatch Logs a request, a
 * twelfth of an exam's cost (docs/capacity.md, "Logs"). What a container held when Lambda retires
 * it is not written: at most its last minute, per container. DynamoDB's own table metrics are the
 * exact total; these are per route.
 */
export const METRIC_BATCH = 90; // Powertools writes a metric by itself at 100 values: stay below.
export const METRIC_BATCH_MS = 60_000;

interface MetricBatch {
  metrics: Metrics;
  size: number;
  since: number;
}
const batches = new Map<string, MetricBatch>();

const flush = (batch: MetricBatch) => {
  batch.metrics.publishStoredMetrics();
  batch.size = 0;
};

/** Reports one invocation's units: to the listener if one is set, else into its EMF batch. */
export function publishCapacity(record: CapacityRecord, now = Date.now()): void {
  if (listener) {
    listener(record);
    return;
  }
  if (record.calls === 0 || process.env.POWERTOOLS_METRICS_DISABLED === 'true') return;
  let batch = batches.get(record.operation);
  if (!batch) {
    batch = {
      metrics: new Metrics({
        namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'VnEduCloud',
        serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'vn-edu-cloud',
        defaultDimensions: { operation: record.operation },
      }),
      size: 0,
      since: now,
    };
    batches.set(record.operation, batch);
  }
  if (batch.size === 0) batch.since = now;
  batch.metrics.addMetric('ReadRequestUnits', MetricUnit.Count, record.rru);
  batch.metrics.addMetric('WriteRequestUnits', MetricUnit.Count, record.wru);
  batch.metrics.addMetric('DynamoDbCalls', MetricUnit.Count, record.calls);
  batch.size++;
  for (const b of batches.values())
    if (b.size >= METRIC_BATCH || (b.size > 0 && now - b.since >= METRIC_BATCH_MS)) flush(b);
}

/** Writes every batch now (tests; a process about to end). */
export function flushCapacityMetrics(): void {
  for (const batch of batches.values()) if (batch.size > 0) flush(batch);
}

/**
 * Runs one invocation's `work` in a capacity scope and reports its units when it ends (also when
 * it throws). Inside a scope already open (the local invoker's around the API pipeline's) it only
 * runs `work`: the outer scope counts, once. `invocation: true` (the local invoker) always opens
 * its own: a function invoked from within another's call (a state machine's task) is another
 * Lambda invocation.
 */
export async function measureCapacity<T>(
  operation: string,
  work: () => Promise<T>,
  options: { correlationId?: string; report?: (record: CapacityRecord) => void; invocation?: boolean } = {},
): Promise<T> {
  if (scopes.getStore() && !options.invocation) return work();
  const scope: Scope = {
    operation,
    ...(options.correlationId ? { correlationId: options.correlationId } : {}),
    totals: zero(),
  };
  try {
    return await scopes.run(scope, work);
  } finally {
    const record: CapacityRecord = { operation: scope.operation, ...scope.totals };
    if (scope.correlationId) record.correlationId = scope.correlationId;
    (options.report ?? publishCapacity)(record);
  }
}
