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
 * After the lock (the stories below follow the first one, in this file's order): the teacher asks
 * to change a cell of the locked book through its dialog (the column by its name, each refusal on
 * its field), the principal's home counts the request, her queue shows old → new with the reason,
 * Enter in its dialog approves nothing, and her approval reaches the teacher's locked grid; the
 * homeroom teacher types semester II's conduct and absences (refused cells in Vietnamese), the
 * class's results by semester and for the year are worked by hand, and the principal reads the
 * homeroom rows without typing in them. On a phone the results keep the names in view.
 * (Toán semester 1 is the phone's grid, semester 2 the desktop's; the year's story adds semester
 * 1's scores of the first pupil through the API: no other spec touches grade books.)
 * Transcripts (học bạ), last and in the phone project (so after the phone's grid, which types into
 * semester 1's book, locked here): the homeroom teacher's "Học bạ" tab names the books still open,
 * the principal locks them, Enter in the approval's dialog approves nothing, and the approval says
 * who was approved and who misses Toán; the principal's home counts the transcripts waiting,
 * "Ký học bạ" (from "Sổ điểm") signs grade 12 through its dialog and follows the worker to the
 * end; a father, on his phone, reads the released scores, downloads the signed PDF (three
 * signatures pdfsig validates) and opens its code's verification page.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

// ——— After the lock: a change asked and decided; the homeroom teacher's semester; the results ———

interface ApiBook {
  locked: boolean;
  class: { schoolYear: string };
  columns: string[];
  rows: {
    learnerId: string;
    fullName: string;
    version: number;
    complete: boolean;
    average?: number;
    cells: { regular: (number | null)[]; midTerm?: number; endTerm?: number };
  }[];
}

/** 12A1's book of Toán for a semester, through the API (a story's setup). */
async function toan(semester: number, as = 'teacher1') {
  const classes = await apiAs<{ items: { classId: string; className: string }[] }>(
    'teacher1',
    'GET',
    '/me/grade-books',
  );
  const classId = classes.items.find((i) => i.className === 'Lớp 12A1')!.classId;
  const path = `/classes/${classId}/grade-books/TOAN/${semester}`;
  return { classId, path, book: await apiAs<ApiBook>(as, 'GET', path) };
}

/** Toán, semester 2, locked — as the first story leaves it (locked here if that story stopped short). */
async function lockedToan2() {
  const found = await toan(2);
  if (!found.book.locked) await apiAs('principal1', 'POST', `${found.path}/lock`);
  return toan(2);
}

test('a teacher asks to change a score of a locked book; the principal approves it, Enter approving nothing', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const { book } = await lockedToan2();
  // The second pupil's TX3, as the first story left it (5, from the other tab).
  const pupil = book.rows[1]!;
  const before = pupil.cells.regular[2];
  const beforeText = before === null || before === undefined ? '' : String(before).replace('.', ',');
  // The queue shows the cell as the book keeps it, one decimal: 5 → "5,0".
  const tenths = before === null || before === undefined ? undefined : Math.round(before * 10);
  const queued = tenths === undefined ? '(trống)' : `${Math.floor(tenths / 10)},${tenths % 10}`;

  await signIn(page, 'teacher1');
  await mainNav(page).getByRole('link', { name: 'Sổ điểm' }).click();
  await page.getByTestId('my-grade-books').getByRole('link', { name: 'Lớp 12A1 — Toán, học kì 2' }).click();
  await expect(page.getByTestId('gradebook-locked')).toContainText('bấm “Đề nghị sửa” ở dòng của học sinh');
  const { pupil: rowOf, cell } = gridOf(page);
  const row = rowOf(pupil.fullName);
  await row.getByRole('button', { name: `Đề nghị sửa điểm của ${pupil.fullName}` }).click();
  const dialog = page.getByRole('dialog', { name: `Đề nghị sửa điểm của ${pupil.fullName}` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Sổ điểm Toán, học kì 2 của Lớp 12A1 đã khoá');
  // The column by its name, never its code; what it holds now beside it.
  const column = dialog.getByLabel('Cột điểm cần sửa');
  await column.selectOption({
    label: `Đánh giá thường xuyên 3 (TX3) — hiện: ${beforeText || '(trống)'}`,
  });
  const value = dialog.getByLabel('Điểm mới');
  const reason = dialog.getByLabel('Lý do');
  await expectAccessible(page);

  // No reason: said on its field. An impossible score: said on its field, in Vietnamese.
  await value.fill('11');
  await dialog.getByRole('button', { name: 'Gửi đề nghị' }).click();
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(reason).toHaveAccessibleDescription(/Bắt buộc/);
  await reason.fill('Chấm lại bài kiểm tra thường xuyên 3');
  await dialog.getByRole('button', { name: 'Gửi đề nghị' }).click();
  await expect(value).toHaveAttribute('aria-invalid', 'true');
  await expect(value).toHaveAccessibleDescription(new RegExp(literal(BAD_SCORE)));
  await expect(reason).not.toHaveAttribute('aria-invalid', 'true');
  await expectNoEnglish(page);

  await value.fill('6,5');
  await dialog.getByRole('button', { name: 'Gửi đề nghị' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('change-asked')).toContainText(
    `Đã gửi đề nghị sửa Đánh giá thường xuyên 3 (TX3) của ${pupil.fullName}:`,
  );
  await expect(page.getByTestId('change-asked')).toContainText('→ 6,5');
  // Nothing changes before a school leader approves.
  await expect(cell(row, TX(3))).toHaveValue(beforeText);
  await screenshot(page, testInfo, 'gradebook-change-asked');

  // ——— The principal: her home counts the request; her queue decides it ———
  const principal = await personPage(browser);
  await signIn(principal, 'principal1');
  const task = principal.locator('[data-task="score-changes:THPT-TRANPHU"]');
  await expect(task).toContainText('1 đề nghị sửa điểm sau khi khoá sổ chờ bạn duyệt');
  await task.getByRole('link').click();
  await expect(principal.getByRole('heading', { level: 1 })).toHaveText('Đề nghị sửa điểm sau khi khoá sổ');
  const request = principal.getByTestId('score-change').filter({ hasText: pupil.fullName });
  await expect(request).toHaveCount(1);
  await expect(request.getByRole('heading')).toHaveText(`${pupil.fullName} — Toán, học kì 2, Lớp 12A1`);
  await expect(request).toContainText('Đánh giá thường xuyên 3 (TX3)');
  await expect(request.getByTestId('change-values')).toHaveText(`${queued} → 6,5`);
  await expect(request).toContainText('Chấm lại bài kiểm tra thường xuyên 3');
  await expect(request).toContainText('Đặng Thị Thuỳ Dương');
  await expectAccessible(principal);
  await expectNoEnglish(principal);
  await screenshot(principal, testInfo, 'gradebook-change-queue');

  const decisions: string[] = [];
  principal.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/decision')) decisions.push(r.url());
  });
  // Enter in the dialog cancels: "Huỷ" has the focus.
  await request.getByRole('button', { name: 'Duyệt', exact: true }).click();
  const confirm = principal.getByRole('dialog');
  await expect(confirm).toContainText(
    `Duyệt sửa Đánh giá thường xuyên 3 (TX3) của ${pupil.fullName} (môn Toán, học kì 2, Lớp 12A1)`,
  );
  await expect(confirm.getByRole('button', { name: 'Huỷ' })).toBeFocused();
  await expectAccessible(principal);
  await principal.keyboard.press('Enter');
  await expect(confirm).toBeHidden();
  expect(decisions).toEqual([]);
  await expect(request).toHaveCount(1);
  // Rejecting asks why first.
  await request.getByRole('button', { name: 'Từ chối' }).click();
  await expect(request).toContainText('Ghi lý do từ chối vào ô Ghi chú trước khi từ chối.');
  await expect(principal.getByRole('dialog')).toBeHidden();

  await request.getByRole('button', { name: 'Duyệt', exact: true }).click();
  await confirm.getByRole('button', { name: 'Duyệt và ghi điểm' }).click();
  await expect(principal.getByTestId('change-decided')).toContainText(
    `Đã duyệt: Đánh giá thường xuyên 3 (TX3) của ${pupil.fullName} môn Toán đã được sửa trong sổ.`,
  );
  expect(decisions).toHaveLength(1);
  await expect(principal.getByTestId('score-change').filter({ hasText: pupil.fullName })).toHaveCount(0);
  await principal.getByRole('button', { name: 'Đã duyệt' }).click();
  const approved = principal.getByTestId('score-change').filter({ hasText: pupil.fullName });
  await expect(approved).toContainText('Đã duyệt');
  await principal.context().close();

  // ——— The teacher's locked book holds the approved score ———
  await page.reload();
  await expect(page.getByTestId('gradebook-locked')).toBeVisible();
  await expect(cell(rowOf(pupil.fullName), TX(3))).toHaveValue('6,5');

  // ——— Her own requests on "Sổ điểm": this one decided ———
  await page.goto('/grade-books');
  const asked = page.getByTestId('my-change').filter({ hasText: pupil.fullName }).first();
  await expect(asked).toContainText('Đã duyệt');
});

test('the homeroom teacher records conduct and absences; the class’s results by semester and for the year', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const { book: toan2 } = await lockedToan2();
  const first = toan2.rows.find((r) => r.complete) ?? toan2.rows[0]!;
  expect(first.average, 'the first story’s full row, semester 2').toBe(8.4);
  const second = toan2.rows.find((r) => r.learnerId !== first.learnerId && !r.complete)!;
  // Semester 1, as the homeroom teacher and the Toán teacher left it (her API: a story's setup):
  // Toán 9 everywhere — (4 × 9 + 2 × 9 + 3 × 9) / 9 = 9,0 — conduct Tốt, one half-day absent.
  const { classId, path: toan1, book: s1 } = await toan(1);
  const row1 = s1.rows.find((r) => r.learnerId === first.learnerId)!;
  await apiAs('teacher1', 'PATCH', toan1, {
    changes: ['regular.0', 'regular.1', 'regular.2', 'regular.3', 'midTerm', 'endTerm'].map((field) => ({
      learnerId: first.learnerId,
      field,
      value: '9',
      expectedVersion: row1.version,
    })),
  });
  const home1 = await apiAs<{ rows: { learnerId: string; version: number }[] }>(
    'teacher1',
    'GET',
    `/classes/${classId}/homeroom/1`,
  );
  await apiAs('teacher1', 'PATCH', `/classes/${classId}/homeroom/1`, {
    changes: [
      { field: 'conduct', value: 'T' },
      { field: 'absentHalfDays', value: '1' },
    ].map((c) => ({
      learnerId: first.learnerId,
      ...c,
      expectedVersion: home1.rows.find((r) => r.learnerId === first.learnerId)!.version,
    })),
  });

  // ——— "Chủ nhiệm": semester II typed with the keyboard ———
  await signIn(page, 'teacher1');
  await mainNav(page).getByRole('link', { name: 'Sổ điểm' }).click();
  await page.getByTestId('my-grade-books').getByRole('link', { name: 'Chủ nhiệm lớp 12A1' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sổ điểm lớp 12A1');
  const tabs = page.getByRole('navigation', { name: 'Các trang của lớp 12A1' });
  await tabs.getByRole('link', { name: 'Chủ nhiệm' }).click();
  await page
    .getByRole('navigation', { name: 'Chọn học kì' })
    .getByRole('link', { name: 'Học kì II' })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chủ nhiệm lớp 12A1 — học kì II');
  await expect(page.getByTestId('homeroom-details')).toContainText('Đặng Thị Thuỳ Dương');
  const grid = page.getByTestId('homeroom-grid');
  await expect(grid.getByRole('columnheader')).toHaveText([
    'Học sinh',
    'Rèn luyện',
    'Nghỉ (buổi)',
    'Nhận xét',
  ]);
  const pupil = (name: string) =>
    grid
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: new RegExp(`^\\d+\\. ${literal(name)}$`) }) });
  const cellOf = (name: string, column: string) =>
    pupil(name).getByRole('textbox', { name: `${column} của ${name}` });
  const CONDUCT = 'Kết quả rèn luyện';
  const ABSENT = 'Số buổi nghỉ học';

  await cellOf(first.fullName, CONDUCT).click();
  await page.keyboard.type('Tốt');
  await page.keyboard.press('Tab');
  await expect(cellOf(first.fullName, ABSENT)).toBeFocused();
  await page.keyboard.type('2');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type('Ngoan, tích cực phát biểu.');
  // Enter moves down and submits nothing.
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/homeroom\/2$/);
  const saved = page.getByTestId('save-state');
  await expect(saved).toContainText('Đã lưu');
  // What the homeroom teacher may not type: refused on its cell, in Vietnamese, kept for correcting.
  await cellOf(second.fullName, CONDUCT).fill('Giỏi');
  await cellOf(second.fullName, ABSENT).fill('-1');
  await page.getByRole('heading', { level: 1 }).click();
  const conduct2 = cellOf(second.fullName, CONDUCT);
  await expect(conduct2).toHaveAttribute('aria-invalid', 'true');
  await expect(conduct2).toHaveAccessibleDescription(
    'Nhập T (Tốt), K (Khá), Đ (Đạt) hoặc CĐ (Chưa đạt). Cột Rèn luyện: nhập T (Tốt), K (Khá), Đ (Đạt) hoặc CĐ (Chưa đạt).',
  );
  await expect(pupil(second.fullName)).toContainText('Số buổi nghỉ: số nguyên từ 0 đến 200.');
  await expect(saved).toContainText('2 ô chưa được lưu: xem lỗi ở từng ô.');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'gradebook-homeroom');
  await page.reload();
  await expect(cellOf(first.fullName, CONDUCT)).toHaveValue('T');
  await expect(cellOf(first.fullName, ABSENT)).toHaveValue('2');
  await expect(cellOf(first.fullName, 'Nhận xét')).toHaveValue('Ngoan, tích cực phát biểu.');
  await expect(cellOf(second.fullName, CONDUCT)).toHaveValue('');

  // ——— The class's results ———
  await page
    .getByRole('navigation', { name: 'Các trang của lớp 12A1' })
    .getByRole('link', { name: 'Kết quả' })
    .click();
  const periods = page.getByRole('navigation', { name: 'Chọn kì tổng kết' });
  await expect(periods.getByRole('link')).toHaveText(['Học kì I', 'Học kì II', 'Cả năm']);
  await periods.getByRole('link', { name: 'Học kì II' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kết quả lớp 12A1 — Học kì II');
  const table = page.getByTestId('results-table');
  await expect(table.getByRole('columnheader')).toHaveText([
    'Học sinh',
    'Toán',
    'Học tập',
    'Rèn luyện',
    'Nghỉ (buổi)',
  ]);
  const resultOf = (name: string) =>
    table
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: new RegExp(`^\\d+\\. ${literal(name)}$`) }) });
  const strong = resultOf(first.fullName);
  await expect(strong.getByRole('cell')).toHaveText(['8,4', 'Tốt', 'Tốt', '2']);
  const unfinished = resultOf(second.fullName);
  await expect(unfinished.locator('[data-subject="TOAN"]')).toHaveText('Chưa đủ điểm');
  await expect(unfinished.getByTestId('learning')).toHaveText('Chưa xếp loại (thiếu điểm: Toán)');
  await expect(unfinished.getByTestId('conduct')).toHaveText('Chưa nhập');
  // No ids on screen: names only.
  await expect(table).not.toContainText(first.learnerId);
  await expectAccessible(page);
  await expectNoEnglish(page);

  // The year: Toán (9,0 + 2 × 8,4) / 3 = 25,8 / 3 = 8,6; conduct Tốt and Tốt; 1 + 2 half-days.
  await periods.getByRole('link', { name: 'Cả năm' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kết quả lớp 12A1 — Cả năm');
  await expect(table.getByRole('columnheader')).toHaveText([
    'Học sinh',
    'Toán',
    'Học tập',
    'Rèn luyện',
    'Nghỉ (buổi)',
    'Danh hiệu',
    'Kết quả cuối năm',
  ]);
  // Học sinh Giỏi, not Xuất sắc (8,6 < 9,0); in grade 12, promoted is eligible for graduation.
  await expect(strong.getByRole('cell')).toHaveText([
    '8,6',
    'Tốt',
    'Tốt',
    '3',
    'Học sinh Giỏi',
    'Đủ điều kiện dự thi tốt nghiệp THPT',
  ]);
  await expect(unfinished.getByTestId('outcome')).toHaveText('Chưa xét: còn môn chưa đủ điểm');
  await expect(unfinished.getByTestId('honour')).toHaveText('Chưa xét');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'gradebook-results-year');

  // ——— The principal reads the homeroom rows, and cannot type in them ———
  const principal = await personPage(browser);
  await signIn(principal, 'principal1');
  await mainNav(principal).getByRole('link', { name: 'Sổ điểm' }).click();
  await principal.getByTestId('grade-book-classes').getByRole('link', { name: 'Lớp 12A1' }).click();
  await principal
    .getByRole('navigation', { name: 'Các trang của lớp 12A1' })
    .getByRole('link', { name: 'Chủ nhiệm' })
    .click();
  await principal
    .getByRole('navigation', { name: 'Chọn học kì' })
    .getByRole('link', { name: 'Học kì II' })
    .click();
  await expect(principal.getByTestId('homeroom-read-only')).toBeVisible();
  const read = principal
    .getByTestId('homeroom-grid')
    .getByRole('textbox', { name: `${CONDUCT} của ${first.fullName}` });
  await expect(read).toHaveValue('T');
  await expect(read).not.toBeEditable();
  await expect(principal.getByTestId('save-state')).toHaveCount(0);
  await expectAccessible(principal);
  await principal.context().close();
});

