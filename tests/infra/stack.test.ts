/**
 * The CDK stack, asserted against the manifests it is built from (no hard-coded counts), and the
 * cdk-nag AWS Solutions gate. Bundling is skipped here for speed; .ci/run synthesizes for real.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { manifests } from '../../functions/manifests.ts';
import { buildApp } from '../../infra/app.ts';
import { planPlatform } from '../../infra/plan.ts';
import { BUCKETS } from '../../shared/storage/buckets.ts';

const plan = planPlatform(manifests);
// The feature flags of cdk.json, as the CLI would pass them.
const cdkJson = JSON.parse(readFileSync(join(import.meta.dirname, '../../cdk.json'), 'utf8')) as {
  context: object;
};
const context = {
  ...cdkJson.context,
  stage: 'test',
  oidcIssuer: 'https://sso.example.gov.vn/realms/edu',
  oidcAudience: 'vn-edu-cloud-api',
};

describe('VnEduCloud stack', () => {
  let built: ReturnType<typeof buildApp>;
  let template: Template;
  beforeAll(() => {
    built = buildApp({ context, skipBundling: true });
    template = Template.fromStack(built.stack);
  });

  it('passes the cdk-nag AWS Solutions gate: no unacknowledged finding', () => {
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
      const rules = bucket.CorsConfiguration!.CorsRules;
      expect(rules).toHaveLength(1);
      expect(rules[0]!.AllowedMethods).toContain('POST');
      expect(rules[0]!.AllowedMethods).not.toContain('PUT');
      // allowedOrigins is not in the test context: the app's default, the portal's own.
      expect(rules[0]!.AllowedOrigins).toEqual(['https://localhost']);
    }
    expect(byName('Materials').CorsConfiguration!.CorsRules[0]!.AllowedMethods).toContain('GET');
    for (const name of ['Reports', 'Portal']) expect(byName(name).CorsConfiguration).toBeUndefined();
  });

  it('gives each manifest queue a DLQ with its maxReceiveCount and an alarm', () => {
    for (const q of plan.queues) {
      template.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: q.visibilityTimeoutSeconds,
        RedrivePolicy: { maxReceiveCount: q.maxReceiveCount, deadLetterTargetArn: Match.anyValue() },
      });
    }
    template.resourceCountIs('AWS::CloudWatch::Alarm', plan.queues.length);
  });

  it('has one arm64 Node.js 22+ function per plan function', () => {
    // Ours, not the CDK-managed providers (portal copy, bucket notifications) that run at deploy time.
    const functions = Object.fromEntries(
      Object.entries(template.findResources('AWS::Lambda::Function')).filter(
        ([id]) => !id.startsWith('CustomCDKBucketDeployment') && !id.startsWith('BucketNotificationsHandler'),
      ),
    );
    expect(Object.keys(functions)).toHaveLength(plan.functions.length);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(Number(/^nodejs(\d+)\.x$/.exec(fn.Properties.Runtime)?.[1])).toBeGreaterThanOrEqual(22);
      expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(
        expect.arrayContaining(['TABLE_NAME', 'QUEUE_URLS', 'STATE_MACHINE_ARNS', 'BUCKET_REPORTS']),
      );
    }
  });

  it('keeps signing keys in KMS: a CA key, and signer keys only the signing workers may make and use', () => {
    template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    const signers = plan.functions.filter((f) => f.kind === 'worker' && f.definition.signs);
    expect(signers.length).toBeGreaterThan(0);
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
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
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties.Environment?.Variables?.TABLE_NAME,
    ))
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
    for (const route of expected) {
      const cfn = routes.find((r) => r.Properties.RouteKey === `${route.method} ${route.path}`)!;
      expect(cfn.Properties.AuthorizationType).toBe(route.permission === 'public' ? 'NONE' : 'JWT');
    }
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: context.oidcIssuer, Audience: [context.oidcAudience] },
    });
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: Match.objectLike({
        ThrottlingRateLimit: Match.anyValue(),
        ThrottlingBurstLimit: Match.anyValue(),
      }),
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('stays within CloudFormation’s 500 resources per stack, with room to grow', () => {
    for (const stack of [built.stack, built.stack.api]) {
      const count = Object.keys(Template.fromStack(stack).toJSON().Resources).length;
      expect(count, stack.node.path).toBeLessThan(450);
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
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', queueWorkers.length);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
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
      DistributionPaths: ['/index.html', '/config.json'],
      Prune: true,
    });
  });

  it('serves the portal through CloudFront with the API under /api/*', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        CacheBehaviors: [Match.objectLike({ PathPattern: '/api/*', ViewerProtocolPolicy: 'https-only' })],
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
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
