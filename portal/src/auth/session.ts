/**
 * Sign-in with OpenID Connect authorization code + PKCE (oauth4webapi): no client secret in the
 * browser. The access token — the one credential the API accepts — lives in memory only and is
 * refreshed before it expires. What survives a reload, in sessionStorage (this tab only, gone when
 * it closes), is the rotating refresh token with the ID token and the user's name: at boot the
 * portal trades it for a fresh access token before it renders. When refreshing fails the session
 * ends with a clear message. (Why the refresh token is kept at all: portal/README.md, Decisions.)
 *
 * Two providers: the city's staff SSO and the national identity, VNeID (docs/identity.md). The
 * session remembers which one signed the user in, and refreshes and signs out there.
 */
import * as oauth from 'oauth4webapi';
import { getConfig, type Provider, providerConfig } from '../config.ts';

export interface Session {
  accessToken: string;
  idToken?: string;
  refreshToken?: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  name?: string;
  sub: string;
  /** Who signed the user in (older saved sessions: the staff SSO). */
  provider?: Provider;
  /** VNeID's identity level, from its ID token. */
  identityLevel?: 1 | 2;
}

export type SessionState =
  | { status: 'signed-out'; reason?: 'expired' | 'logged-out' }
  | { status: 'signed-in'; session: Session };

const SESSION_KEY = 'vn-edu.session';
const LOGIN_KEY = 'vn-edu.login';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

/** What a reload keeps: everything but the access token. */
type SavedSession = Omit<Session, 'accessToken' | 'expiresAt'>;

let state: SessionState = restore();
const listeners = new Set<(state: SessionState) => void>();
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
const serverMetadata = new Map<Provider, Promise<oauth.AuthorizationServer>>();

/**
 * A reloaded tab's session, still without an access token (`resumeSession` gets one before the
 * app renders); a saved session that cannot be refreshed has ended.
 */
function restore(): SessionState {
  const raw = globalThis.sessionStorage?.getItem(SESSION_KEY);
  if (!raw) return { status: 'signed-out' };
  const saved = JSON.parse(raw) as SavedSession;
  if (!saved.refreshToken) return { status: 'signed-out', reason: 'expired' };
  // An access token saved by an older portal is not trusted either: the refresh replaces it.
  return { status: 'signed-in', session: { ...saved, accessToken: '', expiresAt: 0 } };
}

function set(next: SessionState) {
  state = next;
  if (next.status === 'signed-in') {
    const { accessToken: _memoryOnly, expiresAt: _withIt, ...saved } = next.session;
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(saved satisfies SavedSession));
  } else sessionStorage.removeItem(SESSION_KEY);
  scheduleRefresh();
  for (const listener of listeners) listener(next);
}

export const sessionState = () => state;
export const accessToken = () =>
  state.status === 'signed-in' && state.session.accessToken ? state.session.accessToken : undefined;

export function onSessionChange(listener: (state: SessionState) => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Plain http is allowed only for the development providers on this machine. */
function requestOptions(provider: Provider) {
  const issuer = new URL(providerConfig(provider).issuer);
  const local = issuer.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(issuer.hostname);
  return { [oauth.allowInsecureRequests]: local };
}

function authorizationServer(provider: Provider) {
  let metadata = serverMetadata.get(provider);
  if (!metadata) {
    metadata = (async () => {
      const issuer = new URL(providerConfig(provider).issuer);
      const response = await oauth.discoveryRequest(issuer, {
        algorithm: 'oidc',
        ...requestOptions(provider),
      });
      return oauth.processDiscoveryResponse(issuer, response);
    })();
    serverMetadata.set(provider, metadata);
  }
  return metadata;
}

/** The provider of the current session (the staff SSO for sessions saved before VNeID). */
const sessionProvider = (): Provider =>
  state.status === 'signed-in' ? (state.session.provider ?? 'staff') : 'staff';

/** Whether the portal offers the national-identity sign-in (its configuration names VNeID). */
export const vneidAvailable = () => Boolean(getConfig().vneid);

/**
 * The API's audience as an RFC 8707 resource indicator when it is a URI; a provider configured
 * with a plain audience name (like the development one) issues tokens for it by default.
 */
function resourceParameter(provider: Provider): Record<string, string> {
  const { audience } = providerConfig(provider);
  return URL.canParse(audience) ? { resource: audience } : {};
}

const client = (provider: Provider) => ({ client_id: providerConfig(provider).clientId });
const redirectUri = () => new URL(getConfig().redirectPath, location.origin).href;

/**
 * Sends the browser to the identity provider (the staff SSO unless told VNeID); it comes back to
 * /auth/callback.
 */
export async function login(
  returnTo = `${location.pathname}${location.search}`,
  provider: Provider = 'staff',
) {
  const as = await authorizationServer(provider);
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const stateParam = oauth.generateRandomState();
  sessionStorage.setItem(LOGIN_KEY, JSON.stringify({ codeVerifier, state: stateParam, returnTo, provider }));
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: providerConfig(provider).clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: providerConfig(provider).scope,
    ...resourceParameter(provider),
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state: stateParam,
  }).toString();
  location.assign(url.href);
}

