/**
 * The audit trail: one immutable entry per change to accounts, roles and personal data, written
 * in the same transaction as the change (a context adds this entity to its ElectroDB service and
 * commits `auditEntry.create(...)` beside its own writes). Entries are only ever created.
 *
 * Access patterns:
 * - one commune's entries (and everything under it), newest first: gsi1 by `scopeRoot`
 * - the whole city's entries, newest first: gsi2 by `city`
 */
import { randomUUID } from 'node:crypto';
import { Entity } from 'electrodb';
import type { TableDeps } from '../db/client.ts';

export function makeAuditEntity({ client, table }: TableDeps) {
  return new Entity(
    {
      model: { entity: 'auditEntry', version: '1', service: 'edu' },
      attributes: {
        auditId: { type: 'string', required: true },
        at: { type: 'string', required: true },
        actorId: { type: 'string', required: true },
        action: { type: 'string', required: true },
        targetType: { type: 'string', required: true },
        targetId: { type: 'string', required: true },
        orgUnitId: { type: 'string', required: true },
        /** The commune-level unit (or the department) the change belongs to. */
        scopeRoot: { type: 'string', required: true },
        city: { type: 'string', required: true },
        requestId: { type: 'string', required: true },
        changes: { type: 'any' },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['auditId'] }, sk: { field: 'sk', composite: [] } },
        byScope: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['scopeRoot'] },
          sk: { field: 'gsi1sk', composite: ['at', 'auditId'] },
        },
        byCity: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['city'] },
          sk: { field: 'gsi2sk', composite: ['at', 'auditId'] },
        },
      },
    },
    { client, table },
  );
}

export interface AuditInput {
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  /** The org unit the change concerns, with its lineage (root first). */
  orgUnit: { orgUnitId: string; lineage: readonly string[] };
  requestId: string;
  changes?: Record<string, unknown>;
}

/** The attributes of a new audit entry. */
export function auditEntry(input: AuditInput, now = new Date()) {
  const at = now.toISOString();
  return {
    auditId: `${at}-${randomUUID().slice(0, 8)}`,
    at,
    actorId: input.actorId,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    orgUnitId: input.orgUnit.orgUnitId,
    scopeRoot: input.orgUnit.lineage[1] ?? input.orgUnit.lineage[0]!,
    city: input.orgUnit.lineage[0]!,
    requestId: input.requestId,
    changes: input.changes ?? {},
  };
}
