import { can } from '#shared/auth/can.ts';
import { PERMISSIONS, ROLE_LABELS } from '#shared/auth/permissions.ts';
import { makeApi, reply } from '#shared/http/api.ts';
import { conflict, notFound } from '#shared/http/problem.ts';
import { identityManifest } from './manifest.ts';
import { makeRoleAdministration } from './roles.ts';
import { makeIdentityStore } from './store.ts';

const store = makeIdentityStore();
const roles = makeRoleAdministration(store);

export const handler = makeApi(identityManifest, {
  async getMe({ principal, correlationId }) {
    // An invited account becomes active the first time its owner signs in.
    if (principal.status === 'invited') await store.activate(principal.sub, correlationId);
    const names = await store.orgUnitNames([...new Set(principal.assignments.map((a) => a.scopeOrgUnitId))]);
    return {
      sub: principal.sub,
      fullName: principal.displayName,
      email: principal.email,
      status: principal.status === 'invited' ? 'active' : principal.status,
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

  async createAccount({ params, body, principal, correlationId, authorize }) {
    const target = await authorize('account.manage', params.orgUnitId);
    const now = new Date().toISOString();
    const account = {
      ...body,
      status: 'invited' as const,
      homeOrgUnitId: params.orgUnitId,
      createdAt: now,
      updatedAt: now,
    };
    const created = await store.createAccount(account, {
      actorId: principal.sub,
      action: 'account.create',
      targetType: 'account',
      targetId: body.accountId,
      orgUnit: target,
      requestId: correlationId,
      // Personal data goes into the trail masked: the entry proves what changed, not the value.
      changes: {
        after: {
          ...account,
          ...(body.personalId ? { personalId: `********${body.personalId.slice(-4)}` } : {}),
        },
      },
    });
    if (!created) throw conflict(`The account id ${body.accountId} is taken.`);
    const { personalId: _personalId, createdAt: _c, updatedAt: _u, ...summary } = account;
    return reply(201, summary);
  },

  async grantRole({ params, body, principal, correlationId, authorize }) {
    const target = await authorize('role.grant', params.orgUnitId);
    return reply(201, await roles.grant({ principal, requestId: correlationId }, target, body));
  },

  async listAccountRoles({ params, authorize }) {
    const account = await store.getAccount(params.accountId);
    if (!account) throw notFound();
    await authorize('account.read', account.homeOrgUnitId);
    return { items: await store.listAssignments(params.accountId) };
  },

  async revokeRole({ params, query, principal, correlationId }) {
    return roles.revoke(
      { principal, requestId: correlationId },
      params.accountId,
      params.assignmentId,
      query.dryRun === 'true',
    );
  },

  async listAudit({ params, query, authorize }) {
    const target = await authorize('audit.read', params.orgUnitId);
    return roles.audit(target, query.limit, query.cursor);
  },
});
