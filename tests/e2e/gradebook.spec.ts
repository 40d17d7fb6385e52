/**
 * Grade books (issue 22) in the browser, as the people who use them: teacher1 sees her open books
 * on her home, opens "Sổ điểm" from the menu and 12A1's Toán for semester 2, types a pupil's row
 * with the keyboard alone (arrows and Tab between cells, Enter moving down and submitting
 * nothing) and sees the semester average worked out, pastes a column (and a tab-separated line)
 * from a spreadsheet into the pupils below, types "7.5" (shown back as 7,5) and an impossible
 * "10,5" (refused on its cell in Vietnamese, kept for correcting, nothing else lost); a reload
 * shows what autosave kept; a row changed meanwhile in another tab reloads the grid, saying why.
 * The principal opens the class's books, finds Enter does not lock,
 * locks Toán semester 2 through the dialog; the teacher's grid is then read-only and says who
 * locked it. On a phone, the grid of semester 1 scrolls sideways with the pupils' names in view.
 * (Semester 1 is the phone's, semester 2 the desktop's: no other spec touches grade books.)
 */
import { type Browser, expect, type Locator, type Page, test } from '@playwright/test';
import { PORTAL_URL } from './playwright.config.ts';
import { apiAs, expectAccessible, expectNoEnglish, mainNav, screenshot, signIn } from './support.ts';

const BAD_SCORE = 'Điểm từ 0 đến 10, tối đa một chữ số thập phân, ví dụ 8,5.';

/** A context of its own for another person, on a desktop. */
async function personPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    baseURL: PORTAL_URL,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  return context.newPage();
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The grid's rows, and one pupil's row by the name in its header ("3. Nguyễn Hoàng Đạt"). */
function gridOf(page: Page) {
  const grid = page.getByTestId('gradebook-grid');
  const pupil = (name: string) =>
    grid
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: new RegExp(`^\\d+\\. ${literal(name)}$`) }) });
  const cell = (row: Locator, column: string) =>
    row.getByRole('textbox', { name: new RegExp(`^${literal(column)} của `) });
  return { grid, pupil, cell };
}

const TX = (n: number) => `Đánh giá thường xuyên ${n}`;
const GK = 'Đánh giá giữa kì';
const CK = 'Đánh giá cuối kì';

