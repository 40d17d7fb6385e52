/**
 * Signs an approved record's file in the approver's name: a PDF gets a PAdES B-B signature (and
 * the QR code to its verification page), written beside the original; another file, or a PDF
 * already signed by an earlier step, gets a detached CAdES signature kept with the signature
 * record. Idempotent: a signature is made once, while pending.
 *
 * What is signed is what was checked: the version recorded at submit is read (its size looked
 * at first), and its SHA-256 must be the one recorded then; otherwise the signature fails with
 * the reason and nothing is signed.
 */
import { authEntities } from '#shared/auth/store.ts';
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { cadesDetached, sha256 } from '#shared/signing/cms.ts';
import {
  SigningNotConfiguredError,
  signingBackend,
  timestampAuthority,
  verifyUrl,
} from '#shared/signing/index.ts';
import { signPdf } from '#shared/signing/pdf.ts';
import { formatVerificationCode } from '#shared/signing/verification-code.ts';
import { ObjectTooLargeError, putObject, readUpload } from '#shared/storage/s3.ts';
import { type CodedText, jobFailure } from '#shared/text/texts.ts';
import { MAX_FILE_BYTES } from '../domain/records.ts';
import { recordText } from '../domain/texts.ts';
import { recordEntities } from '../entities.ts';
import { fileKey, signedKey, signingMessage } from '../messages.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

export const handler = makeQueueHandler(signingMessage, async ({ recordId, version, signatureId }) => {
  const entities = recordEntities();
  const { data: signature } = await entities.recordSignature.get({ signatureId }).go();
  if (signature?.status !== 'pending') return;
  const { data: file } = await entities.recordFile.get({ recordId, version }).go();
  const { data: record } = await entities.proRecord.get({ recordId }).go();
  const { data: school } = await authEntities().orgUnit.get({ orgUnitId: record!.schoolId }).go();
  const { data: account } = await authEntities().account.get({ accountId: signature.signerId }).go();
  const signer = {
    accountId: signature.signerId,
    fullName: signature.signerName,
    ...(school ? { organization: school.name } : {}),
    ...(account?.email ? { email: account.email } : {}),
  };
  // The reason as the jobs keep theirs: in English, with the code the API says it with.
  const refuse = async (text: CodedText) => {
    await entities.recordSignature
      .patch({ signatureId })
      .set({ status: 'failed', ...jobFailure(text) })
      .go();
    logger.warn('Record file not signed', { recordId, version, signatureId, error: text.message });
  };
  // The signature and the hashes of its files, which verification by file looks up, at once.
  const signedWith = (
    set: Parameters<ReturnType<typeof entities.recordSignature.patch>['set']>[0],
    hashes: { sha256: string; file: 'signed' | 'original' }[],
  ) =>
    entities.service.transaction
      .write(({ recordSignature, signedFileHash }) => [
        recordSignature.patch({ signatureId }).set(set).commit(),
        ...hashes.map((h) => signedFileHash.put({ ...h, signatureId }).commit()),
      ])
      .go();
  const code = signature.code ? formatVerificationCode(signature.code) : undefined;
  let read: Awaited<ReturnType<typeof readUpload>>;
  try {
    read = await readUpload('documents', fileKey(recordId, version), MAX_FILE_BYTES, file?.objectVersionId);
  } catch (error) {
    if (!(error instanceof ObjectTooLargeError)) throw error;
    return refuse(error.text);
  }
  if (!read) return refuse(recordText('file-gone', { version }));
  const original = read.bytes;
  if (!file?.sha256 || hex(sha256(original)) !== file.sha256)
    return refuse(recordText('file-changed', { version }));
  try {
    const backend = signingBackend();
    const timestamp = timestampAuthority();
    const earlier = await Promise.all(
      ((record!.signatures ?? []) as { signatureId: string }[])
        .filter((s) => s.signatureId !== signatureId)
        .map(async (s) => (await entities.recordSignature.get({ signatureId: s.signatureId }).go()).data),
    );
    const padesDone = earlier.some((s) => s?.version === version && s.kind === 'pades');
    const at = new Date();
    if (file!.contentType === 'application/pdf' && !padesDone) {
      const signed = await signPdf(
        original,
        {
          signer,
          reason: signature.reason,
          location: 'Hải Phòng',
          // The QR leads to the page by the short code, which is printed beside it too.
          verifyUrl: verifyUrl(code ?? signatureId),
          ...(code ? { verificationCode: code } : {}),
          signingTime: at,
        },
        backend,
        timestamp,
      );
      const written = await putObject('documents', signedKey(recordId, version), signed, 'application/pdf');
      const signedSha256 = hex(sha256(signed));
      await signedWith(
        {
          status: 'signed',
          kind: 'pades',
          ...(written.versionId ? { signedVersionId: written.versionId } : {}),
          signedSha256,
          signedAt: at.toISOString(),
        },
        [
          { sha256: signedSha256, file: 'signed' },
          { sha256: file!.sha256!, file: 'original' },
        ],
      );
    } else {
      const cms = await cadesDetached(
        sha256(original),
        await backend.chain(signer),
        (bytes) => backend.sign(signer, bytes),
        timestamp,
      );
      await signedWith(
        {
          status: 'signed',
          kind: 'detached',
          cms: Buffer.from(cms).toString('base64'),
          signedAt: at.toISOString(),
        },
        [{ sha256: file!.sha256!, file: 'original' }],
      );
    }
  } catch (error) {
    // A deployment without a signing backend will not get one by retrying: say so on the
    // signature. Anything else is retried by SQS, then dead-lettered.
    if (error instanceof SigningNotConfiguredError)
      await entities.recordSignature
        .patch({ signatureId })
        .set({ status: 'failed', ...jobFailure(recordText('signing-not-configured')) })
        .go();
    throw error;
  }
});
