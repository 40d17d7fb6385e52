/**
 * Seed 003 in the browser: a teacher chooses a lesson of her approved plan for a lesson plan,
 * creates her plan (lessons by title and week) and uploads it; the group leader finds it in the
 * review queue, approves and signs; the public verification page — where the QR code on the
 * signed PDF leads — confirms the signature by its short code and by the signed file; the principal follows the school's submissions
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
  // A lesson plan is chosen from her approved plan's lessons: next school year she has none,
  // and is told so and sent to write one.
  await form.getByLabel('Loại hồ sơ').selectOption({ label: 'Kế hoạch bài dạy (Phụ lục IV)' });
  const years = await form.getByLabel('Năm học').locator('option').allTextContents();
  await form.getByLabel('Năm học').selectOption({ index: years.length - 1 });
  await expect(form.getByTestId('no-approved-plan')).toBeVisible();
  await expectAccessible(page);
  await form.getByRole('link', { name: 'Lập kế hoạch giáo dục' }).click();
  await expect(form.getByLabel('Loại hồ sơ')).toHaveValue('teacher-plan');
  await form.getByLabel('Năm học').selectOption({ index: 0 });

  // A teacher's plan: names to choose and lessons by title and week, no codes typed.
  await form.getByLabel('Tên hồ sơ').fill(title);
  await form.getByLabel('Tổ chuyên môn').selectOption({ label: 'Tổ Toán – Tin' });
  await form.getByLabel('Môn', { exact: true }).selectOption({ label: 'Toán' });
  await form.getByLabel('Tên bài 1').fill('Mệnh đề toán học');
  await form.getByLabel('Tuần (bài 1)').fill('1');
  await form.getByRole('button', { name: 'Thêm bài' }).click();
  await form.getByLabel('Tên bài 2').fill('Bài sẽ bỏ');
  await form.getByRole('button', { name: 'Thêm bài' }).click();
  await form.getByLabel('Tên bài 3').fill('Các tập hợp số');
  await form.getByLabel('Tuần (bài 3)').fill('2');
  await form.getByRole('button', { name: 'Bỏ bài 2' }).click();
  await expect(form.getByLabel('Tên bài 2')).toHaveValue('Các tập hợp số');
  await expectAccessible(page);
  await form.getByRole('button', { name: 'Tạo hồ sơ' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByRole('main')).toContainText('Tuần 2 — Bài: Các tập hợp số');
  await expect(page.getByRole('main')).not.toContainText('Bài sẽ bỏ');
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
  const code = (await page.getByTestId('verification-code').textContent())!;
  expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2}$/);
  expect(verifyHref).toBe(`/verify/${code}`);
  const signedHref = await page.getByRole('link', { name: 'Tải bản đã ký' }).getAttribute('href');
  const signedPdf = await (await page.request.get(signedHref!)).body();
  await signOut(page);

  // Anyone, signed in or not, can check the signature: the QR code's link…
  await page.goto(verifyHref!);
  await expect(page.getByTestId('verification')).toContainText('Chữ ký số hợp lệ');
  await expect(page.getByTestId('verification')).toContainText('Ngô Đức Mạnh');
  await expect(page.getByTestId('verification')).toContainText('Trường THPT chuyên Trần Phú');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'verify');
  // …the code printed on the stamp, typed as people type it…
  await page.goto('/verify');
  await page.getByLabel('Mã xác thực').fill('ab2c-3def-gh');
  await page.getByLabel('Mã xác thực').press('Enter');
  await expect(page.getByTestId('verification-unknown')).toHaveText(
    'Không có văn bản đã ký nào mang mã xác thực này.',
  );
  await page.getByLabel('Mã xác thực').fill(code.toLowerCase().replaceAll('-', ''));
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(page.getByTestId('verification')).toContainText(title);
  await expect(page.getByTestId('verification')).toContainText(code);
  // …or the file itself: its hash is compared, the file is not sent.
  await page.getByLabel('Tệp văn bản đã ký').setInputFiles({
    name: 'ban-da-ky.pdf',
    mimeType: 'application/pdf',
    buffer: signedPdf,
  });
  await page.getByRole('button', { name: 'Đối chiếu tệp' }).click();
  await expect(page.getByTestId('file-match')).toContainText(`Tệp trùng khớp với văn bản đã ký “${title}”.`);
  await expect(page.getByTestId('file-match')).toContainText('Ngô Đức Mạnh');
  await page.getByLabel('Tệp văn bản đã ký').setInputFiles({
    name: 'tep-khac.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from(`%PDF-1.7 tệp khác ${Date.now()}`),
  });
  await page.getByRole('button', { name: 'Đối chiếu tệp' }).click();
  await expect(page.getByTestId('file-unknown')).toHaveText(
    'Không tìm thấy văn bản đã ký nào trùng với tệp này.',
  );
  await expectAccessible(page);
  await screenshot(page, testInfo, 'verify-by-file');

  // Her plan approved, its lessons are what a lesson plan is written for: chosen, not typed.
  await signIn(page, 'teacher1');
  await mainNav(page).getByRole('link', { name: 'Hồ sơ chuyên môn' }).click();
  const next = page.getByTestId('new-record');
  await next.getByLabel('Loại hồ sơ').selectOption({ label: 'Kế hoạch bài dạy (Phụ lục IV)' });
  const lesson = next.getByLabel('Bài học');
  await expect(lesson.locator('option', { hasText: 'Tuần 2 — Bài: Các tập hợp số' })).toHaveCount(1);
  await expect(lesson.locator('option', { hasText: 'Bài sẽ bỏ' })).toHaveCount(0);
  const option = lesson.locator('option', { hasText: 'Tuần 1 — Bài: Mệnh đề toán học' });
  await lesson.selectOption((await option.getAttribute('value'))!);
  await next.getByLabel('Tên hồ sơ').fill(`Kế hoạch bài dạy – Mệnh đề toán học ${Date.now() % 100_000}`);
  await next.getByLabel('Ngày dạy').fill(new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10));
  await expectAccessible(page);
  await next.getByRole('button', { name: 'Tạo hồ sơ' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Kế hoạch bài dạy – Mệnh đề toán học');
  // That lesson has its lesson plan now: it is offered no more.
  await mainNav(page).getByRole('link', { name: 'Hồ sơ chuyên môn' }).click();
  await page
    .getByTestId('new-record')
    .getByLabel('Loại hồ sơ')
    .selectOption({ label: 'Kế hoạch bài dạy (Phụ lục IV)' });
  const after = page.getByTestId('new-record').getByLabel('Bài học');
  await expect(after.locator('option', { hasText: 'Tuần 2 — Bài: Các tập hợp số' })).toHaveCount(1);
  await expect(after.locator('option', { hasText: 'Mệnh đề toán học' })).toHaveCount(0);
  await signOut(page);

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
