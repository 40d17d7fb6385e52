/**
 * National-identity sign-in without emulators: the development VNeID and the staff SSO issue real
 * tokens; the local gateway accepts each issuer only on the routes that allow it (and a token of a
 * third provider nowhere), and puts the claims where API Gateway's authorizers put them; the
 * request pipeline turns VNeID's claims into a namespaced principal with its identity level.
 */
import { createServer, type Server } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifests } from '../../functions/manifests.ts';
import { makeApiGateway } from '../../infra/local/api-gateway.ts';
import { DEMO_CITIZENS } from '../../infra/local/demo-citizens.ts';
import { fetchDevCitizenToken, fetchDevToken } from '../../infra/local/dev-token.ts';
import { freePort } from '../../infra/local/emulators.ts';
import type { Invoker } from '../../infra/local/invoker.ts';
import { API_AUDIENCE, startDevOidc } from '../../infra/local/oidc.ts';
import { startDevVneid } from '../../infra/local/vneid.ts';
import { planPlatform } from '../../infra/plan.ts';
import type { LoadedPrincipal } from '../../shared/auth/principal-loader.ts';
import { type SignIn, signInOf, VNEID_SUBJECT_PREFIX } from '../../shared/auth/sign-in.ts';
import { makeApi } from '../../shared/http/api.ts';
import { defineContext } from '../../shared/manifest.ts';
import { lambdaContext } from '../support/events.ts';

const parent = DEMO_CITIZENS.find((c) => c.identityLevel === 2)!;
const levelOne = DEMO_CITIZENS.find((c) => c.identityLevel === 1)!;

let staffIssuer: string;
let vneidIssuer: string;
let strangerIssuer: string;
let apiUrl: string;
const stops: (() => Promise<void>)[] = [];
/** What the gateway handed the function last. */
let lastEvent: APIGatewayProxyEventV2 | undefined;

