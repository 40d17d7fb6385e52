/**
 * Direct admissions in the browser (issue 24): the Department keeps a place of Trần Phú for the
 * priority group of ethnic minorities on the programme's form, admits a verified candidate
 * directly — picked by her school and name, with the basis written down, sent only from the
 * dialog — and the allocation's explanation says so; taking it away again asks first too.
 */
import { expect, test } from '@playwright/test';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import {
  fathersGrade9Daughter,
  openedGrade10Campaign,
  signInWithVneid,
  verifiedBySchool,
} from './admissions-support.ts';
import { apiAs, expectAccessible, expectNoEnglish, screenshot, signIn, signOut } from './support.ts';

const run = Date.now() % 100_000;
const start = 3600 + (Math.floor(Date.now() / 1000) % 600);
const schoolYear = `${start}-${start + 1}`;
const campaignName = `Tuyển sinh lớp 10 năm học ${schoolYear}`;
const daughter = {
  personalId: makePersonalId('031', new Date().getFullYear() - 15, 'female', 940_000 + run),
  fullName: 'Trịnh Minh Thư',
  dateOfBirth: `${new Date().getFullYear() - 15}-02-11`,
  gender: 'female' as const,
};
const group = { code: 'UT3', name: 'Người dân tộc thiểu số', points: 100 };

// A control not found fails in seconds, not at the test's end.
test.use({ actionTimeout: 15_000 });

