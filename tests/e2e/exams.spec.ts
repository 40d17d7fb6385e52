/**
 * An exam in the browser, end to end: a teacher writes a question and the principal approves the
 * bank's new questions (the bank opens on a subject and grade with questions; the new one is
 * chosen from the bank's own list); the teacher builds a paper from the topics' approved counts
 * and sets up a practice session choosing a class, a candidate and a marker by name; the student
 * reads the rules before starting, takes the whole exam — reloading in the middle and losing the
 * connection for a while without losing an answer — submits, sees the result and reviews the
 * answers with the keys; the principal sees the roll and the statistics with their charts.
 */
import { expect, type Page, test } from '@playwright/test';
import { fetchDevToken } from '../../infra/local/dev-token.ts';
import { PORTAL_URL } from './playwright.config.ts';
import { expectAccessible, mainNav, screenshot, signIn, signOut } from './support.ts';

const SCHOOL = 'THPT-TRANPHU';

/** The bank already holds questions written by others: two more, through the API. */
async function bankQuestions(subject: string) {
  const config = (await (await fetch(`${PORTAL_URL}/config.json`)).json()) as {
    issuer: string;
    apiBase: string;
  };
  const token = await fetchDevToken(config.issuer, 'teacher1');
  const post = async (body: unknown) => {
    const res = await fetch(`${PORTAL_URL}${config.apiBase}/org-units/${SCHOOL}/questions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBe(201);
  };
  await post({
    scope: 'school',
    subject,
    grade: 10,
    topic: 'Phản ứng hóa học',
    level: 'comprehension',
    stem: 'Xét các phát biểu về phản ứng oxi hóa – khử.',
    question: {
      type: 'true-false-group',
      statements: [
        { id: 'a', text: 'Chất khử là chất nhường electron.' },
        { id: 'b', text: 'Chất oxi hóa là chất nhường electron.' },
        { id: 'c', text: 'Sự oxi hóa là quá trình nhường electron.' },
        { id: 'd', text: 'Sự khử là quá trình nhường electron.' },
      ],
      correct: { a: true, b: false, c: true, d: false },
      points: 1,
    },
  });
  await post({
    scope: 'school',
    subject,
    grade: 10,
    topic: 'Tính toán',
    level: 'application',
    stem: 'Số mol của 11,2 lít khí ở điều kiện tiêu chuẩn là bao nhiêu?',
    question: { type: 'short-numeric', accepted: [0.5], tolerance: 0, points: 0.5 },
  });
}

const saved = (page: Page) =>
  expect(page.getByTestId('save-state')).toContainText('Đã lưu', { timeout: 15_000 });

test('author → approve → paper → session → take the exam with a reload → results', async ({
  page,
}, testInfo) => {
  test.setTimeout(360_000);
  const subject = `Hóa học ${Date.now() % 100_000}`;
  const title = `Kiểm tra ${subject}`;

  // A teacher writes a question in the bank.
  await signIn(page, 'teacher1');
  await mainNav(page).getByRole('link', { name: 'Ngân hàng đề thi' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ngân hàng câu hỏi');
  const form = page.getByTestId('question-form');
  // The bank opens on a subject and grade that has questions (the demo's maths), not an empty one.
  await expect(page.getByLabel('Môn và khối')).toHaveValue(JSON.stringify(['Toán', 12]));
  await expect(page.getByTestId('questions').locator('tbody tr').first()).toBeVisible();
  await form.getByLabel('Môn').fill(subject);
  await form.getByLabel('Khối lớp').fill('10');
  await form.getByLabel('Chủ đề').fill('Phản ứng hóa học');
  await form.getByLabel('Nội dung câu hỏi').fill('Chất nào sau đây là muối ăn?');
  for (const [id, text] of [
    ['A', 'Natri hiđroxit'],
    ['B', 'Natri clorua'],
    ['C', 'Axit clohiđric'],
    ['D', 'Canxi cacbonat'],
  ])
    await form.getByLabel(`Phương án ${id}`).fill(text!);
  await form.getByLabel('Đáp án đúng').selectOption('B');
  await form.getByLabel('Điểm').fill('1');
  await form.getByLabel('Lời giải (tùy chọn)').fill('Muối ăn là natri clorua (NaCl).');
  await form.getByRole('button', { name: 'Lưu câu hỏi' }).click();
  await expect(form.getByRole('status')).toContainText('Phản ứng hóa học');
  await expectAccessible(page);
  await signOut(page);
  await bankQuestions(subject);

  // The principal reviews the three new questions.
  await signIn(page, 'principal1');
  await page.goto(`/units/${SCHOOL}/questions`);
  // The bank's subjects and grades, with their counts: the new one among them.
  await page.getByLabel('Môn và khối').selectOption(JSON.stringify([subject, 10]));
  await expect(page.getByLabel('Môn và khối').locator('option:checked')).toHaveText(
    `${subject} – khối 10: 3 câu (0 đã duyệt)`,
  );
  await page.getByLabel('Trạng thái').selectOption('submitted');
  const questions = page.getByTestId('questions');
  await expect(questions.locator('tbody tr')).toHaveCount(3);
  // Chosen by ticking, decided in a dialog: Enter in the reason field decides nothing, and a
  // return without its reason asks for it instead of opening the dialog.
  const rows = questions.locator('tbody tr');
  for (const row of await rows.all()) await row.getByRole('checkbox').check();
  await page.getByLabel('Lý do trả lại câu hỏi').press('Enter');
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.getByRole('button', { name: 'Trả lại 3 câu hỏi' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByTestId('question-decision')).toContainText('Hãy ghi lý do trả lại');
  await expect(rows).toHaveCount(3);
  await page.getByRole('button', { name: 'Duyệt 3 câu hỏi' }).click();
  await expect(page.getByRole('dialog')).toContainText('Duyệt 3 câu hỏi đã chọn?');
  await page.getByRole('dialog').getByRole('button', { name: 'Duyệt', exact: true }).click();
  await expect(page.getByTestId('question-reviewed')).toHaveText('Đã duyệt 3 câu hỏi.');
  await expect(page.getByText('Chưa có dữ liệu.')).toBeVisible();
  await page.getByLabel('Trạng thái').selectOption('approved');
  await expect(questions.locator('tbody tr')).toHaveCount(3);
  await signOut(page);

  // The teacher builds a paper from a blueprint and sets up the session.
  await signIn(page, 'teacher1');
  await page.goto(`/units/${SCHOOL}/exam-papers`);
  await page.getByLabel('Tên').fill(title);
  await page.getByLabel('Môn và khối').selectOption(JSON.stringify([subject, 10]));
  await page.getByLabel('Số mã đề').fill('2');
  // The blueprint: each topic with its approved questions per level; asking more is refused.
  const blueprint = page.getByTestId('blueprint');
  const cell = (topic: string, level: string) =>
    blueprint.getByRole('spinbutton', { name: new RegExp(`${topic}, mức ${level}`) });
  await cell('Phản ứng hóa học', 'Nhận biết').fill('2');
  await expect(page.getByRole('alert')).toContainText('Phản ứng hóa học – Nhận biết: chỉ có 1 câu');
  await expect(page.getByRole('button', { name: 'Tạo đề' })).toBeDisabled();
  await cell('Phản ứng hóa học', 'Nhận biết').fill('1');
  await cell('Phản ứng hóa học', 'Thông hiểu').fill('1');
  await cell('Tính toán', 'Vận dụng').fill('1');
  await expect(page.getByText('Tổng số câu mỗi đề: 3')).toBeVisible();
  await page.getByRole('button', { name: 'Tạo đề' }).click();
  await expect(page.getByRole('status')).toContainText('2,5 điểm');
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Kỳ thi' }).click();
  // Candidates from a class of the education database (its learners with accounts), by name.
  const classes = page.getByTestId('exam-classes');
  for (
    let i = 0;
    i < 12 && !(await classes.getByRole('button', { name: /Thêm Lớp 12A1 — / }).isVisible());
    i++
  ) {
    await page.waitForTimeout(5_000); // the demo's classes are seeded in the background
    await page.reload();
  }
  await classes.getByRole('button', { name: /Thêm Lớp 12A1 — \d+ học sinh/ }).click();
  await expect(classes.getByRole('list', { name: 'Đã chọn' })).toContainText('12A1');
  await page.getByLabel('Đề thi').selectOption({ label: `${title} (${subject} 10)` });
  await page.getByRole('textbox', { name: 'Tên (bắt buộc)' }).fill(title);
  await page.getByLabel('Điểm đạt').fill('1');
  await page.getByLabel('Bài luyện tập').check();
  await page.getByLabel('Cho học sinh xem lại bài làm').check();
  const candidates = page.getByTestId('exam-candidates');
  await candidates.getByLabel('Tìm người theo tên').fill('Gia Bảo');
  await candidates.getByRole('button', { name: 'Thêm Trịnh Gia Bảo' }).click();
  await expect(candidates.getByRole('list')).toContainText('Trịnh Gia Bảo');
  const markers = page.getByTestId('exam-markers');
  await markers.getByLabel('Tìm người theo tên').fill('thuy duong');
  await markers.getByRole('button', { name: 'Thêm Đặng Thị Thuỳ Dương' }).click();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Tạo kỳ thi' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByTestId('session-markers')).toHaveText('Đặng Thị Thuỳ Dương');
  await expect(page.getByTestId('roll')).toContainText('Chưa làm bài');
  await expect(page.getByTestId('roll')).toContainText('Trường THPT');
  const sessionUrl = page.url();
  await signOut(page);

  // The student takes the exam.
  await signIn(page, 'student1');
  await mainNav(page).getByRole('link', { name: 'Bài thi của tôi' }).click();
  await page.getByRole('link', { name: title }).click();
  // The rules before starting.
  const briefing = page.getByTestId('exam-briefing');
  await expect(briefing.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(briefing).toContainText('Số câu hỏi3');
  await expect(briefing).toContainText('Hết giờ, bài được nộp tự động với các câu trả lời đã lưu.');
  await expect(briefing).toContainText('Làm trên một thiết bị.');
  await expect(briefing).toContainText('Sau khi nộp, bạn được xem lại bài làm cùng đáp án và lời giải.');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'exam-rules');
  await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
  await expect(page.getByTestId('exam-timer')).toHaveText(/^\d\d:\d\d$/);
  await page.getByRole('radio', { name: /Natri clorua/ }).check();
  await saved(page);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'exam-room');

  // A reload in the middle: the answer is still there, and the exam goes on.
  await page.reload();
  await expect(page.getByRole('radio', { name: /Natri clorua/ })).toBeChecked();
  await expect(page.getByText('Đã trả lời 1/3 câu')).toBeVisible();
  for (const [statement, truth] of [
    ['Chất khử là chất nhường electron.', 'Đúng'],
    ['Chất oxi hóa là chất nhường electron.', 'Sai'],
    ['Sự oxi hóa là quá trình nhường electron.', 'Đúng'],
    ['Sự khử là quá trình nhường electron.', 'Sai'],
  ])
    await page.getByRole('group', { name: statement }).getByRole('radio', { name: truth }).check();
  await saved(page);

  // The connection drops: the answer waits on the device and goes when it is back.
  await page.context().setOffline(true);
  await page.getByLabel('Đáp số (dùng dấu phẩy thập phân)').fill('0,5');
  await expect(page.getByTestId('save-state')).toContainText('Mất kết nối', { timeout: 15_000 });
  await page.context().setOffline(false);
  await saved(page);
  await page.reload();
  await expect(page.getByLabel('Đáp số (dùng dấu phẩy thập phân)')).toHaveValue('0,5');
  await expect(page.getByText('Đã trả lời 3/3 câu')).toBeVisible();

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Nộp bài' }).click();
  await expect(page.getByTestId('exam-finished')).toContainText(
    'Kết quả: 10 điểm (thang điểm 10; 2,5/2,5 điểm bài làm)',
    { timeout: 30_000 },
  );
  // A practice the teacher lets them review: the answers beside the keys and explanations.
  await page.getByRole('button', { name: 'Xem lại bài làm' }).click();
  const review = page.getByTestId('exam-review');
  await expect(review).toContainText('Đáp án đúng: Natri clorua');
  await expect(review).toContainText('Lời giải: Muối ăn là natri clorua (NaCl).');
  await expect(review).toContainText('Bạn trả lời: 0,5');
  await expectAccessible(page);
  await signOut(page);

  // The principal sees the roll and the statistics.
  await signIn(page, 'principal1');
  await page.goto(sessionUrl);
  await expect(page.getByTestId('roll')).toContainText('Đã chấm');
  await expect(page.getByTestId('roll')).toContainText('2,5');
  await page.getByRole('button', { name: 'Tính thống kê' }).click();
  await expect(page.getByTestId('exam-figures')).toBeVisible({ timeout: 40_000 });
  await expect(page.getByTestId('exam-figures')).toContainText('2,5');
  await expect(page.getByRole('link', { name: 'Tải bảng kết quả (XLSX)' })).toBeVisible();
  await expect(page.getByTestId('item-analysis').locator('tbody tr')).toHaveCount(3);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'exam-statistics');
});
