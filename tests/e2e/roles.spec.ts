/**
 * Issue 19's "done when": each kind of person does their everyday task starting from their home
 * page — on a desktop, and on a phone — choosing instead of typing a code, with no English on the
 * screen in Vietnamese mode and no decision taken by pressing Enter. Every home page is saved as
 * a screenshot (test-results/screenshots/<project>-home-<role>.png).
 *
 * Each story runs on a desktop and again on a phone (Pixel 7) — except the group leader's, which
 * returns the one lesson plan waiting; on a phone that role's home is checked and its first link
 * followed. Stories run in order: the teacher reads the plan the group leader returned.
 */
import { expect, type Page, type TestInfo, test } from '@playwright/test';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { apiAs, expectAccessible, expectNoEnglish, screenshot, signIn } from './support.ts';

const tasks = (page: Page) => page.getByRole('region', { name: 'Việc cần làm' });

/** Signs in, waits for the home's tasks, checks the page and keeps its picture. */
async function home(page: Page, testInfo: TestInfo, username: string, role: string) {
  await signIn(page, username);
  await expect(page.locator('main .loading')).toHaveCount(0, { timeout: 15_000 });
  await expectNoEnglish(page);
  await expectAccessible(page);
  await screenshot(page, testInfo, `home-${role}`);
}

/** What is on screen now: checked for English and accessibility (and, on a phone, for width), and saved. */
async function looked(page: Page, testInfo: TestInfo, name: string) {
  await expect(page.locator('main .loading')).toHaveCount(0, { timeout: 15_000 });
  await expectNoEnglish(page);
  await expectAccessible(page);
  if ((page.viewportSize()?.width ?? 1000) < 600) {
    // Nothing wider than the screen: lists are cards here.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `page wider than the phone on ${page.url()}`).toBeLessThanOrEqual(1);
  }
  await screenshot(page, testInfo, name);
}

type Story = (page: Page, testInfo: TestInfo) => Promise<void>;
const stories: { title: string; story: Story; phone: boolean }[] = [];
/** A story for the desktop and (unless it uses up its data) the phone. */
const story = (title: string, run: Story, phone = true) => stories.push({ title, story: run, phone });

test.describe.configure({ mode: 'serial', timeout: 120_000 });

story(
  'Department leader: follows the communes behind on approval to the statistics',
  async (page, testInfo) => {
    await home(page, testInfo, 'leader1', 'department-leader');
    await tasks(page)
      .getByRole('link', { name: /đơn vị chậm duyệt dữ liệu ngành/ })
      .click();
    await expect(page).toHaveURL(/\/units\/SGD\/statistics\?filter=behind$/);
    const rows = page.getByTestId('stat-children').locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    // Each unit by name, flagged with the reason in words.
    await expect(rows.first().getByTestId('behind')).toContainText(/^Chậm: /);
    await expect(rows.first()).toContainText(/^(Xã|Phường|Đặc khu) /);
    await looked(page, testInfo, 'department-leader-behind');
  },
);

story('commune officer: approves a school’s new learner from the home page', async (page, testInfo) => {
  const name = `Lê Minh Khôi ${String.fromCharCode(65 + (Date.now() % 26))}`;
  // The school's data officer entered and sent a learner (the commune's work starts here).
  const created = await apiAs<{ recordId: string }>(
    'dataofficer1',
    'POST',
    '/org-units/THCS-HONGBANG/records/student',
    {
      data: {
        fullName: name,
        gender: 'male',
        dateOfBirth: '2014-09-02',
        // A fresh number each run (the demo's learners use others).
        personalId: makePersonalId('031', 2014, 'male', 500_000 + (Date.now() % 400_000)),
        grade: 6,
        address: '8 Hoàng Văn Thụ, phường Hồng Bàng',
      },
    },
    201,
  );
  await apiAs('dataofficer1', 'POST', '/records/submissions', {
    records: [{ recordId: created.recordId, expectedVersion: 1 }],
  });

  await home(page, testInfo, 'commune1.officer', 'commune-officer');
  await tasks(page)
    .getByRole('link', { name: /hồ sơ dữ liệu ngành chờ phê duyệt/ })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hồ sơ chờ phê duyệt');
  const queue = page.getByTestId('approval-queue');
  await expect(queue).toContainText(name);
  await expect(queue).toContainText('Trường THCS Hồng Bàng');
  await page.getByRole('checkbox', { name: `Chọn ${name}` }).check();
  // Enter in the reason field decides nothing.
  await page.getByLabel('Lý do trả lại').press('Enter');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(queue).toContainText(name);
  await page.getByRole('button', { name: 'Phê duyệt 1 hồ sơ' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Phê duyệt', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã phê duyệt' })).toHaveText(
    'Đã phê duyệt 1 hồ sơ.',
  );
  await looked(page, testInfo, 'commune-officer-approved');
});

