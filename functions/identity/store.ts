/**
 * Identity's reads over the shared authorization entities (see shared/auth/store.ts for the
 * access patterns). Writes arrive with the delegation and audit work.
 */

import { type AuditInput, auditEntry } from '#shared/audit/entity.ts';
import {
  ACCOUNT_KEY_TYPES,
  type AccountKeyType,
  type AuthEntities,
  authEntities,
  normaliseKey,
  ORG_TREE,
  orgUnitNames,
  treeChanged,
} from '#shared/auth/store.ts';
import { decodeCursor, encodeCursor, type Page } from '#shared/db/pagination.ts';
import type { GrantedAssignment, OrgUnitKind } from './domain/delegation.ts';

export class ConcurrentChangeError extends Error {
  constructor() {
    super('The assignments changed while they were being revoked');
  }
}

export interface HandoverRecord {
  handoverId: string;
  orgUnitId: string;
  accountId: string;
  handedOverBy: string;
  handedOverOn: string;
  receivingOfficer: { fullName: string; position: string; phone?: string };
  introductionLetter: { number: string; date: string; issuer: string };
  notes?: string;
  minutesKey: string;
  minutesReadyAt?: string;
  createdAt: string;
}

export interface AuditEntryItem {
  auditId: string;
  at: string;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  orgUnitId: string;
  requestId: string;
  changes?: unknown;
}

export interface NewOrgUnit {
  orgUnitId: string;
  code: string;
  name: string;
  kind: OrgUnitKind;
  parentId: string;
  lineage: string[];
}