test('a teacher enters a semester’s scores with the keyboard and a paste; the principal locks the book', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  await signIn(page, 'teacher1');
  // Her home says there are books to enter.
  await expect(page.locator('[data-task="grade-books"]')).toContainText('sổ điểm đang mở để bạn nhập điểm');

  await mainNav(page).getByRole('link', { name: 'Sổ điểm' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sổ điểm');
  const mine = page.getByTestId('my-grade-books');
  await expect(mine.getByRole('link', { name: 'Chủ nhiệm lớp 12A1' })).toBeVisible();
  await expect(mine.getByRole('link', { name: 'Lớp 12A1 — Toán, học kì 1' })).toBeVisible();
  await expectAccessible(page);
  await mine.getByRole('link', { name: 'Lớp 12A1 — Toán, học kì 2' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sổ điểm Toán — Lớp 12A1, học kì 2');
  await expect(page.getByTestId('book-details')).toContainText('Đặng Thị Thuỳ Dương');
  const bookUrl = page.url();

  const { grid, pupil, cell } = gridOf(page);
  await expect(grid.getByRole('columnheader')).toHaveText([
    'Học sinh',
    'TX1',
    'TX2',
    'TX3',
    'TX4',
    'GK',
    'CK',
    'ĐTB',
    'Nhận xét',
  ]);
  const names = (await grid.getByRole('rowheader').allInnerTexts()).map((n) => n.replace(/^\d+\.\s*/, ''));
  expect(names.length).toBeGreaterThanOrEqual(6);
  const row = (i: number) => pupil(names[i]!);
  const [first, second, third, fourth, fifth, sixth] = [row(0), row(1), row(2), row(3), row(4), row(5)];
  const saved = page.getByTestId('save-state');

  // ——— A full row with the keyboard: 8,5 9 7 8, GK 8, CK 9 ———
  await cell(first, TX(1)).click();
  await page.keyboard.type('8,5');
  await page.keyboard.press('ArrowRight');
  await expect(cell(first, TX(2))).toBeFocused();
  await page.keyboard.type('9');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type('7');
  // Left at the caret's start goes back a cell; right at its end forward again.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowLeft');
  await expect(cell(first, TX(2))).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(cell(first, TX(4))).toBeFocused();
  await page.keyboard.type('8');
  await page.keyboard.press('Tab');
  await expect(cell(first, GK)).toBeFocused();
  await page.keyboard.type('8');
  await page.keyboard.press('Tab');
  await expect(cell(first, CK)).toBeFocused();
  await page.keyboard.type('9');
  // Enter moves down a row and submits nothing.
  await page.keyboard.press('Enter');
  await expect(cell(second, CK)).toBeFocused();
  await expect(page).toHaveURL(bookUrl);
  // (8,5 + 9 + 7 + 8 + 2 × 8 + 3 × 9) / 9 = 75,5 / 9 = 8,39 → 8,4, once saved.
  await expect(first.getByTestId('average')).toHaveText('8,4');
  await expect(saved).toContainText('Đã lưu');
  await expect(cell(first, TX(1))).toHaveValue('8,5');

  // ——— A column pasted from a spreadsheet, its first line two cells wide ———
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: PORTAL_URL });
  await page.evaluate(() => navigator.clipboard.writeText('7\t8\r\n6,5\r\n9\r\n'));
  await cell(second, TX(1)).click();
  await page.keyboard.press('ControlOrMeta+V');
  await expect(cell(second, TX(1))).toHaveValue('7');
  await expect(cell(second, TX(2))).toHaveValue('8');
  await expect(cell(third, TX(1))).toHaveValue('6,5');
  await expect(cell(fourth, TX(1))).toHaveValue('9');
  await expect(cell(fifth, TX(1))).toHaveValue('');
  await expect(saved).toContainText('Đã lưu');

  // ——— A decimal point is read as the comma; an impossible score is refused on its cell ———
  await cell(sixth, TX(1)).fill('7.5');
  await cell(fifth, TX(1)).click();
  await page.keyboard.type('10,5');
  const refused = cell(fifth, TX(1));
  await expect(refused).toHaveAttribute('aria-invalid', 'true');
  await expect(refused).toHaveAccessibleDescription(BAD_SCORE);
  await expect(fifth).toContainText(BAD_SCORE);
  await expect(refused).toHaveValue('10,5');
  await expect(saved).toContainText('1 ô chưa được lưu: xem lỗi ở từng ô.');
  await expect(cell(sixth, TX(1))).toHaveValue('7,5');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'gradebook-grid');

  // ——— What autosave kept ———
  await page.reload();
  await expect(cell(first, TX(1))).toHaveValue('8,5');
  await expect(cell(first, TX(2))).toHaveValue('9');
  await expect(cell(first, TX(3))).toHaveValue('7');
  await expect(cell(first, TX(4))).toHaveValue('8');
  await expect(cell(first, GK)).toHaveValue('8');
  await expect(cell(first, CK)).toHaveValue('9');
  await expect(first.getByTestId('average')).toHaveText('8,4');
  await expect(cell(second, TX(1))).toHaveValue('7');
  await expect(cell(second, TX(2))).toHaveValue('8');
  await expect(cell(third, TX(1))).toHaveValue('6,5');
  await expect(cell(fourth, TX(1))).toHaveValue('9');
  await expect(cell(fifth, TX(1))).toHaveValue('');
  await expect(cell(sixth, TX(1))).toHaveValue('7,5');
  await expect(second.getByTestId('average')).toHaveText('');

  // ——— A row changed elsewhere meanwhile (another tab): nothing is written, the grid reloads ———
  const path = new URL(bookUrl).pathname;
  const stale = await apiAs<{ rows: { learnerId: string; fullName: string; version: number }[] }>(
    'teacher1',
    'GET',
    path,
  );
  const other = stale.rows.find((r) => r.fullName === names[1])!;
  await apiAs('teacher1', 'PATCH', path, {
    changes: [{ learnerId: other.learnerId, field: 'regular.2', value: '5', expectedVersion: other.version }],
  });
  await cell(second, TX(3)).fill('6');
  await expect(page.getByTestId('gradebook-reloaded')).toContainText('Sổ điểm vừa được tải lại: ');
  // What she typed is not lost: it stays in its cell, marked for her to check against the other
  // tab's value before it is sent again.
  const kept = cell(second, TX(3));
  await expect(kept).toHaveValue('6');
  await expect(kept).toHaveAttribute('aria-invalid', 'true');
  await expect(kept).toHaveAccessibleDescription(
    'Điểm này vừa được người khác sửa: hãy kiểm tra rồi nhập lại.',
  );
  await expect(cell(second, TX(1))).toHaveValue('7');
  // Nothing of it reached the book: the other tab's 5 stands.
  const after = await apiAs<{ rows: { fullName: string; cells: { regular: (number | null)[] } }[] }>(
    'teacher1',
    'GET',
    path,
  );
  expect(after.rows.find((r) => r.fullName === names[1])!.cells.regular[2]).toBe(5);

  // ——— The principal locks Toán, semester 2 ———
  const principal = await personPage(browser);
  await signIn(principal, 'principal1');
  const principalName = ((await principal.getByTestId('user-name').textContent()) ?? '').trim();
  await mainNav(principal).getByRole('link', { name: 'Sổ điểm' }).click();
  await principal.getByTestId('grade-book-classes').getByRole('link', { name: 'Lớp 12A1' }).click();
  await expect(principal.getByRole('heading', { level: 1 })).toHaveText('Sổ điểm lớp 12A1');
  const toan2 = principal
    .getByTestId('class-grade-books-2')
    .getByRole('row')
    .filter({ has: principal.getByRole('link', { name: 'Toán, học kì 2', exact: true }) });
  await expect(toan2).toContainText('Đặng Thị Thuỳ Dương');
  await expect(toan2.getByTestId('book-state')).toHaveText('Đang mở');
  await expectAccessible(principal);
  const lock = toan2.getByRole('button', { name: 'Khoá sổ điểm Toán, học kì 2' });
  // Enter in the dialog cancels: "Huỷ" has the focus.
  await lock.click();
  const dialog = principal.getByRole('dialog');
  await expect(dialog).toContainText('Khoá sổ điểm môn Toán, học kì 2 của Lớp 12A1?');
  await expectAccessible(principal);
  const lockCalls: string[] = [];
  principal.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/lock')) lockCalls.push(r.url());
  });
  await principal.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(toan2.getByTestId('book-state')).toHaveText('Đang mở');
  // Nothing was sent: Enter locked nothing.
  expect(lockCalls).toEqual([]);
  await lock.click();
  await dialog.getByRole('button', { name: 'Khoá sổ điểm' }).click();
  await expect(toan2.getByTestId('book-state')).toHaveText('Đã khoá');
  await expect(toan2).toContainText(principalName);
  await expect(toan2.getByRole('button', { name: /Khoá sổ điểm/ })).toHaveCount(0);
  await screenshot(principal, testInfo, 'gradebook-class-locked');
  await principal.context().close();

  // ——— The teacher's grid is now read-only ———
  await page.reload();
  const banner = page.getByTestId('gradebook-locked');
  await expect(banner).toContainText('Sổ điểm đã khoá');
  await expect(banner).toContainText(principalName);
  await expect(cell(first, TX(1))).toHaveValue('8,5');
  await expect(cell(first, TX(1))).not.toBeEditable();
  await expect(cell(fifth, CK)).not.toBeEditable();
  await expect(page.getByTestId('save-state')).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'gradebook-locked');

  // ——— Released: parent1 (the father of a pupil of 12A1) sees Toán, semester 2 under "Điểm số" ———
  const father = await personPage(browser);
  await signIn(father, 'parent1');
  await mainNav(father).getByRole('link', { name: 'Điểm số' }).click();
  await expect(father.getByRole('heading', { level: 1 })).toHaveText('Điểm số');
  const child = father.getByTestId('learner-scores').filter({ hasText: 'Lớp 12A1' });
  await expect(child.getByTestId('released-book').filter({ hasText: 'Toán — học kì 2' })).toContainText(
    'Công bố lúc',
  );
  // His other child's school has released nothing.
  await expect(father.getByTestId('learner-scores').filter({ hasNotText: 'Lớp 12A1' })).toContainText(
    'Chưa có môn nào được công bố điểm.',
  );
  await expectAccessible(father);
  await expectNoEnglish(father);
  await screenshot(father, testInfo, 'gradebook-released-to-parent');
  await father.context().close();
});

