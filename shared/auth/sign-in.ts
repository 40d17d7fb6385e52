/**
 * Who signed in, and how, from a token's verified claims: the city's staff SSO or the national
 * identity, VNeID (docs/identity.md). The claims were checked by the API's authorizer (API
 * Gateway's JWT authorizer, the two-issuer authorizer, or the local gateway): signature, issuer,
 * audience, expiry. Nothing here comes from a request body.
 *
 * Subjects are namespaced: a VNeID subject becomes the principal key `vneid:<sub>`. Account ids
 * of the staff SSO never hold a colon (functions/identity/schemas.ts), so a citizen's key and a
 * staff member's key never collide — not in the principal cache, not in the table.
 */
import type { RouteDefinition } from '../manifest.ts';

/**
 * How the caller signed in: `staff` = the city's SSO, `vneid` = the national identity,
 * `authority` = an authority's system (an employer, another department) with the SSO's OAuth
 * client credentials and the authority scope — no person, no account.
 */
export type SignInKind = 'staff' | 'vneid' | 'authority';
/** Who may call a route: staff SSO tokens (default), VNeID tokens, or either. */
export type RouteSignIn = NonNullable<RouteDefinition['signIn']>;

export const VNEID_SUBJECT_PREFIX = 'vneid:';
export const AUTHORITY_SUBJECT_PREFIX = 'authority:';
/**
 * The scope the staff SSO grants only to authorities' clients (client credentials): API Gateway's
 * authorizer asks for it on their routes, and a token holding it is an authority's, never a person's.
 */
export const AUTHORITY_SCOPE = 'diplomas.verify';

export interface SignIn {
  kind: SignInKind;
  issuer: string;
  /** The provider's own subject. */
  sub: string;
  /** The principal's key: the subject, namespaced for VNeID. */
  principalKey: string;
  /** VNeID's identity level (mức 1 / mức 2); level 2 is required for applications. */
  identityLevel?: 1 | 2;
  /** The full name the provider asserts (a subject without an account still has a name). */
  name?: string;
  /** What VNeID asserts about the person, for linking the account to the education database. */
  citizen?: { personalId?: string; birthdate?: string; phone?: string };
}

export const issuersOf = (signIn: RouteSignIn = 'staff'): SignInKind[] =>
  signIn === 'any'
    ? ['staff', 'vneid']
    : signIn === 'citizen'
      ? ['vneid']
      : signIn === 'authority'
        ? ['authority']
        : ['staff'];

export const routeSignIn = (route: Pick<RouteDefinition, 'signIn'>): RouteSignIn => route.signIn ?? 'staff';

type Claims = Record<string, string | number | boolean | string[] | undefined>;

/**
 * The sign-in behind verified claims; undefined without a subject. A token is VNeID's when its
 * `iss` is the configured VNeID issuer (`VNEID_ISSUER`), otherwise it is the staff SSO's: a
 * person's, or an authority's client when it holds the authority scope (its key is the client's id,
 * `client_id`, or `azp` as Keycloak names it).
 */
export function signInOf(
  claims: Claims | undefined,
  vneidIssuer = process.env.VNEID_ISSUER,
): SignIn | undefined {
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub === '') return undefined;
  const issuer = String(claims?.iss ?? '');
  const name = typeof claims?.name === 'string' && claims.name !== '' ? claims.name : undefined;
  if (!vneidIssuer || issuer !== vneidIssuer) {
    const scopes = String(claims?.scope ?? '').split(' ');
    if (scopes.includes(AUTHORITY_SCOPE)) {
      const clientId = String(claims?.client_id ?? claims?.azp ?? sub);
      return {
        kind: 'authority',
        issuer,
        sub: clientId,
        principalKey: `${AUTHORITY_SUBJECT_PREFIX}${clientId}`,
      };
    }
    return { kind: 'staff', issuer, sub, principalKey: sub, ...(name ? { name } : {}) };
  }
  // API Gateway hands claims over as strings: "2", not 2.
  const level = Number(claims?.identity_level);
  const text = (key: string) =>
    typeof claims?.[key] === 'string' && claims[key] !== '' ? claims[key] : undefined;
  const personalId = text('personal_id');
  const birthdate = text('birthdate');
  const phone = text('phone_number');
  return {
    kind: 'vneid',
    issuer,
    sub,
    principalKey: `${VNEID_SUBJECT_PREFIX}${sub}`,
    ...(level === 1 || level === 2 ? { identityLevel: level } : {}),
    ...(name ? { name } : {}),
    citizen: {
      ...(personalId ? { personalId } : {}),
      ...(birthdate ? { birthdate } : {}),
      ...(phone ? { phone } : {}),
    },
  };
}
