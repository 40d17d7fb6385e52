/** The single DynamoDB table (shared/db/table.ts) and the key that encrypts it. */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { indexKeys, TABLE } from '../../shared/db/table.ts';

export class Data extends Construct {
  readonly key: Key;
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: { stage: string }) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: `VN Edu Cloud ${props.stage}: table encryption`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      timeToLiveAttribute: TABLE.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: TABLE.globalIndexes.map((indexName) => ({
        indexName,
        partitionKey: { name: indexKeys(indexName).pk, type: AttributeType.STRING },
        sortKey: { name: indexKeys(indexName).sk, type: AttributeType.STRING },
      })),
    });
  }
}
