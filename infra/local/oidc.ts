/**
 * The development OpenID provider (oidc-provider): real signed JWT access tokens for the demo
 * accounts, with the audience the API expects, so the local API validates them exactly as API
 * Gateway's JWT authorizer would. The portal logs in through the authorization code flow with
 * PKCE; `npm run token` uses a development-only grant that exists only here, never in AWS.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { AUTHORITY_SCOPE } from '../../shared/auth/sign-in.ts';
import { authEntities } from '../../shared/auth/store.ts';
import { DEMO_ACCOUNTS, DEMO_AUTHORITY_CLIENTS, DEMO_PASSWORD } from './demo-data.ts';

import { CLI_CLIENT_ID, DEV_LOGIN_GRANT } from './dev-token.ts';
import { makeInteractions } from './oidc-login.ts';

export const PORTAL_CLIENT_ID = 'vn-edu-portal';
/** A URI, as RFC 8707 resource indicators must be. */
export const API_AUDIENCE = 'urn:vn-edu-cloud:api';
const SCOPE = 'openid profile email';

export interface DevOidc {
  issuer: string;
  stop(): Promise<void>;
}

/** The provider's signing key, persisted in `file` when given (tokens survive a restart). */
export async function signingKeys(file: string | undefined) {
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { keys: object[] };
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: `dev-${Date.now()}`, use: 'sig', alg: 'RS256' };
  const jwks = { keys: [jwk] };
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(jwks), { mode: 0o600 });
  }
  return jwks;
}

