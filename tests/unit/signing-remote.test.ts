/**
 * The remote-signing backend (shared/signing/remote.ts) against a small CSC API v2 stand-in
 * (node:http) whose credentials are keys of the development CA: a PDF signed through it is valid
 * in pdfsig; the calls carry the shapes of the API (OAuth 2.0 client credentials, a SAD per
 * hash, sha256WithRSAEncryption); the service's errors become Errors that name them.
 */
import { execFileSync } from 'node:child_process';
import { privateEncrypt, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sampleLessonPlan } from '../../infra/local/sign-sample.ts';
import { devSigningBackend, type SignerIdentity } from '../../shared/signing/backend.ts';
import type { IssuedKey } from '../../shared/signing/dev-ca.ts';
import { privateKeyOf } from '../../shared/signing/dev-ca.ts';
import { signPdf } from '../../shared/signing/pdf.ts';
import {
  type Authorizer,
  clientCredentialsToken,
  RemoteSigningError,
  remoteSigningBackend,
} from '../../shared/signing/remote.ts';

const dir = mkdtempSync(join(tmpdir(), 'signing-remote-'));
const validation = (file: string) =>
  /Signature Validation: (.*)/.exec(execFileSync('pdfsig', [file], { encoding: 'utf8' }))?.[1];

const CLIENT = { id: 'vn-edu-cloud', secret: 's3cret/with+chars' };
const SHA256 = '2.16.840.1.101.3.4.2.1';
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
/** DER prefix of a SHA-256 DigestInfo: PKCS #1 v1.5 signs DigestInfo(hash), padded with type 1. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

const signer: SignerIdentity = {
  accountId: 'principal-tranphu',
  fullName: 'Nguyễn Thị Hương',
  organization: 'Trường THPT chuyên Trần Phú',
};

interface Credential {
  owner: string;
  chain: Uint8Array[];
  /** Signs with this key (another than the certificate's for the broken credential). */
  key: IssuedKey;
  behaviour?: 'declines' | 'hangs';
}

interface Call {
  path: string;
  body: Record<string, unknown>;
  authorization?: string;
}

