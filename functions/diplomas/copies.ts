/**
 * Copies from the register (bản sao văn bằng từ sổ gốc) as an online public service: a citizen
 * signed in with the national identity asks as the holder (a diploma recorded under their personal
 * ID), a representative or an heir (the diploma named by serial, name and date of birth, checked
 * like a verification), uploads the documents their standing needs, pays the fee (shared/payments),
 * and the office has 5 working days (public holidays as data) to approve — a worker then makes the
 * copy, signed PAdES in the Department's name and verifiable at /verify — or to refuse with a note.
 * The requester is told in their inbox either way. domain/copies.ts holds the rules.
 */
import { randomUUID } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import type { LoadedPrincipal } from '#shared/auth/principal-loader.ts';
import { cityDate } from '#shared/calendar/school-year.ts';
import { workingDaysAfter } from '#shared/calendar/working-days.ts';
import { conflict, HttpProblem, notFound } from '#shared/http/problem.ts';
import { type ChargeResult, PaymentsNotConfiguredError, paymentGateway } from '#shared/payments/gateway.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { type Attestation, writeWithNewCode } from '#shared/signing/registry.ts';
import { formatVerificationCode } from '#shared/signing/verification-code.ts';
import { headObject, presignDownload } from '#shared/storage/s3.ts';
import { uploadLink } from '#shared/storage/upload-link.ts';
import { bothLanguages } from '#shared/text/texts.ts';
import { notifyQuietly } from '../notifications/messages.ts';
import {
  COPY_WORKING_DAYS,
  type CopyDocumentKind,
  type CopyRelation,
  type CopyState,
  DEPARTMENT_NAME,
  DOCUMENTS_NEEDED,
  entryAttestation,
  feeOf,
  isOverdue,
  MAX_COPY_DOCUMENT_BYTES,
  paymentReference,
} from './domain/copies.ts';
import { printedFacts } from './domain/register.ts';
import { diplomaText } from './domain/texts.ts';
import { type DiplomaEntities, diplomaEntities } from './entities.ts';
import { makeLookups, noMatchingDiploma } from './lookup.ts';
import { copyMessage, DIPLOMA_COPIES_QUEUE, DIPLOMA_COPY_PREFIX } from './messages.ts';
import { type EntryItem, entryOf, makeRegister, type Writer } from './register.ts';

export interface CopyDocument {
  kind: CopyDocumentKind;
  fileName: string;
  contentType: string;
  key: string;
  /** The S3 version looked at when the documents were sent (what the office reads, not a later upload). */
  versionId?: string;
}

