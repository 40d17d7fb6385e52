/**
 * The HTTP API: one route per manifest route, to its context's function, behind the JWT authorizer
 * unless the route is public. Issuer and audience are deployment parameters.
 *
 * The routes live in a nested stack of their own: every route is a CloudFormation resource, and
 * with the functions, queues and roles beside them the platform passed the 500 resources one stack
 * may hold. Here the routes have their own 500 (about 130 used). The API itself stays in the
 * parent stack (`makeHttpApi`): CloudFront names it as the /api/* origin and the functions are told
 * the distribution's address, so an API made inside the nested stack — which needs the functions —
 * would close a circle.
 */
import { Duration, NestedStack, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
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

/**
 * The API resource, in the parent stack. `corsOrigins` are browser origins other than the portal:
 * the portal calls the API on its own origin through CloudFront's /api/*, which needs no CORS.
 */
export function makeHttpApi(scope: Construct, props: { corsOrigins: string[] }): HttpApi {
  return new HttpApi(scope, 'HttpApi', {
    description: 'VN Edu Cloud API',
    createDefaultStage: false,
    ...(props.corsOrigins.length > 0
      ? {
          corsPreflight: {
            allowOrigins: props.corsOrigins,
            allowMethods: [CorsHttpMethod.ANY],
            allowHeaders: ['authorization', 'content-type', 'x-correlation-id'],
            exposeHeaders: ['x-correlation-id'],
            maxAge: Duration.minutes(10),
          },
        }
      : {}),
  });
}

export interface ApiProps {
  plan: PlatformPlan;
  functions: Map<string, NodejsFunction>;
  /** The API made by `makeHttpApi` in the parent stack. */
  httpApi: HttpApi;
  oidcIssuer: string;
  oidcAudience: string;
  /** Steady-state and burst request rates for the whole stage (see docs/capacity.md). */
  throttle: { rateLimit: number; burstLimit: number };
}

export class Api extends NestedStack {
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id, { description: 'VN Edu Cloud HTTP API: the manifests’ routes' });
    this.httpApi = props.httpApi;
    // The parent's API as seen from here, so the stage, routes, integrations and authorizer are
    // this stack's resources.
    const httpApi = HttpApi.fromHttpApiAttributes(this, 'HttpApi', { httpApiId: props.httpApi.apiId });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi,
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
        const created = new HttpRoute(this, `${fn.context}-${routeId}`, {
          httpApi,
          routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
          integration,
          authorizer: isPublic ? new HttpNoneAuthorizer() : jwt,
        });
        if (isPublic) {
          acknowledge(created, {
            'AwsSolutions-APIG4': `${fn.context}.${routeId} is public by design (${route.summary}).`,
          });
        }
      }
    }
  }
}
