/**
 * Seed 001 in the browser: the Department creates a commune's admin account, grants it the
 * commune admin role and records the handover (with its PDF minutes); the new admin signs in for
 * the first time, sees only their commune and grants a school role there; the Department then
 * revokes the commune admin role and everything granted through it.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn } from './support.ts';

test('handover → grant → scoped access → revocation cascade', async ({ page }, testInfo) => {
  // Five sign-ins and a dozen screens: a story, not a unit.
  test.setTimeout(120_000);
  const unique = Date.now().toString(36);
  const communeAdmin = `qt.vinhbao.${unique}`;
  const officer = `dl.thcs.${unique}`;

  // The Department: account, role, handover.
  await signIn(page, 'admin');
  await page.goto('/org-units/X-VINHBAO');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Xã Vĩnh Bảo');
  const newAccount = page.getByRole('form', { name: 'Tạo tài khoản' });
  await newAccount.getByLabel('Tên đăng nhập').fill(communeAdmin);
  await newAccount.getByLabel('Họ và tên').fill('Phạm Thị Lan Anh');
  await newAccount.getByLabel('Thư điện tử').fill(`${unique}@vinhbao.example.vn`);
  await newAccount.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByTestId('accounts')).toContainText(communeAdmin);

  const grant = page.getByRole('form', { name: 'Giao vai trò tại đơn vị này' });
  // The person is chosen by name among the unit's accounts, never typed.
  await grant.getByLabel('Tìm người theo tên').fill(communeAdmin);
  await grant.getByRole('radio', { name: /Phạm Thị Lan Anh/ }).check();
  await grant.getByLabel('Vai trò').selectOption('commune-admin');
  await grant.getByRole('button', { name: 'Gửi' }).click();
  await expect(grant.getByRole('status')).toHaveText('Đã giao vai trò Quản trị cấp xã cho Phạm Thị Lan Anh.');

  const handover = page.getByRole('form', { name: 'Bàn giao tài khoản quản trị cấp xã' });
  await handover.getByLabel('Tìm người theo tên').fill('lan anh');
  await handover.getByRole('radio', { name: new RegExp(communeAdmin.replaceAll('.', '\\.')) }).check();
  await handover.getByLabel('Họ tên cán bộ tiếp nhận').fill('Phạm Thị Lan Anh');
  await handover.getByLabel('Chức vụ').fill('Công chức Văn hóa – Xã hội');
  await handover.getByLabel('Số điện thoại').fill('0912 345');
  await handover.getByLabel('Ngày bàn giao').fill('2026-11-25');
  await handover.getByLabel('Số giấy giới thiệu').fill('15/GGT-UBND');
  await handover.getByLabel('Ngày giấy giới thiệu').fill('2026-11-20');
  await handover.getByLabel('Cơ quan cấp giấy giới thiệu').fill('UBND xã Vĩnh Bảo');
  await handover.getByRole('button', { name: 'Lưu' }).click();
  // A bad phone number is named next to its field, and nothing is recorded.
  await expect(handover.getByLabel('Số điện thoại')).toHaveAttribute('aria-invalid', 'true');
  await expect(handover.getByLabel('Số điện thoại')).toHaveAccessibleDescription(
    /Số điện thoại gồm 10 chữ số/,
  );
  await handover.getByLabel('Số điện thoại').fill('0912345678');
  await handover.getByRole('button', { name: 'Lưu' }).click();
  const minutes = handover.getByRole('link', { name: 'Tải biên bản bàn giao (PDF)' });
  await expect(minutes).toBeVisible();
  const pdf = await page.request.get((await minutes.getAttribute('href'))!);
  expect(pdf.ok()).toBe(true);
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'handover');
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL((url) => url.pathname === '/');

  // The new commune admin: first sign-in links the invited account; their commune only.
  await signIn(page, communeAdmin);
  await expect(page.getByTestId('home-commune')).toBeVisible();
  await expect(page.locator('.chip')).toContainText(['Quản trị cấp xã · Xã Vĩnh Bảo']);
  await page.goto('/org-units/THCS-VINHBAO');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trường THCS Vĩnh Bảo');
  const schoolAccount = page.getByRole('form', { name: 'Tạo tài khoản' });
  await schoolAccount.getByLabel('Tên đăng nhập').fill(officer);
  await schoolAccount.getByLabel('Họ và tên').fill('Vũ Đức Thịnh');
  await schoolAccount.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByTestId('accounts')).toContainText(officer);
  const schoolGrant = page.getByRole('form', { name: 'Giao vai trò tại đơn vị này' });
  await schoolGrant.getByLabel('Tìm người theo tên').fill(officer);
  await schoolGrant.getByRole('radio', { name: /Vũ Đức Thịnh/ }).check();
  await schoolGrant.getByLabel('Vai trò').selectOption('school-data-officer');
  await schoolGrant.getByRole('button', { name: 'Gửi' }).click();
  await expect(schoolGrant.getByRole('status')).toContainText('Cán bộ đầu mối dữ liệu');
  // Granting what the commune admin does not hold is refused with the reason.
  await schoolGrant.getByLabel('Vai trò').selectOption('department-admin');
  await schoolGrant.getByRole('button', { name: 'Gửi' }).click();
  await expect(schoolGrant.locator('.form-problem')).toBeVisible();
  await expectAccessible(page);

  await page.goto('/org-units/X-NGUYENBINHKHIEM');
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await page.goto('/audit');
  // The log says who did what in words; the account's id is kept in the target's tooltip.
  const communeAudit = page.getByTestId('audit');
  await expect(communeAudit).toContainText('Tạo tài khoản');
  await expect(communeAudit.locator(`span[title="account ${officer}"]`).first()).toBeVisible();
  await page.getByRole('button', { name: 'Xuất Excel' }).click();
  const download = page.getByRole('link', { name: 'Tải tệp Excel' });
  await expect(download).toBeVisible({ timeout: 20_000 });
  const xlsx = await page.request.get((await download.getAttribute('href'))!);
  expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'audit-export');
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL((url) => url.pathname === '/');

  // The school data officer acts in that school only.
  await signIn(page, officer);
  await expect(page.getByTestId('home-school')).toBeVisible();
  await page.goto('/org-units/THCS-VINHBAO');
  await expect(page.getByTestId('accounts')).toContainText(officer);
  await page.goto('/org-units/THCS-NGUYENBINHKHIEM');
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL((url) => url.pathname === '/');

  // Every step is in the city's audit log.
  await signIn(page, 'admin');
  await page.goto('/audit');
  const audit = page.getByTestId('audit');
  for (const [action, target] of [
    ['account.create', communeAdmin],
    ['role.grant', communeAdmin],
    ['account.handover', communeAdmin],
    ['account.activate', communeAdmin],
    ['account.create', officer],
    ['role.grant', officer],
    ['account.activate', officer],
  ]) {
    // Actions are said in words; each entry keeps its code and its target's id in tooltips.
    const entries = audit
      .locator('tr')
      .filter({ has: page.locator(`span[title="${action}"]`) })
      .filter({ has: page.locator(`span[title="account ${target}"]`) });
    await expect(entries).not.toHaveCount(0);
  }

  // The Department revokes the commune admin role: what was granted through it goes too.
  await page.goto(`/accounts/${communeAdmin}`);
  await expect(page.getByTestId('account-roles')).toContainText('Quản trị cấp xã');
  await expect(page.getByTestId('account-roles')).toContainText('Xã Vĩnh Bảo');
  await expect(page.getByTestId('account-roles')).toContainText('Nguyễn Thị Hương'); // who granted it
  await page.getByRole('button', { name: 'Thu hồi: Quản trị cấp xã' }).click();
  const preview = page.getByTestId('revoke-preview');
  // Who loses which role where, by name.
  await expect(preview).toContainText('Vũ Đức Thịnh: Cán bộ đầu mối dữ liệu · Trường THCS Vĩnh Bảo');
  await expect(preview).toContainText('Phạm Thị Lan Anh: Quản trị cấp xã · Xã Vĩnh Bảo');
  await expect(preview).not.toContainText(officer);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'revoke-preview');
  await preview.getByRole('button', { name: 'Xác nhận thu hồi' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã thu hồi' })).toHaveText(
    'Đã thu hồi 2 vai trò.',
  );
  await expect(page.getByText('Tài khoản chưa có vai trò nào.')).toBeVisible();
});
