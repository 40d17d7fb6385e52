/**
 * Accounts, role assignments and the org tree as the authorization library reads them. The
 * identity context owns and writes these items; every other context only reads them through
 * this module, to build the principal of a request and to resolve a target's lineage.
 *
 * Access patterns:
 * - account + its role assignments by subject: one Query on the `principal` collection
 * - accounts of an org unit, by name: gsi1 (`byOrgUnit`)
 * - org unit by id: GetItem; children of an org unit: gsi1 (`byParent`)
 * - account by e-mail, phone or personal ID: GetItem on its guard item (`accountKey`)
 * - assignments granted through an assignment: gsi2 (`byGrantor`), for revocation cascades
 */
import { Entity, Service } from 'electrodb';
import { makeAuditEntity } from '../audit/entity.ts';
import { lazyStore, type TableDeps } from '../db/client.ts';
import { jobAttributes, jobById, jobByRequester } from '../jobs/attributes.ts';
import { can, grants, type OrgTarget } from './can.ts';
import { type LinkRelation, type Permission, ROLES } from './permissions.ts';

const SERVICE = 'edu';

export const ACCOUNT_STATUSES = ['invited', 'active', 'disabled'] as const;
/** What an account is to a person of the education database. */
export const LINK_RELATIONS = ['self', 'guardian', 'staff'] as const;
export const LINK_PROOFS = ['personal-id', 'guardian-record', 'link-code'] as const;
export const ACCOUNT_KEY_TYPES = ['email', 'phone', 'personalId'] as const;
export type AccountKeyType = (typeof ACCOUNT_KEY_TYPES)[number];

/** E-mail addresses compare case-insensitively; the others as written. */
export const normaliseKey = (type: AccountKeyType, value: string) =>
  type === 'email' ? value.trim().toLowerCase() : value.trim();

export const ORG_UNIT_KINDS = [
  'department',
  'office',
  'ward',
  'commune',
  'special-zone',
  'school',
  'subject-group',
] as const;