/** A CSC API v2 service signing with the development CA: one credential per known account. */
async function cscStandIn() {
  const ca = await devSigningBackend().ca();
  const credentials = new Map<string, Credential>();
  const add = async (id: string, identity: SignerIdentity, extra: Partial<Credential> = {}) => {
    const key = await ca.issue({ commonName: identity.fullName, organization: identity.organization ?? '' });
    credentials.set(id, {
      owner: identity.accountId,
      chain: [key.certificate, ca.root.certificate],
      key,
      ...extra,
    });
  };
  await add(`cred-${signer.accountId}`, signer);
  await add(
    'cred-declines',
    { accountId: 'declines', fullName: 'Trần Văn Từ Chối' },
    { behaviour: 'declines' },
  );
  await add('cred-slow', { accountId: 'slow', fullName: 'Lê Văn Chậm' }, { behaviour: 'hangs' });
  const other = await ca.issue({ commonName: 'Khóa khác' });
  await add('cred-broken', { accountId: 'broken', fullName: 'Phạm Văn Sai' }, { key: other });

  const tokens = new Set<string>();
  const sads = new Map<string, { credentialID: string; hashes: string[] }>();
  const calls: Call[] = [];

  const reply = (res: ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const fail = (res: ServerResponse, status: number, error: string, description: string) =>
    reply(res, status, { error, error_description: description });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '';
    if (path === '/oauth2/token') {
      const form = new URLSearchParams(text);
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const [id, secret] = Buffer.from(basic ?? '', 'base64')
        .toString('utf8')
        .split(':')
        .map((part) => decodeURIComponent(part.replace(/\+/g, ' ')));
      calls.push({ path, body: Object.fromEntries(form) });
      if (form.get('grant_type') !== 'client_credentials')
        return fail(res, 400, 'unsupported_grant_type', 'Only client_credentials');
      if (id !== CLIENT.id || secret !== CLIENT.secret)
        return fail(res, 401, 'invalid_client', 'Client authentication failed');
      const token = randomBytes(16).toString('hex');
      tokens.add(token);
      return reply(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
    }
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    calls.push({ path, body, authorization: req.headers.authorization ?? '' });
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !tokens.has(bearer))
      return fail(res, 401, 'invalid_token', 'The access token is not valid');
    const credentialID = body.credentialID as string | undefined;
    const credential = credentialID ? credentials.get(credentialID) : undefined;
    if (path === '/csc/v2/credentials/list')
      return reply(res, 200, {
        credentialIDs: [...credentials].filter(([, c]) => c.owner === body.userID).map(([credId]) => credId),
      });
    if (!credential) return fail(res, 400, 'invalid_request', 'Invalid parameter credentialID');
    switch (path) {
      case '/csc/v2/credentials/info':
        return reply(res, 200, {
          key: { status: 'enabled', algo: [SHA256_WITH_RSA, '1.2.840.113549.1.1.1'], len: 2048 },
          cert: {
            status: 'valid',
            certificates: (body.certificates === 'chain'
              ? credential.chain
              : credential.chain.slice(0, 1)
            ).map((der) => Buffer.from(der).toString('base64')),
          },
          auth: { mode: 'explicit' },
          multisign: 1,
        });
      case '/csc/v2/credentials/authorize': {
        if (credential.behaviour === 'hangs') return; // a signer who never confirms
        if (credential.behaviour === 'declines')
          return fail(res, 400, 'access_denied', 'The signer declined the request in the app');
        const hashes = body.hashes as string[];
        if (body.numSignatures !== hashes?.length || body.hashAlgorithmOID !== SHA256)
          return fail(res, 400, 'invalid_request', 'numSignatures or hashAlgorithmOID');
        const SAD = randomBytes(12).toString('base64url');
        sads.set(SAD, { credentialID: credentialID!, hashes });
        return reply(res, 200, { SAD, expiresIn: 300 });
      }
      case '/csc/v2/signatures/signHash': {
        const sad = sads.get(body.SAD as string);
        const hashes = body.hashes as string[];
        if (!sad || sad.credentialID !== credentialID || hashes.some((h) => !sad.hashes.includes(h)))
          return fail(res, 400, 'invalid_request', 'Invalid SAD');
        sads.delete(body.SAD as string);
        if (body.signAlgo !== SHA256_WITH_RSA)
          return fail(res, 400, 'invalid_request', 'Invalid parameter signAlgo');
        const key = privateKeyOf(credential.key.privateKey);
        return reply(res, 200, {
          signatures: hashes.map((h) =>
            privateEncrypt(key, Buffer.concat([SHA256_DIGEST_INFO, Buffer.from(h, 'base64')])).toString(
              'base64',
            ),
          ),
        });
      }
      default:
        return fail(res, 404, 'invalid_request', `Unknown method ${path}`);
    }
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => fail(res, 500, 'server_error', error.message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    credentials,
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let csc: Awaited<ReturnType<typeof cscStandIn>>;
const backendFor = (options: Partial<Parameters<typeof remoteSigningBackend>[0]> = {}) =>
  remoteSigningBackend({
    baseUrl: csc.url,
    accessToken: clientCredentialsToken({
      tokenUrl: `${csc.url}/oauth2/token`,
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
    }),
    ...options,
  });
const sign = (backend: ReturnType<typeof backendFor>, who: SignerIdentity = signer) =>
  backend.sign(who, new TextEncoder().encode('signed attributes'));

describe('remote signing (CSC API v2)', () => {
  beforeAll(async () => {
    csc = await cscStandIn();
  }, 30_000);
  afterAll(() => csc.close());
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('signs a PDF that pdfsig validates, over the API as specified', async () => {
    const before = csc.calls.length;
    const signed = await signPdf(
      await sampleLessonPlan(),
      {
        signer,
        reason: 'Ký học bạ số',
        location: 'Hải Phòng',
        verifyUrl: 'https://hoctap.example.gov.vn/verify/remote',
      },
      backendFor(),
    );
    writeFileSync(join(dir, 'remote.pdf'), signed);
    const report = execFileSync('pdfsig', [join(dir, 'remote.pdf')], { encoding: 'utf8' });
    expect(validation(join(dir, 'remote.pdf'))).toBe('Signature is Valid.');
    expect(report).toContain('Nguyễn Thị Hương');
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');

    const calls = csc.calls.slice(before);
    // One token for the whole signature; the credential found by the account id; its chain once.
    expect(calls.map((c) => c.path)).toEqual([
      '/oauth2/token',
      '/csc/v2/credentials/list',
      '/csc/v2/credentials/info',
      '/csc/v2/credentials/authorize',
      '/csc/v2/signatures/signHash',
    ]);
    expect(calls[0]!.body).toEqual({ grant_type: 'client_credentials' });
    expect(calls[1]!.body).toMatchObject({ userID: signer.accountId });
    expect(calls[2]!.body).toMatchObject({ credentialID: `cred-${signer.accountId}`, certificates: 'chain' });
    const authorize = calls[3]!.body;
    const signHash = calls[4]!.body;
    expect(authorize).toMatchObject({ numSignatures: 1, hashAlgorithmOID: SHA256 });
    expect(signHash).toMatchObject({
      credentialID: `cred-${signer.accountId}`,
      hashes: authorize.hashes,
      hashAlgorithmOID: SHA256,
      signAlgo: SHA256_WITH_RSA,
    });
    // A SHA-256 digest, Base64: 32 bytes.
    expect(Buffer.from((signHash.hashes as string[])[0]!, 'base64')).toHaveLength(32);
    expect(calls.slice(1).every((c) => /^Bearer \w+$/.test(c.authorization ?? ''))).toBe(true);
  }, 30_000);

  it('gives the chain from credentials/info, leaf first', async () => {
    const chain = await backendFor().chain(signer);
    expect(chain.map((der) => Buffer.from(der).toString('hex'))).toEqual(
      csc.credentials.get(`cred-${signer.accountId}`)!.chain.map((der) => Buffer.from(der).toString('hex')),
    );
  });

  it('hands the hashes to a custom authorize callback (the CA’s own confirmation) and uses its SAD', async () => {
    const seen: string[][] = [];
    const authorize: Authorizer = async (who, hashes, { credentialID, csc: client }) => {
      seen.push(hashes);
      expect(who.accountId).toBe(signer.accountId);
      const { SAD } = await client.call<{ SAD: string }>('credentials/authorize', {
        credentialID,
        numSignatures: hashes.length,
        hashes,
        hashAlgorithmOID: SHA256,
        authData: [{ id: 'OTP', value: '246810' }],
      });
      return SAD;
    };
    const signature = await sign(backendFor({ authorize }));
    expect(signature.byteLength).toBe(256);
    expect(seen).toHaveLength(1);
    expect(csc.calls.at(-2)!.body.authData).toEqual([{ id: 'OTP', value: '246810' }]);
  });

  it('turns a CSC error body into an Error naming it: an unknown credential', async () => {
    const backend = backendFor({ credentialId: async () => 'cred-nobody' });
    const error = await backend.chain(signer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteSigningError);
    expect((error as Error).message).toBe(
      'Remote signing: credentials/info failed: invalid_request — Invalid parameter credentialID (HTTP 400)',
    );
    expect((error as RemoteSigningError).details).toMatchObject({
      method: 'credentials/info',
      status: 400,
      error: 'invalid_request',
    });
  });

  it('says so when the service lists no credential for the signer', async () => {
    await expect(
      backendFor().chain({ accountId: 'teacher-without-certificate', fullName: 'Vũ Thị Không' }),
    ).rejects.toThrow(
      'Remote signing: the service holds no valid credential for signer teacher-without-certificate',
    );
  });

  it('names the refusal when the signer declines, and the OAuth error for a wrong client secret', async () => {
    await expect(sign(backendFor(), { accountId: 'declines', fullName: 'Trần Văn Từ Chối' })).rejects.toThrow(
      'Remote signing: credentials/authorize failed: access_denied — The signer declined the request in the app (HTTP 400)',
    );
    const wrongSecret = backendFor({
      accessToken: clientCredentialsToken({
        tokenUrl: `${csc.url}/oauth2/token`,
        clientId: CLIENT.id,
        clientSecret: 'not-it',
      }),
    });
    await expect(wrongSecret.chain(signer)).rejects.toThrow(
      'Remote signing: oauth2/token failed: invalid_client — Client authentication failed (HTTP 401)',
    );
  });

  it('times out an authorization nobody confirms', async () => {
    const backend = backendFor({ authorizeTimeoutMs: 300 });
    await expect(sign(backend, { accountId: 'slow', fullName: 'Lê Văn Chậm' })).rejects.toThrow(
      'Remote signing: credentials/authorize did not answer within 300 ms',
    );
  });

  it('refuses a signature that the credential’s certificate does not verify', async () => {
    await expect(sign(backendFor(), { accountId: 'broken', fullName: 'Phạm Văn Sai' })).rejects.toThrow(
      'Remote signing: the signature from credential cred-broken does not verify with its certificate',
    );
  });

  it('refuses a plain-HTTP service off loopback (the token and hashes travel there)', () => {
    expect(() => backendFor({ baseUrl: 'http://ca.example.vn' })).toThrow(/must be reached over HTTPS/);
  });

  it('is SIGNING_BACKEND=remote in index.ts, configured by REMOTE_SIGNING_*', async () => {
    vi.stubEnv('SIGNING_BACKEND', 'remote');
    vi.stubEnv('REMOTE_SIGNING_URL', '');
    const missing = await import('../../shared/signing/index.ts');
    expect(() => missing.signingBackend()).toThrow(missing.SigningNotConfiguredError);
    expect(() => missing.signingBackend()).toThrow(/REMOTE_SIGNING_URL/);

    vi.resetModules();
    vi.stubEnv('REMOTE_SIGNING_URL', `${csc.url}/`);
    vi.stubEnv('REMOTE_SIGNING_CLIENT_ID', CLIENT.id);
    vi.stubEnv('REMOTE_SIGNING_CLIENT_SECRET', CLIENT.secret);
    const before = csc.calls.length;
    const { signingBackend } = await import('../../shared/signing/index.ts');
    const backend = signingBackend();
    // Choosing the backend calls nothing; the first signature does.
    expect(csc.calls.length).toBe(before);
    expect((await sign(backend)).byteLength).toBe(256);
    expect(csc.calls[before]!.path).toBe('/oauth2/token');
  });
});
