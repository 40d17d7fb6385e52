/**
 * The professional development catalogue (issue 21, first step): the Department adds a module
 * with pickers (programme, roles, school levels — never codes to type), Enter in the publish
 * question cancels, the button publishes; a teacher of an upper-secondary school finds it on a
 * phone, named, with its state and window.
 */

import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { COURSE_TEST_QUESTIONS } from '../../infra/local/demo-course-test.ts';
import { DEMO_PACKAGES, demoPackageZip } from '../../infra/local/demo-courses.ts';
import { apiAs, expectAccessible, expectNoEnglish, mainNav, screenshot, signIn, signOut } from './support.ts';

const run = `${Date.now() % 100_000}`;
const code = `BDTX-${run}`;
const title = `Chuyển đổi số trong dạy học (${run})`;
/** Today and a month on, as the date fields take them (Vietnam time). */
const day = (offsetDays: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
    new Date(Date.now() + offsetDays * 86_400_000),
  );

/** A module of the Department's catalogue, open from today for a month to upper-secondary teachers. */
const draftModule = (suffix: string, moduleTitle: string, periods: number) =>
  apiAs<{ moduleId: string; revision: number }>(
    'admin',
    'POST',
    '/org-units/SGD/course-modules',
    {
      code: `${code}-${suffix}`,
      title: moduleTitle,
      programme: '03',
      periods,
      opensAt: `${day(0)}T00:00:00+07:00`,
      closesAt: `${day(30)}T23:59:59+07:00`,
      audience: { roles: ['teacher'], levels: ['04'], subjects: [] },
    },
    201,
  );

/** The same, given one chapter of items and published, as teachers find it. */
async function publishedModule(
  suffix: string,
  moduleTitle: string,
  periods: number,
  chapter: { title: string; items: unknown[] },
) {
  const created = await draftModule(suffix, moduleTitle, periods);
  const outlined = await apiAs<{ revision: number }>(
    'admin',
    'PUT',
    `/course-modules/${created.moduleId}/outline`,
    {
      chapters: [chapter],
      expectedRevision: created.revision,
    },
  );
  await apiAs('admin', 'POST', `/course-modules/${created.moduleId}/publish`, {
    expectedRevision: outlined.revision,
  });
  return created;
}

async function openMenu(page: Page) {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
}

