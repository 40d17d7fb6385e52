/**
 * The single table, described once. infra/ builds the CDK TableV2 from this and the local cloud
 * creates the same table in DynamoDB Local, so the key schema cannot drift between the two.
 */
export const TABLE = {
  logicalName: 'EduTable',
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'ttl',
  /** Sparse global secondary indexes; an item is indexed only when it has the gsiNpk attribute. */
  globalIndexes: ['gsi1', 'gsi2', 'gsi3', 'gsi4'] as const,
} as const;

export type GlobalIndexName = (typeof TABLE.globalIndexes)[number];

export const indexKeys = (index: GlobalIndexName) => ({ pk: `${index}pk`, sk: `${index}sk` }) as const;
