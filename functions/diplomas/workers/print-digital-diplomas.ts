/**
 * Makes a signed digital diploma's PDF form: the entry as the register holds it, printed as a
 * diploma, signed PAdES in the Department's name (the document signing key — never the issuer's
 * Ed25519 key, which only the credentials worker holds) with the QR code and short code of its
 * verification page; the credential, its signature and the signed file's hash marked in one
 * transaction. Idempotent: made once, while the credential is in force and has no PDF yet.
 */
import { randomUUID } from 'node:crypto';
import { logger } from '#shared/observability/logger.ts';
import { renderDocument } from '#shared/pdf/document.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { signVerifiable } from '#shared/signing/verifiable.ts';
import { formatVerificationCode } from '#shared/signing/verification-code.ts';
import { putObject } from '#shared/storage/s3.ts';
import { makeDigitalDiplomas } from '../digital.ts';
import { DEPARTMENT_NAME } from '../domain/copies.ts';
import { digitalDiplomaBlocks } from '../domain/digital-diploma.ts';
import { DIPLOMA_TYPE_NAMES } from '../domain/kinds.ts';
import { diplomaEntities } from '../entities.ts';
import { DIPLOMA_PDF_PREFIX, pdfMessage } from '../messages.ts';
import { entryOf, makeRegister } from '../register.ts';

const digital = makeDigitalDiplomas();
const register = makeRegister();

export const handler = makeQueueHandler(pdfMessage, async ({ credentialId }) => {
  const c = await digital.get(credentialId);
  if (c?.state !== 'issued' || !c.signatureId || !c.code || c.pdfFileKey) return;
  const entry = await register.get(c.entryId);
  if (!entry) throw new Error(`Entry ${c.entryId} of credential ${credentialId} is gone`);
  if (entry.state !== 'valid') return;
  const facts = entryOf(entry);
  const at = new Date();
  const unsigned = await renderDocument(
    { title: DIPLOMA_TYPE_NAMES[facts.type], author: DEPARTMENT_NAME, subject: facts.holder.fullName },
    digitalDiplomaBlocks(facts, credentialId),
  );
  const { signed, documentSha256, signedSha256 } = await signVerifiable(unsigned, {
    signer: { accountId: 'unit:department', fullName: DEPARTMENT_NAME, organization: DEPARTMENT_NAME },
    reason: 'Văn bằng số',
    code: formatVerificationCode(c.code),
    at,
  });
  // A file of its own per making: a second delivery racing this one never overwrites the one served.
  const pdfFileKey = `${DIPLOMA_PDF_PREFIX}${credentialId}/${randomUUID()}.pdf`;
  const written = await putObject('documents', pdfFileKey, signed, 'application/pdf');
  const signedAt = at.toISOString();
  const result = await diplomaEntities()
    .service.transaction.write(({ diplomaCredential, recordSignature, signedFileHash }) => [
      diplomaCredential
        .patch({ credentialId })
        .set({ pdfFileKey })
        .where((x, op) => `${op.eq(x.state, 'issued')} AND ${op.notExists(x.pdfFileKey)}`)
        .commit(),
      recordSignature
        .patch({ signatureId: c.signatureId! })
        .set({
          status: 'signed',
          kind: 'pades',
          documentSha256,
          signedSha256,
          ...(written.versionId ? { signedVersionId: written.versionId } : {}),
          signedAt,
        })
        .commit(),
      signedFileHash.put({ sha256: signedSha256, signatureId: c.signatureId!, file: 'signed' }).commit(),
    ])
    .go();
  // Revoked, or made by another delivery, meanwhile: this file stays unused.
  if (result.canceled) return;
  logger.info('Digital diploma PDF signed', { credentialId, bytes: signed.byteLength });
});
