import { can, type ItemFacts, type OrgTarget } from '#shared/auth/can.ts';
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { PERMISSIONS, ROLE_LABELS } from '#shared/auth/permissions.ts';
import { type LoadedPrincipal, makePrincipalLoader } from '#shared/auth/principal-loader.ts';
import {
  type AccountKeyType,
  accountNames,
  type DirectorySchool,
  schoolDirectory,
} from '#shared/auth/store.ts';
import { hasAccount, makeApi, reply } from '#shared/http/api.ts';
import { fieldError, HttpProblem, notFound } from '#shared/http/problem.ts';
import { recentJobsOf } from '#shared/jobs/recent.ts';
import { linkablePeople } from '../edu-data/index.ts';
import { makeAuditExports } from './audit-exports.ts';
import { makeCitizenSignIn } from './citizens.ts';
import { identityText } from './domain/texts.ts';
import { makeHandovers } from './handovers.ts';
import { type Actor, makeLinks } from './links.ts';
import { identityManifest } from './manifest.ts';
import { makeOrgUnitImports } from './org-unit-imports.ts';
import { makeOrgUnitAdministration } from './org-units.ts';
import { makePersonalDataExports } from './personal-data.ts';
import { makeRoleAdministration } from './roles.ts';
import { makeIdentityStore } from './store.ts';

const store = makeIdentityStore();
const roles = makeRoleAdministration(store);
const orgUnits = makeOrgUnitAdministration(store);
const handovers = makeHandovers(store);
const auditExports = makeAuditExports(store);
const orgUnitImports = makeOrgUnitImports();
const links = makeLinks();
const personalData = makePersonalDataExports();
const citizens = makeCitizenSignIn(store, links);
const loadPrincipal = makePrincipalLoader();

type Account = NonNullable<Awaited<ReturnType<typeof store.getAccount>>>;

/** The account when the caller may read it; nothing otherwise, whether it exists or not. */
async function readable(
  found: Promise<Account | undefined>,
  authorize: (permission: 'account.read', orgUnitId: string) => Promise<unknown>,
): Promise<Account | undefined> {
  const account = await found;
  if (!account) return undefined;
  return authorize('account.read', account.homeOrgUnitId).then(
    () => account,
    (error: unknown) => {
      // Refused (403) or its unit unknown (404): not readable. Our own failures stay failures.
      if (error instanceof HttpProblem && error.status < 500) return undefined;
      throw error;
    },
  );
}

/**
 * Which accounts hold the taken values, said only of accounts the caller may read; anyone else
 * learns that a value is in use (the constraint is city-wide), not by whom.
 */
async function holdersOf(
  taken: ('accountId' | AccountKeyType)[],
  values: { accountId: string } & Partial<Record<AccountKeyType, string>>,
  authorize: (permission: 'account.read', orgUnitId: string) => Promise<unknown>,
) {
  const holders = await Promise.all(
    taken.map(async (field) => {
      const holder = await readable(
        field === 'accountId'
          ? store.getAccount(values.accountId)
          : store.findAccountBy(field, values[field]!),
        authorize,
      );
      return (
        holder && {
          field,
          accountId: holder.accountId,
          fullName: holder.fullName,
          homeOrgUnitId: holder.homeOrgUnitId,
        }
      );
    }),
  );
  return holders.filter((h) => h !== undefined);
}

/** The city's schools, walked from the tree at most every 5 minutes per container. */
const DIRECTORY_TTL_MS = 5 * 60_000;
let cachedDirectory: { at: number; schools: Promise<DirectorySchool[]> } | undefined;
function directory() {
  if (!cachedDirectory || Date.now() - cachedDirectory.at > DIRECTORY_TTL_MS) {
    const schools = schoolDirectory(DEPARTMENT_ORG_UNIT_ID()).then((list) =>
      list.sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    );
    // A failed walk is not kept: the next request walks again.
    schools.catch(() => {
      cachedDirectory = undefined;
    });
    cachedDirectory = { at: Date.now(), schools };
  }
  return cachedDirectory.schools;
}

