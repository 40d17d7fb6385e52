/**
 * Class courses (seed 004 task 12) in the browser, as the people who use them: teacher1 of Trần
 * Phú opens a course for class 12A1 (chosen by name), sets an assignment due tomorrow and a live
 * lesson on Google Meet with a repository material (a link that is not Teams, Meet or Zoom is
 * refused beside its field); a pupil of 12A1 on a phone sees what is due on their home, joins the
 * live lesson (the meeting opens in a new tab), is refused a file of the wrong type in Vietnamese,
 * then uploads a small PDF and hands it in; the teacher sees the hand-in, finds Enter does not
 * mark, marks it 8,5 with feedback and sees the pupil in the lesson's attendance; the pupil sees
 * the mark and the feedback; the pupil's father sees the assignment and the mark, read-only.
 */
import { type Browser, devices, expect, type Page, test } from '@playwright/test';
import { PORTAL_URL } from './playwright.config.ts';
import { apiAs, expectAccessible, expectNoEnglish, mainNav, screenshot, signIn } from './support.ts';

const PUPIL = 'hocsinh.12a1.02';
const MEETING = 'https://meet.google.com/abc-defg-hij';
const LECTURE = 'Bài giảng mẫu: Tổ chức hoạt động giáo dục STEM';

interface Link {
  recordId: string;
  relation: string;
  fullName: string;
}

/** A `datetime-local` value in the city's time (the browsers here run in Asia/Ho_Chi_Minh). */
const cityLocal = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16);

/** A context of its own for another person: a phone, or a desktop. */
async function personPage(browser: Browser, phone: boolean): Promise<Page> {
  const { defaultBrowserType: _, ...pixel } = devices['Pixel 7'];
  const context = await browser.newContext({
    ...(phone ? pixel : { viewport: { width: 1280, height: 900 } }),
    baseURL: PORTAL_URL,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  // The meeting service is not reached from the tests: its page is a stand-in.
  await context.route('https://meet.google.com/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Google Meet</title><p>Meet</p>' }),
  );
  return context.newPage();
}

/** A tiny valid PDF, as a pupil's scanned work would be. */
const smallPdf = () =>
  Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );

