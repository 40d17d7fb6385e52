/**
 * Digitising the paper registers in the browser (issue 23): a keyer starts a batch and uploads a
 * scanner's PDF; OCR proposes the diploma's fields beside its page; the keyer corrects and saves
 * (and has nothing more to key); a second keyer, who never sees the first's values, confirms; an
 * officer finds the agreed record from the home page's task and approves it in a dialog (Enter
 * cancels); signed out, anyone's public lookup finds the diploma.
 */
import { expect, test } from '@playwright/test';
import {
  renderDiplomaScan,
  renderRegisterScan,
  sampleDiploma,
  sampleRegisterRows,
  scansAsPdf,
} from '../support/diploma-scans.ts';
import { expectAccessible, expectNoEnglish, mainNav, screenshot, signIn, signOut } from './support.ts';

const YEAR = 1981;
const run = Date.now() % 1_000_000;
const truth = sampleDiploma(run % 50, {
  serial: `B ${String(run).padStart(7, '0')}`,
  registerNumber: `${100_000 + (Math.floor(Date.now() / 1000) % 800_000)}/${YEAR}`,
  graduationYear: String(YEAR),
  issuedOn: `18/07/${YEAR}`,
});
const BOOK = `Hộp bằng THPT năm ${YEAR} — ${run}`;

