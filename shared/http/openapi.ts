/**
 * The OpenAPI 3.1 document, generated from the manifests' zod schemas: what the API Gateway routes
 * are is exactly what the document says. Served at GET /openapi.json and linted in tests.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import type { ContextManifest, RouteDefinition } from '../manifest.ts';

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    /** In the caller's language (Accept-Language). */
    detail: z.string().optional(),
    instance: z.string().optional(),
    correlationId: z.string().optional(),
    errors: z
      .array(
        z.object({
          in: z.enum(['path', 'query', 'body', 'header']),
          field: z.string(),
          /** In the caller's language. */
          message: z.string(),
          /** The message's code in the catalogue, with its parameters, when it has one. */
          code: z.string().optional(),
          params: z.record(z.string(), z.unknown()).optional(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

const SIGN_IN_TEXT = {
  staff: 'Tokens of the staff single sign-on.',
  citizen: 'Tokens of VNeID (the national identity).',
  any: 'Tokens of the staff single sign-on or of VNeID.',
  authority:
    'For authorities’ systems: a client-credentials token of the staff single sign-on with the scope `diplomas.verify`.',
} as const;

export function buildOpenApi(manifests: readonly ContextManifest[], serverUrl = '/') {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'oidc', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'An OpenID Connect access token: from the city’s staff single sign-on, or from VNeID (the national identity) on the routes that say so (docs/identity.md)',
  });

  for (const manifest of manifests) {
    for (const [operationId, route] of Object.entries(manifest.routes)) {
      registry.registerPath(pathOf(manifest.name, operationId, route));
    }
  }

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'VN Edu Cloud API',
      version: '1.0.0',
      description:
        'API of the city education platform: education database, exams, professional records, training, library, diplomas and the portal.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: serverUrl }],
    tags: manifests.map((m) => ({ name: m.name, description: m.description })),
  });
}

function pathOf(context: string, operationId: string, route: RouteDefinition) {
  const secured = route.permission !== 'public';
  const status = route.response?.status ?? 200;
  const contentType = route.response?.contentType ?? 'application/json';
  const body = route.request?.body;
  return {
    method: route.method.toLowerCase() as Lowercase<RouteDefinition['method']>,
    path: route.path,
    operationId: `${context}.${operationId}`,
    summary: route.summary,
    description: secured
      ? `Requires permission \`${route.permission}\`. ${SIGN_IN_TEXT[route.signIn ?? 'staff']}`
      : 'Public: no sign-in needed.',
    tags: route.tags ?? [context],
    security: secured ? [{ oidc: [] }] : [],
    request: {
      ...(route.request?.params ? { params: route.request.params } : {}),
      ...(route.request?.query ? { query: route.request.query } : {}),
      ...(body ? { body: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    },
    responses: {
      [status]: {
        description: route.response?.description ?? 'Success',
        ...(route.response?.schema ? { content: { [contentType]: { schema: route.response.schema } } } : {}),
      },
      ...(route.request ? { 400: problem('Invalid request: the `errors` member lists the bad fields') } : {}),
      ...(secured
        ? {
            401: problem('No valid access token'),
            403: problem('The caller lacks the permission or the target is outside its scope'),
          }
        : {}),
      500: problem('Our fault; quote the correlation id'),
    },
  };
}
