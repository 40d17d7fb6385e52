/**
 * A grade-10 application in the browser (issue 24): a father signed in with VNeID at level 2
 * applies for his daughter on a phone — her personal ID typed once, the schools picked by name
 * — the lower-secondary school's principal verifies it in a dialog (Enter cancels), and the
 * Department, once the window has closed, imports the marking board's score sheet and announces
 * the scores; the father asks for her maths paper to be marked again and the Department enters the
 * board's result; it runs the allocation, reads the
 * cut-offs and the daughter's result, adopts the run and schedules the publication; at the minute
 * the father reads her result from his own link and confirms her enrolment.
 */
import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import {
  fathersGrade9Daughter,
  openedGrade10Campaign,
  openMenu,
  signInWithVneid,
} from './admissions-support.ts';
import { PORTAL_URL } from './playwright.config.ts';
import { apiAs, expectAccessible, expectNoEnglish, mainNav, screenshot, signIn, signOut } from './support.ts';

const run = Date.now() % 100_000;
// A school year of its own: a reused server keeps earlier runs' campaigns.
const start = 2300 + (Math.floor(Date.now() / 1000) % 600);
const schoolYear = `${start}-${start + 1}`;
const campaignName = `Tuyển sinh lớp 10 năm học ${schoolYear}`;
const daughter = {
  personalId: makePersonalId('031', new Date().getFullYear() - 15, 'female', 880_000 + run),
  fullName: 'Trịnh Thu Hằng',
  dateOfBirth: `${new Date().getFullYear() - 15}-02-14`,
  gender: 'female' as const,
};