test('the Department adds a module and publishes it after the question', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, 'admin');
  await mainNav(page).getByRole('link', { name: 'Danh mục mô-đun BDTX' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Danh mục mô-đun bồi dưỡng thường xuyên');
  await page.getByRole('button', { name: 'Thêm mô-đun' }).click();
  const form = page.getByTestId('module-form');
  await form.getByLabel(/Mã mô-đun/).fill(code);
  await form.getByLabel(/Tên mô-đun/).fill(title);
  await form.getByLabel('Chương trình').selectOption({ label: 'Chương trình 03 (mô-đun tự chọn)' });
  await form.getByLabel(/Số tiết/).fill('10');
  await form.getByLabel(/Ngày mở/).fill(day(0));
  await form.getByLabel(/Ngày đóng/).fill(day(30));
  // Saved without a school level: the field says what is missing, in Vietnamese.
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(form.getByTestId('module-levels')).toContainText(/.+/);
  await expect(form.locator('.form-problem')).toBeVisible();
  await expectNoEnglish(page);
  await form.getByTestId('module-levels').getByLabel('Trung học phổ thông').check();
  await expect(form.getByTestId('module-roles').getByLabel('Giáo viên')).toBeChecked();
  await expectAccessible(page);
  await screenshot(page, testInfo, 'course-module-form');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByRole('status')).toHaveText(`Đã thêm mô-đun ${code} (bản nháp).`);

  const row = page.getByTestId('course-modules').getByRole('row').filter({ hasText: code });
  await expect(row).toContainText('Bản nháp');
  await expect(row).toContainText('Chương trình 03 (mô-đun tự chọn)');
  await row.getByRole('button', { name: 'Công bố' }).click();
  const question = page.getByRole('alertdialog', { name: `Công bố mô-đun ${code}?` });
  await expect(question).toBeVisible();
  // "Huỷ" has the focus: Enter cancels, nothing is published.
  await expect(question.getByRole('button', { name: 'Huỷ' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(question).toBeHidden();
  await expect(row).toContainText('Bản nháp');
  await row.getByRole('button', { name: 'Công bố' }).click();
  await expectAccessible(page);
  await question.getByRole('button', { name: 'Công bố mô-đun' }).click();
  await expect(page.getByRole('status')).toHaveText(`Đã công bố mô-đun ${code}.`);
  await expect(row).toContainText('Đang diễn ra');
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'course-catalogue');
});

test('a teacher finds a published module on a phone, and not a draft @phone', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  // What the Department did before (the desktop story shows the screens): one module published,
  // one left a draft.
  const add = (suffix: string) => draftModule(suffix, `${title} ${suffix}`, 10);
  const published = await add('P');
  await apiAs('admin', 'POST', `/course-modules/${published.moduleId}/publish`, { expectedRevision: 1 });
  await add('D');

  await signIn(page, 'teacher1');
  await openMenu(page);
  await mainNav(page).getByRole('link', { name: 'Bồi dưỡng thường xuyên' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bồi dưỡng thường xuyên');
  const modules = page.getByTestId('my-course-modules');
  const mine = modules.getByRole('listitem').filter({ hasText: `${title} P` });
  await expect(mine).toContainText(`Mã ${code}-P · Chương trình 03 (mô-đun tự chọn) · 10 tiết`);
  await expect(mine).toContainText('Đang diễn ra');
  await expect(modules).not.toContainText(`${title} D`);
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'my-courses-phone');
});

test('a teacher plans the year’s 120 periods, and the principal approves the plan', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await signIn(page, 'teacher1');
  // The home says what to do: the year's plan, with its deadline.
  await expect(page.locator('[data-task="bdtx-plan"]')).toContainText('kế hoạch bồi dưỡng thường xuyên năm');
  await page.locator('[data-task="bdtx-plan"]').getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kế hoạch bồi dưỡng thường xuyên của tôi');
  const editor = page.getByTestId('plan-editor');
  // Given: programme 01 (GDGT-01, COTCAN-01) and 02 (CDS-02), 80 periods; sending needs 120.
  await expect(editor).toContainText('CDS-02 — Chuyển đổi số cho người dân');
  await expect(editor.getByRole('progressbar', { name: /Số tiết trong kế hoạch/ })).toBeVisible();
  // Beside what is planned, how much of it is completed.
  await expect(editor.getByRole('progressbar', { name: 'Số tiết đã hoàn thành' })).toBeVisible();
  await expect(editor).toContainText('80/120 tiết');
  await expect(editor.getByRole('button', { name: 'Gửi duyệt' })).toBeDisabled();
  const choices = editor.getByTestId('plan-choices');
  await choices.getByLabel(/BDG-01/).check();
  await editor.getByRole('button', { name: 'Lưu bản nháp' }).click();
  await expect(page.getByRole('status')).toHaveText('Đã lưu bản nháp kế hoạch.');
  await expect(editor).toContainText('90/120 tiết');
  await choices.getByLabel(/STEM-THPT/).check();
  await choices.getByLabel(/KTDG-THPT/).check();
  await expect(editor).toContainText('120/120 tiết');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'bdtx-plan-teacher');
  await editor.getByRole('button', { name: 'Gửi duyệt' }).click();
  await expect(page.getByRole('status')).toHaveText('Đã gửi kế hoạch cho Ban giám hiệu phê duyệt.');
  await expect(editor).toContainText('Chờ phê duyệt');
  await expect(editor).toContainText('Hạn phê duyệt kế hoạch: hết ngày 31/05/');
  await expect(editor.getByTestId('plan-choices').getByLabel(/STEM-THPT/)).toBeDisabled();
  await expect(editor.getByRole('button', { name: 'Gửi duyệt' })).toHaveCount(0);

  await signOut(page);
  await signIn(page, 'principal1');
  const task = page.locator('[data-task="bdtx-plans:THPT-TRANPHU"]');
  await expect(task).toContainText('1 kế hoạch BDTX chờ phê duyệt');
  await task.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Kế hoạch bồi dưỡng thường xuyên của trường',
  );
  const row = page.getByTestId('school-plans').getByRole('row').filter({ hasText: 'Đặng Thị Thuỳ Dương' });
  await expect(row).toContainText('Chờ phê duyệt');
  await expect(row).toContainText('120/120');
  await expectAccessible(page);
  await row.getByRole('link', { name: 'Xem và duyệt kế hoạch của Đặng Thị Thuỳ Dương' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(
    'Kế hoạch BDTX của Đặng Thị Thuỳ Dương',
  );
  await expect(page.getByTestId('plan-modules')).toContainText('STEM-THPT');
  const decision = page.getByTestId('plan-decision');
  await decision.getByRole('button', { name: 'Phê duyệt' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Phê duyệt kế hoạch BDTX của Đặng Thị Thuỳ Dương?');
  await dialog.getByRole('button', { name: 'Phê duyệt kế hoạch' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Đã phê duyệt');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'bdtx-plan-approved');
});

/** The demo's published 30-second lecture (infra/local/demo-repository.ts) and a demo PDF. */
const LECTURE = '00000000-0000-4000-8000-000000000900';
const READING = '00000000-0000-4000-8000-000000000001';
/** The demo's SCORM package, imported when the local cloud starts. */
const DEMO_PACKAGE = DEMO_PACKAGES.scorm.packageId;

test('a teacher on a phone enrols, a seek to the end does not complete the video, watching does @phone', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await publishedModule('HOC', `${title} — học trực tuyến`, 15, {
    title: 'Chương 1. Giáo dục STEM',
    items: [
      {
        kind: 'video',
        title: 'Bài giảng: Giáo dục STEM là gì',
        resourceId: LECTURE,
        durationSeconds: 30,
      },
      { kind: 'document', title: 'Tài liệu đọc: Các hình thức tổ chức', resourceId: READING },
    ],
  });

  await signIn(page, 'teacher1');
  await openMenu(page);
  await mainNav(page).getByRole('link', { name: 'Bồi dưỡng thường xuyên' }).click();
  await page
    .getByTestId('my-course-modules')
    .getByRole('listitem')
    .filter({ hasText: `${title} — học trực tuyến` })
    .getByRole('link', { name: 'Vào học' })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${title} — học trực tuyến`);
  await page.getByRole('button', { name: 'Đăng ký học' }).click();
  const progress = page.getByTestId('course-progress');
  await expect(progress).toContainText('0% hoàn thành');
  // The teacher's home now says there is a module to finish.
  await page.goto('/home');
  await expect(page.locator('.tasks')).toContainText('mô-đun bồi dưỡng đang học, chưa hoàn thành');
  await page.goBack();
  await expect(progress).toContainText('0% hoàn thành');

  const lecture = page.getByTestId('item-video');
  await lecture.getByRole('button', { name: 'Xem bài giảng' }).click();
  const player = lecture.getByTestId('player');
  await expect(player).toBeVisible();
  // Through the portal's own signed /resources/ path (CloudFront's behaviour), not the bucket.
  await expect(player).toHaveAttribute('src', /\/resources\/[^?]+\?.*Key-Pair-Id=/);
  // Play a moment, then jump to the last two seconds and let it end.
  await player.evaluate(async (v: HTMLVideoElement) => {
    v.muted = true;
    await v.play();
    await new Promise((r) => setTimeout(r, 300));
    v.currentTime = 28;
    await new Promise((r) => v.addEventListener('ended', r, { once: true }));
  });
  await expect(lecture.getByTestId('item-status')).toHaveText(/^Đã xem \d/);
  await expect(lecture.getByTestId('item-status')).not.toHaveText('Đã hoàn thành');
  await expect(progress).toContainText('0% hoàn thành');

  // Watched from the start at the top rate the player offers (2×): credited, and complete.
  await player.evaluate(async (v: HTMLVideoElement) => {
    v.currentTime = 0;
    v.playbackRate = 2;
    await v.play();
    await new Promise((r) => v.addEventListener('ended', r, { once: true }));
  });
  await expect(lecture.getByTestId('item-status')).toHaveText('Đã hoàn thành');
  await expect(progress).toContainText('50% hoàn thành');

  const reading = page.getByTestId('item-document');
  const popup = page.waitForEvent('popup');
  await reading.getByRole('button', { name: 'Đọc tài liệu' }).click();
  await (await popup).close();
  await expect(progress).toContainText('100% hoàn thành');
  await expect(progress).toContainText('Đã hoàn thành mô-đun ngày');

  // Rated: a star radio chosen, a comment, the summary counts it.
  const rating = page.getByTestId('rate-form');
  await rating.getByLabel('5 sao').check();
  await rating.getByLabel('Nhận xét').fill('Bài giảng ngắn, dễ hiểu, áp dụng được ngay.');
  await rating.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await expect(page.getByTestId('rating-summary')).toHaveText('5/5 sao (1 lượt đánh giá)');
  await expect(page.getByTestId('ratings')).toContainText('Bài giảng ngắn, dễ hiểu, áp dụng được ngay.');

  // Everything is the server's: a reload on the phone shows the same.
  await page.reload();
  await expect(page.getByTestId('course-progress')).toContainText('100% hoàn thành');
  await expect(page.getByTestId('item-video').getByTestId('item-status')).toHaveText('Đã hoàn thành');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'course-home-phone');
});

/** Regular-expression text for a literal (stems hold "?" and quotes). */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A course's test for this run: a new session of the Department's STEM paper (seeded with the
 * demo) with an open roll, so each run's teacher joins a roll of their own.
 */
async function courseTestSession() {
  const papers = await apiAs<{ items: { paperId: string; title: string }[] }>(
    'admin',
    'GET',
    '/org-units/SGD/exam-papers?limit=100',
  );
  const paper = papers.items.find((p) => p.title === 'Kiểm tra cuối mô-đun STEM-THPT')!;
  const session = await apiAs<{ sessionId: string }>(
    'admin',
    'POST',
    '/org-units/SGD/exam-sessions',
    {
      paperId: paper.paperId,
      title: `Kiểm tra cuối mô-đun (${run})`,
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: `${day(31)}T23:59:59+07:00`,
      durationMinutes: 15,
      passMark: 5,
      attemptsAllowed: 2,
      openRoll: true,
    },
    201,
  );
  return session.sessionId;
}

test('a teacher on a phone takes the module’s test after the reading, passes, and downloads the certificate @phone', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const sessionId = await courseTestSession();
  const moduleTitle = `${title} — kiểm tra`;
  await publishedModule('KT', moduleTitle, 10, {
    title: 'Chương 1. Giáo dục STEM',
    items: [
      { kind: 'document', title: 'Tài liệu đọc: Các hình thức tổ chức', resourceId: READING },
      { kind: 'test', title: 'Bài kiểm tra cuối mô-đun', sessionId },
    ],
  });
  await signIn(page, 'teacher1');
  await page.goto('/courses');
  await page
    .getByTestId('my-course-modules')
    .getByRole('listitem')
    .filter({ hasText: moduleTitle })
    .getByRole('link', { name: 'Vào học' })
    .click();
  await page.getByRole('button', { name: 'Đăng ký học' }).click();
  const test_ = page.getByTestId('item-test');
  await expect(test_.getByTestId('test-rules')).toHaveText('15 phút · đạt từ 5/10 điểm · tối đa 2 lần làm');
  // The test before the reading: refused, in words.
  await test_.getByRole('button', { name: 'Làm bài kiểm tra' }).click();
  await expect(test_.getByRole('alert')).toContainText('còn 1 nội dung');
  const popup = page.waitForEvent('popup');
  await page.getByTestId('item-document').getByRole('button', { name: 'Đọc tài liệu' }).click();
  await (await popup).close();
  await expect(page.getByTestId('course-progress')).toContainText('50% hoàn thành');

  await test_.getByRole('button', { name: 'Làm bài kiểm tra' }).click();
  await expect(page.getByTestId('exam-briefing')).toContainText('Số câu hỏi10');
  await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
  for (const q of COURSE_TEST_QUESTIONS)
    await page
      .getByRole('group', { name: new RegExp(literal(q.stem)) })
      .getByRole('radio', { name: new RegExp(`\\. ${literal(q.options[q.correct]!)}$`) })
      .check();
  await expect(page.getByText('Đã trả lời 10/10 câu')).toBeVisible();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Nộp bài' }).click();
  const finished = page.getByTestId('exam-finished');
  await expect(finished).toContainText('Kết quả: 10 điểm', { timeout: 30_000 });
  // Passed: no retake offered; the way back leads to the module.
  await expect(finished.getByRole('button', { name: /Làm lại/ })).toHaveCount(0);
  await finished.getByTestId('back-to-course').click();

  await expect(test_.getByTestId('item-status')).toHaveText('Đạt 10/10');
  await expect(page.getByTestId('course-progress')).toContainText('100% hoàn thành');
  // A question in the module's forum, then an answer to it.
  const forum = page.getByTestId('forum');
  const ask = forum.getByTestId('ask-form');
  await ask.getByLabel('Tiêu đề câu hỏi').fill('Chấm sản phẩm STEM theo tiêu chí nào?');
  await ask.getByLabel('Nội dung câu hỏi').fill('Tổ em chưa thống nhất tiêu chí chấm sản phẩm.');
  await ask.getByRole('button', { name: 'Gửi câu hỏi' }).click();
  const question = forum
    .getByTestId('forum-question')
    .filter({ hasText: 'Chấm sản phẩm STEM theo tiêu chí nào?' });
  await expect(question).toContainText('0 trả lời');
  await question.getByRole('button', { name: 'Chấm sản phẩm STEM theo tiêu chí nào?' }).click();
  const reply = question.getByTestId('reply-form');
  await reply.getByLabel('Nội dung trả lời').fill('Theo tiêu chí đã thống nhất từ đầu bài học.');
  await reply.getByRole('button', { name: 'Gửi trả lời' }).click();
  await expect(question.getByTestId('forum-reply')).toContainText(
    'Theo tiêu chí đã thống nhất từ đầu bài học.',
  );
  await expect(question).toContainText('1 trả lời');

  const certificate = page.getByTestId('certificate');
  await certificate.getByRole('button', { name: 'Nhận giấy chứng nhận' }).click();
  await expect(certificate.getByTestId('certificate-state')).toContainText('đã được ký số', {
    timeout: 30_000,
  });
  const download = page.waitForEvent('download');
  await certificate.getByTestId('certificate-download').click();
  const file = await (await download).path();
  expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'course-certificate-phone');

  // Anyone checks it by its code: the holder, the module, the result.
  await certificate.getByRole('link', { name: 'Trang xác thực' }).click();
  await expect(page.getByTestId('verify-holder')).toHaveText('Đặng Thị Thuỳ Dương');
  await expect(page.getByRole('main')).toContainText('10,0/10 – Đạt');
  await expectNoEnglish(page);

  // The year's results list it (outside the plan: not counted), and export as XLSX and PDF.
  await page.goto('/bdtx-evidence');
  const row = page.getByTestId('evidence-modules').getByRole('row').filter({ hasText: moduleTitle });
  await expect(row).toContainText('ngoài kế hoạch, không tính tiết');
  await expect(row).toContainText('10,0');
  const exporting = page.getByTestId('evidence-export');
  await exporting.getByRole('button', { name: 'Xuất minh chứng (XLSX, PDF)' }).click();
  await expect(exporting.getByTestId('evidence-pdf')).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'bdtx-evidence-phone');
});

test('the Department builds a module’s contents from the repository by title', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const created = await draftModule('ND', `${title} — nội dung`, 10);
  await signIn(page, 'admin');
  await mainNav(page).getByRole('link', { name: 'Danh mục mô-đun BDTX' }).click();
  const row = page
    .getByTestId('course-modules')
    .getByRole('row')
    .filter({ hasText: `${code}-ND` });
  await row.getByRole('link', { name: 'Nội dung (0 mục)' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Nội dung mô-đun ${code}-ND`);

  await page.getByRole('button', { name: 'Thêm chương' }).click();
  const chapter = page.getByTestId('outline-chapter');
  await chapter.getByLabel(/Tên chương/).fill('Chương 1. Giáo dục STEM');
  // Saved with an item whose material is not chosen: the item says so, in Vietnamese.
  await chapter.getByRole('button', { name: 'Thêm bài giảng video' }).click();
  await page.getByRole('button', { name: 'Lưu nội dung' }).click();
  const video = chapter.getByTestId('outline-video');
  await expect(video).toContainText('Hãy chọn học liệu cho mục này.');
  await video.getByLabel('Tìm theo tên học liệu').fill('bai giang mau');
  await video.getByLabel(/Bài giảng mẫu: Tổ chức hoạt động giáo dục STEM/).click();
  // The title comes from the material, the length from the file.
  await expect(video.getByLabel(/Tên mục/)).toHaveValue('Bài giảng mẫu: Tổ chức hoạt động giáo dục STEM');
  await expect(video.getByLabel(/Thời lượng/)).toHaveValue('30');
  await expect(video).not.toContainText('Hãy chọn học liệu cho mục này.');
  await chapter.getByRole('button', { name: 'Thêm tài liệu' }).click();
  const reading = chapter.getByTestId('outline-document');
  await reading.getByLabel(/Tên mục/).fill('Tài liệu đọc: Mệnh đề');
  await reading.getByLabel('Tìm theo tên học liệu').fill('Toán 10 Bài 2');
  await reading.getByRole('radio').first().click();
  await expect(reading).toContainText('Học liệu: ');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'course-outline');
  await page.getByRole('button', { name: 'Lưu nội dung' }).click();
  await expect(page.getByRole('status')).toHaveText(`Đã lưu nội dung mô-đun ${code}-ND.`);

  const saved = await apiAs<{
    outline: { items: { kind: string; title: string; durationSeconds?: number }[] }[];
  }>('admin', 'GET', `/course-modules/${created.moduleId}`);
  expect(saved.outline[0]!.items).toMatchObject([
    { kind: 'video', title: 'Bài giảng mẫu: Tổ chức hoạt động giáo dục STEM', durationSeconds: 30 },
    { kind: 'document', title: 'Tài liệu đọc: Mệnh đề' },
  ]);
});

test('a commune sees where each of its schools stands with the year’s plans', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, 'commune2.admin');
  await openMenu(page);
  await mainNav(page).getByRole('link', { name: 'Kế hoạch BDTX các trường' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Kế hoạch bồi dưỡng thường xuyên của các trường',
  );
  const row = page.getByTestId('bdtx-summary').getByRole('row').filter({ hasText: 'Trần Phú' });
  await expect(row).toBeVisible();
  await expect(row.getByRole('progressbar')).toHaveAccessibleName(/Kế hoạch đã duyệt của .*Trần Phú/);
  await expect(page.getByTestId('bdtx-summary-total')).toContainText('người phải lập kế hoạch');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'bdtx-summary');
});

