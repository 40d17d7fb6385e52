/**
 * Remote signing: the signer's key and certificate are held by a licensed CA's remote-signing
 * service (the Government CA or a licensed CA — what makes a signature legal in Việt Nam), spoken
 * to through the Cloud Signature Consortium API v2 (`{base}/csc/v2/…`, JSON over HTTPS):
 *
 * - `credentials/list` — a signer's credential ids (`userID` = the account id, by default);
 * - `credentials/info` with `certificates: "chain"` — the certificate chain (Base64 DER);
 * - `credentials/authorize` — the Signature Activation Data (SAD) for `numSignatures` hashes. The
 *   signer's own confirmation (OTP, a push to the CA's app) is the CA's business; the `authorize`
 *   callback is where a deployment hooks it in;
 * - `signatures/signHash` — RSA PKCS #1 v1.5 with SHA-256 (`signAlgo` 1.2.840.113549.1.1.11,
 *   `hashAlgorithmOID` 2.16.840.1.101.3.4.2.1 — v2's name for v1's `hashAlgo`).
 *
 * `SigningBackend.sign` gets the bytes to sign (the DER of the CMS signed attributes): they are
 * hashed here and only the SHA-256 leaves the platform. The signature that comes back is checked
 * against the credential's certificate before it is used. The service is authorized with an
 * OAuth 2.0 access token (client credentials, `clientCredentialsToken`). Nothing is fetched
 * until the first chain or signature is asked for.
 */
import { createHash, verify, X509Certificate } from 'node:crypto';
import type { SignerIdentity, SigningBackend } from './backend.ts';

export const CSC_OIDS = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  rsaEncryption: '1.2.840.113549.1.1.1',
} as const;

/** An OAuth 2.0 access token for the service; `invalidate` drops a cached one the service refused. */
export type AccessTokenProvider = (() => Promise<string>) & { invalidate?: () => void };

/** A failed call to the remote signing service: the CSC (or OAuth) error code and description when it sent them. */
export class RemoteSigningError extends Error {
  override readonly name = 'RemoteSigningError';
  constructor(
    message: string,
    /** The call (`credentials/info`, `oauth2/token`, …), the HTTP status and the service's error fields. */
    readonly details: { method?: string; status?: number; error?: string; errorDescription?: string } = {},
  ) {
    super(message);
  }
}

export interface CscCallOptions {
  /** Overrides the client's timeout (an authorization waiting for the signer's confirmation). */
  timeoutMs?: number;
}

/** Calls `{base}/csc/v2/<method>` with the access token. */
export interface CscClient {
  call<T = Record<string, unknown>>(method: string, body: object, options?: CscCallOptions): Promise<T>;
}

/**
 * Who confirms a signature: returns the SAD for `hashes` (Base64 SHA-256 digests) on the signer's
 * credential, or `undefined` where the service needs none (a credential-scoped token).
 */
export type Authorizer = (
  signer: SignerIdentity,
  hashes: string[],
  context: { credentialID: string; csc: CscClient; timeoutMs: number },
) => Promise<string | undefined>;

/** The CA's credential id for a signer. */
export type CredentialResolver = (signer: SignerIdentity, csc: CscClient) => Promise<string>;

