/**
 * The HTTP API: one route per manifest route, to its context's function, behind the JWT authorizer
 * unless the route is public. Issuer and audience are deployment parameters.
 *
 * A nested stack of its own: every route is a CloudFormation resource, and with the functions,
 * queues and roles beside them the platform passed the 500 resources one stack may hold. Here the
 * routes have their own 500 (about 130 used).
 */
import { Duration, NestedStack, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { PlatformPlan } from '../plan.ts';
import { acknowledge } from './nag.ts';

export interface ApiProps {
  plan: PlatformPlan;
  functions: Map<string, NodejsFunction>;
  oidcIssuer: string;
  oidcAudience: string;
  allowedOrigins: string[];
  /** Steady-state and burst request rates for the whole stage (see docs/capacity.md). */
  throttle: { rateLimit: number; burstLimit: number };
}

export class Api extends NestedStack {
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id, { description: 'VN Edu Cloud HTTP API: the manifests’ routes' });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'VN Edu Cloud API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: props.allowedOrigins,
        allowMethods: [CorsHttpMethod.ANY],
        allowHeaders: ['authorization', 'content-type', 'x-correlation-id'],
        exposeHeaders: ['x-correlation-id'],
        maxAge: Duration.minutes(10),
      },
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
    });

    const jwt = new HttpJwtAuthorizer('OidcJwt', props.oidcIssuer, { jwtAudience: [props.oidcAudience] });
    for (const fn of props.plan.functions) {
      if (fn.kind !== 'api') continue;
      // One invoke permission per function for this API, not one per route: CloudFormation allows
      // 500 resources per stack, and 120 routes made 120 permissions.
      const integration = new HttpLambdaIntegration(`${fn.id}-integration`, props.functions.get(fn.id)!, {
        scopePermissionToRoute: false,
      });
      for (const [routeId, route] of Object.entries(fn.manifest.routes)) {
        const isPublic = route.permission === 'public';
        const [created] = this.httpApi.addRoutes({
          path: route.path,
          methods: [HttpMethod[route.method]],
          integration,
          authorizer: isPublic ? new HttpNoneAuthorizer() : jwt,
        });
        if (isPublic && created) {
          acknowledge(created, {
            'AwsSolutions-APIG4': `${fn.context}.${routeId} is public by design (${route.summary}).`,
          });
        }
      }
    }
  }
}
