/** The single DynamoDB table (shared/db/table.ts) and the key that encrypts it. */
import { CfnParameter, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { indexKeys, TABLE } from '../../shared/db/table.ts';

export class Data extends Construct {
  readonly key: Key;
  readonly table: TableV2;

  constructor(
    scope: Construct,
    id: string,
    props: {
      stage: string;
      /** The capacity plan's warm throughput for the city's largest exam (infra/capacity.ts). */
      warmThroughput: { writeUnitsPerSecond: number; readUnitsPerSecond: number };
    },
  ) {
    super(scope, id);
    // Deployment parameters, their defaults from the capacity plan: an exam season can deploy
    // with more (`cdk deploy --parameters TableWarmWriteUnits=60000`), or the context value
    // examCandidates moves the defaults.
    const warmWrites = new CfnParameter(Stack.of(this), 'TableWarmWriteUnits', {
      type: 'Number',
      default: props.warmThroughput.writeUnitsPerSecond,
      minValue: 4000,
      description: 'Write units per second the table serves at once (warm throughput): the 8:00 exam start',
    });
    const warmReads = new CfnParameter(Stack.of(this), 'TableWarmReadUnits', {
      type: 'Number',
      default: props.warmThroughput.readUnitsPerSecond,
      minValue: 12000,
      description: 'Read units per second the table serves at once (warm throughput)',
    });
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
      warmThroughput: {
        writeUnitsPerSecond: warmWrites.valueAsNumber,
        readUnitsPerSecond: warmReads.valueAsNumber,
      },
      globalSecondaryIndexes: TABLE.globalIndexes.map((indexName) => ({
        indexName,
        partitionKey: { name: indexKeys(indexName).pk, type: AttributeType.STRING },
        sortKey: { name: indexKeys(indexName).sk, type: AttributeType.STRING },
      })),
    });
  }
}