export interface NewAccount {
  accountId: string;
  fullName: string;
  email?: string;
  phone?: string;
  personalId?: string;
  status: 'invited' | 'active';
  homeOrgUnitId: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewAssignment {
  accountId: string;
  assignmentId: string;
  role: GrantedAssignment['role'];
  scopeOrgUnitId: string;
  subject?: string;
  groupId?: string;
  grantedBy: string;
  grantedAt: string;
  grantedVia: string;
}

export function makeIdentityStore(entities: () => AuthEntities = authEntities) {
  return {
    async getOrgUnit(orgUnitId: string) {
      const { data } = await entities().orgUnit.get({ orgUnitId }).go();
      return data ?? undefined;
    },

    async getOrgUnits(ids: string[]) {
      if (ids.length === 0) return [];
      const { data } = await entities()
        .orgUnit.get(ids.map((orgUnitId) => ({ orgUnitId })))
        .go();
      return data;
    },

    /** Every unit under `orgUnitId`, breadth first, up to `limit` (then it stops and says so). */
    async descendants(orgUnitId: string, limit: number) {
      const found: { orgUnitId: string; lineage: string[] }[] = [];
      const queue = [orgUnitId];
      while (queue.length > 0) {
        const { data } = await entities()
          .orgUnit.query.byParent({ parentId: queue.shift()! })
          .go({ pages: 'all', attributes: ['orgUnitId', 'lineage'] });
        for (const child of data) {
          found.push(child);
          if (found.length > limit) return { complete: false as const, found };
          queue.push(child.orgUnitId);
        }
      }
      return { complete: true as const, found };
    },

    async createOrgUnit(unit: NewOrgUnit, audit: AuditInput): Promise<boolean> {
      const result = await entities()
        .service.transaction.write(({ orgUnit, orgTreeVersion, auditEntry: entry }) => [
          orgUnit.create(unit).commit(),
          orgTreeVersion
            .update(ORG_TREE)
            .add({ version: 1 })
            .set({ changedAt: new Date().toISOString() })
            .commit(),
          entry.create(auditEntry(audit)).commit(),
        ])
        .go();
      return !result.canceled;
    },

    /** Writes imported units (puts: re-importing the same file changes nothing) and one audit entry. */
    async importOrgUnits(units: NewOrgUnit[], audit: AuditInput) {
      const { unprocessed } = await entities().orgUnit.put(units).go();
      if (unprocessed.length > 0)
        throw new Error(`${unprocessed.length} units were not written; retry the import`);
      await entities().auditEntry.create(auditEntry(audit)).go();
      await treeChanged(entities(), new Date().toISOString()).go();
    },

    /** The unit and its subtree get their new lineage, the move its history item, all at once. */
    async moveOrgUnit(move: {
      unit: { orgUnitId: string; parentId: string; lineage: string[] };
      subtree: { orgUnitId: string; lineage: string[] }[];
      history: {
        movedAt: string;
        fromParentId: string;
        fromLineage: string[];
        movedBy: string;
        reason: string;
      };
      audit: AuditInput;
    }) {
      const result = await entities()
        .service.transaction.write(({ orgUnit, orgTreeVersion, orgUnitMove, auditEntry: entry }) => [
          orgUnit
            .patch({ orgUnitId: move.unit.orgUnitId })
            .set({ parentId: move.unit.parentId, lineage: move.unit.lineage })
            .where((a, op) => op.eq(a.parentId, move.history.fromParentId))
            .commit(),
          ...move.subtree.map((u) =>
            orgUnit.patch({ orgUnitId: u.orgUnitId }).set({ lineage: u.lineage }).commit(),
          ),
          orgUnitMove
            .create({ orgUnitId: move.unit.orgUnitId, toParentId: move.unit.parentId, ...move.history })
            .commit(),
          orgTreeVersion
            .update(ORG_TREE)
            .add({ version: 1 })
            .set({ changedAt: move.history.movedAt })
            .commit(),
          entry.create(auditEntry(move.audit)).commit(),
        ])
        .go();
      if (result.canceled) throw new ConcurrentChangeError();
    },

    async recordHandover(record: HandoverRecord, audit: AuditInput) {
      const result = await entities()
        .service.transaction.write(({ handover, auditEntry: entry }) => [
          handover.create(record).commit(),
          entry.create(auditEntry(audit)).commit(),
        ])
        .go();
      if (result.canceled) throw new ConcurrentChangeError();
    },

    async markMinutesReady(handoverId: string, at: string) {
      await entities().handover.patch({ handoverId }).set({ minutesReadyAt: at }).go();
    },

    async getHandover(handoverId: string) {
      const { data } = await entities().handover.get({ handoverId }).go();
      return data ?? undefined;
    },

    async moveHistory(orgUnitId: string) {
      const { data } = await entities()
        .orgUnitMove.query.byUnit({ orgUnitId })
        .go({ pages: 'all', order: 'desc' });
      return data;
    },

    orgUnitNames: (ids: string[]) => orgUnitNames(ids, entities()),

    async listChildren(parentId: string, limit: number, cursor?: string) {
      const scope = `children:${parentId}`;
      const result = await entities()
        .orgUnit.query.byParent({ parentId })
        .go({ limit, cursor: decodeCursor(scope, cursor) });
      return page(result.data, encodeCursor(scope, result.cursor));
    },

    async getAccount(accountId: string) {
      const { data } = await entities().account.get({ accountId }).go();
      return data ?? undefined;
    },

    async listAssignments(accountId: string) {
      const { data } = await entities().roleAssignment.query.byAccount({ accountId }).go({ pages: 'all' });
      return data;
    },

    async grantedThrough(ref: string): Promise<GrantedAssignment[]> {
      const { data } = await entities()
        .roleAssignment.query.byGrantor({ grantedVia: ref })
        .go({ pages: 'all' });
      return data.map((a) => ({ ...a, assignmentId: a.assignmentId, accountId: a.accountId }));
    },

    /**
     * A new account, its unique-key guards and its audit entry, in one transaction. Returns the
     * fields that are already taken (empty when the account was created).
     */
    async createAccount(account: NewAccount, audit: AuditInput): Promise<('accountId' | AccountKeyType)[]> {
      const keys = ACCOUNT_KEY_TYPES.filter((type) => account[type]).map((type) => ({
        keyType: type,
        value: normaliseKey(type, account[type]!),
        accountId: account.accountId,
      }));
      const result = await entities()
        .service.transaction.write(({ account: accounts, accountKey, auditEntry: entry }) => [
          accounts.create(account).commit(),
          ...keys.map((key) => accountKey.create(key).commit()),
          entry.create(auditEntry(audit)).commit(),
        ])
        .go();
      if (!result.canceled) return [];
      const fields = ['accountId' as const, ...keys.map((k) => k.keyType)];
      return fields.filter((_, i) => result.data[i]?.code === 'ConditionalCheckFailed');
    },

    async findAccountBy(type: AccountKeyType, value: string) {
      const { data } = await entities()
        .accountKey.get({ keyType: type, value: normaliseKey(type, value) })
        .go();
      return data ? this.getAccount(data.accountId) : undefined;
    },

    /** First sign-in of an invited account: active from now on, audited. */
    async activate(accountId: string, requestId: string) {
      const account = await this.getAccount(accountId);
      if (account?.status !== 'invited') return;
      const home = await this.getOrgUnit(account.homeOrgUnitId);
      await entities()
        .service.transaction.write(({ account: accounts, auditEntry: entry }) => [
          accounts
            .patch({ accountId })
            .set({ status: 'active', updatedAt: new Date().toISOString() })
            .where((a, op) => op.eq(a.status, 'invited'))
            .commit(),
          entry
            .create(
              auditEntry({
                actorId: accountId,
                action: 'account.activate',
                targetType: 'account',
                targetId: accountId,
                orgUnit: home ?? { orgUnitId: account.homeOrgUnitId, lineage: [account.homeOrgUnitId] },
                requestId,
                changes: { before: { status: 'invited' }, after: { status: 'active' } },
              }),
            )
            .commit(),
        ])
        .go();
    },

    /** The assignment and its audit entry, in one transaction. */
    async grant(assignment: NewAssignment, audit: AuditInput) {
      const result = await entities()
        .service.transaction.write(({ roleAssignment, auditEntry: entry }) => [
          roleAssignment.create(assignment).commit(),
          entry.create(auditEntry(audit)).commit(),
        ])
        .go();
      if (result.canceled) throw new ConcurrentChangeError();
    },

    /** Deletes the assignments and writes one audit entry each, all or nothing. */
    async revoke(
      revocations: { assignment: { accountId: string; assignmentId: string }; audit: AuditInput }[],
    ) {
      const result = await entities()
        .service.transaction.write(({ roleAssignment, auditEntry: entry }) =>
          revocations.flatMap(({ assignment, audit }) => [
            roleAssignment
              .delete(assignment)
              .where((attr, op) => op.exists(attr.role))
              .commit(),
            entry.create(auditEntry(audit)).commit(),
          ]),
        )
        .go();
      if (result.canceled) throw new ConcurrentChangeError();
    },

    async listAudit(scope: { kind: 'city' | 'commune'; orgUnitId: string }, limit: number, cursor?: string) {
      const key = `audit:${scope.kind}:${scope.orgUnitId}`;
      const query =
        scope.kind === 'city'
          ? entities().auditEntry.query.byCity({ city: scope.orgUnitId })
          : entities().auditEntry.query.byScope({ scopeRoot: scope.orgUnitId });
      const result = await query.go({ limit, cursor: decodeCursor(key, cursor), order: 'desc' });
      return page(result.data, encodeCursor(key, result.cursor));
    },

    /** Audit entries of a scope between two instants, oldest first, a page at a time. */
    async *auditEntriesBetween(
      scope: { kind: 'city' | 'commune'; orgUnitId: string },
      start: string,
      end: string,
    ) {
      const query =
        scope.kind === 'city'
          ? entities().auditEntry.query.byCity({ city: scope.orgUnitId })
          : entities().auditEntry.query.byScope({ scopeRoot: scope.orgUnitId });
      let cursor: string | null = null;
      do {
        const result: { data: AuditEntryItem[]; cursor: string | null } = await query
          .between({ at: start }, { at: end })
          .go({ limit: 500, cursor, order: 'asc' });
        yield result.data;
        cursor = result.cursor;
      } while (cursor);
    },

    async listAccounts(homeOrgUnitId: string, limit: number, cursor?: string) {
      const scope = `accounts:${homeOrgUnitId}`;
      const result = await entities()
        .account.query.byOrgUnit({ homeOrgUnitId })
        .go({ limit, cursor: decodeCursor(scope, cursor) });
      return page(
        result.data.map(({ accountId, fullName, email, phone, status, homeOrgUnitId: home }) => ({
          accountId,
          fullName,
          email,
          phone,
          status,
          homeOrgUnitId: home,
        })),
        encodeCursor(scope, result.cursor),
      );
    },
  };
}

export const assignmentRef = (a: { accountId: string; assignmentId: string }) =>
  `${a.accountId}/${a.assignmentId}`;

const page = <T>(items: T[], nextCursor: string | undefined): Page<T> =>
  nextCursor ? { items, nextCursor } : { items };

export type IdentityStore = ReturnType<typeof makeIdentityStore>;
