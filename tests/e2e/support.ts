import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { fetchDevToken } from '../../infra/local/dev-token.ts';
import { englishIn } from '../support/english.ts';
import { PORTAL_URL } from './playwright.config.ts';

export const DEMO_PASSWORD = 'demo';
const SCREENSHOTS = join(import.meta.dirname, '../../test-results/screenshots');

/** WCAG 2.1 A/AA checks on what is on screen now; any violation fails the test with its list. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Saves a full-page screenshot as a test artifact (test-results/screenshots/<name>.png). */
export async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${testInfo.project.name}-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** Signs in through the development provider's page, from the portal's own button. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/');
  await page.locator('header').getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL('**/interaction/**');
  await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL('**/home');
  await expect(page.getByTestId('home-title')).toBeVisible();
}

export const mainNav = (page: Page) =>
  page.getByRole('navigation', { name: /Điều hướng chính|Main navigation/ });

/** Signs out at the portal and the provider, and waits for the landing page. */
export async function signOut(page: Page) {
  await page.getByRole('button', { name: /Đăng xuất|Sign out/ }).click();
  await page.waitForURL((url) => url.pathname === '/');
}

/** No English sentence on screen in Vietnamese mode (the words `englishIn` knows: "the", "is", "not"…). */
export async function expectNoEnglish(page: Page) {
  // biome-ignore lint/performance/useDomNodeTextContent: what is on screen, not the hidden nodes' text
  const text = await page.locator('body').innerText();
  const lines = text.split('\n').filter((line) => line.trim());
  expect(englishIn(lines), `English on ${page.url()}`).toEqual([]);
}

let portalConfig: Promise<{ issuer: string; apiBase: string }> | undefined;

/** Calls the API as a demo account (a story's setup: what another person did before), in Vietnamese. */
export async function apiAs<T>(username: string, method: string, path: string, body?: unknown, status = 200) {
  portalConfig ??= fetch(`${PORTAL_URL}/config.json`).then(
    (r) => r.json() as Promise<{ issuer: string; apiBase: string }>,
  );
  const config = await portalConfig;
  const token = await fetchDevToken(config.issuer, username);
  const response = await fetch(`${PORTAL_URL}${config.apiBase}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'accept-language': 'vi',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  expect(response.status, `${method} ${path}: ${text}`).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
}