story(
  'group leader: returns a lesson plan from the home page with a reason; Enter returns nothing',
  async (page, testInfo) => {
    await home(page, testInfo, 'groupleader1', 'group-leader');
    await tasks(page)
      .getByRole('link', { name: /hồ sơ chuyên môn chờ bạn duyệt/ })
      .click();
    const waiting = page.getByTestId('school-records').getByRole('link');
    await expect(waiting.first()).toBeVisible();
    await waiting.first().click();
    await expect(page.getByTestId('record-status')).toHaveText('Chờ duyệt');
    await page.getByLabel('Nhận xét').fill('Bổ sung phần đánh giá cuối bài');
    await page.getByLabel('Nhận xét').press('Enter');
    await expect(page.getByRole('dialog')).toBeHidden();
    await expect(page.getByTestId('record-status')).toHaveText('Chờ duyệt');
    await page.getByRole('button', { name: 'Trả lại', exact: true }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /Trả lại/ })
      .click();
    await expect(page.getByTestId('record-status')).toHaveText('Bị trả lại');
    await looked(page, testInfo, 'group-leader-returned');
  },
  false,
);

story('teacher: finds the returned plan on the home page and reads why', async (page, testInfo) => {
  await home(page, testInfo, 'teacher1', 'teacher');
  await tasks(page)
    .getByRole('link', { name: /bị trả lại/ })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hồ sơ chuyên môn của tôi');
  const returned = page.getByTestId('my-records').locator('tbody tr').filter({ hasText: 'Bị trả lại' });
  await expect(returned.first()).toBeVisible();
  await returned.first().getByRole('link').first().click();
  await expect(page.getByRole('main')).toContainText('Bổ sung phần đánh giá cuối bài');
  await looked(page, testInfo, 'teacher-returned-plan');
});

story('principal: the school’s open exam from the home page', async (page, testInfo) => {
  await home(page, testInfo, 'principal1', 'principal');
  await tasks(page)
    .getByRole('link', { name: /ca thi đang mở hoặc sắp diễn ra/ })
    .click();
  // The demo's practice exam of the school, open today, by its name.
  await expect(page.getByRole('main')).toContainText('Thi thử Toán 12 – luyện tập');
  await looked(page, testInfo, 'principal-exam-sessions');
});

story(
  'student: finds the open exam on the home page and reads its rules before starting',
  async (page, testInfo) => {
    await home(page, testInfo, 'student1', 'student');
    await tasks(page)
      .getByRole('link', { name: /bài thi đang mở/ })
      .click();
    await page.getByRole('link', { name: 'Thi thử Toán 12 – luyện tập' }).click();
    const briefing = page.getByTestId('exam-briefing');
    await expect(briefing.getByRole('heading', { level: 1 })).toHaveText('Thi thử Toán 12 – luyện tập');
    await expect(briefing).toContainText('Số câu hỏi');
    await expect(briefing).toContainText('Hết giờ, bài được nộp tự động với các câu trả lời đã lưu.');
    await expect(page.getByRole('button', { name: 'Bắt đầu làm bài' })).toBeVisible();
    await looked(page, testInfo, 'student-exam-rules');
  },
);

story('parent: chooses a child and sees class and school by name', async (page, testInfo) => {
  await home(page, testInfo, 'parent1', 'parent');
  await page
    .getByTestId('child-switcher')
    .getByRole('button', { name: /Trịnh Bảo Minh/ })
    .click();
  const child = page.getByTestId('learner-card');
  await expect(child).toContainText('Trịnh Bảo Minh');
  await expect(child).toContainText('Lớp 12A1');
  await expect(child).toContainText('Trường THPT chuyên Trần Phú');
  await looked(page, testInfo, 'parent-child');
});

story(
  'citizen: finds a book in the city’s digital library and where to borrow it',
  async (page, testInfo) => {
    await home(page, testInfo, 'citizen1', 'citizen');
    await page.getByRole('main').getByRole('link', { name: 'Thư viện số' }).click();
    await page.getByLabel('Từ khoá, tác giả hoặc ISBN').fill('toan');
    await page.getByLabel('Từ khoá, tác giả hoặc ISBN').press('Enter');
    const results = page.getByTestId('library-results');
    await results.getByRole('link').first().click();
    // Every demo title is on a demo school's shelf: the school by name, its shelf, what is free.
    const heldBy = page.getByTestId('held-by');
    await expect(heldBy).toContainText(/Trường /);
    await expect(heldBy).toContainText('Vị trí: Kệ');
    await expect(heldBy).toContainText(/Còn \d+\/\d+ bản|Đang được mượn hết/);
    await looked(page, testInfo, 'citizen-title-page');
  },
);

for (const { title, story: run, phone } of stories) {
  test(title, async ({ page }, testInfo) => run(page, testInfo));
  if (phone) test(`${title} @phone`, async ({ page }, testInfo) => run(page, testInfo));
}

test('group leader on a phone: the home says what waits, and its first link opens @phone', async ({
  page,
}, testInfo) => {
  await home(page, testInfo, 'groupleader1', 'group-leader');
  const first = page.getByRole('main').getByRole('link').first();
  const href = await first.getAttribute('href');
  await first.click();
  await expect(page).toHaveURL((url) => url.pathname === href?.split('?')[0]);
  await looked(page, testInfo, 'group-leader-first-link');
});
