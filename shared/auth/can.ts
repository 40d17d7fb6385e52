/**
 * The authorization rule every context uses: a principal may do `permission` on a target when one
 * of its role assignments grants the permission and is scoped to the target's org unit or one of
 * its ancestors. Pure: the lineage of the target is resolved by the caller (see org-tree.ts).
 */
import { AUTHENTICATED_BASELINE, type Permission, ROLE_PERMISSIONS, type Role } from './permissions.ts';

export interface RoleAssignment {
  assignmentId: string;
  role: Role;
  /** The org unit the role applies to, and everything under it. */
  scopeOrgUnitId: string;
  /** Department specialists: the subject they cover city-wide. */
  subject?: string;
  /** Group leaders: the subject group inside their school. */
  groupId?: string;
}

export interface Principal {
  /** The identity provider's subject: the account key. */
  sub: string;
  displayName?: string;
  assignments: readonly RoleAssignment[];
}

/** An org unit with its lineage from the root (department) down to itself, inclusive. */
export interface OrgTarget {
  orgUnitId: string;
  lineage: readonly string[];
  /** The unit's kind (school, commune…), when the resolver read the unit. */
  kind?: string;
}

export const grants = (role: Role, permission: Permission): boolean =>
  ROLE_PERMISSIONS[role].includes(permission);

/** The assignments through which the principal holds `permission`, anywhere. */
export const assignmentsGranting = (principal: Principal, permission: Permission): RoleAssignment[] =>
  principal.assignments.filter((a) => grants(a.role, permission));

export function can(principal: Principal, permission: Permission, target?: OrgTarget): boolean {
  if (target === undefined && AUTHENTICATED_BASELINE.includes(permission)) return true;
  const granting = assignmentsGranting(principal, permission);
  if (target === undefined) return granting.length > 0;
  return granting.some((a) => target.lineage.includes(a.scopeOrgUnitId));
}

/** Org units at which the principal holds `permission`: the roots of what it may see. */
export const scopesFor = (principal: Principal, permission: Permission): string[] => [
  ...new Set(assignmentsGranting(principal, permission).map((a) => a.scopeOrgUnitId)),
];
