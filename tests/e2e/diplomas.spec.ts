/**
 * The diploma register in the browser (issue 23): an officer of the Department's diploma office
 * enters a diploma from a paper book (its number leaves a gap), explains the gap, corrects the
 * holder's date of birth under a decision (asked in a dialog; Enter there cancels), imports a
 * digital register kept in Excel and reads its bad cells; a Department leader finds the diploma
 * on a phone by typing the name without diacritics, and has nothing to change.
 */
import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { REGISTER_COLUMNS } from '../../functions/diplomas/domain/kinds.ts';
import { DEMO_DIPLOMA_SERIAL } from '../../infra/local/demo-diplomas.ts';
import { apiAs, expectAccessible, expectNoEnglish, mainNav, screenshot, signIn, signOut } from './support.ts';

const YEAR = 1979;
const run = Date.now() % 1_000_000;
/** Above any number an earlier run used: each run leaves a gap of its own below it. */
const number = 100_000 + (Math.floor(Date.now() / 1000) % 800_000);
const NAME = `Bùi Thị Thanh Xuân ${String.fromCharCode(65 + (run % 26))}`;

async function workbook(rows: string[][]) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Sổ gốc');
  sheet.addRow(REGISTER_COLUMNS.map((c) => c.header));
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}
const cells = (over: Partial<Record<string, string>>) =>
  REGISTER_COLUMNS.map((c) => over[c.header] ?? c.example);

