/**
 * The CDK stack, asserted against the manifests it is built from (no hard-coded counts), and the
 * cdk-nag AWS Solutions gate. Bundling is skipped here for speed; .ci/run synthesizes for real.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { RESULTS_PREFIX } from '../../functions/admissions/messages.ts';
import { GRADER_CONCURRENCY } from '../../functions/exams/domain/capacity-plan.ts';
import { PERSONAL_DATA_KEEP_DAYS, PERSONAL_DATA_PREFIX } from '../../functions/identity/messages.ts';
import { manifests } from '../../functions/manifests.ts';
import { accessLogFormat } from '../../infra/access-log.ts';
import { buildApp } from '../../infra/app.ts';
import {
  CREDENTIAL_ISSUER_PATH,
  CREDENTIAL_STATUS_PATH,
  PORTAL_DIST,
} from '../../infra/constructs/portal.ts';
import { AWS_CUSTOM_RESOURCE_PROVIDER } from '../../infra/constructs/storage.ts';
import { planPlatform } from '../../infra/plan.ts';
import { AUTHORITY_SCOPE } from '../../shared/auth/sign-in.ts';
import { BUCKETS } from '../../shared/storage/buckets.ts';
import { functionResources } from './nested.ts';

const plan = planPlatform(manifests);
// The feature flags of cdk.json, as the CLI would pass them.
const cdkJson = JSON.parse(readFileSync(join(import.meta.dirname, '../../cdk.json'), 'utf8')) as {
  context: { vneidIssuer: string; vneidAudience: string };
};
const context = {
  ...cdkJson.context,
  stage: 'test',
  oidcIssuer: 'https://sso.example.gov.vn/realms/edu',
  oidcAudience: 'vn-edu-cloud-api',
};

/**
 * A template string as deployed, references shown by what they point at: `<LogicalIdWithoutHash>`
 * (`{ "Fn::GetAtt": ["PortalDistribution29412EF8", "DomainName"] }` → `<PortalDistribution>`).
 */
function deployedString(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as { 'Fn::Join'?: [string, unknown[]]; 'Fn::GetAtt'?: [string, string]; Ref?: string };
  if (v['Fn::Join']) return v['Fn::Join'][1].map(deployedString).join(v['Fn::Join'][0]);
  const id = v['Fn::GetAtt']?.[0] ?? v.Ref ?? JSON.stringify(value);
  return `<${id.replace(/[0-9A-F]{8}$/, '')}>`;
}

interface AslState {
  Type: string;
  Retry?: { ErrorEquals: string[]; MaxAttempts?: number; BackoffRate?: number }[];
  Catch?: unknown[];
  ItemProcessor?: Asl;
  Iterator?: Asl;
  Branches?: Asl[];
}
interface Asl {
  States: Record<string, AslState>;
}
const inner = (s: AslState): Asl[] => [
  ...(s.ItemProcessor ? [s.ItemProcessor] : []),
  ...(s.Iterator ? [s.Iterator] : []),
  ...(s.Branches ?? []),
];
const statesOf = (asl: Asl): [string, AslState][] =>
  Object.entries(asl.States).flatMap(([n, s]) => [
    [n, s] as [string, AslState],
    ...inner(s).flatMap(statesOf),
  ]);

interface Behaviour {
  FunctionAssociations?: { EventType: string; FunctionARN: { 'Fn::GetAtt': [string, string] } }[];
  ResponseHeadersPolicyId?: unknown;
}

