/**
 * A grade book filled in Excel (issue 22's XLSX import), in the browser: teacher1 downloads the
 * template of a book (its header, one row per pupil), fills it as a teacher would — a score as a
 * number, one as text with a decimal comma, an impossible "11", a pupil the class does not have,
 * a column the book does not have — and imports it. The preview names each problem by its place
 * in the sheet and lists the cells old → new; Enter in it saves nothing ("Huỷ" is focused); the
 * confirming button saves, and the cell the API refuses stays in the grid with its reason, as a
 * typed one does, under "Đã lưu 4 ô, 1 ô bị từ chối".
 * The book is Toán, semester 1, of Trần Phú's 11A1, given to teacher1 here through the education
 * database (the class's record edited and approved): no other spec touches that class's books, and
 * the 12A1 books of gradebook.spec.ts are left as they are.
 */

import { expect, type Locator, type Page, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { apiAs, expectAccessible, screenshot, signIn } from './support.ts';

const SCHOOL = 'THPT-TRANPHU';
const BAD_SCORE = 'Điểm từ 0 đến 10, tối đa một chữ số thập phân, ví dụ 8,5.';

interface Book {
  columns: string[];
  rows: {
    learnerId: string;
    fullName: string;
    cells: { regular: (number | null)[]; midTerm?: number; endTerm?: number; comment?: string };
  }[];
}

/** Trần Phú's 11A1 with Toán of semester 1 taught by teacher1 (a story's setup, through the API). */
async function elevenA1Toan() {
  const links = await apiAs<{ items: { recordId: string; relation: string }[] }>(
    'teacher1',
    'GET',
    '/me/links',
  );
  const staff = links.items.find((l) => l.relation === 'staff')!.recordId;
  // The demo's classes are written in the background once the cloud is up.
  let classId: string | undefined;
  await expect
    .poll(
      async () => {
        const classes = await apiAs<{ items: { classId: string; name: string }[] }>(
          'principal1',
          'GET',
          `/org-units/${SCHOOL}/grade-book-classes`,
        );
        classId = classes.items.find((c) => c.name === 'Lớp 11A1')?.classId;
        return Boolean(classId);
      },
      { timeout: 90_000 },
    )
    .toBe(true);
  const record = await apiAs<{ version: number; data: { assignments?: unknown[] } }>(
    'principal1',
    'GET',
    `/records/${classId}`,
  );
  const assignment = { subject: 'Toán', semester: 1, teacherId: staff };
  const assignments = record.data.assignments ?? [];
  if (!assignments.some((a) => JSON.stringify(a) === JSON.stringify(assignment))) {
    const edited = await apiAs<{ version: number }>('principal1', 'PUT', `/records/${classId}`, {
      expectedVersion: record.version,
      data: { ...record.data, assignments: [...assignments, assignment] },
    });
    const submitted = await apiAs<{ results: { ok: boolean; record?: { version: number } }[] }>(
      'principal1',
      'POST',
      '/records/submissions',
      { records: [{ recordId: classId, expectedVersion: edited.version }] },
    );
    expect(submitted.results[0]?.ok, JSON.stringify(submitted)).toBe(true);
    const decided = await apiAs<{ results: { ok: boolean }[] }>(
      'commune2.admin',
      'POST',
      '/records/decisions',
      {
        decision: 'approve',
        records: [{ recordId: classId, expectedVersion: submitted.results[0]!.record!.version }],
      },
    );
    expect(decided.results[0]?.ok, JSON.stringify(decided)).toBe(true);
  }
  const path = `/classes/${classId}/grade-books/TOAN/1`;
  const book = await apiAs<Book>('teacher1', 'GET', path);
  return { path, book };
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The grid's row of a pupil ("3. Nguyễn Hoàng Đạt"), and a cell of it by its column's name. */
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

test('a teacher fills the book’s Excel template and imports it: a preview first, each refused cell kept with its reason', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const { path, book } = await elevenA1Toan();
  expect(book.rows.length, 'pupils in 11A1').toBeGreaterThanOrEqual(3);
  expect(
    book.rows.every((r) => r.cells.regular.every((s) => s === null) && r.cells.endTerm === undefined),
    'a book nothing was entered in yet',
  ).toBe(true);
  const [first, second] = [book.rows[0]!, book.rows[1]!];

  await signIn(page, 'teacher1');
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sổ điểm Toán — Lớp 11A1, học kì 1');
  const importing = page.getByTestId('gradebook-import');
  await expect(importing.getByRole('heading')).toHaveText('Nhập điểm từ Excel');
  await expectAccessible(page);

  // ——— The template: the book's header and its pupils ———
  const downloading = page.waitForEvent('download');
  await importing.getByRole('button', { name: 'Tải mẫu Excel' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('so-diem-toan-11a1-hk1.xlsx');
  const templatePath = testInfo.outputPath('template.xlsx');
  await download.saveAs(templatePath);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(templatePath);
  const sheet = workbook.worksheets[0]!;
  expect(sheet.name).toBe('Toán HK1');
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  expect(header).toEqual(['STT', 'Mã HS', 'Họ và tên', 'TX1', 'TX2', 'TX3', 'TX4', 'GK', 'CK', 'Nhận xét']);
  expect(sheet.actualRowCount).toBe(book.rows.length + 1);
  expect((sheet.getRow(2).values as unknown[]).slice(1, 4)).toEqual([1, first.learnerId, first.fullName]);
  expect(sheet.getCell('C3').value).toBe(second.fullName);
  // The names are locked and the cells are open for typing.
  expect(sheet.getCell('C2').protection?.locked).not.toBe(false);
  expect(sheet.getCell('D2').protection?.locked).toBe(false);

  // ——— Filled in as a teacher would ———
  sheet.getCell('D2').value = 8.5; // TX1 as a number
  sheet.getCell('H2').value = '7,5'; // GK as text with a decimal comma
  sheet.getCell('I2').value = 9; // CK
  sheet.getCell('E3').value = '9'; // TX2
  sheet.getCell('I3').value = '11'; // CK: impossible, refused by the API
  sheet.getCell('K1').value = 'Điểm 15 phút'; // a column the book does not have
  sheet.getCell('K2').value = 10;
  const unknownRow = book.rows.length + 2;
  sheet.getRow(unknownRow).values = [book.rows.length + 1, '', 'Nguyễn Văn Không Có', 7];
  const filledPath = testInfo.outputPath('diem-11a1.xlsx');
  await workbook.xlsx.writeFile(filledPath);

  const upload = async () => {
    const choosing = page.waitForEvent('filechooser');
    await importing.getByRole('button', { name: 'Nhập từ Excel' }).click();
    await (await choosing).setFiles(filledPath);
  };

  // ——— The preview: the problems by their places, the changes old → new; Enter saves nothing ———
  await upload();
  const preview = page.getByRole('dialog', { name: 'Nhập điểm từ tệp “diem-11a1.xlsx”' });
  await expect(preview).toBeVisible();
  await expect(preview.getByTestId('import-problems').getByRole('listitem')).toHaveText([
    'Cột K “Điểm 15 phút” không có trong sổ.',
    `Dòng ${unknownRow}: không tìm thấy học sinh “Nguyễn Văn Không Có” trong lớp.`,
  ]);
  await expect(preview.getByTestId('import-counts')).toHaveText(
    'Trang tính “Toán HK1”: 2 học sinh, 5 ô thay đổi, 0 ô giữ nguyên.',
  );
  const changes = preview.getByTestId('import-changes').getByRole('row');
  await expect(changes).toHaveCount(6);
  await expect(changes.nth(1)).toHaveText(`D2${first.fullName}TX1(trống) → 8,5`);
  await expect(changes.nth(2)).toHaveText(`H2${first.fullName}GK(trống) → 7,5`);
  await expect(changes.nth(5)).toHaveText(`I3${second.fullName}CK(trống) → 11`);
  await expect(preview.getByRole('button', { name: 'Huỷ' })).toBeFocused();
  await expectAccessible(page);
  await screenshot(page, testInfo, 'gradebook-import-preview');
  await page.keyboard.press('Enter');
  await expect(preview).toBeHidden();
  const { pupil, cell } = gridOf(page);
  await expect(cell(pupil(first.fullName), 'Đánh giá thường xuyên 1')).toHaveValue('');
  await expect(page.getByTestId('save-state')).toHaveText('Điểm được lưu tự động khi bạn nhập.');
  expect((await apiAs<Book>('teacher1', 'GET', path)).rows[0]!.cells.regular[0] ?? null).toBeNull();

  // ——— Confirmed: four cells saved, the impossible one kept in the grid with its reason ———
  await upload();
  await expect(preview).toBeVisible();
  await preview.getByRole('button', { name: 'Lưu 5 ô' }).click();
  const summary = page.getByTestId('import-summary');
  await expect(summary).toContainText('Đã lưu 4 ô, 1 ô bị từ chối.');
  await expect(summary.getByRole('listitem')).toHaveText([`Ô I3 (${second.fullName}, CK): ${BAD_SCORE}`]);
  const [one, two] = [pupil(first.fullName), pupil(second.fullName)];
  await expect(cell(one, 'Đánh giá thường xuyên 1')).toHaveValue('8,5');
  await expect(cell(one, 'Đánh giá giữa kì')).toHaveValue('7,5');
  await expect(cell(one, 'Đánh giá cuối kì')).toHaveValue('9');
  await expect(cell(two, 'Đánh giá thường xuyên 2')).toHaveValue('9');
  const refused = cell(two, 'Đánh giá cuối kì');
  await expect(refused).toHaveValue('11');
  await expect(refused).toHaveAttribute('aria-invalid', 'true');
  await expect(refused).toHaveAccessibleDescription(new RegExp(literal(BAD_SCORE)));
  await expect(page.getByTestId('save-state')).toHaveText('1 ô chưa được lưu: xem lỗi ở từng ô.');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'gradebook-import-saved');

  // What the book holds now: the four cells, not the refused one.
  const saved = await apiAs<Book>('teacher1', 'GET', path);
  const row = (learnerId: string) => saved.rows.find((r) => r.learnerId === learnerId)!.cells;
  expect(row(first.learnerId).regular[0]).toBe(8.5);
  expect(row(first.learnerId)).toMatchObject({ midTerm: 7.5, endTerm: 9 });
  expect(row(second.learnerId).regular[1]).toBe(9);
  expect(row(second.learnerId).endTerm).toBeUndefined();
});
