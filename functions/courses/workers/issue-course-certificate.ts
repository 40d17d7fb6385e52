/**
 * Makes a completion certificate: the PDF (A4, Vietnamese, the issuing unit's letterhead), signed
 * PAdES in the unit's name with the QR code and short code of its verification page, kept in the
 * documents bucket by the certificate's id. The certificate, its signature and the signed file's
 * hash are marked in one transaction. Idempotent: a certificate is made once, while pending (a
 * redelivered message after the write finds it signed).
 */
import { logger } from '#shared/observability/logger.ts';
import { renderDocument } from '#shared/pdf/document.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { SigningNotConfiguredError } from '#shared/signing/index.ts';
import { signVerifiable } from '#shared/signing/verifiable.ts';
import { formatVerificationCode } from '#shared/signing/verification-code.ts';
import { putObject } from '#shared/storage/s3.ts';
import { jobFailure } from '#shared/text/texts.ts';
import type { CertificateItem } from '../certificates.ts';
import { certificateBlocks, certificateTitle } from '../domain/certificate.ts';
import { coursesText } from '../domain/texts.ts';
import { courseEntities } from '../entities.ts';
import { certificateKey, certificateMessage } from '../messages.ts';

/** The queue's receive limit (manifest): on the last delivery a failure is told on the certificate. */
const LAST_ATTEMPT = 5;

export const handler = makeQueueHandler(certificateMessage, async ({ accountId, moduleId }, record) => {
  const entities = courseEntities();
  const { data } = await entities.courseCertificate.get({ accountId, moduleId }).go();
  const c = (data as CertificateItem | null) ?? undefined;
  if (c?.status !== 'pending') return;
  const code = formatVerificationCode(c.code);
  const at = new Date();
  try {
    const unsigned = await renderDocument(
      { title: certificateTitle(c.moduleCode), author: c.unitName, subject: c.holderName },
      certificateBlocks(c, { code, date: at }),
    );
    const signer = { accountId: `unit:${c.unitId}`, fullName: c.unitName, organization: c.unitName };
    const { signed, documentSha256, signedSha256 } = await signVerifiable(unsigned, {
      signer,
      reason: certificateTitle(c.moduleCode),
      code,
      at,
    });
    const written = await putObject('documents', certificateKey(c.certificateId), signed, 'application/pdf');
    const signedAt = at.toISOString();
    await entities.service.transaction
      .write(({ courseCertificate, recordSignature, signedFileHash }) => [
        courseCertificate
          .patch({ accountId, moduleId })
          .set({ status: 'signed', signedAt })
          .where((x, op) => op.eq(x.status, 'pending'))
          .commit(),
        recordSignature
          .patch({ signatureId: c.signatureId })
          .set({
            status: 'signed',
            kind: 'pades',
            documentSha256,
            signedSha256,
            ...(written.versionId ? { signedVersionId: written.versionId } : {}),
            signedAt,
          })
          .commit(),
        signedFileHash.put({ sha256: signedSha256, signatureId: c.signatureId, file: 'signed' }).commit(),
      ])
      .go();
    logger.info('Course certificate signed', {
      moduleId,
      certificateId: c.certificateId,
      bytes: signed.byteLength,
    });
  } catch (error) {
    // A deployment without a signing backend will not get one by retrying: say so on the
    // certificate and its signature (asking again retries). Anything else is retried by SQS,
    // and said on the last delivery.
    const last = Number(record.attributes.ApproximateReceiveCount ?? 1) >= LAST_ATTEMPT;
    if (error instanceof SigningNotConfiguredError || last) {
      const failure = jobFailure(
        coursesText(
          error instanceof SigningNotConfiguredError ? 'certificate-signing-off' : 'certificate-not-made',
        ),
      );
      await entities.service.transaction
        .write(({ courseCertificate, recordSignature }) => [
          courseCertificate
            .patch({ accountId, moduleId })
            .set({ status: 'failed', ...failure })
            .where((x, op) => op.eq(x.status, 'pending'))
            .commit(),
          recordSignature
            .patch({ signatureId: c.signatureId })
            .set({ status: 'failed', ...failure })
            .commit(),
        ])
        .go();
    }
    throw error;
  }
});
