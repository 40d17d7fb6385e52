/**
 * A copy from the register in the browser (issue 23), on a phone as citizens use it: a father
 * signed in with his verified identity picks his diploma (never types its codes), asks for two
 * copies, pays the fee; the office sees the request due in 5 working days from the home page's
 * task and approves it in a dialog; he downloads the copy, signed by the Department.
 */
import { expect, test } from '@playwright/test';
import { PARENT1_PERSONAL_ID } from '../../infra/local/demo-data.ts';
import { apiAs, expectAccessible, expectNoEnglish, screenshot, signIn, signOut } from './support.ts';

const run = Date.now() % 1_000_000;
const serial = `BS ${run}`;

test('a citizen asks for a copy of his diploma, pays, and downloads it signed @phone', async ({
  page,
}, info) => {
  test.setTimeout(150_000);
  await apiAs(
    'diploma1',
    'POST',
    '/diplomas',
    {
      holder: {
        fullName: 'Trịnh Văn Nam',
        birthDate: '1984-03-12',
        gender: 'male',
        personalId: PARENT1_PERSONAL_ID,
      },
      type: 'lower-secondary',
      graduationYear: 1999,
      serial,
      school: 'Trường THCS Hồng Bàng',
      issuedOn: '1999-06-30',
    },
    201,
  );
  await signIn(page, 'parent1');
  await page.goto('/me/diplomas');
  await page.getByRole('link', { name: 'Xin cấp bản sao văn bằng từ sổ gốc' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bản sao văn bằng');
  const form = page.getByTestId('copy-form');
  await expect(form.getByLabel('Tôi yêu cầu với tư cách')).toHaveValue('holder');
  await form
    .getByLabel('Văn bằng')
    .selectOption({ label: `Bằng tốt nghiệp trung học cơ sở — ${serial} (1999)` });
  await form.getByLabel('Số bản').fill('2');
  await form.getByRole('button', { name: 'Gửi yêu cầu' }).click();
  const request = page.getByTestId('copy-request').filter({ hasText: serial });
  await expect(request).toContainText('Chờ nộp phí');
  await expect(request).toContainText('Mã thanh toán: SGD-BS-');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, info, 'diploma-copy-request');
  await request.getByRole('button', { name: 'Nộp phí 40.000 đ' }).click();
  await expect(request).toContainText('Sở đang giải quyết');
  await expect(request).toContainText('hạn giải quyết');
  await signOut(page);

  await signIn(page, 'diploma2');
  await expect(page.locator('[data-task="diploma-copies"]')).toContainText('yêu cầu cấp bản sao văn bằng');
  await page.goto('/diplomas/copies');
  const office = page.getByTestId('office-copy').filter({ hasText: serial });
  await office.getByRole('button', { name: 'Xem hồ sơ' }).click();
  await expect(office).toContainText(`Số định danh cá nhân (đã xác thực qua VNeID): ${PARENT1_PERSONAL_ID}`);
  await expect(office).toContainText('Trường THCS Hồng Bàng');
  await office.getByRole('button', { name: 'Duyệt cấp bản sao' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`số hiệu ${serial}`);
  // Enter in the dialog cancels: nothing is decided.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await office.getByRole('button', { name: 'Duyệt cấp bản sao' }).click();
  await dialog.getByRole('button', { name: 'Duyệt và ký' }).click();
  // Approved: being signed (it leaves the list once issued), nothing more to decide.
  await expect(office).toContainText('Đã duyệt, đang ký bản sao');
  await expect(office.getByRole('button', { name: 'Duyệt cấp bản sao' })).toHaveCount(0);
  await expectAccessible(page);
  await signOut(page);

  // The copy is made by a worker: waited for through the API (reloading the page again and again
  // would race the portal's token refresh), then the father opens his page once.
  await expect(async () => {
    const mine = await apiAs<{ items: { serial: string; state: string }[] }>(
      'parent1',
      'GET',
      '/me/diploma-copies',
    );
    expect(mine.items.find((c) => c.serial === serial)?.state).toBe('issued');
  }).toPass({ timeout: 40_000 });
  await signIn(page, 'parent1');
  await page.goto('/me/diploma-copies');
  const mine = page.getByTestId('copy-request').filter({ hasText: serial });
  await expect(mine).toContainText('Đã cấp bản sao');
  const downloading = page.waitForEvent('download');
  await mine.getByRole('button', { name: 'Tải bản sao (PDF có chữ ký số)' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toMatch(/^ban-sao-BS\d+\.pdf$/);
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, info, 'diploma-copy-issued');
});
