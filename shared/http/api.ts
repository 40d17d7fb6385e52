/**
 * The request pipeline every context's API function is built from:
 *
 *   correlation id → route lookup (event.routeKey) → JWT claims → principal → the route's
 *   permission (default deny) → zod validation of path, query and body → handler → response,
 *   with CORS and security headers on every answer and RFC 9457 problem+json for every error.
 *
 * A token is not an account: a subject with no usable account (none, or a disabled one) holds no
 * role (principal-loader.ts), so it passes only the baseline (`GET /me`), and on public routes it
 * is handed to the handler as no principal at all — exactly what an anonymous caller gets.
 * Personal ID numbers never travel in a web address (access logs keep addresses for 400 days):
 * a query string carrying one is refused before any handler reads it (docs/privacy.md).
 *
 * Claims are read where API Gateway puts them — a JWT authorizer's under
 * requestContext.authorizer.jwt, the two-issuer Lambda authorizer's under .lambda — once the
 * authorizer has checked signature, issuer, audience and expiry (docs/identity.md). The local API
 * adapter validates tokens the same way before it calls the handler. The issuer says how the person
 * signed in (the staff SSO or VNeID, shared/auth/sign-in.ts): a VNeID subject is namespaced
 * (`vneid:<sub>`), and the principal carries the sign-in kind and VNeID's identity level, both
 * from the verified claims and never from the request.
 */
import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { localizingReplacer, renderText } from '#shared/text/texts.ts';
import { can, type ItemFacts, type OrgTarget } from '../auth/can.ts';
import type { Permission } from '../auth/permissions.ts';
import { type LoadedPrincipal, makePrincipalLoader, orgTree } from '../auth/principal-loader.ts';
import { issuersOf, routeSignIn, type SignIn, signInOf } from '../auth/sign-in.ts';
import { measureCapacity } from '../db/consumed-capacity.ts';
import { InvalidCursorError } from '../db/pagination.ts';
import type { ContextManifest, RouteDefinition } from '../manifest.ts';
import { routeKey } from '../manifest.ts';
import { logger } from '../observability/logger.ts';
import { type Language, preferredLanguage, translate, zodErrorMap } from './language.ts';
import {
  badRequest,
  fieldError,
  fieldErrors,
  forbidden,
  HttpProblem,
  internalError,
  notFound,
  type ProblemBody,
  unauthorized,
} from './problem.ts';
import { httpText } from './texts.ts';

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;
type RequestPart<
  D extends RouteDefinition,
  K extends 'params' | 'query' | 'body',
> = D['request'] extends object ? Infer<D['request'][K]> : undefined;

export interface RequestContext<D extends RouteDefinition> {
  params: RequestPart<D, 'params'>;
  query: RequestPart<D, 'query'>;
  body: RequestPart<D, 'body'>;
  /** Present on every route but `public` ones and authorities' (a client is no person). */
  principal: D['signIn'] extends 'authority'
    ? undefined
    : D['permission'] extends 'public'
      ? LoadedPrincipal | undefined
      : LoadedPrincipal;
  correlationId: string;
  /** The caller's language from Accept-Language (Vietnamese unless English is preferred). */
  language: Language;
  /**
   * How the caller signed in, from the verified claims (undefined on a public route called
   * anonymously). For VNeID it holds what VNeID asserts (personal ID, date of birth, phone), which
   * is what an account is linked by; for an authority's client, its client id (`sub`).
   */
  signIn: SignIn | undefined;
  event: APIGatewayProxyEventV2;
  /**
   * Checks `permission` against an org unit and its ancestors. An unknown org unit answers 404
   * and one outside the caller's scope 403, so nothing leaks about units the caller cannot see.
   * With an item's facts (its owner, subject, kind…), the item is checked too, and an item the
   * caller may not have answers 404, exactly like one that does not exist.
   */
  authorize(permission: Permission, orgUnitId: string, item?: ItemFacts): Promise<OrgTarget>;
}

