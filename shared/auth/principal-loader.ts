/**
 * Builds the principal of a request from the token's subject: the account and its role
 * assignments come from the platform's table (one Query), never from the identity provider.
 * A short per-container cache keeps hot paths (autosave during an exam) off DynamoDB; a revoked
 * role stops working within PRINCIPAL_TTL_MS.
 */
import type { OrgTarget, Principal } from './can.ts';
import type { LinkRelation } from './permissions.ts';
import { type SignInKind, VNEID_SUBJECT_PREFIX } from './sign-in.ts';
import { type AuthEntities, authEntities } from './store.ts';

export const PRINCIPAL_TTL_MS = 30_000;
const MAX_ENTRIES = 5_000;

export interface LoadedPrincipal extends Principal {
  status: 'invited' | 'active' | 'disabled' | 'unknown';
  homeOrgUnitId?: string;
  email?: string;
  /** The account's personal ID, as the identity provider or an administrator verified it. */
  personalId?: string;
  /** The people of the education database this account is linked to (a learner, their children). */
  links: readonly PersonLink[];
  /** How this request's token was issued: the staff SSO or VNeID (set per request, not cached). */
  signIn?: SignInKind;
  /** VNeID's identity level from this request's token (level 2 is required for applications). */
  identityLevel?: 1 | 2;
}

export interface PersonLink {
  recordId: string;
  relation: LinkRelation;
}

export function makePrincipalLoader(entities: () => AuthEntities = authEntities, now = Date.now) {
  const cache = new Map<string, { at: number; value: LoadedPrincipal }>();

  /**
   * `sub` is the principal key (shared/auth/sign-in.ts): a staff subject as is, a VNeID subject as
   * `vneid:<sub>`, so the two never share a cache entry or an account.
   */
  return async function loadPrincipal(sub: string): Promise<LoadedPrincipal> {
    const hit = cache.get(sub);
    if (hit && now() - hit.at < PRINCIPAL_TTL_MS) return hit.value;

    let accountId = sub;
    let { data } = await entities().service.collections.principal({ accountId }).go({ pages: 'all' });
    // A national-identity subject bound to an account made before (a parent's, a teacher's): the
    // principal is that account (functions/identity/citizens.ts binds it at the first sign-in).
    if (!data.account[0] && sub.startsWith(VNEID_SUBJECT_PREFIX)) {
      const { data: bound } = await entities().accountKey.get({ keyType: 'vneid', value: sub }).go();
      if (bound) {
        accountId = bound.accountId;
        ({ data } = await entities().service.collections.principal({ accountId }).go({ pages: 'all' }));
      }
    }
    const account = data.account[0];
    const value: LoadedPrincipal = {
      sub: accountId,
      displayName: account?.fullName,
      status: account?.status ?? 'unknown',
      hasAccount: account !== undefined && account.status !== 'disabled',
      homeOrgUnitId: account?.homeOrgUnitId,
      email: account?.email,
      ...(account?.personalId ? { personalId: account.personalId } : {}),
      links:
        !account || account.status === 'disabled'
          ? []
          : data.personLink.map((l) => ({ recordId: l.recordId, relation: l.relation })),
      // A disabled account keeps its rows for the audit trail but acts with no role; a token
      // whose subject has no account is not a user of the city, whatever rows carry its subject.
      assignments:
        !account || account.status === 'disabled'
          ? []
          : data.roleAssignment.map((a) => ({
              assignmentId: a.assignmentId,
              role: a.role,
              scopeOrgUnitId: a.scopeOrgUnitId,
              ...(a.subject ? { subject: a.subject } : {}),
              ...(a.groupId ? { groupId: a.groupId } : {}),
            })),
    };
    // A token without an account is not cached: its first sign-in may create or bind one now.
    if (!account) return value;
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(sub, { at: now(), value });
    return value;
  };
}

/**
 * Lineage of org units (root first), read from the org tree and cached per container for a short
 * while: the tree changes rarely and moves are audited. Every authorization decision takes its
 * target's lineage from here, never from a copy kept on an item.
 */
export function makeOrgTree(entities: () => AuthEntities = authEntities, now = Date.now) {
  const cache = new Map<string, { at: number; value: OrgTarget | undefined }>();
  const fresh = (orgUnitId: string) => {
    const hit = cache.get(orgUnitId);
    return hit && now() - hit.at < PRINCIPAL_TTL_MS ? hit : undefined;
  };
  const remember = (orgUnitId: string, value: OrgTarget | undefined) => {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(orgUnitId, { at: now(), value });
  };
  const targetOf = (u: { orgUnitId: string; lineage: string[]; kind: string }): OrgTarget => ({
    orgUnitId: u.orgUnitId,
    lineage: u.lineage,
    kind: u.kind,
  });

  async function resolveOrgUnit(orgUnitId: string): Promise<OrgTarget | undefined> {
    const hit = fresh(orgUnitId);
    if (hit) return hit.value;
    const { data } = await entities().orgUnit.get({ orgUnitId }).go();
    const value = data ? targetOf(data) : undefined;
    remember(orgUnitId, value);
    return value;
  }

  /** Many units at once (a list's items): one BatchGet per hundred units not in the cache. */
  resolveOrgUnit.many = async (orgUnitIds: Iterable<string>): Promise<Map<string, OrgTarget>> => {
    const found = new Map<string, OrgTarget>();
    const missing: string[] = [];
    for (const id of new Set(orgUnitIds)) {
      const hit = fresh(id);
      if (!hit) missing.push(id);
      else if (hit.value) found.set(id, hit.value);
    }
    for (let i = 0; i < missing.length; i += 100) {
      const batch = missing.slice(i, i + 100);
      const { data } = await entities()
        .orgUnit.get(batch.map((orgUnitId) => ({ orgUnitId })))
        .go({ attributes: ['orgUnitId', 'lineage', 'kind'] });
      for (const u of data) found.set(u.orgUnitId, targetOf(u));
      for (const id of batch) remember(id, found.get(id));
    }
    return found;
  };
  /** The container that changed the tree (a move) forgets what it read before, at once. */
  resolveOrgUnit.forget = (orgUnitIds: Iterable<string>) => {
    for (const id of orgUnitIds) cache.delete(id);
  };
  return resolveOrgUnit;
}

export type OrgTree = ReturnType<typeof makeOrgTree>;

let sharedTree: OrgTree | undefined;
/** The container's org tree: the request pipeline and the services that check items share it. */
export const orgTree = (): OrgTree => {
  sharedTree ??= makeOrgTree();
  return sharedTree;
};
