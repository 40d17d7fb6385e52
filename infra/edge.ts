/**
 * What must live in us-east-1 because CloudFront reads it from there: the portal's web ACL (AWS
 * WAF, CLOUDFRONT scope). Its rate-based rules limit each client on the public routes that answer
 * about people — the diploma verification (a per-client limit; the register keeps a per-diploma
 * one, functions/diplomas/lookup.ts) — or cost a signature check each, the digital diploma's. The main stack attaches the ACL to the distribution through
 * a cross-region reference.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { diplomasManifest } from '../functions/diplomas/manifest.ts';

/** Per-client limits at the edge: requests a client may make to a path in a window. */
export const EDGE_RATE_LIMITS = [
  {
    name: 'DiplomaVerificationPerClient',
    /** The portal's distribution serves the API under /api (infra/constructs/portal.ts). */
    path: `/api${diplomasManifest.routes.verifyDiploma.path}`,
    limit: 30,
    windowSeconds: 300,
  },
  {
    // A digital diploma's check canonicalises and verifies a signature (CPU on each call): an
    // employer checks a few files, not hundreds.
    name: 'CredentialVerificationPerClient',
    path: `/api${diplomasManifest.routes.verifyCredential.path}`,
    limit: 60,
    windowSeconds: 300,
  },
] as const;

const TOO_MANY = 'too-many-requests';

const visibility = (metricName: string) => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

export class EdgeStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: StackProps & { stage: string }) {
    super(scope, id, props);
    this.webAcl = new CfnWebACL(this, 'PortalWebAcl', {
      name: `vn-edu-portal-${props.stage}`,
      description: 'The portal edge: per-client rate limits on the public lookups',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`vn-edu-portal-${props.stage}`),
      // What a client past its limit reads: the API's own problem shape, in Vietnamese.
      customResponseBodies: {
        [TOO_MANY]: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            type: 'https://docs.vnedu.example/problems/too-many-requests',
            title: 'Quá nhiều yêu cầu',
            status: 429,
            detail: 'Bạn đã tra cứu quá nhiều lần trong ít phút: vui lòng thử lại sau 5 phút.',
          }),
        },
      },
      rules: EDGE_RATE_LIMITS.map((rule, priority) => ({
        name: rule.name,
        priority,
        // Too many lookups from one client: 429, as the API answers its own limit.
        action: {
          block: {
            customResponse: {
              responseCode: 429,
              customResponseBodyKey: TOO_MANY,
              responseHeaders: [{ name: 'retry-after', value: String(rule.windowSeconds) }],
            },
          },
        },
        statement: {
          rateBasedStatement: {
            limit: rule.limit,
            evaluationWindowSec: rule.windowSeconds,
            aggregateKeyType: 'IP',
            scopeDownStatement: {
              byteMatchStatement: {
                fieldToMatch: { uriPath: {} },
                positionalConstraint: 'STARTS_WITH',
                searchString: rule.path,
                // /API/Diplomas/%76erification and /api//diplomas/./verification are the same path.
                textTransformations: [
                  { priority: 0, type: 'URL_DECODE' },
                  { priority: 1, type: 'NORMALIZE_PATH' },
                  { priority: 2, type: 'LOWERCASE' },
                ],
              },
            },
          },
        },
        visibilityConfig: visibility(rule.name),
      })),
    });
  }
}
