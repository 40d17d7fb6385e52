/**
 * A parent on a phone (issue 18, item 7): signs in with the national identity (VNeID), switches
 * between the two children the school recorded them on and sees each child's class, links a third
 * child with the school's code, sees the child's library loans, and finds the library's notice in
 * the inbox — the bell counting it — after the librarian takes a reserved book back at the desk.
 * The school's side (the link code, the loans and the hold) is set up through the API as the
 * school's own staff would; the notice goes the real way: check-in → notifications queue →
 * delivery worker → the inbox of the accounts linked to the learner, and — parent1 chose e-mail
 * for the library — SES's mailbox (aws-ses-v2-local).
 */
import { expect, type Page, test } from '@playwright/test';
import { DEMO_CITIZENS } from '../../infra/local/demo-citizens.ts';
import { PARENT1_PERSONAL_ID } from '../../infra/local/demo-data.ts';
import { PARENT1_EMAIL } from '../../infra/local/demo-links.ts';
import { PORTAL_URL } from './playwright.config.ts';
import { apiAs, expectAccessible, mainNav, screenshot, signIn } from './support.ts';

const SCHOOL = 'THPT-TRANPHU';
const parent = DEMO_CITIZENS.find((c) => c.personalId === PARENT1_PERSONAL_ID)!;

interface Link {
  recordId: string;
  relation: string;
  kind: string;
  fullName: string;
  schoolId: string;
  schoolName: string;
  className?: string;
}
interface EduRecord {
  recordId: string;
  status: string;
  name: string;
  data: { personalId: string; classId?: string };
}

/**
 * In quiet hours (22:00–06:00 city time, reckoned here) an e-mail that is not urgent waits for
 * 06:00: fire the hourly release as at 06:05, as the schedule will.
 */
async function releaseIfQuiet() {
  const city = new Date(Date.now() + 7 * 3_600_000);
  const hour = city.getUTCHours();
  if (hour >= 6 && hour < 22) return;
  // Wait for the notice to be delivered (and so held) first.
  await new Promise((r) => setTimeout(r, 3_000));
  const morning = new Date(city);
  if (hour >= 22) morning.setUTCDate(morning.getUTCDate() + 1);
  morning.setUTCHours(6, 5, 0, 0);
  const at = new Date(morning.getTime() - 7 * 3_600_000).toISOString();
  const fired = await fetch(
    `${PORTAL_URL}/_local/fire/notifications-schedule-notification-releases?time=${encodeURIComponent(at)}`,
    { method: 'POST' },
  );
  expect(fired.status).toBe(200);
}

/** A new title with one copy at the school; returns its id and the copy's barcode. */
async function catalogue(title: string, run: string, n: number) {
  const created = await apiAs<{ titleId: string }>(
    'librarian1',
    'POST',
    `/org-units/${SCHOOL}/library-titles`,
    { title, authors: ['Nguyễn Nhật Ánh'], year: 2024 },
    201,
  );
  const barcode = `FAM-${run}-${n}`;
  await apiAs(
    'librarian1',
    'POST',
    `/org-units/${SCHOOL}/library-copies`,
    {
      titleId: created.titleId,
      copies: [{ barcode }],
    },
    201,
  );
  return { titleId: created.titleId, barcode };
}

const learnerCard = (page: Page) => page.getByTestId('learner-card');
const classOf = (link: Link) => link.className ?? 'chưa xếp lớp';

test.use({ viewport: { width: 390, height: 844 } });

