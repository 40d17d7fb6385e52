/**
 * One Lambda function per plan entry: each context's API and each worker, bundled locally by
 * esbuild (minified ESM, the AWS SDK tree-shaken in), on arm64 and the newest Node.js runtime.
 *
 * Each context's functions (their roles, policies and log groups) are a nested stack of their own:
 * together they were most of the parent's template, which CloudFormation caps at 1 MB and 500
 * resources. The table, buckets, keys and queues they use reach them as the nested stack's
 * parameters, and the API, schedules and state machines reach them through its outputs; CDK wires
 * both. The signing CA's key stays in the parent: its ARN is in every signer's environment.
 */
import { join } from 'node:path';
import { ArnFormat, Duration, NestedStack, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { credentialsKeyAlias } from '../../shared/credentials/kms-signer.ts';
import type { FunctionAccess } from '../../shared/manifest.ts';
import { PDF_FONT_FILES } from '../../shared/pdf/fonts.ts';
import { SIGNER_KEY_TAG, signingCaAlias } from '../../shared/signing/kms.ts';
import { BUCKETS, type BucketName } from '../../shared/storage/buckets.ts';
import { HTTP_CLIENT_ALIAS } from '../bundling.ts';
import { lambdaLogging } from '../logging.ts';
import { copyOcrRuntime, OCR_EXTERNAL_MODULES } from '../ocr-runtime.ts';
import type { PlatformPlan } from '../plan.ts';
import { acknowledge, iam5, LAMBDA_BASIC_EXECUTION, ref } from './nag.ts';

export const ROOT = join(import.meta.dirname, '../..');

export interface FunctionsProps {
  stage: string;
  plan: PlatformPlan;
  table: TableV2;
  /** The table's encryption key: functions use it only through DynamoDB. */
  tableKey: IKey;
  buckets: Record<BucketName, Bucket>;
  queues: Map<string, Queue>;
  /** The portal's public address (`https://` + its domain): links, QR codes, OAI-PMH's base URL. */
  portalUrl: string;
  /** Browser origins the API answers (the portal's first). */
  allowedOrigins: string[];
  rootOrgUnitId: string;
  /** Tokens of this issuer are national-identity sign-ins (shared/auth/sign-in.ts). */
  vneidIssuer: string;
  tsaUrl?: string;
  /** Notification channels: the sender, its SES identity, the providers' secret and endpoints. */
  notify: NotifyChannels;
  /** The media links' key: CloudFront's id of its public key, its generation, and the secret of the private keys. */
  media: { keyPairId: string; generation: number; secret: ISecret };
}

export interface NotifyChannels {
  fromEmail: string;
  emailIdentityArn: string;
  secret: ISecret;
  /** Web Push's public VAPID key; push is not offered without it. */
  vapidPublicKey?: string;
  smsProviderUrl?: string;
  ottProviderUrl?: string;
}

/** State machine ARNs are built from their names, so functions can know them without a cycle. */
export const stateMachineName = (stage: string, name: string) => `vn-edu-${stage}-${name}`;

export class Functions extends Construct {
  readonly byId = new Map<string, NodejsFunction>();
  /** Each context's nested stack, by context name. */
  readonly stacks = new Map<string, NestedStack>();

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const stateMachineArns = Object.fromEntries(
      props.plan.stateMachines.map((sm) => [
        sm.name,
        stack.formatArn({
          service: 'states',
          resource: 'stateMachine',
          resourceName: stateMachineName(props.stage, sm.name),
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ]),
    );
    const signingCa = new Key(this, 'SigningCa', {
      keySpec: KeySpec.RSA_2048,
      keyUsage: KeyUsage.SIGN_VERIFY,
      alias: signingCaAlias(props.stage),
      description: 'Issues the certificates of the signers’ KMS keys (records, transcripts, diplomas)',
      // Certificates already issued chain to this key: it outlives the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Digital diplomas and their revocation lists are signed with this Ed25519 key (eddsa-rdfc-2022);
    // credentials already issued name it through the issuer's documents: it outlives the stack.
    const credentialsIssuer = new Key(this, 'CredentialsIssuer', {
      keySpec: KeySpec.ECC_NIST_EDWARDS25519,
      keyUsage: KeyUsage.SIGN_VERIFY,
      alias: credentialsKeyAlias(props.stage),
      description: 'Signs digital diplomas and their revocation lists (eddsa-rdfc-2022)',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const credentialSigning = new PolicyStatement({
      actions: ['kms:Sign', 'kms:GetPublicKey'],
      resources: [credentialsIssuer.keyArn],
    });
    const keyArns = stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' });
    const signerTag = `aws:ResourceTag/${SIGNER_KEY_TAG.TagKey}`;
    const requestTag = `aws:RequestTag/${SIGNER_KEY_TAG.TagKey}`;
    const signingStatements = [
      // A signer's key is made on their first signature: only RSA signing keys tagged as signers'.
      new PolicyStatement({
        actions: ['kms:CreateKey'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'kms:KeySpec': 'RSA_2048',
            'kms:KeyUsage': 'SIGN_VERIFY',
            [requestTag]: SIGNER_KEY_TAG.TagValue,
          },
        },
      }),
      // The tags given to CreateKey are authorized as TagResource on the new key.
      new PolicyStatement({
        actions: ['kms:TagResource'],
        resources: [keyArns],
        conditions: { StringEquals: { [requestTag]: SIGNER_KEY_TAG.TagValue } },
      }),
      new PolicyStatement({
        actions: ['kms:Sign', 'kms:GetPublicKey', 'kms:ScheduleKeyDeletion'],
        resources: [keyArns],
        conditions: { StringEquals: { [signerTag]: SIGNER_KEY_TAG.TagValue } },
      }),
      new PolicyStatement({
        actions: ['kms:Sign', 'kms:GetPublicKey'],
        resources: [signingCa.keyArn],
      }),
      // The stack's own keys are never a signer's: tagging one as such must not open it to the
      // statements above (the table's key could otherwise be scheduled for deletion).
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['kms:TagResource', 'kms:ScheduleKeyDeletion'],
        resources: [signingCa.keyArn],
      }),
      // Nor is the credentials issuer's: a document signer tagging it could sign diplomas with it.
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['kms:TagResource', 'kms:ScheduleKeyDeletion', 'kms:Sign', 'kms:GetPublicKey'],
        resources: [credentialsIssuer.keyArn],
      }),
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['kms:TagResource', 'kms:ScheduleKeyDeletion', 'kms:Sign', 'kms:GetPublicKey'],
        resources: [props.tableKey.keyArn],
      }),
    ];
    const partition = Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
    const signingFindings: Record<string, string> = {
      [iam5(`Resource::arn:${partition}:kms:${stack.region}:<AWS::AccountId>:key/*`)]:
        'The signers’ own KMS keys are made at run time (one per signer, on their first signature), so no ARN is known in advance: use is limited to keys tagged vn-edu:purpose=signer.',
      [iam5('Resource::*')]:
        'X-Ray tracing has no resource-level scope, and kms:CreateKey has no resource: creation is limited by conditions to RSA_2048 SIGN_VERIFY keys tagged vn-edu:purpose=signer.',
    };
    const queueUrls = Object.fromEntries([...props.queues].map(([name, q]) => [name, q.queueUrl]));
    const environment = {
      STAGE: props.stage,
      TABLE_NAME: props.table.tableName,
      ...Object.fromEntries(
        (Object.keys(BUCKETS) as BucketName[]).map((b) => [BUCKETS[b].env, props.buckets[b].bucketName]),
      ),
      QUEUE_URLS: stack.toJsonString(queueUrls),
      EVENT_SUBSCRIBERS: JSON.stringify(props.plan.eventSubscribers),
      STATE_MACHINE_ARNS: stack.toJsonString(stateMachineArns),
      ALLOWED_ORIGINS: props.allowedOrigins.join(','),
      ROOT_ORG_UNIT_ID: props.rootOrgUnitId,
      VNEID_ISSUER: props.vneidIssuer,
      // The portal's public origin: the QR code on a signed PDF points at its verification page.
      PUBLIC_PORTAL_URL: props.portalUrl,
      // Harvesters reach OAI-PMH through CloudFront's /api/*; the request's own host would be
      // the execute-api domain CloudFront forwards to.
      OAI_BASE_URL: `${props.portalUrl}/api/oai`,
      // Every signing key lives in KMS: the CA's, made here, and each signer's (see shared/signing/kms.ts).
      SIGNING_BACKEND: 'kms',
      SIGNING_CA_KEY_ID: signingCa.keyArn,
      CREDENTIALS_KEY_ID: credentialsIssuer.keyArn,
      ...(props.tsaUrl ? { TSA_URL: props.tsaUrl } : {}),
      // Notification channels (functions/notifications/channels.ts): a channel without its
      // provider is not offered to people.
      NOTIFY_FROM_EMAIL: props.notify.fromEmail,
      NOTIFY_SECRET_ARN: props.notify.secret.secretArn,
      // Signed links to videos through the portal's /resources/* (shared/storage/media-links.ts).
      MEDIA_KEY_PAIR_ID: props.media.keyPairId,
      MEDIA_KEY_GENERATION: String(props.media.generation),
      MEDIA_SIGNING_SECRET_ARN: props.media.secret.secretArn,
      ...(props.notify.vapidPublicKey ? { VAPID_PUBLIC_KEY: props.notify.vapidPublicKey } : {}),
      ...(props.notify.smsProviderUrl ? { SMS_PROVIDER_URL: props.notify.smsProviderUrl } : {}),
      ...(props.notify.ottProviderUrl ? { OTT_PROVIDER_URL: props.notify.ottProviderUrl } : {}),
      LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    };

    // The wildcards of the grants below, each explained once for every function.
    const wildcards: Record<string, string> = {
      [iam5('Resource::*')]:
        'X-Ray tracing (PutTraceSegments, PutTelemetryRecords) has no resource-level scope.',
      [iam5('Action::kms:GenerateDataKey*')]:
        'Data keys of the table’s KMS key, only through DynamoDB (kms:ViaService).',
      [iam5('Action::kms:ReEncrypt*')]:
        'Re-encryption with the table’s KMS key, only through DynamoDB (kms:ViaService).',
    };
    // The table and buckets live in the parent: a function names them through its stack's parameters.
    const tableIndexes = (scope: Construct) => ({
      [iam5(`Resource::${ref(props.table, 'Arn', scope)}/index/*`)]: 'Queries on the table’s own GSIs.',
    });
    const region = stack.region;
    const contextStack = (context: string) => {
      let nested = this.stacks.get(context);
      if (!nested) {
        nested = new NestedStack(this, pascal(context), {
          description: `VN Edu Cloud ${context}: its API and workers, their roles and log groups`,
        });
        this.stacks.set(context, nested);
      }
      return nested;
    };
    for (const fn of props.plan.functions) {
      const scope = contextStack(fn.context);
      const pdfFonts = fn.kind === 'api' ? fn.manifest.api?.bundlePdfFonts : fn.definition.bundlePdfFonts;
      const ocr = fn.kind === 'worker' && fn.definition.bundleOcr;
      const logGroup = new LogGroup(scope, `${fn.id}-logs`, {
        retention: RetentionDays.ONE_YEAR,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      const lambda = new NodejsFunction(scope, fn.id, {
        entry: join(ROOT, fn.entry),
        handler: 'handler',
        runtime: Runtime.NODEJS_24_X,
        architecture: Architecture.ARM_64,
        memorySize: fn.memoryMb,
        timeout: Duration.seconds(fn.timeoutSeconds),
        tracing: Tracing.ACTIVE,
        logGroup,
        ...lambdaLogging(scope),
        description: fn.kind === 'api' ? `${fn.context} API` : fn.definition.description,
        environment: { ...environment, POWERTOOLS_SERVICE_NAME: fn.context },
        projectRoot: ROOT,
        depsLockFilePath: join(ROOT, 'package-lock.json'),
        bundling: {
          minify: true,
          sourceMap: true,
          format: OutputFormat.ESM,
          target: 'node22',
          mainFields: ['module', 'main'],
          banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
          externalModules: ocr ? OCR_EXTERNAL_MODULES : [],
          // The same stand-in as infra/bundling.ts (CDK renders `--alias:<package>=<path>`).
          esbuildArgs: Object.fromEntries(
            Object.entries(HTTP_CLIENT_ALIAS).map(([pkg, path]) => ['--alias', `${pkg}=${path}`]),
          ),
          forceDockerBundling: false,
          ...(pdfFonts || ocr
            ? {
                commandHooks: {
                  beforeBundling: () => [],
                  beforeInstall: () => [],
                  afterBundling: (_input: string, output: string) => [
                    // shared/pdf reads its fonts from fonts/ beside the bundle.
                    ...(pdfFonts
                      ? [
                          `mkdir -p ${output}/fonts`,
                          ...Object.values(PDF_FONT_FILES).map(
                            (f) => `cp ${join(ROOT, 'node_modules', f)} ${output}/fonts/`,
                          ),
                        ]
                      : []),
                    ...(ocr ? copyOcrRuntime(join(ROOT, 'node_modules'), output) : []),
                  ],
                },
              }
            : {}),
        },
      });
      const grants = grantsOf(fn.access, {
        tableArn: props.table.tableArn,
        tableKeyArn: props.tableKey.keyArn,
        dynamodbService: `dynamodb.${region}.amazonaws.com`,
        buckets: props.buckets,
        queueArn: (name) => props.queues.get(name)!.queueArn,
        stateMachineArn: (name) => stateMachineArns[name]!,
        notify: { emailIdentityArn: props.notify.emailIdentityArn, secretArn: props.notify.secret.secretArn },
        mediaSigningSecretArn: props.media.secret.secretArn,
      });
      for (const statement of grants) lambda.addToRolePolicy(statement);
      if (fn.signs) for (const statement of signingStatements) lambda.addToRolePolicy(statement);
      if (fn.kind === 'worker' && fn.definition.signsCredentials) lambda.addToRolePolicy(credentialSigning);
      acknowledge(lambda, {
        [LAMBDA_BASIC_EXECUTION]: 'The AWS-managed minimum that lets the function write its own logs.',
        ...wildcards,
        ...tableIndexes(scope),
        ...Object.fromEntries(
          (fn.access.buckets ?? []).map((b) => [
            iam5(`Resource::${ref(props.buckets[b.bucket], 'Arn', scope)}/${b.prefix}*`),
            `Objects under ${b.prefix} in the ${b.bucket} bucket: the key prefix this function declares in its manifest.`,
          ]),
        ),
        ...(fn.signs ? signingFindings : {}),
      });
      this.byId.set(fn.id, lambda);
    }
  }
}

/** `edu-data` → `EduData`: a context's name as a construct id. */
const pascal = (name: string) =>
  name
    .split(/[^a-zA-Z0-9]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

interface GrantTargets {
  tableArn: string;
  tableKeyArn: string;
  /** `dynamodb.<region>.amazonaws.com`: the table's key is usable only through DynamoDB. */
  dynamodbService: string;
  buckets: Record<BucketName, Bucket>;
  queueArn(name: string): string;
  stateMachineArn(name: string): string;
  /** The notification channels' sender identity and providers' secret (functions that reach people). */
  notify?: { emailIdentityArn: string; secretArn: string };
  /** The private key of the media links (functions that sign them). */
  mediaSigningSecretArn?: string;
}

/** IAM actions per declared access; DynamoDB transactions are authorized item by item with these. */
export const TABLE_ACTIONS = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  write: [
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
  ],
} as const;
export const OBJECT_ACTIONS = {
  read: ['s3:GetObject', 's3:GetObjectVersion'],
  write: ['s3:PutObject'],
  delete: ['s3:DeleteObject'],
} as const;

/**
 * Exactly what a function declares, as statements: one per kind of access and resource, so the
 * IAM test can tell each grant is used. Nothing is granted on the portal bucket (the deployment
 * writes it) and S3 access is by key prefix, never the whole bucket.
 */
export function grantsOf(access: FunctionAccess, to: GrantTargets): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const table = access.table;
  const tableReads = table === 'read' || table === 'readwrite';
  const tableWrites = table === 'write' || table === 'readwrite';
  if (tableReads)
    statements.push(
      new PolicyStatement({
        actions: [...TABLE_ACTIONS.read],
        resources: [to.tableArn, `${to.tableArn}/index/*`],
      }),
    );
  if (tableWrites)
    statements.push(new PolicyStatement({ actions: [...TABLE_ACTIONS.write], resources: [to.tableArn] }));
  if (table) {
    // The table is encrypted with its own key: DynamoDB uses it on the caller's behalf.
    statements.push(
      new PolicyStatement({
        actions: [
          'kms:Decrypt',
          'kms:DescribeKey',
          ...(tableWrites ? ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'] : []),
        ],
        resources: [to.tableKeyArn],
        conditions: { StringEquals: { 'kms:ViaService': to.dynamodbService } },
      }),
    );
  }
  for (const b of access.buckets ?? []) {
    const objects = to.buckets[b.bucket].arnForObjects(`${b.prefix}*`);
    const kinds = [
      ...(b.access !== 'write' ? (['read'] as const) : []),
      ...(b.access !== 'read' ? (['write'] as const) : []),
      ...(b.delete ? (['delete'] as const) : []),
    ];
    for (const kind of kinds)
      statements.push(new PolicyStatement({ actions: [...OBJECT_ACTIONS[kind]], resources: [objects] }));
  }
  for (const queue of access.sendsTo ?? [])
    statements.push(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [to.queueArn(queue)] }));
  for (const machine of access.starts ?? [])
    statements.push(
      new PolicyStatement({ actions: ['states:StartExecution'], resources: [to.stateMachineArn(machine)] }),
    );
  if (access.reachesPeople && to.notify) {
    statements.push(
      new PolicyStatement({ actions: ['ses:SendEmail'], resources: [to.notify.emailIdentityArn] }),
      new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [to.notify.secretArn] }),
    );
  }
  if (access.signsMediaLinks && to.mediaSigningSecretArn)
    statements.push(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [to.mediaSigningSecretArn],
      }),
    );
  return statements;
}
