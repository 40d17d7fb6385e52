/** Sample events from events/, cloned per test (handlers may mutate what they receive). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';

const ROOT = join(import.meta.dirname, '../..');

export function loadEvent<T = Record<string, unknown>>(path: string, overrides: Partial<T> = {}): T {
  const event = JSON.parse(readFileSync(join(ROOT, 'events', path), 'utf8')) as T;
  return structuredClone({ ...event, ...overrides });
}

export const lambdaContext = (): Context =>
  ({
    functionName: 'test',
    awsRequestId: 'test-request',
    getRemainingTimeInMillis: () => 10_000,
  }) as Context;
