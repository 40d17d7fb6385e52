/**
 * Makes a transcript the principal asked to sign: the PDF in the official layout, signed PAdES
 * by the homeroom teacher (their approval, with the QR code and short code of its verification
 * page), then by the principal and sealed by the school, each an incremental update so all three
 * stay valid; the XML sealed by the school with a detached CAdES signature. The files go to the
 * documents bucket by the transcript's id; the transcript, its registry signature and the files'
 * hashes are marked in one transaction; then the ministry's transcript store gets a copy, keyed by
 * the learner's personal ID, when one is configured.
 *
 * Idempotent: a transcript is made while signing; a redelivery after the write only exports.
 */
import { auditEntry } from '#shared/audit/entity.ts';
import { orgTree } from '#shared/auth/principal-loader.ts';
import { logger } from '#shared/observability/logger.ts';
import { renderDocument } from '#shared/pdf/document.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { cadesDetached, sha256 } from '#shared/signing/cms.ts';
import {
  SigningNotConfiguredError,
  signingBackend,
  timestampAuthority,
  verifyUrl,
} from '#shared/signing/index.ts';
import { countersignPdf, stampPdf } from '#shared/signing/pdf.ts';
import { formatVerificationCode } from '#shared/signing/verification-code.ts';
import { getObjectBytes, putObject } from '#shared/storage/s3.ts';
import { jobFailure } from '#shared/text/texts.ts';
import { transcriptDocument, transcriptPage } from '../domain/primary-transcript.ts';
import { gradebookText } from '../domain/texts.ts';
import { transcriptTitle } from '../domain/transcript.ts';
import { gradebookEntities } from '../entities.ts';
import { transcriptKey, transcriptMessage } from '../messages.ts';
import { transcriptStore } from '../ministry-export.ts';
import type { TranscriptItem } from '../transcripts.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The queue's receive limit (manifest): on the last delivery a failure is told on the transcript. */
const LAST_ATTEMPT = 5;
const PLACE = 'Hải Phòng';

/** The signed files, made from the transcript's content alone. */
export async function makeTranscriptFiles(t: TranscriptItem, at: Date) {
  const c = t.content;
  const code = formatVerificationCode(t.code);
  const principal = t.principalName!;
  const backend = signingBackend();
  const timestamp = timestampAuthority();
  const title = transcriptTitle(c);
  const unsigned = await renderDocument(
    { title, author: c.school.name, subject: c.learner.fullName },
    transcriptPage(c, { principal, code, date: at }),
  );
  const school = { accountId: `unit:${t.schoolId}`, fullName: c.school.name, organization: c.school.name };
  const approvedOn = new Date(t.approvedAt).toLocaleDateString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });
  const homeroom = {
    signer: { accountId: t.approvedBy, fullName: t.approvedByName, organization: c.school.name },
    reason: `Giáo viên chủ nhiệm duyệt học bạ ngày ${approvedOn}`,
    location: PLACE,
    signingTime: at,
  };
  // The stamp (QR code to the verification page, the code) is the homeroom teacher's widget.
  const stamped = await stampPdf(unsigned, {
    ...homeroom,
    verifyUrl: verifyUrl(code),
    verificationCode: code,
  });
  const byHomeroom = await countersignPdf(
    stamped.bytes,
    { ...homeroom, widgetRect: stamped.widgetRect },
    backend,
    timestamp,
  );
  const byPrincipal = await countersignPdf(
    byHomeroom,
    {
      signer: { accountId: t.principalId!, fullName: principal, organization: c.school.name },
      reason: `Hiệu trưởng ký ${title.toLowerCase()}`,
      location: PLACE,
      signingTime: at,
    },
    backend,
    timestamp,
  );
  const pdf = await countersignPdf(
    byPrincipal,
    { signer: school, reason: `Đóng dấu ${c.school.name}`, location: PLACE, signingTime: at },
    backend,
    timestamp,
  );
  const xml = new TextEncoder().encode(transcriptDocument(c, { principal, code }));
  const xmlSignature = await cadesDetached(
    sha256(xml),
    await backend.chain(school),
    (bytes) => backend.sign(school, bytes),
    timestamp,
  );
  return { unsigned, pdf, xml, xmlSignature };
}

async function exportToMinistry(t: TranscriptItem, files: { pdf: Uint8Array; xml: Uint8Array }) {
  const store = transcriptStore();
  const personalId = t.content.learner.personalId;
  if (!store || !personalId || t.exportReceipt) return;
  const key = { learnerId: t.learnerId, schoolYear: t.schoolYear };
  let receipt: string;
  try {
    ({ receipt } = await store.put({
      personalId,
      schoolYear: t.schoolYear,
      grade: t.grade,
      schoolCode: t.schoolId,
      documents: {
        pdf: files.pdf,
        xml: files.xml,
        pdfSha256: hex(sha256(files.pdf)),
        xmlSha256: hex(sha256(files.xml)),
      },
      issuedAt: t.signedAt!,
    }));
  } catch (error) {
    // Said on the transcript (its leaders' list shows it), then tried again by SQS.
    await gradebookEntities()
      .transcript.patch(key)
      .set({ exportError: String((error as Error).message ?? error).slice(0, 500) })
      .go();
    throw error;
  }
  // A learner's record handed to another authority: audited, with the receipt, nothing personal.
  const school = await orgTree()(t.schoolId);
  const written = await gradebookEntities()
    .service.transaction.write(({ transcript, auditEntry: log }) => [
      transcript.patch(key).set({ exportReceipt: receipt }).remove(['exportError']).commit(),
      ...(school
        ? [
            log
              .create(
                auditEntry({
                  actorId: 'system:ministry-export',
                  action: 'transcript.export',
                  targetType: 'transcript',
                  targetId: t.transcriptId,
                  orgUnit: school,
                  requestId: t.transcriptId,
                  changes: { receipt, schoolYear: t.schoolYear },
                }),
              )
              .commit(),
          ]
        : []),
    ])
    .go();
  if (written.canceled) throw new Error(`Transcript ${t.transcriptId}: the export's receipt not recorded`);
}