test('a teacher runs a class course; a pupil on a phone joins and hands in; the mark reaches the pupil and the father', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(300_000);
  const run = `${Date.now() % 100_000}`;
  const courseTitle = `Toán 12 – Ôn tập học kỳ I (${run})`;
  const assignmentTitle = `Bài tập hàm số ${run}`;
  const lessonTitle = `Ôn tập đạo hàm ${run}`;

  // The pupil's own link (written in the background once the demo learners exist), and whose
  // father follows them: parent1 for one learner of 12A1, phuhuynh.12a1.NN for the others.
  let self: Link | undefined;
  await expect
    .poll(
      async () => {
        self = (await apiAs<{ items: Link[] }>(PUPIL, 'GET', '/me/links')).items.find(
          (l) => l.relation === 'self',
        );
        return Boolean(self);
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  const pupil = self!;
  const parent1Children = (await apiAs<{ items: Link[] }>('parent1', 'GET', '/me/links')).items;
  const guardian = parent1Children.some((l) => l.recordId === pupil.recordId)
    ? 'parent1'
    : 'phuhuynh.12a1.02';

  // ——— The teacher opens the course for 12A1 ———
  await signIn(page, 'teacher1');
  await mainNav(page).getByRole('link', { name: 'Khoá học của lớp' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Khoá học trực tuyến của lớp');
  await page.getByRole('button', { name: 'Mở khoá học cho lớp' }).click();
  const open = page.getByRole('form', { name: 'Mở khoá học cho lớp' });
  const classSelect = open.getByLabel('Lớp', { exact: true });
  const class12A1 = classSelect.locator('option', { hasText: /^Lớp 12A1 – / });
  await expect(class12A1).toHaveCount(1);
  await classSelect.selectOption((await class12A1.getAttribute('value'))!);
  await open.getByLabel(/Tên khoá học/).fill(courseTitle);
  await open.getByLabel(/Môn học/).fill('Toán');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'class-course-open');
  await open.getByRole('button', { name: 'Mở khoá học' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(courseTitle);
  await expect(page.getByTestId('class-course-details')).toContainText('12A1');
  await expect(page.getByTestId('class-pupils')).toContainText(pupil.fullName);
  const courseUrl = page.url();

  // An assignment due tomorrow.
  await page.getByRole('button', { name: 'Giao bài tập' }).click();
  const assignmentForm = page.getByRole('form', { name: 'Giao bài tập' });
  await assignmentForm.getByLabel(/Tên bài tập/).fill(assignmentTitle);
  await assignmentForm
    .getByLabel('Yêu cầu, hướng dẫn')
    .fill('Làm các bài 1–5 trang 42, chụp hoặc quét bài làm.');
  await assignmentForm.getByLabel(/Hạn nộp/).fill(cityLocal(Date.now() + 24 * 3_600_000));
  await assignmentForm.getByRole('button', { name: 'Giao bài', exact: true }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `Đã giao bài “${assignmentTitle}”` }),
  ).toBeVisible();
  const assignmentRow = page
    .getByTestId('assignment-rows')
    .getByRole('row')
    .filter({ hasText: assignmentTitle });
  await expect(assignmentRow).toContainText(/Đã nộp 0\/\d+ · Đã chấm 0/);

  // A live lesson starting in a few minutes, with the repository's lecture; a link that is not a
  // meeting service's is refused beside its field first.
  await page.getByRole('button', { name: 'Thêm bài học' }).click();
  const lessonForm = page.getByRole('form', { name: 'Thêm bài học' });
  await lessonForm.getByLabel(/Tên bài học/).fill(lessonTitle);
  await lessonForm.getByLabel('Tìm theo tên học liệu').fill('bai giang mau');
  await lessonForm.getByRole('button', { name: `Thêm ${LECTURE}` }).click();
  await expect(lessonForm.getByRole('list', { name: 'Đã chọn' })).toContainText(LECTURE);
  await lessonForm.getByLabel(/Có buổi học trực tuyến/).check();
  await lessonForm.getByLabel(/Bắt đầu lúc/).fill(cityLocal(Date.now() + 5 * 60_000));
  await lessonForm.getByLabel(/Thời lượng/).fill('45');
  const meetingUrl = lessonForm.getByLabel(/Đường dẫn cuộc họp/);
  await meetingUrl.fill('https://example.com/hop-lop');
  await lessonForm.getByRole('button', { name: 'Lưu bài học' }).click();
  await expect(meetingUrl).toHaveAttribute('aria-invalid', 'true');
  await expect(meetingUrl).toHaveAccessibleDescription(/Hãy nhập đường dẫn https của cuộc họp/);
  await expectAccessible(page);
  await meetingUrl.fill(MEETING);
  await lessonForm.getByRole('button', { name: 'Lưu bài học' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `Đã thêm bài học “${lessonTitle}”` }),
  ).toBeVisible();
  const lessonRow = page
    .getByTestId('lesson-rows')
    .getByRole('listitem')
    .filter({ hasText: lessonTitle })
    .first();
  await expect(lessonRow).toContainText('Google Meet');
  await expect(lessonRow.getByRole('link', { name: LECTURE })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, 'class-course-teacher');

  // ——— The pupil, on a phone ———
  const phone = await personPage(browser, true);
  await signIn(phone, PUPIL);
  // The home says what is due next: the assignment, and the live lesson.
  const next = phone.getByTestId('next-steps');
  await expect(next).toContainText(`Nộp bài “${assignmentTitle}” môn Toán`);
  await expect(next).toContainText(`Học trực tuyến “${lessonTitle}”`);
  await expectAccessible(phone);
  await screenshot(phone, testInfo, 'class-pupil-home-phone');

  await phone.getByRole('button', { name: 'Menu' }).click();
  await mainNav(phone).getByRole('link', { name: 'Lớp học trực tuyến' }).click();
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Lớp học trực tuyến');
  const summary = phone.getByTestId('my-class-course').filter({ hasText: courseTitle });
  const due = summary.getByTestId('due-assignment').filter({ hasText: assignmentTitle });
  await expect(due).toContainText('Hạn nộp: ');
  await expect(due.getByTestId('submission-state')).toHaveText('Chưa nộp');
  await expectAccessible(phone);
  await screenshot(phone, testInfo, 'class-pupil-list-phone');

  // "Vào học" is open from 15 minutes before the start: the meeting opens in a new tab.
  const upcoming = summary.getByTestId('upcoming-lesson').filter({ hasText: lessonTitle });
  const meeting = phone.waitForEvent('popup');
  await upcoming.getByRole('button', { name: `Vào học: ${lessonTitle}` }).click();
  const tab = await meeting;
  await expect.poll(() => tab.url()).toContain('meet.google.com/abc-defg-hij');
  await tab.close();
  await expect(upcoming.getByRole('status')).toContainText('Đã điểm danh: Có mặt');

  await summary.getByRole('link', { name: courseTitle, exact: true }).click();
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText(courseTitle);
  const lesson = phone.getByTestId('my-lesson').filter({ hasText: lessonTitle });
  await expect(lesson.getByRole('link', { name: LECTURE })).toHaveAttribute(
    'href',
    /^\/library\/resources\/[0-9a-f-]+$/,
  );
  const work = phone.getByTestId('my-assignment').filter({ hasText: assignmentTitle });
  const files = work.getByLabel('Chọn tệp bài làm');
  // A file of a type not taken is said in Vietnamese, with its name, before anything is sent.
  await files.setInputFiles({
    name: 'bai-lam.exe',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('MZ'),
  });
  await expect(work.getByTestId('hand-in-errors')).toContainText('“bai-lam.exe”: chỉ nhận PDF, Word');
  await files.setInputFiles({ name: 'bai-lam-ham-so.pdf', mimeType: 'application/pdf', buffer: smallPdf() });
  await expect(work.getByTestId('chosen-files')).toContainText('bai-lam-ham-so.pdf');
  await expect(work.getByTestId('hand-in-errors')).toHaveCount(0);
  await expectAccessible(phone);
  await expectNoEnglish(phone);
  await screenshot(phone, testInfo, 'class-pupil-hand-in-phone');
  await work.getByRole('button', { name: 'Nộp bài' }).click();
  await expect(work.getByTestId('submission-state')).toHaveText('Đã nộp');
  await expect(work.getByTestId('hand-in-files')).toContainText('bai-lam-ham-so.pdf');
  await expect(work.getByRole('button', { name: 'Nộp lại' })).toBeVisible();

  // ——— The teacher marks it ———
  await page.goto(courseUrl);
  await expect(assignmentRow).toContainText(/Đã nộp 1\/\d+ · Đã chấm 0/);
  await assignmentRow.getByRole('link', { name: assignmentTitle }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(assignmentTitle);
  const handIn = page.getByTestId('hand-ins').getByRole('row').filter({ hasText: pupil.fullName });
  await expect(handIn.getByTestId('submission-state')).toHaveText('Đã nộp');
  await expect(handIn.getByRole('link', { name: 'bai-lam-ham-so.pdf' })).toBeVisible();
  await handIn.getByLabel(/Điểm \(0–10\)/).fill('8,5');
  await handIn.getByLabel('Nhận xét').fill('Lời giải đúng; câu 4 cần trình bày rõ hơn.');
  // Enter in the score field marks nobody: only the row's button does.
  await handIn.getByLabel(/Điểm \(0–10\)/).press('Enter');
  await expect(handIn.getByRole('status')).toHaveCount(0);
  await expect(handIn.getByTestId('submission-state')).toHaveText('Đã nộp');
  await expectAccessible(page);
  await handIn.getByRole('button', { name: `Lưu điểm cho ${pupil.fullName}` }).click();
  await expect(handIn.getByRole('status')).toContainText(`Đã lưu điểm của ${pupil.fullName}: 8,5/10.`);
  await expect(handIn.getByTestId('submission-state')).toHaveText('Đã chấm: 8,5/10');
  await screenshot(page, testInfo, 'class-submissions');

  // The live lesson's attendance: the pupil joined, present.
  await page.goto(courseUrl);
  await page.getByRole('link', { name: `Điểm danh: ${lessonTitle}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Điểm danh: ${lessonTitle}`);
  const present = page.getByTestId('attendance').getByRole('row').filter({ hasText: pupil.fullName });
  await expect(present.getByRole('radio', { name: 'Có mặt' })).toBeChecked();
  await expect(present).not.toContainText('Chưa vào');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Lưu điểm danh' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Đã lưu điểm danh của 1 học sinh.' }),
  ).toBeVisible();
  await screenshot(page, testInfo, 'class-attendance');

  // ——— The pupil sees the mark and the feedback ———
  await phone.reload();
  await expect(work.getByTestId('mark-result')).toHaveText('Điểm: 8,5/10');
  await expect(work.getByTestId('mark-feedback')).toContainText('câu 4 cần trình bày rõ hơn');
  await expect(work.getByTestId('hand-in-form')).toHaveCount(0);
  await expectAccessible(phone);
  await screenshot(phone, testInfo, 'class-pupil-marked-phone');

  // ——— The father follows it, read-only ———
  const father = await personPage(browser, false);
  await signIn(father, guardian);
  await expect(father.getByTestId('learner-card')).toBeVisible();
  const switcher = father.getByTestId('child-switcher');
  if (await switcher.count())
    await switcher.getByRole('button', { name: new RegExp(pupil.fullName) }).click();
  await expect(father.getByTestId('next-steps')).toContainText(`Xem điểm bài “${assignmentTitle}”: 8,5/10`);
  await mainNav(father).getByRole('link', { name: 'Lớp học trực tuyến' }).click();
  const followed = father.getByTestId('my-class-course').filter({ hasText: courseTitle });
  await expect(followed.getByTestId('course-learners')).toContainText(pupil.fullName);
  await expect(
    followed
      .getByTestId('due-assignment')
      .filter({ hasText: assignmentTitle })
      .getByTestId('submission-state'),
  ).toHaveText('Đã chấm: 8,5/10');
  // The live lesson is the pupil's to join: no button for the father.
  await expect(followed.getByRole('button', { name: /Vào học/ })).toHaveCount(0);
  await expectAccessible(father);
  await followed.getByRole('link', { name: courseTitle, exact: true }).click();
  const seen = father.getByTestId('my-assignment').filter({ hasText: assignmentTitle });
  await expect(seen).toContainText(pupil.fullName);
  await expect(seen.getByTestId('mark-result')).toHaveText('Điểm: 8,5/10');
  await expect(seen.getByTestId('mark-feedback')).toContainText('câu 4 cần trình bày rõ hơn');
  await expect(seen.getByTestId('hand-in-form')).toHaveCount(0);
  await expect(father.getByRole('button', { name: /Vào học|Nộp bài/ })).toHaveCount(0);
  await expectAccessible(father);
  await screenshot(father, testInfo, 'class-guardian');
});
