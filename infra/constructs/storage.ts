/** The platform's buckets (shared/storage/buckets.ts): private, TLS-only, versioned, logged. */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type LifecycleRule,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { ADMISSION_DOCUMENTS_KEEP_DAYS, DOCUMENTS_PREFIX } from '../../functions/admissions/messages.ts';
import { PERSONAL_DATA_KEEP_DAYS, PERSONAL_DATA_PREFIX } from '../../functions/identity/messages.ts';
import { CLAIM_BUCKET, CLAIM_PREFIX, CLAIM_TTL_DAYS } from '../../shared/queue/claim-check.ts';
import { BUCKETS, type BucketName } from '../../shared/storage/buckets.ts';
import { acknowledge, LAMBDA_BASIC_EXECUTION } from './nag.ts';

/** The construct id of CDK's singleton Lambda behind every AwsCustomResource. */
export const AWS_CUSTOM_RESOURCE_PROVIDER = 'AWS679f53fac002430cb0da5b7982bd2287';

const lifecycle = (bucket: BucketName): LifecycleRule[] => [
  { noncurrentVersionExpiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(7) },
  ...(bucket === 'reports'
    ? [
        {
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
        },
        // A person's own data export (Decree 13/2023) is theirs to download for a week, then gone,
        // its versions too: a copy of everything about someone is not kept for its own sake.
        {
          prefix: PERSONAL_DATA_PREFIX,
          expiration: Duration.days(PERSONAL_DATA_KEEP_DAYS),
          noncurrentVersionExpiration: Duration.days(1),
        },
        // Admissions' receipts, tickets and room lists carry children's names and birth dates:
        // copies rendered on request, made again when asked after they are gone.
        {
          prefix: DOCUMENTS_PREFIX,
          expiration: Duration.days(ADMISSION_DOCUMENTS_KEEP_DAYS),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ]
    : []),
  // Message bodies too big for SQS wait here for their consumer, and outlive the dead-letter queues.
  ...(bucket === CLAIM_BUCKET
    ? [
        {
          prefix: CLAIM_PREFIX,
          expiration: Duration.days(CLAIM_TTL_DAYS),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ]
    : []),
];

export class Storage extends Construct {
  readonly buckets: Record<BucketName, Bucket>;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(400) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.accessLogs, {
      'AwsSolutions-S1': 'This is the access-log bucket; logging it into itself would loop.',
    });

    this.buckets = Object.fromEntries(
      (Object.keys(BUCKETS) as BucketName[]).map((name) => [
        name,
        new Bucket(this, name[0]!.toUpperCase() + name.slice(1), {
          blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
          enforceSSL: true,
          versioned: true,
          encryption: BucketEncryption.S3_MANAGED,
          objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
          serverAccessLogsBucket: this.accessLogs,
          serverAccessLogsPrefix: `s3/${name}/`,
          lifecycleRules: lifecycle(name),
          removalPolicy: RemovalPolicy.RETAIN,
        }),
      ]),
    ) as Record<BucketName, Bucket>;
  }

  /**
   * Browsers upload straight to the buckets people upload into, never to the others; they also
   * read materials (an exam paper, a lesson) through presigned links. The allowed origins include
   * the distribution's own address, and the distribution's Content-Security-Policy names these
   * buckets: written into the buckets' properties, the two would wait for each other, so the rules
   * are put by a deploy-time call (PutBucketCors) once both exist.
   */
  allowBrowserUploads(origins: string[]) {
    const buckets = (['documents', 'materials'] as const).map((name) => this.buckets[name]);
    for (const bucket of buckets) {
      const name = bucket === this.buckets.materials ? 'materials' : 'documents';
      const putCors = {
        service: 'S3',
        action: 'putBucketCors',
        parameters: {
          Bucket: bucket.bucketName,
          CORSConfiguration: {
            CORSRules: [
              {
                AllowedMethods: name === 'materials' ? ['POST', 'GET'] : ['POST'],
                AllowedOrigins: origins,
                AllowedHeaders: ['content-type', 'content-md5', 'x-amz-*'],
                ExposeHeaders: ['ETag'],
                MaxAgeSeconds: 3000,
              },
            ],
          },
        },
        physicalResourceId: PhysicalResourceId.of(`${name}-browser-cors`),
      };
      new AwsCustomResource(this, `${name}-browser-cors`, {
        onCreate: putCors,
        onUpdate: putCors,
        installLatestAwsSdk: false,
        policy: AwsCustomResourcePolicy.fromStatements([
          new PolicyStatement({ actions: ['s3:PutBucketCORS'], resources: [bucket.bucketArn] }),
        ]),
      });
    }
    const provider = Stack.of(this).node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER);
    if (provider) {
      acknowledge(provider, {
        [LAMBDA_BASIC_EXECUTION]:
          'The CDK custom-resource provider (it sets the upload buckets’ CORS rules at deploy time) logs with the AWS managed policy.',
        'AwsSolutions-L1':
          'The custom-resource provider is a CDK-managed singleton whose runtime moves with aws-cdk-lib upgrades.',
      });
    }
  }
}