export const handler = makeApi(identityManifest, {
  async getMe({ principal: signedIn, signIn, correlationId }) {
    let principal = signedIn;
    // A national-identity sign-in without an account: bind or make one, then read it back.
    if (signIn && !hasAccount(principal) && (await citizens.firstSignIn(signIn, correlationId)) !== 'none')
      principal = { ...principal, ...(await loadPrincipal(signIn.principalKey)) };
    // An invited account becomes active the first time its owner signs in.
    if (principal.status === 'invited') await store.activate(principal.sub, correlationId);
    const home = principal.homeOrgUnitId;
    const names = await store.orgUnitNames([
      ...principal.assignments.map((a) => a.scopeOrgUnitId),
      ...(home ? [home] : []),
    ]);
    return {
      sub: principal.sub,
      fullName: principal.displayName,
      email: principal.email,
      status: principal.status === 'invited' ? 'active' : principal.status,
      homeOrgUnitId: home,
      ...(home && names.has(home) ? { homeName: names.get(home) } : {}),
      roles: principal.assignments.map((a) => ({
        ...a,
        roleLabel: ROLE_LABELS[a.role],
        scopeName: names.get(a.scopeOrgUnitId),
      })),
      permissions: PERMISSIONS.filter((p) => can(principal, p)),
    };
  },

  async listMyLinks({ principal }) {
    return { items: await links.mine(principal.sub) };
  },

  async linkMe({ body, principal, correlationId }) {
    return reply(201, await links.link(actorOf(principal, correlationId), body));
  },

  async unlinkMe({ params, principal, correlationId }) {
    await links.unlinkMine(actorOf(principal, correlationId), params.recordId);
    return reply(204);
  },

  async requestPersonalDataExport({ principal, correlationId }) {
    return reply(202, await personalData.request(principal, correlationId));
  },

  async getPersonalDataExport({ params, principal }) {
    return personalData.read(params.exportId, principal.sub);
  },

  async listPersonLinks({ params, authorize }) {
    await personOfSchool(params.recordId, 'edudata.read', authorize);
    return { items: await links.ofPerson(params.recordId) };
  },

  async unlinkPerson({ params, principal, correlationId, authorize }) {
    await personOfSchool(params.recordId, 'edudata.write', authorize);
    await links.unlinkBySchool(actorOf(principal, correlationId), params.recordId, params.accountId);
    return reply(204);
  },

  async issueLinkCode({ params, principal, correlationId, authorize }) {
    const person = await personOfSchool(params.recordId, 'edudata.write', authorize);
    return reply(201, await links.issueCode(actorOf(principal, correlationId), person));
  },

  async getSchoolDirectory() {
    return reply(200, { schools: await directory() }, { 'cache-control': 'public, max-age=300' });
  },

  async getOrgUnit({ params, authorize }) {
    await authorize('orgunit.read', params.orgUnitId);
    const unit = await store.getOrgUnit(params.orgUnitId);
    if (!unit) throw notFound();
    if (unit.parentId === unit.orgUnitId) return unit;
    const parentName = (await store.orgUnitNames([unit.parentId])).get(unit.parentId);
    return parentName ? { ...unit, parentName } : unit;
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
    const taken = await store.createAccount(account, {
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
    if (taken.length > 0) {
      const heldBy = await holdersOf(taken, body, authorize);
      throw new HttpProblem({
        status: 409,
        title: 'Conflict',
        slug: 'conflict',
        detail: identityText('values-taken'),
        errors: taken.map((field) => fieldError('body', field, identityText('used-by-another-account'))),
        extensions: heldBy.length > 0 ? { heldBy } : {},
      });
    }
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
    const items = await store.listAssignments(params.accountId);
    // Said by name: the unit each role covers and who granted it.
    const [units, people] = await Promise.all([
      store.orgUnitNames(items.map((a) => a.scopeOrgUnitId)),
      accountNames(items.map((a) => a.grantedBy)),
    ]);
    return {
      items: items.map((a) => ({
        ...a,
        scopeName: units.get(a.scopeOrgUnitId) ?? a.scopeOrgUnitId,
        grantedByName: people.get(a.grantedBy) ?? a.grantedBy,
      })),
    };
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

  async requestOrgUnitImport({ params, principal, correlationId, authorize }) {
    const target = await authorize('orgunit.manage', params.orgUnitId);
    return reply(201, await orgUnitImports.request(principal, correlationId, target));
  },

  async listMyOrgUnitImports({ query, principal }) {
    return { items: await recentJobsOf(orgUnitImports, principal, 'orgunit.manage', query.days) };
  },

  async getOrgUnitImport({ params, authorize }) {
    return orgUnitImports.read(params.importId, (orgUnitId) => authorize('orgunit.read', orgUnitId));
  },

  async requestAuditExport({ params, body, principal, authorize }) {
    const target = await authorize('audit.read', params.orgUnitId);
    return reply(202, await auditExports.request(principal, target, body));
  },

  async getAuditExport({ params, authorize }) {
    return auditExports.read(params.exportId, (orgUnitId) => authorize('audit.read', orgUnitId));
  },

  async findAccount({ body, authorize }) {
    const [type, value] = Object.entries(body).find(([, v]) => v !== undefined) as [AccountKeyType, string];
    // Outside the caller's scope an account is as absent as one that does not exist: the same
    // status and the same problem, so the lookup is no oracle of who has an account.
    const account = await readable(store.findAccountBy(type, value), authorize);
    if (!account) throw notFound(identityText('no-account-match'));
    const { accountId, fullName, email, phone, status, homeOrgUnitId } = account;
    return { accountId, fullName, email, phone, status, homeOrgUnitId };
  },

  async createOrgUnit({ params, body, principal, correlationId, authorize }) {
    const actor = {
      principal,
      requestId: correlationId,
      authorize: (id: string) => authorize('orgunit.manage', id),
    };
    return reply(201, await orgUnits.create(actor, params.orgUnitId, body));
  },

  async importOrgUnits({ params, body, principal, correlationId, authorize }) {
    const actor = {
      principal,
      requestId: correlationId,
      authorize: (id: string) => authorize('orgunit.manage', id),
    };
    return orgUnits.import(actor, params.orgUnitId, body.units);
  },

  async moveOrgUnit({ params, body, principal, correlationId, authorize }) {
    const actor = {
      principal,
      requestId: correlationId,
      authorize: (id: string) => authorize('orgunit.manage', id),
    };
    return orgUnits.move(actor, params.orgUnitId, body);
  },

  async listOrgUnitHistory({ params, authorize }) {
    await authorize('orgunit.read', params.orgUnitId);
    const moves = await store.moveHistory(params.orgUnitId);
    // Said by name: where the unit was, where it went, who moved it.
    const [units, people] = await Promise.all([
      store.orgUnitNames(moves.flatMap((m) => [m.fromParentId, m.toParentId])),
      accountNames(moves.map((m) => m.movedBy)),
    ]);
    return {
      items: moves.map((m) => ({
        ...m,
        fromParentName: units.get(m.fromParentId) ?? m.fromParentId,
        toParentName: units.get(m.toParentId) ?? m.toParentId,
        movedByName: people.get(m.movedBy) ?? m.movedBy,
      })),
    };
  },

  async recordHandover({ params, body, principal, correlationId, authorize }) {
    const target = await authorize('account.manage', params.orgUnitId);
    return reply(201, await handovers.record({ principal, requestId: correlationId }, target, body));
  },

  async getHandover({ params, authorize }) {
    return handovers.get(params.handoverId, (orgUnitId) => authorize('account.read', orgUnitId));
  },
});

const actorOf = (principal: LoadedPrincipal, requestId: string): Actor => ({
  sub: principal.sub,
  requestId,
  ...(principal.personalId ? { personalId: principal.personalId } : {}),
});

/** A learner or staff member of a school the caller may act for; otherwise as if none existed. */
async function personOfSchool(
  recordId: string,
  permission: 'edudata.read' | 'edudata.write',
  authorize: (
    permission: 'edudata.read' | 'edudata.write',
    orgUnitId: string,
    item: ItemFacts,
  ) => Promise<OrgTarget>,
) {
  const person = (await linkablePeople([recordId])).get(recordId);
  if (!person) throw notFound();
  // As an item: outside the caller's scope it answers 404, as a record that does not exist.
  await authorize(permission, person.schoolId, {});
  return person;
}
