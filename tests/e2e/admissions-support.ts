/**
 * What the admissions browser stories share: the demo father (VNeID level 2), his sign-in, the
 * phone menu, a grade-10 campaign's rules, and a grade-9 daughter approved in the education
 * database and known to the population database's stand-in.
 */
import { expect, type Page } from '@playwright/test';
import { DEMO_CITIZENS } from '../../infra/local/demo-citizens.ts';
import { PORTAL_URL } from './playwright.config.ts';
import { apiAs, mainNav } from './support.ts';

export const father = DEMO_CITIZENS.find((c) => c.identityLevel === 2 && c.note.startsWith('Phụ huynh'))!;

export const grade10Rules = (priorityGroups: { code: string; name: string; points: number }[] = []) => ({
  subjects: [
    { code: 'MATH', name: 'Toán' },
    { code: 'LIT', name: 'Ngữ văn' },
    { code: 'ENG', name: 'Tiếng Anh' },
  ],
  priorityGroups,
  disqualifyAtOrBelow: 100,
  preferences: [
    { area: 'own', penalty: 0 },
    { area: 'own', penalty: 100 },
    { area: 'any', penalty: 200 },
  ],
  tieRule: 'admit-all',
  secondary: [...(priorityGroups.length ? ['priority'] : []), 'MATH', 'LIT'],
  areas: [{ code: 'KV1', name: 'Khu vực 1', communeIds: ['P-HONGBANG', 'P-NGOQUYEN', 'P-LECHAN'] }],
  specialisedWeight: 2,
});

/**
 * A grade-10 campaign opened through the API, its window from an hour ago to an hour ahead, with
 * each school's regular places in area KV1. Answers its id and the window's start (kept when a
 * story closes the window).
 */
export async function openedGrade10Campaign(
  name: string,
  schoolYear: string,
  quotas: Record<string, number>,
  priorityGroups: { code: string; name: string; points: number }[] = [],
) {
  const applyFrom = new Date(Date.now() - 3_600_000).toISOString();
  const campaign = await apiAs<{ campaignId: string; version: number }>(
    'admin',
    'POST',
    '/admission-campaigns',
    {
      schoolYear,
      grade: 10,
      name,
      timetable: { applyFrom, applyUntil: new Date(Date.now() + 3_600_000).toISOString() },
      rules: grade10Rules(priorityGroups),
    },
    201,
  );
  for (const [schoolId, quota] of Object.entries(quotas))
    await apiAs('admin', 'PUT', `/admission-campaigns/${campaign.campaignId}/programmes`, {
      schoolId,
      kind: 'regular',
      area: 'KV1',
      quota,
    });
  await apiAs('admin', 'POST', `/admission-campaigns/${campaign.campaignId}/opening`, {
    expectedVersion: campaign.version,
  });
  return { campaignId: campaign.campaignId, applyFrom };
}

/** Ngô Quyền's lower-secondary school verifies a child's application (a story's step done by another person). */
export async function verifiedBySchool(campaignId: string, childName: string) {
  const listed = await apiAs<{ items: { applicationId: string; childName: string; version: number }[] }>(
    'principal2',
    'GET',
    `/org-units/THCS-NGOQUYEN/admission-applications?campaignId=${campaignId}&state=submitted&limit=100`,
  );
  const application = listed.items.find((a) => a.childName === childName)!;
  await apiAs('principal2', 'POST', `/admission-applications/${application.applicationId}/verification`, {
    decision: 'verify',
    expectedVersion: application.version,
  });
  return application.applicationId;
}

/** On a phone the navigation opens from its menu button. */
export async function openMenu(page: Page, item: string) {
  await page.getByRole('button', { name: 'Menu' }).click();
  await mainNav(page).getByRole('link', { name: item, exact: true }).click();
}

export async function signInWithVneid(page: Page) {
  await page.goto('/');
  await page
    .getByRole('main')
    .getByRole('button', { name: 'Đăng nhập bằng tài khoản định danh điện tử (VNeID)' })
    .click();
  await page.waitForURL('**/interaction/**');
  await page.getByRole('button', { name: new RegExp(father.fullName) }).click();
  await page.waitForURL((url) => url.pathname === '/home');
}

/** The father's grade-9 daughter at Ngô Quyền's lower-secondary school: approved, and his child by the population database. */
export async function fathersGrade9Daughter(daughter: {
  personalId: string;
  fullName: string;
  dateOfBirth: string;
  gender: 'female';
}) {
  const created = await apiAs<{ recordId: string; version: number }>(
    'principal2',
    'POST',
    '/org-units/THCS-NGOQUYEN/records/student',
    { data: { ...daughter, grade: 9, guardians: [] } },
    201,
  );
  const submitted = await apiAs<{ results: { record: { version: number } }[] }>(
    'principal2',
    'POST',
    '/records/submissions',
    { records: [{ recordId: created.recordId, expectedVersion: created.version }] },
  );
  await apiAs('commune2.admin', 'POST', '/records/decisions', {
    decision: 'approve',
    records: [{ recordId: created.recordId, expectedVersion: submitted.results[0]!.record.version }],
  });
  const stood = await fetch(`${PORTAL_URL}/_local/population`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...daughter,
      residence: {
        communeId: 'P-NGOQUYEN',
        area: 'Tổ dân phố số 5',
        address: 'Số 7 Văn Cao',
        kind: 'permanent',
      },
      guardians: [{ personalId: father.personalId, relation: 'father' }],
    }),
  });
  expect(stood.status).toBe(200);
}