let lastProvider: Provider = 'staff';
/** The provider of the last sign-in attempt: "try again" after a failure goes back to it. */
export const lastLoginProvider = () => lastProvider;

/** Finishes the code flow on /auth/callback; returns where the user was going. */
export async function completeLogin(callbackUrl: URL): Promise<string> {
  const pending = sessionStorage.getItem(LOGIN_KEY);
  if (!pending) throw new Error('no sign-in in progress');
  sessionStorage.removeItem(LOGIN_KEY);
  const {
    codeVerifier,
    state: expectedState,
    returnTo,
    provider = 'staff',
  } = JSON.parse(pending) as {
    codeVerifier: string;
    state: string;
    returnTo: string;
    provider?: Provider;
  };
  lastProvider = provider;
  const as = await authorizationServer(provider);
  const params = oauth.validateAuthResponse(as, client(provider), callbackUrl, expectedState);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client(provider),
    oauth.None(),
    params,
    redirectUri(),
    codeVerifier,
    { additionalParameters: resourceParameter(provider), ...requestOptions(provider) },
  );
  const tokens = await oauth.processAuthorizationCodeResponse(as, client(provider), response);
  set({ status: 'signed-in', session: toSession(tokens, provider) });
  return returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/home';
}

function toSession(tokens: oauth.TokenEndpointResponse, provider: Provider, previous?: Session): Session {
  const claims = tokens.id_token ? oauth.getValidatedIdTokenClaims(tokens) : undefined;
  const sub = String(claims?.sub ?? previous?.sub ?? '');
  const name = (claims?.['name'] as string | undefined) ?? previous?.name;
  const level = Number(claims?.['identity_level'] ?? previous?.identityLevel);
  return {
    provider,
    ...(level === 1 || level === 2 ? { identityLevel: level } : {}),
    accessToken: tokens.access_token,
    idToken: tokens.id_token ?? previous?.idToken,
    refreshToken: tokens.refresh_token ?? previous?.refreshToken,
    expiresAt: Date.now() + (tokens.expires_in ?? 300) * 1000,
    sub,
    ...(name ? { name } : {}),
  };
}

let refreshing: Promise<boolean> | undefined;

/** Trades the refresh token for a new access token; on failure the session ends as expired. */
export function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    if (state.status !== 'signed-in' || !state.session.refreshToken) {
      expire();
      return false;
    }
    const previous = state.session;
    const provider = previous.provider ?? 'staff';
    try {
      const as = await authorizationServer(provider);
      const response = await oauth.refreshTokenGrantRequest(
        as,
        client(provider),
        oauth.None(),
        previous.refreshToken!,
        { additionalParameters: resourceParameter(provider), ...requestOptions(provider) },
      );
      const tokens = await oauth.processRefreshTokenResponse(as, client(provider), response);
      set({ status: 'signed-in', session: toSession(tokens, provider, previous) });
      return true;
    } catch {
      expire();
      return false;
    }
  })().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

export function expire() {
  if (state.status === 'signed-in') set({ status: 'signed-out', reason: 'expired' });
}

function scheduleRefresh() {
  clearTimeout(refreshTimer);
  if (state.status !== 'signed-in') return;
  const wait = Math.max(0, state.session.expiresAt - Date.now() - REFRESH_MARGIN_MS);
  refreshTimer = setTimeout(() => void refresh(), Math.min(wait, 2 ** 31 - 1));
}

/** Ends the session here and at the provider, then lands on the public home page. */
export async function logout() {
  const idToken = state.status === 'signed-in' ? state.session.idToken : undefined;
  const provider = sessionProvider();
  set({ status: 'signed-out', reason: 'logged-out' });
  const as = await authorizationServer(provider).catch(() => undefined);
  if (!as?.end_session_endpoint) {
    location.assign('/');
    return;
  }
  const url = new URL(as.end_session_endpoint);
  url.search = new URLSearchParams({
    client_id: providerConfig(provider).clientId,
    post_logout_redirect_uri: new URL('/', location.origin).href,
    ...(idToken ? { id_token_hint: idToken } : {}),
  }).toString();
  location.assign(url.href);
}

/**
 * Called once the configuration is loaded, before the app renders: a reloaded tab's session gets
 * its access token here (or ends as expired), so no page ever calls the API without one.
 */
export async function resumeSession(): Promise<void> {
  if (state.status === 'signed-in' && !state.session.accessToken) await refresh();
  else scheduleRefresh();
}
