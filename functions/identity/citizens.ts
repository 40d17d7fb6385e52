/**
 * The first national-identity (VNeID) sign-in (issue 18, item 2). The personal ID VNeID vouches
 * for finds the person's account if one exists (a parent the school registered, a teacher) and
 * binds the VNeID subject to it; otherwise a citizen account is made for them, and a learner of
 * 14 or more is linked to their own record of the education database. Only identity level 2
 * (checked in person, chip card) is trusted with that: at level 1 the personal ID is the person's
 * own statement, so the account is made without a verified personal ID and binds nothing — the
 * school's link code still works.
 */

import { auditEntry } from '#shared/audit/entity.ts';
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { orgTree } from '#shared/auth/principal-loader.ts';
import type { SignIn } from '#shared/auth/sign-in.ts';
import { authEntities } from '#shared/auth/store.ts';
import { HttpProblem } from '#shared/http/problem.ts';
import type { Links } from './links.ts';
import type { IdentityStore } from './store.ts';

export type FirstSignIn = 'bound' | 'created' | 'none';

export function makeCitizenSignIn(store: IdentityStore, links: Links) {
  return {
    async firstSignIn(signIn: SignIn, requestId: string): Promise<FirstSignIn> {
      if (signIn.kind !== 'vneid') return 'none';
      const verifiedId = signIn.identityLevel === 2 ? signIn.citizen?.personalId : undefined;
      const root = DEPARTMENT_ORG_UNIT_ID();
      const existing = verifiedId ? await store.findAccountBy('personalId', verifiedId) : undefined;
      if (existing && existing.status !== 'disabled') {
        const home = (await orgTree()(existing.homeOrgUnitId)) ?? { orgUnitId: root, lineage: [root] };
        await authEntities()
          .service.transaction.write(({ accountKey, auditEntry: entry }) => [
            accountKey
              .create({ keyType: 'vneid', value: signIn.principalKey, accountId: existing.accountId })
              .commit(),
            entry
              .create(
                auditEntry({
                  actorId: existing.accountId,
                  action: 'account.bind-vneid',
                  targetType: 'account',
                  targetId: existing.accountId,
                  orgUnit: home,
                  requestId,
                  changes: { identityLevel: signIn.identityLevel },
                }),
              )
              .commit(),
          ])
          .go();
        return 'bound';
      }
      const now = new Date().toISOString();
      const taken = await store.createAccount(
        {
          accountId: signIn.principalKey,
          fullName: signIn.name ?? 'Công dân',
          ...(verifiedId ? { personalId: verifiedId } : {}),
          ...(signIn.citizen?.phone ? { phone: signIn.citizen.phone } : {}),
          status: 'active',
          homeOrgUnitId: root,
          createdAt: now,
          updatedAt: now,
        },
        {
          actorId: signIn.principalKey,
          action: 'account.create-by-vneid',
          targetType: 'account',
          targetId: signIn.principalKey,
          orgUnit: { orgUnitId: root, lineage: [root] },
          requestId,
          changes: { identityLevel: signIn.identityLevel },
        },
      );
      // A phone number already on another account: made without it (it stays the other's).
      if (taken.length && !taken.includes('accountId')) {
        if (taken.includes('personalId')) return 'none';
        return this.firstSignIn({ ...signIn, citizen: { ...signIn.citizen, phone: undefined } }, requestId);
      }
      if (verifiedId)
        await links
          .link({ sub: signIn.principalKey, requestId, personalId: verifiedId }, { as: 'learner' })
          .catch((error: unknown) => {
            // Not a learner of 14 or more: nothing to link now.
            if (!(error instanceof HttpProblem) || error.status >= 500) throw error;
          });
      return 'created';
    },
  };
}
