/**
 * Reads and writes of the education database. Every change to a record is one transaction: the
 * record (conditional on the version the caller saw), its version item, its audit entry, and
 * what follows from the transition — guard items, the approval-queue entry, the change-feed
 * entry. Nothing is half-written: either the whole change lands or none of it.
 */
import { type AuditInput, auditEntry } from '#shared/audit/entity.ts';
import { isConditionFailure } from '#shared/db/errors.ts';
import { decodeCursor, encodeCursor, type Page } from '#shared/db/pagination.ts';
import { isFirstMatch, nameSuffixes } from './domain/name-words.ts';
import type { RecordKind } from './domain/records.ts';
import type { ApprovedCopy, RecordStatus, SyncEvent, WorkflowAction } from './domain/workflow.ts';
import { type EduEntities, eduEntities } from './entities.ts';

export interface EduRecordItem {
  recordId: string;
  kind: RecordKind;
  ownerId: string;
  parentId: string;
  city: string;
  status: RecordStatus;
  version: number;
  event: SyncEvent;
  data: unknown;
  approved?: ApprovedCopy;
  returnReason?: string;
  submittedAt?: string;
  name: string;
  nameKey: string;
  classKey: string;
  naturalKey: string;
  statusHistory?: StatusHistoryEntry[];
  importId?: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface StatusHistoryEntry {
  status: string;
  on: string;
  schoolId: string;
  note?: string;
}

export interface RecordVersionItem {
  recordId: string;
  version: number;
  action: WorkflowAction | 'transfer';
  status: RecordStatus;
  event: SyncEvent;
  data?: unknown;
  reason?: string;
  ownerId: string;
  importId?: string;
  at: string;
  by: string;
  requestId: string;
}

export interface SyncChangeItem {
  recordId: string;
  version: number;
  feedDay: string;
  shard: string;
  at: string;
  kind: RecordKind;
  ownerId: string;
  event: SyncEvent;
  data: unknown;
}

/** A record's name filed from one of its words (entities.ts `nameEntry`). */
export interface NameEntryItem {
  recordId: string;
  position: number;
  kind: RecordKind;
  ownerId: string;
  parentId: string;
  city: string;
  words: string;
  initials: string;
  nameKey: string;
}

type Filed = Pick<EduRecordItem, 'recordId' | 'kind' | 'ownerId' | 'parentId' | 'city' | 'nameKey'>;

/** The name entries of a record as it is filed now: one per word its name is searched from. */
export function nameEntriesOf(record: Filed): NameEntryItem[] {
  // Results are all named "Cả năm 2026-2027": searched by nobody, and a city's million would
  // crowd a few index partitions at the year's end.
  if (record.kind === 'result') return [];
  return nameSuffixes(record.nameKey).map((words, position) => ({
    recordId: record.recordId,
    position,
    kind: record.kind,
    ownerId: record.ownerId,
    parentId: record.parentId,
    city: record.city,
    words,
    initials: words.slice(0, 2),
    nameKey: record.nameKey,
  }));
}

/**
 * What a change writes of the name entries: nothing when the name and where the record is listed
 * stay; otherwise every entry of the new name, and the positions a shorter name no longer has
 * removed.
 */
export function nameEntryChanges(before: Filed | undefined, after: Filed): RecordChange['names'] {
  const same = (k: keyof Filed) => before?.[k] === after[k];
  if (before && same('nameKey') && same('ownerId') && same('parentId') && same('city')) return undefined;
  const put = nameEntriesOf(after);
  const remove = before
    ? nameEntriesOf(before)
        .slice(put.length)
        .map((e) => e.position)
    : [];
  return { put, remove };
}

export interface RecordChange {
  record: EduRecordItem;
  /** The version the change was computed from; absent when the record is new. */
  expectedVersion?: number;
  version: RecordVersionItem;
  audit: AuditInput;
  guard?: { create?: string; remove?: string };
  queue?: 'enter' | 'leave';
  sync?: SyncChangeItem;
  names?: { put: NameEntryItem[]; remove: number[] };
}

/** DynamoDB's limit on the items of one TransactWriteItems call. */
export const MAX_TRANSACTION_ITEMS = 100;

/** How many items a change writes in its transaction (its own audit entry included or not). */
export function transactionSize(change: RecordChange, withAudit: boolean): number {
  return (
    2 +
    (withAudit ? 1 : 0) +
    (change.guard?.create ? 1 : 0) +
    (change.guard?.remove ? 1 : 0) +
    (change.queue ? 1 : 0) +
    (change.sync ? 1 : 0) +
    (change.names ? change.names.put.length + change.names.remove.length : 0)
  );
}

/**
 * Items in order, grouped so that each group's changes fit one transaction with one shared audit
 * entry (an import's chunk): a name of many words takes more room than a short one.
 */
export function transactionGroups<T>(items: T[], changeOf: (item: T) => RecordChange): T[][] {
  const groups: T[][] = [];
  let size = 1;
  for (const item of items) {
    const needs = transactionSize(changeOf(item), false);
    if (!groups.length || size + needs > MAX_TRANSACTION_ITEMS) {
      groups.push([]);
      size = 1;
    }
    groups.at(-1)!.push(item);
    size += needs;
  }
  return groups;
}

/** Why a change did not land: someone changed the record first, or its key is taken. */
export class ChangeRejectedError extends Error {
  constructor(readonly reason: 'concurrent-change' | 'duplicate-key') {
    super(
      reason === 'duplicate-key' ? 'A record with this key already exists' : 'The record changed meanwhile',
    );
  }
}

/** Whether a conditional transaction landed (false: the record changed since it was read). */
async function landed(write: Promise<{ canceled: boolean }>) {
  return !(await write).canceled;
}

type TransactionEntities = Parameters<Parameters<EduEntities['service']['transaction']['write']>[0]>[0];

export function makeEduStore(entities: () => EduEntities = eduEntities) {
  /** The items of one change; `guards` collects the positions of guard creates. */
  function transactionItems(
    e: TransactionEntities,
    change: RecordChange,
    withAudit: boolean,
    guards: number[],
    offset: number,
  ) {
    const { record } = change;
    // Items of different entities: ElectroDB types each array by its first element.
    const items: unknown[] = [
      change.expectedVersion === undefined
        ? e.eduRecord.create(record).commit()
        : e.eduRecord
            .put(record)
            .where((a, op) => op.eq(a.version, change.expectedVersion!))
            .commit(),
      e.recordVersion.create(change.version).commit(),
      ...(withAudit ? [e.auditEntry.create(auditEntry(change.audit)).commit()] : []),
    ];
    if (change.guard?.create) guards.push(offset + items.length);
    if (change.guard?.create)
      items.push(
        e.recordKey
          .create({ naturalKey: change.guard.create, recordId: record.recordId, kind: record.kind })
          .commit(),
      );
    if (change.guard?.remove) items.push(e.recordKey.delete({ naturalKey: change.guard.remove }).commit());
    if (change.queue === 'enter')
      items.push(
        e.approvalEntry
          .put({
            recordId: record.recordId,
            parentId: record.parentId,
            ownerId: record.ownerId,
            kind: record.kind,
            name: record.name,
            version: record.version,
            event: record.event,
            submittedAt: record.submittedAt ?? record.updatedAt,
            submittedBy: record.updatedBy,
          })
          .commit(),
      );
    if (change.queue === 'leave') items.push(e.approvalEntry.delete({ recordId: record.recordId }).commit());
    if (change.sync) items.push(e.syncChange.create(change.sync).commit());
    for (const entry of change.names?.put ?? []) items.push(e.nameEntry.put(entry).commit());
    for (const position of change.names?.remove ?? [])
      items.push(e.nameEntry.delete({ recordId: record.recordId, position }).commit());
    return items;
  }

  return {
    async getRecord(recordId: string): Promise<EduRecordItem | undefined> {
      const { data } = await entities().eduRecord.get({ recordId }).go();
      return (data as EduRecordItem | null) ?? undefined;
    },

    async getRecords(recordIds: string[]): Promise<EduRecordItem[]> {
      if (recordIds.length === 0) return [];
      const { data, unprocessed } = await entities()
        .eduRecord.get(recordIds.map((recordId) => ({ recordId })))
        .go();
      if (unprocessed.length) throw new Error(`${unprocessed.length} records were not read; retry`);
      return data as EduRecordItem[];
    },

    async recordIdOfKey(naturalKey: string): Promise<string | undefined> {
      const { data } = await entities().recordKey.get({ naturalKey }).go();
      return data?.recordId;
    },

    /** Natural key → record id for many keys at once (imports match rows this way). */
    async recordIdsOfKeys(naturalKeys: string[]): Promise<Map<string, string>> {
      const found = new Map<string, string>();
      if (naturalKeys.length === 0) return found;
      const { data, unprocessed } = await entities()
        .recordKey.get(naturalKeys.map((naturalKey) => ({ naturalKey })))
        .go();
      if (unprocessed.length) throw new Error(`${unprocessed.length} keys were not read; retry`);
      for (const key of data) found.set(key.naturalKey, key.recordId);
      return found;
    },

    /** One record change, all or nothing. */
    async commit(change: RecordChange): Promise<void> {
      await this.commitAll([change]);
    },

    /**
     * Several record changes in one transaction (at most 100 items), all or nothing. With
     * `batchAudit` (imports), one audit entry lists every change instead of one entry each.
     */
    async commitAll(changes: RecordChange[], batchAudit?: AuditInput): Promise<void> {
      const e = entities();
      const guards: number[] = [];
      const result = await e.service.transaction
        .write((tx) => {
          const items: unknown[] = [];
          for (const change of changes)
            items.push(...transactionItems(tx, change, !batchAudit, guards, items.length));
          if (batchAudit) items.push(tx.auditEntry.create(auditEntry(batchAudit)).commit());
          return items as never;
        })
        .go();
      if (!result.canceled) return;
      const outcomes = result.data as { rejected: boolean; code?: string }[];
      const duplicate = outcomes.some(
        (r, i) => guards.includes(i) && r.rejected && r.code === 'ConditionalCheckFailed',
      );
      throw new ChangeRejectedError(duplicate ? 'duplicate-key' : 'concurrent-change');
    },

    /** A school's records of a kind, by name. */
    async listByOwner(ownerId: string, kind: RecordKind, limit: number, cursor?: string) {
      const scope = `owner:${ownerId}:${kind}:`;
      const result = await entities()
        .eduRecord.query.byOwner({ ownerId, kind })
        .go({ limit, cursor: decodeCursor(scope, cursor) });
      return page(result, scope);
    },

    /** The records of a kind of every school under a unit (a commune's learners), by name. */
    async listByParent(parentId: string, kind: RecordKind, limit: number, cursor?: string) {
      const scope = `parent:${parentId}:${kind}:`;
      const result = await entities()
        .eduRecord.query.byParent({ parentId, kind })
        .go({ limit, cursor: decodeCursor(scope, cursor) });
      return page(result, scope);
    },

    async listByClass(classKey: string, limit: number, cursor?: string) {
      const scope = `class:${classKey}`;
      const result = await entities()
        .eduRecord.query.byClass({ classKey })
        .go({ limit, cursor: decodeCursor(scope, cursor) });
      return page(result, scope);
    },

    /** Every record of a kind in a school (the statistics worker; bounded by a school's size). */
    async allOfOwner(ownerId: string, kind: RecordKind): Promise<EduRecordItem[]> {
      const { data } = await entities().eduRecord.query.byOwner({ ownerId, kind }).go({ pages: 'all' });
      return data as EduRecordItem[];
    },

    async versions(recordId: string, limit: number, cursor?: string): Promise<Page<RecordVersionItem>> {
      const scope = `versions:${recordId}`;
      const result = await entities()
        .recordVersion.query.byRecord({ recordId })
        .go({ limit, cursor: decodeCursor(scope, cursor), order: 'desc' });
      return { items: result.data as RecordVersionItem[], nextCursor: encodeCursor(scope, result.cursor) };
    },

    async approvalQueue(parentId: string, ownerId: string | undefined, limit: number, cursor?: string) {
      const scope = `queue:${parentId}:${ownerId ?? ''}`;
      const query = entities().approvalEntry.query.byParent({ parentId });
      const result = await (ownerId ? query.begins({ ownerId }) : query).go({
        limit,
        cursor: decodeCursor(scope, cursor),
      });
      return { items: result.data, nextCursor: encodeCursor(scope, result.cursor) };
    },

    /** Approved changes of one feed partition after a position (`at`, `recordId`), oldest first. */
    async feedPartition(
      feedDay: string,
      shard: string,
      after: { at: string; recordId: string } | undefined,
      until: string,
      limit: number,
    ) {
      // At `until` itself there is nothing to read yet: the key of (at, recordId) sorts after the
      // bound (at), and DynamoDB refuses a BETWEEN whose lower bound is above its upper one (a 500
      // when a poll's position and the request's clock fell on the same millisecond). Changes at
      // that instant with a later record id are read by the next poll, from the same position.
      if (after && after.at >= until) return [];
      const query = entities().syncChange.query.byDay({ feedDay, shard });
      const bounded = after
        ? query.between({ at: after.at, recordId: after.recordId }, { at: until })
        : query.lte({ at: until });
      const { data } = await bounded.go({ limit: limit + 1 });
      return (data as SyncChangeItem[]).filter(
        (c) => !after || c.at > after.at || (c.at === after.at && c.recordId > after.recordId),
      );
    },

    /**
     * A school's records, one kind at a time, a page at a time: the move worker re-keys them
     * without holding a whole school in memory.
     */
    async *pagesOfOwner(ownerId: string, kind: RecordKind, size = 100): AsyncGenerator<EduRecordItem[]> {
      let cursor: string | null = null;
      do {
        const result: { data: unknown[]; cursor: string | null } = await entities()
          .eduRecord.query.byOwner({ ownerId, kind })
          .go({ limit: size, cursor });
        yield result.data as EduRecordItem[];
        cursor = result.cursor;
      } while (cursor);
    },

    /**
     * The record is listed under `parentId` from now on (its owner moved), its name entries with
     * it. Only if nobody changed it since it was read: a writer that got in first already wrote
     * the parent of its time.
     */
    async reparentRecord(record: EduRecordItem, parentId: string) {
      const e = entities();
      return landed(
        e.service.transaction
          .write((tx) => [
            tx.eduRecord
              .patch({ recordId: record.recordId })
              .set({ parentId })
              .composite({ kind: record.kind })
              .where((a, op) => op.eq(a.version, record.version))
              .commit(),
            ...nameEntriesOf({ ...record, parentId }).map((n) => tx.nameEntry.put(n).commit()),
          ])
          .go(),
      );
    },

    /** Whether a record's name entries are all there, as its name and place say they should be. */
    async nameEntriesFiled(record: EduRecordItem) {
      const { data } = await entities().nameEntry.query.byRecord({ recordId: record.recordId }).go();
      const key = (e: NameEntryItem) => JSON.stringify([e.position, e.words, e.ownerId, e.parentId, e.city]);
      const have = new Set((data as NameEntryItem[]).map(key));
      const want = nameEntriesOf(record);
      return data.length === want.length && want.every((e) => have.has(key(e)));
    },

    /**
     * Files a record's name entries as the record is now (records written before names were
     * filed by word; the backfill worker). Only if the record is still at the version read.
     */
    async fileNameEntries(record: EduRecordItem) {
      const e = entities();
      return landed(
        e.service.transaction
          .write((tx) => [
            tx.eduRecord
              .check({ recordId: record.recordId })
              .where((a, op) => op.eq(a.version, record.version))
              .commit(),
            ...nameEntriesOf(record).map((n) => tx.nameEntry.put(n).commit()),
          ])
          .go(),
      );
    },

    /**
     * Records whose name has a word starting with `query` (folded), within a school, the unit
     * above schools, or the city: one Query on the name entries, then the page's records by
     * BatchGet. A name matching from two of its words is listed once.
     */
    async searchNames(
      scope: { ownerId: string } | { parentId: string } | { city: string },
      kind: RecordKind,
      query: string,
      limit: number,
      cursor?: string,
    ): Promise<Page<EduRecordItem>> {
      const entries = entities().nameEntry.query;
      const [name, found] =
        'ownerId' in scope
          ? [`words:owner:${scope.ownerId}`, entries.byOwner({ ownerId: scope.ownerId, kind })]
          : 'parentId' in scope
            ? [`words:parent:${scope.parentId}`, entries.byParent({ parentId: scope.parentId, kind })]
            : [
                `words:city:${scope.city}`,
                entries.byCity({ city: scope.city, kind, initials: query.slice(0, 2) }),
              ];
      const cursorScope = `${name}:${kind}:${query}`;
      const result = await found
        .begins({ words: query })
        .go({ limit, cursor: decodeCursor(cursorScope, cursor) });
      const hits = (result.data as NameEntryItem[]).filter((n) => isFirstMatch(n.nameKey, n.position, query));
      const records = new Map(
        (await this.getRecords(hits.map((n) => n.recordId))).map((r) => [r.recordId, r]),
      );
      return {
        items: hits.flatMap((n) => records.get(n.recordId) ?? []),
        nextCursor: encodeCursor(cursorScope, result.cursor),
      };
    },

    /** Whether a one-off maintenance step (named by `key`) has been done; see `setMarker`. */
    async hasMarker(key: string) {
      const { data } = await entities().recordKey.get({ naturalKey: key }).go();
      return Boolean(data);
    },

    async setMarker(key: string, at: string) {
      await entities().recordKey.put({ naturalKey: key, recordId: at, kind: 'school' }).go();
    },

    /** A school's entries in a unit's approval queue. */
    async queuedOf(parentId: string, ownerId: string) {
      const { data } = await entities()
        .approvalEntry.query.byParent({ parentId })
        .begins({ ownerId })
        .go({ pages: 'all' });
      return data;
    },

    /** The entry waits in `to`'s queue instead of `from`'s; a redelivered request finds it moved. */
    async moveQueued(recordId: string, from: string, to: string) {
      try {
        await entities()
          .approvalEntry.patch({ recordId })
          .set({ parentId: to })
          .where((a, op) => op.eq(a.parentId, from))
          .go();
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async getStats(unitId: string) {
      const { data } = await entities().statsAggregate.get({ unitId }).go();
      return data ?? undefined;
    },

    async statsUnder(parentId: string) {
      const { data } = await entities().statsAggregate.query.byParent({ parentId }).go({ pages: 'all' });
      return data;
    },

    async putStats(unitId: string, parentId: string, figures: unknown, updatedAt: string) {
      await entities().statsAggregate.put({ unitId, parentId, figures, updatedAt }).go();
    },
  };
}

function page(result: { data: unknown[]; cursor: string | null }, scope: string): Page<EduRecordItem> {
  return { items: result.data as EduRecordItem[], nextCursor: encodeCursor(scope, result.cursor) };
}

export type EduStore = ReturnType<typeof makeEduStore>;
