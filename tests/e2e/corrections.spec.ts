/**
 * "Ask the school to correct this", the school's side (issue 18): a parent's request reaches the
 * school's queue; the principal opens it, answers that nothing changes and why, and the parent
 * finds the answer in their inbox.
 */
import { expect, test } from '@playwright/test';
import { apiAs, expectAccessible, mainNav, screenshot, signIn } from './support.ts';

test('the school answers a parent’s correction request; the answer reaches the parent', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const run = `${Date.now() % 100_000}`;

  // parent1's child at Trần Phú (the demo links are written once the learners exist).
  let child: { recordId: string; fullName: string } | undefined;
  await expect
    .poll(
      async () => {
        const { items } = await apiAs<{ items: { recordId: string; fullName: string; schoolId: string }[] }>(
          'parent1',
          'GET',
          '/me/links',
        );
        child = items.find((l) => l.schoolId === 'THPT-TRANPHU');
        return child !== undefined;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  await apiAs(
    'parent1',
    'POST',
    `/learners/${child!.recordId}/correction-requests`,
    { field: 'placeOfBirth', message: `Nơi sinh đúng là Thuỷ Nguyên (${run})` },
    201,
  );

  await signIn(page, 'principal1');
  await mainNav(page).getByRole('link', { name: 'Đề nghị sửa thông tin' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đề nghị sửa thông tin của học sinh');
  const request = page
    .getByTestId('correction-queue')
    .getByRole('listitem')
    .filter({ hasText: `Nơi sinh đúng là Thuỷ Nguyên (${run})` });
  await expect(request.getByRole('heading')).toHaveText(`${child!.fullName} · Nơi sinh`);
  await expect(request).toContainText('Phụ huynh Trịnh Văn Nam đề nghị ngày');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'correction-queue');

  await request.getByLabel('Không sửa').check();
  await request
    .getByRole('textbox', { name: /Lời nhắn cho người đề nghị/ })
    .fill('Giấy khai sinh ghi Hải Phòng.');
  await request.getByRole('button', { name: `Trả lời đề nghị của ${child!.fullName}` }).click();
  await expect(request).toHaveCount(0);
  await page.getByRole('button', { name: 'Không sửa' }).click();
  await expect(
    page
      .getByTestId('correction-queue')
      .getByRole('listitem')
      .filter({ hasText: `(${run})` }),
  ).toContainText('Nhà trường trả lời: Giấy khai sinh ghi Hải Phòng.');
  await expectAccessible(page);

  // The parent is told, in their language, in the inbox.
  await expect
    .poll(
      async () =>
        (
          await apiAs<{ items: { title: string; body: string }[] }>('parent1', 'GET', '/me/notifications')
        ).items
          .filter((n) => n.title === 'Nhà trường đã trả lời đề nghị sửa thông tin')
          .some((n) => n.body.includes('Giấy khai sinh ghi Hải Phòng.')),
      { timeout: 30_000 },
    )
    .toBe(true);
});