test('on a phone the class’s results keep the pupils’ names in view @phone', async ({ page }, testInfo) => {
  await signIn(page, 'teacher1');
  await page.getByRole('button', { name: 'Menu' }).click();
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
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kết quả lớp 12A1 — Cả năm');
  const table = page.getByTestId('results-table');
  const firstRow = table.locator('tbody tr').first();
  const name = firstRow.getByRole('rowheader');
  // The year's outcome, the last column, is past the screen's edge: reaching it scrolls the table.
  await firstRow.getByTestId('outcome').scrollIntoViewIfNeeded();
  const scrolled = await table.evaluate((t) => t.parentElement!.scrollLeft);
  expect(scrolled).toBeGreaterThan(0);
  const box = await name.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x).toBeLessThan(30);
  await expect(name).toBeInViewport();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'gradebook-results-phone');
});

// ——— Transcripts (học bạ): approved by the homeroom teacher, signed by the principal, downloaded ———

/** The fathers' accounts of 12A1 (`phuhuynh.12a1.NN`), by the learner each is linked to. */
async function fathersOf12A1(pupils: number) {
  const fathers = new Map<string, string>();
  // One account more than pupils: parent1's child has none of these, so the numbers skip one.
  for (let n = 1; n <= pupils + 1; n++) {
    const account = `phuhuynh.12a1.${String(n).padStart(2, '0')}`;
    const mine = await apiAs<{ learners: { learnerId: string }[] }>(account, 'GET', '/me/scores').catch(
      () => undefined,
    );
    for (const l of mine?.learners ?? []) fathers.set(l.learnerId, account);
  }
  return fathers;
}

