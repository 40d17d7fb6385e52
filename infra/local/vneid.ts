/**
 * The development stand-in for VNeID, the national identity (định danh điện tử): a second OpenID
 * provider with its own issuer, port and signing key, so the API meets two issuers locally as it
 * does in AWS (docs/identity.md). It knows the demo citizens (demo-citizens.ts) and issues real
 * signed JWT access tokens for the API's audience carrying VNeID's claims — subject, full name,
 * date of birth, personal ID, phone and the identity level. The sign-in page lets a developer
 * pick a citizen (a real VNeID asks for the app or a password and an OTP). Personal data travels
 * only in tokens and POST bodies, never in an address. `npm run token -- --vneid <citizen>` uses
 * a development-only grant that exists only here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { citizenClaims, DEMO_CITIZENS, type DemoCitizen } from './demo-citizens.ts';
import { CLI_CLIENT_ID, DEV_VNEID_GRANT } from './dev-token.ts';
import {
  API_AUDIENCE,
  apiResourceServer,
  PORTAL_CLIENT_ID,
  sharedProviderOptions,
  signingKeys,
} from './oidc.ts';
import { escapeHtml, formBody, grantWhatWasAsked } from './oidc-login.ts';

/** What the portal asks VNeID for: the profile, the phone, and the identity claims. */
export const VNEID_SCOPE = 'openid profile phone identity';

export interface DevVneid {
  issuer: string;
  stop(): Promise<void>;
}

export async function startDevVneid(options: {
  port: number;
  redirectUris: string[];
  /** Persist the signing key (its own, not the staff provider's); undefined = a fresh key. */
  keyFile?: string;
  /** The citizens it knows (default: the demo citizens). */
  citizens?: readonly DemoCitizen[];
}): Promise<DevVneid> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!/oidc-provider WARNING: (Unsupported runtime|a quick start development-only)/.test(String(args[0])))
      warn(...args);
  };
  const { default: ProviderClass, errors } = await import('oidc-provider');
  const issuer = `http://127.0.0.1:${options.port}`;
  const citizens = new Map((options.citizens ?? DEMO_CITIZENS).map((c) => [c.sub, c]));
  const resourceServer = apiResourceServer(VNEID_SCOPE);
  // The claims VNeID shares, in the access token too: the API reads them from there (the JWT
  // authorizer hands a token's claims to the function), never from a request body.
  const claimsOf = (sub: string) => {
    const citizen = citizens.get(sub);
    if (!citizen) return undefined;
    const { sub: _sub, ...rest } = citizenClaims(citizen);
    return rest;
  };

  const provider: Provider = new ProviderClass(issuer, {
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
        grant_types: [DEV_VNEID_GRANT],
        response_types: [],
        redirect_uris: [],
      },
    ],
    claims: {
      openid: ['sub'],
      profile: ['name', 'birthdate'],
      phone: ['phone_number'],
      identity: ['personal_id', 'identity_level'],
    },
    scopes: ['openid', 'offline_access', 'profile', 'phone', 'identity'],
    // The portal shows the name and the identity level from the ID token.
    conformIdTokenClaims: false,
    findAccount: async (_ctx: KoaContextWithOIDC, sub: string) => {
      const citizen = citizens.get(sub);
      if (!citizen) return undefined;
      return { accountId: sub, claims: async () => citizenClaims(citizen) };
    },
    extraTokenClaims: async (_ctx: KoaContextWithOIDC, token) =>
      'accountId' in token && typeof token.accountId === 'string' ? claimsOf(token.accountId) : undefined,
    ...sharedProviderOptions(errors, resourceServer, 'Đăng xuất VNeID'),
    // Cookies are not kept apart by port: both development providers live on 127.0.0.1, so
    // VNeID's carry names of their own, or one provider's sign-in would overwrite the other's.
    cookies: {
      keys: ['vn-edu-local-vneid-development-only'],
      names: {
        session: '_vneid_session',
        interaction: '_vneid_interaction',
        resume: '_vneid_interaction_resume',
      },
    },
    clientBasedCORS: () => true,
  });

  provider.registerGrantType(
    DEV_VNEID_GRANT,
    async (ctx: KoaContextWithOIDC) => {
      const sub = String(ctx.oidc.params?.citizen ?? '');
      if (!citizens.has(sub)) throw new errors.InvalidGrant('unknown demo citizen');
      const { AccessToken, Grant, ResourceServer } = ctx.oidc.provider;
      const client = ctx.oidc.client!;
      const grant = new Grant({ accountId: sub, clientId: client.clientId });
      grant.addOIDCScope(VNEID_SCOPE);
      grant.addResourceScope(API_AUDIENCE, VNEID_SCOPE);
      const grantId = await grant.save();
      const token = new AccessToken({
        accountId: sub,
        client,
        grantId,
        gty: 'dev_vneid',
        scope: VNEID_SCOPE,
      });
      token.resourceServer = new ResourceServer(API_AUDIENCE, resourceServer);
      ctx.oidc.entity('AccessToken', token);
      const value = await token.save();
      ctx.body = {
        access_token: value,
        token_type: 'Bearer',
        expires_in: token.expiration,
        scope: VNEID_SCOPE,
      };
    },
    ['citizen'],
  );
  provider.on('server_error', (_ctx: KoaContextWithOIDC, error: Error) =>
    console.error('[vneid] server error', error),
  );

  const callback = provider.callback();
  const server: Server = createServer((req, res) => {
    interactions(provider, citizens, req, res)
      .then((handled) => {
        if (!handled) callback(req, res);
      })
      .catch((error: unknown) => {
        console.error('[vneid] interaction failed', error);
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

async function interactions(
  provider: Provider,
  citizens: Map<string, DemoCitizen>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
  if (!match) return false;
  const html = (status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  };
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'POST' && match[2]) {
      const chosen = (await formBody(req)).get('citizen') ?? '';
      if (!citizens.has(chosen)) {
        html(400, vneidLoginPage(details.uid, [...citizens.values()], 'Không tìm thấy tài khoản định danh.'));
        return true;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: chosen } },
        { mergeWithLastSubmission: false },
      );
      return true;
    }
    if (details.prompt.name === 'login') {
      html(200, vneidLoginPage(details.uid, [...citizens.values()]));
      return true;
    }
    await grantWhatWasAsked(provider, req, res, details);
    return true;
  } catch {
    html(
      400,
      '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Phiên đăng nhập hết hạn</title></head><body><main><h1>Phiên đăng nhập đã hết hạn</h1><p>Hãy quay lại cổng thông tin và đăng nhập lại.</p></main></body></html>',
    );
    return true;
  }
}

