/**
 * Digitising the paper registers (issue 23, step 2): batches of scans (a register book, a box of
 * diplomas of one year), their files uploaded to S3 and split into pages by a worker, each page
 * read by the OCR worker into a proposal, then keyed twice by people side by side with the scan
 * (domain/keying.ts: disagreements go to a third) and approved into the register by an officer
 * who keyed none of it. Each record's move and its batch's counts are one transaction, so the
 * progress per year and book is one read and never drifts from the records.
 */
import { randomUUID } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { orgUnitNames } from '#shared/auth/store.ts';
import { nameBasedId } from '#shared/db/name-based-id.ts';
import { decodeCursor, encodeCursor } from '#shared/db/pagination.ts';
import { badRequest, conflict, HttpProblem, notFound } from '#shared/http/problem.ts';
import { logger } from '#shared/observability/logger.ts';
import { presignDownload, putObject } from '#shared/storage/s3.ts';
import { uploadLink } from '#shared/storage/upload-link.ts';
import { learnersNamed } from '../edu-data/index.ts';
import { matchWithEducation } from './domain/education-match.ts';
import {
  agreedValues,
  entryOfKeyed,
  type KeyedRow,
  type Keying,
  type KeyingRefusal,
  keyRecord,
  mayApprove,
  type RecordState,
} from './domain/keying.ts';
import type { RegisterEntry } from './domain/register.ts';
import { REGISTER_COLUMNS, type RegisterField, type RowError } from './domain/register-sheet.ts';
import type { Box, ScanProposal } from './domain/scan-reading.ts';
import { diplomaText } from './domain/texts.ts';
import { type DiplomaEntities, diplomaEntities } from './entities.ts';
import {
  DIPLOMA_SCAN_PAGE_PREFIX,
  DIPLOMA_SCAN_UPLOAD_PREFIX,
  MAX_SCAN_FILE_BYTES,
  type SCAN_TYPES,
} from './messages.ts';
import { makeRegister, type Writer } from './register.ts';

/** The batch's counter of the records in each state. */
const COUNTER: Record<
  RecordState,
  'reading' | 'unreadable' | 'open' | 'keyedOnce' | 'disagreed' | 'agreed' | 'approved'
> = {
  reading: 'reading',
  unreadable: 'unreadable',
  open: 'open',
  'keyed-once': 'keyedOnce',
  disagreed: 'disagreed',
  agreed: 'agreed',
  approved: 'approved',
};

export interface ScanImage {
  key: string;
  width: number;
  height: number;
  rotation: number;
}

export interface ScanRecordItem {
  recordId: string;
  batchId: string;
  fileId: string;
  page: number;
  /** A register page's row (a diploma: 1), and where the row is on the page. */
  row?: number;
  rowBox?: Box;
  state: RecordState;
  image?: ScanImage;
  problem?: { code: string; message: string };
  proposal?: ScanProposal;
  keyings: Keying[];
  differing?: RegisterField[];
  returns?: { keyings: Keying[]; note: string; by: string; at: string }[];
  entryId?: string;
  approvedBy?: string;
  updatedAt: string;
  revision: number;
}

export const recordIdOf = (fileId: string, page: number) => nameBasedId(`diploma-scan:${fileId}:${page}`);
/** A register page's later rows (the page's record is its first row's). */
export const rowRecordIdOf = (fileId: string, page: number, row: number) =>
  nameBasedId(`diploma-scan:${fileId}:${page}:${row}`);
/** At most this many rows a page (a transaction's room, with the batch's counts). */
export const MAX_PAGE_ROWS = 90;
export const uploadKeyOf = (batchId: string, fileId: string) =>
  `${DIPLOMA_SCAN_UPLOAD_PREFIX}${batchId}/${fileId}`;
/** The page as extracted from its file (what OCR reads), and as read (what people see). */
export const pageSourceKey = (recordId: string) => `${DIPLOMA_SCAN_PAGE_PREFIX}${recordId}/source`;
export const pageImageKey = (recordId: string) => `${DIPLOMA_SCAN_PAGE_PREFIX}${recordId}/read.jpg`;

const refusalText = (refusal: KeyingRefusal) => diplomaText(`keying-${refusal}`);

