/**
 * Demo accounts linked to people of the education database (issue 18): every learner of Trần
 * Phú's class 12A1 has an account linked to themself (`hocsinh.12a1.NN`), and their father one
 * linked to them (`phuhuynh.12a1.NN`) — apart from the exam demo's `hs.12a1.NN` roll, whose
 * people are not in the education database;
 * parent1 is the father recorded on two learners at two schools (12A1 and Cát Hải), so their
 * home switches between two children; teacher1 is linked to her staff record. citizen1 has no
 * child. Safe to run on every start.
 */
import type { EduEntities } from '../../functions/edu-data/entities.ts';
import { CATEGORIES } from '../../functions/notifications/domain/templates.ts';
import type { PreferenceEntities } from '../../functions/notifications/preferences.ts';
import type { AuthEntities } from '../../shared/auth/store.ts';
import { isConditionFailure } from '../../shared/db/errors.ts';
import { PARENT1_PERSONAL_ID } from './demo-data.ts';
import { TEACHER1_STAFF } from './demo-edu-data.ts';

const SEEDED_AT = '2026-09-05T00:00:00.000Z';

interface Learner {
  recordId: string;
  data: { fullName: string; personalId: string; guardians?: { fullName: string; personalId?: string }[] };
}

const fathersId = (l: Learner) => l.data.guardians?.[0]?.personalId;

export async function seedDemoLinks(auth: AuthEntities, edu: EduEntities): Promise<{ links: number }> {
  const { data: classes } = await edu.eduRecord.query
    .byOwner({ ownerId: 'THPT-TRANPHU', kind: 'class' })
    .go({ pages: 'all', attributes: ['recordId', 'data'] });
  const class12A1 = classes.find((c) => (c.data as { code?: string }).code === '12A1');
  const of12A1 = class12A1
    ? ((
        await edu.eduRecord.query
          .byClass({ classKey: class12A1.recordId })
          .go({ pages: 'all', attributes: ['recordId', 'data'] })
      ).data as Learner[])
    : [];
  const { data: cathai } = await edu.eduRecord.query
    .byOwner({ ownerId: 'TH-CATHAI', kind: 'student' })
    .go({ pages: 'all', attributes: ['recordId', 'data'] });

  const accounts: { accountId: string; fullName: string; personalId: string; role: 'student' | 'parent' }[] =
    [];
  const links: { accountId: string; recordId: string; relation: 'self' | 'guardian' | 'staff' }[] = [];
  // teacher1 is linked to her staff record: the grade book knows her as 12A1's Toán teacher.
  const { data: teacher1Staff } = await edu.recordKey
    .get({ naturalKey: `staff:THPT-TRANPHU:${TEACHER1_STAFF.staffCode}` })
    .go();
  if (teacher1Staff)
    links.push({ accountId: 'teacher1', recordId: teacher1Staff.recordId, relation: 'staff' });
  for (const [i, learner] of of12A1.entries()) {
    const n = String(i + 1).padStart(2, '0');
    accounts.push({
      accountId: `hocsinh.12a1.${n}`,
      fullName: learner.data.fullName,
      personalId: learner.data.personalId,
      role: 'student',
    });
    links.push({ accountId: `hocsinh.12a1.${n}`, recordId: learner.recordId, relation: 'self' });
    const father = learner.data.guardians?.[0];
    if (!father?.personalId) continue;
    if (father.personalId === PARENT1_PERSONAL_ID) {
      links.push({ accountId: 'parent1', recordId: learner.recordId, relation: 'guardian' });
      continue;
    }
    accounts.push({
      accountId: `phuhuynh.12a1.${n}`,
      fullName: father.fullName,
      personalId: father.personalId,
      role: 'parent',
    });
    links.push({ accountId: `phuhuynh.12a1.${n}`, recordId: learner.recordId, relation: 'guardian' });
  }
  for (const learner of cathai as Learner[])
    if (fathersId(learner) === PARENT1_PERSONAL_ID)
      links.push({ accountId: 'parent1', recordId: learner.recordId, relation: 'guardian' });

  if (accounts.length) {
    await auth.account
      .put(
        accounts.map((a) => ({
          accountId: a.accountId,
          fullName: a.fullName,
          personalId: a.personalId,
          status: 'active' as const,
          homeOrgUnitId: 'THPT-TRANPHU',
          createdAt: SEEDED_AT,
          updatedAt: SEEDED_AT,
        })),
      )
      .go();
    await auth.accountKey
      .put(
        accounts.map((a) => ({
          keyType: 'personalId' as const,
          value: a.personalId,
          accountId: a.accountId,
        })),
      )
      .go();
    await auth.roleAssignment
      .put(
        accounts.map((a) => ({
          accountId: a.accountId,
          assignmentId: 'demo-link',
          role: a.role,
          scopeOrgUnitId: 'THPT-TRANPHU',
          grantedBy: 'system:seed',
          grantedAt: SEEDED_AT,
        })),
      )
      .go();
  }
  if (links.length)
    await auth.personLink
      .put(
        links.map((l) => ({
          ...l,
          via: l.relation === 'guardian' ? ('guardian-record' as const) : ('personal-id' as const),
          linkedAt: SEEDED_AT,
          linkedBy: 'system:seed',
        })),
      )
      .go();
  return { links: links.length };
}

/** parent1's e-mail: library reminders reach it in the local SES mailbox as well as the inbox. */
export const PARENT1_EMAIL = 'trinh.van.nam@example.vn';

/**
 * parent1 chose e-mail for the library (consent given when seeded); everyone else keeps the
 * defaults (the inbox alone). Written once: a person's later choices are not overwritten.
 */
export async function seedDemoPreferences(entities: PreferenceEntities): Promise<void> {
  const now = new Date().toISOString();
  const categories = Object.fromEntries(
    CATEGORIES.map((c) => [c, { channels: c === 'library' ? ['app', 'email'] : ['app'], digest: false }]),
  );
  await entities.notificationPreferences
    .create({
      accountId: 'parent1',
      language: 'vi',
      categories,
      email: PARENT1_EMAIL,
      consents: { email: { givenAt: now } },
      updatedAt: now,
    })
    .go()
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}
