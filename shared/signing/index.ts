/**
 * The signing backend this deployment uses, chosen by the environment: `SIGNING_BACKEND=kms`
 * (AWS, and the local cloud against its KMS stand-in) keeps every key in KMS, the CA's being
 * `SIGNING_CA_KEY_ID`; `SIGNING_BACKEND=dev` signs with the development CA kept in
 * `DEV_SIGNING_DIR` (tools and unit tests); `SIGNING_BACKEND=remote` has a licensed CA's
 * remote-signing service (CSC API v2 at `REMOTE_SIGNING_URL`, OAuth 2.0 client credentials
 * `REMOTE_SIGNING_CLIENT_ID` / `REMOTE_SIGNING_CLIENT_SECRET` against `{url}/oauth2/token`) sign
 * with the signer's own certificate. Without a backend nothing is signed: a clear error, never a
 * key made outside KMS or the CA.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { observeClient } from '../observability/aws-calls.ts';
import { devSigningBackend, type SigningBackend } from './backend.ts';
import { kmsSigningBackend } from './kms.ts';
import { clientCredentialsToken, RemoteSigningError, remoteSigningBackend } from './remote.ts';
import { signerKeyStore } from './store.ts';
import { timestamper } from './timestamp.ts';

let backend: SigningBackend | undefined;

export class SigningNotConfiguredError extends Error {
  constructor(detail?: string) {
    super(
      `No signing backend is configured for this deployment (SIGNING_BACKEND)${detail ? `: ${detail}` : '.'}`,
    );
  }
}

export function signingBackend(): SigningBackend {
  if (backend) return backend;
  if (process.env.SIGNING_BACKEND === 'dev') {
    backend = devSigningBackend(process.env.DEV_SIGNING_DIR || undefined);
    return backend;
  }
  const caKeyId = process.env.SIGNING_CA_KEY_ID;
  if (process.env.SIGNING_BACKEND === 'kms' && caKeyId) {
    backend = kmsSigningBackend({ kms: observeClient(new KMSClient({})), keys: signerKeyStore(), caKeyId });
    return backend;
  }
  if (process.env.SIGNING_BACKEND === 'remote') {
    const { REMOTE_SIGNING_URL: url, REMOTE_SIGNING_CLIENT_ID: clientId } = process.env;
    const clientSecret = process.env.REMOTE_SIGNING_CLIENT_SECRET;
    if (!url || !clientId || !clientSecret)
      throw new SigningNotConfiguredError(
        'remote signing needs REMOTE_SIGNING_URL, REMOTE_SIGNING_CLIENT_ID and REMOTE_SIGNING_CLIENT_SECRET',
      );
    // Nothing is fetched here: the token and the signer's credential on the first signature.
    const base = url.replace(/\/+$/, '');
    try {
      backend = remoteSigningBackend({
        baseUrl: base,
        accessToken: clientCredentialsToken({ tokenUrl: `${base}/oauth2/token`, clientId, clientSecret }),
      });
    } catch (error) {
      // An address that is not HTTPS will not become one by retrying.
      throw error instanceof RemoteSigningError ? new SigningNotConfiguredError(error.message) : error;
    }
    return backend;
  }
  throw new SigningNotConfiguredError();
}

/** PAdES B-T when a timestamp authority is configured (TSA_URL); B-B without one. */
export const timestampAuthority = () => (process.env.TSA_URL ? timestamper(process.env.TSA_URL) : undefined);

/** Where the public verification page is: the QR code on a signed PDF points there. */
export const verifyUrl = (codeOrId: string) =>
  `${(process.env.PUBLIC_PORTAL_URL ?? '').replace(/\/$/, '')}/verify/${codeOrId}`;

export type { SignerIdentity, SigningBackend } from './backend.ts';