export async function startDevOidc(options: {
  port: number;
  /** Where the portal may send users back to. */
  redirectUris: string[];
  /** Persist the signing key so tokens survive a restart; undefined = a fresh key. */
  keyFile?: string;
}): Promise<DevOidc> {
  // The provider warns that it runs on Node 20 with in-memory storage and dev interactions: all
  // true, all intended for a development provider. Keep those three out of the console.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!/oidc-provider WARNING: (Unsupported runtime|a quick start development-only)/.test(String(args[0])))
      warn(...args);
  };
  const { default: Provider, errors } = await import('oidc-provider');
  const issuer = `http://127.0.0.1:${options.port}`;
  const accounts = new Map(DEMO_ACCOUNTS.map((a) => [a.username, { fullName: a.fullName, email: a.email }]));
  // Accounts created through the API can sign in too (password "demo"), as they would through the
  // city's SSO once their owner has an identity there.
  const lookUp = async (sub: string) => {
    const demo = accounts.get(sub);
    if (demo) return demo;
    const { data } = await authEntities().account.get({ accountId: sub }).go();
    return data && data.status !== 'disabled' ? { fullName: data.fullName, email: data.email } : undefined;
  };
  const resourceServer = apiResourceServer(SCOPE);
  // Authorities' systems (client credentials) get the authority scope, and nobody else can.
  const authorityServer = apiResourceServer(AUTHORITY_SCOPE);
  const shared = sharedProviderOptions(errors, resourceServer, 'Đăng xuất');

  const provider = new Provider(issuer, {
    jwks: await signingKeys(options.keyFile),
    clients: [
      {
        client_id: PORTAL_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.redirectUris,
      },
      {
        client_id: CLI_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        grant_types: [DEV_LOGIN_GRANT],
        response_types: [],
        redirect_uris: [],
      },
      // Authorities' systems: OAuth client credentials (client_secret_basic). Their ids hold an
      // upper-case letter, so a client can never be taken for a staff account.
      ...DEMO_AUTHORITY_CLIENTS.map((c) => ({
        client_id: c.clientId,
        client_secret: c.secret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      })),
    ],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'] },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    findAccount: async (_ctx: KoaContextWithOIDC, sub: string) => {
      const account = await lookUp(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, name: account.fullName, preferred_username: sub, email: account.email }),
      };
    },
    ...shared,
    features: {
      ...shared.features,
      clientCredentials: { enabled: true },
      resourceIndicators: {
        ...shared.features.resourceIndicators,
        getResourceServerInfo: (
          _ctx: KoaContextWithOIDC,
          resource: string,
          client: { grantTypeAllowed(type: string): boolean },
        ) => {
          if (resource !== API_AUDIENCE) throw new errors.InvalidTarget();
          return client.grantTypeAllowed('client_credentials') ? authorityServer : resourceServer;
        },
      },
    },
    ttl: { ...shared.ttl, ClientCredentials: 3600 },
    cookies: { keys: ['vn-edu-local-development-only'] },
    // The portal runs on another local port: tokens are fetched cross-origin.
    clientBasedCORS: () => true,
  });

  provider.registerGrantType(
    DEV_LOGIN_GRANT,
    async (ctx: KoaContextWithOIDC) => {
      const username = String(ctx.oidc.params?.username ?? '');
      const password = String(ctx.oidc.params?.password ?? '');
      if (!(await lookUp(username)) || password !== DEMO_PASSWORD) {
        throw new errors.InvalidGrant('unknown demo account or wrong password');
      }
      const { AccessToken, Grant, ResourceServer } = ctx.oidc.provider;
      const client = ctx.oidc.client!;
      const grant = new Grant({ accountId: username, clientId: client.clientId });
      grant.addOIDCScope(SCOPE);
      grant.addResourceScope(API_AUDIENCE, SCOPE);
      const grantId = await grant.save();
      const token = new AccessToken({ accountId: username, client, grantId, gty: 'dev_login', scope: SCOPE });
      token.resourceServer = new ResourceServer(API_AUDIENCE, resourceServer);
      ctx.oidc.entity('AccessToken', token);
      const value = await token.save();
      ctx.body = { access_token: value, token_type: 'Bearer', expires_in: token.expiration, scope: SCOPE };
    },
    ['username', 'password'],
  );

  // Keep the dev provider quiet: a failed demo login is reported to the caller, not logged.
  provider.on('server_error', (_ctx: KoaContextWithOIDC, error: Error) =>
    console.error('[oidc] server error', error),
  );

  const interactions = makeInteractions(provider, {
    accountExists: async (login) => Boolean(login && (await lookUp(login))),
    password: DEMO_PASSWORD,
  });
  const callback = provider.callback();
  const server: Server = createServer((req, res) => {
    interactions(req, res)
      .then((handled) => {
        if (!handled) callback(req, res);
      })
      .catch((error: unknown) => {
        console.error('[oidc] interaction failed', error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  console.warn = warn;
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return {
    issuer,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The API as a resource server: JWT access tokens for its audience, an hour long. */
export const apiResourceServer = (scope: string) => ({
  audience: API_AUDIENCE,
  scope,
  accessTokenFormat: 'jwt' as const,
  accessTokenTTL: 3600,
  jwt: { sign: { alg: 'RS256' as const } },
});

/**
 * What both development providers (the staff SSO here, VNeID in vneid.ts) configure alike:
 * access tokens for the API only, sign-out without a second question, the code flow with PKCE,
 * rotated refresh tokens, and the same lifetimes.
 */
export function sharedProviderOptions(
  errors: typeof import('oidc-provider').errors,
  resourceServer: ReturnType<typeof apiResourceServer>,
  logoutTitle: string,
) {
  return {
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: KoaContextWithOIDC, resource: string) => {
          if (resource !== API_AUDIENCE) throw new errors.InvalidTarget();
          return resourceServer;
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        // Signing out from the portal is already the user's decision: no second question.
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.body = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${logoutTitle}</title></head>
<body><main><h1>Đang đăng xuất…</h1>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Đăng xuất</button></main>
<script>document.querySelector('button[name=logout]').click()</script></body></html>`;
        },
      },
    },
    interactions: {
      url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    // The portal keeps its session alive with refresh tokens (rotated on use) without asking
    // for offline_access; the session itself still ends at the provider's Session TTL.
    issueRefreshToken: async (
      _ctx: KoaContextWithOIDC,
      client: { grantTypeAllowed(type: string): boolean },
    ) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    pkce: { required: () => true },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 86400,
      Session: 86400,
      Grant: 86400,
      Interaction: 3600,
    },
  };
}