export const handler = makeQueueHandler(transcriptMessage, async ({ learnerId, schoolYear }, record) => {
  const entities = gradebookEntities();
  const { data } = await entities.transcript.get({ learnerId, schoolYear }).go();
  const t = (data as TranscriptItem | null) ?? undefined;
  if (t?.state === 'signed' && !t.exportReceipt && transcriptStore()) {
    // Signed by an earlier delivery whose export failed: only the export is left.
    const [pdf, xml] = await Promise.all([
      getObjectBytes('documents', transcriptKey(t.transcriptId, 'pdf'), t.pdfVersionId),
      getObjectBytes('documents', transcriptKey(t.transcriptId, 'xml'), t.xmlVersionId),
    ]);
    if (pdf && xml) await exportToMinistry(t, { pdf, xml });
    return;
  }
  if (t?.state !== 'signing') return;
  const at = new Date();
  try {
    const files = await makeTranscriptFiles(t, at);
    // Two deliveries at once may both write here; the versions written are recorded with the
    // one that commits, and links read those versions (the documents bucket is versioned on AWS).
    const [pdfWritten, xmlWritten] = await Promise.all([
      putObject('documents', transcriptKey(t.transcriptId, 'pdf'), files.pdf, 'application/pdf'),
      putObject('documents', transcriptKey(t.transcriptId, 'xml'), files.xml, 'application/xml'),
      putObject(
        'documents',
        transcriptKey(t.transcriptId, 'xml.p7s'),
        files.xmlSignature,
        'application/pkcs7-signature',
      ),
    ]);
    const pdfSha256 = hex(sha256(files.pdf));
    const xmlSha256 = hex(sha256(files.xml));
    const signedAt = at.toISOString();
    const result = await entities.service.transaction
      .write(({ transcript, recordSignature, signedFileHash }) => [
        transcript
          .patch({ learnerId, schoolYear })
          .set({
            state: 'signed',
            signedAt,
            pdfSha256,
            xmlSha256,
            ...(pdfWritten.versionId ? { pdfVersionId: pdfWritten.versionId } : {}),
            ...(xmlWritten.versionId ? { xmlVersionId: xmlWritten.versionId } : {}),
            version: t.version + 1,
          })
          .where((x, op) => op.eq(x.version, t.version))
          .commit(),
        recordSignature
          .patch({ signatureId: t.signatureId })
          .set({
            status: 'signed',
            kind: 'pades',
            documentSha256: hex(sha256(files.unsigned)),
            signedSha256: pdfSha256,
            signedAt,
          })
          .commit(),
        signedFileHash.put({ sha256: pdfSha256, signatureId: t.signatureId, file: 'signed' }).commit(),
      ])
      .go();
    if (result.canceled) {
      // Approved again or signed by another delivery meanwhile (the version's condition): that
      // one stands. Anything else (throttling, a conflict) is tried again by SQS.
      const reasons = result.data as { code?: string }[];
      if (reasons[0]?.code === 'ConditionalCheckFailed') return;
      throw new Error(
        `Transcript ${t.transcriptId} not marked signed: ${reasons.map((r) => r?.code).join(', ')}`,
      );
    }
    logger.info('Transcript signed', { transcriptId: t.transcriptId, bytes: files.pdf.byteLength });
    await exportToMinistry(
      {
        ...t,
        signedAt,
        ...(pdfWritten.versionId ? { pdfVersionId: pdfWritten.versionId } : {}),
        ...(xmlWritten.versionId ? { xmlVersionId: xmlWritten.versionId } : {}),
      },
      files,
    );
  } catch (error) {
    // No signing backend will not come by retrying: say so on the transcript. Anything else is
    // retried by SQS, and said on the last delivery.
    const last = Number(record.attributes.ApproximateReceiveCount ?? 1) >= LAST_ATTEMPT;
    if (error instanceof SigningNotConfiguredError || last) {
      const failure = jobFailure(
        gradebookText(
          error instanceof SigningNotConfiguredError ? 'transcript-signing-off' : 'transcript-not-made',
        ),
      );
      await entities.service.transaction
        .write(({ transcript, recordSignature }) => [
          transcript
            .patch({ learnerId, schoolYear })
            .set({ state: 'failed', ...failure, version: t.version + 1 })
            .where((x, op) => op.eq(x.version, t.version))
            .commit(),
          recordSignature
            .patch({ signatureId: t.signatureId })
            .set({ status: 'failed', ...failure })
            .commit(),
        ])
        .go();
      if (error instanceof SigningNotConfiguredError) return;
    }
    throw error;
  }
});