const REPLY = Symbol('reply');
export interface Reply {
  [REPLY]: true;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A response other than `200` with a JSON body: another status, headers, HTML. */
export const reply = (status: number, body?: unknown, headers?: Record<string, string>): Reply => ({
  [REPLY]: true,
  status,
  body,
  headers,
});

export type RouteHandler<D extends RouteDefinition> = (request: RequestContext<D>) => Promise<unknown>;

export type RouteHandlers<R extends Record<string, RouteDefinition>> = {
  [K in keyof R]: RouteHandler<R[K]>;
};

export interface ApiDeps {
  loadPrincipal: (sub: string) => Promise<LoadedPrincipal>;
  resolveOrgUnit: (orgUnitId: string) => Promise<OrgTarget | undefined>;
}

/** Whether the principal is a user of the city: an account that is not disabled. */
export const hasAccount = (principal: LoadedPrincipal): boolean =>
  principal.status === 'invited' || principal.status === 'active';

const NO_ACCOUNT =
  'You are signed in, but you have no account on the platform: ask your school or commune to create one.';

/** A 12-digit number standing alone in a query value: a personal ID number (số định danh cá nhân). */
const PERSONAL_ID_IN_QUERY = /(^|[\s,;+])\d{12}($|[\s,;+])/;

const defaultDeps = (): ApiDeps => ({ loadPrincipal: makePrincipalLoader(), resolveOrgUnit: orgTree() });

type Claims = Record<string, string | number | boolean | string[]>;
type JwtEvent = APIGatewayProxyEventV2 & {
  requestContext: {
    authorizer?: { jwt?: { claims?: Claims }; lambda?: Claims };
  };
};

/** A JWT authorizer's claims, or the two-issuer Lambda authorizer's (its context is the claims). */
const claimsOf = (event: JwtEvent): Claims | undefined =>
  event.requestContext.authorizer?.jwt?.claims ?? event.requestContext.authorizer?.lambda;

export function makeApi<R extends Record<string, RouteDefinition>>(
  manifest: ContextManifest<R>,
  handlers: RouteHandlers<R>,
  deps: ApiDeps = defaultDeps(),
) {
  const table = new Map<
    string,
    { id: string; route: RouteDefinition; handler: RouteHandler<RouteDefinition> }
  >();
  for (const [id, route] of Object.entries(manifest.routes)) {
    const handler = handlers[id as keyof R] as RouteHandler<RouteDefinition> | undefined;
    if (!handler) throw new Error(`${manifest.name}: route ${id} (${routeKey(route)}) has no handler`);
    table.set(routeKey(route), { id, route, handler });
  }
  for (const id of Object.keys(handlers)) {
    if (!(id in manifest.routes)) throw new Error(`${manifest.name}: handler ${id} is not in the manifest`);
  }

  async function serve(event: JwtEvent): Promise<APIGatewayProxyStructuredResultV2> {
    const correlationId = correlationIdOf(event);
    logger.appendKeys({ correlationId, routeKey: event.routeKey });
    try {
      const entry = table.get(event.routeKey);
      if (!entry) throw notFound(`No route ${event.routeKey}.`);
      const { route, handler } = entry;

      const signIn = signInOf(claimsOf(event));
      const principal = await authenticate(event, route, signIn);
      refusePersonalIdsInQuery(event);
      const language = preferredLanguage(event.headers?.['accept-language']);
      const params = parsePart(route.request?.params, event.pathParameters ?? {}, 'path', language);
      const query = parsePart(route.request?.query, event.queryStringParameters ?? {}, 'query', language);
      const body = route.request?.body
        ? parsePart(route.request.body, readJsonBody(event), 'body', language)
        : undefined;

      const result = await handler({
        params,
        query,
        body,
        principal,
        correlationId,
        language,
        signIn: principal || signIn?.kind === 'authority' ? signIn : undefined,
        event,
        authorize: (permission, orgUnitId, item) => authorizeTarget(principal, permission, orgUnitId, item),
      } as RequestContext<RouteDefinition>);
      return toResponse(result, route.response?.status ?? 200, correlationId, language);
    } catch (error) {
      return problemResponse(error, event, correlationId);
    } finally {
      logger.removeKeys(['correlationId', 'routeKey']);
    }
  }

  async function authenticate(
    event: JwtEvent,
    route: RouteDefinition,
    signIn: SignIn | undefined,
  ): Promise<LoadedPrincipal | undefined> {
    if (route.permission === 'public') {
      if (!signIn) return undefined;
      const principal = await principalOf(signIn);
      return hasAccount(principal) ? principal : undefined;
    }
    if (!signIn) throw unauthorized();
    // The authorizer admits only the route's issuers; this holds if a route's authorizer is ever
    // misconfigured. The Lambda authorizer's answer is cached per token for minutes: it must not
    // outlive the token (a JWT authorizer checks expiry on every request itself), so an expired
    // one is 401 here, and the portal refreshes.
    if (!issuersOf(routeSignIn(route)).includes(signIn.kind)) throw unauthorized();
    const lambdaExp = Number(event.requestContext.authorizer?.lambda?.exp);
    if (Number.isFinite(lambdaExp) && lambdaExp * 1000 < Date.now()) throw unauthorized();
    // An authority's client is no person: no principal is loaded; the handler answers by the
    // client's registration (functions/diplomas/authorities.ts).
    if (signIn.kind === 'authority') return undefined;
    const principal = await principalOf(signIn);
    if (!can(principal, route.permission)) throw forbidden(hasAccount(principal) ? undefined : NO_ACCOUNT);
    return principal;
  }

  /**
   * The account's principal (cached by its namespaced key), with what this token says: how the
   * person signed in, VNeID's identity level, and the provider's name for a subject the platform
   * has no name for yet.
   */
  async function principalOf(signIn: SignIn): Promise<LoadedPrincipal> {
    const loaded = await deps.loadPrincipal(signIn.principalKey);
    return {
      ...loaded,
      signIn: signIn.kind,
      ...(signIn.identityLevel ? { identityLevel: signIn.identityLevel } : {}),
      ...(loaded.displayName || !signIn.name ? {} : { displayName: signIn.name }),
    };
  }

  async function authorizeTarget(
    principal: LoadedPrincipal | undefined,
    permission: Permission,
    orgUnitId: string,
    item?: ItemFacts,
  ): Promise<OrgTarget> {
    if (!principal) throw unauthorized();
    const unit = await deps.resolveOrgUnit(orgUnitId);
    if (!unit && item) throw notFound();
    if (!unit) throw notFound(httpText('no-unit', { id: orgUnitId }));
    if (item) {
      if (!can(principal, permission, { ...unit, item })) throw notFound();
      return unit;
    }
    if (!can(principal, permission, unit)) throw forbidden(httpText('unit-outside-scope'));
    return unit;
  }

  return (
    middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
      .use(httpSecurityHeaders())
      .use(
        httpCors({
          origins: (process.env.ALLOWED_ORIGINS ?? '*').split(','),
          exposeHeaders: 'x-correlation-id',
        }),
      )
      // Each request's DynamoDB units, per route (one EMF metric on AWS; the local invoker's scope
      // counts them when it runs the function).
      .handler((event) =>
        measureCapacity(event.routeKey, () => serve(event as JwtEvent), {
          correlationId: correlationIdOf(event),
        }),
      )
  );
}

function correlationIdOf(event: APIGatewayProxyEventV2): string {
  const header = event.headers?.['x-correlation-id'];
  return header && /^[\w.:-]{1,128}$/.test(header) ? header : event.requestContext.requestId;
}

function refusePersonalIdsInQuery(event: APIGatewayProxyEventV2) {
  const found = Object.entries(event.queryStringParameters ?? {}).find(
    ([, value]) => value !== undefined && PERSONAL_ID_IN_QUERY.test(value),
  );
  if (!found) return;
  throw badRequest(
    'Personal ID numbers never go in a web address (addresses are kept in access logs): send it in the body of the POST search or lookup route.',
    [{ in: 'query', field: found[0], message: 'No personal ID number in a web address' }],
  );
}

function parsePart(
  schema: z.ZodType | undefined,
  value: unknown,
  where: 'path' | 'query' | 'body',
  language: Language,
): unknown {
  if (!schema) return undefined;
  const errorMap = zodErrorMap(language);
  const result = errorMap ? schema.safeParse(value, { error: errorMap }) : schema.safeParse(value);
  if (!result.success) {
    throw badRequest(
      `The ${where === 'path' ? 'path' : where} has invalid values.`,
      fieldErrors(where, result.error),
    );
  }
  return result.data;
}

function readJsonBody(event: APIGatewayProxyEventV2): unknown {
  if (!event.body)
    throw badRequest('A JSON body is required.', [{ in: 'body', field: '', message: 'Required' }]);
  const contentType = event.headers?.['content-type'] ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new HttpProblem({
      status: 415,
      title: 'Unsupported media type',
      slug: 'unsupported-media-type',
      detail: 'Send the body as application/json.',
    });
  }
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('The body is not valid JSON.', [{ in: 'body', field: '', message: 'Malformed JSON' }]);
  }
}

