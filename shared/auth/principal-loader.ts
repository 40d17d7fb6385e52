/**
 * Builds the principal of a request from the token's subject: the account and its role
 * assignments come from the platform's table (one Query), never from the identity provider.
 * A short per-container cache keeps hot paths (autosave during an exam) off DynamoDB; a revoked
 * role stops working within PRINCIPAL_TTL_MS.
 */
import type { OrgTarget, Principal } from './can.ts';
import { type AuthEntities, authEntities } from './store.ts';

export const PRINCIPAL_TTL_MS = 30_000;
const MAX_ENTRIES = 5_000;

export interface LoadedPrincipal extends Principal {
  status: 'invited' | 'active' | 'disabled' | 'unknown';
  homeOrgUnitId?: string;
  email?: string;
}

export function makePrincipalLoader(entities: () => AuthEntities = authEntities, now = Date.now) {
  const cache = new Map<string, { at: number; value: LoadedPrincipal }>();

  return async function loadPrincipal(sub: string): Promise<LoadedPrincipal> {
    const hit = cache.get(sub);
    if (hit && now() - hit.at < PRINCIPAL_TTL_MS) return hit.value;

    const { data } = await entities().service.collections.principal({ accountId: sub }).go({ pages: 'all' });
    const account = data.account[0];
    const value: LoadedPrincipal = {
      sub,
      displayName: account?.fullName,
      status: account?.status ?? 'unknown',
      homeOrgUnitId: account?.homeOrgUnitId,
      email: account?.email,
      // A disabled account keeps its rows for the audit trail but acts with no role.
      assignments:
        account?.status === 'disabled'
          ? []
          : data.roleAssignment.map((a) => ({
              assignmentId: a.assignmentId,
              role: a.role,
              scopeOrgUnitId: a.scopeOrgUnitId,
              ...(a.subject ? { subject: a.subject } : {}),
              ...(a.groupId ? { groupId: a.groupId } : {}),
            })),
    };
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(sub, { at: now(), value });
    return value;
  };
}

/** Lineage of an org unit (root first), cached: the tree changes rarely and moves are audited. */
export function makeOrgTree(entities: () => AuthEntities = authEntities, now = Date.now) {
  const cache = new Map<string, { at: number; value: OrgTarget | undefined }>();
  return async function resolveOrgUnit(orgUnitId: string): Promise<OrgTarget | undefined> {
    const hit = cache.get(orgUnitId);
    if (hit && now() - hit.at < PRINCIPAL_TTL_MS) return hit.value;
    const { data } = await entities().orgUnit.get({ orgUnitId }).go();
    const value = data ? { orgUnitId, lineage: data.lineage, kind: data.kind } : undefined;
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(orgUnitId, { at: now(), value });
    return value;
  };
}
