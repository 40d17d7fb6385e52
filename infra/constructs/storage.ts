/** The platform's buckets (shared/storage/buckets.ts): private, TLS-only, versioned, logged. */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  type LifecycleRule,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BUCKETS, type BucketName } from '../../shared/storage/buckets.ts';
import { acknowledge } from './nag.ts';

const lifecycle = (bucket: BucketName): LifecycleRule[] => [
  { noncurrentVersionExpiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(7) },
  ...(bucket === 'reports'
    ? [
        {
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
        },
      ]
    : []),
];

export class Storage extends Construct {
  readonly buckets: Record<BucketName, Bucket>;
  readonly accessLogs: Bucket;

  /** `uploadOrigins`: browser origins that POST files through presigned forms (the portal's). */
  constructor(scope: Construct, id: string, props: { uploadOrigins: string[] }) {
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
          // Browsers upload straight to the buckets people upload into, never to the others, by
          // presigned POST forms (a signed policy bounds each file's size and type; no PUT is
          // handed out); they also read materials (an exam paper, a lesson) through presigned links.
          // Versioning (above) lets every reader ask for the version that was checked.
          ...(name === 'documents' || name === 'materials'
            ? {
                cors: [
                  {
                    allowedMethods:
                      name === 'materials' ? [HttpMethods.POST, HttpMethods.GET] : [HttpMethods.POST],
                    allowedOrigins: props.uploadOrigins,
                    allowedHeaders: ['content-type', 'content-md5', 'x-amz-*'],
                    exposedHeaders: ['ETag'],
                    maxAge: 3000,
                  },
                ],
              }
            : {}),
        }),
      ]),
    ) as Record<BucketName, Bucket>;
  }
}
