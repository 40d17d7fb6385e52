/**
 * The portal: CloudFront in front of the private portal bucket (Origin Access Control), with the
 * API under /api/* on the same origin so the browser never needs CORS in production.
 *
 * The single-page app's own routes (/me, /accounts/commune1.admin) are answered with index.html by
 * a viewer-request function on the portal's behaviour alone. Distribution-wide custom error
 * responses would do the same to the API's 403 and 404 under /api/*, turning a refusal into
 * `200 index.html`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Annotations, Duration, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  type IKeyGroup,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type Bucket, Bucket as BucketRef } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import {
  mediaContentSecurityPolicy,
  type PortalCspSources,
  packageContentSecurityPolicy,
  portalContentSecurityPolicy,
} from '../csp.ts';
import { acknowledge, iam5, LAMBDA_BASIC_EXECUTION, ref } from './nag.ts';

/** `npm run build` writes the portal here; synth ships whatever is built. */
export const PORTAL_DIST = resolve(import.meta.dirname, '../../portal/dist');
/** The revocation lists of digital diplomas behind the CDN (GET /credentials/status/{listId}). */
export const CREDENTIAL_STATUS_PATH = '/api/credentials/status/*';
/** The issuer's controller document and keys: public, read by verifiers on any origin. */
export const CREDENTIAL_ISSUER_PATH = '/api/credentials/issuer*';

/** What the portal reads at boot (the local cloud serves the same shape at /config.json). */
export interface PortalSiteConfig {
  issuer: string;
  clientId: string;
  audience: string;
  /** The national identity (VNeID), the landing page's second sign-in. */
  vneid: { issuer: string; clientId: string; audience: string; scope: string };
  /** Web Push's public VAPID key: the portal offers push only with it. */
  vapidPublicKey?: string;
}

/** A custom domain for the portal: its name and an ACM certificate for it in us-east-1. */
export interface PortalDomain {
  name: string;
  certificateArn: string;
}

/**
 * The viewer-request function that serves index.html for every path that is not a file the
 * portal ships. The files are listed from the build (top-level files and folders of portal/dist,
 * plus config.json written at deploy), so a route whose last segment holds a dot — an account id
 * like commune1.admin — is still a route, and a missing hashed asset is still a 404 rather than
 * the app.
 */
export function spaFallbackCode(dist = PORTAL_DIST): string {
  const entries = readdirSync(dist, { withFileTypes: true });
  const files = ['/config.json', ...entries.filter((e) => e.isFile()).map((e) => `/${e.name}`)];
  const folders = entries.filter((e) => e.isDirectory()).map((e) => `/${e.name}/`);
  return [
    `var FILES = ${JSON.stringify(files.sort())};`,
    `var FOLDERS = ${JSON.stringify(folders.sort())};`,
    'function handler(event) {',
    '  var request = event.request;',
    '  var uri = request.uri;',
    '  if (FILES.indexOf(uri) !== -1) return request;',
    '  for (var i = 0; i < FOLDERS.length; i++) if (uri.indexOf(FOLDERS[i]) === 0) return request;',
    "  request.uri = '/index.html';",
    '  return request;',
    '}',
  ].join('\n');
}

export class Portal extends Construct {
  readonly distribution: Distribution;

  /** `https://` and the domain people type: the custom domain's, else the distribution's own. */
  readonly url: string;