/** A row's refused cells as the API's field errors, named by the register's field (not its column). */
const cellErrors = (errors: RowError[], prefix: string) =>
  errors.map((e) => ({
    in: 'body' as const,
    field: `${prefix}${REGISTER_COLUMNS.find((c) => c.header === e.field)?.field ?? e.field}`,
    code: e.code,
    message: e.message,
    ...(e.params ? { params: e.params } : {}),
  }));

/** The entry's holder beside the city's learners of that name and birth date. */
async function educationMatchOf(entry: RegisterEntry) {
  const { learners, complete } = await learnersNamed(
    DEPARTMENT_ORG_UNIT_ID(),
    entry.holder.fullName,
    entry.holder.birthDate,
  );
  const schools = await orgUnitNames(learners.map((l) => l.schoolId));
  return matchWithEducation(
    complete,
    {
      fullName: entry.holder.fullName,
      birthDate: entry.holder.birthDate,
      school: entry.school,
      ...(entry.holder.personalId ? { personalId: entry.holder.personalId } : {}),
    },
    learners.map((l) => ({
      fullName: l.fullName,
      birthDate: l.dateOfBirth,
      schoolName: schools.get(l.schoolId) ?? '',
      ...(l.personalId ? { personalId: l.personalId } : {}),
    })),
  );
}