const SCORE_FIELDS = (columns: string[]) =>
  columns.filter((c) => c === 'midTerm' || c === 'endTerm' || c.startsWith('regular.'));

/**
 * A pupil's Toán of a semester complete (a story's setup, through the API): what is empty is
 * entered while the book is open, or asked and approved as changes once it is locked.
 */
async function completeToan(semester: number, learnerId: string, value: string) {
  const { path, book } = await toan(semester);
  const row = book.rows.find((r) => r.learnerId === learnerId)!;
  if (row.complete) return;
  const cellOf = (field: string) =>
    field.startsWith('regular.')
      ? row.cells.regular[Number(field.slice('regular.'.length))]
      : row.cells[field as 'midTerm' | 'endTerm'];
  const empty = SCORE_FIELDS(book.columns).filter((f) => cellOf(f) === null || cellOf(f) === undefined);
  if (!book.locked) {
    await apiAs('teacher1', 'PATCH', path, {
      changes: empty.map((field) => ({ learnerId, field, value, expectedVersion: row.version })),
    });
    return;
  }
  for (const field of empty) {
    const asked = await apiAs<{ requestId: string }>(
      'teacher1',
      'POST',
      `${path}/change-requests`,
      { learnerId, field, value, reason: 'Bổ sung điểm còn thiếu' },
      201,
    );
    await apiAs('principal1', 'POST', `/grade-book-changes/${asked.requestId}/decision`, {
      decision: 'approve',
    });
  }
}

