/**
 * Capacity units as DynamoDB reports them (shared/db/consumed-capacity.ts), through the shared
 * client against DynamoDB Local. The expected units come from DynamoDB's billing rules applied
 * to the items' sizes here (attribute names plus UTF-8 values; 1 WRU per KB started, ½ RRU per
 * 4 KB started read eventually, 1 strongly; twice in a transaction; one write more per index an
 * item appears in) — so this also checks that DynamoDB Local answers as DynamoDB bills.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../shared/config.ts';
import { documentClient } from '../../shared/db/client.ts';
import { type CapacityRecord, currentCapacity, measureCapacity } from '../../shared/db/consumed-capacity.ts';
import { cloud, useCloudEnvironment } from '../support/cloud.ts';

/** DynamoDB's item size: each attribute's name and value (strings as UTF-8). */
const itemBytes = (item: Record<string, string>) =>
  Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
const writeUnits = (item: Record<string, string>) => Math.ceil(itemBytes(item) / 1024);
const readUnits = (item: Record<string, string>, consistent: boolean) =>
  Math.ceil(itemBytes(item) / 4096) * (consistent ? 1 : 0.5);

describe('consumed capacity, per invocation', () => {
  let table: string;
  beforeAll(() => {
    useCloudEnvironment();
    resetConfig();
    table = cloud().env.TABLE_NAME!;
  });

  it('sums what every call consumed, by DynamoDB billing rules, and counts refused writes', async () => {
    const db = documentClient();
    const pk = `capacity-test#${randomUUID()}`;
    // Vietnamese text: more bytes than characters, as answers and essays are.
    const big = { pk, sk: 'big', v: 'Bài làm tự luận. '.repeat(300) };
    const small = { pk, sk: 'small', v: 'x' };
    const indexed = { pk, sk: 'indexed', gsi1pk: `${pk}#i`, gsi1sk: 'a', v: 'y'.repeat(500) };
    const pair = [
      { pk, sk: 'tx1', v: 'z'.repeat(1500) },
      { pk, sk: 'tx2', v: 'z'.repeat(100) },
    ];
    let record: CapacityRecord | undefined;
    let inside: ReturnType<typeof currentCapacity>;
    await measureCapacity(
      'test',
      async () => {
        await db.send(new PutCommand({ TableName: table, Item: big }));
        await db.send(new PutCommand({ TableName: table, Item: small }));
        await db.send(new PutCommand({ TableName: table, Item: indexed }));
        await db.send(new GetCommand({ TableName: table, Key: { pk, sk: 'big' } }));
        await db.send(new GetCommand({ TableName: table, Key: { pk, sk: 'big' }, ConsistentRead: true }));
        await db.send(
          new TransactWriteCommand({
            TransactItems: pair.map((Item) => ({ Put: { TableName: table, Item } })),
          }),
        );
        // Refused by its condition: billed by DynamoDB, but reported as an error without units.
        await db
          .send(
            new UpdateCommand({
              TableName: table,
              Key: { pk, sk: 'small' },
              UpdateExpression: 'SET v = :v',
              ConditionExpression: 'v = :other',
              ExpressionAttributeValues: { ':v': 'w', ':other': 'not-x' },
            }),
          )
          .catch((error: unknown) => {
            if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
          });
        inside = currentCapacity();
      },
      { report: (r) => (record = r) },
    );
    const expectedWrites =
      writeUnits(big) +
      writeUnits(small) +
      writeUnits(indexed) +
      1 +
      2 * (writeUnits(pair[0]!) + writeUnits(pair[1]!));
    const expectedReads = readUnits(big, false) + readUnits(big, true);
    expect(writeUnits(big)).toBeGreaterThan(4); // the essay spans several KB: units follow size
    expect(record).toMatchObject({
      operation: 'test',
      wru: expectedWrites,
      rru: expectedReads,
      indexWru: 1,
      calls: 7,
      refused: 1,
    });
    expect(inside).toMatchObject({ wru: expectedWrites, rru: expectedReads });
    // Outside an invocation nothing is counted, and calls still work.
    expect(currentCapacity()).toBeUndefined();
    const { Item } = await db.send(new GetCommand({ TableName: table, Key: { pk, sk: 'small' } }));
    expect(Item?.v).toBe('x');
  });

  it('counts a nested scope once, in the outer one', async () => {
    const db = documentClient();
    const pk = `capacity-test#${randomUUID()}`;
    const outer: CapacityRecord[] = [];
    const inner: CapacityRecord[] = [];
    await measureCapacity(
      'outer',
      async () => {
        await measureCapacity(
          'inner',
          () => db.send(new PutCommand({ TableName: table, Item: { pk, sk: 'a', v: 'x' } })),
          { report: (r) => inner.push(r) },
        );
      },
      { report: (r) => outer.push(r) },
    );
    expect(inner).toEqual([]);
    expect(outer).toMatchObject([{ operation: 'outer', wru: 1, calls: 1 }]);
  });
});
