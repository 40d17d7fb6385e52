/**
 * Seed 003 in the browser: a teacher creates her plan and uploads it; the group leader finds it
 * in the review queue, approves and signs; the public verification page — where the QR code on
 * the signed PDF leads — confirms the signature; the principal follows the school's submissions
 * and the Department the city's, commune by commune.
 */
import { expect, test } from '@playwright/test';
import { sampleLessonPlan } from '../../infra/local/sign-sample.ts';
import { expectAccessible, mainNav, screenshot, signIn, signOut } from './support.ts';

test('upload → approve and sign → verify', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const title = `Kế hoạch giáo dục của giáo viên – Toán 10 (${Date.now() % 100_000})`;

  await signIn(page, 'teacher1');
  await mainNav(page).getByRole('link', { name: 'Hồ sơ chuyên môn' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hồ sơ chuyên môn của tôi');
  const form = page.getByTestId('new-record');
  await form.getByLabel('Tên hồ sơ').fill(title);
  await form.getByLabel('Tổ chuyên môn').fill('THPT-TRANPHU.TOAN');
  await form.getByLabel('Môn', { exact: true }).fill('toan');
  await form.getByLabel('Các bài học').fill('L1 | Mệnh đề | 1\nL2 | Tập hợp | 2');
  await expectAccessible(page);
  await form.getByRole('button', { name: 'Tạo hồ sơ' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await page.getByLabel('Tệp hồ sơ (PDF, DOCX hoặc ODT)').setInputFiles({
    name: 'ke-hoach-giao-duc.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from(await sampleLessonPlan()),
  });
  await page.getByRole('button', { name: 'Tải lên và nộp' }).click();
  await expect(page.getByTestId('record-status')).toHaveText('Chờ duyệt');
  await expect(page.getByTestId('record-files')).toContainText('ke-hoach-giao-duc.pdf');
  // The author never decides their own work: no decision on the page.
  await expect(page.getByTestId('pro-decision')).toHaveCount(0);
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, 'groupleader1');
  await mainNav(page).getByRole('link', { name: 'Duyệt hồ sơ chuyên môn' }).click();
  await page.getByTestId('school-records').getByRole('link', { name: title }).click();
  // A comment ended with Enter neither approves nor signs (it once did both).
  await page.getByLabel('Nhận xét').fill('Kế hoạch đầy đủ');
  await page.getByLabel('Nhận xét').press('Enter');
  await expect(page.getByTestId('record-status')).toHaveText('Chờ duyệt');
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.getByRole('button', { name: 'Duyệt và ký số' }).click();
  await expect(page.getByRole('dialog')).toContainText(`Phê duyệt và ký số hồ sơ “${title}”?`);
  await page.getByRole('dialog').getByRole('button', { name: 'Phê duyệt và ký' }).click();
  await expect(page.getByRole('status')).toContainText('Đã phê duyệt và ký số');
  await expect(page.getByTestId('record-status')).toHaveText('Đã duyệt');
  await expect(page.getByTestId('signatures')).toContainText('Ngô Đức Mạnh');
  // The signing worker writes the signed copy; the record shows it once it is there.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('link', { name: 'Tải bản đã ký' })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await screenshot(page, testInfo, 'record-approved');
  const verifyHref = await page
    .getByTestId('signatures')
    .getByRole('link', { name: 'Xác thực' })
    .getAttribute('href');
  await signOut(page);

  // Anyone, signed in or not, can check the signature from its code (the QR code's link).
  await page.goto(verifyHref!);
  await expect(page.getByTestId('verification')).toContainText('Chữ ký số hợp lệ');
  await expect(page.getByTestId('verification')).toContainText('Ngô Đức Mạnh');
  await expect(page.getByTestId('verification')).toContainText('Trường THPT chuyên Trần Phú');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'verify');

  // The principal follows the school's submissions.
  await signIn(page, 'principal1');
  await mainNav(page).getByRole('link', { name: 'Duyệt hồ sơ chuyên môn' }).click();
  await page.getByRole('link', { name: 'Tình hình nộp hồ sơ chuyên môn' }).click();
  await expect(page.getByTestId('oversight-teachers')).toContainText('Đặng Thị Thuỳ Dương');
  await expect(page.getByTestId('oversight-missing')).toContainText('Ngô Đức Mạnh');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'oversight');
  await signOut(page);

  // The Department follows the city commune by commune: each school is recounted by a worker
  // shortly after its records change (the delayed message the approval sent).
  await signIn(page, 'leader1');
  await mainNav(page).getByRole('link', { name: 'Theo dõi hồ sơ chuyên môn' }).click();
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('oversight-communes')).toContainText('Ngô Quyền', { timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
  await expectAccessible(page);
  await screenshot(page, testInfo, 'oversight-city');
});
