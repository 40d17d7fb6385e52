/**
 * Verifies an OIDC access token against several trusted issuers, as API Gateway's JWT authorizer
 * does against one: the signature through the issuer's JWKS (found by OpenID discovery, cached per
 * container), the issuer, the audience, the expiry. Used by the two-issuer Lambda authorizer in AWS
 * (shared/auth/authorizer.ts) and by the local API gateway, so both accept exactly the same tokens.
 */
import { createRemoteJWKSet, decodeJwt, type JWTPayload, jwtVerify } from 'jose';
import type { SignInKind } from './sign-in.ts';

export interface TrustedIssuer {
  kind: SignInKind;
  issuer: string;
  audience: string;
  /** Default: `jwks_uri` from the issuer's `/.well-known/openid-configuration`. */
  jwksUri?: string;
}

export class TokenRefused extends Error {}

/** Claims as API Gateway hands them to a function: every value a string. */
export const claimsAsStrings = (payload: JWTPayload): Record<string, string> =>
  Object.fromEntries(
    Object.entries(payload).map(([k, v]) => [
      k,
      Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'object' ? JSON.stringify(v) : String(v),
    ]),
  );

export function makeTokenVerifier(issuers: readonly TrustedIssuer[]) {
  const keySets = new Map<string, Promise<ReturnType<typeof createRemoteJWKSet>>>();
  const keysOf = (trusted: TrustedIssuer) => {
    let keys = keySets.get(trusted.issuer);
    if (!keys) {
      keys = (async () => {
        if (trusted.jwksUri) return createRemoteJWKSet(new URL(trusted.jwksUri));
        const discovery = await fetch(
          `${trusted.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
        );
        if (!discovery.ok) throw new Error(`No OpenID configuration at ${trusted.issuer}`);
        const { jwks_uri } = (await discovery.json()) as { jwks_uri?: string };
        if (!jwks_uri) throw new Error(`${trusted.issuer} names no jwks_uri`);
        return createRemoteJWKSet(new URL(jwks_uri));
      })();
      // A failed discovery is tried again on the next token, not remembered.
      keys.catch(() => keySets.delete(trusted.issuer));
      keySets.set(trusted.issuer, keys);
    }
    return keys;
  };

  /**
   * The token's kind and claims if one of the `allowed` kinds' issuers signed it for its audience
   * and it has not expired; TokenRefused otherwise. The unverified `iss` only picks which issuer's
   * keys to try: the signature and every claim are then checked against that issuer.
   */
  return async function verify(
    token: string,
    allowed: readonly SignInKind[],
  ): Promise<{ kind: SignInKind; claims: Record<string, string> }> {
    let iss: string | undefined;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      throw new TokenRefused('not a JWT');
    }
    const trusted = issuers.find((i) => i.issuer === iss && allowed.includes(i.kind));
    if (!trusted) throw new TokenRefused('issuer not accepted here');
    try {
      const { payload } = await jwtVerify(token, await keysOf(trusted), {
        issuer: trusted.issuer,
        audience: trusted.audience,
        algorithms: ['RS256', 'ES256', 'PS256'],
      });
      return { kind: trusted.kind, claims: claimsAsStrings(payload) };
    } catch (error) {
      throw new TokenRefused((error as Error).message);
    }
  };
}