test('on a phone the grid scrolls sideways with the pupils’ names in view @phone', async ({
  page,
}, testInfo) => {
  await signIn(page, 'teacher1');
  await page.getByRole('button', { name: 'Menu' }).click();
  await mainNav(page).getByRole('link', { name: 'Sổ điểm' }).click();
  await page.getByRole('link', { name: 'Lớp 12A1 — Toán, học kì 1' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sổ điểm Toán — Lớp 12A1, học kì 1');
  const { grid, cell } = gridOf(page);
  const firstRow = grid.locator('tbody tr').first();
  const name = firstRow.getByRole('rowheader');
  // The comment, the last column, is past the screen's edge: reaching it scrolls the grid, not the page.
  const comment = cell(firstRow, 'Nhận xét');
  await comment.scrollIntoViewIfNeeded();
  await comment.fill('Chăm chỉ, cần cẩn thận hơn khi tính toán.');
  const scrolled = await grid.evaluate((table) => table.parentElement!.scrollLeft);
  expect(scrolled).toBeGreaterThan(0);
  const box = await name.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x).toBeLessThan(30);
  await expect(name).toBeInViewport();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await expect(page.getByTestId('save-state')).toContainText('Đã lưu');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'gradebook-phone');
  await page.reload();
  await expect(cell(grid.locator('tbody tr').first(), 'Nhận xét')).toHaveValue(
    'Chăm chỉ, cần cẩn thận hơn khi tính toán.',
  );
});
