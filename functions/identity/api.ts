import { can } from '#shared/auth/can.ts';
import { PERMISSIONS, ROLE_LABELS } from '#shared/auth/permissions.ts';
import { makeApi } from '#shared/http/api.ts';
import { notFound } from '#shared/http/problem.ts';
import { identityManifest } from './manifest.ts';
import { makeIdentityStore } from './store.ts';

const store = makeIdentityStore();

export const handler = makeApi(identityManifest, {
  async getMe({ principal }) {
    const names = await store.orgUnitNames([...new Set(principal.assignments.map((a) => a.scopeOrgUnitId))]);
    return {
      sub: principal.sub,
      fullName: principal.displayName,
      email: principal.email,
      status: principal.status,
      homeOrgUnitId: principal.homeOrgUnitId,
      roles: principal.assignments.map((a) => ({
        ...a,
        roleLabel: ROLE_LABELS[a.role],
        scopeName: names.get(a.scopeOrgUnitId),
      })),
      permissions: PERMISSIONS.filter((p) => can(principal, p)),
    };
  },

  async getOrgUnit({ params, authorize }) {
    await authorize('orgunit.read', params.orgUnitId);
    const unit = await store.getOrgUnit(params.orgUnitId);
    if (!unit) throw notFound();
    return unit;
  },

  async listOrgUnitChildren({ params, query, authorize }) {
    await authorize('orgunit.read', params.orgUnitId);
    return store.listChildren(params.orgUnitId, query.limit, query.cursor);
  },

  async listOrgUnitAccounts({ params, query, authorize }) {
    await authorize('account.read', params.orgUnitId);
    return store.listAccounts(params.orgUnitId, query.limit, query.cursor);
  },
});
