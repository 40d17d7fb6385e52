/// <reference lib="dom" />
/**
 * The portal shell in a real browser: public pages, sign-in through the development provider as
 * several roles, role navigation, /me, language switch, forbidden pages, forms showing the API's
 * field errors, token refresh and session expiry, logout, and a phone screen. Every page visited
 * passes axe's WCAG A/AA rules.
 */
import { expect, type Page, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { expectAccessible, mainNav, screenshot, signIn } from './support.ts';

const SESSION_KEY = 'vn-edu.session';

async function navLabels(page: Page) {
  return mainNav(page).getByRole('link').allInnerTexts();
}

test.describe('public pages', () => {
  test('landing page in Vietnamese, with the public lookups', async ({ page }, testInfo) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cổng Giáo dục số thành phố');
    await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
    await expectAccessible(page);
    await screenshot(page, testInfo, 'landing');

    // The diploma lookup is offered to everyone, signed out: three fields, nothing else asked.
    await expect(page.getByRole('main')).toContainText('Tra cứu văn bằng tốt nghiệp THCS, THPT');
    await page.getByRole('main').getByRole('link', { name: 'Tra cứu văn bằng' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tra cứu văn bằng, chứng chỉ');
    await expect(page.getByRole('textbox')).toHaveCount(3);
    await expectAccessible(page);

    await page.goto('/verify/abc-123');
    await expect(page.getByLabel('Mã xác thực')).toHaveValue('abc-123');
    await expectAccessible(page);
  });

  test('a signed-in page asks to sign in, and an unknown path says not found', async ({ page }) => {
    await page.goto('/me');
    await expect(page.getByRole('main')).toContainText('Trang này cần đăng nhập.');
    await page.goto('/khong-co-trang-nay');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Không tìm thấy trang');
    await expectAccessible(page);
  });

  test('a wrong password is refused on the sign-in page', async ({ page }) => {
    await page.goto('/');
    await page.locator('header').getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill('wrong');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByRole('alert')).toHaveText('Sai tên đăng nhập hoặc mật khẩu.');
  });
});

test.describe('signed in', () => {
  test('department admin: city home with figures and chart, /me, language switch', async ({
    page,
  }, testInfo) => {
    await signIn(page, 'admin');
    await expect(page.getByTestId('home-title')).toHaveText('Xin chào, Nguyễn Thị Hương');
    await expect(page.getByTestId('home-department')).toBeVisible();
    // The home is a task list: what waits, or that nothing does, for each of the person's tasks.
    const tasks = page.getByRole('region', { name: 'Việc cần làm' });
    await expect(tasks).toContainText('hồ sơ dữ liệu ngành chờ phê duyệt');
    await expect(tasks).toContainText('học liệu chờ duyệt');
    expect(await navLabels(page)).toEqual([
      'Trang chủ',
      // The Department runs the admissions campaigns.
      'Kỳ tuyển sinh',
      'Đơn vị',
      'Dữ liệu ngành',
      'Phê duyệt dữ liệu',
      'Số liệu thống kê',
      'Thống kê kết quả học tập',
      'Ngân hàng đề thi',
      // The Department's administrator hands the records' rights down but neither reads nor
      // approves records (seed 003 names the Department's leaders): no records menus.
      // Professional development: their own catalogue (its tests sat in the exam room), and the
      // Department's to keep.
      'Bài thi của tôi',
      'Bồi dưỡng thường xuyên',
      'Thống kê BDTX',
      'Danh mục mô-đun BDTX',
      'Kho học liệu',
      'Duyệt học liệu',
      'Thống kê thư viện',
      'Nhật ký thay đổi',
      'Báo cáo thống kê',
      'Tài khoản của tôi',
    ]);
    const figures = page.getByTestId('unit-figures');
    await expect(figures).toContainText('45 Phường');
    await expect(figures).toContainText('67 Xã');
    await expect(figures).toContainText('2 Đặc khu');
    await expect(page.locator('canvas[aria-label="Số đơn vị theo loại"]')).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, testInfo, 'home-department');

    await mainNav(page).getByRole('link', { name: 'Tài khoản của tôi' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tài khoản của tôi');
    await expect(page.getByTestId('my-roles')).toContainText('Quản trị Sở GDĐT');
    await expect(page.getByTestId('my-roles')).toContainText('Sở Giáo dục và Đào tạo');
    await expectAccessible(page);
    await screenshot(page, testInfo, 'me-department');

    await page.getByTestId('switch-language').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('My account');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByTestId('my-roles')).toContainText('Department administrator');
    await expectAccessible(page);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('My account');
    await page.getByTestId('switch-language').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tài khoản của tôi');
  });

  test('commune admin: schools of the commune, a form that shows field errors, then creates', async ({
    page,
  }, testInfo) => {
    await signIn(page, 'commune1.admin');
    expect(await navLabels(page)).toEqual([
      'Trang chủ',
      'Phân tuyến tuyển sinh',
      'Trường học',
      'Dữ liệu ngành',
      'Phê duyệt dữ liệu',
      'Số liệu thống kê',
      'Thống kê kết quả học tập',
      'Ngân hàng đề thi',
      'Theo dõi hồ sơ chuyên môn',
      'Bài thi của tôi',
      'Bồi dưỡng thường xuyên',
      'Kế hoạch BDTX các trường',
      'Thống kê BDTX',
      'Kho học liệu',
      'Duyệt học liệu',
      'Thống kê thư viện',
      'Nhật ký thay đổi',
      'Báo cáo thống kê',
      'Tài khoản của tôi',
    ]);
    await mainNav(page).getByRole('link', { name: 'Trường học' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Phường Hồng Bàng');
    await expect(page.getByTestId('children')).toContainText('Trường Mầm non Hoa Sen');
    await expectAccessible(page);

    const unique = Date.now().toString(36);
    const form = page.getByRole('form', { name: 'Tạo tài khoản' });
    await form.getByLabel('Tên đăng nhập').fill(`gv.${unique}`);
    await form.getByLabel('Họ và tên').fill('Đặng Thị Thu Hà');
    await form.getByLabel('Số định danh cá nhân').fill('12345');
    await form.getByRole('button', { name: 'Lưu' }).click();
    const personalId = form.getByLabel('Số định danh cá nhân');
    await expect(personalId).toHaveAttribute('aria-invalid', 'true');
    await expect(personalId).toHaveAccessibleDescription(/Số định danh cá nhân gồm 12 chữ số/);
    await expectAccessible(page);
    await screenshot(page, testInfo, 'form-field-error');

    await personalId.fill('031190001234'.replace(/\d{4}$/, String(Date.now() % 10_000).padStart(4, '0')));
    await form.getByRole('button', { name: 'Lưu' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Đã tạo tài khoản' })).toContainText(
      'Đặng Thị Thu Hà',
    );
    await expect(page.getByTestId('accounts')).toContainText(`gv.${unique}`);
  });

  test('commune admin imports schools from a spreadsheet; a bad row is named and nothing is written', async ({
    page,
  }, testInfo) => {
    const tag = Date.now().toString(36).toUpperCase();
    const xlsx = async (rows: string[][]) => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Đơn vị');
      sheet.addRow([
        'Mã định danh',
        'Mã đơn vị',
        'Tên đơn vị',
        'Loại đơn vị',
        'Mã định danh đơn vị cấp trên',
      ]);
      for (const row of rows) sheet.addRow(row);
      return {
        name: 'don-vi.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: Buffer.from(await workbook.xlsx.writeBuffer()),
      };
    };
    await signIn(page, 'commune1.admin');
    await page.goto('/org-units/P-HONGBANG');
    const form = page.getByRole('form', { name: 'Nhập đơn vị từ bảng tính' });

    await form
      .getByLabel('Tệp bảng tính')
      .setInputFiles(await xlsx([[`TH-X-${tag}`, `9${tag}`, 'Trường Tiểu học Thử', 'Làng', 'P-HONGBANG']]));
    await form.getByRole('button', { name: 'Nhập' }).click();
    const errors = page.getByTestId('import-errors');
    await expect(errors).toContainText('Loại đơn vị');
    await expect(errors).toContainText('Không có loại đơn vị “Làng”');
    await expectAccessible(page);
    await screenshot(page, testInfo, 'import-errors');

    await form
      .getByLabel('Tệp bảng tính')
      .setInputFiles(
        await xlsx([[`TH-X-${tag}`, `9${tag}`, 'Trường Tiểu học Hoa Phượng Đỏ', 'Trường', 'P-HONGBANG']]),
      );
    await form.getByRole('button', { name: 'Nhập' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Đã nhập' })).toHaveText('Đã nhập 1 đơn vị.');
    await page.goto(`/org-units/TH-X-${tag}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trường Tiểu học Hoa Phượng Đỏ');
  });

  test('department admin moves a school to another commune (history kept) and finds an account by e-mail', async ({
    page,
  }) => {
    await signIn(page, 'admin');
    await page.goto('/org-units/TH-VINHAM');
    const move = page.getByRole('form', { name: 'Chuyển đơn vị sang đơn vị cấp trên khác' });
    // The new commune is chosen by name, typed without diacritics; Enter searches, it moves nothing.
    await move.getByLabel('Tìm đơn vị theo tên').fill('nguyen binh khiem');
    await move.getByLabel('Tìm đơn vị theo tên').press('Enter');
    await expect(move.getByRole('status')).toHaveCount(0);
    await move.getByRole('radio', { name: /Xã Nguyễn Bỉnh Khiêm/ }).check();
    await move.getByLabel('Lý do').fill('Nghị quyết sắp xếp đơn vị hành chính cấp xã');
    await move.getByRole('button', { name: 'Lưu' }).click();
    await expect(move.getByRole('status')).toHaveText(
      'Đã chuyển đơn vị sang Xã Nguyễn Bỉnh Khiêm; lịch sử được lưu lại.',
    );
    const history = page.getByTestId('history');
    await expect(history).toContainText('Xã Vĩnh Am');
    await expect(history).toContainText('Xã Nguyễn Bỉnh Khiêm');
    await expect(history).toContainText('Nguyễn Thị Hương');
    await expect(history).not.toContainText('X-NGUYENBINHKHIEM');
    await expect(page.getByRole('link', { name: 'Xã Nguyễn Bỉnh Khiêm' })).toBeVisible();
    await expectAccessible(page);

    const find = page.getByRole('form', { name: 'Tìm tài khoản' });
    await find.getByLabel('Giá trị').fill('khong.ton.tai@example.vn');
    await find.getByRole('button', { name: 'Tìm' }).click();
    await expect(find.locator('.form-problem')).toContainText('Không tìm thấy tài khoản phù hợp.');
    await find.getByLabel('Giá trị').fill('trang.pt@hongbang.example.vn');
    await find.getByRole('button', { name: 'Tìm' }).click();
    await expect(page.getByTestId('found-account')).toContainText('commune1.admin');
  });

  test('teacher: no administration in the menu, and a forbidden page says so', async ({ page }, testInfo) => {
    await signIn(page, 'teacher1');
    await expect(page.getByTestId('home-teacher')).toBeVisible();
    // A teacher reads the school's data and writes exams; approving, statistics and administration are not theirs.
    expect(await navLabels(page)).toEqual([
      'Trang chủ',
      'Trường của tôi',
      'Dữ liệu ngành',
      'Ngân hàng đề thi',
      'Bài thi của tôi',
      // The teacher's own class courses (their class's pupils follow them online).
      'Khoá học của lớp',
      // The grade books they teach, and their homeroom class's.
      'Sổ điểm',
      'Bồi dưỡng thường xuyên',
      'Kế hoạch BDTX của tôi',
      'Kết quả BDTX của tôi',
      'Hồ sơ chuyên môn',
      'Kho học liệu',
      'Tài khoản của tôi',
    ]);
    await expectAccessible(page);

    await page.goto('/audit');
    await expect(page.getByTestId('forbidden')).toContainText('Bạn không có quyền truy cập trang này');
    await expectAccessible(page);
    await screenshot(page, testInfo, 'forbidden');

    // A unit outside the teacher's school: the API refuses, the portal says so.
    await page.goto('/org-units/P-HONGBANG');
    await expect(page.getByTestId('forbidden')).toBeVisible();
  });

  test('the access token stays in memory: a reload refreshes it; without a refresh token the session ends clearly', async ({
    page,
  }) => {
    await signIn(page, 'principal1');
    const saved = () =>
      page.evaluate(
        (key) => JSON.parse(sessionStorage.getItem(key)!) as Record<string, unknown>,
        SESSION_KEY,
      );
    const before = await saved();
    expect(before.accessToken).toBeUndefined();
    expect(before.refreshToken).toEqual(expect.any(String));

    // A navigation reloads the app with no access token: it refreshes one before showing the page.
    await page.goto('/me');
    await expect(page.getByTestId('my-roles')).toContainText('Ban giám hiệu');
    const after = await saved();
    expect(after.accessToken).toBeUndefined();
    expect(after.refreshToken).not.toBe(before.refreshToken);

    await page.evaluate((key) => {
      const session = JSON.parse(sessionStorage.getItem(key)!);
      delete session.refreshToken;
      sessionStorage.setItem(key, JSON.stringify(session));
    }, SESSION_KEY);
    await page.goto('/me');
    await expect(page.getByTestId('session-expired')).toContainText('Phiên làm việc đã hết hạn');
    await expectAccessible(page);
  });

  test('logout ends the session at the portal and the provider', async ({ page }) => {
    await signIn(page, 'student1');
    await expect(page.getByTestId('home-student')).toBeVisible();
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await expect(page.locator('header').getByRole('button', { name: 'Đăng nhập' })).toBeVisible();
    // The provider's session is gone too: signing in again asks for the password.
    await page.locator('header').getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByLabel('Mật khẩu')).toBeVisible();
  });
});

test('on a phone the menu folds behind a button @phone', async ({ page }, testInfo) => {
  await signIn(page, 'parent1');
  const nav = mainNav(page);
  await expect(nav).toBeHidden();
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(nav).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Tra cứu văn bằng' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, 'home-parent-phone');
});
