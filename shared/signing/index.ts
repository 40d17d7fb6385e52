/**
 * The signing backend this deployment uses, chosen by the environment: `SIGNING_BACKEND=dev`
 * (the local cloud and tests) signs with the development CA kept in `DEV_SIGNING_DIR`. A
 * deployment without a backend refuses to sign with a clear error rather than signing with a
 * key outside KMS; the KMS backend is the next step of issue 8.
 */
import { devSigningBackend, type SigningBackend } from './backend.ts';
import { timestamper } from './timestamp.ts';

let backend: SigningBackend | undefined;

export class SigningNotConfiguredError extends Error {
  constructor() {
    super('No signing backend is configured for this deployment (SIGNING_BACKEND).');
  }
}

export function signingBackend(): SigningBackend {
  if (backend) return backend;
  if (process.env.SIGNING_BACKEND === 'dev') {
    backend = devSigningBackend(process.env.DEV_SIGNING_DIR || undefined);
    return backend;
  }
  throw new SigningNotConfiguredError();
}

/** PAdES B-T when a timestamp authority is configured (TSA_URL); B-B without one. */
export const timestampAuthority = () => (process.env.TSA_URL ? timestamper(process.env.TSA_URL) : undefined);

/** Where the public verification page is: the QR code on a signed PDF points there. */
export const verifyUrl = (signatureId: string) =>
  `${(process.env.PUBLIC_PORTAL_URL ?? '').replace(/\/$/, '')}/verify/${signatureId}`;

export type { SignerIdentity, SigningBackend } from './backend.ts';
