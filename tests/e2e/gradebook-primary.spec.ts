/**
 * A primary class's year under Circular 27 in the browser: teacher1 is homeroom teacher of a
 * grade-2 class (created here through the API, as a school's data arrives) and teaches its
 * subjects. On "Chủ nhiệm", semester II, the grid asks for the grade's qualities and competencies
 * by name (no conduct): she rates the first pupil's thirteen with the keyboard alone, a "Khá"
 * typed for the second is refused on its cell in Vietnamese; she rates Toán's level and periodic
 * test in its book; the year's results then say, by hand from Art. 9, 11 and 15, "Hoàn thành xuất
 * sắc", "Học sinh Xuất sắc" and "Hoàn thành chương trình lớp học" for the first pupil, and what is
 * still missing for the second. On a phone the thirteen columns scroll inside the grid, never the
 * page, with the names in view.
 */
import { devices, expect, type Page, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { PORTAL_URL } from './playwright.config.ts';
import { apiAs, expectAccessible, expectNoEnglish, mainNav, screenshot, signIn } from './support.ts';

const run = Date.now() % 100000;
const CLASS = `2A${run}`;
const FIRST = 'Phạm Minh Khôi';
const SECOND = 'Lê Thị Cúc';
const QUALITIES = [
  'Yêu nước',
  'Nhân ái',
  'Chăm chỉ',
  'Trung thực',
  'Trách nhiệm',
  'Tự chủ và tự học',
  'Giao tiếp và hợp tác',
  'Giải quyết vấn đề và sáng tạo',
  'Ngôn ngữ',
  'Tính toán',
  'Khoa học',
  'Thẩm mĩ',
  'Thể chất',
];
let classId: string;
const pupils: Record<string, string> = {};

/** A record created by the school's principal and approved by its commune, as in the education database. */
async function approved(kind: 'class' | 'student', data: Record<string, unknown>) {
  const created = await apiAs<{ recordId: string; version: number }>(
    'principal1',
    'POST',
    `/org-units/THPT-TRANPHU/records/${kind}`,
    { data },
    201,
  );
  const submitted = await apiAs<{ results: { record: { version: number } }[] }>(
    'principal1',
    'POST',
    '/records/submissions',
    { records: [{ recordId: created.recordId, expectedVersion: created.version }] },
  );
  await apiAs('commune2.admin', 'POST', '/records/decisions', {
    decision: 'approve',
    records: [{ recordId: created.recordId, expectedVersion: submitted.results[0]!.record.version }],
  });
  return created.recordId;
}

test.beforeAll(async () => {
  const links = await apiAs<{ items: { recordId: string; relation: string }[] }>(
    'teacher1',
    'GET',
    '/me/links',
  );
  const staff = links.items.find((l) => l.relation === 'staff')!.recordId;
  classId = await approved('class', {
    code: CLASS,
    name: `Lớp ${CLASS}`,
    grade: 2,
    schoolYear: '2026-2027',
    homeroomTeacherId: staff,
    assignments: ([1, 2] as const).flatMap((semester) =>
      ['Tiếng Việt', 'Toán', 'Đạo đức'].map((subject) => ({ subject, semester, teacherId: staff })),
    ),
  });
  for (const [i, fullName] of [FIRST, SECOND].entries())
    pupils[fullName] = await approved('student', {
      personalId: makePersonalId('031', 2018, i ? 'female' : 'male', 430_000 + run * 2 + i),
      fullName,
      gender: i ? 'female' : 'male',
      dateOfBirth: '2018-04-04',
      grade: 2,
      classId,
      guardians: [],
    });
});

/** The homeroom page of semester II, from the teacher's "Sổ điểm". */
async function openHomeroom(page: Page, phone = false) {
  await signIn(page, 'teacher1');
  if (phone) await page.getByRole('button', { name: 'Menu' }).click();
  await mainNav(page).getByRole('link', { name: 'Sổ điểm' }).click();
  await page
    .getByTestId('my-grade-books')
    .getByRole('link', { name: `Chủ nhiệm lớp ${CLASS}` })
    .click();
  await page
    .getByRole('navigation', { name: `Các trang của lớp ${CLASS}` })
    .getByRole('link', { name: 'Chủ nhiệm' })
    .click();
  await page
    .getByRole('navigation', { name: 'Chọn học kì' })
    .getByRole('link', { name: 'Học kì II' })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Chủ nhiệm lớp ${CLASS} — học kì II`);
  return page.getByTestId('homeroom-grid');
}

test('a primary homeroom teacher rates qualities and competencies, and the year’s results follow Circular 27', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const grid = await openHomeroom(page);
  await expect(grid.getByRole('columnheader')).toHaveText([
    'Học sinh',
    ...QUALITIES,
    'Nghỉ (buổi)',
    'Nhận xét',
  ]);
  await expect(
    page.getByText('Cột phẩm chất, năng lực: nhập T (Tốt), Đ (Đạt) hoặc CCG (Cần cố gắng).'),
  ).toBeVisible();
  const row = (name: string) =>
    grid.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`\\. ${name}$`) }) });
  const cell = (name: string, long: string) =>
    row(name).getByRole('textbox', { name: `${long} của ${name}` });

  // Thirteen ratings with the keyboard alone: type, Tab to the next.
  await cell(FIRST, 'Phẩm chất: Yêu nước').click();
  for (let i = 0; i < QUALITIES.length; i++) {
    await page.keyboard.type(i % 2 ? 'Tốt' : 'T');
    await page.keyboard.press('Tab');
  }
  await expect(cell(FIRST, 'Số buổi nghỉ học')).toBeFocused();
  const saved = page.getByTestId('save-state');
  await expect(saved).toContainText('Đã lưu');
  // A Circular 22 word is refused on its cell, in Vietnamese, and kept for correcting.
  const wrong = cell(SECOND, 'Năng lực đặc thù: Tính toán');
  await wrong.fill('Khá');
  await page.getByRole('heading', { level: 1 }).click();
  await expect(wrong).toHaveAttribute('aria-invalid', 'true');
  await expect(row(SECOND)).toContainText('Nhập T (Tốt), Đ (Đạt) hoặc CCG (Cần cố gắng).');
  await expect(wrong).toHaveValue('Khá');
  await wrong.fill('CCG');
  await page.getByRole('heading', { level: 1 }).click();
  await expect(wrong).not.toHaveAttribute('aria-invalid', 'true');
  await expect(saved).toContainText('Đã lưu');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'gradebook-primary-homeroom');
  await page.reload();
  await expect(cell(FIRST, 'Năng lực chung: Tự chủ và tự học')).toHaveValue('T');
  await expect(cell(SECOND, 'Năng lực đặc thù: Tính toán')).toHaveValue('CCG');

  // Toán's book of semester II: the level and the periodic test.
  await page
    .getByRole('navigation', { name: `Các trang của lớp ${CLASS}` })
    .getByRole('link', { name: 'Sổ điểm' })
    .click();
  await page.getByRole('link', { name: 'Toán, học kì 2' }).click();
  const book = page.getByTestId('gradebook-grid');
  const bookCell = (name: string, long: string) =>
    book
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: new RegExp(`\\. ${name}$`) }) })
      .getByRole('textbox', { name: `${long} của ${name}` });
  await bookCell(FIRST, 'Mức đạt được').click();
  await page.keyboard.type('HTT');
  await page.keyboard.press('Tab');
  await page.keyboard.type('10');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('save-state')).toContainText('Đã lưu');
  // The other books and the second pupil's ratings come in as their teachers would: through the API.
  const cells = (learnerId: string, values: Record<string, string>, expectedVersion = 0) =>
    Object.entries(values).map(([field, value]) => ({ learnerId, field, value, expectedVersion }));
  for (const [subject, first, second] of [
    ['TIENG_VIET', { rating: 'HTT', test: '9' }, { rating: 'HT', test: '6' }],
    ['DAO_DUC', { rating: 'HTT' }, { rating: 'HT' }],
  ] as const)
    await apiAs('teacher1', 'PATCH', `/classes/${classId}/grade-books/${subject}/2`, {
      changes: [...cells(pupils[FIRST]!, first), ...cells(pupils[SECOND]!, second)],
    });

  await page.getByRole('link', { name: `← Sổ điểm lớp ${CLASS}` }).click();
  await page
    .getByRole('navigation', { name: `Các trang của lớp ${CLASS}` })
    .getByRole('link', { name: 'Kết quả' })
    .click();
  await page
    .getByRole('navigation', { name: 'Chọn kì tổng kết' })
    .getByRole('link', { name: 'Cả năm' })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Kết quả lớp ${CLASS} — Cả năm`);
  const results = page.getByTestId('results-table');
  const first = results.locator('tbody tr').filter({ hasText: FIRST });
  await expect(first.locator('[data-subject="TOAN"]')).toHaveText('HTT (KTĐK 10)');
  await expect(first.getByTestId('qualities')).toHaveText('Tốt: 13');
  await expect(first.getByTestId('achievement')).toHaveText('Hoàn thành xuất sắc');
  await expect(first.getByTestId('honour')).toHaveText('Học sinh Xuất sắc');
  await expect(first.getByTestId('outcome')).toHaveText('Hoàn thành chương trình lớp học');
  const second = results.locator('tbody tr').filter({ hasText: SECOND });
  await expect(second.locator('[data-subject="TOAN"]')).toHaveText('Chưa đánh giá');
  await expect(second.getByTestId('qualities')).toContainText('Mới đánh giá 1/13');
  await expect(second.getByTestId('achievement')).toHaveText('Chưa xét: còn thiếu Toán, Phẩm chất, năng lực');
  // The class's figures, computed now: one pupil counted, one not yet.
  const figures = page.getByTestId('class-result-stats');
  await expect(figures.locator('[data-figure="achievements"]')).toHaveText(
    'Hoàn thành xuất sắc 1 · Hoàn thành tốt 0 · Hoàn thành 0 · Chưa hoàn thành 0',
  );
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'gradebook-primary-results');

  // The principal locks semester II's books; the homeroom teacher sends the year.
  for (const subject of ['TIENG_VIET', 'TOAN', 'DAO_DUC'])
    await apiAs('principal1', 'POST', `/classes/${classId}/grade-books/${subject}/2/lock`);
  await figures.getByRole('button', { name: 'Gửi kết quả lên CSDL' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Gửi kết quả' }).click();
  const outcome = figures.getByTestId('submission-outcome');
  await expect(outcome).toContainText('Đã gửi 1 kết quả để duyệt');
  await expect(outcome.getByTestId('submission-skipped')).toHaveText(
    `${SECOND} — thiếu: Toán, phẩm chất, năng lực`,
  );

  // The school's statistics count its primary pupils apart.
  const principal = await (
    await browser.newContext({
      viewport: { width: 1280, height: 900 },
      baseURL: PORTAL_URL,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
    })
  ).newPage();
  await signIn(principal, 'principal1');
  await mainNav(principal).getByRole('link', { name: 'Thống kê kết quả học tập' }).click();
  const primary = principal.getByTestId('result-stats-primary');
  await expect(primary.getByRole('heading', { level: 2 })).toHaveText('Tiểu học (Thông tư 27)');
  await expect(primary.locator('[data-figure="HTXS"] .figure')).not.toHaveText('0');
  await expect(primary.getByTestId('primary-qualities')).toContainText('Trung thực');
  // The Excel export carries them on a sheet of their own.
  const download = principal.waitForEvent('download');
  await principal.getByRole('button', { name: 'Xuất Excel' }).click();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await (await download).path())!);
  const sheet = workbook.getWorksheet('Tiểu học')!;
  expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual([
    'Lớp',
    'Học sinh đủ kết quả',
    'Hoàn thành xuất sắc',
    'Hoàn thành tốt',
    'Hoàn thành',
    'Chưa hoàn thành',
    'Hoàn thành chương trình lớp học',
    'Hoàn thành chương trình tiểu học',
    'Cần giúp đỡ, đánh giá bổ sung',
  ]);
  const rows: unknown[][] = [];
  sheet.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  expect(rows).toContainEqual([`Lớp ${CLASS}`, 1, 1, 0, 0, 0, 1, 0, 0]);
  expect(rows).toContainEqual(['Toán', 1, 0, 0]);
  await expectAccessible(principal);
  await expectNoEnglish(principal);
  await screenshot(principal, testInfo, 'result-statistics-primary');
});

