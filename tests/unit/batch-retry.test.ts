/**
 * The loop every batch call goes through (DynamoDB's BatchWriteItem/BatchGetItem, SQS's
 * SendMessageBatch): what comes back unprocessed is sent again, with a growing, jittered pause,
 * and a remainder after the last attempt is an error, never a silent loss.
 */
import { describe, expect, it } from 'vitest';
import { BatchIncompleteError, backoffDelay, untilAllProcessed } from '../../shared/db/batch.ts';

const noPause = { delay: () => 0 };

describe('untilAllProcessed', () => {
  it('sends the remainder again until nothing is left', async () => {
    const sent: number[][] = [];
    // The service takes the first two items of each call.
    await untilAllProcessed(
      'items',
      [1, 2, 3, 4, 5],
      async (items) => {
        sent.push(items);
        return items.slice(2);
      },
      (items) => items.length,
      noPause,
    );
    expect(sent).toEqual([[1, 2, 3, 4, 5], [3, 4, 5], [5]]);
  });

  it('makes one call when everything is processed, and none for an empty batch', async () => {
    let calls = 0;
    const send = async () => {
      calls++;
      return undefined;
    };
    await untilAllProcessed('items', ['a'], send, (i) => i.length, noPause);
    await untilAllProcessed('items', [], send, (i) => i.length, noPause);
    expect(calls).toBe(1);
  });

  it('throws, naming what is left, after the last attempt', async () => {
    let calls = 0;
    const attempt = untilAllProcessed(
      'keys of a BatchGetItem',
      ['k1', 'k2', 'k3'],
      async (items) => {
        calls++;
        return items.slice(1);
      },
      (items) => items.length,
      { attempts: 2, delay: () => 0 },
    );
    await expect(attempt).rejects.toThrow(BatchIncompleteError);
    await expect(attempt).rejects.toThrow('1 keys of a BatchGetItem still unprocessed');
    expect(calls).toBe(2);
  });

  it('waits between attempts by the backoff it is given', async () => {
    const waits: number[] = [];
    const started = Date.now();
    await untilAllProcessed(
      'items',
      [1, 2, 3],
      async (items) => items.slice(1),
      (items) => items.length,
      {
        delay: (attempt) => {
          waits.push(attempt);
          return 5;
        },
      },
    );
    expect(waits).toEqual([0, 1]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(9);
  });
});

describe('backoffDelay', () => {
  it('is full jitter: from 0 up to 50 ms doubling per attempt, capped at 2 s', () => {
    expect(backoffDelay(0, () => 0)).toBe(0);
    expect(backoffDelay(0, () => 0.999)).toBe(49);
    expect(backoffDelay(3, () => 0.5)).toBe(200);
    expect(backoffDelay(10, () => 0.999)).toBe(1998);
  });
});