export interface RemoteSigningConfig {
  /** The service's base address; the API is `{baseUrl}/csc/v2/…`. HTTPS (plain HTTP on loopback only). */
  baseUrl: string;
  accessToken: AccessTokenProvider;
  /** Default: the first valid credential `credentials/list` gives for `userID` = the account id. */
  credentialId?: CredentialResolver;
  /** Default: `credentials/authorize` (the CA asks the signer for confirmation as its policy says). */
  authorize?: Authorizer;
  /** Per call; default 30 s. */
  timeoutMs?: number;
  /** For `credentials/authorize`, which may wait for the signer's confirmation; default 120 s. */
  authorizeTimeoutMs?: number;
  /** How long a credential id and certificate chain are reused; default 15 minutes. */
  cacheMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_AUTHORIZE_TIMEOUT_MS = 120_000;
const DEFAULT_CACHE_MS = 15 * 60_000;
/** Longest CA error text carried into an Error message. */
const MAX_DESCRIPTION = 300;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The URL without a trailing slash; refuses anything but HTTPS off loopback (the token and hashes travel there). */
export function serviceUrl(raw: string, what = 'The remote signing service'): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RemoteSigningError(`${what} address is not a URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    throw new RemoteSigningError(`${what} must be reached over HTTPS (${url.protocol} given)`);
  return url.href.replace(/\/+$/, '');
}

const isTimeout = (error: unknown) =>
  error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

const clip = (text: string) => (text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION)}…` : text);

/** POSTs and reads a JSON answer; every failure becomes a RemoteSigningError naming `method`. */
async function postJson(
  url: string,
  method: string,
  init: { headers: Record<string, string>; body: string },
  timeoutMs: number,
): Promise<{ status: number; body: Record<string, unknown> }> {
  let status: number;
  let text: string;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    if (isTimeout(error))
      throw new RemoteSigningError(`Remote signing: ${method} did not answer within ${timeoutMs} ms`, {
        method,
      });
    const reason =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : '';
    throw new RemoteSigningError(`Remote signing: ${method} could not be reached (${reason})`, { method });
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (status < 200 || status >= 300) {
    const error = typeof fields.error === 'string' ? fields.error : undefined;
    const description =
      typeof fields.error_description === 'string' ? clip(fields.error_description) : undefined;
    const said = error ? `${error}${description ? ` — ${description}` : ''}` : 'no error code given';
    throw new RemoteSigningError(`Remote signing: ${method} failed: ${said} (HTTP ${status})`, {
      method,
      status,
      ...(error ? { error } : {}),
      ...(description ? { errorDescription: description } : {}),
    });
  }
  if (!body || typeof body !== 'object')
    throw new RemoteSigningError(`Remote signing: ${method} answered HTTP ${status} without a JSON object`, {
      method,
      status,
    });
  return { status, body: fields };
}

/** The CSC API v2 at `baseUrl`, authorized by `accessToken` (fetched again once if the service says 401). */
export function cscClient(
  baseUrl: string,
  accessToken: AccessTokenProvider,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): CscClient {
  const base = serviceUrl(baseUrl);
  return {
    async call<T>(method: string, body: object, options?: CscCallOptions) {
      const attempt = async () =>
        (
          await postJson(
            `${base}/csc/v2/${method}`,
            method,
            {
              headers: {
                authorization: `Bearer ${await accessToken()}`,
                'content-type': 'application/json',
                accept: 'application/json',
              },
              body: JSON.stringify(body),
            },
            options?.timeoutMs ?? timeoutMs,
          )
        ).body as T;
      try {
        return await attempt();
      } catch (error) {
        // A token revoked or expired early: one more try with a fresh one (nothing was done on a 401).
        if (error instanceof RemoteSigningError && error.details.status === 401 && accessToken.invalidate) {
          accessToken.invalidate();
          return attempt();
        }
        throw error;
      }
    },
  };
}

export interface ClientCredentials {
  /** The CA's token endpoint (`{base}/oauth2/token`). */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  /** RFC 6749 § 2.3.1: HTTP Basic (the default) or the credentials in the form body. */
  authMethod?: 'client_secret_basic' | 'client_secret_post';
  timeoutMs?: number;
}

/** application/x-www-form-urlencoded, as RFC 6749 § 2.3.1 wants the client id and secret before Basic. */
const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');

/**
 * An OAuth 2.0 client-credentials token (RFC 6749 § 4.4), kept until a minute before it expires;
 * concurrent callers share one request.
 */
export function clientCredentialsToken(options: ClientCredentials): AccessTokenProvider {
  const tokenUrl = serviceUrl(options.tokenUrl, 'The token endpoint');
  let cached: { token: Promise<string>; until: number } | undefined;
  const fetchToken = async () => {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (options.scope) form.set('scope', options.scope);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (options.authMethod === 'client_secret_post') {
      form.set('client_id', options.clientId);
      form.set('client_secret', options.clientSecret);
    } else {
      const pair = `${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    }
    const { body } = await postJson(
      tokenUrl,
      'oauth2/token',
      { headers, body: form.toString() },
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    if (typeof body.access_token !== 'string' || !body.access_token)
      throw new RemoteSigningError('Remote signing: oauth2/token answered without an access_token', {
        method: 'oauth2/token',
      });
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    return { token: body.access_token, lifetime };
  };
  const provider: AccessTokenProvider = () => {
    if (!cached || Date.now() >= cached.until) {
      // Until the answer says how long it lasts, the token is good for the callers already waiting.
      const entry: { token: Promise<string>; until: number } = {
        token: Promise.resolve(''),
        until: Number.POSITIVE_INFINITY,
      };
      entry.token = fetchToken().then(({ token, lifetime }) => {
        entry.until = Date.now() + Math.max(0, lifetime - 60) * 1000;
        return token;
      });
      entry.token.catch(() => {
        if (cached === entry) cached = undefined;
      });
      cached = entry;
    }
    return cached.token;
  };
  provider.invalidate = () => {
    cached = undefined;
  };
  return provider;
}

/** The default resolver: `credentials/list` for `userID` (the account id unless given), valid ones only, the first. */
export const listedCredential =
  (userIdOf: (signer: SignerIdentity) => string = (signer) => signer.accountId): CredentialResolver =>
  async (signer, csc) => {
    const { credentialIDs } = await csc.call<{ credentialIDs?: unknown }>('credentials/list', {
      userID: userIdOf(signer),
      onlyValid: true,
    });
    const first = Array.isArray(credentialIDs)
      ? credentialIDs.find((id) => typeof id === 'string')
      : undefined;
    if (!first)
      throw new RemoteSigningError(
        `Remote signing: the service holds no valid credential for signer ${signer.accountId}`,
        { method: 'credentials/list' },
      );
    return first as string;
  };

/** The default authorization: `credentials/authorize` for the hashes, no authentication data of ours. */
export const cscAuthorize: Authorizer = async (_signer, hashes, { credentialID, csc, timeoutMs }) => {
  const { SAD } = await csc.call<{ SAD?: unknown }>(
    'credentials/authorize',
    { credentialID, numSignatures: hashes.length, hashes, hashAlgorithmOID: CSC_OIDS.sha256 },
    { timeoutMs },
  );
  if (typeof SAD !== 'string' || !SAD)
    throw new RemoteSigningError('Remote signing: credentials/authorize answered without a SAD', {
      method: 'credentials/authorize',
    });
  return SAD;
};

interface CredentialInfo {
  chain: Uint8Array[];
  certificate: X509Certificate;
}

/** Base64 DER, or PEM as some services send it. */
const derOf = (text: string) =>
  new Uint8Array(Buffer.from(text.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));

function credentialInfo(credentialID: string, answer: Record<string, unknown>): CredentialInfo {
  const key = (answer.key ?? {}) as { status?: unknown; algo?: unknown };
  const cert = (answer.cert ?? {}) as { status?: unknown; certificates?: unknown };
  const refuse = (why: string) =>
    new RemoteSigningError(`Remote signing: credential ${credentialID} ${why}`, {
      method: 'credentials/info',
    });
  if (key.status === 'disabled') throw refuse('has its key disabled');
  if (typeof cert.status === 'string' && cert.status !== 'valid')
    throw refuse(`has a certificate that is ${cert.status}`);
  if (
    Array.isArray(key.algo) &&
    !key.algo.includes(CSC_OIDS.sha256WithRsa) &&
    !key.algo.includes(CSC_OIDS.rsaEncryption)
  )
    throw refuse(`has no RSA key (algorithms ${key.algo.join(', ')})`);
  const certificates = Array.isArray(cert.certificates)
    ? cert.certificates.filter((c): c is string => typeof c === 'string')
    : [];
  if (certificates.length === 0) throw refuse('came without certificates');
  const chain = certificates.map(derOf);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(Buffer.from(chain[0]!));
  } catch {
    throw refuse('came with a certificate that does not parse');
  }
  return { chain, certificate };
}

/** A `SigningBackend` over a CSC API v2 remote-signing service. */
export function remoteSigningBackend(config: RemoteSigningConfig): SigningBackend {
  const csc = cscClient(config.baseUrl, config.accessToken, config.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const resolve = config.credentialId ?? listedCredential();
  const authorize = config.authorize ?? cscAuthorize;
  const authorizeTimeoutMs = config.authorizeTimeoutMs ?? DEFAULT_AUTHORIZE_TIMEOUT_MS;
  const cacheMs = config.cacheMs ?? DEFAULT_CACHE_MS;

  /** One promise per key, kept `cacheMs`, dropped when it fails (or by `drop`). */
  const cached = <A, T>(keyOf: (arg: A) => string, make: (arg: A) => Promise<T>) => {
    const entries = new Map<string, { value: Promise<T>; until: number }>();
    const get = (arg: A) => {
      const key = keyOf(arg);
      const hit = entries.get(key);
      if (hit && Date.now() < hit.until) return hit.value;
      const entry = { value: make(arg), until: Date.now() + cacheMs };
      entries.set(key, entry);
      entry.value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return entry.value;
    };
    return Object.assign(get, { drop: (arg: A) => entries.delete(keyOf(arg)) });
  };
  const credentialOf = cached(
    (signer: SignerIdentity) => signer.accountId,
    (signer) => resolve(signer, csc),
  );
  const infoOf = cached(
    (credentialID: string) => credentialID,
    async (credentialID) =>
      credentialInfo(
        credentialID,
        await csc.call('credentials/info', {
          credentialID,
          certificates: 'chain',
          certInfo: false,
          authInfo: false,
        }),
      ),
  );
  const credential = async (signer: SignerIdentity) => {
    const credentialID = await credentialOf(signer);
    return { credentialID, info: await infoOf(credentialID) };
  };

  return {
    async chain(signer) {
      return (await credential(signer)).info.chain;
    },
    async sign(signer, data) {
      const { credentialID, info } = await credential(signer);
      const hash = createHash('sha256').update(data).digest('base64');
      const SAD = await authorize(signer, [hash], { credentialID, csc, timeoutMs: authorizeTimeoutMs });
      const { signatures } = await csc.call<{ signatures?: unknown }>('signatures/signHash', {
        credentialID,
        ...(SAD ? { SAD } : {}),
        hashes: [hash],
        hashAlgorithmOID: CSC_OIDS.sha256,
        signAlgo: CSC_OIDS.sha256WithRsa,
      });
      const value = Array.isArray(signatures) ? signatures[0] : undefined;
      if (typeof value !== 'string' || !value)
        throw new RemoteSigningError('Remote signing: signatures/signHash answered without a signature', {
          method: 'signatures/signHash',
        });
      const signature = new Uint8Array(Buffer.from(value, 'base64'));
      // A signature the certificate does not verify would make every verifier reject the document.
      if (!verify('sha256', data, info.certificate.publicKey, signature)) {
        // Perhaps a certificate renewed at the CA since it was read: the next attempt reads it again.
        credentialOf.drop(signer);
        infoOf.drop(credentialID);
        throw new RemoteSigningError(
          `Remote signing: the signature from credential ${credentialID} does not verify with its certificate`,
          { method: 'signatures/signHash' },
        );
      }
      return signature;
    },
  };
}
