/**
 * The register of diplomas on the single table.
 *
 * Access patterns:
 * - an entry by id: GetItem (`diplomaEntry`)
 * - an entry by serial number: GetItem on its guard (`diplomaSerial`, keyed by `serialKey`),
 *   written with the entry in one transaction, so a serial is in the register once
 * - a calendar year's register in number order: gsi1 of `diplomaEntry` (the register's pages)
 * - the numbers a year has used: Query (`diplomaNumber`, one small item per number, keyed by year
 *   and number — the guard that makes a number used once, and what the gaps are computed from)
 * - a year's highest number: GetItem (`diplomaYear`), moved forward in the entry's transaction on
 *   the value read, so two officers never take one number and a failed write burns none; it counts
 *   the numbers used and explained too, so the unexplained ones are known in one read
 * - a year's gap explanations: Query (`diplomaGap`, by the first number of the range)
 * - entries by the holder's name (folded) and birth date: gsi2 (the office's search)
 * - a holder's entries by personal ID: gsi3 (sparse: old entries seldom know it)
 * - an import of a digital register (XLSX): GetItem (`diplomaImport`); a person's recent ones: gsi1
 * - the public verifications of a serial today: GetItem (`diplomaLookupCount`, the per-holder limit)
 * - every lookup: `diplomaLookup`; a diploma's lookups, newest first: gsi1 by serial key
 * - authorities' systems the office admitted (`diplomaAuthority`, all on gsi1 by name) and each
 *   one's verifications of a day (`diplomaAuthorityUse`, its quota)
 * - digital diplomas (`diplomaCredential`, an entry's on gsi1; one standing at a time by
 *   `diplomaCredentialGuard`), the revocation lists (`diplomaStatusList`) and the issuer's
 *   documents (`diplomaIssuer`)
 * - digitisation: a batch of scans (`diplomaScanBatch`, a register book or a box of diplomas) with
 *   its progress counted on it; all batches by register year on gsi1; a batch's files
 *   (`diplomaScanFile`) in its partition; the records scanned (`diplomaScanRecord`, one a page) by
 *   batch and state on gsi1 (the keyers' and the approvers' work lists)
 * - copies from the register (`diplomaCopy`): a requester's on gsi1; those with the office, by the
 *   day they are due, on gsi2 (sparse: closed requests leave it); by payment reference on gsi3 (a fee
 *   paid at the desk); their signatures in the registry
 * - a citizen's claims to entries (`diplomaClaim`): an account's on gsi1; the pending ones, oldest
 *   first, on gsi2 (sparse: decided claims leave it)
 */
import { Entity, Service } from 'electrodb';
import { makeAuditEntity } from '#shared/audit/entity.ts';
import { lazyStore, type TableDeps } from '#shared/db/client.ts';
import { jobAttributes, jobById, jobByRequester } from '#shared/jobs/attributes.ts';
import { makeSignatureEntities } from '#shared/signing/registry.ts';
import { COPY_RELATIONS, COPY_STATES } from './domain/copies.ts';
import { RECORD_STATES } from './domain/keying.ts';
import { DIPLOMA_TYPES, RANKS } from './domain/register.ts';

const SERVICE = 'edu';
export const ENTRY_STATES = ['valid', 'cancelled', 'replaced'] as const;
export const ENTRY_SOURCES = ['typed', 'import', 'scan'] as const;
export const SCAN_FILE_STATES = ['awaiting-upload', 'split', 'refused'] as const;