/** The pupil's conduct and absences of a semester recorded (Tốt, none absent) where they are not. */
async function completeHomeroom(classId: string, semester: number, learnerId: string) {
  const path = `/classes/${classId}/homeroom/${semester}`;
  const home = await apiAs<{
    rows: { learnerId: string; conduct?: string; absentHalfDays?: number; version: number }[];
  }>('teacher1', 'GET', path);
  const row = home.rows.find((r) => r.learnerId === learnerId)!;
  const changes = [
    ...(row.conduct ? [] : [{ field: 'conduct', value: 'T' }]),
    ...(row.absentHalfDays === undefined ? [{ field: 'absentHalfDays', value: '0' }] : []),
  ].map((c) => ({ learnerId, ...c, expectedVersion: row.version }));
  if (changes.length) await apiAs('teacher1', 'PATCH', path, { changes });
}

// In the phone project, so it comes after every story above and the phone's grid (which types
// into semester 1's book, locked here); its setup completes what they left, so it stands alone too.
test('a class’s transcripts: the homeroom teacher approves, the principal signs grade 12, a father downloads the signed PDF on his phone @phone', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(300_000);
  // ——— The year of a pupil whose father has an account: Toán of both semesters, conduct, absences ———
  const { classId, book: s2 } = await toan(2);
  const fathers = await fathersOf12A1(s2.rows.length);
  // The stories above completed the first pupil's year: that pupil, if their father has an account.
  const pupil = [...s2.rows]
    .sort((a, b) => Number(b.complete) - Number(a.complete))
    .find((r) => fathers.has(r.learnerId))!;
  expect(pupil, 'a pupil of 12A1 whose father has an account').toBeTruthy();
  const father = fathers.get(pupil.learnerId)!;
  await completeToan(1, pupil.learnerId, '8');
  await completeToan(2, pupil.learnerId, '9');
  for (const semester of [1, 2]) await completeHomeroom(classId, semester, pupil.learnerId);
  const s1 = (await toan(1)).book;
  // A pupil whose Toán is not complete is not approved, and is told why.
  const unfinished = (await toan(2)).book.rows.find(
    (r) => !r.complete || !s1.rows.find((x) => x.learnerId === r.learnerId)?.complete,
  );
  const openSemesters = [s1.locked ? 0 : 1, (await toan(2)).book.locked ? 0 : 2].filter(Boolean);
  const openBooks = openSemesters.map((semester) => `Toán HK ${semester === 1 ? 'I' : 'II'}`);
  const schoolYear = s2.class.schoolYear;
  const year = schoolYear.replace('-', '–');

  // ——— The homeroom teacher's "Học bạ" tab: a book still open is named, nothing approved ———
  const teacher = await personPage(browser);
  await signIn(teacher, 'teacher1');
  await mainNav(teacher).getByRole('link', { name: 'Sổ điểm' }).click();
  await teacher.getByTestId('my-grade-books').getByRole('link', { name: 'Chủ nhiệm lớp 12A1' }).click();
  await teacher
    .getByRole('navigation', { name: 'Các trang của lớp 12A1' })
    .getByRole('link', { name: 'Học bạ', exact: true })
    .click();
  await expect(teacher.getByRole('heading', { level: 1 })).toHaveText('Học bạ lớp 12A1');
  const list = teacher.getByTestId('class-transcripts');
  const rowOf = (name: string) =>
    list.getByRole('row').filter({ has: teacher.getByRole('cell', { name, exact: true }) });
  await expect(rowOf(pupil.fullName)).toContainText('Chưa duyệt');
  const approvals: string[] = [];
  teacher.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/transcripts')) approvals.push(r.url());
  });
  const approve = teacher.getByTestId('approve-transcripts');
  const confirm = teacher.getByRole('dialog');
  if (openBooks.length) {
    await approve.getByRole('button', { name: 'Duyệt học bạ' }).click();
    await expect(confirm).toContainText(`Duyệt học bạ năm học ${year} của Lớp 12A1?`);
    await confirm.getByRole('button', { name: 'Duyệt học bạ' }).click();
    await expect(approve.getByRole('alert')).toContainText(
      `Chỉ duyệt học bạ khi mọi sổ điểm của năm học đã khoá; còn mở: ${openBooks.join(', ')}.`,
    );
    await expect(rowOf(pupil.fullName)).toContainText('Chưa duyệt');
    await expectNoEnglish(teacher);

    // ——— The principal locks the books still open ———
    const principal = await personPage(browser);
    await signIn(principal, 'principal1');
    await mainNav(principal).getByRole('link', { name: 'Sổ điểm' }).click();
    await principal.getByTestId('grade-book-classes').getByRole('link', { name: 'Lớp 12A1' }).click();
    await expect(principal.getByRole('heading', { level: 1 })).toHaveText('Sổ điểm lớp 12A1');
    for (const semester of openSemesters) {
      const book = principal
        .getByTestId(`class-grade-books-${semester}`)
        .getByRole('row')
        .filter({ has: principal.getByRole('link', { name: `Toán, học kì ${semester}`, exact: true }) });
      await book.getByRole('button', { name: `Khoá sổ điểm Toán, học kì ${semester}` }).click();
      await principal.getByRole('dialog').getByRole('button', { name: 'Khoá sổ điểm' }).click();
      await expect(book.getByTestId('book-state')).toHaveText('Đã khoá');
    }
    await principal.context().close();
    approvals.length = 0;
  }

  // ——— The homeroom teacher approves: Enter in the dialog approves nothing ———
  await teacher.reload();
  await approve.getByRole('button', { name: 'Duyệt học bạ' }).click();
  await expect(confirm).toContainText(`Duyệt học bạ năm học ${year} của Lớp 12A1?`);
  await expect(confirm.getByRole('button', { name: 'Huỷ' })).toBeFocused();
  await expectAccessible(teacher);
  await teacher.keyboard.press('Enter');
  await expect(confirm).toBeHidden();
  expect(approvals).toEqual([]);
  await approve.getByRole('button', { name: 'Duyệt học bạ' }).click();
  await confirm.getByRole('button', { name: 'Duyệt học bạ' }).click();
  const outcome = teacher.getByTestId('approval-outcome');
  await expect(outcome).toContainText('Đã duyệt học bạ của');
  await expect(outcome.getByTestId('approved-pupils')).toContainText(pupil.fullName);
  if (unfinished)
    await expect(outcome.getByTestId('skipped-pupils')).toContainText(`${unfinished.fullName} — thiếu: Toán`);
  expect(approvals).toHaveLength(1);
  await expect(rowOf(pupil.fullName)).toContainText('Đã duyệt — chờ Hiệu trưởng ký');
  await expect(rowOf(pupil.fullName).getByRole('code')).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
  // Names, never ids.
  await expect(list).not.toContainText(pupil.learnerId);
  await expectAccessible(teacher);
  await expectNoEnglish(teacher);
  await screenshot(teacher, testInfo, 'transcripts-approved');

  // ——— The principal: her home counts them; "Ký học bạ" from "Sổ điểm" signs grade 12 ———
  const waiting = await apiAs<{ counts: { approved: number; failed: number } }>(
    'principal1',
    'GET',
    `/org-units/THPT-TRANPHU/transcripts?schoolYear=${schoolYear}&grade=12`,
  );
  const n = waiting.counts.approved + waiting.counts.failed;
  expect(n).toBeGreaterThanOrEqual(1);
  const principal = await personPage(browser);
  await signIn(principal, 'principal1');
  await expect(principal.locator('[data-task="transcripts:THPT-TRANPHU"]')).toContainText(
    `${n} học bạ đã duyệt chờ bạn ký`,
  );
  await mainNav(principal).getByRole('link', { name: 'Sổ điểm' }).click();
  await principal.getByRole('link', { name: 'Ký học bạ', exact: true }).click();
  await expect(principal.getByRole('heading', { level: 1 })).toHaveText('Ký học bạ');
  await principal.getByTestId('grade-picker').getByRole('link', { name: 'Khối 12' }).click();
  const grade = principal.getByTestId('grade-signing');
  await expect(grade.getByRole('heading')).toHaveText(`Học bạ khối 12, năm học ${year}`);
  await expect(grade.getByTestId('count-approved')).toHaveText(String(waiting.counts.approved));
  const class12A1 = grade
    .getByTestId('grade-transcripts')
    .getByRole('row')
    .filter({ has: principal.getByRole('link', { name: 'Học bạ lớp 12A1' }) });
  await expect(class12A1).toContainText('Đặng Thị Thuỳ Dương');
  await expectAccessible(principal);
  await expectNoEnglish(principal);
  const signings: string[] = [];
  principal.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/transcripts/signing')) signings.push(r.url());
  });
  const sign = grade.getByRole('button', { name: 'Ký học bạ khối 12' });
  await sign.click();
  const signDialog = principal.getByRole('dialog');
  await expect(signDialog).toContainText(`Ký ${n} học bạ khối 12, năm học ${year}?`);
  await expect(signDialog.getByRole('button', { name: 'Huỷ' })).toBeFocused();
  await expectAccessible(principal);
  await principal.keyboard.press('Enter');
  await expect(signDialog).toBeHidden();
  expect(signings).toEqual([]);
  await sign.click();
  await signDialog.getByRole('button', { name: `Ký ${n} học bạ` }).click();
  // The worker signs each within seconds; the screen asks again until none is being signed.
  await expect(grade.getByTestId('signing-done')).toContainText('Đã ký xong', { timeout: 60_000 });
  expect(signings).toHaveLength(1);
  await expect(grade.getByTestId('count-signing')).toHaveText('0');
  await expect(grade.getByTestId('count-approved')).toHaveText('0');
  await expect(grade.getByTestId('count-failed')).toHaveText('0');
  await expect(grade.getByTestId('nothing-to-sign')).toBeVisible();
  await expectAccessible(principal);
  await expectNoEnglish(principal);
  await screenshot(principal, testInfo, 'transcripts-signed');
  await principal.context().close();

  // ——— The homeroom teacher's tab: signed, with its files ———
  await teacher.reload();
  await expect(rowOf(pupil.fullName)).toContainText(/Đã ký ngày \d{2}\/\d{2}\/\d{4}/);
  await expect(
    rowOf(pupil.fullName).getByRole('button', { name: `Tải PDF — học bạ của ${pupil.fullName}` }),
  ).toBeVisible();
  await teacher.context().close();

  // ——— The father, on his phone: the released scores and the signed transcript ———
  await signIn(page, father);
  await page.getByRole('button', { name: 'Menu' }).click();
  await mainNav(page).getByRole('link', { name: 'Điểm số' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Điểm số');
  const child = page.getByTestId('learner-scores').filter({ hasText: pupil.fullName });
  await expect(child.getByTestId('released-book').filter({ hasText: 'Toán — học kì 1' })).toBeVisible();
  await expect(child.getByTestId('released-book').filter({ hasText: 'Toán — học kì 2' })).toBeVisible();
  const transcript = child.getByTestId('transcript');
  await expect(transcript).toHaveCount(1);
  await expect(transcript.getByRole('heading')).toHaveText(`Năm học ${year} — Lớp 12A1`);
  await expect(transcript).toContainText('Trần Phú');
  const code = ((await transcript.getByTestId('transcript-code').textContent()) ?? '').trim();
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'transcripts-father-phone');

  const download = page.waitForEvent('download');
  await transcript.getByRole('button', { name: /^Tải PDF — học bạ của / }).click();
  const file = await (await download).path();
  expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  // Three signatures — the homeroom teacher's, the principal's, the school's seal — that pdfsig,
  // independent of this code, validates.
  const report = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  const verdicts = [...report.stdout.matchAll(/Signature Validation: (.*)/g)].map((m) => m[1]);
  expect(verdicts, report.stdout + report.stderr).toEqual([
    'Signature is Valid.',
    'Signature is Valid.',
    'Signature is Valid.',
  ]);

  // The printed code, checked on the public page.
  await transcript.getByRole('link', { name: 'Xem trang xác thực' }).click();
  await expect(page.getByTestId('verify-holder')).toHaveText(pupil.fullName);
});
