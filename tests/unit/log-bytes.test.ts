/**
 * What the platform writes to CloudWatch Logs per exam request, measured from the code that writes
 * it, against what the capacity plan counts (DEFAULT_RUNTIME): the HTTP API's access line
 * (infra/access-log.ts) filled with the exam's longest values, and the units' EMF lines as the real
 * Powertools Metrics writes them (shared/db/consumed-capacity.ts), batched per operation.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RUNTIME } from '../../functions/exams/domain/capacity-plan.ts';
import { ACCESS_LOG_FIELDS } from '../../infra/access-log.ts';
import {
  type CapacityRecord,
  flushCapacityMetrics,
  METRIC_BATCH,
  METRIC_BATCH_MS,
  publishCapacity,
} from '../../shared/db/consumed-capacity.ts';

const SAVE = 'PUT /exam-sessions/{sessionId}/attempt/answers';
const record = (operation: string, wru: number): CapacityRecord => ({
  operation,
  rru: 0.5,
  wru,
  indexRru: 0,
  indexWru: 0,
  calls: 2,
  refused: 0,
});

let lines: string[] = [];
beforeEach(() => {
  flushCapacityMetrics();
  lines = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

const emf = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
const bytes = () => lines.reduce((sum, l) => sum + Buffer.byteLength(l.trimEnd()), 0);

describe('the units’ EMF lines', () => {
  it('hold a batch of invocations per operation, every value kept', () => {
    for (let i = 0; i < METRIC_BATCH - 1; i++) publishCapacity(record(SAVE, i % 3), 1_000);
    expect(lines).toEqual([]);
    publishCapacity(record(SAVE, 7), 1_000);
    const [line] = emf();
    expect(lines).toHaveLength(1);
    expect(line!.operation).toBe(SAVE);
    const wru = line!.WriteRequestUnits as number[];
    expect(wru).toHaveLength(METRIC_BATCH);
    expect(wru.reduce((a, b) => a + b, 0)).toBe(
      Array.from({ length: METRIC_BATCH - 1 }, (_, i) => i % 3).reduce((a, b) => a + b, 0) + 7,
    );
    expect(line!.DynamoDbCalls).toHaveLength(METRIC_BATCH);
  });

  it('keep operations apart and write a batch once its first value is a minute old', () => {
    publishCapacity(record(SAVE, 1), 0);
    publishCapacity(record('POST /exam-sessions/{sessionId}/attempt', 10), 30_000);
    expect(lines).toEqual([]);
    publishCapacity(record(SAVE, 1), METRIC_BATCH_MS);
    // The save batch is a minute old: written with both values; the start's is 30 s old: kept.
    expect(emf()).toEqual([expect.objectContaining({ operation: SAVE, WriteRequestUnits: [1, 1] })]);
    flushCapacityMetrics();
    expect(emf()[1]).toMatchObject({
      operation: 'POST /exam-sessions/{sessionId}/attempt',
      WriteRequestUnits: 10,
    });
  });

  it('cost no more bytes an invocation than the capacity plan counts (batches of 20)', () => {
    for (let i = 0; i < 20; i++) publishCapacity(record(SAVE, 1.5), 0);
    flushCapacityMetrics();
    // One line (26 bytes of log event besides) shared by 20 invocations.
    expect((bytes() + 26) / 20).toBeLessThanOrEqual(DEFAULT_RUNTIME.metricLogBytes);
    // One line per invocation would be far more: the batching is what the figure rests on.
    lines = [];
    publishCapacity(record(SAVE, 1.5), 0);
    flushCapacityMetrics();
    expect(bytes()).toBeGreaterThan(10 * DEFAULT_RUNTIME.metricLogBytes);
  });
});

describe('the HTTP API’s access line', () => {
  it('is no longer than the capacity plan counts for the exam’s longest route', () => {
    const worst: Record<string, string> = {
      '$context.requestId': 'IbR5WjJlSQ0EJ_w=',
      '$context.requestTimeEpoch': '1796407230784',
      '$context.routeKey': SAVE,
      '$context.status': '200',
      '$context.responseLatency': '1234',
      '$context.integrationLatency': '1200',
      '$context.responseLength': '12345',
      '$context.integrationErrorMessage': '-',
      '$context.authorizer.error': '-',
    };
    const line = JSON.stringify(
      Object.fromEntries(Object.entries(ACCESS_LOG_FIELDS).map(([k, v]) => [k, worst[v] ?? v])),
    );
    expect(line).not.toContain('$context');
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(DEFAULT_RUNTIME.accessLogBytes);
    // Nothing personal: no caller address, user agent or claim (the API sits behind CloudFront).
    expect(Object.values(ACCESS_LOG_FIELDS).join(' ')).not.toMatch(/identity|claims|userAgent/);
  });
});