export function makeDigitisation(entities: () => DiplomaEntities = diplomaEntities) {
  const register = makeRegister(entities);

  async function getBatch(batchId: string) {
    const { data } = await entities().diplomaScanBatch.get({ batchId }).go();
    return data ?? undefined;
  }

  async function getRecord(recordId: string) {
    const { data } = await entities().diplomaScanRecord.get({ recordId }).go();
    return (data as ScanRecordItem | null) ?? undefined;
  }

  /**
   * Moves a record from the state it was read in, with its batch's counts, in one transaction;
   * false when someone moved it meanwhile (the revision read is no longer the record's).
   */
  async function move(
    before: ScanRecordItem,
    after: ScanRecordItem,
    audit?: Parameters<typeof auditEntry>[0],
  ) {
    const e = entities();
    const counts =
      before.state === after.state ? undefined : { [COUNTER[before.state]]: -1, [COUNTER[after.state]]: 1 };
    const result = await e.service.transaction
      .write(({ diplomaScanRecord, diplomaScanBatch, auditEntry: log }) => [
        diplomaScanRecord
          .put({ ...after, revision: before.revision + 1, updatedAt: new Date().toISOString() })
          .where((r, op) => op.eq(r.revision, before.revision))
          .commit(),
        ...(counts ? [diplomaScanBatch.update({ batchId: before.batchId }).add(counts).commit()] : []),
        ...(audit ? [log.create(auditEntry(audit)).commit()] : []),
      ])
      .go();
    return !result.canceled;
  }

  return {
    getBatch,
    getRecord,

    async createBatch(
      input: { registerYear: number; kind: 'diplomas' | 'register'; book: string; note?: string | undefined },
      writer: Writer,
    ) {
      const batch = {
        batchId: randomUUID(),
        list: 'batches' as const,
        registerYear: input.registerYear,
        kind: input.kind,
        book: input.book,
        ...(input.note ? { note: input.note } : {}),
        files: 0,
        pages: 0,
        reading: 0,
        unreadable: 0,
        open: 0,
        keyedOnce: 0,
        disagreed: 0,
        agreed: 0,
        approved: 0,
        createdBy: writer.accountId,
        createdAt: new Date().toISOString(),
      };
      await entities()
        .service.transaction.write(({ diplomaScanBatch, auditEntry: log }) => [
          diplomaScanBatch.create(batch).commit(),
          log
            .create(
              auditEntry({
                actorId: writer.accountId,
                action: 'diploma-scan.batch-create',
                targetType: 'diploma-scan-batch',
                targetId: batch.batchId,
                orgUnit: writer.unit,
                requestId: writer.requestId,
                changes: { registerYear: String(batch.registerYear), book: batch.book },
              }),
            )
            .commit(),
        ])
        .go();
      return batch;
    },

    /** All batches, by register year (newest first), a page at a time. */
    async listBatches(limit: number, cursor?: string) {
      const page = await entities()
        .diplomaScanBatch.query.byYear({ list: 'batches' })
        .go({ order: 'desc', limit, cursor: decodeCursor('diploma-scan-batches', cursor) });
      return { items: page.data, nextCursor: encodeCursor('diploma-scan-batches', page.cursor) };
    },

    async listFiles(batchId: string) {
      const { data } = await entities().diplomaScanFile.query.byBatch({ batchId }).go({ pages: 'all' });
      return data;
    },

    /** A file to upload into a batch: its item, and a link for exactly that type and size range. */
    async requestUpload(
      batchId: string,
      file: { fileName: string; contentType: (typeof SCAN_TYPES)[number] },
      writer: Writer,
    ) {
      if (!(await getBatch(batchId))) throw notFound();
      const item = {
        batchId,
        fileId: randomUUID(),
        fileName: file.fileName,
        contentType: file.contentType,
        state: 'awaiting-upload' as const,
        uploadedBy: writer.accountId,
        createdAt: new Date().toISOString(),
      };
      await entities().diplomaScanFile.create(item).go();
      const upload = await uploadLink(
        'documents',
        uploadKeyOf(batchId, item.fileId),
        file.contentType,
        { maxBytes: MAX_SCAN_FILE_BYTES },
        3600,
      );
      return { file: item, upload };
    },

    /** The split worker's record of a file: its pages, or why it was refused. */
    async fileSplit(
      batchId: string,
      fileId: string,
      outcome: { pages: number } | { problem: { code: string; message: string } },
    ) {
      const e = entities();
      const { data: file } = await e.diplomaScanFile.get({ batchId, fileId }).go();
      if (file?.state !== 'awaiting-upload') return false;
      const state = 'pages' in outcome ? ('split' as const) : ('refused' as const);
      const result = await e.service.transaction
        .write(({ diplomaScanFile, diplomaScanBatch }) => [
          diplomaScanFile
            .patch({ batchId, fileId })
            .set({ state, ...outcome })
            .where((f, op) => op.eq(f.state, 'awaiting-upload'))
            .commit(),
          diplomaScanBatch.update({ batchId }).add({ files: 1 }).commit(),
        ])
        .go();
      return !result.canceled;
    },

    /** A page found in a file: its record waits for OCR (written once however often the file is split). */
    async addPage(batchId: string, fileId: string, page: number, source: Uint8Array, contentType: string) {
      const recordId = recordIdOf(fileId, page);
      await putObject('documents', pageSourceKey(recordId), source, contentType);
      const result = await entities()
        .service.transaction.write(({ diplomaScanRecord, diplomaScanBatch }) => [
          diplomaScanRecord
            .create({
              recordId,
              batchId,
              fileId,
              page,
              state: 'reading',
              keyings: [],
              updatedAt: new Date().toISOString(),
              revision: 1,
            })
            .commit(),
          diplomaScanBatch.update({ batchId }).add({ pages: 1, reading: 1 }).commit(),
        ])
        .go();
      return { recordId, added: !result.canceled };
    },

    /** What OCR read on a page (or why it could not): the record opens for keying. */
    async pageRead(
      recordId: string,
      outcome: { image: ScanImage; proposal: ScanProposal } | { problem: { code: string; message: string } },
    ) {
      const record = await getRecord(recordId);
      if (record?.state !== 'reading') return false;
      const after: ScanRecordItem =
        'problem' in outcome
          ? { ...record, state: 'unreadable', problem: outcome.problem }
          : { ...record, state: 'open', image: outcome.image, proposal: outcome.proposal };
      return move(record, after);
    },

    /**
     * What OCR read on a register book's page: its rows, each a record open for keying (the page's
     * record becomes the first row's, the others are made with it, all in one transaction with the
     * batch's counts); a page without a table's rows is unreadable.
     */
    async rowsRead(recordId: string, image: ScanImage, rows: (ScanProposal & { row: number; box: Box })[]) {
      const record = await getRecord(recordId);
      if (record?.state !== 'reading') return false;
      if (!rows.length) return this.pageRead(recordId, { problem: diplomaText('scan-page-no-rows') });
      const now = new Date().toISOString();
      if (rows.length > MAX_PAGE_ROWS)
        logger.warn('Register page with more rows than a page takes: the rest left out', {
          recordId,
          rows: rows.length,
        });
      const [first, ...rest] = rows.slice(0, MAX_PAGE_ROWS);
      const proposalOf = (r: ScanProposal) => ({ values: r.values, fields: r.fields });
      const result = await entities()
        .service.transaction.write(({ diplomaScanRecord, diplomaScanBatch }) => [
          diplomaScanRecord
            .put({
              ...record,
              state: 'open',
              image,
              proposal: proposalOf(first!),
              row: first!.row,
              rowBox: first!.box,
              updatedAt: now,
              revision: record.revision + 1,
            })
            .where((r, op) => op.eq(r.revision, record.revision))
            .commit(),
          ...rest.map((r) =>
            diplomaScanRecord
              .create({
                recordId: rowRecordIdOf(record.fileId, record.page, r.row),
                batchId: record.batchId,
                fileId: record.fileId,
                page: record.page,
                row: r.row,
                rowBox: r.box,
                state: 'open',
                image,
                proposal: proposalOf(r),
                keyings: [],
                updatedAt: now,
                revision: 1,
              })
              .commit(),
          ),
          diplomaScanBatch
            .update({ batchId: record.batchId })
            .add({ reading: -1, open: 1 + rest.length })
            .commit(),
        ])
        .go();
      return !result.canceled;
    },

    /**
     * The next record this person can key in a batch: one the others disagree on (if they keyed
     * neither side), then one keyed once by someone else, then a fresh one.
     */
    async nextToKey(batchId: string, accountId: string) {
      const e = entities();
      for (const state of ['disagreed', 'keyed-once', 'open'] as const) {
        let cursor: string | null = null;
        for (let pages = 0; pages < 4; pages++) {
          const page: { data: unknown[]; cursor: string | null } = await e.diplomaScanRecord.query
            .byBatch({ batchId, state })
            .go({ limit: 25, cursor });
          const mine = (page.data as ScanRecordItem[]).find(
            (r) => !r.keyings.some((k) => k.by === accountId),
          );
          if (mine) return mine;
          if (!page.cursor) break;
          cursor = page.cursor;
        }
      }
      return undefined;
    },

    /** A batch's records in one state (the approvers' list is the agreed ones), a page at a time. */
    async recordsIn(batchId: string, state: RecordState, limit: number, cursor?: string) {
      const page = await entities()
        .diplomaScanRecord.query.byBatch({ batchId, state })
        .go({ limit, cursor: decodeCursor(`diploma-scans:${batchId}:${state}`, cursor) });
      return {
        items: page.data as ScanRecordItem[],
        nextCursor: encodeCursor(`diploma-scans:${batchId}:${state}`, page.cursor),
      };
    },

    /** A link to the page's image, for the person keying it (five minutes). */
    imageLink: (record: ScanRecordItem) =>
      record.image ? presignDownload('documents', record.image.key, 300) : Promise.resolve(undefined),

    async key(recordId: string, values: KeyedRow, expectedRevision: number, writer: Writer) {
      const record = await getRecord(recordId);
      if (!record) throw notFound();
      if (record.revision !== expectedRevision) throw conflict(diplomaText('record-changed'));
      // A keying is of a register entry: each cell the register would refuse is named now, by field.
      const read = entryOfKeyed(values);
      if (!read.ok) throw badRequest(diplomaText('keying-not-entry'), cellErrors(read.errors, 'values.'));
      const next = keyRecord(record, { by: writer.accountId, at: new Date().toISOString(), values });
      if (!next.ok) throw conflict(refusalText(next.refusal));
      const after: ScanRecordItem = { ...record, ...next.record };
      if (!next.record.differing) delete after.differing;
      if (!(await move(record, after))) throw conflict(diplomaText('record-changed'));
      return { ...after, revision: record.revision + 1 };
    },

    /**
     * Enters an agreed record into the register (at the number its book gives it, the entry's id
     * named by the record, so an approval tried again enters nothing twice), then marks it approved.
     */
    /**
     * The agreed holder checked against the education database (the approver's view): learners
     * of the same name, diacritics aside, and birth date — each with whether it is spelled alike,
     * at the same school, with a personal ID recorded (never the ID itself).
     */
    async educationMatch(recordId: string) {
      const record = await getRecord(recordId);
      if (!record) throw notFound();
      const agreed = agreedValues(record);
      const read = agreed ? entryOfKeyed(agreed) : undefined;
      if (!read?.ok) throw conflict(diplomaText('record-not-agreed'));
      const { personalId: _id, ...seen } = await educationMatchOf(read.entry);
      return seen;
    },

    async approve(
      recordId: string,
      expectedRevision: number,
      writer: Writer,
      options: { personalIdFromEducation?: boolean } = {},
    ) {
      const record = await getRecord(recordId);
      if (!record) throw notFound();
      if (record.revision !== expectedRevision) throw conflict(diplomaText('record-changed'));
      // An approval that stopped between its two writes is finished by its approver.
      const unfinished =
        record.state === 'approved' && !record.entryId && record.approvedBy === writer.accountId;
      const refusal = unfinished ? undefined : mayApprove(record, writer.accountId);
      if (refusal) throw conflict(refusalText(refusal));
      const read = entryOfKeyed(agreedValues(record)!);
      if (!read.ok) throw badRequest(diplomaText('record-not-entry'), cellErrors(read.errors, 'agreed.'));
      if (options.personalIdFromEducation) {
        // The approver takes the holder's personal ID from the education database: checked again
        // now, and only where one learner, spelled alike, offers it.
        const match = await educationMatchOf(read.entry);
        if (!match.personalId) throw conflict(diplomaText('education-match-changed'));
        read.entry = { ...read.entry, holder: { ...read.entry.holder, personalId: match.personalId } };
      }
      // The record is marked approved first (on the revision read): a send-back racing it loses, so
      // what is entered is what was agreed. Entered, the record names its entry.
      let approved = record;
      if (!unfinished) {
        approved = {
          ...record,
          state: 'approved',
          approvedBy: writer.accountId,
          revision: record.revision + 1,
        };
        if (!(await move(record, approved))) throw conflict(diplomaText('record-changed'));
      }
      let item: Awaited<ReturnType<typeof register.enter>>['item'];
      try {
        ({ item } = await register.enter(read.entry, writer, {
          entryId: nameBasedId(`diploma-scan-entry:${recordId}`),
          source: 'scan',
          scanRecordId: recordId,
        }));
      } catch (error) {
        // The register refused it (a serial or number it already has): the record is agreed again,
        // for the officer to send back.
        if (error instanceof HttpProblem && error.status < 500) {
          const { approvedBy: _a, ...agreed } = approved;
          await move(approved, { ...agreed, state: 'agreed' });
        }
        throw error;
      }
      const after: ScanRecordItem = { ...approved, entryId: item.entryId };
      if (!(await move(approved, after))) throw conflict(diplomaText('record-changed'));
      return { record: { ...after, revision: approved.revision + 1 }, entry: item };
    },

    /** Sends an agreed record back to be keyed again, keeping what was keyed and why. */
    async sendBack(recordId: string, expectedRevision: number, note: string, writer: Writer) {
      const record = await getRecord(recordId);
      if (!record) throw notFound();
      if (record.revision !== expectedRevision) throw conflict(diplomaText('record-changed'));
      const refusal = mayApprove(record, writer.accountId);
      if (refusal) throw conflict(refusalText(refusal));
      const after: ScanRecordItem = {
        ...record,
        state: 'open',
        keyings: [],
        returns: [
          ...(record.returns ?? []),
          { keyings: record.keyings, note, by: writer.accountId, at: new Date().toISOString() },
        ],
      };
      delete after.differing;
      const moved = await move(record, after, {
        actorId: writer.accountId,
        action: 'diploma-scan.send-back',
        targetType: 'diploma-scan-record',
        targetId: recordId,
        orgUnit: writer.unit,
        requestId: writer.requestId,
      });
      if (!moved) throw conflict(diplomaText('record-changed'));
      return { ...after, revision: record.revision + 1 };
    },
  };
}

export type Digitisation = ReturnType<typeof makeDigitisation>;
