/**
 * One stack per deployment stage, read as a table of contents: data, storage, messaging,
 * functions, workflows, API, portal — all derived from the manifests through the plan.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { EventType } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { Construct } from 'constructs';
import { manifests } from '../functions/manifests.ts';
import { Api } from './constructs/api.ts';
import { Data } from './constructs/data.ts';
import { Functions } from './constructs/functions.ts';
import { Messaging } from './constructs/messaging.ts';
import { acknowledge, LAMBDA_BASIC_EXECUTION } from './constructs/nag.ts';
import { Portal } from './constructs/portal.ts';
import { Storage } from './constructs/storage.ts';
import { Workflows } from './constructs/workflows.ts';
import { planPlatform } from './plan.ts';

export interface EduCloudStackProps extends StackProps {
  stage: string;
  oidcIssuer: string;
  oidcAudience: string;
  /** The portal's public OAuth client id at the identity provider. */
  portalClientId: string;
  allowedOrigins: string[];
  rootOrgUnitId: string;
  /** An RFC 3161 timestamp authority: signatures are PAdES B-T with one, B-B without. */
  tsaUrl?: string;
  throttle: { rateLimit: number; burstLimit: number };
}

export class EduCloudStack extends Stack {
  readonly plan = planPlatform(manifests);
  /** The HTTP API's nested stack (its routes). */
  readonly api: Api;

  constructor(scope: Construct, id: string, props: EduCloudStackProps) {
    super(scope, id, props);
    const { plan } = this;

    const data = new Data(this, 'Data', { stage: props.stage });
    const storage = new Storage(this, 'Storage', { uploadOrigins: props.allowedOrigins });
    const messaging = new Messaging(this, 'Messaging', { queues: plan.queues });
    // Uploads that start work: S3 announces new objects under a prefix on the manifest's queue.
    for (const q of plan.queues) {
      if (!q.objectCreated) continue;
      storage.buckets[q.objectCreated.bucket].addEventNotification(
        EventType.OBJECT_CREATED,
        new SqsDestination(messaging.queues.get(q.name)!),
        { prefix: q.objectCreated.prefix },
      );
    }
    // The CDK singleton that configures bucket notifications at deploy time.
    const notifications = this.node.children.find((c) => c.node.id.startsWith('BucketNotificationsHandler'));
    if (notifications) {
      acknowledge(notifications, {
        [LAMBDA_BASIC_EXECUTION]:
          'The CDK bucket-notifications provider logs to CloudWatch with the AWS managed policy; it runs only at deploy time.',
      });
    }
    const functions = new Functions(this, 'Functions', {
      stage: props.stage,
      plan,
      table: data.table,
      tableKey: data.key,
      buckets: storage.buckets,
      queues: messaging.queues,
      allowedOrigins: props.allowedOrigins,
      rootOrgUnitId: props.rootOrgUnitId,
      ...(props.tsaUrl ? { tsaUrl: props.tsaUrl } : {}),
    });
    new Workflows(this, 'Workflows', {
      stage: props.stage,
      plan,
      functions: functions.byId,
      queues: messaging.queues,
    });
    const api = new Api(this, 'Api', {
      plan,
      functions: functions.byId,
      oidcIssuer: props.oidcIssuer,
      oidcAudience: props.oidcAudience,
      allowedOrigins: props.allowedOrigins,
      throttle: props.throttle,
    });
    this.api = api;
    const portal = new Portal(this, 'Portal', {
      bucket: storage.buckets.portal,
      logBucket: storage.accessLogs,
      httpApi: api.httpApi,
      site: { issuer: props.oidcIssuer, clientId: props.portalClientId, audience: props.oidcAudience },
    });

    new CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint });
    new CfnOutput(this, 'PortalUrl', { value: `https://${portal.distribution.distributionDomainName}` });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
  }
}