export function makeAuthEntities({ client, table }: TableDeps) {
  const account = new Entity(
    {
      model: { entity: 'account', version: '1', service: SERVICE },
      attributes: {
        accountId: { type: 'string', required: true },
        fullName: { type: 'string', required: true },
        email: { type: 'string' },
        phone: { type: 'string' },
        personalId: { type: 'string' },
        status: { type: ACCOUNT_STATUSES, required: true, default: 'invited' },
        homeOrgUnitId: { type: 'string', required: true },
        createdAt: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byAccount: {
          collection: 'principal',
          pk: { field: 'pk', composite: ['accountId'] },
          sk: { field: 'sk', composite: [] },
        },
        byOrgUnit: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['homeOrgUnitId'] },
          sk: { field: 'gsi1sk', composite: ['fullName', 'accountId'] },
        },
      },
    },
    { client, table },
  );

  const roleAssignment = new Entity(
    {
      model: { entity: 'roleAssignment', version: '1', service: SERVICE },
      attributes: {
        accountId: { type: 'string', required: true },
        assignmentId: { type: 'string', required: true },
        role: { type: ROLES, required: true },
        scopeOrgUnitId: { type: 'string', required: true },
        subject: { type: 'string' },
        groupId: { type: 'string' },
        grantedBy: { type: 'string', required: true },
        grantedAt: { type: 'string', required: true },
        /** The grantor's assignment this one was granted through ('root' for seeded roots). */
        grantedVia: { type: 'string', required: true, default: 'root' },
      },
      indexes: {
        byAccount: {
          collection: 'principal',
          pk: { field: 'pk', composite: ['accountId'] },
          sk: { field: 'sk', composite: ['assignmentId'] },
        },
        byGrantor: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['grantedVia'] },
          sk: { field: 'gsi2sk', composite: ['accountId', 'assignmentId'] },
        },
        /** Who holds a role at a unit (e.g. a school's students, as exam candidates). */
        byScopeRole: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['scopeOrgUnitId', 'role'] },
          sk: { field: 'gsi3sk', composite: ['accountId', 'assignmentId'] },
        },
      },
    },
    { client, table },
  );

  const orgUnit = new Entity(
    {
      model: { entity: 'orgUnit', version: '1', service: SERVICE },
      attributes: {
        orgUnitId: { type: 'string', required: true },
        code: { type: 'string', required: true },
        name: { type: 'string', required: true },
        kind: { type: ORG_UNIT_KINDS, required: true },
        parentId: { type: 'string', required: true },
        /** Root first, self last: what `can()` checks assignments against. */
        lineage: { type: 'list', items: { type: 'string' }, required: true },
      },
      indexes: {
        byId: {
          pk: { field: 'pk', composite: ['orgUnitId'] },
          sk: { field: 'sk', composite: [] },
        },
        byParent: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['parentId'] },
          sk: { field: 'gsi1sk', composite: ['kind', 'name', 'orgUnitId'] },
        },
      },
    },
    { client, table },
  );

  /**
   * Guard items: one per e-mail, phone and personal ID number, written in the account's
   * transaction. They make each unique city-wide and let an account be found by any of them.
   */
  const accountKey = new Entity(
    {
      model: { entity: 'accountKey', version: '1', service: SERVICE },
      attributes: {
        keyType: { type: [...ACCOUNT_KEY_TYPES, 'vneid'] as const, required: true },
        value: { type: 'string', required: true },
        accountId: { type: 'string', required: true },
      },
      indexes: {
        byValue: { pk: { field: 'pk', composite: ['keyType', 'value'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );

  /**
   * One small item whose version moves with every change to the tree's shape (a unit made,
   * imported or moved), in the same transaction: caches of the tree compare against it. Units
   * change a few times a day, so this item is never hot.
   */
  const orgTreeVersion = new Entity(
    {
      model: { entity: 'orgTreeVersion', version: '1', service: SERVICE },
      attributes: {
        tree: { type: 'string', required: true },
        version: { type: 'number', required: true },
        changedAt: { type: 'string', required: true },
      },
      indexes: {
        byTree: { pk: { field: 'pk', composite: ['tree'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );

  /** History of moves: a school changing commune keeps where it was and when. */
  const orgUnitMove = new Entity(
    {
      model: { entity: 'orgUnitMove', version: '1', service: SERVICE },
      attributes: {
        orgUnitId: { type: 'string', required: true },
        movedAt: { type: 'string', required: true },
        fromParentId: { type: 'string', required: true },
        toParentId: { type: 'string', required: true },
        fromLineage: { type: 'list', items: { type: 'string' }, required: true },
        movedBy: { type: 'string', required: true },
        reason: { type: 'string', required: true },
      },
      indexes: {
        byUnit: {
          pk: { field: 'pk', composite: ['orgUnitId'] },
          sk: { field: 'sk', composite: ['movedAt'] },
        },
      },
    },
    { client, table },
  );

  /** Handover of a commune's admin account, with the key of its signed-paper minutes PDF. */
  const handover = new Entity(
    {
      model: { entity: 'handover', version: '1', service: SERVICE },
      attributes: {
        handoverId: { type: 'string', required: true },
        orgUnitId: { type: 'string', required: true },
        accountId: { type: 'string', required: true },
        handedOverBy: { type: 'string', required: true },
        handedOverOn: { type: 'string', required: true },
        receivingOfficer: { type: 'any', required: true },
        introductionLetter: { type: 'any', required: true },
        notes: { type: 'string' },
        minutesKey: { type: 'string', required: true },
        /** Set by the minutes worker once the PDF is in the documents bucket. */
        minutesReadyAt: { type: 'string' },
        createdAt: { type: 'string', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['handoverId'] }, sk: { field: 'sk', composite: [] } },
        byOrgUnit: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['orgUnitId'] },
          sk: { field: 'gsi1sk', composite: ['createdAt', 'handoverId'] },
        },
      },
    },
    { client, table },
  );

  /** An XLSX export of a scope's audit log, written by a worker into the reports bucket. */
  const auditExport = new Entity(
    {
      model: { entity: 'auditExport', version: '1', service: SERVICE },
      attributes: {
        ...jobAttributes('exportId'),
        scopeKind: { type: ['city', 'commune'] as const, required: true },
        from: { type: 'string', required: true },
        to: { type: 'string', required: true },
        rowCount: { type: 'number' },
        truncated: { type: 'boolean' },
      },
      indexes: jobById('exportId'),
    },
    { client, table },
  );

  /** A spreadsheet of org units uploaded for import, and what became of it. */
  const orgUnitImport = new Entity(
    {
      model: { entity: 'orgUnitImport', version: '1', service: SERVICE },
      attributes: {
        ...jobAttributes('importId'),
        imported: { type: 'number' },
        errors: { type: 'any' },
      },
      indexes: { ...jobById('importId'), ...jobByRequester() },
    },
    { client, table },
  );

  const auditEntry = makeAuditEntity({ client, table });
  /**
   * An account linked to a person of the education database: the learner themself, a guardian
   * of the learner, or the staff member. Read with the principal (one Query); by person, the
   * school sees who is linked to its learner and a notification for a learner finds its accounts.
   */
  const personLink = new Entity(
    {
      model: { entity: 'personLink', version: '1', service: SERVICE },
      attributes: {
        accountId: { type: 'string', required: true },
        recordId: { type: 'string', required: true },
        relation: { type: LINK_RELATIONS, required: true },
        /** How it was proven: the account's verified personal ID, or a school's link code. */
        via: { type: LINK_PROOFS, required: true },
        linkedAt: { type: 'string', required: true },
        linkedBy: { type: 'string', required: true },
      },
      indexes: {
        byAccount: {
          collection: 'principal',
          pk: { field: 'pk', composite: ['accountId'] },
          sk: { field: 'sk', composite: ['recordId'] },
        },
        byPerson: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['recordId'] },
          sk: { field: 'gsi1sk', composite: ['accountId'] },
        },
      },
    },
    { client, table },
  );

  /**
   * A single-use code a school gives a learner's parent to link their account. Only its hash is
   * kept; it expires (and DynamoDB forgets it) after a few weeks.
   */
  const linkCode = new Entity(
    {
      model: { entity: 'linkCode', version: '1', service: SERVICE },
      attributes: {
        codeHash: { type: 'string', required: true },
        recordId: { type: 'string', required: true },
        issuedBy: { type: 'string', required: true },
        issuedAt: { type: 'string', required: true },
        expiresAt: { type: 'string', required: true },
        usedBy: { type: 'string' },
        usedAt: { type: 'string' },
        ttl: { type: 'number' },
      },
      indexes: {
        byHash: { pk: { field: 'pk', composite: ['codeHash'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );

  const service = new Service(
    {
      account,
      accountKey,
      roleAssignment,
      orgUnit,
      orgTreeVersion,
      orgUnitMove,
      handover,
      auditExport,
      orgUnitImport,
      personLink,
      linkCode,
      auditEntry,
    },
    { client, table },
  );
  return {
    account,
    accountKey,
    roleAssignment,
    orgUnit,
    orgTreeVersion,
    orgUnitMove,
    handover,
    auditExport,
    orgUnitImport,
    personLink,
    linkCode,
    auditEntry,
    service,
  };
}

/** The org tree's one version item. */
export const ORG_TREE = { tree: 'org' } as const;

/** The write that moves the tree's version (transactions write the same update on `orgTreeVersion`). */
export const treeChanged = (entities: Pick<AuthEntities, 'orgTreeVersion'>, at: string) =>
  entities.orgTreeVersion.update(ORG_TREE).add({ version: 1 }).set({ changedAt: at });

/** The tree's version now (0 before any change was recorded), read strongly consistent. */
export async function treeVersion(entities: AuthEntities = authEntities()): Promise<number> {
  const { data } = await entities.orgTreeVersion
    .get(ORG_TREE)
    .go({ consistent: true, attributes: ['version'] });
  return data?.version ?? 0;
}

export type AuthEntities = ReturnType<typeof makeAuthEntities>;

export const authEntities = lazyStore(makeAuthEntities);

export interface DirectorySchool {
  orgUnitId: string;
  name: string;
  /** The unit directly above the school (its commune, ward or special zone; or an office). */
  parentId: string;
  parentName: string;
}

/**
 * Every school below an org unit with the name of the unit above it: the public directory people
 * choose a school from. One Query per unit that has units under it (the city: ~120).
 */
export async function schoolDirectory(
  orgUnitId: string,
  parentName = '',
  entities: AuthEntities = authEntities(),
): Promise<DirectorySchool[]> {
  const { data } = await entities.orgUnit.query
    .byParent({ parentId: orgUnitId })
    .go({ pages: 'all', attributes: ['orgUnitId', 'kind', 'name'] });
  const nested = await Promise.all(
    data
      .filter((u) => u.kind !== 'school' && u.kind !== 'subject-group')
      .map((u) => schoolDirectory(u.orgUnitId, u.name, entities)),
  );
  return [
    ...data
      .filter((u) => u.kind === 'school')
      .map((u) => ({ orgUnitId: u.orgUnitId, name: u.name, parentId: orgUnitId, parentName })),
    ...nested.flat(),
  ];
}

/** Every school below an org unit, through offices and communes (reports, nightly jobs). */
export async function schoolsUnder(orgUnitId: string, entities: AuthEntities = authEntities()) {
  return (await schoolDirectory(orgUnitId, '', entities)).map((s) => s.orgUnitId);
}

/** Names of org units by id (BatchGet, 100 at a time); unknown ids and '-' are left out. */
export async function orgUnitNames(
  ids: readonly string[],
  entities: AuthEntities = authEntities(),
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const unique = [...new Set(ids)].filter((id) => id && id !== '-');
  for (let i = 0; i < unique.length; i += 100) {
    const { data } = await entities.orgUnit
      .get(unique.slice(i, i + 100).map((orgUnitId) => ({ orgUnitId })))
      .go({ attributes: ['orgUnitId', 'name'] });
    for (const u of data) names.set(u.orgUnitId, u.name);
  }
  return names;
}

/** People's names by account id (BatchGet, 100 at a time): who did what, said by name. */
export async function accountNames(
  ids: readonly string[],
  entities: AuthEntities = authEntities(),
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const unique = [...new Set(ids)].filter(Boolean);
  for (let i = 0; i < unique.length; i += 100) {
    const { data } = await entities.account
      .get(unique.slice(i, i + 100).map((accountId) => ({ accountId })))
      .go({ attributes: ['accountId', 'fullName'] });
    for (const a of data) names.set(a.accountId, a.fullName);
  }
  return names;
}

/** The accounts linked to a person of the education database (all, or those of some relations). */
export async function accountsLinkedTo(
  recordId: string,
  relations?: readonly LinkRelation[],
  entities: AuthEntities = authEntities(),
): Promise<string[]> {
  const { data } = await entities.personLink.query
    .byPerson({ recordId })
    .go({ pages: 'all', attributes: ['accountId', 'relation'] });
  return data.filter((l) => !relations || relations.includes(l.relation)).map((l) => l.accountId);
}

/**
 * The accounts that hold `permission` through a role assigned at the unit itself (not above it):
 * who does that work there — e.g. a school's data officers for `edudata.write`. The roles are
 * found from the permission table and each assignment is checked with `can`, so a rule's
 * conditions hold here as everywhere. One Query per role that grants the permission.
 */
export async function accountsHoldingAt(
  permission: Permission,
  unit: OrgTarget,
  entities: AuthEntities = authEntities(),
): Promise<string[]> {
  const holders = new Set<string>();
  for (const role of ROLES.filter((r) => grants(r, permission))) {
    const { data } = await entities.roleAssignment.query
      .byScopeRole({ scopeOrgUnitId: unit.orgUnitId, role })
      .go({ pages: 'all' });
    for (const a of data)
      if (can({ sub: a.accountId, assignments: [a] }, permission, unit)) holders.add(a.accountId);
  }
  return [...holders];
}

/** A unit directly under another, with every school below it (itself, for a school). */
export interface ChildUnit {
  orgUnitId: string;
  name: string;
  kind: string;
  schoolIds: string[];
}

/** Per container: a unit's children with their schools, as of a version of the tree. */
const childUnitsCache = new Map<string, { version: number; units: Promise<ChildUnit[]> }>();
const CHILD_UNITS_CACHED = 500;

/**
 * The units directly under a unit, each with the schools below it, from the tree (not from any
 * context's figures): statistics list every unit, those without data too, and count their schools
 * as the tree does. Walking the tree takes one Query per unit that has units under it (about 230
 * for the city), so the result is kept per container for as long as the tree's version stays
 * the same: one consistent GetItem a call, and a unit made or moved shows at once.
 */
export async function childUnits(
  orgUnitId: string,
  entities: AuthEntities = authEntities(),
): Promise<ChildUnit[]> {
  const version = await treeVersion(entities);
  const cached = childUnitsCache.get(orgUnitId);
  if (cached?.version === version) return cached.units;
  const units = walkChildUnits(orgUnitId, entities);
  // A failed walk is not kept.
  units.catch(() => childUnitsCache.delete(orgUnitId));
  childUnitsCache.delete(orgUnitId);
  childUnitsCache.set(orgUnitId, { version, units });
  if (childUnitsCache.size > CHILD_UNITS_CACHED) childUnitsCache.delete(childUnitsCache.keys().next().value!);
  return units;
}

async function walkChildUnits(orgUnitId: string, entities: AuthEntities): Promise<ChildUnit[]> {
  const { data } = await entities.orgUnit.query
    .byParent({ parentId: orgUnitId })
    .go({ pages: 'all', attributes: ['orgUnitId', 'kind', 'name'] });
  const units = data.filter((u) => u.kind !== 'subject-group');
  return Promise.all(
    units.map(async (u) => ({
      orgUnitId: u.orgUnitId,
      name: u.name,
      kind: u.kind,
      schoolIds: u.kind === 'school' ? [u.orgUnitId] : await schoolsUnder(u.orgUnitId, entities),
    })),
  );
}
