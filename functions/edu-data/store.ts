/**
 * Reads and writes of the education database. Every change to a record is one transaction: the
 * record (conditional on the version the caller saw), its version item, its audit entry, and
 * what follows from the transition — guard items, the approval-queue entry, the change-feed
 * entry. Nothing is half-written: either the whole change lands or none of it.
 */
import { type AuditInput, auditEntry } from '#shared/audit/entity.ts';
import { isConditionFailure } from '#shared/db/errors.ts';
import { decodeCursor, encodeCursor, type Page } from '#shared/db/pagination.ts';
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
  nameInitials: string;
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

export interface RecordChange {
  record: EduRecordItem;
  /** The version the change was computed from; absent when the record is new. */
  expectedVersion?: number;
  version: RecordVersionItem;
  audit: AuditInput;
  guard?: { create?: string; remove?: string };
  queue?: 'enter' | 'leave';
  sync?: SyncChangeItem;
}

/** Why a change did not land: someone changed the record first, or its key is taken. */
export class ChangeRejectedError extends Error {
  constructor(readonly reason: 'concurrent-change' | 'duplicate-key') {
    super(
      reason === 'duplicate-key' ? 'A record with this key already exists' : 'The record changed meanwhile',
    );
  }
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

    async listByOwner(ownerId: string, kind: RecordKind, prefix: string, limit: number, cursor?: string) {
      const scope = `owner:${ownerId}:${kind}:${prefix}`;
      const result = await entities()
        .eduRecord.query.byOwner({ ownerId, kind })
        .begins({ nameKey: prefix })
        .go({ limit, cursor: decodeCursor(scope, cursor) });
      return page(result, scope);
    },

    async listByParent(parentId: string, kind: RecordKind, prefix: string, limit: number, cursor?: string) {
      const scope = `parent:${parentId}:${kind}:${prefix}`;
      const result = await entities()
        .eduRecord.query.byParent({ parentId, kind })
        .begins({ nameKey: prefix })
        .go({ limit, cursor: decodeCursor(scope, cursor) });
      return page(result, scope);
    },

    async listByCity(city: string, kind: RecordKind, prefix: string, limit: number, cursor?: string) {
      const scope = `city:${city}:${kind}:${prefix}`;
      const result = await entities()
        .eduRecord.query.byCity({ city, kind, nameInitials: prefix.slice(0, 2) })
        .begins({ nameKey: prefix })
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
      if (after && after.at > until) return [];
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
     * The record is listed under `parentId` from now on (its owner moved). Only if nobody changed
     * it since it was read: a writer that got in first already wrote the parent of its time.
     */
    async reparentRecord(record: Pick<EduRecordItem, 'recordId' | 'kind' | 'version'>, parentId: string) {
      try {
        await entities()
          .eduRecord.patch({ recordId: record.recordId })
          .set({ parentId })
          .composite({ kind: record.kind })
          .where((a, op) => op.eq(a.version, record.version))
          .go();
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
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
