/**
 * A digital diploma in the browser (issue 23): the office issues a new graduate's entry as a
 * digital diploma (asked in a dialog) and downloads both its forms — the credential (JSON) and the
 * PDF signed PAdES; an employer, signed out, checks the file on the public lookup page and both
 * forms on the verification page (`/verify`); the office revokes it under a decision (the dialog's
 * Enter revokes nothing), and both forms are then answered as revoked.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { apiAs, expectAccessible, expectNoEnglish, screenshot, signIn, signOut } from './support.ts';

const run = Date.now() % 1_000_000;
const SERIAL = `DS ${String(run).padStart(7, '0')}`;
const NAME = 'Vũ Thị Ngọc Ánh';
/** Last year, in the city: a register year of new graduates whatever year the suite runs in. */
const LAST_YEAR = new Date(Date.now() + 7 * 3600_000).getUTCFullYear() - 1;

test('a digital diploma is issued, checked by anyone, and revoked', async ({ page }, info) => {
  test.setTimeout(120_000);
  const { entry } = await apiAs<{ entry: { entryId: string } }>(
    'diploma1',
    'POST',
    '/diplomas',
    {
      holder: { fullName: NAME, birthDate: '2008-09-02', gender: 'female' },
      type: 'upper-secondary',
      graduationYear: 2025,
      serial: SERIAL,
      school: 'Trường THPT Lê Quý Đôn',
      issuedOn: '2025-07-28',
    },
    201,
  );
  await signIn(page, 'diploma1');
  await page.goto(`/diplomas/${entry.entryId}`);
  const digital = page.getByTestId('digital-diplomas');
  await expect(digital).toContainText('Văn bằng này chưa được cấp văn bằng số.');
  await digital.getByRole('button', { name: 'Cấp văn bằng số' }).click();
  const ask = page.getByRole('dialog', { name: `Cấp văn bằng số cho văn bằng số hiệu ${SERIAL}?` });
  await ask.getByRole('button', { name: 'Cấp văn bằng số' }).click();
  await expect(
    digital.getByTestId('digital-issuing').or(digital.getByTestId('digital-issued')),
  ).toBeVisible();
  // Signed by the worker: wait through the API, then open the page once.
  await expect
    .poll(
      async () =>
        (
          await apiAs<{ items: { state: string; pdf: boolean }[] }>(
            'diploma1',
            'GET',
            `/diplomas/${entry.entryId}/digital-credentials`,
          )
        ).items.find((c) => c.state === 'issued' && c.pdf) !== undefined,
      { timeout: 60_000 },
    )
    .toBe(true);
  await page.reload();
  await expect(digital.getByTestId('digital-issued')).toContainText('Còn hiệu lực');
  const downloading = page.waitForEvent('download');
  await digital.getByRole('button', { name: 'Tải tệp văn bằng số (JSON)' }).click();
  const file = await (await downloading).path();
  const credential = JSON.parse(readFileSync(file, 'utf8')) as {
    credentialSubject: { licenseNumber: string };
  };
  expect(credential.credentialSubject.licenseNumber).toBe(SERIAL);
  const printing = page.waitForEvent('download');
  await digital.getByRole('button', { name: 'Tải văn bằng số bản PDF (đã ký số)' }).click();
  const pdf = await printing;
  expect(pdf.suggestedFilename()).toMatch(/^van-bang-so-DS\d+\.pdf$/);
  const pdfFile = await pdf.path();
  await expectNoEnglish(page);

  // An employer, signed out, checks the file.
  await signOut(page);
  await page.goto('/lookup/diplomas');
  const check = page.getByTestId('check-digital');
  await check.getByLabel('Tệp văn bằng số (.json)').setInputFiles(file);
  await expect(check.getByTestId('digital-answer')).toContainText('Văn bằng số hợp lệ');
  await expect(check.getByTestId('digital-answer')).toContainText(NAME);
  await expectAccessible(page);
  await screenshot(page, info, 'digital-diploma-checked');
  // Both forms on the verification page: the signed PDF by its file, the credential by its JSON.
  await page.goto('/verify');
  await page.getByLabel('Tệp văn bản đã ký').setInputFiles(pdfFile);
  await page.getByRole('button', { name: 'Đối chiếu tệp' }).click();
  const match = page.getByTestId('file-match');
  await expect(match).toContainText('Văn bằng số: Bằng tốt nghiệp trung học phổ thông');
  await expect(match).toContainText(NAME);
  await expect(match.getByTestId('verification-revoked')).toHaveCount(0);
  await page.getByTestId('check-digital').getByLabel('Tệp văn bằng số (.json)').setInputFiles(file);
  await expect(page.getByTestId('digital-answer')).toContainText('Văn bằng số hợp lệ');
  await expectAccessible(page);
  await screenshot(page, info, 'digital-diploma-verify-page');

  // Revoked under a decision.
  await signIn(page, 'diploma1');
  await page.goto(`/diplomas/${entry.entryId}`);
  const revoke = digital.getByTestId('revoke-digital');
  await revoke.getByLabel('Số quyết định').fill(`${run}/QĐ-SGDĐT`);
  await revoke.getByLabel('Ngày quyết định').fill('2026-11-25');
  await revoke.getByLabel('Lý do').fill('Cấp nhầm người');
  await revoke.getByRole('button', { name: 'Thu hồi văn bằng số' }).click();
  const question = page.getByRole('dialog', { name: 'Thu hồi văn bằng số này theo quyết định đã nhập?' });
  await expect(question).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(question).toBeHidden();
  await expect(digital.getByTestId('digital-issued')).toBeVisible();
  await revoke.getByRole('button', { name: 'Thu hồi văn bằng số' }).click();
  await question.getByRole('button', { name: 'Thu hồi văn bằng số' }).click();
  await expect(digital.getByTestId('digital-revoked')).toContainText('Cấp nhầm người');

  await signOut(page);
  await page.goto('/lookup/diplomas');
  await check.getByLabel('Tệp văn bằng số (.json)').setInputFiles(file);
  await expect(check.getByTestId('digital-answer')).toContainText('đã bị thu hồi');
  await page.goto('/verify');
  await page.getByLabel('Tệp văn bản đã ký').setInputFiles(pdfFile);
  await page.getByRole('button', { name: 'Đối chiếu tệp' }).click();
  await expect(page.getByTestId('verification-revoked')).toContainText(
    `Văn bản này đã bị thu hồi theo quyết định số ${run}/QĐ-SGDĐT ngày 25/11/2026`,
  );
  await expectNoEnglish(page);
});