test('the Department uploads a SCORM package, sees it checked, and puts its unit in a module', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const created = await draftModule('SCORM', `${title} — bài học tương tác`, 5);
  await signIn(page, 'admin');
  await mainNav(page).getByRole('link', { name: 'Danh mục mô-đun BDTX' }).click();
  await page.getByRole('link', { name: 'Gói học liệu SCORM' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gói học liệu SCORM và cmi5');
  const upload = page.getByTestId('package-upload');
  // Nothing chosen: said beside the field, in Vietnamese.
  await upload.getByRole('button', { name: 'Tải lên và kiểm tra' }).click();
  await expect(upload).toContainText('Hãy chọn tệp .zip của gói.');
  await upload.getByLabel('Gói nén (.zip)').setInputFiles({
    name: `bai-hoc-stem-${run}.zip`,
    mimeType: 'application/zip',
    buffer: await demoPackageZip(),
  });
  await upload.getByRole('button', { name: 'Tải lên và kiểm tra' }).click();
  await expect(page.getByRole('status')).toContainText(`Đã tải lên bai-hoc-stem-${run}.zip.`);
  const uploaded = page
    .getByTestId('course-package')
    .filter({ hasText: `bai-hoc-stem-${run}.zip` })
    .first();
  // The worker checks and unpacks it; the list looks again by itself.
  await expect(uploaded.getByTestId('package-status')).toHaveText('Sẵn sàng', { timeout: 30_000 });
  await expect(uploaded).toContainText('Bài học tương tác: Quy trình dạy học STEM (có câu hỏi)');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'course-packages');

  await page.goto(`/course-modules/${created.moduleId}/outline`);
  await page.getByRole('button', { name: 'Thêm chương' }).click();
  const chapter = page.getByTestId('outline-chapter');
  await chapter.getByLabel(/Tên chương/).fill('Chương 1. Bài học tương tác');
  await chapter.getByRole('button', { name: 'Thêm bài học tương tác (SCORM, cmi5)' }).click();
  await page.getByRole('button', { name: 'Lưu nội dung' }).click();
  const lesson = chapter.getByTestId('outline-package');
  await expect(lesson).toContainText('Hãy chọn học phần cho mục này.');
  // Chosen by the unit's and the package's titles; the item takes the unit's title.
  const units = lesson.getByLabel('Học phần');
  const option = units.locator('option', { hasText: 'Bài học tương tác: Quy trình dạy học STEM' }).first();
  await units.selectOption({ label: (await option.textContent())! });
  await expect(lesson.getByLabel(/Tên mục/)).toHaveValue(
    'Bài học tương tác: Quy trình dạy học STEM (có câu hỏi)',
  );
  await page.getByRole('button', { name: 'Lưu nội dung' }).click();
  await expect(page.getByRole('status')).toHaveText(`Đã lưu nội dung mô-đun ${code}-SCORM.`);
  const saved = await apiAs<{
    outline: { items: { kind: string; standard?: string; unitRef?: string }[] }[];
  }>('admin', 'GET', `/course-modules/${created.moduleId}`);
  expect(saved.outline[0]!.items).toMatchObject([
    { kind: 'package', standard: 'scorm12', unitRef: 'bai-hoc-tuong-tac' },
  ]);
});