  constructor(
    scope: Construct,
    id: string,
    props: {
      bucket: Bucket;
      logBucket: Bucket;
      httpApi: IHttpApi;
      site: PortalSiteConfig;
      /** Where the page may reach beyond its origin (the issuer comes from `site`). */
      csp: Omit<PortalCspSources, 'issuer'>;
      /** The bucket and key prefix of the unpacked course packages, served under the same path. */
      packages: { bucket: Bucket; prefix: string };
      /** The published materials' prefix of the same bucket, served to signed links only. */
      media: { prefix: string; keyGroup: IKeyGroup };
      /** The published admission results' prefix of the same bucket (sealed per family), served to anyone. */
      admissionResults: { prefix: string };
      domain?: PortalDomain;
      /** AWS WAF's web ACL for the distribution (CLOUDFRONT scope, in us-east-1). */
      webAclArn?: string;
    },
  ) {
    super(scope, id);
    if (!existsSync(resolve(PORTAL_DIST, 'index.html'))) {
      throw new Error(`The portal is not built (${PORTAL_DIST}): run \`npm run build\` before synth.`);
    }
    const spaFallback = new CloudFrontFunction(this, 'SpaFallback', {
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Serves index.html for the portal routes (paths that are not files of the build)',
      code: FunctionCode.fromInline(spaFallbackCode()),
    });
    /** The usual security headers with a page's own Content-Security-Policy and framing rule. */
    const securityHeaders = (id: string, comment: string, csp: string, frameOption: HeadersFrameOption) =>
      new ResponseHeadersPolicy(this, id, {
        comment,
        securityHeadersBehavior: {
          contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption, override: true },
          referrerPolicy: {
            referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
            override: true,
          },
          strictTransportSecurity: {
            accessControlMaxAge: Duration.days(730),
            includeSubdomains: true,
            override: true,
          },
        },
      });
    const portalHeaders = securityHeaders(
      'PortalHeaders',
      'The portal: a strict Content-Security-Policy and the usual security headers',
      portalContentSecurityPolicy({ issuer: props.site.issuer, ...props.csp }),
      HeadersFrameOption.DENY,
    );
    const stripApiPrefix = new CloudFrontFunction(this, 'StripApiPrefix', {
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Routes /api/x to the HTTP API as /x',
      code: FunctionCode.fromInline(
        "function handler(event) { var r = event.request; r.uri = r.uri.replace(/^\\/api/, '') || '/'; return r; }",
      ),
    });
    const packageHeaders = securityHeaders(
      'PackageHeaders',
      'Course packages: framed by the portal alone, inline scripts allowed (infra/csp.ts)',
      packageContentSecurityPolicy(),
      HeadersFrameOption.SAMEORIGIN,
    );
    const mediaHeaders = securityHeaders(
      'MediaHeaders',
      'Learning materials: a file opened on its own runs nothing (infra/csp.ts)',
      mediaContentSecurityPolicy(),
      HeadersFrameOption.SAMEORIGIN,
    );
    // A video's versions are told apart by versionId (the signed link names the published one):
    // it is the cache key's only query string, so the signing parameters never split the cache.
    const mediaCache = new CachePolicy(this, 'MediaCache', {
      comment: 'Learning materials: cached a day, keyed by path and versionId',
      defaultTtl: Duration.days(1),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(365),
      queryStringBehavior: CacheQueryStringBehavior.allowList('versionId'),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
    });
    // The materials bucket holds exam papers too: the distribution may read the packages' and
    // the published materials' prefixes of it and nothing else. The origin is given the bucket as
    // imported so CloudFront's construct does not grant its usual whole-bucket read; the narrow
    // grants are added below.
    const packagesBucket = BucketRef.fromBucketAttributes(this, 'PackagesBucket', {
      bucketArn: props.packages.bucket.bucketArn,
      bucketName: props.packages.bucket.bucketName,
      bucketRegionalDomainName: props.packages.bucket.bucketRegionalDomainName,
    });
    // Revocation lists of digital diplomas: verifiers everywhere read them, a revocation must show
    // within a minute: cached at the edge for at most 60 s, whatever the origin says.
    const statusListCache = new CachePolicy(this, 'StatusListCache', {
      comment: 'Revocation lists of digital diplomas: at most a minute at the edge',
      defaultTtl: Duration.seconds(60),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(60),
      queryStringBehavior: CacheQueryStringBehavior.none(),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    // Verifiers' web pages on other origins read the issuer's documents and lists (a simple GET, no
    // credentials): any origin, on top of the usual security headers.
    const publicDocumentHeaders = new ResponseHeadersPolicy(this, 'PublicDocumentHeaders', {
      comment: 'Digital diplomas: the issuer documents and revocation lists, readable from any origin',
      corsBehavior: {
        accessControlAllowOrigins: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD'],
        accessControlAllowHeaders: ['*'],
        accessControlAllowCredentials: false,
        accessControlMaxAge: Duration.minutes(10),
        originOverride: true,
      },
      securityHeadersBehavior: {
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
      },
    });
    // Admission results (functions/admissions/publication.ts): each family's sealed result never
    // changes once written (a day at the edge), the release notice says "not yet" for 5 s at most
    // and then carries the secret — the objects say so, the policy keeps them within a day. Thirty
    // thousand families at the minute read one notice (collapsed at each edge) and one object each.
    const admissionResultsCache = new CachePolicy(this, 'AdmissionResultsCache', {
      comment: 'Published admission results: as long as each object says, at most a day',
      defaultTtl: Duration.seconds(5),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      queryStringBehavior: CacheQueryStringBehavior.none(),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const apiDomain = `${props.httpApi.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'VN Edu Cloud portal and API',
      defaultRootObject: 'index.html',
      ...(props.domain
        ? {
            domainNames: [props.domain.name],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      httpVersion: HttpVersion.HTTP2_AND_3,
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(props.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: portalHeaders,
        compress: true,
        functionAssociations: [{ function: spaFallback, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        [`/${props.packages.prefix}*`]: {
          origin: S3BucketOrigin.withOriginAccessControl(packagesBucket),
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: packageHeaders,
          compress: true,
        },
        // Signed links only (shared/storage/media-links.ts): a video fetched by ranges near the viewer.
        [`/${props.media.prefix}*`]: {
          origin: S3BucketOrigin.withOriginAccessControl(packagesBucket),
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          trustedKeyGroups: [props.media.keyGroup],
          cachePolicy: mediaCache,
          responseHeadersPolicy: mediaHeaders,
          // Videos are compressed already.
          compress: false,
        },
        // Static, sealed per family: nothing reaches the API or the table at the publication minute.
        [`/${props.admissionResults.prefix}*`]: {
          origin: S3BucketOrigin.withOriginAccessControl(packagesBucket),
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: admissionResultsCache,
          responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
          compress: true,
        },
        [CREDENTIAL_STATUS_PATH]: {
          origin: new HttpOrigin(apiDomain),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: statusListCache,
          responseHeadersPolicy: publicDocumentHeaders,
          compress: true,
          functionAssociations: [{ function: stripApiPrefix, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
        // The issuer's documents change with its key only: cached like the lists.
        [CREDENTIAL_ISSUER_PATH]: {
          origin: new HttpOrigin(apiDomain),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: statusListCache,
          responseHeadersPolicy: publicDocumentHeaders,
          compress: true,
          functionAssociations: [{ function: stripApiPrefix, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
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
    });
    this.url = `https://${props.domain?.name ?? this.distribution.distributionDomainName}`;
    Annotations.of(this).acknowledgeWarning(
      '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
      'The packages’ and materials’ origin is the materials bucket given as imported on purpose: its policy grants CloudFront those two prefixes only (below).',
    );
    const { account, partition: arnPartition } = Stack.of(this);
    const distributionArn = `arn:${arnPartition}:cloudfront::${account}:distribution/${this.distribution.distributionId}`;
    props.packages.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CoursePackagesThroughThePortal',
        principals: [new ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [props.packages.bucket.arnForObjects(`${props.packages.prefix}*`)],
        conditions: { StringEquals: { 'AWS:SourceArn': distributionArn } },
      }),
    );
    // A published material's link names its version: CloudFront reads that version.
    props.packages.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'LearningMaterialsThroughThePortal',
        principals: [new ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [props.packages.bucket.arnForObjects(`${props.media.prefix}*`)],
        conditions: { StringEquals: { 'AWS:SourceArn': distributionArn } },
      }),
    );
    // Published admission results: sealed objects and their release notices, nothing else.
    props.packages.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AdmissionResultsThroughThePortal',
        principals: [new ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [props.packages.bucket.arnForObjects(`${props.admissionResults.prefix}*`)],
        conditions: { StringEquals: { 'AWS:SourceArn': distributionArn } },
      }),
    );
    acknowledge(this.distribution, {
      'AwsSolutions-CFR1': 'A public education portal serves citizens wherever they are; no geo restriction.',
      ...(props.domain
        ? {}
        : {
            'AwsSolutions-CFR4':
              'The default *.cloudfront.net certificate allows older TLS; a custom domain (context portalDomain and portalCertificateArn) brings TLSv1.2_2021.',
          }),
    });

    // The built app plus its runtime configuration; the files with fixed names (index.html,
    // config.json, the service worker and the web manifest) are invalidated on every deploy, the
    // hashed assets never need to be.
    const deployment = new BucketDeployment(this, 'Site', {
      destinationBucket: props.bucket,
      sources: [
        Source.asset(PORTAL_DIST),
        Source.jsonData('config.json', {
          apiBase: '/api',
          issuer: props.site.issuer,
          clientId: props.site.clientId,
          audience: props.site.audience,
          vneid: props.site.vneid,
          ...(props.site.vapidPublicKey ? { vapidPublicKey: props.site.vapidPublicKey } : {}),
          redirectPath: '/auth/callback',
          stage: Stack.of(this).stackName,
        }),
      ],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json', '/sw.js', '/manifest.webmanifest'],
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
        'cloudfront:CreateInvalidation and GetInvalidation do not support resource-level permissions; the provider invalidates the portal’s fixed-name files after each deploy.',
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
