/** Use cases of delegated administration: grant, list and revoke roles, read the audit trail. */
import { randomUUID } from 'node:crypto';
import type { OrgTarget } from '#shared/auth/can.ts';
import type { LoadedPrincipal } from '#shared/auth/principal-loader.ts';
import { accountNames } from '#shared/auth/store.ts';
import { badRequest, conflict, fieldError, forbidden, notFound } from '#shared/http/problem.ts';
import { bothLanguages } from '#shared/text/texts.ts';
import { decideGrant, type GrantRequest, revocationCascade } from './domain/delegation.ts';
import { identityText } from './domain/texts.ts';
import type { IdentityStore } from './store.ts';
import { assignmentRef } from './store.ts';

/** A transaction holds 100 items; a revocation writes two per assignment. */
export const MAX_REVOCATION = 50;

interface Actor {
  principal: LoadedPrincipal;
  requestId: string;
}

export function makeRoleAdministration(store: IdentityStore) {
  async function unitOf(orgUnitId: string) {
    const unit = await store.getOrgUnit(orgUnitId);
    if (!unit) throw notFound(identityText('no-unit', { id: orgUnitId }));
    return unit;
  }

  async function decide(principal: LoadedPrincipal, request: GrantRequest) {
    const decision = decideGrant(principal, request);
    if (!decision.allowed)
      throw forbidden(identityText('may-not-grant', { reason: bothLanguages(decision.reason) }));
    return decision.via;
  }

  return {
    async grant(
      { principal, requestId }: Actor,
      target: OrgTarget,
      body: { accountId: string; role: GrantRequest['role']; subject?: string },
    ) {
      const unit = await unitOf(target.orgUnitId);
      const via = await decide(principal, {
        role: body.role,
        target: { ...target, kind: unit.kind },
        subject: body.subject,
      });
      const account = await store.getAccount(body.accountId);
      if (!account) throw notFound(identityText('no-account', { id: body.accountId }));
      if (account.status === 'disabled') throw conflict(identityText('account-disabled'));
      const existing = await store.listAssignments(body.accountId);
      if (
        existing.some(
          (a) => a.role === body.role && a.scopeOrgUnitId === target.orgUnitId && a.subject === body.subject,
        )
      ) {
        throw conflict(identityText('role-held'));
      }
      const assignment = {
        accountId: body.accountId,
        assignmentId: randomUUID(),
        role: body.role,
        scopeOrgUnitId: target.orgUnitId,
        ...(body.subject ? { subject: body.subject } : {}),
        ...(unit.kind === 'subject-group' ? { groupId: unit.orgUnitId } : {}),
        grantedBy: principal.sub,
        grantedAt: new Date().toISOString(),
        grantedVia: assignmentRef({ accountId: principal.sub, assignmentId: via.assignmentId }),
      };
      await store.grant(assignment, {
        actorId: principal.sub,
        action: 'role.grant',
        targetType: 'account',
        targetId: body.accountId,
        orgUnit: target,
        requestId,
        changes: { after: assignment },
      });
      return assignment;
    },

    async revoke({ principal, requestId }: Actor, accountId: string, assignmentId: string, dryRun: boolean) {
      const assignment = (await store.listAssignments(accountId)).find(
        (a) => a.assignmentId === assignmentId,
      );
      if (!assignment) throw notFound(identityText('no-assignment'));
      const unit = await unitOf(assignment.scopeOrgUnitId);
      // Whoever could grant the role may take it back.
      await decide(principal, {
        role: assignment.role,
        target: { ...unit, kind: unit.kind },
        subject: assignment.subject,
      });
      const cascade = await revocationCascade(assignmentRef(assignment), store.grantedThrough);
      const revoked = [assignment, ...cascade];
      if (dryRun) {
        // The preview names who loses which role where: the person deciding reads names.
        const [people, units] = await Promise.all([
          accountNames(revoked.map((a) => a.accountId)),
          store.orgUnitNames(revoked.map((a) => a.scopeOrgUnitId)),
        ]);
        return {
          dryRun,
          revoked: revoked.map((a) => ({
            ...a,
            accountName: people.get(a.accountId) ?? a.accountId,
            scopeName: units.get(a.scopeOrgUnitId) ?? a.scopeOrgUnitId,
          })),
        };
      }
      if (revoked.length > MAX_REVOCATION) {
        throw conflict(identityText('revocation-too-large', { count: revoked.length, max: MAX_REVOCATION }));
      }
      const lineages = new Map<string, readonly string[]>();
      for (const a of revoked) {
        if (!lineages.has(a.scopeOrgUnitId))
          lineages.set(a.scopeOrgUnitId, (await unitOf(a.scopeOrgUnitId)).lineage);
      }
      await store.revoke(
        revoked.map((a) => ({
          assignment: a,
          audit: {
            actorId: principal.sub,
            action: a === assignment ? 'role.revoke' : 'role.revoke.cascade',
            targetType: 'account',
            targetId: a.accountId,
            orgUnit: { orgUnitId: a.scopeOrgUnitId, lineage: lineages.get(a.scopeOrgUnitId)! },
            requestId,
            changes: { before: a },
          },
        })),
      );
      return { dryRun, revoked };
    },

    /** A page of the scope's audit trail, each entry with its actor's name (never only an id). */
    async audit(target: OrgTarget, limit: number, cursor?: string) {
      const page = await store.listAudit(auditScopeOf(await unitOf(target.orgUnitId)), limit, cursor);
      const names = await accountNames(page.items.map((e) => e.actorId));
      return {
        ...page,
        items: page.items.map((e) => (names.has(e.actorId) ? { ...e, actorName: names.get(e.actorId) } : e)),
      };
    },
  };
}

/** The audit trail is kept for the whole city (at the department) and per commune-level unit. */
export function auditScopeOf(unit: { orgUnitId: string; kind: string }): {
  kind: 'city' | 'commune';
  orgUnitId: string;
} {
  if (unit.kind === 'department') return { kind: 'city', orgUnitId: unit.orgUnitId };
  if (['office', 'ward', 'commune', 'special-zone'].includes(unit.kind)) {
    return { kind: 'commune', orgUnitId: unit.orgUnitId };
  }
  throw badRequest(identityText('audit-scope'), [
    fieldError('path', 'orgUnitId', identityText('audit-scope-unit')),
  ]);
}
