/**
 * The HTTP API's two-issuer authorizer (a Lambda REQUEST authorizer, payload 2.0, simple
 * responses) for the routes both staff and citizens call (`signIn: 'any'`): API Gateway's JWT
 * authorizer takes one issuer, these routes accept the staff SSO's and VNeID's tokens. It checks
 * what the JWT authorizer checks (signature by JWKS, issuer, audience, expiry) and hands the
 * claims on as strings under `requestContext.authorizer.lambda`, where the request pipeline reads
 * them. API Gateway caches the answer per Authorization header (docs/identity.md).
 *
 * TRUSTED_ISSUERS: JSON array of { kind: 'staff' | 'vneid', issuer, audience }.
 */
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { makeTokenVerifier } from './token-verifier.ts';

const trustedIssuers = z.array(
  z.object({ kind: z.enum(['staff', 'vneid']), issuer: z.url(), audience: z.string().min(1) }),
);

let verify: ReturnType<typeof makeTokenVerifier> | undefined;

export async function handler(
  event: APIGatewayRequestAuthorizerEventV2,
): Promise<{ isAuthorized: boolean; context?: Record<string, string> }> {
  verify ??= makeTokenVerifier(trustedIssuers.parse(JSON.parse(process.env.TRUSTED_ISSUERS ?? '[]')));
  const token = /^Bearer (.+)$/i.exec(event.headers?.authorization ?? '')?.[1];
  if (!token) return { isAuthorized: false };
  try {
    const { claims } = await verify(token, ['staff', 'vneid']);
    return { isAuthorized: true, context: claims };
  } catch {
    return { isAuthorized: false };
  }
}