test('the Department reserves a group’s places and admits a verified candidate directly', async ({
  page,
}, info) => {
  test.setTimeout(240_000);
  const campaign = await openedGrade10Campaign(
    campaignName,
    schoolYear,
    { 'THPT-TRANPHU': 2, 'THPT-HONGBANG': 2 },
    [group],
  );
  const id = campaign.campaignId;
  await fathersGrade9Daughter(daughter);

  // The father applies for Hồng Bàng; her school verifies.
  await signInWithVneid(page);
  await page.goto('/me/admissions');
  const form = page.getByTestId('admission-apply');
  await form.getByLabel('Kỳ tuyển sinh').selectOption({ label: campaignName });
  await form.getByLabel('Số định danh cá nhân của con').fill(daughter.personalId);
  await form.getByLabel('Nguyện vọng 1').selectOption({ label: 'Trường THPT Hồng Bàng (Khu vực 1)' });
  await form.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page.getByTestId('my-application').filter({ hasText: daughter.fullName })).toContainText(
    'Chờ nhà trường xác nhận',
  );
  await signOut(page);
  await verifiedBySchool(id, daughter.fullName);

  await signIn(page, 'admin');
  await page.goto(`/admissions/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(campaignName);

  // A place of Trần Phú kept for the group, by its name.
  const programme = page.getByTestId('put-programme');
  await programme.getByLabel('Tìm trường theo tên').fill('thpt chuyen tran phu');
  await programme.getByRole('radio', { name: /Trường THPT chuyên Trần Phú/ }).check();
  await programme.getByRole('spinbutton', { name: 'Chỉ tiêu (bắt buộc)' }).fill('2');
  await programme.getByLabel('Dành riêng chỉ tiêu cho nhóm ưu tiên').selectOption({ label: group.name });
  await programme.getByLabel('Số chỉ tiêu dành riêng').fill('1');
  await programme.getByRole('button', { name: 'Lưu chỉ tiêu' }).click();
  await expect(page.getByTestId('programmes')).toContainText(`1 chỉ tiêu cho nhóm ${group.name}`);

  // The candidate admitted directly: picked by school and name; a missing basis is said on its field.
  const direct = page.getByTestId('direct-admissions');
  await expect(direct).toContainText('Chưa có học sinh tuyển thẳng.');
  const directForm = direct.getByTestId('direct-form');
  // Her school by name, then her by name and birth date, then the programme.
  const choose = async () => {
    await directForm.getByLabel('Tìm trường theo tên').fill('thcs ngo quyen');
    await directForm.getByRole('radio', { name: /Trường THCS Ngô Quyền/ }).check();
    await directForm.getByLabel('Học sinh').selectOption({
      label: `${daughter.fullName} (${daughter.dateOfBirth.split('-').reverse().join('/')})`,
    });
    await directForm.getByLabel('Tuyển thẳng vào').selectOption({ label: 'Trường THPT chuyên Trần Phú' });
  };
  await choose();
  // What reaches the API from this form: only what a dialog's own button sent.
  let sent = 0;
  page.on('request', (r) => {
    if (r.method() === 'PUT' && r.url().endsWith('/direct-admission')) sent++;
  });
  const dialog = page.getByRole('dialog', { name: `Tuyển thẳng học sinh ${daughter.fullName}?` });
  await directForm.getByRole('button', { name: 'Tuyển thẳng' }).click();
  await dialog.getByRole('button', { name: 'Tuyển thẳng' }).click();
  await expect(directForm.getByText('Hãy viết vài chữ')).toBeVisible();
  const basis = 'Giải Nhất học sinh giỏi quốc gia môn Toán năm 2027';
  await directForm.getByLabel('Căn cứ tuyển thẳng').fill(basis);
  // Enter in the dialog cancels: nothing is sent.
  await directForm.getByRole('button', { name: 'Tuyển thẳng' }).click();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(direct).toContainText('Chưa có học sinh tuyển thẳng.');
  expect(sent, 'only the first send, refused for its missing basis').toBe(1);
  await directForm.getByRole('button', { name: 'Tuyển thẳng' }).click();
  await dialog.getByRole('button', { name: 'Tuyển thẳng' }).click();
  const card = direct.getByTestId('direct-admission').filter({ hasText: daughter.fullName });
  await expect(card).toContainText(
    'Tuyển thẳng vào Trường THPT chuyên Trần Phú — học sinh Trường THCS Ngô Quyền',
  );
  await expect(card).toContainText(`Căn cứ: ${basis}`);
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, info, 'admission-direct');

  // Taken away again, from a dialog; then given back for the allocation to place.
  await card.getByRole('button', { name: 'Bỏ tuyển thẳng' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Bỏ tuyển thẳng' }).click();
  await expect(direct).toContainText('Chưa có học sinh tuyển thẳng.');
  await choose();
  await directForm.getByLabel('Căn cứ tuyển thẳng').fill(basis);
  await directForm.getByRole('button', { name: 'Tuyển thẳng' }).click();
  await dialog.getByRole('button', { name: 'Tuyển thẳng' }).click();
  await expect(card).toBeVisible();
  await signOut(page);

  // The window closes; the run places her directly (she listed only Hồng Bàng, and sat no paper).
  const current = await apiAs<{ version: number }>('admin', 'GET', `/admission-campaigns/${id}`);
  await apiAs('admin', 'PUT', `/admission-campaigns/${id}`, {
    expectedVersion: current.version,
    name: campaignName,
    timetable: {
      applyFrom: campaign.applyFrom,
      applyUntil: new Date(Date.now() - 1_000).toISOString(),
    },
  });
  await signIn(page, 'admin');
  await page.goto(`/admissions/${id}`);
  await page.getByTestId('start-run').getByRole('button', { name: 'Chạy xét tuyển' }).click();
  const runCard = page.getByTestId('allocation-run').first();
  await expect(runCard).toContainText('1 hồ sơ được xét, 1 trúng tuyển', { timeout: 20_000 });
  await runCard.getByText('Giải trình kết quả của một học sinh').click();
  await runCard.getByLabel('Tìm trường theo tên').fill('thcs ngo quyen');
  await runCard.getByRole('radio', { name: /Trường THCS Ngô Quyền/ }).check();
  await runCard
    .getByLabel('Học sinh')
    .selectOption({ label: `${daughter.fullName} (${daughter.dateOfBirth.split('-').reverse().join('/')})` });
  await expect(runCard.getByTestId('explanation')).toContainText(
    'Tuyển thẳng vào Trường THPT chuyên Trần Phú',
  );
  await expectAccessible(page);
});
