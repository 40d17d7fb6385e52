/**
 * Statistics of learning results in the browser. First, as another person did before: principal1
 * sends Trần Phú's year through the year-end run (the API), so the school has its classes'
 * tallies whatever ran before (a class with a book still open is counted, not sent: the
 * assertions are about the screen, not about how complete the demo's results are). Then the
 * principal reads the school's statistics from the menu — the latest period with results, the
 * classes as a table — and exports them: the workbook's sheets carry the Vietnamese headers. The
 * commune's officer (commune2.admin, Phường Ngô Quyền) sees Trần Phú among the commune's schools,
 * finds Enter does not start the year-end run, starts it through its dialog and follows it to the
 * end, then drills into the school's classes. The homeroom teacher's "Kết quả" tab shows the
 * class's figures and sends its results (the answer said whatever it is: books still open, or
 * sent). On a phone the page never scrolls sideways and the classes' names stay in view.
 */
import { expect, type Page, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { apiAs, expectAccessible, expectNoEnglish, mainNav, screenshot, signIn } from './support.ts';

const YEAR = '2026-2027';
const TITLE = 'Thống kê kết quả học tập';

interface Run {
  runId: string;
  status: string;
}

/** A year-end run started through the API and followed to its end. */
async function runYearEnd(username: string, orgUnitId: string) {
  const started = await apiAs<Run>(
    username,
    'POST',
    `/org-units/${orgUnitId}/result-runs`,
    { schoolYear: YEAR, period: 'year' },
    202,
  );
  await expect
    .poll(async () => (await apiAs<Run>(username, 'GET', `/result-runs/${started.runId}`)).status, {
      timeout: 60_000,
    })
    .toBe('done');
}

test.beforeAll(async () => {
  test.setTimeout(90_000);
  await runYearEnd('principal1', 'THPT-TRANPHU');
});

async function openFromMenu(page: Page, phone = false) {
  if (phone) await page.getByRole('button', { name: 'Menu' }).click();
  await mainNav(page).getByRole('link', { name: TITLE }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
}

test('a principal reads the school’s results by class and exports them to Excel', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, 'principal1');
  await openFromMenu(page);
  // The latest period with results: the year just sent.
  await expect(page.getByTestId('result-stats-unit')).toContainText(
    'Trường THPT chuyên Trần Phú — Cả năm, năm học 2026–2027',
  );
  await expect(
    page.getByRole('navigation', { name: 'Chọn kì tổng kết' }).getByRole('link', { name: 'Cả năm' }),
  ).toHaveAttribute('aria-current', 'page');
  await expect(page.getByLabel('Năm học', { exact: true })).toHaveValue(YEAR);
  const parts = page.getByTestId('result-parts');
  await expect(parts.getByRole('columnheader', { name: 'Lớp', exact: true })).toBeVisible();
  await expect(parts.getByRole('columnheader', { name: 'Kết quả học tập' })).toBeVisible();
  await expect(parts.getByRole('columnheader', { name: 'Được lên lớp' })).toBeVisible();
  const classes = parts.locator('tbody tr');
  expect(await classes.count()).toBeGreaterThanOrEqual(1);
  // Each class by its name, leading to its results tab.
  const firstClass = classes.first().getByRole('rowheader').getByRole('link');
  await expect(firstClass).toHaveText(/^Lớp \d+A\d+$/);
  await expect(firstClass).toHaveAttribute('href', /^\/classes\/[^/]+\/results\?period=year$/);
  await expect(parts.locator('tfoot')).toContainText('Tổng cộng');
  // A school sends its results class by class: the run is the communes' and the Department's.
  await expect(page.getByTestId('year-end-run')).toHaveCount(0);
  const incomplete = Number(
    (await page.locator('[data-figure="incomplete"] .figure').textContent())!.replace(/\D/g, ''),
  );
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'result-statistics-school');

  // ——— Excel ———
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Xuất Excel' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^Thống kê kết quả học tập .*Cả năm 2026-2027\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await file.path())!);
  // "Tiểu học" follows when the school has primary pupils (gradebook-primary.spec.ts reads it).
  expect(workbook.worksheets.map((s) => s.name).filter((n) => n !== 'Tiểu học')).toEqual([
    'Tổng hợp',
    'Phổ điểm',
  ]);
  const summary = workbook.getWorksheet('Tổng hợp')!;
  expect(String(summary.getCell('A1').value)).toContain('Trường THPT chuyên Trần Phú');
  const headers = (summary.getRow(3).values as unknown[]).slice(1);
  expect(headers).toEqual(
    expect.arrayContaining([
      'Lớp',
      'Học sinh đủ kết quả',
      'Chưa đủ kết quả',
      'Học tập: Tốt',
      'Học tập: Chưa đạt',
      'Rèn luyện: Khá',
      'Học sinh Xuất sắc',
      'Học sinh Giỏi',
      'Được lên lớp',
      'Kiểm tra lại',
      'Ở lại lớp',
    ]),
  );
  // The classes, then the total, whose incomplete count is the screen's.
  const total = summary.getRow(summary.rowCount);
  expect(total.getCell(1).value).toBe('Tổng cộng');
  expect(total.getCell(3).value).toBe(incomplete);
  expect(summary.rowCount).toBe(3 + (await classes.count()) + 1);
  const bands = workbook.getWorksheet('Phổ điểm')!;
  expect((bands.getRow(3).values as unknown[]).slice(1)).toEqual([
    'Lớp',
    'Môn học',
    'Số học sinh có điểm',
    'Điểm trung bình',
    'Dưới 3,5',
    'Từ 3,5 đến dưới 5',
    'Từ 5 đến dưới 6,5',
    'Từ 6,5 đến dưới 8',
    'Từ 8 trở lên',
    'Đạt',
    'Chưa đạt',
  ]);
});