export function makeDiplomaEntities({ client, table }: TableDeps) {
  const diplomaEntry = new Entity(
    {
      model: { entity: 'diplomaEntry', version: '1', service: SERVICE },
      attributes: {
        entryId: { type: 'string', required: true },
        /** The holder as the register records them (domain/register.ts `holderSchema`). */
        holder: { type: 'any', required: true },
        /** The holder's name folded (no case, diacritics or spacing): the search's key. */
        nameKey: { type: 'string', required: true },
        birthDate: { type: 'string', required: true },
        personalId: { type: 'string' },
        type: { type: DIPLOMA_TYPES, required: true },
        graduationYear: { type: 'number', required: true },
        serial: { type: 'string', required: true },
        serialKey: { type: 'string', required: true },
        registerYear: { type: 'number', required: true },
        registerNumber: { type: 'number', required: true, padding: { length: 6, char: '0' } },
        school: { type: 'string', required: true },
        council: { type: 'string' },
        rank: { type: RANKS },
        issuedOn: { type: 'string', required: true },
        state: { type: ENTRY_STATES, required: true },
        /** The decision that cancelled it, or that re-issued it (and the entry that replaced it). */
        cancellation: { type: 'any' },
        replacedBy: { type: 'string' },
        /** The entry this one re-issues. */
        replaces: { type: 'string' },
        /** Corrections in order, each with its decision and what it changed, old → new. */
        corrections: { type: 'any', required: true },
        source: { type: ENTRY_SOURCES, required: true },
        importId: { type: 'string' },
        /** The scanned record it was keyed from (digitisation): its scan is kept beside it. */
        scanRecordId: { type: 'string' },
        createdBy: { type: 'string', required: true },
        createdAt: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
        revision: { type: 'number', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['entryId'] }, sk: { field: 'sk', composite: [] } },
        byRegister: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['registerYear'] },
          sk: { field: 'gsi1sk', composite: ['registerNumber', 'entryId'] },
        },
        byName: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['nameKey'] },
          sk: { field: 'gsi2sk', composite: ['birthDate', 'entryId'] },
        },
        byPersonalId: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['personalId'] },
          sk: { field: 'gsi3sk', composite: ['graduationYear', 'entryId'] },
        },
      },
    },
    { client, table },
  );

  const diplomaSerial = new Entity(
    {
      model: { entity: 'diplomaSerial', version: '1', service: SERVICE },
      attributes: {
        serialKey: { type: 'string', required: true },
        entryId: { type: 'string', required: true },
        /**
         * The holder's name and date of birth as the entry records them (kept with each correction):
         * a verification is answered from the guard alone unless it matches, so a known serial with
         * the wrong name costs and takes what an unknown serial does.
         */
        fullName: { type: 'string' },
        birthDate: { type: 'string' },
      },
      indexes: {
        bySerial: { pk: { field: 'pk', composite: ['serialKey'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );

  const diplomaNumber = new Entity(
    {
      model: { entity: 'diplomaNumber', version: '1', service: SERVICE },
      attributes: {
        registerYear: { type: 'number', required: true },
        registerNumber: { type: 'number', required: true, padding: { length: 6, char: '0' } },
        entryId: { type: 'string', required: true },
      },
      indexes: {
        byYear: {
          pk: { field: 'pk', composite: ['registerYear'] },
          sk: { field: 'sk', composite: ['registerNumber'] },
        },
      },
    },
    { client, table },
  );

  const diplomaYear = new Entity(
    {
      model: { entity: 'diplomaYear', version: '1', service: SERVICE },
      attributes: {
        registerYear: { type: 'number', required: true },
        highest: { type: 'number', required: true },
        /** How many numbers are used, and how many skipped ones are explained: the year's gaps counted without reading its numbers. */
        entries: { type: 'number', default: 0 },
        explained: { type: 'number', default: 0 },
      },
      indexes: {
        byYear: { pk: { field: 'pk', composite: ['registerYear'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );

  const diplomaGap = new Entity(
    {
      model: { entity: 'diplomaGap', version: '1', service: SERVICE },
      attributes: {
        registerYear: { type: 'number', required: true },
        from: { type: 'number', required: true, padding: { length: 6, char: '0' } },
        to: { type: 'number', required: true },
        reason: { type: 'string', required: true },
        explainedBy: { type: 'string', required: true },
        explainedAt: { type: 'string', required: true },
      },
      indexes: {
        byYear: {
          pk: { field: 'pk', composite: ['registerYear'] },
          sk: { field: 'sk', composite: ['from'] },
        },
      },
    },
    { client, table },
  );

  const diplomaImport = new Entity(
    {
      model: { entity: 'diplomaImport', version: '1', service: SERVICE },
      attributes: {
        ...jobAttributes('importId'),
        rows: { type: 'number' },
        created: { type: 'number' },
        failed: { type: 'number' },
        report: { type: 'any' },
      },
      indexes: { ...jobById('importId'), ...jobByRequester() },
    },
    { client, table },
  );

  /**
   * How many public verifications asked about one serial on one day (the per-holder limit, beside
   * the WAF's per-client one): a name guessed again and again for a serial stops at the limit.
   */
  const diplomaLookupCount = new Entity(
    {
      model: { entity: 'diplomaLookupCount', version: '1', service: SERVICE },
      attributes: {
        serialKey: { type: 'string', required: true },
        day: { type: 'string', required: true },
        count: { type: 'number', required: true, default: 0 },
        ttl: { type: 'number' },
      },
      indexes: {
        bySerialDay: {
          pk: { field: 'pk', composite: ['serialKey', 'day'] },
          sk: { field: 'sk', composite: [] },
        },
      },
    },
    { client, table },
  );

  /** Every lookup, whoever asked and whatever it answered (kept a year): a diploma's lookups by serial on gsi1. */
  const diplomaLookup = new Entity(
    {
      model: { entity: 'diplomaLookup', version: '1', service: SERVICE },
      attributes: {
        lookupId: { type: 'string', required: true },
        at: { type: 'string', required: true },
        channel: { type: ['public', 'citizen', 'authority'] as const, required: true },
        serialKey: { type: 'string', required: true },
        outcome: { type: ['found', 'not-found', 'limited'] as const, required: true },
        entryId: { type: 'string' },
        /** The client's address as the edge saw it (the per-client limit is the WAF's). */
        client: { type: 'string' },
        /** An authority's OAuth client, or a citizen's account. */
        caller: { type: 'string' },
        ttl: { type: 'number', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['lookupId'] }, sk: { field: 'sk', composite: [] } },
        bySerial: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['serialKey'] },
          sk: { field: 'gsi1sk', composite: ['at', 'lookupId'] },
        },
      },
    },
    { client, table },
  );

  /**
   * An authority's system the office admitted (its OAuth client at the SSO): name, daily quota,
   * active or suspended. All of them on gsi1 under one partition, by name (a few hundred at most).
   */
  const diplomaAuthority = new Entity(
    {
      model: { entity: 'diplomaAuthority', version: '1', service: SERVICE },
      attributes: {
        clientId: { type: 'string', required: true },
        name: { type: 'string', required: true },
        /** Who answers for the client at the authority (a person, an e-mail or a phone). */
        contact: { type: 'string' },
        dailyQuota: { type: 'number', required: true },
        status: { type: ['active', 'suspended'] as const, required: true },
        note: { type: 'string' },
        list: { type: ['authorities'] as const, required: true, default: 'authorities' },
        revision: { type: 'number', required: true },
        createdAt: { type: 'string', required: true },
        createdBy: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byClient: { pk: { field: 'pk', composite: ['clientId'] }, sk: { field: 'sk', composite: [] } },
        all: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['list'] },
          sk: { field: 'gsi1sk', composite: ['name', 'clientId'] },
        },
      },
    },
    { client, table },
  );

  /** An authority's verifications of a day (its quota): ADDed on every one, gone after two days. */
  const diplomaAuthorityUse = new Entity(
    {
      model: { entity: 'diplomaAuthorityUse', version: '1', service: SERVICE },
      attributes: {
        clientId: { type: 'string', required: true },
        day: { type: 'string', required: true },
        count: { type: 'number', required: true, default: 0 },
        ttl: { type: 'number' },
      },
      indexes: {
        byClientDay: {
          pk: { field: 'pk', composite: ['clientId', 'day'] },
          sk: { field: 'sk', composite: [] },
        },
      },
    },
    { client, table },
  );

  /**
   * A digital diploma (văn bằng số) of an entry: an Open Badges 3.0 credential signed by the
   * worker, its position in a revocation list; an entry's credentials on gsi1, newest first.
   */
  const diplomaCredential = new Entity(
    {
      model: { entity: 'diplomaCredential', version: '1', service: SERVICE },
      attributes: {
        credentialId: { type: 'string', required: true },
        entryId: { type: 'string', required: true },
        listId: { type: 'string', required: true },
        statusIndex: { type: 'number', required: true },
        state: { type: ['issuing', 'issued', 'revoked'] as const, required: true },
        /** The signed credential (JSON), once issued. */
        credential: { type: 'string' },
        requestedAt: { type: 'string', required: true },
        requestedBy: { type: 'string', required: true },
        issuedAt: { type: 'string' },
        revokedAt: { type: 'string' },
        revokedBy: { type: 'string' },
        revocation: { type: 'any' },
        /** The PDF form's signature in the platform's registry, and its verification code. */
        signatureId: { type: 'string' },
        code: { type: 'string' },
        /** The signed PDF (documents bucket), once made. */
        pdfFileKey: { type: 'string' },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['credentialId'] }, sk: { field: 'sk', composite: [] } },
        byEntry: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['entryId'] },
          sk: { field: 'gsi1sk', composite: ['requestedAt', 'credentialId'] },
        },
      },
    },
    { client, table },
  );

  /**
   * A year's graduates issued as digital diplomas at once (one type, a school or all): a worker
   * goes through the year's register a page at a time, issuing each valid entry that never had
   * one; the outcome counted here, each page once (`pagesDone`), the next page's cursor kept so a
   * lost message is sent again from it.
   */
  const diplomaCredentialBatch = new Entity(
    {
      model: { entity: 'diplomaCredentialBatch', version: '1', service: SERVICE },
      attributes: {
        batchId: { type: 'string', required: true },
        registerYear: { type: 'number', required: true },
        type: { type: DIPLOMA_TYPES, required: true },
        /** The school as printed; none: every school of the year. */
        school: { type: 'string' },
        state: { type: ['running', 'done'] as const, required: true },
        /** Entries of the type (and school) seen; issued now; had one before; no longer valid; refused. */
        matched: { type: 'number', default: 0 },
        requested: { type: 'number', default: 0 },
        hadOne: { type: 'number', default: 0 },
        notValid: { type: 'number', default: 0 },
        failed: { type: 'number', default: 0 },
        pagesDone: { type: 'set', items: 'number' },
        nextPage: { type: 'number' },
        nextCursor: { type: 'string' },
        requestedBy: { type: 'string', required: true },
        /** The unit the office acted at (each entry's issue is audited there). */
        unit: { type: 'any', required: true },
        requestedAt: { type: 'string', required: true },
        /** When a page was last counted: a run that stopped moving can be taken up again. */
        updatedAt: { type: 'string' },
        finishedAt: { type: 'string' },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['batchId'] }, sk: { field: 'sk', composite: [] } },
        byYear: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['registerYear'] },
          sk: { field: 'gsi1sk', composite: ['requestedAt', 'batchId'] },
        },
      },
    },
    { client, table },
  );

  /** The one run going of a year and type (a guard: made with the run, deleted when it is done). */
  const diplomaCredentialBatchRun = new Entity(
    {
      model: { entity: 'diplomaCredentialBatchRun', version: '1', service: SERVICE },
      attributes: {
        registerYear: { type: 'number', required: true },
        type: { type: DIPLOMA_TYPES, required: true },
        batchId: { type: 'string', required: true },
      },
      indexes: {
        byYearType: {
          pk: { field: 'pk', composite: ['registerYear', 'type'] },
          sk: { field: 'sk', composite: [] },
        },
      },
    },
    { client, table },
  );

  /** The one standing credential of an entry (a guard: created with it, deleted when it is revoked). */
  const diplomaCredentialGuard = new Entity(
    {
      model: { entity: 'diplomaCredentialGuard', version: '1', service: SERVICE },
      attributes: {
        entryId: { type: 'string', required: true },
        credentialId: { type: 'string', required: true },
      },
      indexes: {
        byEntry: { pk: { field: 'pk', composite: ['entryId'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );

  /**
   * A revocation list: the next free position (ADDed when a credential is made), the positions
   * revoked (a number set, ADDed in the revocation's transaction), and the signed list credential
   * as last published with the revision it covers.
   */
  const diplomaStatusList = new Entity(
    {
      model: { entity: 'diplomaStatusList', version: '1', service: SERVICE },
      attributes: {
        listId: { type: 'string', required: true },
        next: { type: 'number', required: true, default: 0 },
        revoked: { type: 'set', items: 'number' },
        revision: { type: 'number', required: true, default: 0 },
        published: { type: 'string' },
        publishedRevision: { type: 'number' },
        publishedAt: { type: 'string' },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['listId'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );

  /**
   * Which revocation list new credentials take positions in: the first, then the next when one is
   * full (131,072 positions: a city's graduates of two or three years). Moved once per list.
   */
  const diplomaStatusListCurrent = new Entity(
    {
      model: { entity: 'diplomaStatusListCurrent', version: '1', service: SERVICE },
      attributes: {
        name: { type: ['current'] as const, required: true, default: 'current' },
        listId: { type: 'string', required: true },
      },
      indexes: {
        byName: { pk: { field: 'pk', composite: ['name'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );

  /** The issuer's documents a verifier reads (its controller document and key), as the worker last wrote them. */
  const diplomaIssuer = new Entity(
    {
      model: { entity: 'diplomaIssuer', version: '1', service: SERVICE },
      attributes: {
        issuer: { type: 'string', required: true },
        /** `{url: document}` as JSON. */
        documents: { type: 'string', required: true },
        keyId: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byIssuer: { pk: { field: 'pk', composite: ['issuer'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );

  /** A citizen's claim to an entry: one per account and entry; pending ones on gsi2 for the office. */
  const diplomaClaim = new Entity(
    {
      model: { entity: 'diplomaClaim', version: '1', service: SERVICE },
      attributes: {
        claimId: { type: 'string', required: true },
        accountId: { type: 'string', required: true },
        claimantName: { type: 'string', required: true },
        personalId: { type: 'string', required: true },
        entryId: { type: 'string', required: true },
        serial: { type: 'string', required: true },
        status: { type: ['pending', 'confirmed', 'refused'] as const, required: true },
        queue: { type: ['pending'] as const },
        note: { type: 'string' },
        createdAt: { type: 'string', required: true },
        decidedAt: { type: 'string' },
        decidedBy: { type: 'string' },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['claimId'] }, sk: { field: 'sk', composite: [] } },
        byAccount: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['accountId'] },
          sk: { field: 'gsi1sk', composite: ['createdAt', 'claimId'] },
        },
        queue: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['queue'] },
          sk: { field: 'gsi2sk', composite: ['createdAt', 'claimId'] },
        },
      },
    },
    { client, table },
  );

  /**
   * A batch of scans: a register book, or a box of diplomas, of one register year. What each of
   * its records waits for is counted here (moved in the transaction that moves the record), so
   * progress per year and book is one read; all batches are listed by year on gsi1.
   */
  const diplomaScanBatch = new Entity(
    {
      model: { entity: 'diplomaScanBatch', version: '1', service: SERVICE },
      attributes: {
        batchId: { type: 'string', required: true },
        /** The batches' list key: one small partition (a few thousand batches in all). */
        list: { type: ['batches'] as const, required: true, default: 'batches' },
        registerYear: { type: 'number', required: true },
        /** A box of diplomas (a diploma a page) or a register book (a table of diplomas a page). */
        kind: { type: ['diplomas', 'register'] as const, required: true, default: 'diplomas' },
        book: { type: 'string', required: true },
        note: { type: 'string' },
        files: { type: 'number', default: 0 },
        pages: { type: 'number', default: 0 },
        reading: { type: 'number', default: 0 },
        unreadable: { type: 'number', default: 0 },
        open: { type: 'number', default: 0 },
        keyedOnce: { type: 'number', default: 0 },
        disagreed: { type: 'number', default: 0 },
        agreed: { type: 'number', default: 0 },
        approved: { type: 'number', default: 0 },
        createdBy: { type: 'string', required: true },
        createdAt: { type: 'string', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['batchId'] }, sk: { field: 'sk', composite: [] } },
        byYear: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['list'] },
          sk: { field: 'gsi1sk', composite: ['registerYear', 'createdAt', 'batchId'] },
        },
      },
    },
    { client, table },
  );

  /** A file of scans uploaded into a batch (PDF, TIFF, JPEG or PNG), split into its pages by a worker. */
  const diplomaScanFile = new Entity(
    {
      model: { entity: 'diplomaScanFile', version: '1', service: SERVICE },
      attributes: {
        batchId: { type: 'string', required: true },
        fileId: { type: 'string', required: true },
        fileName: { type: 'string', required: true },
        contentType: { type: 'string', required: true },
        state: { type: SCAN_FILE_STATES, required: true },
        pages: { type: 'number' },
        /** Why the file was refused (coded text). */
        problem: { type: 'any' },
        uploadedBy: { type: 'string', required: true },
        createdAt: { type: 'string', required: true },
      },
      indexes: {
        byBatch: {
          pk: { field: 'pk', composite: ['batchId'] },
          sk: { field: 'sk', composite: ['fileId'] },
        },
      },
    },
    { client, table },
  );

  /**
   * One scanned page (a diploma) as a record to key: its page image, OCR's proposal, each keying
   * and what was agreed, and the entry it was approved as. By batch and state on gsi1.
   */
  const diplomaScanRecord = new Entity(
    {
      model: { entity: 'diplomaScanRecord', version: '1', service: SERVICE },
      attributes: {
        recordId: { type: 'string', required: true },
        batchId: { type: 'string', required: true },
        fileId: { type: 'string', required: true },
        page: { type: 'number', required: true, padding: { length: 4, char: '0' } },
        /** The row of a register book's page (a diploma is one page, row 1), and where it is. */
        row: { type: 'number', required: true, default: 1, padding: { length: 3, char: '0' } },
        rowBox: { type: 'any' },
        state: { type: RECORD_STATES, required: true },
        /** The page's image as read (grey, straightened), its size, and why it could not be read. */
        image: { type: 'any' },
        problem: { type: 'any' },
        proposal: { type: 'any' },
        keyings: { type: 'any', required: true },
        differing: { type: 'any' },
        /** Earlier keyings an approver sent back, with the note. */
        returns: { type: 'any' },
        entryId: { type: 'string' },
        approvedBy: { type: 'string' },
        updatedAt: { type: 'string', required: true },
        revision: { type: 'number', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['recordId'] }, sk: { field: 'sk', composite: [] } },
        byBatch: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['batchId'] },
          sk: { field: 'gsi1sk', composite: ['state', 'fileId', 'page', 'row'] },
        },
      },
    },
    { client, table },
  );

  /**
   * A request for a copy from the register: who asks and as what, the entry, the documents, the fee
   * and its payment, the office's decision and the signed copy. Open ones on gsi2 by due date.
   */
  const diplomaCopy = new Entity(
    {
      model: { entity: 'diplomaCopy', version: '1', service: SERVICE },
      attributes: {
        requestId: { type: 'string', required: true },
        accountId: { type: 'string', required: true },
        requesterName: { type: 'string', required: true },
        requesterPersonalId: { type: 'string', required: true },
        relation: { type: COPY_RELATIONS, required: true },
        entryId: { type: 'string', required: true },
        serial: { type: 'string', required: true },
        holderName: { type: 'string', required: true },
        copies: { type: 'number', required: true },
        /** [{kind, fileName, contentType, key}] */
        documents: { type: 'any', required: true },
        fee: { type: 'number', required: true },
        paymentReference: { type: 'string', required: true },
        paymentTriedAt: { type: 'string' },
        paidAt: { type: 'string' },
        transactionId: { type: 'string' },
        state: { type: COPY_STATES, required: true },
        /** Set while the office has it: its queue by due date (a sparse index). */
        queue: { type: ['open'] as const },
        receivedAt: { type: 'string' },
        dueOn: { type: 'string' },
        note: { type: 'string' },
        decidedBy: { type: 'string' },
        decidedAt: { type: 'string' },
        signatureId: { type: 'string' },
        code: { type: 'string' },
        issuedAt: { type: 'string' },
        fileKey: { type: 'string' },
        createdAt: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
        revision: { type: 'number', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['requestId'] }, sk: { field: 'sk', composite: [] } },
        byAccount: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['accountId'] },
          sk: { field: 'gsi1sk', composite: ['createdAt', 'requestId'] },
        },
        open: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['queue'] },
          // The due date alone: a request not yet due has neither key part, so it is not on the index.
          sk: { field: 'gsi2sk', composite: ['dueOn'] },
        },
        /** By the payment reference printed for the requester (a fee paid at the office's desk). */
        byPaymentReference: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['paymentReference'] },
          sk: { field: 'gsi3sk', composite: ['requestId'] },
        },
      },
    },
    { client, table },
  );
  const { recordSignature, verificationCode, signedFileHash } = makeSignatureEntities({ client, table });

  const auditEntry = makeAuditEntity({ client, table });
  const service = new Service(
    {
      diplomaEntry,
      diplomaCredentialBatch,
      diplomaCredentialBatchRun,
      diplomaSerial,
      diplomaNumber,
      diplomaYear,
      diplomaGap,
      diplomaImport,
      diplomaLookupCount,
      diplomaLookup,
      diplomaAuthority,
      diplomaAuthorityUse,
      diplomaCredential,
      diplomaCredentialGuard,
      diplomaStatusList,
      diplomaIssuer,
      diplomaClaim,
      diplomaScanBatch,
      diplomaScanFile,
      diplomaScanRecord,
      diplomaCopy,
      recordSignature,
      verificationCode,
      signedFileHash,
      auditEntry,
    },
    { client, table },
  );
  return {
    diplomaEntry,
    diplomaSerial,
    diplomaNumber,
    diplomaYear,
    diplomaGap,
    diplomaImport,
    diplomaLookupCount,
    diplomaLookup,
    diplomaAuthority,
    diplomaAuthorityUse,
    diplomaCredential,
    diplomaCredentialGuard,
    diplomaCredentialBatch,
    diplomaCredentialBatchRun,
    diplomaStatusList,
    diplomaStatusListCurrent,
    diplomaIssuer,
    diplomaClaim,
    diplomaScanBatch,
    diplomaScanFile,
    diplomaScanRecord,
    diplomaCopy,
    recordSignature,
    verificationCode,
    signedFileHash,
    auditEntry,
    service,
  };
}

export type DiplomaEntities = ReturnType<typeof makeDiplomaEntities>;
export const diplomaEntities = lazyStore(makeDiplomaEntities);