test('a teacher on a phone plays a SCORM lesson to completion, and it resumes where it was left @phone', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  // The demo package, imported when the local cloud started.
  await expect
    .poll(
      async () =>
        (await apiAs<{ status: string }>('admin', 'GET', `/course-packages/${DEMO_PACKAGE}`)).status,
      {
        timeout: 30_000,
      },
    )
    .toBe('ready');
  const created = await publishedModule('TT', `${title} — học tương tác`, 5, {
    title: 'Chương 1. Quy trình dạy học STEM',
    items: [
      {
        kind: 'package',
        title: 'Bài học tương tác: Quy trình dạy học STEM',
        packageId: DEMO_PACKAGE,
        unitRef: 'bai-hoc-tuong-tac',
      },
    ],
  });

  await signIn(page, 'teacher1');
  await page.goto(`/courses/${created.moduleId}`);
  await page.getByRole('button', { name: 'Đăng ký học' }).click();
  const progress = page.getByTestId('course-progress');
  await expect(progress).toContainText('0% hoàn thành');
  const item = page.getByTestId('item-package');
  await item.getByRole('button', { name: 'Học bài' }).click();
  const lesson = page.frameLocator('[data-testid="package-frame"]');
  await expect(lesson.getByText('Trang 1/3')).toBeVisible();
  await lesson.getByRole('button', { name: 'Trang sau' }).click();
  await lesson.getByRole('button', { name: 'Trang sau' }).click();
  await expect(lesson.getByText('Trang 3/3')).toBeVisible();
  // A wrong answer: failed, not complete.
  await lesson.getByLabel('Chế tạo mẫu').check();
  await lesson.getByLabel('Kinh tế').check();
  await lesson.getByRole('button', { name: 'Nộp bài' }).click();
  await expect(lesson.getByRole('status')).toContainText('Chưa đạt');
  await expect(item.getByTestId('item-status')).toHaveText('Chưa học');
  // Right answers: passed, the unit and the module complete.
  await lesson.getByLabel('Xác định vấn đề').check();
  await lesson.getByLabel('Kỹ thuật').check();
  await lesson.getByRole('button', { name: 'Nộp bài' }).click();
  await expect(lesson.getByRole('status')).toContainText('Đạt.');
  await expect(item.getByTestId('item-status')).toHaveText('Đã hoàn thành');
  await expect(progress).toContainText('100% hoàn thành');
  await screenshot(page, testInfo, 'scorm-lesson-phone');

  // Left and come back: the lesson opens where the teacher was, the completion kept.
  await page.reload();
  await expect(page.getByTestId('course-progress')).toContainText('100% hoàn thành');
  await page.getByTestId('item-package').getByRole('button', { name: 'Học bài' }).click();
  await expect(page.frameLocator('[data-testid="package-frame"]').getByText('Trang 3/3')).toBeVisible();
  await expectAccessible(page);
  await expectNoEnglish(page);
});

