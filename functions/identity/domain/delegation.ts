/**
 * Delegated administration (seed 001): the Department hands each commune an admin account, the
 * commune grants rights to its schools, each school names its officers. Pure rules, no storage:
 *
 * - a grantor grants through one of its own assignments that holds `role.grant`;
 * - the target scope must lie inside that assignment's scope;
 * - the role must be one that the grantor's role may hand down, at that kind of org unit;
 * - the role may not carry a permission the grantor's role lacks.
 */
import type { OrgTarget, Principal, RoleAssignment } from '#shared/auth/can.ts';
import { type Permission, ROLE_PERMISSIONS, type Role } from '#shared/auth/permissions.ts';
import type { ORG_UNIT_KINDS } from '#shared/auth/store.ts';
import type { CodedText } from '#shared/text/texts.ts';
import { identityText, KIND_WORDS, ROLE_WORDS, wordList } from './texts.ts';

export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

const COMMUNE_LEVEL: OrgUnitKind[] = ['office', 'ward', 'commune', 'special-zone'];

/** Which roles each role may hand down, and at which kinds of org unit. Data, not code. */
export const GRANTABLE: Partial<Record<Role, Partial<Record<Role, readonly OrgUnitKind[]>>>> = {
  'department-admin': {
    'department-admin': ['department'],
    'department-leader': ['department'],
    'department-specialist': ['department'],
    'commune-admin': COMMUNE_LEVEL,
    'commune-officer': COMMUNE_LEVEL,
    'school-leader': ['school'],
    'school-data-officer': ['school'],
    'diploma-officer': ['department'],
    'diploma-keyer': ['department'],
  },
  'commune-admin': {
    'commune-officer': COMMUNE_LEVEL,
    'school-leader': ['school'],
    'school-data-officer': ['school'],
  },
  'school-leader': {
    'group-leader': ['subject-group'],
    teacher: ['school'],
    staff: ['school'],
    librarian: ['school'],
  },
};

export interface GrantRequest {
  role: Role;
  target: OrgTarget & { kind: OrgUnitKind };
  subject?: string;
}

export type GrantDecision = { allowed: true; via: RoleAssignment } | { allowed: false; reason: CodedText };

const lacking = (grantor: Role, role: Role): Permission[] =>
  ROLE_PERMISSIONS[role].filter((p) => !ROLE_PERMISSIONS[grantor].includes(p));

export function decideGrant(grantor: Principal, request: GrantRequest): GrantDecision {
  const reasons: CodedText[] = [];
  for (const via of grantor.assignments) {
    if (!ROLE_PERMISSIONS[via.role].includes('role.grant')) continue;
    const grantor = ROLE_WORDS[via.role];
    const role = ROLE_WORDS[request.role];
    if (!request.target.lineage.includes(via.scopeOrgUnitId)) {
      reasons.push(
        identityText('grant-outside-scope', {
          grantor,
          scope: via.scopeOrgUnitId,
          target: request.target.orgUnitId,
        }),
      );
      continue;
    }
    const kinds = GRANTABLE[via.role]?.[request.role];
    if (!kinds) {
      reasons.push(identityText('grant-not-delegable', { grantor, role }));
      continue;
    }
    if (!kinds.includes(request.target.kind)) {
      reasons.push(
        identityText('grant-wrong-kind', {
          role,
          kinds: wordList(kinds.map((k) => KIND_WORDS[k])),
          kind: KIND_WORDS[request.target.kind],
        }),
      );
      continue;
    }
    const missing = lacking(via.role, request.role);
    if (missing.length > 0) {
      reasons.push(identityText('grant-more-than-held', { role, permissions: missing.join(', '), grantor }));
      continue;
    }
    if (request.role === 'department-specialist' && !request.subject) {
      reasons.push(identityText('specialist-needs-subject'));
      continue;
    }
    return { allowed: true, via };
  }
  return { allowed: false, reason: reasons[0] ?? identityText('no-granting-role') };
}

export interface GrantedAssignment extends RoleAssignment {
  accountId: string;
  /** The grantor's assignment this one was granted through; absent for seeded roots. */
  grantedVia?: string;
}

/**
 * What revoking `root` takes with it: every assignment granted through it, transitively,
 * breadth first. `grantedThrough(id)` lists assignments whose grantedVia is id.
 */
export async function revocationCascade(
  root: string,
  grantedThrough: (assignmentId: string) => Promise<GrantedAssignment[]>,
  limit = 5_000,
): Promise<GrantedAssignment[]> {
  const found: GrantedAssignment[] = [];
  const seen = new Set([root]);
  const queue = [root];
  while (queue.length > 0) {
    const next = queue.shift()!;
    for (const child of await grantedThrough(next)) {
      if (seen.has(child.assignmentId)) continue;
      seen.add(child.assignmentId);
      found.push(child);
      queue.push(child.assignmentId);
      if (found.length > limit) throw new Error(`More than ${limit} assignments hang from ${root}`);
    }
  }
  return found;
}
