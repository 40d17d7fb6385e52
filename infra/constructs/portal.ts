/**
 * The portal: CloudFront in front of the private portal bucket (Origin Access Control), with the
 * API under /api/* on the same origin so the browser never needs CORS in production.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge, iam5, LAMBDA_BASIC_EXECUTION, ref } from './nag.ts';

/** `npm run build` writes the portal here; synth ships whatever is built. */
export const PORTAL_DIST = resolve(import.meta.dirname, '../../portal/dist');

/** What the portal reads at boot (the local cloud serves the same shape at /config.json). */
export interface PortalSiteConfig {
  issuer: string;
  clientId: string;
  audience: string;
}

export class Portal extends Construct {
  readonly distribution: Distribution;

  constructor(
    scope: Construct,
    id: string,
    props: { bucket: Bucket; logBucket: Bucket; httpApi: HttpApi; site: PortalSiteConfig },
  ) {
    super(scope, id);
    const stripApiPrefix = new CloudFrontFunction(this, 'StripApiPrefix', {
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Routes /api/x to the HTTP API as /x',
      code: FunctionCode.fromInline(
        "function handler(event) { var r = event.request; r.uri = r.uri.replace(/^\\/api/, '') || '/'; return r; }",
      ),
    });
    const apiDomain = `${props.httpApi.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'VN Edu Cloud portal and API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(props.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: true,
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(apiDomain),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
          functionAssociations: [{ function: stripApiPrefix, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
      },
      // The portal is a single-page app: unknown paths are its own routes.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.minutes(1),
      })),
    });
    acknowledge(this.distribution, {
      'AwsSolutions-CFR1': 'A public education portal serves citizens wherever they are; no geo restriction.',
      'AwsSolutions-CFR2':
        'WAF is a per-deployment decision (cost, managed rule choice); attach a web ACL through the distribution when the city’s security team specifies one.',
      'AwsSolutions-CFR4':
        'The default *.cloudfront.net certificate allows older TLS; a custom domain with an ACM certificate and TLSv1.2_2021 is a deployment parameter.',
    });

    if (!existsSync(resolve(PORTAL_DIST, 'index.html'))) {
      throw new Error(`The portal is not built (${PORTAL_DIST}): run \`npm run build\` before synth.`);
    }
    // The built app plus its runtime configuration; index.html and config.json are invalidated
    // on every deploy, the hashed assets never need to be.
    const deployment = new BucketDeployment(this, 'Site', {
      destinationBucket: props.bucket,
      sources: [
        Source.asset(PORTAL_DIST),
        Source.jsonData('config.json', {
          apiBase: '/api',
          issuer: props.site.issuer,
          clientId: props.site.clientId,
          audience: props.site.audience,
          redirectPath: '/auth/callback',
          stage: Stack.of(this).stackName,
        }),
      ],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      memoryLimit: 512,
    });
    const copying =
      'The CDK bucket-deployment provider copies the built portal from the CDK asset bucket into the portal bucket: object-level wildcards on exactly those two buckets.';
    const { region, partition } = Stack.of(this);
    acknowledge(deployment.handlerRole, {
      [LAMBDA_BASIC_EXECUTION]:
        'The CDK bucket-deployment provider logs to CloudWatch with the AWS managed policy.',
      ...Object.fromEntries(
        ['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((action) => [
          iam5(`Action::${action}`),
          copying,
        ]),
      ),
      [iam5(`Resource::${ref(props.bucket)}/*`)]: copying,
      [iam5(`Resource::arn:${partition}:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${region}/*`)]: copying,
      [iam5('Resource::*')]:
        'cloudfront:CreateInvalidation and GetInvalidation do not support resource-level permissions; the provider invalidates index.html and config.json after each deploy.',
    });
    const provider = Stack.of(this).node.children.find((c) =>
      c.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (provider) {
      acknowledge(provider, {
        'AwsSolutions-L1':
          'The bucket-deployment provider is a CDK-managed singleton whose runtime moves with aws-cdk-lib upgrades.',
      });
    }
  }
}
