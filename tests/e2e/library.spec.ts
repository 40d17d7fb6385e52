/**
 * The union catalogue in the browser: the school's librarian imports a MARC file (one record a
 * duplicate of an ISBN already catalogued) and catalogues a title by hand; anyone, signed out,
 * finds it by typing without diacritics and opens its page.
 */
import { expect, test } from '@playwright/test';
import { titleInput } from '../../functions/library/domain/catalogue.ts';
import { writeMarc } from '../../functions/library/domain/marc.ts';
import { expectAccessible, mainNav, screenshot, signIn, signOut } from './support.ts';

test('MARC import and cataloguing → public search without diacritics', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const run = `${Date.now() % 100_000}`;
  const word = `Hoaphuong${run}`;
  const marc = writeMarc(
    [
      {
        ...titleInput.parse({ title: `Lịch sử Hải Phòng ${word}`, authors: ['Trần Quốc Vượng'], year: 2019 }),
        titleId: 'E-1',
      },
      {
        ...titleInput.parse({ title: `Địa chí Hải Phòng ${word}`, authors: ['Lê Văn Lan'], year: 2020 }),
        titleId: 'E-2',
      },
      {
        ...titleInput.parse({ title: `Lịch sử Hải Phòng ${word}`, authors: ['Trần Quốc Vượng'], year: 2019 }),
        titleId: 'E-3',
      },
    ],
    'iso2709',
  );

  await signIn(page, 'librarian1');
  await mainNav(page).getByRole('link', { name: 'Thư viện', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Biên mục thư viện');
  await page.getByLabel('Tệp MARC 21').setInputFiles({
    name: 'bien-muc.mrc',
    mimeType: 'application/marc',
    buffer: Buffer.from(marc, 'utf8'),
  });
  await page.getByRole('button', { name: 'Nhập tệp' }).click();
  const result = page.getByTestId('marc-import-result');
  await expect(result).toContainText('Đã nhập 2 biểu ghi; 1 trùng; 0 lỗi.', { timeout: 30_000 });
  await expect(result).toContainText('Trùng tên sách và tác giả');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'library-import');

  const form = page.getByTestId('new-title');
  await form.getByLabel('Nhan đề').first().fill(`Truyện kể về biển đảo ${word}`);
  await form.getByLabel('Tác giả').fill('Nguyễn Thị Hoa');
  await form.getByLabel('Năm xuất bản').fill('2024');
  // The curriculum mapping: a row with the subject and grade chosen by name, the lesson from the list.
  await form.getByRole('button', { name: 'Thêm môn, khối lớp' }).click();
  const row = form.getByTestId('curriculum-row');
  await row.getByLabel('Môn học').selectOption({ label: 'Toán' });
  await row.getByLabel('Khối lớp').selectOption('10');
  // Toán 10's lessons (the demo has the textbook's), in their order: "Bài 2" before "Bài 10".
  const lesson = row.getByLabel('Bài học');
  const lessonTitle = 'Bài 2. Tập hợp và các phép toán trên tập hợp';
  await expect(lesson.locator('option').nth(2)).toHaveText(lessonTitle);
  await lesson.selectOption({ label: lessonTitle });
  await form.getByRole('button', { name: 'Biên mục' }).click();
  await expect(page.getByTestId('title-created')).toContainText(`Truyện kể về biển đảo ${word}`);
  await signOut(page);

  // Anyone: the public search, typed without diacritics.
  await page.goto('/library');
  await page.getByLabel('Từ khoá, tác giả hoặc ISBN').fill(`truyen ke ve bien dao ${word.toLowerCase()}`);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  const results = page.getByTestId('library-results');
  await expect(results).toContainText(`Truyện kể về biển đảo ${word}`);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'library-search');
  await results.getByRole('link', { name: `Truyện kể về biển đảo ${word}` }).click();
  await expect(page.getByTestId('library-title')).toContainText('Nguyễn Thị Hoa');
  // The curriculum by name: subject, grade and the lesson's title, never their codes.
  await expect(page.getByTestId('library-title')).toContainText(`Toán, lớp 10 — ${lessonTitle}`);
  await expectAccessible(page);
});

