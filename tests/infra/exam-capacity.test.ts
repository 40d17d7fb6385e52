/**
 * The exam day in the stack (docs/capacity.md): the table's warm throughput as deployment
 * parameters whose defaults are the capacity plan's for `examCandidates`, the exams API behind an
 * alias registered as a scalable target for scheduled provisioned concurrency (and a grant on that
 * target only), and the exam routes' own throttles on the stage — read from the synthesized
 * templates.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAM_ROUTES, type ExamRoute } from '../../functions/exams/domain/capacity-plan.ts';
import { buildApp } from '../../infra/app.ts';
import { examDayPlan } from '../../infra/capacity.ts';

const cdkJson = JSON.parse(readFileSync(join(import.meta.dirname, '../../cdk.json'), 'utf8')) as {
  context: object;
};
const context = {
  ...cdkJson.context,
  stage: 'test',
  oidcIssuer: 'https://sso.example.gov.vn/realms/edu',
  oidcAudience: 'vn-edu-cloud-api',
};

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const resourcesOf = (t: Template) => (t.toJSON() as { Resources: Resources }).Resources;

describe('the exam day in the stack', () => {
  let built: ReturnType<typeof buildApp>;
  let parent: Template;
  let exams: Template;
  let api: Template;
  beforeAll(() => {
    built = buildApp({ context, skipBundling: true });
    parent = Template.fromStack(built.stack);
    exams = Template.fromStack(built.stack.functions.stacks.get('exams')!);
    api = Template.fromStack(built.stack.api);
  });

  it('pre-warms the table from deployment parameters that default to the plan’s peak', () => {
    const plan = examDayPlan(100_000);
    const params = (parent.toJSON() as { Parameters: Record<string, { Default?: number }> }).Parameters;
    expect(params.TableWarmWriteUnits?.Default).toBe(plan.settings.warmThroughput.writeUnitsPerSecond);
    expect(params.TableWarmReadUnits?.Default).toBe(plan.settings.warmThroughput.readUnitsPerSecond);
    // The 100,000-candidate storm needs more than a new table serves at once.
    expect(params.TableWarmWriteUnits!.Default!).toBeGreaterThan(4_000);
    parent.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      WarmThroughput: {
        WriteUnitsPerSecond: { Ref: 'TableWarmWriteUnits' },
        ReadUnitsPerSecond: { Ref: 'TableWarmReadUnits' },
      },
    });
  });

  it('moves the defaults with the context value examCandidates', () => {
    const small = buildApp({ context: { ...context, examCandidates: '30000' }, skipBundling: true });
    const params = (
      Template.fromStack(small.stack).toJSON() as { Parameters: Record<string, { Default?: number }> }
    ).Parameters;
    const plan = examDayPlan(30_000);
    expect(params.TableWarmWriteUnits?.Default).toBe(plan.settings.warmThroughput.writeUnitsPerSecond);
    expect(params.TableWarmWriteUnits!.Default!).toBeLessThan(
      examDayPlan(100_000).settings.warmThroughput.writeUnitsPerSecond,
    );
  });

  it('serves the exams API through an alias that Application Auto Scaling may give provisioned concurrency', () => {
    const resources = resourcesOf(exams);
    const alias = Object.entries(resources).find(([, r]) => r.Type === 'AWS::Lambda::Alias');
    expect(alias?.[1].Properties).toMatchObject({ Name: 'live', FunctionVersion: expect.anything() });
    const examsApi = built.stack.functions.byId.get('exams-api')!;
    const fnId = built.stack.functions.stacks
      .get('exams')!
      .getLogicalId(examsApi.node.defaultChild as CfnElement);
    expect(alias?.[1].Properties.FunctionName).toEqual({ Ref: fnId });
    exams.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'lambda',
      ScalableDimension: 'lambda:function:ProvisionedConcurrency',
      MinCapacity: 0,
      ResourceId: { 'Fn::Join': ['', ['function:', { Ref: fnId }, ':live']] },
      Tags: [{ Key: 'vn-edu:capacity', Value: 'exams-api' }],
    });
    // The exams API only: no other function is on an alias or a scalable target.
    expect(Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Alias')).toHaveLength(1);
    for (const [context, nested] of built.stack.functions.stacks)
      if (context !== 'exams')
        expect(
          Template.fromStack(nested).findResources('AWS::ApplicationAutoScaling::ScalableTarget'),
        ).toEqual({});
  });

  it('lets only the exams API put and delete scheduled actions, on its tagged target', () => {
    const statements = Object.values(resourcesOf(exams))
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap(
        (r) =>
          (r.Properties.PolicyDocument as { Statement: { Action: string | string[]; Condition?: unknown }[] })
            .Statement,
      )
      .filter((s) => [s.Action].flat().some((a) => a.startsWith('application-autoscaling:')));
    const put = statements.find((s) =>
      [s.Action].flat().includes('application-autoscaling:PutScheduledAction'),
    );
    expect(put?.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/vn-edu:capacity': 'exams-api' } });
    expect(
      statements
        .flatMap((s) => [s.Action].flat())
        .filter((a) => a.startsWith('application-autoscaling:'))
        .sort(),
    ).toEqual([
      'application-autoscaling:DeleteScheduledAction',
      'application-autoscaling:DescribeScheduledActions',
      'application-autoscaling:PutScheduledAction',
    ]);
    const examsApi = built.stack.functions.byId.get('exams-api')!;
    const fnId = built.stack.functions.stacks
      .get('exams')!
      .getLogicalId(examsApi.node.defaultChild as CfnElement);
    expect(resourcesOf(exams)[fnId]?.Properties.Environment).toMatchObject({
      Variables: { EXAM_CAPACITY_ALIAS: 'live' },
    });
  });

  it('routes the exam routes to the alias', () => {
    const integrations = Object.values(resourcesOf(api)).filter(
      (r) => r.Type === 'AWS::ApiGatewayV2::Integration',
    );
    const uris = integrations.map((i) => JSON.stringify(i.Properties.IntegrationUri));
    // One integration per context's API; the exams one names the alias (passed in as a parameter).
    expect(uris.filter((u) => /ExamCapacityLive/.test(u))).toHaveLength(1);
  });

  it('throttles the exam routes by the plan, and the stage by its peak plus the rest of the platform', () => {
    const plan = examDayPlan(100_000);
    const stage = Object.values(resourcesOf(api)).find((r) => r.Type === 'AWS::ApiGatewayV2::Stage')!;
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: plan.settings.stageThrottle.rateLimit,
      ThrottlingBurstLimit: plan.settings.stageThrottle.burstLimit,
    });
    const settings = stage.Properties.RouteSettings as Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    >;
    expect(Object.keys(settings).sort()).toEqual(Object.values(EXAM_ROUTES).sort());
    for (const r of Object.keys(EXAM_ROUTES) as ExamRoute[])
      expect(settings[EXAM_ROUTES[r]]).toEqual({
        ThrottlingRateLimit: plan.settings.routeThrottle[r].rateLimit,
        ThrottlingBurstLimit: plan.settings.routeThrottle[r].burstLimit,
      });
    // Autosaves, every 30 s from each of 100,000 candidates: 3,333/s, throttled above that.
    expect(settings[EXAM_ROUTES.saveAnswers]!.ThrottlingRateLimit).toBeGreaterThan(100_000 / 30);
    // Every throttled key is a route the API has.
    const routeKeys = Object.values(resourcesOf(api))
      .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
      .map((r) => r.Properties.RouteKey);
    for (const key of Object.keys(settings)) expect(routeKeys).toContain(key);
  });
});
