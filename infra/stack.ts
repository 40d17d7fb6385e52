/**
 * One stack per deployment stage, read as a table of contents: operations, data, storage,
 * messaging, the API and the portal in front of it, functions, workflows, routes — all derived
 * from the manifests through the plan.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { EventType } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { Construct } from 'constructs';
import { RESULTS_PREFIX } from '../functions/admissions/messages.ts';
import { PACKAGE_FILES_PREFIX } from '../functions/courses/messages.ts';
import { type CapacityPlan, EXAM_ROUTES, type ExamRoute } from '../functions/exams/domain/capacity-plan.ts';
import { manifests } from '../functions/manifests.ts';
import { MEDIA_KEY_PREFIX } from '../shared/storage/media-links.ts';
import { Api, makeHttpApi } from './constructs/api.ts';
import { Data } from './constructs/data.ts';
import { ExamCapacity } from './constructs/exam-capacity.ts';
import { Functions } from './constructs/functions.ts';
import { MediaKeys } from './constructs/media-keys.ts';
import { Messaging } from './constructs/messaging.ts';
import { acknowledge, LAMBDA_BASIC_EXECUTION } from './constructs/nag.ts';
import { Notify, type NotifyProps } from './constructs/notify.ts';
import { Operations } from './constructs/operations.ts';
import { Portal, type PortalDomain } from './constructs/portal.ts';
import { Storage } from './constructs/storage.ts';
import { Workflows } from './constructs/workflows.ts';
import { planPlatform } from './plan.ts';

export interface EduCloudStackProps extends StackProps {
  stage: string;
  /** The portal's web ACL (infra/edge.ts, in us-east-1): its per-client limits at the edge. */
  webAclArn?: string;
  oidcIssuer: string;
  oidcAudience: string;
  /** The portal's public OAuth client id at the identity provider. */
  portalClientId: string;
  /** The national identity (VNeID): its issuer, the API's audience there, the portal's client id. */
  vneid: { issuer: string; audience: string; clientId: string; scope: string };
  /** The portal's own domain instead of the distribution's *.cloudfront.net one. */
  portalDomain?: PortalDomain;
  /** Browser origins besides the portal's that may call the API and upload files. */
  allowedOrigins: string[];
  /** More origins the portal's pages may call (an OpenID provider whose token endpoint is on another host). */
  portalConnectOrigins?: string[];
  /** Default of the OperatorEmail parameter: where alarms are e-mailed. */
  operatorEmail?: string;
  rootOrgUnitId: string;
  /** An RFC 3161 timestamp authority: signatures are PAdES B-T with one, B-B without. */
  tsaUrl?: string;
  /** Notification channels: the e-mail sender, Web Push's public key, the SMS and OTT providers. */
  notify: NotifyProps;
  /** The capacity plan of the city's largest exam (infra/capacity.ts): warm throughput, throttles, concurrency. */
  capacity: CapacityPlan;
}

export class EduCloudStack extends Stack {
  readonly plan = planPlatform(manifests);
  /** The HTTP API's nested stack (its routes). */
  readonly api: Api;
  /** The queues' nested stack. */
  readonly messaging: Messaging;
  /** The functions, one nested stack per context. */
  readonly functions: Functions;