test('a year’s new graduates are issued digital diplomas at once', async ({ page }, info) => {
  test.setTimeout(120_000);
  const school = `Trường THPT Thử Nghiệm ${run}`;
  for (const n of [1, 2])
    await apiAs(
      'diploma1',
      'POST',
      '/diplomas',
      {
        holder: { fullName: `Phạm Thị Lô ${n}`, birthDate: `2007-06-0${n}`, gender: 'female' },
        type: 'upper-secondary',
        graduationYear: LAST_YEAR,
        serial: `DL ${String(run).padStart(7, '0')}${n}`,
        school,
        issuedOn: `${LAST_YEAR}-07-28`,
      },
      201,
    );
  await signIn(page, 'diploma1');
  await page.goto('/diplomas');
  await page.getByLabel('Năm vào sổ').fill(String(LAST_YEAR));
  await page.getByRole('button', { name: 'Xem', exact: true }).click();
  const batches = page.getByTestId('digital-batches');
  await expect(batches).toContainText(`Cấp văn bằng số cho người tốt nghiệp vào sổ năm ${LAST_YEAR}`);
  await batches.getByLabel('Loại văn bằng').selectOption({ label: 'Bằng tốt nghiệp trung học phổ thông' });
  await batches.getByLabel('Trường (không bắt buộc)').fill(school);
  await batches.getByRole('button', { name: 'Cấp văn bằng số hàng loạt' }).click();
  const ask = page.getByRole('dialog', {
    name: `Cấp văn bằng số cho các văn bằng vào sổ năm ${LAST_YEAR} chưa có văn bằng số?`,
  });
  await expect(ask).toBeVisible();
  // Enter starts nothing.
  await page.keyboard.press('Enter');
  await expect(ask).toBeHidden();
  await expect(batches.getByText(school)).toHaveCount(0);
  await batches.getByRole('button', { name: 'Cấp văn bằng số hàng loạt' }).click();
  await ask.getByRole('button', { name: 'Cấp văn bằng số hàng loạt' }).click();
  const made = batches.getByTestId('digital-batch-list').locator('li').filter({ hasText: school });
  await expect(made).toContainText('Đã xong', { timeout: 60_000 });
  await expect(made).toContainText('Đã xét 2 văn bằng: cấp mới 2');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, info, 'digital-diplomas-at-once');
});