test('catalogue → copies → lend → return → statistics, and the union catalogue shows who holds it', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const run = `${Date.now() % 100_000}`;
  const title = `Sổ tay thư viện ${run}`;
  await signIn(page, 'librarian1');
  await mainNav(page).getByRole('link', { name: 'Thư viện', exact: true }).click();
  const form = page.getByTestId('new-title');
  await form.getByLabel('Nhan đề').first().fill(title);
  await form.getByLabel('Tác giả').fill('Nguyễn Văn Thư');
  await form.getByRole('button', { name: 'Biên mục' }).click();
  await page.getByTestId('title-created').getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const titlePage = new URL(page.url()).pathname;

  // The desk chooses the title by its words, never by typing its id.
  await mainNav(page).getByRole('link', { name: 'Quầy mượn trả' }).click();
  const copies = page.getByTestId('add-copies');
  await copies.getByLabel('Tìm tài liệu trong danh mục').fill(title);
  await copies.getByRole('radio', { name: new RegExp(title) }).check();
  await copies.getByLabel('Mã vạch các bản').fill(`LB${run}-1\nLB${run}-2`);
  await copies.getByLabel('Vị trí (kệ)').fill('Kệ B1');
  await copies.getByRole('button', { name: 'Thêm bản sách' }).click();
  await expect(page.getByTestId('copies-added')).toHaveText('Đã thêm 2 bản.');

  // A teacher of the school borrows by staff code (from the education database's demo staff).
  const lend = page.getByTestId('lend');
  await lend.getByLabel('Mã vạch').fill(`LB${run}-1`);
  await lend.getByLabel('Mã thẻ bạn đọc').fill('CB003');
  await lend.getByRole('button', { name: 'Cho mượn' }).click();
  await expect(page.getByTestId('lent')).toContainText(title);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'library-desk');

  const back = page.getByTestId('return');
  await back.getByLabel('Mã vạch').fill(`LB${run}-1`);
  await back.getByRole('button', { name: 'Nhận trả' }).click();
  await expect(page.getByTestId('returned')).toHaveText('Đã nhận trả, sách lên kệ.');

  // The school's statistics count the loan (recounted by a worker seconds later).
  const figure = (name: string) => page.getByTestId('library-figures').locator(`[data-figure="${name}"] dd`);
  await mainNav(page).getByRole('link', { name: 'Thống kê thư viện' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thống kê thư viện');
  await expect(async () => {
    await page.reload();
    expect(Number((await figure('loansYear').textContent())?.replace(/\D/g, ''))).toBeGreaterThanOrEqual(1);
    expect(Number((await figure('copies').textContent())?.replace(/\D/g, ''))).toBeGreaterThanOrEqual(2);
  }).toPass({ timeout: 30_000 });
  await expectAccessible(page);
  await screenshot(page, testInfo, 'library-statistics');
  await signOut(page);

  await page.goto(titlePage);
  const heldBy = page.getByTestId('held-by');
  await expect(heldBy).toContainText('Trường THPT chuyên Trần Phú');
  await expect(heldBy).toContainText('Phường Ngô Quyền');
  await expect(heldBy).toContainText('Còn 2/2 bản trên kệ, sẵn sàng cho mượn');
  await expect(heldBy).toContainText('Vị trí: Kệ B1');
  // No internal code on the public page: not the title's id, nor the school's.
  const titleId = titlePage.split('/').pop()!;
  await expect(page.locator('main')).not.toContainText(titleId);
  await expect(page.locator('main')).not.toContainText('THPT-TRANPHU');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'library-title-page');

  // The search's school filter: a school chosen by its name; the address keeps it for a reload.
  await page.goto('/library');
  await page.getByLabel('Từ khoá, tác giả hoặc ISBN').fill(title);
  const school = page.getByTestId('search-school');
  await school.getByLabel('Tìm trường theo tên').fill('chuyen tran phu');
  await school.getByRole('radio', { name: /THPT chuyên Trần Phú/ }).check();
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(page.getByTestId('library-results')).toContainText(title);
  await page.reload();
  await expect(school.getByRole('radio', { name: /Trường THPT chuyên Trần Phú/ })).toBeChecked();
  await expect(page.getByTestId('library-results')).toContainText(title);
  // Another school does not hold it.
  await school.getByRole('button', { name: /Bỏ/ }).click();
  await school.getByLabel('Tìm trường theo tên').fill('hoa sen');
  await school
    .getByRole('radio', { name: /Mầm non Hoa Sen/ })
    .first()
    .check();
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(page.getByRole('heading', { name: 'Tìm thấy 0 tài liệu' })).toBeVisible();

  // The commune over the school sees the school's counts — no borrower.
  await signIn(page, 'commune2.admin');
  await mainNav(page).getByRole('link', { name: 'Thống kê thư viện' }).click();
  await expect(page.getByTestId('library-rows')).toContainText('Trường THPT chuyên Trần Phú');
  await expectAccessible(page);
});

test('stock-taking with a scanner: scans answer at once, the report names what is missing', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, 'librarian1');
  await mainNav(page).getByRole('link', { name: 'Kiểm kê' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kiểm kê thư viện');
  await page.getByRole('button', { name: 'Bắt đầu kiểm kê' }).click();
  const scanner = page.getByTestId('scanner');
  const field = scanner.getByLabel('Mã vạch');
  // A demo copy on Trần Phú's shelves, then a code the school does not have; Enter submits, as a scanner does.
  await field.fill('THPTTRAN-4-1');
  await field.press('Enter');
  await expect(page.getByTestId('scans')).toContainText('THPTTRAN-4-1');
  await expect(page.getByTestId('scans')).toContainText('Trên kệ');
  // "THPTTRAN-4-1 — <title> · Trên kệ · <shelf>": its twin THPTTRAN-4-2 stays on the shelf, unscanned.
  const scanned = (await page.getByTestId('scans').locator('li').first().textContent()) ?? '';
  const bookTitle = scanned.split(' — ')[1]!.split(' · ')[0]!.trim();
  await field.fill('KHONG-CO-1');
  await field.press('Enter');
  await expect(page.getByTestId('scans')).toContainText('Mã không có trong sổ của trường');
  await expect(page.getByTestId('scan-count')).toHaveText('Đã quét 2 mã');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'library-stocktake');
  await page.getByRole('button', { name: 'Kết thúc và đối chiếu' }).click();
  const report = page.getByTestId('stocktake-report');
  await expect(report).toContainText('Thiếu (không thấy trên kệ)', { timeout: 30_000 });
  await expect(report).toContainText('KHONG-CO-1');
  // The missing list names the book (and its authors), not a code to look up.
  const missing = page.getByTestId('stocktake-missing');
  await expect(missing.getByRole('columnheader', { name: 'Nhan đề' })).toBeVisible();
  await expect(missing.getByRole('row', { name: /THPTTRAN-4-2/ })).toContainText(bookTitle);
  await expect(missing.getByRole('row', { name: /THPTTRAN-4-2/ }).getByRole('link')).toHaveText(bookTitle);
  await expectAccessible(page);
});
