/**
 * One DynamoDB document client per process, created on first use. The endpoint comes from the
 * SDK's standard AWS_ENDPOINT_URL_DYNAMODB variable locally, from the Lambda environment in AWS.
 * Its batch calls finish what they are given or throw (batch.ts), and every call reports the
 * capacity units it consumed to the invocation being served (consumed-capacity.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { observeClient } from '../observability/aws-calls.ts';
import { completeBatchCalls } from './batch.ts';
import { countConsumedCapacity } from './consumed-capacity.ts';

let client: DynamoDBDocumentClient | undefined;

export function documentClient(): DynamoDBDocumentClient {
  client ??= DynamoDBDocumentClient.from(
    countConsumedCapacity(completeBatchCalls(observeClient(new DynamoDBClient({})))),
    {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    },
  );
  return client;
}

export interface TableDeps {
  client: DynamoDBDocumentClient;
  table: string;
}

/** The default dependencies for a store: the shared client and the configured table. */
export const tableDeps = (): TableDeps => ({ client: documentClient(), table: config().TABLE_NAME });

/** A store made on first use with the default dependencies: nothing is built at module load. */
export function lazyStore<T>(make: (deps: TableDeps) => T): () => T {
  let store: T | undefined;
  return () => {
    store ??= make(tableDeps());
    return store;
  };
}