test('on a phone the qualities scroll inside the grid with the pupils’ names in view @phone', async ({
  page,
}, testInfo) => {
  const grid = await openHomeroom(page, true);
  const firstRow = grid.locator('tbody tr').first();
  await firstRow.getByRole('textbox').nth(12).scrollIntoViewIfNeeded();
  const scrolled = await grid.evaluate((g) => g.parentElement!.scrollLeft);
  expect(scrolled).toBeGreaterThan(0);
  await expect(firstRow.getByRole('rowheader')).toBeInViewport();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'gradebook-primary-homeroom-phone');
});

test('after the semester’s deadline the homeroom teacher reads, and the principal corrects on her phone @phone', async ({
  page,
  browser,
}, testInfo) => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  const deadline = (lockOn: string) =>
    apiAs('principal1', 'PUT', '/org-units/THPT-TRANPHU/grade-book-deadlines', {
      schoolYear: '2026-2027',
      semester: 2,
      lockOn,
    });
  await deadline(today);
  try {
    const grid = await openHomeroom(page, true);
    await expect(page.getByTestId('homeroom-locked')).toHaveText(
      'Đã đến hạn khoá sổ của học kì: phần chủ nhiệm đã khoá. Muốn sửa, đề nghị lãnh đạo nhà trường sửa giúp.',
    );
    await expect(grid.getByRole('textbox').first()).toHaveAttribute('readonly', '');

    const principal = await (
      await browser.newContext({
        ...devices['Pixel 7'],
        baseURL: PORTAL_URL,
        locale: 'vi-VN',
        timezoneId: 'Asia/Ho_Chi_Minh',
      })
    ).newPage();
    await signIn(principal, 'principal1');
    await principal.goto(`/classes/${classId}/homeroom/2`);
    await expect(principal.getByTestId('homeroom-locked')).toContainText(
      'Là lãnh đạo nhà trường, bạn sửa được',
    );
    const cell = principal
      .getByTestId('homeroom-grid')
      .getByRole('textbox', { name: `Năng lực đặc thù: Tính toán của ${SECOND}` });
    // (This project's class is its own: nothing is rated in it yet.)
    await expect(cell).toHaveValue('');
    await cell.fill('Đ');
    await principal.getByRole('heading', { level: 1 }).click();
    await expect(principal.getByTestId('save-state')).toContainText('Đã lưu');
    await principal.reload();
    await expect(cell).toHaveValue('Đ');
    await expectAccessible(principal);
    await expectNoEnglish(principal);
    await screenshot(principal, testInfo, 'gradebook-primary-homeroom-correct');
  } finally {
    // Moved later again (as the permission matrix sets it): the rows open, nothing else locks.
    await deadline('2027-05-25');
  }
});