  constructor(scope: Construct, id: string, props: EduCloudStackProps) {
    super(scope, id, props);
    const { plan } = this;

    const operations = new Operations(this, 'Operations', {
      ...(props.operatorEmail ? { operatorEmail: props.operatorEmail } : {}),
    });
    const data = new Data(this, 'Data', {
      stage: props.stage,
      warmThroughput: props.capacity.settings.warmThroughput,
    });
    const storage = new Storage(this, 'Storage');
    const messaging = new Messaging(this, 'Messaging', { queues: plan.queues, operations });
    this.messaging = messaging;
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

    // The portal's address is the distribution's (or the custom domain's): the functions, the
    // upload CORS rules and the OAI-PMH base URL are all told it, never localhost or execute-api.
    const httpApi = makeHttpApi(this, { corsOrigins: props.allowedOrigins });
    const presigned = (b: 'documents' | 'materials') =>
      `https://${storage.buckets[b].bucketRegionalDomainName}`;
    // Videos are read through the portal's distribution by signed links only.
    const mediaKeys = new MediaKeys(this, 'MediaKeys');
    const portal = new Portal(this, 'Portal', {
      bucket: storage.buckets.portal,
      logBucket: storage.accessLogs,
      httpApi,
      site: {
        issuer: props.oidcIssuer,
        clientId: props.portalClientId,
        audience: props.oidcAudience,
        vneid: props.vneid,
        ...(props.notify.vapidPublicKey ? { vapidPublicKey: props.notify.vapidPublicKey } : {}),
      },
      csp: {
        uploadOrigins: [presigned('documents'), presigned('materials')],
        mediaOrigins: [presigned('materials')],
        // The portal fetches VNeID's discovery document and tokens too.
        extraConnectOrigins: [props.vneid.issuer, ...(props.portalConnectOrigins ?? [])],
      },
      packages: { bucket: storage.buckets.materials, prefix: PACKAGE_FILES_PREFIX },
      media: { prefix: MEDIA_KEY_PREFIX, keyGroup: mediaKeys.keyGroup },
      admissionResults: { prefix: RESULTS_PREFIX },
      ...(props.portalDomain ? { domain: props.portalDomain } : {}),
      ...(props.webAclArn ? { webAclArn: props.webAclArn } : {}),
    });
    const browserOrigins = [portal.url, ...props.allowedOrigins];
    storage.allowBrowserUploads(browserOrigins);

    const notify = new Notify(this, 'Notify', props.notify);
    const functions = new Functions(this, 'Functions', {
      stage: props.stage,
      plan,
      table: data.table,
      tableKey: data.key,
      buckets: storage.buckets,
      queues: messaging.queues,
      portalUrl: portal.url,
      allowedOrigins: browserOrigins,
      rootOrgUnitId: props.rootOrgUnitId,
      vneidIssuer: props.vneid.issuer,
      ...(props.tsaUrl ? { tsaUrl: props.tsaUrl } : {}),
      notify: notify.channels,
      media: { keyPairId: mediaKeys.keyPairId, generation: mediaKeys.generation, secret: mediaKeys.secret },
    });
    this.functions = functions;
    const examsApi = functions.byId.get('exams-api')!;
    const examCapacity = new ExamCapacity(Stack.of(examsApi), 'ExamCapacity', {
      api: examsApi,
      // Room above the plan's largest exam: a scheduled action sets its own minimum and maximum.
      maxProvisionedConcurrency: props.capacity.settings.provisionedConcurrency * 2,
    });
    new Workflows(this, 'Workflows', {
      stage: props.stage,
      plan,
      functions: functions.byId,
      queues: messaging.queues,
      operations,
    });
    this.api = new Api(this, 'Api', {
      plan,
      functions: functions.byId,
      // The exams API is served through its alias, where provisioned concurrency is scheduled.
      entryPoints: new Map([['exams-api', examCapacity.alias]]),
      httpApi,
      oidcIssuer: props.oidcIssuer,
      oidcAudience: props.oidcAudience,
      vneidIssuer: props.vneid.issuer,
      vneidAudience: props.vneid.audience,
      throttle: props.capacity.settings.stageThrottle,
      routeThrottle: Object.fromEntries(
        (Object.keys(EXAM_ROUTES) as ExamRoute[]).map((r) => [
          EXAM_ROUTES[r],
          props.capacity.settings.routeThrottle[r],
        ]),
      ),
    });

    new CfnOutput(this, 'ApiUrl', { value: httpApi.apiEndpoint });
    new CfnOutput(this, 'PortalUrl', { value: portal.url });
    new CfnOutput(this, 'AlarmTopicArn', { value: operations.alarmTopic.topicArn });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
  }
}