test('an officer enters, explains, corrects and imports; the register keeps the trail', async ({
  page,
}, info) => {
  test.setTimeout(150_000);
  const before = await apiAs<{ highest: number }>('diploma1', 'GET', `/diploma-registers/${YEAR}`);
  await signIn(page, 'diploma1');
  await mainNav(page).getByRole('link', { name: 'Sổ gốc văn bằng' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sổ gốc văn bằng');
  await page.getByRole('link', { name: 'Vào sổ văn bằng' }).click();

  const form = page.getByTestId('diploma-form');
  await form.getByLabel('Họ và tên').fill(NAME);
  await form.getByLabel('Ngày sinh').fill('1961');
  await form.getByLabel('Nơi sinh').fill('Vĩnh Bảo, Hải Phòng');
  await form.getByLabel('Giới tính').selectOption({ label: 'Nữ' });
  await form.getByLabel('Dân tộc').selectOption({ label: 'Kinh' });
  await form.getByLabel('Loại văn bằng').selectOption({ label: 'Bằng tốt nghiệp trung học phổ thông' });
  await form.getByLabel('Năm tốt nghiệp').fill(String(YEAR));
  await form.getByLabel('Trường').fill('Trường cấp III Vĩnh Bảo');
  await form.getByLabel('Xếp loại').selectOption({ label: 'Khá' });
  await form.getByLabel('Số hiệu').fill(`VB ${run}`);
  await form.getByLabel('Ngày cấp').fill(`${YEAR}-08-10`);
  await form.getByLabel('Số vào sổ').fill(String(number));
  // A date of graduation after the signing is refused by field, in Vietnamese.
  await form.getByLabel('Năm tốt nghiệp').fill(String(YEAR + 1));
  await form.getByRole('button', { name: 'Vào sổ' }).click();
  await expect(form.getByText('Văn bằng được cấp sau khi tốt nghiệp')).toBeVisible();
  await form.getByLabel('Năm tốt nghiệp').fill(String(YEAR));
  await form.getByRole('button', { name: 'Vào sổ' }).click();
  const entered = page.getByTestId('entered');
  await expect(entered).toContainText(`số vào sổ ${number}/${YEAR}`);
  await expect(entered).toContainText(`Các số ${before.highest + 1}–${number - 1} bị bỏ trống`);
  await expectAccessible(page);
  await expectNoEnglish(page);

  // The year's register: the gap, explained from its own form.
  await page.goto('/diplomas');
  await page.getByLabel('Năm vào sổ').fill(String(YEAR));
  await page.getByRole('button', { name: 'Xem', exact: true }).click();
  const summary = page.getByTestId('register-summary');
  await expect(summary).toContainText(`Năm ${YEAR}`);
  const explain = page.getByTestId(`explain-${before.highest + 1}`);
  await explain.getByLabel('Lý do bỏ trống').fill('Sổ giấy mất trang, đã lập biên bản');
  await explain.getByRole('button', { name: 'Ghi giải trình' }).click();
  await expect(summary).toContainText('Sổ giấy mất trang, đã lập biên bản');
  await expect(page.getByTestId('register-entries')).toContainText(NAME);
  await expectAccessible(page);
  await screenshot(page, info, 'diploma-register-year');

  // The entry: a correction of the date of birth under a decision, asked in a dialog.
  await page.getByTestId('register-entries').getByRole('link', { name: NAME }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(NAME);
  const correct = page.getByTestId('act-correct');
  await correct.getByLabel('Nội dung cần chỉnh sửa').selectOption({ label: 'Ngày sinh' });
  await expect(correct).toContainText('Đang ghi: 1961');
  await correct.getByLabel('Giá trị đúng').fill('05/11/1961');
  await correct.getByLabel('Số quyết định').fill(`${run}/QĐ-SGDĐT`);
  await correct.getByLabel('Ngày quyết định').fill('2026-11-30');
  await correct.getByLabel('Lý do').fill('Bổ sung ngày, tháng sinh theo giấy khai sinh');
  await correct.getByRole('button', { name: 'Chỉnh sửa văn bằng' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`văn bằng số hiệu VB ${run} của ${NAME}`);
  // Enter in the dialog cancels: nothing is recorded.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('corrections')).toHaveCount(0);
  await correct.getByRole('button', { name: 'Chỉnh sửa văn bằng' }).click();
  await dialog.getByRole('button', { name: 'Ghi chỉnh sửa' }).click();
  const trail = page.getByTestId('corrections');
  await expect(trail).toContainText(`Quyết định số ${run}/QĐ-SGDĐT`);
  await expect(trail).toContainText('Ngày sinh: 1961 → 05/11/1961');
  await expect(page.getByTestId('entry-facts')).toContainText('05/11/1961');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, info, 'diploma-entry');

  // A digital register from Excel: a good row and a bad one, reported by cell.
  await page.goto('/diplomas/import');
  await page.getByLabel('Tệp Excel (.xlsx)').setInputFiles({
    name: 'so-goc-1979.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await workbook([
      cells({
        'Họ và tên': `Hoàng Văn Lực ${run}`,
        'Số hiệu': `VB ${run}-2`,
        'Số vào sổ': `${number + 1}/${YEAR}`,
        'Năm tốt nghiệp': String(YEAR),
        'Ngày cấp': `10/08/${YEAR}`,
      }),
      cells({
        'Họ và tên': 'Dòng lỗi',
        'Giới tính': 'không rõ',
        'Số hiệu': `VB ${run}-3`,
        'Số vào sổ': 'mười',
      }),
    ]),
  });
  await page.getByRole('button', { name: 'Tải lên và nhập' }).click();
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('Đã đọc 2 dòng: 1 văn bằng đã vào sổ, 1 dòng lỗi.', { timeout: 30_000 });
  const errors = page.getByTestId('import-errors');
  await expect(errors).toContainText('Giới tính');
  await expect(errors).toContainText('Ghi Nam hoặc Nữ.');
  await expect(errors).toContainText('Số vào sổ');
  await expectAccessible(page);
  await expectNoEnglish(page);

  // Anyone, signed out: the public lookup finds the diploma (name typed without diacritics) and
  // says only what it prints; a wrong year of birth finds nothing.
  await signOut(page);
  await page.goto('/');
  await page.getByRole('main').getByRole('link', { name: 'Tra cứu văn bằng' }).click();
  const lookup = page.getByTestId('diploma-lookup');
  await lookup.getByLabel('Số hiệu văn bằng').fill(`vb-${run}`);
  await lookup
    .getByLabel('Họ và tên người được cấp')
    .fill(NAME.normalize('NFD').replace(/\p{M}/gu, '').replace('Đ', 'D'));
  await lookup.getByLabel('Năm sinh').fill('1960');
  await lookup.getByRole('button', { name: 'Tra cứu' }).click();
  const answer = page.getByTestId('diploma-answer');
  await expect(answer).toContainText('Không tìm thấy văn bằng nào khớp');
  await lookup.getByLabel('Năm sinh').fill('1961');
  await lookup.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(answer).toContainText('Văn bằng có trong sổ gốc và còn hiệu lực.');
  await expect(answer).toContainText('05/11/1961');
  await expect(answer).toContainText(`${number}/${YEAR}`);
  await expect(answer).not.toContainText('Kinh');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, info, 'diploma-public-lookup');
});

