/**
 * Student accounts of one school written straight into the table (the candidates of an exam
 * test): the account and its student role there, as the identity context writes them.
 */
import { authEntities } from '../../shared/auth/store.ts';

export async function putStudents(school: string, students: { accountId: string; fullName: string }[]) {
  const at = new Date().toISOString();
  await authEntities()
    .account.put(
      students.map(({ accountId, fullName }) => ({
        accountId,
        fullName,
        status: 'active' as const,
        homeOrgUnitId: school,
        createdAt: at,
        updatedAt: at,
      })),
    )
    .go();
  await authEntities()
    .roleAssignment.put(
      students.map(({ accountId }) => ({
        accountId,
        assignmentId: 'student',
        role: 'student' as const,
        scopeOrgUnitId: school,
        grantedBy: 'test',
        grantedAt: at,
      })),
    )
    .go();
}