/** The personal ID as VNeID shows it on screen: the first three and last three digits. */
const masked = (id: string) => `${id.slice(0, 3)}••••••${id.slice(-3)}`;

/**
 * The development sign-in page, in the national identity's colours and words. Each citizen is a
 * submit button of one POST form: Tab reaches it, Enter or Space signs in.
 */
export function vneidLoginPage(uid: string, citizens: readonly DemoCitizen[], error?: string) {
  const choices = citizens
    .map(
      (c) => `<li><button type="submit" name="citizen" value="${escapeHtml(c.sub)}">
<span class="name">${escapeHtml(c.fullName)}</span>
<span class="meta">Số định danh ${escapeHtml(masked(c.personalId))} · Mức ${c.identityLevel}</span>
<span class="meta">${escapeHtml(c.note)}</span></button></li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Đăng nhập bằng tài khoản định danh điện tử VNeID (môi trường phát triển)</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f4f1ec;color:#1a1a1a}
header{background:#a50e0e;color:#fff;padding:1rem;text-align:center}
header .emblem{display:inline-block;width:2.5rem;height:2.5rem;border-radius:50%;background:#ffd43b;color:#a50e0e;font-weight:800;line-height:2.5rem;margin-bottom:.25rem}
header p{margin:.25rem 0 0;font-size:.9rem}
main{max-width:32rem;margin:1.5rem auto;padding:0 1rem}
h1{font-size:1.35rem;color:#7a0a0a}
.notice{background:#fff8e1;border-left:4px solid #b58100;padding:.5rem .75rem}
ul{list-style:none;padding:0}li{margin:.6rem 0}
button{font:inherit;width:100%;text-align:left;padding:.75rem 1rem;border:2px solid #a50e0e;border-radius:8px;background:#fff;color:#1a1a1a;cursor:pointer}
button:hover{background:#fdecec}button:focus-visible{outline:3px solid #0b5394;outline-offset:2px}
.name{display:block;font-weight:700}.meta{display:block;font-size:.9rem;color:#4a4a4a}
.error{color:#a00;font-weight:600}
</style></head><body>
<header><span class="emblem" aria-hidden="true">VN</span>
<p>BỘ CÔNG AN · HỆ THỐNG ĐỊNH DANH VÀ XÁC THỰC ĐIỆN TỬ</p></header>
<main>
<h1>Đăng nhập bằng tài khoản định danh điện tử VNeID</h1>
<p class="notice">Môi trường phát triển: chọn một công dân mẫu. Ứng dụng VNeID thật yêu cầu xác thực trên điện thoại.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<h2 id="choose">Chọn tài khoản</h2>
<ul aria-labelledby="choose">${choices}</ul>
</form>
</main>
</body></html>`;
}
