/**
 * Creates the local resources from the same definitions the CDK stack uses: the single table
 * (shared/db/table.ts) and the queues with their DLQs (the plan). Idempotent.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type GlobalIndexName, indexKeys, TABLE } from '../../shared/db/table.ts';
import type { PlatformPlan } from '../plan.ts';

const indexSchema = (index: GlobalIndexName) => ({
  IndexName: index,
  KeySchema: [
    { AttributeName: indexKeys(index).pk, KeyType: 'HASH' as const },
    { AttributeName: indexKeys(index).sk, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
});

export async function ensureTable(dynamo: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  try {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    await addMissingIndexes(dynamo, tableName, Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName!) ?? []);
    return 'exists';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const keyAttributes = [
    TABLE.partitionKey,
    TABLE.sortKey,
    ...TABLE.globalIndexes.flatMap((i) => Object.values(indexKeys(i))),
  ];
  await dynamo.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE.globalIndexes.map(indexSchema),
    }),
  );
  await dynamo.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
    }),
  );
  return 'created';
}

/** A table kept in `.local/` from an older version gains the indexes added since (one at a time). */
async function addMissingIndexes(dynamo: DynamoDBClient, tableName: string, existing: string[]) {
  for (const index of TABLE.globalIndexes.filter((i) => !existing.includes(i))) {
    await dynamo.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: Object.values(indexKeys(index)).map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        GlobalSecondaryIndexUpdates: [{ Create: indexSchema(index) }],
      }),
    );
  }
}

/**
 * Queue name → URL for every queue and DLQ of the plan. `visibilityOverride` (tests) shortens every
 * visibility timeout so a retried message comes back in a second rather than half a minute.
 */
export async function ensureQueues(
  sqs: SQSClient,
  plan: PlatformPlan,
  prefix: string,
  visibilityOverride?: number,
): Promise<Record<string, string>> {
  const urls: Record<string, string> = {};
  for (const q of plan.queues) {
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}${q.dlqName}` }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl!, AttributeNames: ['QueueArn'] }),
    );
    const main = await sqs.send(
      new CreateQueueCommand({
        QueueName: `${prefix}${q.name}`,
        Attributes: {
          VisibilityTimeout: String(visibilityOverride ?? q.visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: Attributes!.QueueArn,
            maxReceiveCount: q.maxReceiveCount,
          }),
        },
      }),
    );
    urls[q.name] = main.QueueUrl!;
    urls[q.dlqName] = dlq.QueueUrl!;
  }
  return urls;
}