function toResponse(
  result: unknown,
  status: number,
  correlationId: string,
  language: Language,
): APIGatewayProxyStructuredResultV2 {
  const r: Reply = isReply(result) ? result : reply(status, result);
  const headers: Record<string, string> = { 'x-correlation-id': correlationId, ...r.headers };
  if (r.body === undefined) return { statusCode: r.status, headers };
  if (typeof r.body === 'string' && headers['content-type'])
    return { statusCode: r.status, headers, body: r.body };
  return {
    statusCode: r.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: language === 'en' ? JSON.stringify(r.body) : JSON.stringify(r.body, localizingReplacer(language)),
  };
}

const isReply = (value: unknown): value is Reply =>
  typeof value === 'object' && value !== null && REPLY in value;

/**
 * Title, detail and field messages in the caller's language: coded messages from their
 * catalogue (shared/text/texts.ts), plain sentences from language.ts where it has them.
 */
function localize(problem: HttpProblem, body: ProblemBody, language: Language): ProblemBody {
  if (language === 'en') return body;
  const coded = problem.detailText;
  const detail = coded
    ? renderText(coded.code, coded.params, language)
    : body.detail && translate(body.detail, language);
  return {
    ...body,
    title: translate(body.title, language),
    ...(detail ? { detail } : {}),
    ...(body.errors
      ? {
          errors: body.errors.map((e) => ({
            ...e,
            message: (e.code && renderText(e.code, e.params, language)) ?? translate(e.message, language),
          })),
        }
      : {}),
  };
}

function problemResponse(
  error: unknown,
  event: APIGatewayProxyEventV2,
  correlationId: string,
): APIGatewayProxyStructuredResultV2 {
  let problem: HttpProblem;
  if (error instanceof HttpProblem) problem = error;
  else if (error instanceof InvalidCursorError)
    problem = badRequest(httpText('invalid-cursor'), [
      fieldError('query', 'cursor', httpText('invalid-cursor')),
    ]);
  else {
    logger.error('Unhandled error', { error: error as Error });
    problem = internalError();
  }
  if (problem.status >= 500) logger.error('Request failed', { status: problem.status });
  const language = preferredLanguage(event.headers?.['accept-language']);
  return {
    statusCode: problem.status,
    headers: {
      'content-type': 'application/problem+json; charset=utf-8',
      'content-language': language,
      'x-correlation-id': correlationId,
      ...problem.headers,
    },
    body: JSON.stringify({ ...localize(problem, problem.toBody(event.rawPath), language), correlationId }),
  };
}
