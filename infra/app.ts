/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy`. Context values (cdk.json or -c):
 *   stage          deployment stage, part of every name (default dev)
 *   oidcIssuer     the OpenID issuer whose JWTs the API accepts (city SSO / VNeID-federated)
 *   oidcAudience   the audience those tokens carry for this API
 *   portalClientId the portal's public client id at that provider (code + PKCE, no secret)
 *   allowedOrigins comma-separated browser origins allowed by CORS (default: none but the portal's own)
 *   rootOrgUnitId  the department's org unit id (default SGD)
 *   tsaUrl         an RFC 3161 timestamp authority (a licensed CA's): signatures become PAdES B-T
 *   region         AWS Region (default ap-southeast-1); the account comes from your AWS credentials
 * cdk-nag's AWS Solutions checks run as a policy-validation plugin: synth fails on any finding
 * that is not acknowledged with a reason.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
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
  const stack = new EduCloudStack(app, `VnEduCloud-${stage}`, {
    stage,
    oidcIssuer,
    oidcAudience,
    portalClientId: read('portalClientId') ?? 'vn-edu-portal',
    allowedOrigins: (read('allowedOrigins') ?? 'https://localhost').split(',').map((o) => o.trim()),
    rootOrgUnitId: read('rootOrgUnitId') ?? 'SGD',
    ...(read('tsaUrl') ? { tsaUrl: read('tsaUrl') } : {}),
    throttle: { rateLimit: 5000, burstLimit: 5000 },
    // A customer-managed key on TableV2 needs a concrete Region.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: read('region') ?? 'ap-southeast-1' },
    description: `VN Edu Cloud (${stage}): the city education platform`,
  });
  const nag = new AwsSolutionsChecks(app, { verbose: true });
  Validations.of(app).addPlugins(nag);
  return { app, stack, nag };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}
