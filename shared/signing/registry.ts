/**
 * The platform's signature registry, shared by every context that signs (professional records,
 * course certificates): a signature by id, its short verification code (a guard item, so a code
 * names one signature), and the hashes of the files it covers. One public page, `/verify`, answers
 * for all of them.
 *
 * Access patterns:
 * - a signature by id (public verification): GetItem; by its short code: GetItem on the code's
 *   guard item (`verificationCode`), then the signature
 * - the signatures whose file has a SHA-256 (verification by file): Query (`signedFileHash`)
 */
import { Entity } from 'electrodb';
import type { TableDeps } from '../db/client.ts';
import { newVerificationCode } from './verification-code.ts';

const SERVICE = 'edu';

/** What a signed document other than a record is, as the verification page shows it. */
export interface Attestation {
  kind: 'course-certificate' | 'transcript' | 'diploma-copy' | 'digital-diploma';
  /** The document's title ("Giấy chứng nhận hoàn thành mô-đun …"). */
  title: string;
  /** Whom it was issued to: the name printed on it, which the verifier compares. */
  holder: string;
  issuer: string;
  /** The facts printed on it, label by label (module code, periods, result…). */
  facts: { label: string; value: string }[];
}

/** The decision under which a signed document was withdrawn, as the verification page shows it. */
export interface Withdrawal {
  decisionNumber: string;
  decisionDate: string;
}

export function makeSignatureEntities({ client, table }: TableDeps) {
  /**
   * A signature, verifiable by anyone from its id (the QR code on a signed PDF points here). The
   * stored name is from when only records were signed: a record's signature names the record and
   * its version; any other document says in `attests` what it is, as the public page shows it.
   */
  const recordSignature = new Entity(
    {
      model: { entity: 'recordSignature', version: '1', service: SERVICE },
      attributes: {
        signatureId: { type: 'string', required: true },
        /** A professional record's signature: the record and the file version signed. */
        recordId: { type: 'string' },
        version: { type: 'number' },
        /** Another document (a course's completion certificate): what it attests, publicly. */
        attests: { type: 'any' },
        signerId: { type: 'string', required: true },
        signerName: { type: 'string', required: true },
        reason: { type: 'string', required: true },
        /** The short code printed on the stamp (without dashes); none on signatures made before it. */
        code: { type: 'string' },
        status: { type: ['pending', 'signed', 'failed'] as const, required: true },
        kind: { type: ['pades', 'detached'] as const },
        /** SHA-256 of the file as uploaded, and of the signed PDF when there is one. */
        documentSha256: { type: 'string', required: true },
        signedSha256: { type: 'string' },
        /** The S3 version of the signed PDF written (AWS; the local S3 has no versions). */
        signedVersionId: { type: 'string' },
        /** The CMS of a detached signature (base64). */
        cms: { type: 'string' },
        signedAt: { type: 'string' },
        /** Why it failed, in English; the code and parameters let the API say it in Vietnamese. */
        error: { type: 'string' },
        errorCode: { type: 'string' },
        errorParams: { type: 'any' },
        /**
         * Withdrawn after signing (a digital diploma revoked under a decision): the signature stays
         * valid as a signature, the page says the document no longer stands, and under which decision.
         */
        revokedAt: { type: 'string' },
        revocation: { type: 'any' },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['signatureId'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );

  /**
   * A signature's short verification code: created with the signature on the condition that the
   * code is not taken, so a code names one signature.
   */
  const verificationCode = new Entity(
    {
      model: { entity: 'verificationCode', version: '1', service: SERVICE },
      attributes: {
        code: { type: 'string', required: true },
        signatureId: { type: 'string', required: true },
      },
      indexes: {
        byCode: { pk: { field: 'pk', composite: ['code'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );

  /**
   * A signed file's SHA-256, written when the signature is made: the signed PDF a citizen
   * downloads (PAdES), and the file as submitted (what a detached signature covers, and a PAdES
   * signature's original). One hash may belong to several signatures (two steps of one chain).
   */
  const signedFileHash = new Entity(
    {
      model: { entity: 'signedFileHash', version: '1', service: SERVICE },
      attributes: {
        sha256: { type: 'string', required: true },
        signatureId: { type: 'string', required: true },
        /** Which file has this hash: the signed copy, or the file as submitted. */
        file: { type: ['signed', 'original'] as const, required: true },
      },
      indexes: {
        byHash: {
          pk: { field: 'pk', composite: ['sha256'] },
          sk: { field: 'sk', composite: ['signatureId'] },
        },
      },
    },
    { client, table },
  );

  return { recordSignature, verificationCode, signedFileHash };
}

export type SignatureEntities = ReturnType<typeof makeSignatureEntities>;

/** Tries with a new code when the one drawn was taken: ~1 chance in 10^14 per signature. */
const CODE_DRAWS = 4;

/**
 * Runs a transaction that creates a signature with its verification code's guard item (at
 * `guardAt` among the transaction's items), drawing another code while the drawn one is taken.
 * A transaction cancelled for any other reason is returned as it is.
 */
export async function writeWithNewCode<R extends { canceled: boolean; data: unknown }>(
  write: (code: string) => Promise<R>,
  guardAt: number,
): Promise<R> {
  let result = await write(newVerificationCode());
  for (let draw = 1; result.canceled && draw < CODE_DRAWS; draw++) {
    const reasons = result.data as { code?: string }[];
    const onlyTheCode = reasons.every((r, i) => (i === guardAt) === (r?.code === 'ConditionalCheckFailed'));
    if (!onlyTheCode) break;
    result = await write(newVerificationCode());
  }
  return result;
}