beforeAll(async () => {
  const [staffPort, vneidPort, strangerPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const staff = await startDevOidc({ port: staffPort, redirectUris: ['http://127.0.0.1/cb'] });
  const vneid = await startDevVneid({ port: vneidPort, redirectUris: ['http://127.0.0.1/cb'] });
  // Another provider with the very same claims and audience, but its own key and issuer.
  const stranger = await startDevVneid({ port: strangerPort, redirectUris: ['http://127.0.0.1/cb'] });
  stops.push(staff.stop, vneid.stop, stranger.stop);
  staffIssuer = staff.issuer;
  vneidIssuer = vneid.issuer;
  strangerIssuer = stranger.issuer;

  // The gateway invokes through invokeMeasured (the result and the invocation's capacity units).
  const invoker = {
    invokeMeasured: async (_fn: string, event: unknown) => {
      lastEvent = event as APIGatewayProxyEventV2;
      return { result: { statusCode: 200, body: '{}' }, capacity: undefined };
    },
  } as unknown as Invoker;
  const gateway = makeApiGateway({
    plan: planPlatform(manifests),
    invoker,
    issuers: {
      staff: { issuer: staffIssuer, audience: API_AUDIENCE },
      vneid: { issuer: vneidIssuer, audience: API_AUDIENCE },
    },
  });
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    void gateway(req, res, url).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  apiUrl = `http://127.0.0.1:${address.port}`;
  stops.push(() => new Promise((resolve) => server.close(() => resolve())));
}, 30_000);

afterAll(async () => {
  for (const stop of stops) await stop();
});

const call = (path: string, token?: string) =>
  fetch(`${apiUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('the development VNeID', () => {
  it('issues access tokens with VNeID’s claims for the API’s audience', async () => {
    const token = await fetchDevCitizenToken(vneidIssuer, parent.sub);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({
      iss: vneidIssuer,
      aud: API_AUDIENCE,
      sub: parent.sub,
      name: parent.fullName,
      birthdate: parent.birthdate,
      personal_id: parent.personalId,
      phone_number: parent.phone,
      identity_level: 2,
    });
    await expect(fetchDevCitizenToken(vneidIssuer, 'nobody')).rejects.toThrow(/No VNeID token for nobody/);
  });

  it('has a Vietnamese sign-in page listing the citizens as buttons, with no personal ID in full', async () => {
    const { vneidLoginPage } = await import('../../infra/local/vneid.ts');
    const page = vneidLoginPage('uid-1', DEMO_CITIZENS);
    expect(page).toContain('lang="vi"');
    expect(page).toContain('Đăng nhập bằng tài khoản định danh điện tử VNeID');
    expect(page).toContain('method="post"');
    for (const c of DEMO_CITIZENS) {
      expect(page).toContain(`<button type="submit" name="citizen" value="${c.sub}">`);
      expect(page).not.toContain(c.personalId);
    }
  });
});

describe('the local gateway with two issuers', () => {
  it('accepts a VNeID token on a route citizens may call, with the claims where the Lambda authorizer puts them', async () => {
    const token = await fetchDevCitizenToken(vneidIssuer, parent.sub);
    expect((await call('/me', token)).status).toBe(200);
    const authorizer = lastEvent!.requestContext as unknown as {
      authorizer: { lambda: Record<string, string> };
    };
    expect(authorizer.authorizer.lambda).toMatchObject({
      iss: vneidIssuer,
      sub: parent.sub,
      identity_level: '2',
      personal_id: parent.personalId,
    });
  });

  it('accepts a staff token on the same route', async () => {
    const token = await fetchDevToken(staffIssuer, 'teacher1');
    expect((await call('/me', token)).status).toBe(200);
  });

  it('refuses a VNeID token on a staff-only route (401), and takes a staff token there', async () => {
    const citizen = await fetchDevCitizenToken(vneidIssuer, parent.sub);
    const res = await call('/org-units/SGD', citizen);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('invalid_token');
    const staff = await fetchDevToken(staffIssuer, 'admin');
    expect((await call('/org-units/SGD', staff)).status).toBe(200);
    const jwt = lastEvent!.requestContext as unknown as {
      authorizer: { jwt: { claims: Record<string, string> } };
    };
    expect(jwt.authorizer.jwt.claims.iss).toBe(staffIssuer);
  });

  it('refuses a token signed by another key and issuer everywhere', async () => {
    const stranger = await fetchDevCitizenToken(strangerIssuer, parent.sub);
    expect((await call('/me', stranger)).status).toBe(403);
    expect((await call('/org-units/SGD', stranger)).status).toBe(401);
  });

  it('refuses a token whose issuer claim names VNeID but that another key signed', async () => {
    // Re-sign nothing: take the stranger's token and swap in VNeID's issuer; the signature breaks.
    const stranger = await fetchDevCitizenToken(strangerIssuer, parent.sub);
    const [header, payload, signature] = stranger.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = [
      header,
      Buffer.from(JSON.stringify({ ...claims, iss: vneidIssuer })).toString('base64url'),
      signature,
    ].join('.');
    expect((await call('/me', forged)).status).toBe(403);
  });
});

describe('the two-issuer Lambda authorizer (AWS, routes with signIn: any)', () => {
  it('authorizes either issuer’s token with its claims as context, found by OpenID discovery, and refuses a stranger’s', async () => {
    process.env.TRUSTED_ISSUERS = JSON.stringify([
      { kind: 'staff', issuer: staffIssuer, audience: API_AUDIENCE },
      { kind: 'vneid', issuer: vneidIssuer, audience: API_AUDIENCE },
    ]);
    const { handler } = await import('../../shared/auth/authorizer.ts');
    const ask = async (token?: string) =>
      handler({
        headers: token ? { authorization: `Bearer ${token}` } : {},
      } as unknown as Parameters<typeof handler>[0]);
    const citizen = await ask(await fetchDevCitizenToken(vneidIssuer, parent.sub));
    expect(citizen).toMatchObject({
      isAuthorized: true,
      context: { iss: vneidIssuer, sub: parent.sub, identity_level: '2' },
    });
    expect(await ask(await fetchDevToken(staffIssuer, 'teacher1'))).toMatchObject({
      isAuthorized: true,
      context: { iss: staffIssuer, sub: 'teacher1' },
    });
    expect(await ask(await fetchDevCitizenToken(strangerIssuer, parent.sub))).toEqual({
      isAuthorized: false,
    });
    expect(await ask('not-a-token')).toEqual({ isAuthorized: false });
    expect(await ask()).toEqual({ isAuthorized: false });
    delete process.env.TRUSTED_ISSUERS;
  });
});

describe('the principal of a VNeID sign-in', () => {
  const manifest = defineContext({
    name: 'test',
    description: 'test',
    routes: {
      me: { method: 'GET', path: '/me', permission: 'self.read', signIn: 'any', summary: 'me' },
      staffOnly: { method: 'GET', path: '/staff', permission: 'self.read', summary: 'staff' },
      authority: {
        method: 'GET',
        path: '/authority',
        permission: 'diploma.verify',
        signIn: 'authority',
        summary: 'authority',
      },
    },
  });
  const seen: string[] = [];
  let got: LoadedPrincipal | undefined;
  let gotSignIn: SignIn | undefined;
  const handler = makeApi(
    manifest,
    {
      me: async ({ principal }) => {
        got = principal;
        return { ok: true };
      },
      staffOnly: async () => ({ ok: true }),
      authority: async ({ signIn, principal }) => {
        gotSignIn = signIn;
        got = principal;
        return { ok: true };
      },
    },
    {
      loadPrincipal: async (key) => {
        seen.push(key);
        return { sub: key, status: 'unknown', assignments: [], links: [] };
      },
      resolveOrgUnit: async () => undefined,
    },
  );
  const event = (routeKey: string, claims: Record<string, string>) =>
    ({
      version: '2.0',
      routeKey,
      rawPath: routeKey.split(' ')[1],
      rawQueryString: '',
      headers: {},
      isBase64Encoded: false,
      requestContext: {
        requestId: 'r1',
        http: { method: 'GET', path: routeKey.split(' ')[1] },
        authorizer: { lambda: claims },
      },
    }) as unknown as APIGatewayProxyEventV2;
  const run = async (routeKey: string, claims: Record<string, string>) =>
    (await handler(event(routeKey, claims), lambdaContext())) as APIGatewayProxyStructuredResultV2;
  const vneidClaims = (level: string) => ({
    iss: 'https://vneid.example.gov.vn',
    sub: parent.sub,
    name: parent.fullName,
    identity_level: level,
    personal_id: parent.personalId,
    exp: String(Math.floor(Date.now() / 1000) + 600),
  });

  it('carries the identity level and the sign-in kind from the claims, under a namespaced key', async () => {
    process.env.VNEID_ISSUER = 'https://vneid.example.gov.vn';
    try {
      expect((await run('GET /me', vneidClaims('2'))).statusCode).toBe(200);
      expect(got).toMatchObject({
        sub: `${VNEID_SUBJECT_PREFIX}${parent.sub}`,
        signIn: 'vneid',
        identityLevel: 2,
        status: 'unknown',
        displayName: parent.fullName,
        assignments: [],
      });
      expect((await run('GET /me', { ...vneidClaims('1'), sub: levelOne.sub })).statusCode).toBe(200);
      expect(got).toMatchObject({ signIn: 'vneid', identityLevel: 1 });
      // A staff subject spelled like VNeID's stays apart: another key, another principal.
      await run('GET /me', { iss: 'https://sso.example.gov.vn', sub: parent.sub });
      expect(got).toMatchObject({ sub: parent.sub, signIn: 'staff' });
      expect(got?.identityLevel).toBeUndefined();
      expect(seen).toEqual([`vneid:${parent.sub}`, `vneid:${levelOne.sub}`, parent.sub]);
    } finally {
      delete process.env.VNEID_ISSUER;
    }
  });

  it('refuses a VNeID sign-in on a staff-only route and a cached authorization past the token’s expiry', async () => {
    process.env.VNEID_ISSUER = 'https://vneid.example.gov.vn';
    try {
      expect((await run('GET /staff', vneidClaims('2'))).statusCode).toBe(401);
      const expired = { ...vneidClaims('2'), exp: String(Math.floor(Date.now() / 1000) - 5) };
      expect((await run('GET /me', expired)).statusCode).toBe(401);
    } finally {
      delete process.env.VNEID_ISSUER;
    }
  });

  it('takes an authority’s client (the SSO’s token with the authority scope) only on its routes, as no person', async () => {
    const client = {
      iss: 'https://sso.example.gov.vn',
      sub: 'service-account-7f3a',
      azp: 'EMPLOYER-1',
      scope: 'profile diplomas.verify',
      exp: String(Math.floor(Date.now() / 1000) + 600),
    };
    seen.length = 0;
    got = undefined;
    expect((await run('GET /authority', client)).statusCode).toBe(200);
    // Keycloak names the client `azp`; oidc-provider `client_id`.
    expect(gotSignIn).toMatchObject({
      kind: 'authority',
      sub: 'EMPLOYER-1',
      principalKey: 'authority:EMPLOYER-1',
    });
    expect(got).toBeUndefined();
    expect((await run('GET /authority', { ...client, client_id: 'EMPLOYER-2' })).statusCode).toBe(200);
    expect(gotSignIn?.sub).toBe('EMPLOYER-2');
    // No principal was loaded for a client; and a client is refused where people go.
    expect(seen).toEqual([]);
    expect((await run('GET /staff', client)).statusCode).toBe(401);
    expect((await run('GET /me', client)).statusCode).toBe(401);
    // A person's token on the authority's route, whatever else it holds.
    const person = { iss: 'https://sso.example.gov.vn', sub: 'diploma1', scope: 'openid profile' };
    expect((await run('GET /authority', person)).statusCode).toBe(401);
  });

  it('reads the identity level only from VNeID’s tokens', () => {
    expect(signInOf({ iss: 'https://sso', sub: 'a', identity_level: '2' }, 'https://vneid')).toEqual({
      kind: 'staff',
      issuer: 'https://sso',
      sub: 'a',
      principalKey: 'a',
    });
    expect(
      signInOf({ iss: 'https://vneid', sub: 'a', identity_level: '3' }, 'https://vneid')?.identityLevel,
    ).toBe(undefined);
  });
});
