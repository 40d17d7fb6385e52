/**
 * The request pipeline with its dependencies injected: principals and the org tree are plain
 * functions here, so every rule is pinned down without any emulator.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { LoadedPrincipal } from '../../shared/auth/principal-loader.ts';
import { type ApiDeps, makeApi, reply } from '../../shared/http/api.ts';
import { conflict } from '../../shared/http/problem.ts';
import { defineContext } from '../../shared/manifest.ts';
import { lambdaContext, loadEvent } from '../support/events.ts';

const manifest = defineContext({
  name: 'test',
  description: 'test',
  routes: {
    open: { method: 'GET', path: '/health', permission: 'public', summary: 'open' },
    me: { method: 'GET', path: '/me', permission: 'self.read', summary: 'me' },
    catalogue: {
      method: 'GET',
      path: '/catalogue',
      permission: 'public',
      summary: 'a public search that would show more to a signed-in user',
      request: { query: z.object({ q: z.string().optional(), lesson: z.string().optional() }) },
    },
    unit: {
      method: 'POST',
      path: '/org-units/{orgUnitId}',
      permission: 'account.manage',
      summary: 'unit',
      request: {
        params: z.object({ orgUnitId: z.string().regex(/^[A-Z-]+$/) }),
        query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
        body: z.object({
          name: z.string().min(1),
          guardians: z.array(z.object({ phone: z.string().regex(/^0\d{9}$/) })),
        }),
      },
    },
  },
});

const principals: Record<string, LoadedPrincipal> = {
  admin: {
    sub: 'admin',
    status: 'active',
    assignments: [{ assignmentId: '1', role: 'commune-admin', scopeOrgUnitId: 'C-ONE' }],
    links: [],
  },
  teacher: {
    sub: 'teacher',
    status: 'active',
    assignments: [{ assignmentId: '1', role: 'teacher', scopeOrgUnitId: 'S-ONE' }],
    links: [],
  },
  // The loader empties a disabled account's assignments; its status still says it is disabled.
  gone: { sub: 'gone', status: 'disabled', assignments: [], links: [] },
};
const deps: ApiDeps = {
  loadPrincipal: async (sub) => principals[sub] ?? { sub, status: 'unknown', assignments: [], links: [] },
  resolveOrgUnit: async (id) =>
    ({ 'C-ONE': ['ROOT', 'C-ONE'], 'S-ONE': ['ROOT', 'C-ONE', 'S-ONE'], 'C-TWO': ['ROOT', 'C-TWO'] })[id]
      ? {
          orgUnitId: id,
          lineage: {
            'C-ONE': ['ROOT', 'C-ONE'],
            'S-ONE': ['ROOT', 'C-ONE', 'S-ONE'],
            'C-TWO': ['ROOT', 'C-TWO'],
          }[id]!,
        }
      : undefined,
};

let seen: unknown;
const handler = makeApi(
  manifest,
  {
    open: async () => ({ ok: true }),
    me: async ({ principal }) => ({ sub: principal.sub }),
    catalogue: async ({ principal, query }) => ({ caller: principal?.sub ?? null, query }),
    unit: async ({ params, body, query, authorize }) => {
      await authorize('account.manage', params.orgUnitId);
      if (body.name === 'taken') throw conflict('That name is taken.');
      if (body.name === 'boom') throw new Error('secret internal detail');
      seen = { params, body, query };
      return reply(201, { created: params.orgUnitId });
    },
  },
  deps,
);

const event = (
  routeKey: string,
  path: string,
  options: {
    sub?: string;
    body?: string;
    contentType?: string;
    query?: Record<string, string>;
    params?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
) => {
  const e = loadEvent<
    APIGatewayProxyEventV2 & { requestContext: { authorizer?: { jwt: { claims: Record<string, string> } } } }
  >('identity/get-me.json');
  e.routeKey = routeKey;
  e.rawPath = path;
  if (options.sub) e.requestContext.authorizer!.jwt.claims.sub = options.sub;
  else delete e.requestContext.authorizer;
  if (options.body !== undefined) {
    e.body = options.body;
    e.headers['content-type'] = options.contentType ?? 'application/json';
  }
  if (options.query) e.queryStringParameters = options.query;
  if (options.params) e.pathParameters = options.params;
  Object.assign(e.headers, options.headers);
  return e;
};
const call = async (e: APIGatewayProxyEventV2) => {
  const res = (await handler(e, lambdaContext())) as APIGatewayProxyStructuredResultV2;
  return { ...res, json: res.body ? JSON.parse(res.body) : undefined };
};
const valid = JSON.stringify({ name: 'Trường THCS Lê Lợi', guardians: [{ phone: '0912345678' }] });

describe('request pipeline', () => {
  it('serves public routes without a principal, with security and CORS headers', async () => {
    const res = await call(event('GET /health', '/health'));
    expect(res.statusCode).toBe(200);
    expect(res.json).toEqual({ ok: true });
    expect(
      res.headers?.['Strict-Transport-Security'] ?? res.headers?.['strict-transport-security'],
    ).toBeTruthy();
    expect(res.headers?.['Access-Control-Allow-Origin']).toBe('*');
    expect(res.headers?.['x-correlation-id']).toBe('0d5b1c2a-6f44-4c1b-9d3e-2f1f4b1c9a10');
  });

  it('401 when a protected route gets no claims', async () => {
    const res = await call(event('GET /me', '/me'));
    expect(res.statusCode).toBe(401);
    expect(res.headers?.['content-type']).toContain('application/problem+json');
    expect(res.json).toMatchObject({ status: 401, type: expect.stringContaining('unauthenticated') });
  });

  it('self.read needs only a valid token, even before an account exists', async () => {
    const res = await call(event('GET /me', '/me', { sub: 'first-visit' }));
    expect(res.statusCode).toBe(200);
    expect(res.json).toEqual({ sub: 'first-visit' });
  });

  it('403 before validation when the caller lacks the permission', async () => {
    const res = await call(
      event('POST /org-units/{orgUnitId}', '/x', {
        sub: 'teacher',
        body: '{}',
        params: { orgUnitId: 'bad id' },
      }),
    );
    expect(res.statusCode).toBe(403);
    expect(res.json.errors).toBeUndefined();
  });

  it('400 lists every bad field with where it came from', async () => {
    const res = await call(
      event('POST /org-units/{orgUnitId}', '/x', {
        sub: 'admin',
        params: { orgUnitId: 'bad id' },
        query: { dryRun: 'maybe' },
        body: JSON.stringify({ name: '', guardians: [{ phone: '123' }] }),
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json.errors.map((e: { in: string; field: string }) => `${e.in}:${e.field}`)).toEqual([
      'path:orgUnitId',
    ]);
    const body = await call(
      event('POST /org-units/{orgUnitId}', '/x', {
        sub: 'admin',
        params: { orgUnitId: 'S-ONE' },
        body: JSON.stringify({ name: '', guardians: [{ phone: '123' }] }),
      }),
    );
    expect(body.json.errors.map((e: { in: string; field: string }) => `${e.in}:${e.field}`).sort()).toEqual([
      'body:guardians.0.phone',
      'body:name',
    ]);
  });

  it('400 for missing or malformed JSON, 415 for another media type', async () => {
    const base = { sub: 'admin', params: { orgUnitId: 'S-ONE' } };
    expect((await call(event('POST /org-units/{orgUnitId}', '/x', base))).statusCode).toBe(400);
    expect(
      (await call(event('POST /org-units/{orgUnitId}', '/x', { ...base, body: '{"name":' }))).statusCode,
    ).toBe(400);
    expect(
      (
        await call(
          event('POST /org-units/{orgUnitId}', '/x', { ...base, body: valid, contentType: 'text/csv' }),
        )
      ).statusCode,
    ).toBe(415);
  });

  it('passes parsed, typed input to the handler', async () => {
    const res = await call(
      event('POST /org-units/{orgUnitId}', '/x', {
        sub: 'admin',
        params: { orgUnitId: 'S-ONE' },
        query: { dryRun: 'true' },
        body: valid,
      }),
    );
    expect(res.statusCode).toBe(201);
    expect(seen).toEqual({
      params: { orgUnitId: 'S-ONE' },
      query: { dryRun: 'true' },
      body: JSON.parse(valid),
    });
  });

  it('authorize(): 403 outside the scope, 404 for an unknown unit', async () => {
    const other = await call(
      event('POST /org-units/{orgUnitId}', '/x', {
        sub: 'admin',
        params: { orgUnitId: 'C-TWO' },
        body: valid,
      }),
    );
    expect(other.statusCode).toBe(403);
    const unknown = await call(
      event('POST /org-units/{orgUnitId}', '/x', {
        sub: 'admin',
        params: { orgUnitId: 'NOPE' },
        body: valid,
      }),
    );
    expect(unknown.statusCode).toBe(404);
  });

  it('maps problems thrown by handlers, and hides our own failures behind a 500', async () => {
    const base = { sub: 'admin', params: { orgUnitId: 'S-ONE' } };
    const taken = await call(
      event('POST /org-units/{orgUnitId}', '/x', {
        ...base,
        body: JSON.stringify({ name: 'taken', guardians: [] }),
      }),
    );
    expect(taken.statusCode).toBe(409);
    expect(taken.json.detail).toBe('That name is taken.');
    const boom = await call(
      event('POST /org-units/{orgUnitId}', '/x', {
        ...base,
        body: JSON.stringify({ name: 'boom', guardians: [] }),
      }),
    );
    expect(boom.statusCode).toBe(500);
    expect(boom.body).not.toContain('secret');
    expect(boom.json.correlationId).toBeTruthy();
  });

  it('404 problem for a route key it does not serve', async () => {
    const res = await call(event('DELETE /nothing', '/nothing', { sub: 'admin' }));
    expect(res.statusCode).toBe(404);
  });

  it('refuses to build an API whose manifest and handlers disagree', () => {
    expect(() =>
      makeApi(
        manifest,
        { open: async () => ({}), me: async () => ({}), catalogue: async () => ({}) } as never,
        deps,
      ),
    ).toThrow(/route unit .* has no handler/);
    expect(() =>
      makeApi(
        manifest,
        {
          open: async () => ({}),
          me: async () => ({}),
          catalogue: async () => ({}),
          unit: async () => ({}),
          extra: async () => ({}),
        } as never,
        deps,
      ),
    ).toThrow(/handler extra is not in the manifest/);
  });
});

describe('a token is not an account', () => {
  it('a public route sees no principal for a token without an account, or with a disabled one', async () => {
    for (const sub of ['first-visit', 'gone']) {
      const res = await call(event('GET /catalogue', '/catalogue', { sub }));
      expect(res.statusCode, sub).toBe(200);
      expect(res.json.caller, sub).toBeNull();
    }
    const anonymous = await call(event('GET /catalogue', '/catalogue'));
    expect(anonymous.json.caller).toBeNull();
    const member = await call(event('GET /catalogue', '/catalogue', { sub: 'teacher' }));
    expect(member.json.caller).toBe('teacher');
  });

  it('beyond /me, a token without an account is refused and told why', async () => {
    const res = await call(
      event('POST /org-units/{orgUnitId}', '/x', {
        sub: 'first-visit',
        params: { orgUnitId: 'S-ONE' },
        body: valid,
        headers: { 'accept-language': 'vi' },
      }),
    );
    expect(res.statusCode).toBe(403);
    expect(res.json.detail).toMatch(/chưa có tài khoản/);
    const roleless = await call(
      event('POST /org-units/{orgUnitId}', '/x', {
        sub: 'teacher',
        params: { orgUnitId: 'S-ONE' },
        body: valid,
      }),
    );
    expect(roleless.statusCode).toBe(403);
    expect(roleless.json.detail).toBe('Your roles do not allow this action.');
  });
});

describe('personal ID numbers never in a web address', () => {
  it('refuses a 12-digit number in any query value, alone or among words, naming the parameter', async () => {
    for (const q of ['031188009999', 'nguyen 031188009999', '031188009999,x']) {
      const res = await call(event('GET /catalogue', '/catalogue', { query: { q } }));
      expect(res.statusCode, q).toBe(400);
      expect(res.json.errors, q).toEqual([
        { in: 'query', field: 'q', message: 'No personal ID number in a web address' },
      ]);
      expect(res.body, q).not.toContain('031188009999');
    }
  });

  it('lets other numbers through: ISBNs, years, a UUID whose last group is all digits', async () => {
    for (const q of [
      '9786040000000',
      '0306406152',
      '2026',
      '11111111-2222-4333-8444-555555555501',
      'x031188009999',
    ]) {
      const res = await call(event('GET /catalogue', '/catalogue', { query: { q } }));
      expect(res.statusCode, q).toBe(200);
    }
  });
});