test('a Department leader finds a diploma on a phone without diacritics, and changes nothing @phone', async ({
  page,
}, info) => {
  const serial = `VBP ${run}`;
  await apiAs(
    'diploma1',
    'POST',
    '/diplomas',
    {
      holder: { fullName: 'Đoàn Thị Phượng', birthDate: '1962-04-30', gender: 'female' },
      type: 'upper-secondary',
      graduationYear: 1980,
      serial,
      school: 'Trường cấp III Ngô Quyền',
      issuedOn: '1980-07-30',
    },
    201,
  );
  await signIn(page, 'leader1');
  await page.goto('/diplomas');
  const search = page.getByTestId('diploma-search');
  await search.getByLabel('Họ và tên').fill('doan thi phuong');
  await search.getByLabel('Năm sinh').fill('1962');
  await search.getByRole('button', { name: 'Tìm' }).click();
  const results = page.getByTestId('diploma-results');
  await expect(results).toContainText(serial);
  await expectAccessible(page);
  await screenshot(page, info, 'diploma-search-phone');
  await results.getByRole('link', { name: 'Đoàn Thị Phượng' }).first().click();
  await expect(page.getByTestId('entry-facts')).toContainText('30/04/1962');
  // A leader reads the register; correcting, cancelling and re-issuing are the office's.
  await expect(page.getByTestId('act-correct')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Vào sổ văn bằng' })).toHaveCount(0);
  await expectNoEnglish(page);
});

test('anyone verifies the demo citizen’s diploma on a phone, signed out @phone', async ({ page }, info) => {
  await page.goto('/lookup/diplomas');
  const lookup = page.getByTestId('diploma-lookup');
  await lookup.getByLabel('Số hiệu văn bằng').fill(DEMO_DIPLOMA_SERIAL.replace(' ', '-').toLowerCase());
  await lookup.getByLabel('Họ và tên người được cấp').fill('Trịnh Văn Nam');
  await lookup.getByLabel('Năm sinh').fill('1984');
  const answer = page.getByTestId('diploma-answer');
  // The demo register is seeded in the background when the cloud starts: asked again until it is in.
  await expect(async () => {
    await lookup.getByRole('button', { name: 'Tra cứu' }).click();
    await expect(answer).toContainText('còn hiệu lực', { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(answer).toContainText('Bằng tốt nghiệp trung học phổ thông');
  await expect(answer).toContainText('12/03/1984');
  await expect(answer).toContainText('Khá');
  // Never what the diploma does not print: the personal ID the register knows stays there.
  await expect(answer).not.toContainText('031084001234');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, info, 'diploma-lookup-phone');
});

test('a father claims his old diploma and the office confirms it; his own are listed', async ({
  page,
}, info) => {
  test.setTimeout(120_000);
  const serial = `C ${run}`;
  // An old entry of the register: no personal ID recorded.
  await apiAs(
    'diploma1',
    'POST',
    '/diplomas',
    {
      holder: { fullName: 'Trịnh Văn Nam', birthDate: '1984-03-12', gender: 'male' },
      type: 'lower-secondary',
      graduationYear: 1999,
      serial,
      school: 'Trường THCS Hồng Bàng',
      issuedOn: '1999-06-30',
    },
    201,
  );
  await signIn(page, 'parent1');
  await mainNav(page).getByRole('link', { name: 'Văn bằng của tôi' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Văn bằng của tôi');
  // His upper-secondary diploma records his personal ID (the demo register, seeded at start).
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('my-diploma').first()).toContainText(DEMO_DIPLOMA_SERIAL, {
      timeout: 2_000,
    });
  }).toPass({ timeout: 60_000 });
  const form = page.getByTestId('claim-form');
  await form.getByLabel('Số hiệu').fill(serial);
  await form.getByLabel('Họ và tên').fill('Trịnh Văn Nam');
  await form.getByLabel('Ngày sinh').fill('12/03/1985');
  await form.getByRole('button', { name: 'Gửi đề nghị' }).click();
  await expect(form).toContainText('Không có văn bằng nào khớp với số hiệu, họ tên và ngày sinh này.');
  await form.getByLabel('Ngày sinh').fill('12/03/1984');
  await form.getByRole('button', { name: 'Gửi đề nghị' }).click();
  await expect(page.getByTestId('my-claims')).toContainText(`Văn bằng số hiệu ${serial}`);
  await expect(page.getByTestId('my-claims')).toContainText('đang chờ Sở xác nhận');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await signOut(page);

  // The office: the claim beside his verified identity, confirmed in a dialog.
  await signIn(page, 'diploma2');
  await expect(
    page.getByRole('link', { name: /đề nghị xác nhận văn bằng của người dân đang chờ/ }),
  ).toBeVisible();
  await page.goto('/diplomas/claims');
  const claim = page.getByTestId('claim').filter({ hasText: serial });
  await expect(claim).toContainText('Trịnh Văn Nam — số định danh 031084001234');
  await claim.getByRole('button', { name: 'Xác nhận', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Xác nhận văn bằng số hiệu ${serial} là của Trịnh Văn Nam?`);
  await dialog.getByRole('button', { name: 'Xác nhận', exact: true }).click();
  await expect(page.getByTestId('claim').filter({ hasText: serial })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, info, 'diploma-claims');
  await signOut(page);

  await signIn(page, 'parent1');
  await page.goto('/me/diplomas');
  await expect(page.getByTestId('my-diploma').filter({ hasText: serial })).toContainText(
    'Bằng tốt nghiệp trung học cơ sở',
  );
  // Who asked about it lately: his own claims' checks, never who asked.
  await expect(
    page.getByTestId('my-diploma').filter({ hasText: serial }).getByTestId('my-diploma-lookups'),
  ).toContainText('người dân đã đăng nhập: thông tin không khớp, không trả lời');
  await expect(page.getByTestId('my-claims')).toContainText('đã xác nhận');
  await expectAccessible(page);
  await screenshot(page, info, 'my-diplomas');
});

test('the office admits an authority’s system, changes its quota and suspends it', async ({ page }, info) => {
  const name = `Công ty TNHH Xuất nhập khẩu Đình Vũ ${run}`;
  await signIn(page, 'diploma2');
  await page.goto('/diplomas');
  await page.getByRole('link', { name: 'Hệ thống tra cứu văn bằng của cơ quan, tổ chức' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Hệ thống tra cứu văn bằng của cơ quan, tổ chức',
  );
  const form = page.getByTestId('admit-authority');
  // A client id with a space is not one the SSO issues: said at the field, in Vietnamese.
  await form.getByLabel('Mã hệ thống (client ID)').fill('dinh vu');
  await form.getByLabel('Tên cơ quan, tổ chức').fill(name);
  await form.getByLabel('Hạn mức tra cứu mỗi ngày').fill('50');
  // Admitting grants access: Enter in the form admits nothing; the button asks in a dialog.
  await form.getByLabel('Hạn mức tra cứu mỗi ngày').press('Enter');
  const ask = page.getByRole('dialog', { name: 'Cho phép hệ thống này tra cứu văn bằng?' });
  await expect(ask).toBeHidden();
  await form.getByRole('button', { name: 'Cho phép tra cứu' }).click();
  await ask.getByRole('button', { name: 'Cho phép tra cứu' }).click();
  await expect(form.locator('.field.invalid')).toContainText('Mã hệ thống (client ID)');
  await expectNoEnglish(page);
  await form.getByLabel('Mã hệ thống (client ID)').fill(`DINHVU-${run}`);
  await form.getByRole('button', { name: 'Cho phép tra cứu' }).click();
  await ask.getByRole('button', { name: 'Cho phép tra cứu' }).click();
  await expect(page.getByText(`Đã cho phép ${name} tra cứu văn bằng.`)).toBeVisible();

  const panel = page.getByRole('region', { name });
  await expect(panel).toContainText('Đang hoạt động');
  await expect(panel).toContainText('0 / 50 lượt');
  await panel.getByLabel('Hạn mức tra cứu mỗi ngày').fill('80');
  await panel.getByRole('button', { name: 'Lưu hạn mức' }).click();
  await expect(panel).toContainText('0 / 80 lượt');

  // Suspending is asked in a dialog whose "Huỷ" has the focus: Enter there suspends nothing.
  await panel.getByRole('button', { name: `Tạm dừng ${name}` }).click();
  const question = page.getByRole('dialog', { name: `Tạm dừng quyền tra cứu của ${name}?` });
  await expect(question).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(question).toBeHidden();
  await expect(panel).toContainText('Đang hoạt động');
  await panel.getByRole('button', { name: `Tạm dừng ${name}` }).click();
  await expectAccessible(page);
  await question.getByRole('button', { name: 'Tạm dừng' }).click();
  await expect(panel.locator('.badge')).toHaveText('Tạm dừng');
  await expect(panel.getByRole('button', { name: `Khôi phục ${name}` })).toBeVisible();
  await expectNoEnglish(page);
  await screenshot(page, info, 'diploma-authorities');
});