test('scans → OCR proposal → double keying → approved → the public lookup finds it', async ({
  page,
}, info) => {
  test.setTimeout(240_000);
  await signIn(page, 'keyer1');
  await mainNav(page).getByRole('link', { name: 'Số hoá văn bằng' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Số hoá văn bằng');
  const create = page.getByTestId('new-batch');
  await create.getByLabel('Năm của sổ gốc').fill(String(YEAR));
  await create.getByLabel('Tên lô (quyển sổ, hộp văn bằng)').fill(BOOK);
  await create.getByRole('button', { name: 'Tạo lô' }).click();
  await page.getByRole('link', { name: 'Mở lô' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(BOOK);

  const scan = await renderDiplomaScan(truth, { rotate: 0.9, blur: 0.5, jpegQuality: 80, noiseSeed: 3 });
  await page.getByLabel('Tệp bản quét').setInputFiles({
    name: `hop-${YEAR}.pdf`,
    mimeType: 'application/pdf',
    buffer: Buffer.from(await scansAsPdf([scan])),
  });
  await page.getByRole('button', { name: 'Tải lên' }).click();
  await expect(page.getByTestId('scan-files')).toContainText('1 trang đã tách để đọc', { timeout: 60_000 });
  await page.getByTestId('start-keying').click({ timeout: 90_000 });

  // OCR's proposal beside the page; the keyer corrects what the paper says and saves.
  const form = page.getByTestId('keying-form');
  await expect(page.getByTestId('scan-page').getByRole('img')).toBeVisible();
  await expect(form.getByLabel('Họ và tên')).toHaveValue(truth.fullName);
  // (OCR may run the serial's letter and digits together: the same diploma to the register.)
  await expect(form.getByLabel('Số hiệu')).toHaveValue(new RegExp(truth.serial.slice(2)));
  await form.getByLabel('Số hiệu').fill(truth.serial);
  await form.getByLabel('Số vào sổ').fill(truth.registerNumber);
  // A value the register cannot take is refused by field, in Vietnamese, before anything is saved.
  await form.getByLabel('Ngày cấp').fill('31/02/1981');
  await form.getByRole('button', { name: 'Lưu và sang bản ghi tiếp' }).click();
  await expect(form.getByText('Ghi ngày theo dạng dd/mm/yyyy')).toBeVisible();
  await form.getByLabel('Ngày cấp').fill(truth.issuedOn);
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, info, 'diploma-keying');
  await form.getByRole('button', { name: 'Lưu và sang bản ghi tiếp' }).click();
  await expect(page.getByTestId('nothing-to-key')).toContainText('Bạn đã nhập 1 bản ghi');
  await signOut(page);

  // The second keyer: the same record, OCR's proposal again — never the first keyer's values.
  await signIn(page, 'keyer2');
  await page.goto('/diplomas/scans');
  await page.getByRole('link', { name: BOOK }).click();
  await page.getByTestId('start-keying').click();
  await expect(form).toContainText('bạn không thấy lần nhập thứ nhất');
  await expect(form.getByLabel('Số hiệu')).toHaveValue(new RegExp(truth.serial.slice(2)));
  await form.getByLabel('Số hiệu').fill(truth.serial);
  await form.getByLabel('Số vào sổ').fill(truth.registerNumber);
  await form.getByLabel('Ngày cấp').fill(truth.issuedOn);
  await form.getByRole('button', { name: 'Lưu và sang bản ghi tiếp' }).click();
  await expect(page.getByTestId('nothing-to-key')).toBeVisible();
  await signOut(page);

  // The officer: the home page says what waits; the approval is asked in a dialog.
  await signIn(page, 'diploma1');
  const task = page.locator('[data-task="diploma-scan-approvals"]');
  await expect(task).toContainText('chờ duyệt vào sổ gốc');
  await page.goto('/diplomas/scans');
  await page.getByRole('link', { name: BOOK }).click();
  await page
    .getByTestId('agreed-records')
    .getByRole('link', { name: new RegExp(truth.serial) })
    .click();
  await expect(page.getByTestId('agreed')).toContainText(truth.fullName);
  await expect(page.getByTestId('agreed')).toContainText(truth.registerNumber);
  // An old diploma's holder is not a learner in the education database: said so, nothing offered.
  await expect(page.getByTestId('education-check')).toContainText(
    'Không có học sinh nào cùng họ tên và ngày sinh trong cơ sở dữ liệu ngành',
  );
  await page.getByRole('button', { name: 'Duyệt vào sổ gốc' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Duyệt văn bằng của ${truth.fullName}`);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('record-state')).toContainText('Đã thống nhất: chờ duyệt');
  await page.getByRole('button', { name: 'Duyệt vào sổ gốc' }).click();
  await dialog.getByRole('button', { name: 'Duyệt vào sổ gốc' }).click();
  await expect(page.getByTestId('record-state')).toContainText('Đã vào sổ gốc');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, info, 'diploma-scan-approved');
  await page.getByRole('link', { name: 'Xem trong sổ gốc' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(truth.fullName);
  await signOut(page);

  // Anyone, signed out, finds it.
  await page.goto('/lookup/diplomas');
  const lookup = page.getByTestId('diploma-lookup');
  await lookup.getByLabel('Số hiệu văn bằng').fill(truth.serial);
  await lookup.getByLabel('Họ và tên người được cấp').fill(truth.fullName);
  await lookup.getByLabel('Năm sinh').fill(truth.birthDate.slice(-4));
  await lookup.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(page.getByTestId('diploma-answer')).toContainText('còn hiệu lực');
});

test('the office follows the digitisation on a phone @phone', async ({ page }, info) => {
  await signIn(page, 'diploma2');
  await page.goto('/diplomas/scans');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Số hoá văn bằng');
  await expect(page.getByTestId('new-batch').getByLabel('Năm của sổ gốc')).toBeVisible();
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, info, 'diploma-scans-phone');
});

test('a register book’s page is read a row a record, each keyed beside its row', async ({ page }, info) => {
  test.setTimeout(180_000);
  const book = `Sổ gốc THPT năm 1983 — ${run}`;
  const rows = sampleRegisterRows(3).map((d, n) => ({
    ...d,
    serial: `B 9${String(run).padStart(6, '0')}${n}`,
    registerNumber: `${(run % 90_000) * 3 + 500 + n}/1983`,
  }));
  await signIn(page, 'keyer1');
  await page.goto('/diplomas/scans');
  const create = page.getByTestId('new-batch');
  await create.getByLabel('Năm của sổ gốc').fill('1983');
  await create
    .getByLabel('Loại tài liệu quét')
    .selectOption({ label: 'Sổ gốc cấp văn bằng (mỗi trang một bảng, mỗi dòng một văn bằng)' });
  await create.getByLabel('Tên lô (quyển sổ, hộp văn bằng)').fill(book);
  await create.getByRole('button', { name: 'Tạo lô' }).click();
  await page.getByRole('link', { name: 'Mở lô' }).click();
  const scan = await renderRegisterScan(rows, { dpi: 200, rotate: -0.5, blur: 0.5, jpegQuality: 80 });
  await page.getByLabel('Tệp bản quét').setInputFiles({
    name: 'so-goc-1983.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from(await scansAsPdf([scan], 200)),
  });
  await page.getByRole('button', { name: 'Tải lên' }).click();
  await expect(page.getByTestId('scan-files')).toContainText('1 trang đã tách để đọc', { timeout: 60_000 });
  await page.getByTestId('start-keying').click({ timeout: 90_000 });
  const form = page.getByTestId('keying-form');
  // The first row, marked on the page; its cells and the page's heading proposed.
  await expect(page.getByTestId('scan-row')).toBeVisible();
  await expect(form.getByLabel('Họ và tên')).toHaveValue(rows[0]!.fullName);
  await expect(form.getByLabel('Trường')).toHaveValue('Trường THPT Ngô Quyền');
  await expect(form.getByTestId('keying-where')).toHaveText('Trang 1, dòng 1 (khung xanh trên ảnh)');
  await expectAccessible(page);
  await screenshot(page, info, 'diploma-register-row');
  await form.getByLabel('Số hiệu').fill(rows[0]!.serial);
  await form.getByRole('button', { name: 'Lưu và sang bản ghi tiếp' }).click();
  // The next row of the same page.
  await expect(form.getByLabel('Họ và tên')).toHaveValue(rows[1]!.fullName);
  await expect(form.getByTestId('keying-where')).toHaveText('Trang 1, dòng 2 (khung xanh trên ảnh)');
  await expectNoEnglish(page);
});
