/**
 * The education database in the browser: a school's data officer imports learners from a
 * spreadsheet (one row is wrong and comes back in the report), the commune officer approves them
 * from the queue, and the commune's official statistics count them.
 */

import { expect, type Page, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { SHEET_COLUMNS } from '../../functions/edu-data/domain/sheets.ts';
import { expectAccessible, mainNav, screenshot, signIn, signOut } from './support.ts';

async function learnersSheet(rows: Record<string, string>[]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Học sinh');
  ws.addRow(SHEET_COLUMNS.student.map((c) => c.header));
  for (const row of rows)
    ws.addRow(SHEET_COLUMNS.student.map((c) => row[c.header] ?? (c.header === 'Mã lớp' ? '' : c.example)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const learnersFigure = async (page: Page) =>
  Number(
    ((await page.locator('[data-figure="stats.learners"] .figure').textContent()) ?? '0').replace(/\D/g, ''),
  );

test('import → approve → statistics', async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  const serial = Date.now() % 800_000;
  const names = ['Đoàn Thị Minh Thư', 'Vương Quốc Bảo'];

  // The commune's figures before.
  await signIn(page, 'commune1.officer');
  await mainNav(page).getByRole('link', { name: 'Số liệu thống kê' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Số liệu thống kê chính thức');
  const before = await learnersFigure(page);
  await signOut(page);

  // The school imports: two good rows, one with an ID code that does not match the learner.
  await signIn(page, 'dataofficer1');
  await mainNav(page).getByRole('link', { name: 'Dữ liệu ngành' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Học sinh');
  await expect(page.getByTestId('records')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, 'records-list');
  const file = await learnersSheet([
    { 'Mã định danh': makePersonalId('031', 2015, 'female', serial), 'Họ và tên': names[0]! },
    {
      'Mã định danh': makePersonalId('031', 2015, 'male', serial + 1),
      'Họ và tên': names[1]!,
      'Giới tính': 'Nam',
    },
    { 'Mã định danh': makePersonalId('031', 2015, 'male', serial + 2), 'Họ và tên': 'Sai Mã Định Danh' },
  ]);
  await page.getByLabel('Tệp bảng tính').setInputFiles({
    name: 'hoc-sinh.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: file,
  });
  await page.getByLabel('Gửi phê duyệt ngay sau khi nhập').check();
  await page.getByRole('button', { name: 'Nhập', exact: true }).click();
  await expect(page.getByTestId('import-result')).toContainText('2 thêm mới', { timeout: 60_000 });
  await expect(page.getByTestId('import-result')).toContainText('1 dòng lỗi');
  await expect(page.getByRole('link', { name: 'Tải báo cáo kết quả nhập' })).toBeVisible();
  await page.getByLabel('Tìm theo tên hoặc mã định danh').fill('doan thi minh');
  await expect(page.getByTestId('records')).toContainText(names[0]!);
  await expect(page.getByTestId('records')).toContainText('Chờ phê duyệt');
  // The filtered list goes to Excel through the export worker.
  await page.getByRole('button', { name: 'Xuất danh sách ra Excel' }).click();
  await expect(page.getByRole('link', { name: 'Tải tệp Excel (1 dòng)' })).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page);
  await signOut(page);

  // The commune approves them from its queue.
  await signIn(page, 'commune1.officer');
  await mainNav(page).getByRole('link', { name: 'Phê duyệt dữ liệu' }).click();
  const queue = page.getByTestId('approval-queue');
  for (const name of names) {
    await expect(queue).toContainText(name);
    await page.getByRole('checkbox', { name: `Chọn ${name}` }).check();
  }
  await expectAccessible(page);
  await screenshot(page, testInfo, 'approval-queue');
  // Enter in the reason field decides nothing; a decision asks first, and Enter there cancels.
  await page.getByLabel('Lý do trả lại').fill('Thử phím Enter');
  await page.getByLabel('Lý do trả lại').press('Enter');
  await page.getByRole('button', { name: 'Phê duyệt 2 hồ sơ' }).click();
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('Phê duyệt 2 hồ sơ đã chọn?');
  await page.keyboard.press('Enter');
  await expect(confirm).toBeHidden();
  for (const name of names) await expect(queue).toContainText(name);
  await page.getByLabel('Lý do trả lại').fill('');
  await page.getByRole('button', { name: 'Phê duyệt 2 hồ sơ' }).click();
  await confirm.getByRole('button', { name: 'Phê duyệt', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Đã phê duyệt 2 hồ sơ.');

  // The commune's official figures count them once the statistics worker has run.
  await mainNav(page).getByRole('link', { name: 'Số liệu thống kê' }).click();
  await expect(async () => {
    await page.reload();
    expect(await learnersFigure(page)).toBe(before + 2);
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId('stat-children')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, 'statistics');
  await signOut(page);

  // The school moves one of them to another school, chosen by its name (never by typing its
  // code), and is told where the learner went.
  await signIn(page, 'dataofficer1');
  await mainNav(page).getByRole('link', { name: 'Dữ liệu ngành' }).click();
  await page.getByLabel('Tìm theo tên hoặc mã định danh').fill('quoc bao');
  await page.getByTestId('records').getByRole('link', { name: names[1]! }).click();
  const transfer = page.getByRole('form', { name: 'Chuyển trường' });
  await transfer.getByLabel('Tìm trường theo tên').fill('thcs le chan');
  // Enter in the search field searches; it does not send the transfer.
  await transfer.getByLabel('Tìm trường theo tên').press('Enter');
  await transfer.getByRole('radio', { name: /Trường THCS Lê Chân/ }).check();
  await transfer.getByLabel('Ngày chuyển').fill('2026-11-30');
  await transfer.getByRole('textbox', { name: 'Lý do (bắt buộc)' }).fill('Gia đình chuyển nhà');
  await expectAccessible(page);
  await transfer.getByRole('button', { name: 'Chuyển trường' }).click();
  await expect(page.getByTestId('transferred')).toContainText('sang Trường THCS Lê Chân');
  await page.getByRole('link', { name: 'Về danh sách học sinh của trường' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Học sinh');
});

test('the Department’s home: communes behind on approval → the statistics filtered to them → sorting', async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  await signIn(page, 'leader1');
  // The task says how many units are behind and links to the statistics filtered to them.
  const task = page.locator('[data-task="behind:SGD"]');
  await expect(task).toContainText('đơn vị chậm duyệt dữ liệu ngành', { timeout: 30_000 });
  const behind = Number(((await task.locator('strong').textContent()) ?? '').replace(/\D/g, ''));
  expect(behind).toBeGreaterThan(0);
  await task.getByRole('link').click();
  await expect(page).toHaveURL(/\/units\/SGD\/statistics\?filter=behind$/);
  await expect(page.getByLabel('Hiển thị', { exact: true })).toHaveValue('behind');
  const table = page.getByTestId('stat-children');
  const rows = table.locator('tbody tr');
  // Exactly the units the task counted, each flagged with its reason in words.
  await expect(rows).toHaveCount(behind);
  await expect(page.getByTestId('stat-children-count')).toContainText(`Đang hiện ${behind} trên`);
  for (const row of await rows.all()) await expect(row.getByTestId('behind')).toContainText(/^Chậm: /);
  // Above 600 px it is a table (its header row above its rows), not a grid of cards.
  await expect(table).toHaveCSS('display', 'table');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'statistics-behind');

  // Every unit of the city, sorted by learners (largest first, then the other way).
  await page.getByLabel('Hiển thị', { exact: true }).selectOption('all');
  await expect(page).toHaveURL(/\/units\/SGD\/statistics$/);
  expect(await rows.count()).toBeGreaterThan(behind);
  const header = table.locator('thead th').filter({ hasText: 'Học sinh' }).first();
  const learners = async () =>
    (await table.locator('tbody tr td[data-label="Học sinh"]').allTextContents()).map((s) =>
      Number(s.replace(/\D/g, '') || '0'),
    );
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  const down = await learners();
  expect(down).toEqual([...down].sort((a, b) => b - a));
  expect(down[0]).toBeGreaterThan(0);
  // The keyboard sorts too.
  await header.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const up = await learners();
  expect(up).toEqual([...up].sort((a, b) => a - b));

  // On a phone the rows are cards, each value beside its column's name.
  await page.setViewportSize({ width: 390, height: 800 });
  await expect(table).toHaveCSS('display', 'block');
  await expect(table.locator('thead')).toHaveCSS('position', 'absolute');
  await screenshot(page, testInfo, 'statistics-phone');
});
