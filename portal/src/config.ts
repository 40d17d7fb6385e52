/**
 * Runtime configuration, fetched at boot from /config.json: the local cloud serves it, the CDK
 * stack writes it into the portal bucket. One build runs everywhere; no secret is in it.
 */
export interface PortalConfig {
  /** Where the API lives, relative to the portal's origin ('/api' behind CloudFront). */
  apiBase: string;
  issuer: string;
  clientId: string;
  /** The API's audience, sent as the OAuth resource indicator. */
  audience: string;
  redirectPath: string;
  stage: string;
  /**
   * The national identity (VNeID): the second sign-in, for citizens, learners and guardians. Its
   * tokens carry the same API audience (or its own) and are accepted on the routes citizens call.
   */
  vneid?: { issuer: string; clientId: string; audience: string; scope: string };
  /** The Web Push VAPID public key (base64url); without it the portal offers no push. */
  vapidPublicKey?: string;
}

/** Which identity provider a sign-in goes through. */
export type Provider = 'staff' | 'vneid';

/** The provider's issuer, client id, API audience and scopes. */
export function providerConfig(provider: Provider) {
  const c = getConfig();
  if (provider === 'vneid' && c.vneid) return c.vneid;
  return { issuer: c.issuer, clientId: c.clientId, audience: c.audience, scope: 'openid profile email' };
}

let config: PortalConfig | undefined;

export async function loadConfig(): Promise<PortalConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  config = (await response.json()) as PortalConfig;
  return config;
}

export function getConfig(): PortalConfig {
  if (!config) throw new Error('The portal configuration is not loaded yet');
  return config;
}
