/**
 * The BDTX dashboards: after the nightly recount (fired here: the test cloud does not recount at
 * start), the Department reads the city's communes — figures, charts, the table — and follows a
 * commune to its schools; a commune's administrator reads their own on a phone and goes between
 * the dashboard and the plans of each school.
 */
import { expect, type Page, test } from '@playwright/test';
import { PORTAL_URL } from './playwright.config.ts';
import { apiAs, expectAccessible, expectNoEnglish, mainNav, screenshot, signIn } from './support.ts';

const year = Number(
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()),
);

interface Dashboard {
  total: { schools: number; schoolsCounted: number };
  rows: { orgUnitId: string; schools: number; schoolsCounted: number }[];
  computedAt?: string;
}

/** Fires the nightly recount and waits until every school of the city has its tally. */
test.beforeAll(async () => {
  test.setTimeout(180_000);
  const fired = await fetch(`${PORTAL_URL}/_local/fire/courses-tally-all-bdtx?year=${year}`, {
    method: 'POST',
  });
  expect(fired.status).toBe(200);
  await expect
    .poll(
      async () => {
        const city = await apiAs<Dashboard>('admin', 'GET', `/org-units/SGD/bdtx-dashboard?year=${year}`);
        return city.computedAt !== undefined && city.total.schoolsCounted === city.total.schools;
      },
      { timeout: 150_000, intervals: [1_000, 2_000, 5_000] },
    )
    .toBe(true);
});

async function openMenu(page: Page) {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
}

test('the Department reads the city’s BDTX figures by commune and follows one to its schools', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, 'admin');
  await mainNav(page).getByRole('link', { name: 'Thống kê BDTX' }).click();
  await expect(page).toHaveURL(/\/units\/SGD\/bdtx-dashboard$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thống kê bồi dưỡng thường xuyên');
  await expect(page.getByLabel('Năm', { exact: true })).toHaveValue(String(year));
  await expect(page.getByTestId('bdtx-dashboard-at')).toContainText('Số liệu tổng hợp lúc');

  // Headline figures, in Vietnamese numbers: a share with one decimal and a comma.
  const figures = page.getByTestId('bdtx-figures');
  await expect(figures).toContainText('người phải lập kế hoạch');
  await expect(figures.locator('[data-figure="approvedPct"] .figure')).toHaveText(/^\d{1,3},\d%$/);
  await expect(figures.locator('[data-figure="reachedPct"] .figure')).toHaveText(/^\d{1,3},\d%$/);
  await expect(figures.locator('[data-figure="averagePeriods"] .figure')).toHaveText(/^[\d.]+,\d$/);
  await expect(figures).toContainText('người chậm tiến độ');

  // The charts, with their figures as tables for screen readers.
  await expect(page.locator('canvas[aria-label="Tỉ lệ có kế hoạch được duyệt (%)"]')).toBeVisible();
  await expect(page.locator('canvas[aria-label="Tỉ lệ đạt 120 tiết (%)"]')).toBeVisible();

  // The communes' table: a row per commune, its figures, a link to its own dashboard.
  const table = page.getByTestId('bdtx-dashboard');
  await expect(table.getByRole('columnheader', { name: /Kế hoạch đã duyệt/ })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: /Đạt 120 tiết/ })).toBeVisible();
  const ngoQuyen = table.getByRole('row').filter({ hasText: 'Ngô Quyền' });
  await expect(ngoQuyen).toHaveCount(1);
  await expect(ngoQuyen.locator('td[data-label="Kế hoạch đã duyệt"]')).toHaveText(
    /^\d{1,3},\d% \(\d+\/\d+\)$/,
  );
  expect(await table.locator('tbody tr').count()).toBeGreaterThan(50);
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'bdtx-dashboard-city');

  // A year without figures says when they come.
  await page.getByLabel('Năm', { exact: true }).selectOption(String(year - 1));
  await expect(page.getByTestId('bdtx-dashboard-at')).toHaveText(
    `Số liệu được tổng hợp lại mỗi đêm; chưa có số liệu của năm ${year - 1}.`,
  );
  await page.getByLabel('Năm', { exact: true }).selectOption(String(year));
  await expect(page.getByTestId('bdtx-dashboard-at')).toContainText('Số liệu tổng hợp lúc');

  await ngoQuyen.getByRole('link').click();
  await expect(page).toHaveURL(/\/units\/P-NGOQUYEN\/bdtx-dashboard$/);
  await expect(page.getByTestId('bdtx-dashboard-unit')).toHaveText('Phường Ngô Quyền');
  await expect(page.getByRole('heading', { level: 2, name: 'Theo trường' })).toBeVisible();
  const schools = page.getByTestId('bdtx-dashboard');
  await expect(schools.getByRole('row').filter({ hasText: 'Trần Phú' })).toHaveCount(1);
  await expect(schools.getByRole('columnheader', { name: /Số trường/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Kế hoạch BDTX của từng trường' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, 'bdtx-dashboard-commune');

  // Back up to the city.
  await page.getByRole('link', { name: /^Về thống kê của Sở Giáo dục/ }).click();
  await expect(page).toHaveURL(/\/units\/SGD\/bdtx-dashboard$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Theo xã, phường, đặc khu' })).toBeVisible();
});

test('a commune’s administrator reads its schools’ BDTX figures on a phone @phone', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, 'commune2.admin');
  await openMenu(page);
  await mainNav(page).getByRole('link', { name: 'Thống kê BDTX' }).click();
  await expect(page).toHaveURL(/\/units\/P-NGOQUYEN\/bdtx-dashboard$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thống kê bồi dưỡng thường xuyên');
  await expect(page.getByTestId('bdtx-dashboard-at')).toContainText('Số liệu tổng hợp lúc');
  await expect(page.getByTestId('bdtx-figures')).toContainText('người phải lập kế hoạch');
  await expect(page.locator('canvas[aria-label="Tỉ lệ đạt 120 tiết (%)"]')).toBeVisible();
  // A school's row is a card on a phone: each figure under its column's name.
  const row = page.getByTestId('bdtx-dashboard').getByRole('row').filter({ hasText: 'Trần Phú' });
  await expect(row.locator('td[data-label="Phải lập kế hoạch"]')).toHaveText(/^[\d.]+$/);
  await expect(row.locator('td[data-label="Tiết bình quân"]')).toHaveText(/^[\d.]+,\d$/);
  // Nothing above the commune to go back to.
  await expect(page.getByRole('link', { name: /^Về thống kê của/ })).toHaveCount(0);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, testInfo, 'bdtx-dashboard-phone');

  // The plans of each school, and back.
  await page.getByRole('link', { name: 'Kế hoạch BDTX của từng trường' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Kế hoạch bồi dưỡng thường xuyên của các trường',
  );
  await page.getByRole('link', { name: /^Thống kê BDTX: tỉ lệ kế hoạch được duyệt/ }).click();
  await expect(page).toHaveURL(/\/units\/P-NGOQUYEN\/bdtx-dashboard$/);
  await expect(page.getByTestId('bdtx-figures')).toBeVisible();
});
