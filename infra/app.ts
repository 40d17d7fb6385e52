/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy`. Context values (cdk.json or -c):
 *   stage          deployment stage, part of every name (default dev)
 *   oidcIssuer     the OpenID issuer whose JWTs the API accepts (city SSO / VNeID-federated)
 *   oidcAudience   the audience those tokens carry for this API
 *   portalClientId the portal's public client id at that provider (code + PKCE, no secret)
 *   vneidIssuer    the national identity's (VNeID's) OpenID issuer, accepted beside oidcIssuer on
 *                  the routes citizens call (docs/identity.md)
 *   vneidAudience  the audience VNeID's tokens carry for this API
 *   vneidClientId  the portal's public client id at VNeID (default: portalClientId)
 *   vneidScope     what the portal asks VNeID for (default: openid profile phone identity)
 *   portalDomain   the portal's own domain name (with portalCertificateArn, an ACM certificate in
 *                  us-east-1); default: the distribution's *.cloudfront.net name
 *   allowedOrigins comma-separated browser origins besides the portal's that may call the API and
 *                  upload (default: none; the portal itself is always allowed)
 *   portalConnectOrigins comma-separated origins the portal's pages may call besides itself, the
 *                  issuer and the upload buckets (an identity provider's token endpoint elsewhere)
 *   operatorEmail  default of the OperatorEmail stack parameter: where alarms are e-mailed
 *   rootOrgUnitId  the department's org unit id (default SGD)
 *   tsaUrl         an RFC 3161 timestamp authority (a licensed CA's): signatures become PAdES B-T
 *   notifyFromEmail the From address of notification e-mails (its domain becomes an SES identity)
 *   vapidPublicKey Web Push's public VAPID key (its private key goes in the providers' secret);
 *                  without it, push is not offered
 *   smsProviderUrl, ottProviderUrl  the SMS and OTT providers' HTTP endpoints (docs/notifications.md)
 *   examCandidates the city's largest exam (default 100,000): the capacity plan sizes the table's
 *                  warm throughput defaults, the exam routes' and stage's throttles and the exams
 *                  API's scalable target from it (docs/capacity.md)
 *   mediaKeyGeneration  raise it (default 1) to make the video links' key pair anew on the next
 *                  deploy (docs/courses.md, "Videos through CloudFront")
 *   region         AWS Region (default ap-southeast-1); the account comes from your AWS credentials
 * cdk-nag's AWS Solutions checks run as a policy-validation plugin: synth fails on any finding
 * that is not acknowledged with a reason.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_EXAM_CANDIDATES, examDayPlan } from './capacity.ts';
import { EdgeStack } from './edge.ts';
import { EduCloudStack } from './stack.ts';

export interface BuildOptions {
  context?: Record<string, unknown>;
  /** Tests: skip esbuild bundling to keep assertions fast. */
  skipBundling?: boolean;
}

export function buildApp(options: BuildOptions = {}) {
  const app = new App({
    context: {
      ...options.context,
      ...(options.skipBundling ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
  });
  const read = (key: string) => {
    const value = app.node.tryGetContext(key);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const stage = read('stage') ?? 'dev';
  const oidcIssuer = read('oidcIssuer');
  const oidcAudience = read('oidcAudience');
  if (!oidcIssuer || !oidcAudience) {
    throw new Error('Set the context values oidcIssuer and oidcAudience (cdk.json or -c key=value).');
  }
  const vneidIssuer = read('vneidIssuer');
  const vneidAudience = read('vneidAudience');
  if (!vneidIssuer || !vneidAudience) {
    throw new Error('Set the context values vneidIssuer and vneidAudience (cdk.json or -c key=value).');
  }
  if (vneidIssuer === oidcIssuer) throw new Error('vneidIssuer must differ from oidcIssuer.');
  const list = (key: string) =>
    (read(key) ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
  const portalDomain = read('portalDomain');
  const portalCertificateArn = read('portalCertificateArn');
  if (!portalDomain !== !portalCertificateArn) {
    throw new Error(
      'Set portalDomain and portalCertificateArn together (the certificate must be in us-east-1).',
    );
  }
  const operatorEmail = read('operatorEmail');
  const examCandidates = Number(read('examCandidates') ?? DEFAULT_EXAM_CANDIDATES);
  if (!Number.isInteger(examCandidates) || examCandidates < 1)
    throw new Error('examCandidates must be a whole number of candidates.');
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  // CloudFront's web ACL lives in us-east-1; the main stack reads its ARN across regions.
  const edge = new EdgeStack(app, `VnEduCloud-${stage}-edge`, {
    stage,
    env: { account, region: 'us-east-1' },
    crossRegionReferences: true,
    description: `VN Edu Cloud (${stage}): the portal's web ACL (CloudFront reads it from us-east-1)`,
  });
  const stack = new EduCloudStack(app, `VnEduCloud-${stage}`, {
    stage,
    webAclArn: edge.webAcl.attrArn,
    crossRegionReferences: true,
    oidcIssuer,
    oidcAudience,
    portalClientId: read('portalClientId') ?? 'vn-edu-portal',
    vneid: {
      issuer: vneidIssuer,
      audience: vneidAudience,
      clientId: read('vneidClientId') ?? read('portalClientId') ?? 'vn-edu-portal',
      scope: read('vneidScope') ?? 'openid profile phone identity',
    },
    ...(portalDomain && portalCertificateArn
      ? { portalDomain: { name: portalDomain, certificateArn: portalCertificateArn } }
      : {}),
    allowedOrigins: list('allowedOrigins'),
    portalConnectOrigins: list('portalConnectOrigins'),
    ...(operatorEmail ? { operatorEmail } : {}),
    rootOrgUnitId: read('rootOrgUnitId') ?? 'SGD',
    ...(read('tsaUrl') ? { tsaUrl: read('tsaUrl') } : {}),
    notify: {
      fromEmail: read('notifyFromEmail') ?? 'thongbao@edu.example.gov.vn',
      ...(read('vapidPublicKey') ? { vapidPublicKey: read('vapidPublicKey') } : {}),
      ...(read('smsProviderUrl') ? { smsProviderUrl: read('smsProviderUrl') } : {}),
      ...(read('ottProviderUrl') ? { ottProviderUrl: read('ottProviderUrl') } : {}),
    },
    capacity: examDayPlan(examCandidates),
    // A customer-managed key on TableV2 needs a concrete Region.
    env: { account, region: read('region') ?? 'ap-southeast-1' },
    description: `VN Edu Cloud (${stage}): the city education platform`,
  });
  const nag = new AwsSolutionsChecks(app, { verbose: true });
  Validations.of(app).addPlugins(nag);
  return { app, stack, edge, nag };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}