test('a commune officer sees the school among the commune’s, runs the year-end results and drills into its classes', async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  await signIn(page, 'commune2.admin');
  await openFromMenu(page);
  await expect(page.getByTestId('result-stats-unit')).toContainText('Phường Ngô Quyền');
  const parts = page.getByTestId('result-parts');
  await expect(parts.getByRole('columnheader', { name: 'Trường', exact: true })).toBeVisible();
  const school = parts.getByRole('link', { name: 'Trường THPT chuyên Trần Phú' });
  await expect(school).toBeVisible();
  await expectAccessible(page);
  await expectNoEnglish(page);

  // ——— The year-end run: Enter in its dialog starts nothing ———
  const run = page.getByTestId('year-end-run');
  const start = run.getByRole('button', { name: 'Tính kết quả cuối năm' });
  await start.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(
    'Tính và gửi kết quả cả năm, năm học 2026–2027 của mọi lớp thuộc Phường Ngô Quyền?',
  );
  await expect(dialog.getByRole('button', { name: 'Huỷ' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(run.getByTestId('year-end-run-progress')).toHaveCount(0);
  await expect(run.getByTestId('year-end-run-done')).toHaveCount(0);
  await start.click();
  await dialog.getByRole('button', { name: 'Tính kết quả' }).click();
  // Followed to the end (a progress bar while the schools are computed), then the figures again.
  await expect(run.getByTestId('year-end-run-done')).toContainText(/Đã tính xong \d+ trường, \d+ lớp/, {
    timeout: 60_000,
  });
  await expect(school).toBeVisible();
  await screenshot(page, testInfo, 'result-statistics-commune');

  // ——— Down to the school's classes, and back up ———
  await school.click();
  await expect(page).toHaveURL(/\/units\/THPT-TRANPHU\/result-statistics\?schoolYear=2026-2027&period=year$/);
  await expect(page.getByTestId('result-stats-unit')).toContainText('Trường THPT chuyên Trần Phú');
  const classes = page.getByTestId('result-parts');
  await expect(classes.getByRole('columnheader', { name: 'Lớp', exact: true })).toBeVisible();
  expect(await classes.locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
  // No run at a school; the commune's officer does not read a class's books (no links).
  await expect(page.getByTestId('year-end-run')).toHaveCount(0);
  await expect(classes.locator('tbody').getByRole('link')).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Về thống kê của Phường Ngô Quyền' }).click();
  await expect(page.getByTestId('result-stats-unit')).toContainText('Phường Ngô Quyền');
});

test('the homeroom teacher reads her class’s figures and sends its results', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await signIn(page, 'teacher1');
  await mainNav(page).getByRole('link', { name: 'Sổ điểm' }).click();
  await page.getByRole('link', { name: 'Chủ nhiệm lớp 12A1' }).click();
  await page
    .getByRole('navigation', { name: 'Các trang của lớp 12A1' })
    .getByRole('link', { name: 'Kết quả' })
    .click();
  await page
    .getByRole('navigation', { name: 'Chọn kì tổng kết' })
    .getByRole('link', { name: 'Cả năm' })
    .click();
  const figures = page.getByTestId('class-result-stats');
  await expect(figures.getByRole('heading')).toHaveText('Thống kê của lớp — Cả năm');
  await expect(figures.locator('[data-figure="learners"]')).toContainText(
    /\d+ học sinh đủ kết quả, \d+ học sinh chưa đủ/,
  );
  const send = figures.getByRole('button', { name: 'Gửi kết quả lên CSDL' });
  await send.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Gửi kết quả cả năm của Lớp 12A1 lên cơ sở dữ liệu ngành?');
  await expect(dialog.getByRole('button', { name: 'Huỷ' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(figures.getByTestId('submission-outcome')).toHaveCount(0);
  await send.click();
  await dialog.getByRole('button', { name: 'Gửi kết quả' }).click();
  // The books still open (nothing sent) or what was sent, in words.
  await expect(figures.getByTestId('submission-outcome')).toContainText(
    /Chưa gửi được: còn sổ điểm chưa khoá — Toán học kì \d|Đã gửi \d+ kết quả để duyệt/,
  );
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'class-result-stats');
});

test('on a phone the statistics never scroll the page sideways and the classes’ names stay in view @phone', async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  await signIn(page, 'principal1');
  await openFromMenu(page, true);
  const parts = page.getByTestId('result-parts');
  const firstRow = parts.locator('tbody tr').first();
  const name = firstRow.getByRole('rowheader');
  await expect(name).toBeVisible();
  // The last column is past the screen's edge: reaching it scrolls the table, not the page.
  await firstRow.locator('td').last().scrollIntoViewIfNeeded();
  const scrolled = await parts.evaluate((t) => t.parentElement!.scrollLeft);
  expect(scrolled).toBeGreaterThan(0);
  // The name sticks to the scrolling region's left edge, on screen.
  const box = await name.boundingBox();
  const region = await parts.evaluate((t) => t.parentElement!.getBoundingClientRect().x);
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(Math.abs(box!.x - region)).toBeLessThanOrEqual(2);
  await expect(name).toBeInViewport();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'result-statistics-phone');
});