describe('VnEduCloud stack', () => {
  let built: ReturnType<typeof buildApp>;
  let template: Template;
  /** The queues' nested stack. */
  let messaging: Template;
  /** The queue a parent's `Fn::GetAtt` of the messaging stack's output names (its logical id there). */
  let queueIdOf: (arn: unknown) => string;
  beforeAll(() => {
    built = buildApp({ context, skipBundling: true });
    template = Template.fromStack(built.stack);
    messaging = Template.fromStack(built.stack.messaging);
    const outputs = messaging.toJSON().Outputs as Record<
      string,
      { Value: { 'Fn::GetAtt': [string, string] } }
    >;
    queueIdOf = (arn) => {
      const [, attr] = (arn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
      return outputs[attr.replace(/^Outputs\./, '')]!.Value['Fn::GetAtt'][0];
    };
  });

  it('passes the cdk-nag AWS Solutions gate: no unacknowledged finding', () => {
    // Synthesized first: only then do references across nested stacks carry the parameter and
    // output names the acknowledgements use (nag.ts `ref`).
    built.app.synth();
    const report = built.nag.validateScope(built.app);
    const findings = report.violations.map(
      (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(() => built.app.synth()).not.toThrow();
  });

  it('every acknowledged finding carries a reason', () => {
    const acknowledgements = built.app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.values(m.data as Record<string, string>));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const reason of acknowledgements) expect(reason.length).toBeGreaterThan(20);
  });

  it('has one table with PITR, deletion protection, KMS, TTL and the GSIs', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      GlobalSecondaryIndexes: ['gsi1', 'gsi2', 'gsi3', 'gsi4'].map((IndexName) =>
        Match.objectLike({ IndexName }),
      ),
      Replicas: [
        Match.objectLike({
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        }),
      ],
    });
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain' });
  });

  it('has every bucket private, versioned, TLS-only and logged', () => {
    const buckets = template.findResources('AWS::S3::Bucket', {
      Properties: { VersioningConfiguration: { Status: 'Enabled' } },
    });
    expect(Object.keys(buckets)).toHaveLength(Object.keys(BUCKETS).length);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.LoggingConfiguration).toBeDefined();
      expect(bucket.DeletionPolicy).toBe('Retain');
    }
    const policies = template.findResources('AWS::S3::BucketPolicy');
    for (const policy of Object.values(policies)) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('aws:SecureTransport');
    }
  });

  it('forgets a person’s own data export (Decree 13/2023) a week after it is written, its versions too', () => {
    const [reports] = Object.values(template.findResources('AWS::S3::Bucket')).filter(
      (b) => b.Properties.LoggingConfiguration?.LogFilePrefix === 's3/reports/',
    );
    expect(reports?.Properties.LifecycleConfiguration.Rules).toContainEqual({
      Prefix: PERSONAL_DATA_PREFIX,
      ExpirationInDays: PERSONAL_DATA_KEEP_DAYS,
      NoncurrentVersionExpiration: { NoncurrentDays: 1 },
      Status: 'Enabled',
    });
    expect(PERSONAL_DATA_PREFIX).toBe('exports/personal-data/');
    expect(PERSONAL_DATA_KEEP_DAYS).toBe(7);
    // Admissions' receipts, tickets and room lists likewise, after a season.
    expect(reports?.Properties.LifecycleConfiguration.Rules).toContainEqual({
      Prefix: 'admissions/documents/',
      ExpirationInDays: 120,
      NoncurrentVersionExpiration: { NoncurrentDays: 1 },
      Status: 'Enabled',
    });
  });

  it('lets browsers POST uploads (never PUT) only into the versioned documents and materials buckets, from the allowed origins', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    const byName = (name: string) => {
      const found = Object.entries(buckets).filter(([id]) =>
        new RegExp(`^Storage${name}[0-9A-F]{8}$`).test(id),
      );
      expect(found, name).toHaveLength(1);
      return found[0]![1].Properties as {
        VersioningConfiguration?: { Status: string };
        CorsConfiguration?: { CorsRules: { AllowedMethods: string[]; AllowedOrigins: string[] }[] };
      };
    };
    for (const name of ['Documents', 'Materials']) {
      const bucket = byName(name);
      // Reads by the recorded VersionId need the bucket's versions.
      expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      // The browser rules are put at deploy time (PutBucketCors, after the distribution exists).
      expect(bucket.CorsConfiguration).toBeUndefined();
    }
    const corsCalls = Object.values(template.findResources('Custom::AWS'))
      .map((r) => JSON.stringify(r.Properties.Create).replaceAll('\\', ''))
      .filter((call) => call.includes('putBucketCors'));
    expect(corsCalls).toHaveLength(2);
    for (const call of corsCalls) {
      expect(call).toMatch(/"AllowedMethods":\["POST"/);
      expect(call).not.toContain('"PUT"');
    }
    expect(corsCalls.filter((call) => call.includes('"AllowedMethods":["POST","GET"]'))).toHaveLength(1);
    for (const name of ['Reports', 'Portal']) expect(byName(name).CorsConfiguration).toBeUndefined();
  });

  it('gives each manifest queue a DLQ with its maxReceiveCount and an alarm', () => {
    for (const q of plan.queues) {
      messaging.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: q.visibilityTimeoutSeconds,
        RedrivePolicy: { maxReceiveCount: q.maxReceiveCount, deadLetterTargetArn: Match.anyValue() },
      });
    }
    // One per queue's dead letters, one per state machine's failed executions, one for the schedules'.
    const scheduled = plan.functions.some(
      (f) => f.kind === 'worker' && f.definition.trigger.kind === 'schedule',
    );
    messaging.resourceCountIs('AWS::CloudWatch::Alarm', plan.queues.length);
    template.resourceCountIs('AWS::CloudWatch::Alarm', plan.stateMachines.length + (scheduled ? 1 : 0));
  });

  it('holds every queue’s visibility timeout to six times its consumer’s function timeout', () => {
    const functions = functionResources(built.stack, 'AWS::Lambda::Function');
    const queues = messaging.findResources('AWS::SQS::Queue');
    const mappings = Object.values(functionResources(built.stack, 'AWS::Lambda::EventSourceMapping'));
    expect(mappings.length).toBeGreaterThan(0);
    for (const mapping of mappings) {
      const queueId = queueIdOf(mapping.Properties.EventSourceArn);
      const functionId = mapping.Properties.FunctionName.Ref as string;
      const visibility = queues[queueId]!.Properties.VisibilityTimeout as number;
      const timeout = functions[functionId]!.Properties.Timeout as number;
      expect(visibility, `${queueId} → ${functionId}`).toBeGreaterThanOrEqual(6 * timeout);
    }
  });

  it('sends every alarm to one encrypted, TLS-only operators’ topic with an e-mail parameter', () => {
    const topics = template.findResources('AWS::SNS::Topic');
    expect(Object.keys(topics)).toHaveLength(1);
    const [topicId, topic] = Object.entries(topics)[0]!;
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    const topicPolicies = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
    expect(JSON.stringify(topicPolicies)).toContain('"aws:SecureTransport":"false"');
    // CloudWatch may use the topic's key, or alarms could not publish to it.
    const key = Object.values(template.findResources('AWS::KMS::Key')).find(
      (k) =>
        k.Properties.KeyPolicy && JSON.stringify(k.Properties.KeyPolicy).includes('cloudwatch.amazonaws.com'),
    );
    expect(key?.Properties.EnableKeyRotation).toBe(true);

    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    // The queues' alarms, in their nested stack, to the parameter the parent fills with the topic.
    const nested = Object.values(template.findResources('AWS::CloudFormation::Stack')).find((r) =>
      JSON.stringify(r.Properties.Parameters ?? {}).includes(`{"Ref":"${topicId}"}`),
    );
    const topicParameter = Object.entries(nested?.Properties.Parameters ?? {}).find(
      ([, value]) => JSON.stringify(value) === JSON.stringify({ Ref: topicId }),
    )?.[0];
    expect(topicParameter).toBeDefined();
    const queueAlarms = Object.values(messaging.findResources('AWS::CloudWatch::Alarm'));
    expect(queueAlarms).toHaveLength(plan.queues.length);
    for (const alarm of queueAlarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicParameter }]);

    const parameter = template.toJSON().Parameters.OperatorEmail;
    expect(parameter).toMatchObject({ Type: 'String', Default: '' });
    expect(new RegExp(parameter.AllowedPattern).test('ops@edu.example.gov.vn')).toBe(true);
    expect(new RegExp(parameter.AllowedPattern).test('not an address')).toBe(false);
    const [subscription] = Object.values(template.findResources('AWS::SNS::Subscription'));
    expect(subscription).toMatchObject({
      Condition: expect.any(String),
      Properties: { Protocol: 'email', Endpoint: { Ref: 'OperatorEmail' }, TopicArn: { Ref: topicId } },
    });
  });

  it('has one arm64 Node.js 22+ function per plan function, in its context’s nested stack', () => {
    // The parent keeps only the providers that run at deploy time: CDK's (portal copy, bucket
    // notifications, upload CORS, reading the web ACL's ARN from us-east-1) and the media key
    // pair's (with its provider framework).
    const providers = Object.keys(template.findResources('AWS::Lambda::Function'));
    for (const id of providers)
      expect(
        [
          'CustomCDKBucketDeployment',
          'BucketNotificationsHandler',
          AWS_CUSTOM_RESOURCE_PROVIDER,
          'MediaKeysMakeKeyPair',
          'MediaKeysProviderframeworkonEvent',
          'CustomCrossRegionExportReaderCustomResourceProvider',
        ].some((p) => id.startsWith(p)),
        id,
      ).toBe(true);
    const functions = functionResources(built.stack, 'AWS::Lambda::Function');
    expect(Object.keys(functions)).toHaveLength(plan.functions.length);
    expect([...built.stack.functions.stacks.keys()].sort()).toEqual(
      [...new Set(plan.functions.map((f) => f.context))].sort(),
    );
    for (const fn of Object.values(functions)) {
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(Number(/^nodejs(\d+)\.x$/.exec(fn.Properties.Runtime)?.[1])).toBeGreaterThanOrEqual(22);
      expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(
        expect.arrayContaining(['TABLE_NAME', 'QUEUE_URLS', 'STATE_MACHINE_ARNS', 'BUCKET_REPORTS']),
      );
    }
  });

  it('logs JSON, and Lambda’s own lines only from WARN up (the exam’s log bytes, docs/capacity.md)', () => {
    const functions = [
      ...Object.values(functionResources(built.stack, 'AWS::Lambda::Function')),
      ...Object.values(Template.fromStack(built.stack.api).findResources('AWS::Lambda::Function')),
    ];
    expect(functions.length).toBe(plan.functions.length + 1); // and the two-issuer authorizer
    for (const fn of functions)
      expect(fn.Properties.LoggingConfig).toEqual({
        LogFormat: 'JSON',
        ApplicationLogLevel: 'INFO',
        SystemLogLevel: 'WARN',
        LogGroup: expect.anything(),
      });
    // A sizing study can turn REPORT's lines back on; a typo cannot deploy silently.
    const verbose = buildApp({ context: { ...context, platformLogLevel: 'info' }, skipBundling: true });
    const some = Object.values(functionResources(verbose.stack, 'AWS::Lambda::Function'))[0]!;
    expect(some.Properties.LoggingConfig.SystemLogLevel).toBe('INFO');
    expect(() => buildApp({ context: { ...context, platformLogLevel: 'LOUD' }, skipBundling: true })).toThrow(
      /platformLogLevel must be DEBUG, INFO or WARN/,
    );
  });

  it('keeps signing keys in KMS: a CA key, and signer keys only the signing workers may make and use', () => {
    template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    const signers = plan.functions.filter((f) => f.kind === 'worker' && f.definition.signs);
    expect(signers.length).toBeGreaterThan(0);
    const policies = Object.values(functionResources(built.stack, 'AWS::IAM::Policy'));
    const creating = policies.filter((p) =>
      JSON.stringify(p.Properties.PolicyDocument.Statement).includes('kms:CreateKey'),
    );
    expect(creating).toHaveLength(signers.length);
    for (const policy of creating) {
      const statements = policy.Properties.PolicyDocument.Statement as {
        Action: string | string[];
        Condition?: Record<string, Record<string, string>>;
      }[];
      const create = statements.find((st) => st.Action === 'kms:CreateKey')!;
      expect(create.Condition?.StringEquals).toEqual({
        'kms:KeySpec': 'RSA_2048',
        'kms:KeyUsage': 'SIGN_VERIFY',
        'aws:RequestTag/vn-edu:purpose': 'signer',
      });
      const use = statements.find(
        (st) => Array.isArray(st.Action) && st.Action.includes('kms:ScheduleKeyDeletion'),
      )!;
      expect(use.Condition?.StringEquals).toEqual({ 'aws:ResourceTag/vn-edu:purpose': 'signer' });
    }
    for (const fn of Object.values(functionResources(built.stack, 'AWS::Lambda::Function')))
      expect(fn.Properties.Environment.Variables).toMatchObject({
        SIGNING_BACKEND: 'kms',
        SIGNING_CA_KEY_ID: expect.anything(),
      });
  });

  it('routes every manifest route, behind the JWT authorizer unless public (in the API’s nested stack)', () => {
    const api = Template.fromStack(built.stack.api);
    const routes = Object.values(api.findResources('AWS::ApiGatewayV2::Route'));
    const expected = plan.functions.flatMap((f) =>
      f.kind === 'api' ? Object.values(f.manifest.routes) : [],
    );
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(
      expected.map((r) => `${r.method} ${r.path}`).sort(),
    );
    const authorizers = api.findResources('AWS::ApiGatewayV2::Authorizer');
    const staffJwt = Object.entries(authorizers).find(
      ([, a]) => a.Properties.JwtConfiguration?.Issuer === context.oidcIssuer,
    );
    expect(staffJwt?.[1].Properties).toMatchObject({
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: context.oidcIssuer, Audience: [context.oidcAudience] },
    });
    const twoIssuers = Object.entries(authorizers).find(([, a]) => a.Properties.AuthorizerType === 'REQUEST');
    expect(twoIssuers).toBeDefined();
    for (const route of expected) {
      const cfn = routes.find((r) => r.Properties.RouteKey === `${route.method} ${route.path}`)!;
      const signIn = route.signIn ?? 'staff';
      const kind = route.permission === 'public' ? 'NONE' : signIn === 'any' ? 'CUSTOM' : 'JWT';
      expect(cfn.Properties.AuthorizationType, `${route.method} ${route.path}`).toBe(kind);
      if (kind === 'NONE') continue;
      const authorizerId = (cfn.Properties.AuthorizerId as { Ref: string }).Ref;
      if (signIn === 'staff' || signIn === 'authority') expect(authorizerId).toBe(staffJwt![0]);
      if (signIn === 'any') expect(authorizerId).toBe(twoIssuers![0]);
      // Only authorities' routes ask for the authority scope: a person's token never has it, and
      // a client's token holds nothing else.
      expect(cfn.Properties.AuthorizationScopes, `${route.method} ${route.path}`).toEqual(
        signIn === 'authority' ? [AUTHORITY_SCOPE] : undefined,
      );
      if (signIn === 'citizen')
        expect(authorizers[authorizerId]!.Properties.JwtConfiguration).toEqual({
          Issuer: cdkJson.context.vneidIssuer,
          Audience: [cdkJson.context.vneidAudience],
        });
    }
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: Match.objectLike({
        ThrottlingRateLimit: Match.anyValue(),
        ThrottlingBurstLimit: Match.anyValue(),
      }),
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: accessLogFormat() },
    });
  });

  describe('two issuers (docs/identity.md)', () => {
    it('puts the routes staff and citizens share behind the two-issuer Lambda authorizer, cached per token', () => {
      const api = Template.fromStack(built.stack.api);
      const shared = plan.functions.flatMap((f) =>
        f.kind === 'api' ? Object.values(f.manifest.routes).filter((r) => r.signIn === 'any') : [],
      );
      expect(shared.map((r) => `${r.method} ${r.path}`)).toContain('GET /me');
      api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'REQUEST',
        AuthorizerPayloadFormatVersion: '2.0',
        EnableSimpleResponses: true,
        IdentitySource: ['$request.header.Authorization'],
        AuthorizerResultTtlInSeconds: 300,
      });
      // Its function trusts exactly the two issuers, each with its own audience.
      const functions = Object.values(api.findResources('AWS::Lambda::Function')).filter(
        (f) => f.Properties.Environment?.Variables?.TRUSTED_ISSUERS,
      );
      expect(functions).toHaveLength(1);
      const fn = functions[0]!.Properties;
      expect(JSON.parse(fn.Environment.Variables.TRUSTED_ISSUERS)).toEqual([
        { kind: 'staff', issuer: context.oidcIssuer, audience: context.oidcAudience },
        { kind: 'vneid', issuer: cdkJson.context.vneidIssuer, audience: cdkJson.context.vneidAudience },
      ]);
      expect(fn.Architectures).toEqual(['arm64']);
      // API Gateway may invoke it; its role may only write its logs.
      api.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        FunctionName: Match.objectLike({
          'Fn::GetAtt': [Match.stringLikeRegexp('^TwoIssuerAuthorizer'), 'Arn'],
        }),
      });
      const role = Object.values(api.findResources('AWS::IAM::Role')).find((r) =>
        JSON.stringify(r).includes('AWSLambdaBasicExecutionRole'),
      );
      expect(role).toBeDefined();
      expect(Object.keys(api.findResources('AWS::IAM::Policy'))).toEqual([]);
    });

    it('tells every function which issuer is VNeID’s, and lets the portal reach VNeID', () => {
      for (const fn of Object.values(template.findResources('AWS::Lambda::Function')).filter(
        (f) => f.Properties.Environment?.Variables?.TABLE_NAME,
      ))
        expect(fn.Properties.Environment.Variables.VNEID_ISSUER).toBe(cdkJson.context.vneidIssuer);
      // The portal fetches VNeID's discovery and token endpoints: its CSP lets it.
      const policy = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))
        .map((p) => p.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig?.ContentSecurityPolicy)
        .find(Boolean) as { ContentSecurityPolicy: unknown };
      const connect = deployedString(policy.ContentSecurityPolicy)
        .split(';')
        .find((d) => d.trim().startsWith('connect-src'));
      expect(connect).toContain(new URL(cdkJson.context.vneidIssuer).origin);
    });

    it('puts citizen-only routes behind VNeID’s own JWT authorizer', () => {
      const citizenOnly = {
        ...context,
        stage: 'citizens',
      };
      // No manifest has a citizen-only route yet: mark one here, as a later context will.
      const identity = manifests.find((m) => m.name === 'identity')!;
      const route = Object.values(identity.routes).find(
        (r) => r.path === '/org-units/{orgUnitId}' && r.method === 'GET',
      )!;
      const before = route.signIn;
      route.signIn = 'citizen';
      try {
        const built2 = buildApp({ context: citizenOnly, skipBundling: true });
        const api = Template.fromStack(built2.stack.api);
        const cfn = Object.values(api.findResources('AWS::ApiGatewayV2::Route')).find(
          (r) => r.Properties.RouteKey === 'GET /org-units/{orgUnitId}',
        )!;
        expect(cfn.Properties.AuthorizationType).toBe('JWT');
        const authorizers = api.findResources('AWS::ApiGatewayV2::Authorizer');
        expect(
          authorizers[(cfn.Properties.AuthorizerId as { Ref: string }).Ref]!.Properties.JwtConfiguration,
        ).toEqual({
          Issuer: cdkJson.context.vneidIssuer,
          Audience: [cdkJson.context.vneidAudience],
        });
      } finally {
        route.signIn = before;
      }
    });

    it('refuses to build without VNeID’s issuer and audience, or with the staff issuer as VNeID’s', () => {
      expect(() =>
        buildApp({
          context: { ...context, stage: 'y', vneidIssuer: '', vneidAudience: '' },
          skipBundling: true,
        }),
      ).toThrow(/vneidIssuer and vneidAudience/);
      expect(() =>
        buildApp({
          context: { ...context, stage: 'z', vneidIssuer: context.oidcIssuer },
          skipBundling: true,
        }),
      ).toThrow(/must differ/);
    });
  });

  it('stays within CloudFormation’s 500 resources and 1 MB per stack, with room to grow', () => {
    for (const stack of [
      built.stack,
      built.stack.api,
      built.stack.messaging,
      ...built.stack.functions.stacks.values(),
    ]) {
      const json = Template.fromStack(stack).toJSON();
      expect(Object.keys(json.Resources).length, stack.node.path).toBeLessThan(450);
      // CloudFormation takes templates up to 1 MB from S3; CDK warns from 800 KB. Written as
      // `cdk synth` writes it (one-space indentation).
      expect(JSON.stringify(json, null, 1).length, stack.node.path).toBeLessThan(600_000);
    }
  });

  it('runs the manifests’ state machines with their task functions, logged and traced', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', plan.stateMachines.length);
    for (const sm of plan.stateMachines) {
      const [resource] = Object.values(
        template.findResources('AWS::StepFunctions::StateMachine', {
          Properties: { StateMachineName: `vn-edu-test-${sm.name}` },
        }),
      );
      expect(resource).toBeDefined();
      expect(resource!.Properties.TracingConfiguration).toEqual({ Enabled: true });
      expect(resource!.Properties.LoggingConfiguration.Level).toBe('ALL');
      const definition = JSON.stringify(resource!.Properties.DefinitionString);
      expect(definition).not.toContain('TaskArn:');
      for (const state of Object.keys(sm.tasks)) expect(definition).toContain(state);
    }
  });

  it('retries every task before a failure path marks its job failed', () => {
    const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(machines.length).toBe(plan.stateMachines.length);
    let caught = 0;
    for (const machine of machines) {
      const asl = JSON.parse(deployedString(machine.Properties.DefinitionString)) as Asl;
      for (const [name, state] of statesOf(asl)) {
        if (state.Type === 'Task') {
          const retriesFailures = (state.Retry ?? []).some(
            (r) =>
              r.ErrorEquals.some((e) => e === 'States.TaskFailed' || e === 'States.ALL') &&
              (r.MaxAttempts ?? 3) >= 2 &&
              (r.BackoffRate ?? 2) > 1,
          );
          expect(retriesFailures, `${name} retries task failures with backoff`).toBe(true);
        }
        if (state.Catch) {
          caught++;
          // A Map or Parallel that catches retries through its own tasks.
          const tasks =
            state.Type === 'Task' ? [state] : inner(state).flatMap((m) => statesOf(m).map(([, s]) => s));
          expect(tasks.filter((t) => t.Type === 'Task').length, name).toBeGreaterThan(0);
          for (const task of tasks.filter((t) => t.Type === 'Task')) expect(task.Retry, name).toBeDefined();
        }
      }
    }
    expect(caught).toBeGreaterThan(0);
  });

  it('schedules every scheduled worker in the city’s time zone', () => {
    const scheduled = plan.functions.filter(
      (f) => f.kind === 'worker' && f.definition.trigger.kind === 'schedule',
    );
    template.resourceCountIs('AWS::Scheduler::Schedule', scheduled.length);
    for (const f of scheduled) {
      if (f.kind !== 'worker' || f.definition.trigger.kind !== 'schedule') continue;
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: f.definition.trigger.expression,
        ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
      });
    }
  });

  it('connects each queue worker with partial batch failures', () => {
    const queueWorkers = plan.functions.filter(
      (f) => f.kind === 'worker' && f.definition.trigger.kind === 'queue',
    );
    const mappings = Object.values(functionResources(built.stack, 'AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(queueWorkers.length);
    for (const mapping of mappings)
      expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    // The grader runs at the pace the capacity plan counts on (GRADER_CONCURRENCY), no faster.
    const capped = mappings.filter((m) => m.Properties.ScalingConfig);
    expect(capped.map((m) => m.Properties.ScalingConfig)).toEqual(
      queueWorkers
        .map(
          (f) => f.kind === 'worker' && (f.definition.trigger as { maxConcurrency?: number }).maxConcurrency,
        )
        .filter((n) => n !== false)
        .filter((n) => n !== undefined)
        .map((n) => ({ MaximumConcurrency: n })),
    );
    expect(capped.map((m) => m.Properties.ScalingConfig.MaximumConcurrency)).toContain(GRADER_CONCURRENCY);
  });

  it('announces uploads on the queues the manifests name, by prefix', () => {
    const announced = plan.queues.filter((q) => q.objectCreated);
    expect(announced.length).toBeGreaterThan(0);
    const configs = Object.values(template.findResources('Custom::S3BucketNotifications')).flatMap(
      (r) => r.Properties.NotificationConfiguration.QueueConfigurations ?? [],
    );
    for (const q of announced) {
      expect(configs).toContainEqual(
        expect.objectContaining({
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: q.objectCreated!.prefix }] } },
        }),
      );
    }
  });

  it('deploys the built portal and its config.json, invalidating the entry points', () => {
    template.resourceCountIs('Custom::CDKBucketDeployment', 1);
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DistributionPaths: ['/index.html', '/config.json', '/sw.js', '/manifest.webmanifest'],
      Prune: true,
    });
  });

  it('serves the portal through CloudFront with the API under /api/*', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        CacheBehaviors: [
          Match.objectLike({ PathPattern: '/packages/*', ViewerProtocolPolicy: 'redirect-to-https' }),
          Match.objectLike({ PathPattern: '/resources/*', ViewerProtocolPolicy: 'redirect-to-https' }),
          Match.objectLike({
            PathPattern: '/admission-results/*',
            ViewerProtocolPolicy: 'redirect-to-https',
          }),
          // Before /api/*: CloudFront takes the first behaviour whose pattern matches.
          Match.objectLike({ PathPattern: '/api/credentials/status/*', ViewerProtocolPolicy: 'https-only' }),
          Match.objectLike({ PathPattern: '/api/credentials/issuer*', ViewerProtocolPolicy: 'https-only' }),
          Match.objectLike({ PathPattern: '/api/*', ViewerProtocolPolicy: 'https-only' }),
        ],
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
  });

  describe('the edge', () => {
    const distribution = () => {
      const [d] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
      return d!.Properties.DistributionConfig as {
        WebACLId?: unknown;
        CustomErrorResponses?: unknown[];
        DefaultCacheBehavior: Behaviour;
        CacheBehaviors: (Behaviour & { PathPattern: string })[];
      };
    };
    const functionCode = (association: { FunctionARN: { 'Fn::GetAtt': [string, string] } }) =>
      template.toJSON().Resources[association.FunctionARN['Fn::GetAtt'][0]].Properties.FunctionCode as string;
    /** Runs a CloudFront Function's code (cloudfront-js-2.0 is ES5.1 plus a few later features). */
    const viewerRequest = (code: string, uri: string) => {
      const handler = new Function(`${code}; return handler;`)() as (e: unknown) => { uri: string };
      return handler({ request: { uri, method: 'GET', headers: {} } }).uri;
    };

    it('turns no error into the app: an API 403 or 404 under /api/* stays what it is', () => {
      expect(distribution().CustomErrorResponses).toBeUndefined();
    });

    it('serves index.html for the portal’s routes on the portal’s behaviour only', () => {
      const defaults = distribution().DefaultCacheBehavior.FunctionAssociations ?? [];
      expect(defaults).toHaveLength(1);
      expect(defaults[0]!.EventType).toBe('viewer-request');
      const code = functionCode(defaults[0]!);
      for (const route of [
        '/',
        '/me',
        '/auth/callback',
        '/accounts/commune1.admin',
        '/units/SGD/records/student',
        '/inbox',
        '/settings/notifications',
      ])
        expect(viewerRequest(code, route), route).toBe('/index.html');
      // The files of the build and the deploy-time config are served as themselves.
      const asset = readdirSync(join(PORTAL_DIST, 'assets')).find((f) => f.endsWith('.js'))!;
      for (const file of [
        `/assets/${asset}`,
        '/assets/missing-1234.js',
        '/config.json',
        '/favicon.svg',
        '/index.html',
        '/templates/student.xlsx',
        // The installed portal: its service worker, web manifest and icons.
        '/sw.js',
        '/manifest.webmanifest',
        '/icons/icon-192.png',
      ])
        expect(viewerRequest(code, file), file).toBe(file);

      const [api] = distribution().CacheBehaviors.filter((b) => b.PathPattern === '/api/*');
      const apiFunctions = api!.FunctionAssociations ?? [];
      expect(apiFunctions).toHaveLength(1);
      expect(functionCode(apiFunctions[0]!)).not.toBe(code);
      expect(viewerRequest(functionCode(apiFunctions[0]!), '/api/accounts/me')).toBe('/accounts/me');
      expect(viewerRequest(functionCode(apiFunctions[0]!), '/api/no-such-route')).toBe('/no-such-route');
    });

    it('limits each client on the diploma verification with AWS WAF in us-east-1, attached to the distribution', () => {
      expect(built.edge.region).toBe('us-east-1');
      const edge = Template.fromStack(built.edge);
      edge.hasResourceProperties('AWS::WAFv2::WebACL', {
        Scope: 'CLOUDFRONT',
        DefaultAction: { Allow: {} },
        Rules: Match.arrayWith([
          Match.objectLike({
            Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
            Statement: {
              RateBasedStatement: Match.objectLike({
                AggregateKeyType: 'IP',
                Limit: Match.anyValue(),
                ScopeDownStatement: {
                  ByteMatchStatement: Match.objectLike({
                    FieldToMatch: { UriPath: {} },
                    PositionalConstraint: 'STARTS_WITH',
                    SearchString: '/api/diplomas/verification',
                  }),
                },
              }),
            },
          }),
          // The digital diploma's check too: a signature verified on each call.
          Match.objectLike({
            Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
            Statement: {
              RateBasedStatement: Match.objectLike({
                AggregateKeyType: 'IP',
                ScopeDownStatement: {
                  ByteMatchStatement: Match.objectLike({ SearchString: '/api/credentials/verification' }),
                },
              }),
            },
          }),
        ]),
      });
      const [acl] = Object.values(edge.findResources('AWS::WAFv2::WebACL'));
      // WAF takes ASCII descriptions only (CloudFormation's pattern for it): a typographic apostrophe fails the deploy.
      expect(acl!.Properties.Description).toMatch(
        /^[a-zA-Z0-9=:#@/\-,.][a-zA-Z0-9+=:#@/\-,.\s]+[a-zA-Z0-9+=:#@/\-,.]{1,256}$/,
      );
      for (const rule of acl!.Properties.Rules as { Statement: { RateBasedStatement: { Limit: number } } }[])
        expect(rule.Statement.RateBasedStatement.Limit).toBeLessThanOrEqual(100);
      // The distribution names the ACL (read across regions at deploy time)…
      expect(distribution().WebACLId).toBeDefined();
      // …and the path the rule matches reaches the route: /api/* strips /api, and the API has it.
      const [api] = distribution().CacheBehaviors.filter((b) => b.PathPattern === '/api/*');
      expect(viewerRequest(functionCode(api!.FunctionAssociations![0]!), '/api/diplomas/verification')).toBe(
        '/diplomas/verification',
      );
      Template.fromStack(built.stack.api).hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: 'POST /diplomas/verification',
      });
    });

    it('serves the revocation lists of digital diplomas from the edge for at most a minute, to the API’s route', () => {
      const [lists] = distribution().CacheBehaviors.filter((b) => b.PathPattern === CREDENTIAL_STATUS_PATH);
      const cachePolicyId = (lists as unknown as { CachePolicyId: { Ref: string } }).CachePolicyId;
      const config = template.toJSON().Resources[cachePolicyId.Ref].Properties.CachePolicyConfig;
      expect(config.MaxTTL).toBeLessThanOrEqual(60);
      expect(config.DefaultTTL).toBeLessThanOrEqual(60);
      expect(config.ParametersInCacheKeyAndForwardedToOrigin.QueryStringsConfig.QueryStringBehavior).toBe(
        'none',
      );
      expect((lists as unknown as { AllowedMethods: string[] }).AllowedMethods.sort()).toEqual([
        'GET',
        'HEAD',
      ]);
      const strip = functionCode(lists!.FunctionAssociations![0]!);
      expect(viewerRequest(strip, '/api/credentials/status/1')).toBe('/credentials/status/1');
      Template.fromStack(built.stack.api).hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: 'GET /credentials/status/{listId}',
        AuthorizationType: 'NONE',
      });
    });

    it('lets verifiers on any origin read the issuer’s documents and lists, without credentials', () => {
      for (const [path, sample] of [
        [CREDENTIAL_STATUS_PATH, '/api/credentials/status/1'],
        [CREDENTIAL_ISSUER_PATH, '/api/credentials/issuer/keys/1'],
      ] as const) {
        const [behaviour] = distribution().CacheBehaviors.filter((b) => b.PathPattern === path);
        expect(behaviour, path).toBeDefined();
        const policyId = (behaviour as unknown as { ResponseHeadersPolicyId: { Ref: string } })
          .ResponseHeadersPolicyId;
        const policy = template.toJSON().Resources[policyId.Ref].Properties.ResponseHeadersPolicyConfig;
        expect(policy.CorsConfig).toMatchObject({
          AccessControlAllowOrigins: { Items: ['*'] },
          AccessControlAllowCredentials: false,
          AccessControlAllowMethods: { Items: ['GET', 'HEAD'] },
          OriginOverride: true,
        });
        expect(policy.SecurityHeadersConfig.StrictTransportSecurity).toBeDefined();
        expect(viewerRequest(functionCode(behaviour!.FunctionAssociations![0]!), sample)).toBe(
          sample.slice(4),
        );
      }
      // The issuer's path matches its two routes, and no other: the verification stays on /api/*.
      const pattern = new RegExp(`^${CREDENTIAL_ISSUER_PATH.replace(/\*/g, '.*')}$`);
      expect(pattern.test('/api/credentials/issuer')).toBe(true);
      expect(pattern.test('/api/credentials/verification')).toBe(false);
    });

    it('sends the portal a strict Content-Security-Policy', () => {
      const policyId = distribution().DefaultCacheBehavior.ResponseHeadersPolicyId as { Ref: string };
      const policy = template.toJSON().Resources[policyId.Ref].Properties.ResponseHeadersPolicyConfig;
      const csp = deployedString(policy.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
      const directives = Object.fromEntries(
        csp.split(';').map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name!, values];
        }),
      );
      expect(directives['default-src']).toEqual(["'self'"]);
      expect(directives['script-src']).toEqual(["'self'"]);
      expect(directives['style-src']).toEqual(["'self'"]);
      expect(directives['object-src']).toEqual(["'none'"]);
      expect(directives['base-uri']).toEqual(["'self'"]);
      expect(directives['frame-ancestors']).toEqual(["'none'"]);
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(directives['connect-src']).toEqual(
        expect.arrayContaining([
          "'self'",
          new URL(context.oidcIssuer).origin,
          'https://<StorageDocuments>',
          'https://<StorageMaterials>',
        ]),
      );
      expect(directives['media-src']).toEqual(["'self'", 'https://<StorageMaterials>']);
      expect(policy.SecurityHeadersConfig.FrameOptions.FrameOption).toBe('DENY');
      expect(
        policy.SecurityHeadersConfig.StrictTransportSecurity.AccessControlMaxAgeSec,
      ).toBeGreaterThanOrEqual(31_536_000);
    });

    it('serves course packages from materials under /packages/*, reading that prefix and nothing else', () => {
      const config = distribution() as ReturnType<typeof distribution> & {
        Origins: { Id: string; DomainName: unknown; OriginAccessControlId?: unknown }[];
      };
      const [packages] = config.CacheBehaviors.filter((b) => b.PathPattern === '/packages/*');
      // No SPA fallback: a missing file of a package is a 404, not the portal.
      expect(packages!.FunctionAssociations).toBeUndefined();
      const origin = config.Origins.find(
        (o) => o.Id === (packages as { TargetOriginId?: string }).TargetOriginId,
      )!;
      expect(deployedString(origin.DomainName)).toBe('<StorageMaterials>');
      expect(origin.OriginAccessControlId).toBeDefined();

      const policyId = packages!.ResponseHeadersPolicyId as { Ref: string };
      const headers = template.toJSON().Resources[policyId.Ref].Properties.ResponseHeadersPolicyConfig;
      const csp = headers.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy as string;
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(headers.SecurityHeadersConfig.FrameOptions.FrameOption).toBe('SAMEORIGIN');

      // CloudFront may read materials' packages/ only (the bucket holds exam papers too).
      const statements = Object.values(template.findResources('AWS::S3::BucketPolicy'))
        .filter((p) => deployedString(p.Properties.Bucket) === '<StorageMaterials>')
        .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
      const cloudFront = statements.filter(
        (st) => JSON.stringify(st.Principal) === JSON.stringify({ Service: 'cloudfront.amazonaws.com' }),
      );
      // Three grants: the packages' prefix, the published materials' (signed links, below) and
      // the published admission results' (below).
      expect(cloudFront.map((st) => deployedString(st.Resource)).sort()).toEqual([
        '<StorageMaterials>/admission-results/*',
        '<StorageMaterials>/packages/*',
        '<StorageMaterials>/resources/*',
      ]);
      const packagesGrant = cloudFront.find((st) => deployedString(st.Resource).endsWith('/packages/*'))!;
      expect(packagesGrant).toMatchObject({ Effect: 'Allow', Action: 's3:GetObject' });
      for (const grant of cloudFront)
        expect(
          deployedString(
            (grant.Condition as { StringEquals: Record<string, unknown> }).StringEquals['AWS:SourceArn'],
          ),
        ).toMatch(/^arn:aws:cloudfront::<AWS::AccountId>:distribution\/<PortalDistribution>$/);
    });

    it('serves published admission results from materials under /admission-results/*: static, as long as each object says, at most a day', () => {
      const config = distribution() as ReturnType<typeof distribution> & {
        Origins: { Id: string; DomainName: unknown; OriginAccessControlId?: unknown }[];
      };
      const [results] = config.CacheBehaviors.filter(
        (b) => b.PathPattern === `/${RESULTS_PREFIX}*`,
      ) as unknown as (Behaviour & {
        TargetOriginId: string;
        AllowedMethods?: string[];
        CachePolicyId: { Ref: string };
      })[];
      expect(results).toBeDefined();
      // Static objects from the bucket: never the API (nothing reaches the table at the minute).
      const origin = config.Origins.find((o) => o.Id === results!.TargetOriginId)!;
      expect(deployedString(origin.DomainName)).toBe('<StorageMaterials>');
      expect(origin.OriginAccessControlId).toBeDefined();
      expect(results!.FunctionAssociations).toBeUndefined();
      expect((results!.AllowedMethods ?? ['GET', 'HEAD']).sort()).toEqual(['GET', 'HEAD']);
      const policy = template.toJSON().Resources[results!.CachePolicyId.Ref].Properties.CachePolicyConfig;
      // The notice's "not yet" (max-age=5) must be able to end at the minute: no floor above it.
      expect(policy.MinTTL).toBe(0);
      expect(policy.DefaultTTL).toBeLessThanOrEqual(5);
      expect(policy.MaxTTL).toBeLessThanOrEqual(86_400);
      // One cached copy per object: no query string, header or cookie splits (or leaks) it.
      const key = policy.ParametersInCacheKeyAndForwardedToOrigin;
      expect(key.QueryStringsConfig.QueryStringBehavior).toBe('none');
      expect(key.HeadersConfig.HeaderBehavior).toBe('none');
      expect(key.CookiesConfig.CookieBehavior).toBe('none');

      const grants = Object.values(template.findResources('AWS::S3::BucketPolicy'))
        .filter((p) => deployedString(p.Properties.Bucket) === '<StorageMaterials>')
        .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[])
        .filter((st) => deployedString(st.Resource) === `<StorageMaterials>/${RESULTS_PREFIX}*`);
      expect(grants).toHaveLength(1);
      // Read one object at a time: no listing, so a family's object is found only by its token's hash.
      expect(grants[0]).toMatchObject({ Effect: 'Allow', Action: 's3:GetObject' });
    });

    it('serves videos from materials under /resources/* to signed links only, with a key made at deploy', () => {
      const config = distribution() as ReturnType<typeof distribution> & {
        Origins: { Id: string; DomainName: unknown; OriginAccessControlId?: unknown }[];
      };
      const [media] = config.CacheBehaviors.filter((b) => b.PathPattern === '/resources/*') as (Behaviour & {
        TrustedKeyGroups?: { Ref: string }[];
        CachePolicyId?: { Ref: string };
        TargetOriginId?: string;
        Compress?: boolean;
      })[];
      expect(media!.FunctionAssociations).toBeUndefined();
      const origin = config.Origins.find((o) => o.Id === media!.TargetOriginId)!;
      expect(deployedString(origin.DomainName)).toBe('<StorageMaterials>');
      expect(origin.OriginAccessControlId).toBeDefined();

      // Trusted: one key group of one public key, whose key is the key-pair resource's answer.
      const resources = template.toJSON().Resources;
      expect(media!.TrustedKeyGroups).toHaveLength(1);
      const group = resources[media!.TrustedKeyGroups![0]!.Ref]!;
      expect(group.Type).toBe('AWS::CloudFront::KeyGroup');
      const keys = group.Properties.KeyGroupConfig.Items as { Ref: string }[];
      expect(keys).toHaveLength(1);
      const publicKey = resources[keys[0]!.Ref]!;
      expect(publicKey.Type).toBe('AWS::CloudFront::PublicKey');
      const [pairId, attribute] = publicKey.Properties.PublicKeyConfig.EncodedKey['Fn::GetAtt'] as [
        string,
        string,
      ];
      // Generation 1 (no mediaKeyGeneration): its key, read from the resource's attribute G1.
      expect(attribute).toBe('G1');
      expect(resources[pairId]!.Type).toBe('Custom::MediaKeyPair');
      // The private key goes into the media secret, which the key-pair function alone may write.
      const secretRef = resources[pairId]!.Properties.SecretId as { Ref: string };
      expect(resources[secretRef.Ref]!.Type).toBe('AWS::SecretsManager::Secret');
      const writers = Object.values(template.findResources('AWS::IAM::Policy')).filter((r) =>
        JSON.stringify(r.Properties.PolicyDocument).includes('secretsmanager:PutSecretValue'),
      );
      expect(writers).toHaveLength(1);
      expect(JSON.stringify(writers[0]!.Properties.PolicyDocument)).toContain(secretRef.Ref);

      // Cached by path and versionId alone (the signing parameters never split the cache).
      const cache = resources[media!.CachePolicyId!.Ref]!.Properties.CachePolicyConfig;
      expect(cache.ParametersInCacheKeyAndForwardedToOrigin.QueryStringsConfig).toEqual({
        QueryStringBehavior: 'whitelist',
        QueryStrings: ['versionId'],
      });
      expect(media!.Compress).toBe(false);
      // A file opened on its own runs nothing.
      const headers =
        resources[(media!.ResponseHeadersPolicyId as { Ref: string }).Ref]!.Properties
          .ResponseHeadersPolicyConfig;
      expect(headers.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy).toContain('sandbox');
      expect(headers.SecurityHeadersConfig.ContentTypeOptions.Override).toBe(true);

      // CloudFront reads the published version the link names, under resources/ alone.
      const grant = Object.values(template.findResources('AWS::S3::BucketPolicy'))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[])
        .find((st) => st.Sid === 'LearningMaterialsThroughThePortal')!;
      expect(grant.Action).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
      expect(deployedString(grant.Resource)).toBe('<StorageMaterials>/resources/*');
    });

    it('lets the courses API alone read the media signing key, and tells every function the key’s id', () => {
      const functions = functionResources(built.stack, 'AWS::Lambda::Function');
      for (const fn of Object.values(functions)) {
        const env = fn.Properties.Environment.Variables;
        expect(deployedString(env.MEDIA_KEY_PAIR_ID)).toBe('<MediaKeysPublicKeyG1>');
        expect(env.MEDIA_KEY_GENERATION).toBe('1');
        expect(deployedString(env.MEDIA_SIGNING_SECRET_ARN)).toBe('<MediaKeysSigningKey>');
        expect(env.MEDIA_SIGNING_KEY).toBeUndefined();
      }
      const readers = Object.entries(functionResources(built.stack, 'AWS::IAM::Policy'))
        .filter(([, p]) =>
          (p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[]).some(
            (st) =>
              JSON.stringify(st.Action).includes('secretsmanager:GetSecretValue') &&
              deployedString(st.Resource) === '<MediaKeysSigningKey>',
          ),
        )
        .map(([id]) => id);
      expect(readers).toHaveLength(1);
      expect(readers[0]).toMatch(/^coursesapi/i);
    });

    it('rotates by generation: the new key is added beside the last one, each read from its own attribute', () => {
      const rotated = buildApp({ context: { ...context, mediaKeyGeneration: '3' }, skipBundling: true });
      const rotatedTemplate = Template.fromStack(rotated.stack);
      const json = rotatedTemplate.toJSON();
      const [group] = Object.values(rotatedTemplate.findResources('AWS::CloudFront::KeyGroup'));
      const items = (group!.Properties.KeyGroupConfig.Items as { Ref: string }[]).map((i) => i.Ref);
      expect(items.map((id) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual([
        'MediaKeysPublicKeyG2',
        'MediaKeysPublicKeyG3',
      ]);
      expect(
        items.map((id) => json.Resources[id].Properties.PublicKeyConfig.EncodedKey['Fn::GetAtt'][1]),
      ).toEqual(['G2', 'G3']);
      const [pair] = Object.values(rotatedTemplate.findResources('Custom::MediaKeyPair'));
      expect(pair!.Properties.Generation).toBe('3');
      for (const fn of Object.values(functionResources(rotated.stack, 'AWS::Lambda::Function'))) {
        expect(deployedString(fn.Properties.Environment.Variables.MEDIA_KEY_PAIR_ID)).toBe(
          '<MediaKeysPublicKeyG3>',
        );
        expect(fn.Properties.Environment.Variables.MEDIA_KEY_GENERATION).toBe('3');
      }
      expect(() =>
        buildApp({ context: { ...context, mediaKeyGeneration: '0' }, skipBundling: true }),
      ).toThrow(/mediaKeyGeneration/);
    });

    it('tells the functions and the upload buckets the portal’s address, never localhost or execute-api', () => {
      const functions = Object.values(functionResources(built.stack, 'AWS::Lambda::Function'));
      expect(functions.length).toBe(plan.functions.length);
      for (const fn of functions) {
        const env = fn.Properties.Environment.Variables;
        expect(deployedString(env.PUBLIC_PORTAL_URL)).toBe('https://<PortalDistribution>');
        expect(deployedString(env.OAI_BASE_URL)).toBe('https://<PortalDistribution>/api/oai');
        expect(deployedString(env.ALLOWED_ORIGINS)).toBe('https://<PortalDistribution>');
      }
      const cors = Object.values(template.findResources('Custom::AWS')).map((r) =>
        JSON.parse(deployedString(r.Properties.Create)),
      );
      expect(cors.map((c) => c.parameters.Bucket).sort()).toEqual([
        '<StorageDocuments>',
        '<StorageMaterials>',
      ]);
      for (const c of cors)
        expect(c.parameters.CORSConfiguration.CORSRules[0].AllowedOrigins).toEqual([
          'https://<PortalDistribution>',
        ]);
      const outputs = JSON.stringify([template.toJSON(), functionResources(built.stack)]);
      expect(outputs).not.toMatch(/localhost|127\.0\.0\.1/);
    });
  });

  it('with a custom domain, serves and names the portal there, on TLS 1.2 at least', () => {
    const custom = buildApp({
      context: {
        ...context,
        stage: 'domain',
        portalDomain: 'edu.example.gov.vn',
        portalCertificateArn:
          'arn:aws:acm:us-east-1:111122223333:certificate/0f3c5e9a-1111-2222-3333-444455556666',
        allowedOrigins: 'https://partner.example.vn',
        operatorEmail: 'ops@edu.example.gov.vn',
      },
      skipBundling: true,
    });
    const t = Template.fromStack(custom.stack);
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['edu.example.gov.vn'],
        ViewerCertificate: Match.objectLike({
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        }),
      }),
    });
    const [fn] = Object.values(functionResources(custom.stack, 'AWS::Lambda::Function'));
    expect(fn!.Properties.Environment.Variables).toMatchObject({
      PUBLIC_PORTAL_URL: 'https://edu.example.gov.vn',
      OAI_BASE_URL: 'https://edu.example.gov.vn/api/oai',
      ALLOWED_ORIGINS: 'https://edu.example.gov.vn,https://partner.example.vn',
    });
    expect(t.toJSON().Parameters.OperatorEmail.Default).toBe('ops@edu.example.gov.vn');
    // Other origins get CORS from the API itself; the portal needs none on its own origin.
    const api = t.findResources('AWS::ApiGatewayV2::Api');
    expect(Object.values(api)[0]!.Properties.CorsConfiguration.AllowOrigins).toEqual([
      'https://partner.example.vn',
    ]);
    expect(() =>
      buildApp({
        context: { ...context, stage: 'half', portalDomain: 'edu.example.gov.vn' },
        skipBundling: true,
      }),
    ).toThrow(/portalDomain and portalCertificateArn together/);
  });

  it('refuses to build without an issuer and audience', () => {
    expect(() =>
      buildApp({
        context: { ...cdkJson.context, stage: 'x', oidcIssuer: '', oidcAudience: '' },
        skipBundling: true,
      }),
    ).toThrow(/oidcIssuer and oidcAudience/);
  });
});
