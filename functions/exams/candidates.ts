/**
 * Who sits a session: accounts named one by one (chosen by name, or a pasted list), the students
 * of whole schools (their `student` role at the school) and the learners of classes of the
 * education database (each learner's own account, linked to their record as themself) — all
 * resolved to accounts when the session is made, like whole schools. Each candidate is stored with their name, school
 * and commune, so rolls and statistics by school and commune never look accounts up again.
 */
import { classOf, learnerIdsOfClass } from '#functions/edu-data/index.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { makeOrgTree } from '#shared/auth/principal-loader.ts';
import { accountsLinkedTo, authEntities } from '#shared/auth/store.ts';
import { badRequest, fieldError } from '#shared/http/problem.ts';
import type { Candidate } from './domain/seating.ts';
import { examsText } from './domain/texts.ts';

export const MAX_CANDIDATES_PER_REQUEST = 20_000;
const orgTree = makeOrgTree();

/** The first ten ids of a list, for a message that names them. */
const someOf = (ids: string[]) => `${ids.slice(0, 10).join(', ')}${ids.length > 10 ? '…' : ''}`;

async function studentsOf(schoolId: string): Promise<string[]> {
  const { data } = await authEntities()
    .roleAssignment.query.byScopeRole({ scopeOrgUnitId: schoolId, role: 'student' })
    .go({ pages: 'all', attributes: ['accountId'] });
  return data.map((a) => a.accountId);
}

async function accountsById(ids: string[]) {
  const found = new Map<string, { fullName: string; homeOrgUnitId: string }>();
  for (let i = 0; i < ids.length; i += 100) {
    const { data } = await authEntities()
      .account.get(ids.slice(i, i + 100).map((accountId) => ({ accountId })))
      .go({ attributes: ['accountId', 'fullName', 'homeOrgUnitId'] });
    for (const a of data) found.set(a.accountId, { fullName: a.fullName, homeOrgUnitId: a.homeOrgUnitId });
  }
  return found;
}

/**
 * The accounts of the learners of classes, and how many learners have no account of their own
 * (they cannot sit an online exam until they link one). A class that does not exist, or that the
 * caller may not see (`visible` says), is a bad request naming no more than "no such class".
 */
export async function classCandidates(
  classIds: readonly string[],
  visible: (schoolId: string) => Promise<boolean>,
): Promise<{ accounts: string[]; withoutAccount: number }> {
  const accounts: string[] = [];
  let withoutAccount = 0;
  for (const classId of new Set(classIds)) {
    const found = await classOf(classId);
    if (!found || !(await visible(found.schoolId)))
      throw badRequest(examsText('unknown-class'), [
        fieldError('body', 'classes', examsText('unknown-class')),
      ]);
    const learners = await learnerIdsOfClass(classId);
    const linked = await Promise.all(learners.map((recordId) => accountsLinkedTo(recordId, ['self'])));
    for (const own of linked) {
      if (own.length === 0) withoutAccount++;
      accounts.push(...own);
    }
  }
  return { accounts, withoutAccount };
}

/**
 * The candidates of the given accounts and schools, each once. An account that does not exist is
 * a bad request naming it: a roll is never silently shorter than the list it came from.
 */
export async function resolveCandidates(
  owner: OrgTarget,
  input: { accounts?: string[]; schools?: string[] },
) {
  const fromSchools = (await Promise.all((input.schools ?? []).map(studentsOf))).flat();
  const ids = [...new Set([...(input.accounts ?? []), ...fromSchools])];
  if (ids.length === 0)
    throw badRequest(examsText('no-candidates'), [
      fieldError('body', 'candidates', examsText('no-candidates-field')),
    ]);
  if (ids.length > MAX_CANDIDATES_PER_REQUEST)
    throw badRequest(examsText('too-many-candidates', { max: MAX_CANDIDATES_PER_REQUEST }), [
      fieldError('body', 'candidates', examsText('too-many')),
    ]);
  const accounts = await accountsById(ids);
  const unknown = ids.filter((id) => !accounts.has(id));
  if (unknown.length)
    throw badRequest(examsText('unknown-accounts', { ids: someOf(unknown) }), [
      fieldError('body', 'candidates', examsText('unknown-accounts-count', { count: unknown.length })),
    ]);
  // Candidates come from the organising unit's own schools: a school's exam is for its students.
  const homes = new Map<string, OrgTarget | undefined>();
  for (const home of new Set([...accounts.values()].map((a) => a.homeOrgUnitId)))
    homes.set(home, await orgTree(home));
  const outside = ids.filter(
    (id) => !homes.get(accounts.get(id)!.homeOrgUnitId)?.lineage.includes(owner.orgUnitId),
  );
  if (outside.length)
    throw badRequest(examsText('outside-unit', { unit: owner.orgUnitId, ids: someOf(outside) }), [
      fieldError('body', 'candidates', examsText('outside-unit-count', { count: outside.length })),
    ]);
  return ids.map((accountId): Candidate => {
    const a = accounts.get(accountId)!;
    const lineage = homes.get(a.homeOrgUnitId)!.lineage;
    return {
      accountId,
      fullName: a.fullName,
      schoolId: a.homeOrgUnitId,
      communeId: lineage.at(-2) ?? '-',
    };
  });
}

/** Supervisors and markers must be real accounts; a typo is a clear error, not a silent no-one. */
export async function checkAccounts(ids: string[], field: string) {
  const unique = [...new Set(ids)];
  const accounts = await accountsById(unique);
  const unknown = unique.filter((id) => !accounts.has(id));
  if (unknown.length)
    throw badRequest(examsText('unknown-accounts', { ids: someOf(unknown) }), [
      fieldError('body', field, examsText('unknown-accounts-count', { count: unknown.length })),
    ]);
}