test('a parent signs in with VNeID, switches children, links a third, sees loans and a library notice @phone', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const run = `${Date.now() % 100_000}`;

  // The two children the schools recorded parent1 (Trịnh Văn Nam) on, at two schools (the demo
  // links are written in the background once the learners exist).
  let links: Link[] = [];
  await expect
    .poll(
      async () => {
        links = (await apiAs<{ items: Link[] }>('parent1', 'GET', '/me/links')).items;
        return links
          .filter((l) => l.relation === 'guardian')
          .map((c) => c.schoolId)
          .sort();
      },
      { timeout: 60_000 },
    )
    .toEqual(['TH-CATHAI', 'THPT-TRANPHU']);
  const children = links.filter((l) => l.relation === 'guardian');
  const atTranPhu = children.find((c) => c.schoolId === SCHOOL)!;
  const atCatHai = children.find((c) => c.schoolId !== SCHOOL)!;

  // A third learner of Trần Phú, not yet theirs: the school prints a link code for the parent.
  const { items: learners } = await apiAs<{ items: EduRecord[] }>(
    'principal1',
    'GET',
    `/org-units/${SCHOOL}/records/student?limit=50`,
  );
  const third = learners.find(
    (l) => l.status === 'approved' && l.data.classId && !links.some((k) => k.recordId === l.recordId),
  )!;
  expect(third, 'an approved learner in a class').toBeDefined();
  const { code } = await apiAs<{ code: string }>(
    'principal1',
    'POST',
    `/records/${third.recordId}/link-codes`,
    {},
    201,
  );
  const personalIdOf = async (recordId: string) =>
    (await apiAs<EduRecord>('principal1', 'GET', `/records/${recordId}`)).data.personalId;

  // The library: the first child borrows two books; the third reserves the second one.
  const story = await catalogue(`Tôi thấy hoa vàng trên cỏ xanh ${run}`, run, 1);
  const reserved = await catalogue(`Mắt biếc ${run}`, run, 2);
  const firstCard = await personalIdOf(atTranPhu.recordId);
  for (const barcode of [story.barcode, reserved.barcode])
    await apiAs(
      'librarian1',
      'POST',
      `/org-units/${SCHOOL}/library-loans`,
      { barcode, card: firstCard },
      201,
    );
  await apiAs(
    'librarian1',
    'POST',
    `/org-units/${SCHOOL}/library-holds`,
    { titleId: reserved.titleId, card: await personalIdOf(third.recordId) },
    201,
  );

  // Signing in with VNeID, as a parent does from the landing page.
  await page.goto('/');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản định danh điện tử (VNeID)' }).click();
  await page.waitForURL('**/interaction/**');
  await expectAccessible(page);
  await page.getByRole('button', { name: new RegExp(parent.fullName) }).click();
  await page.waitForURL((url) => url.pathname === '/home');
  await expect(page.getByTestId('home-title')).toHaveText(`Xin chào, ${parent.fullName}`);

  // Two children: a switcher, each child's class, school and homeroom teacher.
  const switcher = page.getByTestId('child-switcher');
  await expect(switcher.getByRole('button')).toHaveCount(2);
  for (const child of [atCatHai, atTranPhu]) {
    await switcher.getByRole('button', { name: new RegExp(child.fullName) }).click();
    await expect(switcher.getByRole('button', { name: new RegExp(child.fullName) })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(learnerCard(page).getByRole('heading', { level: 2 })).toHaveText(child.fullName);
    await expect(page.getByTestId('learner-class')).toContainText(classOf(child));
    await expect(page.getByTestId('learner-school')).toHaveText(child.schoolName);
    await expectAccessible(page);
  }
  await screenshot(page, testInfo, 'family-home');
  // The choice holds across a reload (sessionStorage; nothing about the child in the address).
  await page.reload();
  await expect(learnerCard(page).getByRole('heading', { level: 2 })).toHaveText(atTranPhu.fullName);
  expect(new URL(page.url()).search).toBe('');

  // The first child's loans (the learner's library route: GET /learners/{id}/library).
  const library = page.getByTestId('learner-library');
  await expect(library.getByTestId('learner-loans')).toContainText(`Tôi thấy hoa vàng trên cỏ xanh ${run}`);
  await expect(library.getByTestId('learner-loans')).toContainText(`Mắt biếc ${run}`);

  // Linking the third child with the school's code, from the menu.
  await page.getByRole('button', { name: 'Menu' }).click();
  await mainNav(page).getByRole('link', { name: 'Liên kết với học sinh' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Liên kết tài khoản với học sinh');
  await page.getByRole('textbox', { name: /^Mã liên kết/ }).fill(code);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Liên kết', exact: true }).click();
  await expect(page.getByTestId('link-done')).toContainText(`Đã liên kết với ${third.name}`);
  await expect(page.getByTestId('my-links').getByRole('listitem')).toHaveCount(3);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'family-link');
  await page.getByRole('link', { name: 'Xem trang của học sinh' }).click();
  await expect(switcher.getByRole('button')).toHaveCount(3);
  // A new link takes effect within the API's 30-second principal cache: the page waits for it.
  await expect(learnerCard(page).getByRole('heading', { level: 2 })).toHaveText(third.name, {
    timeout: 45_000,
  });
  await expectAccessible(page);

  // Something wrong in the record: the parent asks the school to correct it, and sees it waiting.
  const correction = page.getByTestId('correction-form');
  await correction.getByLabel('Mục cần sửa').selectOption({ label: 'Địa chỉ' });
  await correction.getByRole('textbox', { name: /Thông tin đúng là/ }).fill('Số 12 Lạch Tray, Ngô Quyền');
  await correction.getByRole('button', { name: 'Gửi đề nghị' }).click();
  await expect(correction.getByRole('status')).toHaveText(/Đã gửi đề nghị/);
  await expect(page.getByTestId('correction-requests')).toContainText('Địa chỉ');
  await expect(page.getByTestId('correction-requests')).toContainText('Đang chờ nhà trường');
  await expectAccessible(page);

  // The librarian takes the reserved book back: it waits on the hold shelf for the third child,
  // whose guardians are told.
  const returned = await apiAs<{ copyStatus: string }>(
    'librarian1',
    'POST',
    `/org-units/${SCHOOL}/library-returns`,
    {
      barcode: reserved.barcode,
    },
  );
  expect(returned.copyStatus).toBe('on-hold-shelf');
  await expect
    .poll(
      async () =>
        (
          await apiAs<{ items: { title: string; body: string }[] }>('parent1', 'GET', '/me/notifications')
        ).items.some((n) => n.body.includes(`Mắt biếc ${run}`)),
      { timeout: 30_000 },
    )
    .toBe(true);

  // The bell counts it on the next page the parent opens; the inbox shows it, and reading it counts
  // down.
  await page.getByRole('button', { name: 'Menu' }).click();
  await mainNav(page).getByRole('link', { name: 'Tài khoản của tôi' }).click();
  await expect(page.getByTestId('me-sign-in')).toHaveText('Đăng nhập qua VNeID, định danh mức 2');
  await expectAccessible(page);
  const bell = page.getByTestId('bell');
  await expect(bell).toHaveAccessibleName(/^Thông báo, \d+ chưa đọc$/);
  const unreadBefore = Number(/(\d+)/.exec((await bell.getAttribute('aria-label')) ?? '')![1]);
  await bell.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thông báo');
  const notice = page
    .getByTestId('inbox')
    .getByRole('listitem')
    .filter({ hasText: `Mắt biếc ${run}` });
  await expect(notice.getByRole('heading')).toContainText('Sách bạn đặt đã sẵn sàng');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'family-inbox');
  await notice.getByRole('button', { name: /Đánh dấu đã đọc/ }).click();
  await expect(notice.getByRole('button')).toHaveCount(0);
  await expect(bell).toHaveAccessibleName(
    unreadBefore > 1 ? `Thông báo, ${unreadBefore - 1} chưa đọc` : 'Thông báo, không có thông báo mới',
  );
  // parent1 chose e-mail for the library (demo): the same notice is in SES's mailbox.
  await releaseIfQuiet();
  const { mailbox } = (await (await fetch(`${PORTAL_URL}/_local/info`)).json()) as { mailbox: string };
  await expect
    .poll(
      async () => {
        const store = (await (await fetch(`${mailbox}store`)).json()) as {
          emails: { destination: { to: string[] }; subject: string; body: { text?: string } }[];
        };
        return store.emails.some(
          (e) =>
            e.destination.to.includes(PARENT1_EMAIL) &&
            e.subject === 'Sách bạn đặt đã sẵn sàng' &&
            e.body.text?.includes(`Mắt biếc ${run}`),
        );
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  const mail = await page.context().newPage();
  await mail.goto(mailbox);
  await expect(mail.getByText('Sách bạn đặt đã sẵn sàng').first()).toBeVisible();
  await screenshot(mail, testInfo, 'family-mailbox');
  await mail.close();

  // How to be notified: the settings page, with its consent wording.
  await page.getByRole('link', { name: 'Cài đặt nhận thông báo' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cài đặt nhận thông báo');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'family-notification-settings');

  // What the platform holds on him (Decree 13/2023): prepared by a worker, two downloads.
  await page.getByRole('button', { name: 'Menu' }).click();
  await mainNav(page).getByRole('link', { name: 'Tài khoản của tôi' }).click();
  await page.getByRole('button', { name: 'Chuẩn bị bản tải về' }).click();
  await expect(page.getByRole('link', { name: 'Tải bản tóm tắt (PDF)' })).toBeVisible({ timeout: 30_000 });
  const json = await page.getByRole('link', { name: 'Tải dữ liệu (JSON)' }).getAttribute('href');
  expect(json).not.toContain(PARENT1_PERSONAL_ID);
  const data = (await (await fetch(json!)).json()) as Record<string, unknown>;
  expect(JSON.stringify(data)).toContain(parent.fullName);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'family-my-data');
});

test('a citizen with no child is shown how to link one; a learner sees their own page @phone', async ({
  page,
}, testInfo) => {
  const citizen = DEMO_CITIZENS.find((c) => c.note.startsWith('Công dân'))!;
  await page.goto('/');
  await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản định danh điện tử (VNeID)' }).click();
  await page.waitForURL('**/interaction/**');
  await page.getByRole('button', { name: new RegExp(citizen.fullName) }).click();
  await page.waitForURL((url) => url.pathname === '/home');
  const call = page.getByTestId('link-call');
  await expect(call.getByRole('heading')).toHaveText('Liên kết tài khoản với con của bạn');
  await expect(page.getByRole('link', { name: 'Tra cứu văn bằng' }).first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, 'family-no-child');
  await call.getByRole('link', { name: 'Liên kết với con' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Liên kết tài khoản với học sinh');
  await expect(page.getByTestId('my-links')).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL((url) => url.pathname === '/');

  // A learner of 12A1, linked to their own record by the school (the demo's hocsinh.12a1.01).
  await signIn(page, 'hocsinh.12a1.01');
  await expect(learnerCard(page)).toContainText('Hồ sơ học sinh của bạn');
  await expect(page.getByTestId('learner-class')).toHaveText('Lớp 12A1');
  await expect(page.getByTestId('child-switcher')).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'learner-home');
});