test('a teacher plays a cmi5 lesson: its statements reach the store and complete it', async ({ page }) => {
  test.setTimeout(120_000);
  const cmi5 = DEMO_PACKAGES.cmi5;
  await expect
    .poll(
      async () =>
        (await apiAs<{ status: string }>('admin', 'GET', `/course-packages/${cmi5.packageId}`)).status,
      { timeout: 30_000 },
    )
    .toBe('ready');
  const created = await publishedModule('CMI5', `${title} — cmi5`, 5, {
    title: 'Chương 1. Đánh giá sản phẩm STEM',
    items: [{ kind: 'package', title: 'Bài học cmi5', packageId: cmi5.packageId, unitRef: cmi5.unitRef }],
  });

  await signIn(page, 'teacher1');
  await page.goto(`/courses/${created.moduleId}`);
  await page.getByRole('button', { name: 'Đăng ký học' }).click();
  const item = page.getByTestId('item-package');
  await item.getByRole('button', { name: 'Học bài' }).click();
  const lesson = page.frameLocator('[data-testid="package-frame"]');
  // Connected: the token fetched once, LaunchData read, "initialized" stored.
  await expect(lesson.getByText('Đã kết nối. Trang 1/3.')).toBeVisible();
  await lesson.getByRole('button', { name: 'Trang sau' }).click();
  await lesson.getByRole('button', { name: 'Trang sau' }).click();
  await lesson.getByLabel('Giá thành vật liệu đắt nhất').check();
  await lesson.getByRole('button', { name: 'Nộp bài' }).click();
  await expect(lesson.getByText('Đúng. Đạt.')).toBeVisible();
  // The player looks at the course home every 10 s: completed and passed make the unit complete.
  await expect(item.getByTestId('item-status')).toHaveText('Đã hoàn thành', { timeout: 20_000 });
  await expect(page.getByTestId('course-progress')).toContainText('100% hoàn thành');
});