test('a father applies for grade 10, the school verifies, the Department allocates @phone', async ({
  page,
}, info) => {
  test.setTimeout(300_000);
  // The campaign, open now, with two schools' places.
  const campaign = await openedGrade10Campaign(
    campaignName,
    schoolYear,
    { 'THPT-TRANPHU': 1, 'THPT-HONGBANG': 2 },
    [{ code: 'UT3', name: 'Người dân tộc thiểu số', points: 100 }],
  );
  // His daughter: a grade-9 pupil of Ngô Quyền's lower-secondary school, and the population database's answer.
  await fathersGrade9Daughter(daughter);

  // The father applies on his phone.
  await signInWithVneid(page);
  await openMenu(page, 'Tuyển sinh đầu cấp');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tuyển sinh đầu cấp');
  const form = page.getByTestId('admission-apply');
  await form.getByLabel('Kỳ tuyển sinh').selectOption({ label: campaignName });
  await form.getByLabel('Số định danh cá nhân của con').fill(daughter.personalId);
  await form.getByLabel('Nguyện vọng 1').selectOption({ label: 'Trường THPT chuyên Trần Phú (Khu vực 1)' });
  await form.getByLabel('Nguyện vọng 2').selectOption({ label: 'Trường THPT Hồng Bàng (Khu vực 1)' });
  await form.getByLabel('Số điện thoại liên hệ').fill('0912345678');
  await expectAccessible(page);
  await form.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  const mine = page.getByTestId('my-application').filter({ hasText: daughter.fullName });
  await expect(mine).toContainText('Chờ nhà trường xác nhận');
  await expect(mine).toContainText('Trường THCS Ngô Quyền');
  await expect(mine.getByRole('listitem').first()).toHaveText('Trường THPT chuyên Trần Phú');
  await expect(page.locator('body')).not.toContainText(daughter.personalId);
  // The receipt of what he sent, as a PDF: asked for, made in the background, then a link.
  await mine.getByRole('button', { name: 'Phiếu tiếp nhận hồ sơ (PDF)' }).click();
  const receipt = mine.getByRole('link', { name: 'Tải phiếu tiếp nhận hồ sơ' });
  await expect(receipt).toBeVisible({ timeout: 30_000 });
  const pdf = await page.request.get((await receipt.getAttribute('href'))!);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, info, 'admission-applied');
  await signOut(page);

  // The principal of Ngô Quyền's lower-secondary school verifies it.
  await signIn(page, 'principal2');
  // Her school's home says what waits, and its link opens the school's applications.
  const verifyTask = page.locator(`[data-task="admission-verify:THCS-NGOQUYEN:${campaign.campaignId}"]`);
  await expect(verifyTask).toContainText(`1 hồ sơ tuyển sinh chờ nhà trường xác nhận — ${campaignName}`);
  await verifyTask.getByRole('link').click();
  await expect(page.getByLabel('Kỳ tuyển sinh').locator('option:checked')).toHaveText(campaignName);
  await page.getByRole('button', { name: `Xem hồ sơ của ${daughter.fullName}` }).click();
  const detail = page.getByTestId('school-application');
  await expect(detail).toContainText('Người nộp: Trịnh Văn Nam — 0912345678');
  await detail.getByRole('button', { name: 'Xác nhận hồ sơ' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Xác nhận hồ sơ của ${daughter.fullName}?`);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(detail).toContainText('Chờ nhà trường xác nhận');
  await detail.getByRole('button', { name: 'Xác nhận hồ sơ' }).click();
  await dialog.getByRole('button', { name: 'Xác nhận hồ sơ' }).click();
  await expect(detail.getByRole('heading', { level: 2 })).toContainText('Đã xác nhận');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await signOut(page);

  // The window closes; the scores are entered (the exam is on paper).
  const current = await apiAs<{ version: number }>(
    'admin',
    'GET',
    `/admission-campaigns/${campaign.campaignId}`,
  );
  await apiAs('admin', 'PUT', `/admission-campaigns/${campaign.campaignId}`, {
    expectedVersion: current.version,
    name: campaignName,
    timetable: {
      applyFrom: campaign.applyFrom,
      // Minutes ago: the scores are announced after it (a time typed to the minute).
      applyUntil: new Date(Date.now() - 5 * 60_000).toISOString(),
    },
  });
  // She is numbered and seated (one council, one room): candidate 000001.
  await apiAs(
    'admin',
    'PUT',
    `/admission-campaigns/${campaign.campaignId}/exam-seating`,
    { councils: [{ schoolId: 'THPT-TRANPHU', rooms: 1 }] },
    202,
  );
  await expect
    .poll(
      async () =>
        (
          await apiAs<{ state: string }>(
            'admin',
            'GET',
            `/admission-campaigns/${campaign.campaignId}/exam-seating`,
          )
        ).state,
      { timeout: 20_000 },
    )
    .toBe('done');

  // The Department imports the marking board's sheet (the exam is on paper), runs the allocation
  // and reads her result.
  await signIn(page, 'admin');
  await openMenu(page, 'Kỳ tuyển sinh');
  await page.getByRole('link', { name: campaignName }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(campaignName);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Điểm thi');
  sheet.addRow(['Số báo danh', 'Họ và tên', 'Toán', 'Ngữ văn', 'Tiếng Anh']);
  sheet.addRow(['000001', daughter.fullName, '8,75', '8', '9,25']);
  const scores = page.getByTestId('score-import');
  await scores.getByLabel('Tệp bảng tính').setInputFiles({
    name: 'diem-thi-lop-10.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: Buffer.from(await book.xlsx.writeBuffer()),
  });
  await scores.getByRole('button', { name: 'Nhập điểm từ tệp' }).click();
  await expect(scores.getByTestId('score-import-result')).toContainText(
    'Đã đọc 1 dòng: nhập điểm cho 1 thí sinh, 0 dòng bị từ chối.',
    { timeout: 20_000 },
  );
  // The scores are announced to families now, re-marking asked for within the hour.
  const cityInput = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16);
  const minute = Math.floor(Date.now() / 60_000) * 60_000;
  const remarking = page.getByTestId('remarking');
  await remarking.getByLabel('Công bố điểm cho gia đình từ').fill(cityInput(minute - 3 * 60_000));
  await remarking.getByLabel('Hạn nộp đơn phúc khảo').fill(cityInput(minute + 3_600_000));
  await remarking.getByRole('button', { name: 'Lưu lịch công bố điểm' }).click();
  await expect(remarking).toContainText('Gia đình xem điểm từ');
  // From then the sheet is closed: scores change only by re-marking.
  await expect(page.getByTestId('score-import')).toHaveCount(0);
  await signOut(page);

  // The father reads her scores and asks for her maths paper to be marked again.
  await signInWithVneid(page);
  await openMenu(page, 'Tuyển sinh đầu cấp');
  const familyScores = mine.getByTestId('family-scores');
  await expect(familyScores.getByRole('row')).toHaveText(['Toán8,75', 'Ngữ văn8', 'Tiếng Anh9,25']);
  await familyScores.getByRole('button', { name: 'Đề nghị phúc khảo' }).click();
  const remarkForm = familyScores.getByTestId('remark-form');
  // Sent once, so asked in a dialog. Nothing chosen: said on the papers, in Vietnamese.
  const askDialog = page.getByRole('dialog', { name: /Gửi đơn phúc khảo cho/ });
  await remarkForm.getByRole('button', { name: 'Gửi đơn phúc khảo' }).click();
  await askDialog.getByRole('button', { name: 'Gửi đơn phúc khảo' }).click();
  await expect(remarkForm).toContainText('Hãy chọn ít nhất một bài thi cần phúc khảo.');
  await remarkForm.getByLabel('Toán (8,75)').check();
  await remarkForm.getByLabel('Lý do (không bắt buộc)').fill('Cháu làm đủ câu 5 nhưng chỉ được nửa điểm.');
  await expectAccessible(page);
  // Enter in the dialog sends nothing.
  await remarkForm.getByRole('button', { name: 'Gửi đơn phúc khảo' }).click();
  await expect(askDialog).toContainText('Mỗi thí sinh chỉ nộp đơn một lần.');
  await page.keyboard.press('Enter');
  await expect(askDialog).toBeHidden();
  await expect(familyScores).not.toContainText('Đã nộp đơn phúc khảo');
  await remarkForm.getByRole('button', { name: 'Gửi đơn phúc khảo' }).click();
  await askDialog.getByRole('button', { name: 'Gửi đơn phúc khảo' }).click();
  await expect(familyScores).toContainText('Đã nộp đơn phúc khảo lúc');
  await expect(familyScores).toContainText('Toán: 8,75 điểm — đang phúc khảo');
  await expect(familyScores.getByRole('button', { name: 'Đề nghị phúc khảo' })).toHaveCount(0);
  await expectNoEnglish(page);
  await screenshot(page, info, 'admission-remark-asked');
  await signOut(page);

  // The Department's home says a request waits; it ends the requests early and enters the board's result.
  await signIn(page, 'admin');
  const remarkTask = page.locator(`[data-task="admission-remarks:${campaign.campaignId}"]`);
  await expect(remarkTask).toContainText('1 đơn phúc khảo chờ nhập kết quả');
  await remarkTask.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(campaignName);
  // Minutes ago: the requests are settled, and a run from now on counts every result.
  await remarking
    .getByLabel('Hạn nộp đơn phúc khảo')
    .fill(cityInput(Math.floor(Date.now() / 60_000) * 60_000 - 2 * 60_000));
  await remarking.getByRole('button', { name: 'Lưu lịch công bố điểm' }).click();
  const request = remarking.getByTestId('remark-request').filter({ hasText: daughter.fullName });
  await expect(request).toContainText('000001');
  await expect(request).toContainText('Cháu làm đủ câu 5 nhưng chỉ được nửa điểm.');
  // The result fixes her score: asked in a dialog, Enter there cancels.
  const resultDialog = page.getByRole('dialog', { name: /Ghi kết quả phúc khảo của/ });
  await request.getByLabel('Điểm Toán sau phúc khảo (trước: 8,75)').fill('9,3');
  await request.getByRole('button', { name: 'Ghi kết quả phúc khảo' }).click();
  await resultDialog.getByRole('button', { name: 'Ghi kết quả phúc khảo' }).click();
  await expect(request).toContainText('Điểm bài “Toán” phải từ 0 đến 10, lẻ đến 0,25.');
  await request.getByLabel('Điểm Toán sau phúc khảo (trước: 8,75)').fill('9,25');
  await request.getByLabel('Ghi chú của hội đồng phúc khảo').fill('Câu 5 chấm sót 0,5 điểm.');
  await request.getByLabel('Ghi chú của hội đồng phúc khảo').press('Enter');
  await expect(resultDialog).toBeHidden();
  await request.getByRole('button', { name: 'Ghi kết quả phúc khảo' }).click();
  await page.keyboard.press('Enter');
  await expect(resultDialog).toBeHidden();
  await expect(request).toBeVisible();
  await request.getByRole('button', { name: 'Ghi kết quả phúc khảo' }).click();
  await resultDialog.getByRole('button', { name: 'Ghi kết quả phúc khảo' }).click();
  await expect(remarking).toContainText('Không có đơn phúc khảo nào đang chờ kết quả.');
  await remarking.getByRole('button', { name: 'Đã có kết quả' }).click();
  await expect(remarking.getByTestId('remark-results')).toHaveText('Toán: 8,75 → 9,25 điểm');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await page.getByTestId('start-run').getByRole('button', { name: 'Chạy xét tuyển' }).click();
  const runCard = page.getByTestId('allocation-run').first();
  await expect(runCard).toContainText('1 hồ sơ được xét, 1 trúng tuyển', { timeout: 20_000 });
  await expect(runCard.getByTestId('run-programmes')).toContainText('NV1: 26,5');
  await runCard.getByText('Giải trình kết quả của một học sinh').click();
  await runCard.getByLabel('Tìm trường theo tên').fill('thcs ngo quyen');
  await runCard.getByRole('radio', { name: /Trường THCS Ngô Quyền/ }).check();
  await runCard
    .getByLabel('Học sinh')
    .selectOption({ label: `${daughter.fullName} (${daughter.dateOfBirth.split('-').reverse().join('/')})` });
  await expect(runCard.getByTestId('explanation')).toContainText('Trường THPT chuyên Trần Phú: Trúng tuyển');
  // The re-marked maths paper counts: 9,25 + 8 + 9,25.
  await expect(runCard.getByTestId('explanation')).toContainText('26,5 điểm xét tuyển');
  await runCard.getByRole('button', { name: 'Chọn làm kết quả xét tuyển' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Chọn làm kết quả xét tuyển' }).click();
  await expect(runCard).toContainText('Đã chọn làm kết quả');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, info, 'admission-allocated');

  // The Department sets the publication minute and the confirmation deadline, then schedules it
  // in a dialog: every family's result is prepared at once.
  const publishAtMs = Math.ceil((Date.now() + 20 * 60_000) / 60_000) * 60_000;
  const publication = page.getByTestId('publication');
  await publication.getByLabel('Thời điểm công bố').fill(cityInput(publishAtMs));
  await publication.getByLabel('Hạn xác nhận nhập học').fill(cityInput(publishAtMs + 3 * 86_400_000));
  await publication.getByRole('button', { name: 'Lưu lịch công bố' }).click();
  await publication.getByRole('button', { name: 'Hẹn công bố kết quả' }).click();
  await expect(page.getByRole('dialog')).toContainText('Công bố kết quả lúc');
  // Enter schedules nothing.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(publication.getByTestId('publication-state')).toHaveCount(0);
  await publication.getByRole('button', { name: 'Hẹn công bố kết quả' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Hẹn công bố kết quả' }).click();
  await expect(publication.getByTestId('publication-state')).toContainText(
    'Sẵn sàng: kết quả của 1 gia đình sẽ được công bố lúc',
    { timeout: 20_000 },
  );
  await expectAccessible(page);
  await expectNoEnglish(page);
  await signOut(page);

  // Before the minute the father's result page says when; at the minute it shows the result,
  // from static files and his own key.
  await signInWithVneid(page);
  await openMenu(page, 'Tuyển sinh đầu cấp');
  await mine.getByTestId('result-link').click();
  await expect(page.getByTestId('result-waiting')).toContainText('Kết quả sẽ được công bố lúc');
  const released = await fetch(
    `${PORTAL_URL}/_local/fire/admissions-release-admission-results?time=${new Date(publishAtMs).toISOString()}`,
    { method: 'POST' },
  );
  expect(released.status).toBe(200);
  await page.reload();
  const result = page.getByTestId('admission-result');
  await expect(result).toContainText('Trúng tuyển vào Trường THPT chuyên Trần Phú (nguyện vọng 1).');
  await expect(result).toContainText('Điểm xét tuyển');
  await expect(page.locator('body')).not.toContainText(daughter.personalId);
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, info, 'admission-result');

  // His home says what to do next: confirm her enrolment, which he does in a dialog (Enter confirms nothing).
  await page.goto('/home');
  const confirmTask = page.locator('[data-task="admission-confirm"]');
  await expect(confirmTask).toContainText(`cần xác nhận nhập học trước hạn (${daughter.fullName})`);
  await confirmTask.getByRole('link').click();
  await expect(mine.getByTestId('application-outcome')).toContainText(
    'Trúng tuyển: Trường THPT chuyên Trần Phú (nguyện vọng 1)',
  );
  await mine.getByRole('button', { name: 'Xác nhận nhập học' }).click();
  await expect(page.getByRole('dialog')).toContainText(
    `Xác nhận ${daughter.fullName} nhập học tại Trường THPT chuyên Trần Phú?`,
  );
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(mine.getByTestId('application-outcome')).not.toContainText('Đã xác nhận nhập học');
  await mine.getByRole('button', { name: 'Xác nhận nhập học' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Xác nhận nhập học' }).click();
  await expect(mine.getByTestId('application-outcome')).toContainText(
    'Đã xác nhận nhập học tại Trường THPT chuyên Trần Phú lúc',
  );
  await expectAccessible(page);
  await expectNoEnglish(page);
});

test('a commune sets its grade-1 catchments by school name, each residential area to one school', async ({
  page,
}, info) => {
  await signIn(page, 'commune1.admin');
  await mainNav(page).getByRole('link', { name: 'Phân tuyến tuyển sinh', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Phân tuyến tuyển sinh lớp 1, lớp 6');
  const form = page.getByTestId('catchment-form');
  const first = form.getByTestId('catchment-school').nth(0);
  await first.getByLabel('Trường', { exact: true }).selectOption({ label: 'Trường Tiểu học Hồng Bàng' });
  await first.getByLabel('Số chỗ').fill('175');
  await first.getByLabel('Tổ dân phố, thôn').fill('Tổ dân phố số 1\nTổ dân phố số 2');
  // A second school given an area the first has: refused on that school's areas, in Vietnamese.
  await form.getByRole('button', { name: 'Thêm trường' }).click();
  const second = form.getByTestId('catchment-school').nth(1);
  await second.getByLabel('Trường', { exact: true }).selectOption({ label: 'Trường THCS Hồng Bàng' });
  await second.getByLabel('Số chỗ').fill('40');
  await second.getByLabel('Tổ dân phố, thôn').fill('tổ dân phố số 2');
  await form.getByRole('button', { name: 'Lưu phân tuyến' }).click();
  await expect(second).toContainText('Khu dân cư “tổ dân phố số 2” đã thuộc tuyến của trường khác.');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await second.getByRole('button', { name: 'Bỏ trường này' }).click();
  await form.getByRole('button', { name: 'Lưu phân tuyến' }).click();
  // The save answers with each school's applications counted: slower on a busy machine.
  await expect(form.getByRole('status')).toHaveText('Đã lưu phân tuyến.', { timeout: 20_000 });
  await page.reload();
  await expect(form.getByTestId('catchment-school')).toHaveCount(1);
  await expect(form.getByLabel('Số chỗ')).toHaveValue('175');
  // Its applications against its places (none yet: registration opens after grade 10's days).
  await expect(form.getByTestId('catchment-applications')).toHaveText('Đã nhận 0 hồ sơ cho 175 chỗ.');
  await screenshot(page, info, 'admission-catchments');
});
