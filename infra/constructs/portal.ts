/**
 * The portal: CloudFront in front of the private portal bucket (Origin Access Control), with the
 * API under /api/* on the same origin so the browser never needs CORS in production.
 */
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
import { Construct } from 'constructs';
import { acknowledge } from './nag.ts';

export class Portal extends Construct {
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: { bucket: Bucket; logBucket: Bucket; httpApi: HttpApi }) {
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
  }
}
