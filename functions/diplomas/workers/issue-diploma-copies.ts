/**
 * Makes an approved copy from the register: the entry as the register holds it now, printed on the
 * Department's letterhead (domain/copies.ts), signed PAdES in the Department's name with the QR code
 * and short code of its verification page, kept in the documents bucket; the request, its signature
 * and the signed file's hash marked in one transaction, then the requester told in their inbox.
 * Idempotent: a copy is made while approved (a redelivery after the write finds it issued).
 */
import { randomUUID } from 'node:crypto';
import { logger } from '#shared/observability/logger.ts';
import { renderDocument } from '#shared/pdf/document.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { signVerifiable } from '#shared/signing/verifiable.ts';
import { formatVerificationCode } from '#shared/signing/verification-code.ts';
import { putObject } from '#shared/storage/s3.ts';
import { notifyQuietly } from '../../notifications/messages.ts';
import { copyFileKey, makeCopies } from '../copies.ts';
import { copyBlocks, DEPARTMENT_NAME } from '../domain/copies.ts';
import { diplomaEntities } from '../entities.ts';
import { copyMessage } from '../messages.ts';
import { entryOf, makeRegister } from '../register.ts';

const copies = makeCopies();
const register = makeRegister();

export const handler = makeQueueHandler(copyMessage, async ({ requestId }) => {
  const c = await copies.get(requestId);
  if (c?.state !== 'approved' || !c.signatureId || !c.code) return;
  const entry = await register.get(c.entryId);
  if (!entry) throw new Error(`Entry ${c.entryId} of copy ${requestId} is gone`);
  const code = formatVerificationCode(c.code);
  const at = new Date();
  const title = 'Bản sao văn bằng từ sổ gốc';
  const unsigned = await renderDocument(
    { title, author: DEPARTMENT_NAME, subject: entry.holder.fullName },
    copyBlocks({
      entry: entryOf(entry),
      requesterName: c.requesterName,
      relation: c.relation,
      copies: c.copies,
      code,
      date: at,
    }),
  );
  const { signed, documentSha256, signedSha256 } = await signVerifiable(unsigned, {
    signer: { accountId: 'unit:department', fullName: DEPARTMENT_NAME, organization: DEPARTMENT_NAME },
    reason: title,
    code,
    at,
  });
  // A file of its own per making: a second delivery racing this one never overwrites the copy served.
  const fileKey = copyFileKey(requestId, randomUUID());
  const written = await putObject('documents', fileKey, signed, 'application/pdf');
  const issuedAt = at.toISOString();
  const { queue: _q, ...closed } = c;
  const result = await diplomaEntities()
    .service.transaction.write(({ diplomaCopy, recordSignature, signedFileHash }) => [
      diplomaCopy
        .put({ ...closed, state: 'issued', issuedAt, fileKey, updatedAt: issuedAt, revision: c.revision + 1 })
        .where((x, op) => op.eq(x.revision, c.revision))
        .commit(),
      recordSignature
        .patch({ signatureId: c.signatureId! })
        .set({
          status: 'signed',
          kind: 'pades',
          documentSha256,
          signedSha256,
          ...(written.versionId ? { signedVersionId: written.versionId } : {}),
          signedAt: issuedAt,
        })
        .commit(),
      signedFileHash.put({ sha256: signedSha256, signatureId: c.signatureId!, file: 'signed' }).commit(),
    ])
    .go();
  if (result.canceled) return;
  logger.info('Diploma copy issued', { requestId, bytes: signed.byteLength });
  await notifyQuietly(
    [
      {
        notificationId: `diploma-copy-${requestId}`,
        channel: 'app',
        recipientId: c.accountId,
        template: 'diploma-copy-issued',
        data: { serial: c.serial, code },
      },
    ],
    'Diploma copy issued notice',
  );
});
