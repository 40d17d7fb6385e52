/**
 * The local stand-in for API Gateway's HTTP API: matches the manifests' routes, validates the
 * bearer token as the route's authorizer does (signature via JWKS, issuer, audience, expiry),
 * builds the payload-format-2.0 event with the claims where API Gateway puts them, and calls the
 * real handler. Unknown routes and bad tokens get API Gateway's own answers.
 *
 * Two issuers (docs/identity.md): a staff route takes the staff SSO's tokens (JWT authorizer:
 * claims under `authorizer.jwt.claims`, 401 for a bad token), a `citizen` route VNeID's (likewise),
 * an `any` route either — in AWS through the two-issuer Lambda authorizer, so its claims are under
 * `authorizer.lambda` and a bad token gets that authorizer's 403.
 *
 * With `capacityHeader`, each answer carries the DynamoDB units its invocation consumed in an
 * `x-consumed-capacity` header (JSON: rru, wru, calls…), which is how the exam load test sums
 * units per step across API worker processes (docs/capacity.md). Never on AWS: there the same
 * figures are one EMF metric per invocation.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AUTHORITY_SCOPE, issuersOf, routeSignIn, type SignInKind } from '../../shared/auth/sign-in.ts';
import { makeTokenVerifier } from '../../shared/auth/token-verifier.ts';
import type { CapacityRecord } from '../../shared/db/consumed-capacity.ts';
import type { RouteDefinition } from '../../shared/manifest.ts';
import type { PlatformPlan } from '../plan.ts';
import { LOCAL_ACCOUNT } from './emulators.ts';
import type { Invoker } from './invoker.ts';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Where API Gateway puts what the route's authorizer found: a JWT authorizer's or a Lambda's. */
type Authorizer =
  | { jwt: { claims: Record<string, string>; scopes: string[] } }
  | { lambda: Record<string, string> };

interface CompiledRoute {
  functionId: string;
  route: RouteDefinition;
  routeKey: string;
  pattern: RegExp;
  names: string[];
}

export function compileRoutes(plan: PlatformPlan): CompiledRoute[] {
  const compiled: CompiledRoute[] = [];
  for (const fn of plan.functions) {
    if (fn.kind !== 'api') continue;
    for (const route of Object.values(fn.manifest.routes)) {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((segment) => {
          const param = /^\{(\w+)(\+)?\}$/.exec(segment);
          if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(param[1]!);
          return param[2] ? '(.+)' : '([^/]+)';
        })
        .join('/');
      compiled.push({
        functionId: fn.id,
        route,
        routeKey: `${route.method} ${route.path}`,
        pattern: new RegExp(`^${source}$`),
        names,
      });
    }
  }
  // API Gateway prefers the most specific route: literal segments before parameters.
  return compiled.sort(
    (a, b) => b.route.path.replace(/\{[^}]+\}/g, '').length - a.route.path.replace(/\{[^}]+\}/g, '').length,
  );
}

