/**
 * The national-identity sign-in in the browser (docs/identity.md): the landing page's VNeID
 * button, the development VNeID's page (Vietnamese, keyboard-usable, no personal ID in full),
 * and back on the portal signed in as the citizen, on their home page.
 */
import { expect, test } from '@playwright/test';
import { DEMO_CITIZENS } from '../../infra/local/demo-citizens.ts';
import { expectAccessible, screenshot } from './support.ts';

const parent = DEMO_CITIZENS.find((c) => c.identityLevel === 2)!;

test('a citizen signs in with VNeID from the landing page and lands on their home', async ({
  page,
}, testInfo) => {
  await page.goto('/');
  const main = page.getByRole('main');
  await expect(
    main.getByRole('button', { name: 'Đăng nhập bằng tài khoản cán bộ, giáo viên (SSO của Sở)' }),
  ).toBeVisible();
  await main.getByRole('button', { name: 'Đăng nhập bằng tài khoản định danh điện tử (VNeID)' }).click();

  // The development VNeID: its own issuer and port, in Vietnamese.
  await page.waitForURL('**/interaction/**');
  expect(new URL(page.url()).port).toBe(String(3102 + Number(process.env.E2E_PORT_SHIFT ?? 0)));
  await expect(
    page.getByRole('heading', { name: 'Đăng nhập bằng tài khoản định danh điện tử VNeID' }),
  ).toBeVisible();
  await expect(page.locator('body')).not.toContainText(parent.personalId);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'vneid-sign-in');
  expect(page.url()).not.toContain(parent.personalId);

  // Keyboard only: the citizen's button takes focus and Enter signs in.
  const choice = page.getByRole('button', { name: new RegExp(parent.fullName) });
  await choice.focus();
  await expect(choice).toBeFocused();
  await page.keyboard.press('Enter');

  await page.waitForURL((url) => url.pathname === '/home');
  await expect(page.getByTestId('home-title')).toHaveText(`Xin chào, ${parent.fullName}`);
  await page.goto('/me');
  await expect(page.getByTestId('me-full-name')).toHaveText(parent.fullName);
  await expect(page.getByTestId('me-sign-in')).toHaveText('Đăng nhập qua VNeID, định danh mức 2');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'vneid-me');
});