export interface CopyItem {
  requestId: string;
  accountId: string;
  requesterName: string;
  requesterPersonalId: string;
  relation: CopyRelation;
  entryId: string;
  serial: string;
  holderName: string;
  copies: number;
  documents: CopyDocument[];
  fee: number;
  paymentReference: string;
  paymentTriedAt?: string;
  paidAt?: string;
  /** The payment provider's transaction, for reconciling and refunds. */
  transactionId?: string;
  state: CopyState;
  queue?: 'open';
  receivedAt?: string;
  dueOn?: string;
  note?: string;
  decidedBy?: string;
  decidedAt?: string;
  signatureId?: string;
  code?: string;
  issuedAt?: string;
  /** The signed copy's object (one per making: a second delivery's file is never the one served). */
  fileKey?: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

/** Open requests the office's list shows at once (oldest due first). */
const OPEN_PAGE = 100;

export const copyDocumentKey = (requestId: string, kind: CopyDocumentKind) =>
  `${DIPLOMA_COPY_PREFIX}documents/${requestId}/${kind}`;
export const copyFileKey = (requestId: string, making: string) =>
  `${DIPLOMA_COPY_PREFIX}issued/${requestId}/${making}.pdf`;

/** What the verification page shows of a copy. */
export const copyAttestation = (entry: EntryItem): Attestation =>
  entryAttestation('diploma-copy', 'Bản sao văn bằng từ sổ gốc', entryOf(entry));

export function makeCopies(entities: () => DiplomaEntities = diplomaEntities) {
  const register = makeRegister(entities);
  const lookups = makeLookups(entities);

  async function get(requestId: string) {
    const { data } = await entities().diplomaCopy.get({ requestId }).go();
    return (data as CopyItem | null) ?? undefined;
  }
  /** A requester's own request; anyone else's looks like none. */
  async function own(principal: LoadedPrincipal, requestId: string) {
    const item = await get(requestId);
    if (!item || item.accountId !== principal.sub) throw notFound();
    return item;
  }
  /** Writes the request's next state on the revision read; a race is a 409. */
  async function save(before: CopyItem, after: CopyItem) {
    const next = { ...after, revision: before.revision + 1, updatedAt: new Date().toISOString() };
    const result = await entities()
      .service.transaction.write(({ diplomaCopy }) => [
        diplomaCopy
          .put(next)
          .where((x, op) => op.eq(x.revision, before.revision))
          .commit(),
      ])
      .go();
    if (result.canceled) throw conflict(diplomaText('copy-changed'));
    return next;
  }

  /** What the requester sees: no account ids, the documents by kind. */
  const presentOwn = (c: CopyItem, today = cityDate(new Date())) => ({
    requestId: c.requestId,
    relation: c.relation,
    serial: c.serial,
    holderName: c.holderName,
    copies: c.copies,
    documentsNeeded: DOCUMENTS_NEEDED[c.relation],
    documents: c.documents.map((d) => ({ kind: d.kind, fileName: d.fileName })),
    fee: c.fee,
    paymentReference: c.paymentReference,
    paid: Boolean(c.paidAt),
    state: c.state,
    ...(c.dueOn ? { dueOn: c.dueOn } : {}),
    overdue: isOverdue(c.state, c.dueOn, today),
    ...(c.note ? { note: c.note } : {}),
    ...(c.code ? { code: formatVerificationCode(c.code) } : {}),
    createdAt: c.createdAt,
    revision: c.revision,
  });

  return {
    get,
    presentOwn,

    /** A new request: the diploma found and the requester's standing checked; documents next, or the fee. */
    async request(
      principal: LoadedPrincipal,
      asked: { relation: CopyRelation; serial: string; fullName: string; birthDate: string; copies: number },
    ) {
      if (!principal.personalId) throw conflict(diplomaText('claim-needs-identity'));
      const entry = await lookups.asked(asked, principal.sub);
      if (!entry) throw noMatchingDiploma();
      // As the holder: the diploma must be theirs (recorded under their personal ID, or claimed).
      if (asked.relation === 'holder' && entry.holder.personalId !== principal.personalId)
        throw conflict(diplomaText('copy-not-yours'));
      if (entry.state !== 'valid') throw conflict(diplomaText('copy-not-valid'));
      const requestId = randomUUID();
      const at = new Date().toISOString();
      const needed = DOCUMENTS_NEEDED[asked.relation];
      const item: CopyItem = {
        requestId,
        accountId: principal.sub,
        // The verified identity's name; a holder without one in the account is the diploma's holder.
        requesterName:
          principal.displayName ??
          (asked.relation === 'holder' ? entry.holder.fullName : `số định danh ${principal.personalId}`),
        requesterPersonalId: principal.personalId,
        relation: asked.relation,
        entryId: entry.entryId,
        serial: entry.serial,
        holderName: entry.holder.fullName,
        copies: asked.copies,
        documents: [],
        fee: feeOf(asked.copies),
        paymentReference: paymentReference(requestId),
        state: needed.length ? 'awaiting-documents' : 'awaiting-payment',
        createdAt: at,
        updatedAt: at,
        revision: 1,
      };
      await entities().diplomaCopy.create(item).go();
      return presentOwn(item);
    },

    async mine(principal: LoadedPrincipal) {
      const { data } = await entities()
        .diplomaCopy.query.byAccount({ accountId: principal.sub })
        .go({ order: 'desc', limit: 50 });
      return (data as CopyItem[]).map((c) => presentOwn(c));
    },

    /** A link to upload one of the documents the request needs (PDF, JPEG or PNG, 10 MB). */
    async documentUpload(
      principal: LoadedPrincipal,
      requestId: string,
      doc: { kind: CopyDocumentKind; fileName: string; contentType: string },
    ) {
      const item = await own(principal, requestId);
      if (item.state !== 'awaiting-documents') throw conflict(diplomaText('copy-not-waiting-documents'));
      if (!DOCUMENTS_NEEDED[item.relation].includes(doc.kind))
        throw conflict(diplomaText('copy-document-not-needed'));
      const key = copyDocumentKey(requestId, doc.kind);
      const documents = [...item.documents.filter((d) => d.kind !== doc.kind), { ...doc, key }];
      await save(item, { ...item, documents });
      return {
        upload: await uploadLink(
          'documents',
          key,
          doc.contentType,
          { maxBytes: MAX_COPY_DOCUMENT_BYTES },
          900,
        ),
      };
    },

    /** The documents are in (each one looked for in S3): the request waits for its fee. */
    async documentsDone(principal: LoadedPrincipal, requestId: string) {
      const item = await own(principal, requestId);
      if (item.state !== 'awaiting-documents') throw conflict(diplomaText('copy-not-waiting-documents'));
      const missing: CopyDocumentKind[] = [];
      const documents: CopyDocument[] = [];
      for (const kind of DOCUMENTS_NEEDED[item.relation]) {
        const head = await headObject('documents', copyDocumentKey(requestId, kind));
        const named = item.documents.find((d) => d.kind === kind);
        if (!head || !named) missing.push(kind);
        else documents.push({ ...named, ...(head.versionId ? { versionId: head.versionId } : {}) });
      }
      if (missing.length)
        throw conflict(
          diplomaText('copy-documents-missing', {
            // Each document named in the reader's language.
            documents: {
              vi: missing.map((k) => bothLanguages(diplomaText(`document-${k}`)).vi).join(', '),
              en: missing.map((k) => diplomaText(`document-${k}`).message).join(', '),
            },
          }),
        );
      return presentOwn(await save(item, { ...item, documents, state: 'awaiting-payment' }));
    },

    /**
     * The fee paid through the payment interface: the request reaches the office and its clock
     * starts. The attempt is written first (on the revision read), so two taps charge once; the
     * gateway charges a reference once, so a payment tried again after a failure is the same one.
     */
    async pay(principal: LoadedPrincipal, requestId: string) {
      const item = await own(principal, requestId);
      if (item.state !== 'awaiting-payment') throw conflict(diplomaText('copy-not-waiting-payment'));
      const attempt = await save(item, { ...item, paymentTriedAt: new Date().toISOString() });
      let paid: ChargeResult;
      try {
        paid = await paymentGateway().charge({
          reference: item.paymentReference,
          amount: item.fee,
          description: `Bản sao văn bằng từ sổ gốc, số hiệu ${item.serial}, ${item.copies} bản`,
        });
      } catch (error) {
        if (!(error instanceof PaymentsNotConfiguredError)) throw error;
        throw new HttpProblem({
          status: 503,
          title: 'Service unavailable',
          slug: 'payments-off',
          detail: diplomaText('payments-off'),
        });
      }
      if (paid.status === 'declined')
        throw conflict(diplomaText('payment-declined', { reason: paid.reason }));
      return presentOwn(
        await save(attempt, {
          ...attempt,
          paidAt: paid.paidAt,
          transactionId: paid.transactionId,
          state: 'submitted',
          queue: 'open',
          receivedAt: paid.paidAt,
          dueOn: workingDaysAfter(new Date(paid.paidAt), COPY_WORKING_DAYS),
        }),
      );
    },

    /**
     * A fee paid at the office's desk or by transfer, recorded by the office against the payment
     * reference the requester was given (the receipt's number kept as the transaction): the request
     * reaches the office and its 5 working days start. Audited.
     */
    async recordPayment(reference: string, receipt: string, writer: Writer) {
      const { data } = await entities()
        .diplomaCopy.query.byPaymentReference({ paymentReference: reference.trim().toUpperCase() })
        .go({ limit: 1 });
      const item = (data[0] as CopyItem | undefined) ?? undefined;
      if (!item) throw notFound(diplomaText('copy-no-reference'));
      if (item.state !== 'awaiting-payment') throw conflict(diplomaText('copy-not-waiting-payment'));
      const at = new Date().toISOString();
      const after: CopyItem = {
        ...item,
        paidAt: at,
        transactionId: `OFFICE-${receipt}`,
        state: 'submitted',
        queue: 'open',
        receivedAt: at,
        dueOn: workingDaysAfter(new Date(at), COPY_WORKING_DAYS),
        updatedAt: at,
        revision: item.revision + 1,
      };
      const result = await entities()
        .service.transaction.write(({ diplomaCopy, auditEntry: log }) => [
          diplomaCopy
            .put(after)
            .where((x, op) => op.eq(x.revision, item.revision))
            .commit(),
          log
            .create(
              auditEntry({
                actorId: writer.accountId,
                action: 'diploma-copy.record-payment',
                targetType: 'diploma-copy',
                targetId: item.requestId,
                orgUnit: writer.unit,
                requestId: writer.requestId,
                changes: { paymentReference: item.paymentReference, receipt },
              }),
            )
            .commit(),
        ])
        .go();
      if (result.canceled) throw conflict(diplomaText('copy-changed'));
      return after;
    },

    /** A link to the signed copy, once issued (five minutes). */
    async fileLink(principal: LoadedPrincipal, requestId: string) {
      const item = await own(principal, requestId);
      if (item.state !== 'issued') throw conflict(diplomaText('copy-not-issued'));
      return {
        url: await presignDownload(
          'documents',
          item.fileKey ?? '',
          300,
          `ban-sao-${item.serial.replace(/\W+/g, '')}.pdf`,
        ),
      };
    },

    /** The office's open requests, the one due soonest first, each saying whether it is overdue. */
    async open() {
      const { data } = await entities().diplomaCopy.query.open({ queue: 'open' }).go({ limit: OPEN_PAGE });
      const today = cityDate(new Date());
      return (data as CopyItem[]).map((c) => ({
        ...presentOwn(c, today),
        requesterName: c.requesterName,
        receivedAt: c.receivedAt,
      }));
    },

    /** One request for the office: the requester, the entry as printed, links to the documents. */
    async forOffice(requestId: string) {
      const c = await get(requestId);
      if (!c) throw notFound();
      const entry = await register.get(c.entryId);
      return {
        ...presentOwn(c),
        requesterName: c.requesterName,
        requesterPersonalId: c.requesterPersonalId,
        ...(c.receivedAt ? { receivedAt: c.receivedAt } : {}),
        entry: entry
          ? { entryId: entry.entryId, state: entry.state, facts: printedFacts(entryOf(entry)) }
          : undefined,
        documentLinks: await Promise.all(
          c.documents.map(async (d) => ({
            kind: d.kind,
            fileName: d.fileName,
            url: await presignDownload('documents', d.key, 300, d.fileName, d.versionId),
          })),
        ),
      };
    },

    /**
     * The office's decision: approving records the copy's signature and code and queues the copy to
     * be made; refusing needs a note. Both audited; the requester is told when refused here, and
     * when issued by the worker.
     */
    async decide(
      requestId: string,
      decision: 'approve' | 'refuse',
      note: string | undefined,
      writer: Writer,
    ) {
      const c = await get(requestId);
      if (!c) throw notFound();
      // Approved, but its making never queued (the send failed after the write): queued again.
      if (c.state === 'approved' && decision === 'approve') {
        await sendMessage(DIPLOMA_COPIES_QUEUE, copyMessage, { requestId });
        return c;
      }
      if (c.state !== 'submitted') throw conflict(diplomaText('copy-decided'));
      const at = new Date().toISOString();
      const audit = (action: string, changes: Record<string, string>) =>
        auditEntry({
          actorId: writer.accountId,
          action,
          targetType: 'diploma-copy',
          targetId: requestId,
          orgUnit: writer.unit,
          requestId: writer.requestId,
          changes,
        });
      if (decision === 'refuse') {
        const { queue: _q, ...closed } = c;
        const result = await entities()
          .service.transaction.write(({ diplomaCopy, auditEntry: log }) => [
            diplomaCopy
              .put({
                ...closed,
                state: 'refused',
                note: note ?? '',
                decidedBy: writer.accountId,
                decidedAt: at,
                updatedAt: at,
                revision: c.revision + 1,
              })
              .where((x, op) => op.eq(x.revision, c.revision))
              .commit(),
            log.create(audit('diploma-copy.refuse', { serial: c.serial })).commit(),
          ])
          .go();
        if (result.canceled) throw conflict(diplomaText('copy-changed'));
        await notifyQuietly(
          [
            {
              notificationId: `diploma-copy-${requestId}`,
              channel: 'app',
              recipientId: c.accountId,
              template: 'diploma-copy-refused',
              data: { serial: c.serial, note: note ?? '' },
            },
          ],
          'Diploma copy refusal notice',
        );
        return { ...c, state: 'refused' as const, note: note ?? '', revision: c.revision + 1 };
      }
      const entry = await register.get(c.entryId);
      if (entry?.state !== 'valid') throw conflict(diplomaText('copy-not-valid'));
      const signatureId = randomUUID();
      let made: CopyItem | undefined;
      const result = await writeWithNewCode(
        (code) =>
          entities()
            .service.transaction.write(
              ({ diplomaCopy, recordSignature, verificationCode, auditEntry: log }) => {
                made = {
                  ...c,
                  state: 'approved',
                  decidedBy: writer.accountId,
                  decidedAt: at,
                  signatureId,
                  code,
                  updatedAt: at,
                  revision: c.revision + 1,
                };
                return [
                  diplomaCopy
                    .put(made)
                    .where((x, op) => op.eq(x.revision, c.revision))
                    .commit(),
                  recordSignature
                    .create({
                      signatureId,
                      signerId: 'unit:department',
                      signerName: DEPARTMENT_NAME,
                      reason: 'Bản sao văn bằng từ sổ gốc',
                      code,
                      status: 'pending',
                      documentSha256: '',
                      attests: copyAttestation(entry),
                    })
                    .commit(),
                  verificationCode.create({ code, signatureId }).commit(),
                  log.create(audit('diploma-copy.approve', { serial: c.serial, code })).commit(),
                ];
              },
            )
            .go(),
        2,
      );
      if (result.canceled) throw conflict(diplomaText('copy-changed'));
      await sendMessage(DIPLOMA_COPIES_QUEUE, copyMessage, { requestId });
      return made!;
    },
  };
}

export type Copies = ReturnType<typeof makeCopies>;