export function makeApiGateway(options: {
  plan: PlatformPlan;
  invoker: Invoker;
  /** The two providers; an authority's client credentials are the staff SSO's tokens. */
  issuers: Record<Exclude<SignInKind, 'authority'>, { issuer: string; audience: string }>;
  capacityHeader?: boolean;
}) {
  const routes = compileRoutes(options.plan);
  const verify = makeTokenVerifier(
    (
      [...Object.entries(options.issuers), ['authority', options.issuers.staff]] as [
        SignInKind,
        { issuer: string; audience: string },
      ][]
    ).map(([kind, i]) => ({ kind, issuer: i.issuer, audience: i.audience, jwksUri: `${i.issuer}/jwks` })),
  );

  /** Answers the request if it is an API route; returns false to let the caller try others. */
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname);
    const candidates = routes.filter((r) => r.pattern.test(path));
    if (candidates.length === 0) return false;

    if (method === 'OPTIONS') {
      // CORS preflight, answered by API Gateway itself.
      res.writeHead(204, {
        'access-control-allow-origin': req.headers.origin ?? '*',
        'access-control-allow-methods': [...new Set(candidates.map((c) => c.route.method))].join(','),
        'access-control-allow-headers': 'authorization,content-type,x-correlation-id',
        'access-control-max-age': '600',
      });
      res.end();
      return true;
    }
    const match = candidates.find((r) => r.route.method === method);
    if (!match) return send(res, 404, { message: 'Not Found' });

    let authorizer: Authorizer | undefined;
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (match.route.permission !== 'public') {
      if (!token) return send(res, 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
      const signIn = routeSignIn(match.route);
      try {
        // API Gateway hands claims to the function as strings.
        const { claims } = await verify(token, issuersOf(signIn));
        // An authority's route asks for the authority scope, as its route's authorizationScopes
        // make API Gateway do: a valid token without it is 403.
        if (signIn === 'authority' && !claims.scope?.split(' ').includes(AUTHORITY_SCOPE))
          return send(res, 403, { message: 'Forbidden' });
        authorizer =
          signIn === 'any' ? { lambda: claims } : { jwt: { claims, scopes: claims.scope?.split(' ') ?? [] } };
      } catch {
        if (signIn === 'any') return send(res, 403, { message: 'Forbidden' });
        return send(
          res,
          401,
          { message: 'Unauthorized' },
          { 'www-authenticate': 'Bearer error="invalid_token"' },
        );
      }
    }

    const body = await readBody(req);
    if (body === undefined) return send(res, 413, { message: 'Request Entity Too Large' });
    const values = match.pattern.exec(path)!.slice(1);
    const event = buildEvent(req, url, match, values, body, authorizer);
    let result: APIGatewayProxyStructuredResultV2 | string | undefined;
    let capacity: CapacityRecord | undefined;
    try {
      const measured = await options.invoker.invokeMeasured(match.functionId, event);
      result = measured.result as typeof result;
      capacity = measured.capacity;
    } catch (error) {
      console.error(`[api] ${match.functionId} failed:`, error);
      return send(res, 500, { message: 'Internal Server Error' });
    }
    writeResult(
      res,
      result,
      options.capacityHeader && capacity ? { 'x-consumed-capacity': capacityHeaderOf(capacity) } : {},
    );
    return true;
  };
}

function buildEvent(
  req: IncomingMessage,
  url: URL,
  match: CompiledRoute,
  values: string[],
  body: Buffer,
  authorizer: Authorizer | undefined,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') cookies.push(...String(value).split(/;\s*/));
    else headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const contentType = headers['content-type'] ?? '';
  const textual =
    body.length === 0 || /^(text\/|application\/(.+\+)?(json|xml|x-www-form-urlencoded))/i.test(contentType);
  const now = new Date();
  return {
    version: '2.0',
    routeKey: match.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(match.names.length
      ? { pathParameters: Object.fromEntries(match.names.map((n, i) => [n, values[i]!])) }
      : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: match.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(authorizer ? { authorizer } : {}),
    },
    ...(body.length
      ? { body: textual ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !textual }
      : { isBase64Encoded: false }),
  } as APIGatewayProxyEventV2;
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The units of one invocation, as the `x-consumed-capacity` header carries them. */
export const capacityHeaderOf = ({ rru, wru, indexRru, indexWru, calls, refused }: CapacityRecord) =>
  JSON.stringify({ rru, wru, indexRru, indexWru, calls, refused });

function writeResult(
  res: ServerResponse,
  result: APIGatewayProxyStructuredResultV2 | string | undefined,
  extra: Record<string, string>,
) {
  // Payload format 2.0: anything without a statusCode is a 200 JSON body.
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    send(res, 200, result ?? null, extra);
    return;
  }
  const headers: Record<string, string | string[]> = { ...extra };
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k.toLowerCase()] = String(v);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : undefined);
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): true {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
  return true;
}
