/**
 * The authorization rule every context uses: a principal may do `permission` on a target when one
 * of its role assignments holds a rule for the permission (the permission table, permissions.ts)
 * whose conditions the target meets:
 *
 * - reach: the assignment's unit and everything under it (default), or exactly its unit;
 * - the item's facts, when the target is an item (a record, a resource): its owner, its subject,
 *   a unit it names (a school plan's supervising authority), named facts such as a record's kind
 *   or an approval step.
 *
 * The target's lineage is read from the org tree at request time by the caller (the request
 * pipeline's `authorize`, or `makeOrgTree`), never copied from an item. Pure.
 */
import {
  ACCOUNT_BASELINE,
  AUTHENTICATED_BASELINE,
  LINK_RULES,
  type LinkRelation,
  type Permission,
  type PermissionRule,
  ROLE_RULES,
  type Role,
} from './permissions.ts';

export interface RoleAssignment {
  assignmentId: string;
  role: Role;
  /** The org unit the role applies to, and (unless the rule says otherwise) everything under it. */
  scopeOrgUnitId: string;
  /** Department specialists: the subject they cover city-wide. */
  subject?: string;
  /** Group leaders: the subject group inside their school (also their scope unit). */
  groupId?: string;
}

export interface Principal {
  /** The identity provider's subject: the account key. */
  sub: string;
  displayName?: string;
  assignments: readonly RoleAssignment[];
  /** An account of the platform that is not disabled (a token alone is not one). */
  hasAccount?: boolean;
  /** The people of the education database the account is linked to (LINK_RULES). */
  links?: readonly { recordId: string; relation: LinkRelation }[];
}

/**
 * Facts of an item that rules may look at: `owner` (the account it belongs to), `subject`, `group`, and
 * any fact a rule names in `when` (a record's kind, the approval step…).
 */
export type ItemFacts = Readonly<Record<string, string | undefined>>;

/** An org unit with its lineage from the root (department) down to itself, inclusive. */
export interface OrgTarget {
  orgUnitId: string;
  lineage: readonly string[];
  /** The unit's kind (school, commune…), when the resolver read the unit. */
  kind?: string;
  /**
   * The item in that unit the question is about. Without it the question is "may the principal
   * work in this unit at all" (a list): item conditions are then left to the per-item checks the
   * caller must make on what it returns.
   */
  item?: ItemFacts;
}

/** The rules of a role for a permission, including those held only to be handed down. */
export const rulesOf = (role: Role, permission: Permission): PermissionRule[] =>
  ROLE_RULES[role].filter((r) => r.permission === permission);

/** Whether the role holds the permission at all (delegation compares these). */
export const grants = (role: Role, permission: Permission): boolean => rulesOf(role, permission).length > 0;

function allows(
  rule: PermissionRule,
  assignment: RoleAssignment,
  principal: Principal,
  target: OrgTarget | undefined,
) {
  if (rule.delegateOnly) return false;
  if (!target) return true;
  const reached =
    rule.reach === 'unit'
      ? target.orgUnitId === assignment.scopeOrgUnitId
      : target.lineage.includes(assignment.scopeOrgUnitId);
  if (!reached) return false;
  const item = target.item;
  if (!item) return true;
  if (rule.own && item.owner !== principal.sub) return false;
  if (rule.sameSubject && (!assignment.subject || item.subject !== assignment.subject)) return false;
  if (rule.sameGroup && (!assignment.groupId || item.group !== assignment.groupId)) return false;
  if (rule.scopeIs && item[rule.scopeIs] !== assignment.scopeOrgUnitId) return false;
  if (rule.linkedStaff && !rule.linkedStaff.some((fact) => isLinkedStaff(principal, item[fact])))
    return false;
  for (const [fact, values] of Object.entries(rule.when ?? {})) {
    const value = item[fact];
    if (value === undefined || !values.includes(value)) return false;
  }
  return true;
}

/** Is this staff record of the education database linked to the principal's account? */
const isLinkedStaff = (principal: Principal, recordId: string | undefined) =>
  recordId !== undefined &&
  (principal.links ?? []).some((l) => l.relation === 'staff' && l.recordId === recordId);

/** The assignments through which the principal may exercise `permission` (on `target`, if given). */
export const assignmentsGranting = (
  principal: Principal,
  permission: Permission,
  target?: OrgTarget,
): RoleAssignment[] =>
  principal.assignments.filter((a) =>
    rulesOf(a.role, permission).some((rule) => allows(rule, a, principal, target)),
  );

export function can(principal: Principal, permission: Permission, target?: OrgTarget): boolean {
  if (target === undefined && AUTHENTICATED_BASELINE.includes(permission)) return true;
  if (target === undefined && principal.hasAccount && ACCOUNT_BASELINE.includes(permission)) return true;
  return (
    assignmentsGranting(principal, permission, target).length > 0 || linkGrants(principal, permission, target)
  );
}

/**
 * A link grants its permissions on the linked person alone: on an item whose `person` fact is
 * the linked record; without a target (the route's question), if any link grants it at all.
 */
function linkGrants(principal: Principal, permission: Permission, target?: OrgTarget): boolean {
  return (principal.links ?? []).some(
    (link) =>
      LINK_RULES[link.relation].includes(permission) &&
      (target === undefined || target.item?.person === link.recordId),
  );
}

/** Org units at which the principal holds `permission`: the roots of what it may see. */
export const scopesFor = (principal: Principal, permission: Permission): string[] => [
  ...new Set(assignmentsGranting(principal, permission).map((a) => a.scopeOrgUnitId)),
];
