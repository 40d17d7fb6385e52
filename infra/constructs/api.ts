/**
 * The HTTP API: one route per manifest route, to its context's function, behind the authorizer of
 * the route's `signIn` unless the route is public (docs/identity.md): staff routes behind the
 * staff SSO's JWT authorizer, `citizen` routes behind VNeID's, and `any` routes — a JWT authorizer
 * takes one issuer — behind the two-issuer Lambda authorizer (shared/auth/authorizer.ts), its
 * answers cached per Authorization header. Issuers and audiences are deployment parameters.
 *
 * The routes live in a nested stack of their own: every route is a CloudFormation resource, and
 * with the functions, queues and roles beside them the platform passed the 500 resources one stack
 * may hold. Here the routes have their own 500 (about 130 used). The API itself stays in the
 * parent stack (`makeHttpApi`): CloudFront names it as the /api/* origin and the functions are told
 * the distribution's address, so an API made inside the nested stack — which needs the functions —
 * would close a circle.
 */
import { join } from 'node:path';
import { Duration, NestedStack, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import {
  HttpJwtAuthorizer,
  HttpLambdaAuthorizer,
  HttpLambdaResponseType,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Architecture, type IFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { AUTHORITY_SCOPE, routeSignIn } from '../../shared/auth/sign-in.ts';
import type { TrustedIssuer } from '../../shared/auth/token-verifier.ts';
import { accessLogFormat } from '../access-log.ts';
import { lambdaLogging } from '../logging.ts';
import type { PlatformPlan } from '../plan.ts';
import { ROOT } from './functions.ts';
import { acknowledge, LAMBDA_BASIC_EXECUTION } from './nag.ts';

/**
 * How long API Gateway keeps the two-issuer authorizer's answer for one Authorization header. Short
 * beside the tokens' hour; the request pipeline refuses a cached answer past the token's `exp`.
 */
export const TWO_ISSUER_CACHE = Duration.minutes(5);

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
  /** The national identity (VNeID): its issuer and the audience its tokens carry for this API. */
  vneidIssuer: string;
  vneidAudience: string;
  /** Functions served through something else than themselves (the exams API's alias). */
  entryPoints?: Map<string, IFunction>;
  /** Steady-state and burst request rates for the whole stage (see docs/capacity.md). */
  throttle: { rateLimit: number; burstLimit: number };
  /** Per route key (`PUT /exam-sessions/{sessionId}/attempt/answers`): the exam routes' own throttles. */
  routeThrottle?: Record<string, { rateLimit: number; burstLimit: number }>;
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
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(accessLogFormat()),
      },
    });
    // The exam routes' own limits, sized by the capacity plan: a storm on them cannot take the
    // whole stage's rate from the other routes (HttpStage has no per-route throttle of its own).
    if (props.routeThrottle)
      (stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
        Object.entries(props.routeThrottle).map(([routeKey, t]) => [
          routeKey,
          { ThrottlingRateLimit: t.rateLimit, ThrottlingBurstLimit: t.burstLimit },
        ]),
      );

    const staffJwt = new HttpJwtAuthorizer('OidcJwt', props.oidcIssuer, {
      jwtAudience: [props.oidcAudience],
    });
    const vneidJwt = new HttpJwtAuthorizer('VneidJwt', props.vneidIssuer, {
      jwtAudience: [props.vneidAudience],
    });
    const twoIssuers = new HttpLambdaAuthorizer('TwoIssuers', this.twoIssuerFunction(props), {
      authorizerName: 'staff-sso-or-vneid',
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: TWO_ISSUER_CACHE,
    });
    // An authority's client gets its token from the staff SSO (client credentials): the staff
    // authorizer, asking for the authority scope on those routes only.
    const authorizers = { staff: staffJwt, citizen: vneidJwt, any: twoIssuers, authority: staffJwt };
    for (const fn of props.plan.functions) {
      if (fn.kind !== 'api') continue;
      // One invoke permission per function for this API, not one per route: CloudFormation allows
      // 500 resources per stack, and 120 routes made 120 permissions.
      const target = props.entryPoints?.get(fn.id) ?? props.functions.get(fn.id)!;
      const integration = new HttpLambdaIntegration(`${fn.id}-integration`, target, {
        scopePermissionToRoute: false,
      });
      for (const [routeId, route] of Object.entries(fn.manifest.routes)) {
        const isPublic = route.permission === 'public';
        const created = new HttpRoute(this, `${fn.context}-${routeId}`, {
          httpApi,
          routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
          integration,
          authorizer: isPublic ? new HttpNoneAuthorizer() : authorizers[routeSignIn(route)],
          ...(routeSignIn(route) === 'authority' ? { authorizationScopes: [AUTHORITY_SCOPE] } : {}),
        });
        if (isPublic) {
          acknowledge(created, {
            'AwsSolutions-APIG4': `${fn.context}.${routeId} is public by design (${route.summary}).`,
          });
        }
      }
    }
  }

  /**
   * The Lambda behind the two-issuer authorizer: verifies a token of either issuer against that
   * issuer's JWKS (discovered and cached per container). It touches no AWS service: its role only
   * writes its logs. It fetches the issuers' JWKS over the internet, as API Gateway's own JWT
   * authorizer does.
   */
  private twoIssuerFunction(props: ApiProps): NodejsFunction {
    const issuers: TrustedIssuer[] = [
      { kind: 'staff', issuer: props.oidcIssuer, audience: props.oidcAudience },
      { kind: 'vneid', issuer: props.vneidIssuer, audience: props.vneidAudience },
    ];
    const fn = new NodejsFunction(this, 'TwoIssuerAuthorizer', {
      entry: join(ROOT, 'shared/auth/authorizer.ts'),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      // RSA verification is CPU work: more memory is more CPU, and a faster cold start.
      memorySize: 512,
      timeout: Duration.seconds(5),
      description: 'HTTP API authorizer: access tokens of the staff SSO or of VNeID',
      ...lambdaLogging(this),
      logGroup: new LogGroup(this, 'TwoIssuerAuthorizerLogs', {
        retention: RetentionDays.ONE_YEAR,
        removalPolicy: RemovalPolicy.RETAIN,
      }),
      environment: { TRUSTED_ISSUERS: JSON.stringify(issuers), NODE_OPTIONS: '--enable-source-maps' },
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      bundling: {
        minify: true,
        sourceMap: true,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        externalModules: [],
        forceDockerBundling: false,
      },
    });
    acknowledge(fn, {
      [LAMBDA_BASIC_EXECUTION]:
        'The AWS-managed minimum that lets the authorizer write its own logs; it has no other grant.',
    });
    return fn;
  }
}
