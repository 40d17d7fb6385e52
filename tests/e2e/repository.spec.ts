/**
 * The learning repository in the browser (issue 9's "done when"): a teacher describes a lesson
 * video, uploads it and sends it for review; the commune approves it; then anyone, signed out,
 * finds it by typing without diacritics, opens its page and plays it; the coverage chart counts
 * its lesson; and an OAI-PMH harvest returns it.
 */
import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, mainNav, screenshot, signIn, signOut } from './support.ts';

const mp4 = () =>
  Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(32 * 1024, 7)]);

async function toan10(page: Page) {
  const res = await page.request.get('/api/library/coverage');
  const body = (await res.json()) as { grades: { subject: string; grade: number; covered: number }[] };
  return body.grades.find((g) => g.subject === 'toan' && g.grade === 10)?.covered ?? 0;
}

test('upload → approve → the public search finds it, it plays, coverage and OAI-PMH count it', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const run = `${Date.now() % 100_000}`;
  const title = `Video bài giảng Ba đường conic ${run}`;
  // The demo's resources are published in the background: start once they cover Toán 10's lessons 1–20.
  await expect.poll(() => toan10(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(20);
  const before = await toan10(page);

  await signIn(page, 'teacher1');
  await mainNav(page).getByRole('link', { name: 'Kho học liệu' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kho học liệu của tôi');
  const form = page.getByTestId('new-resource');
  await form.getByLabel('Loại tài liệu').selectOption('video');
  await form.getByLabel('Nhan đề').fill(title);
  await form.getByLabel('Tác giả').fill('Nguyễn Thị Lan');
  await form.getByLabel('Mô tả').fill('Elip, hypebol, parabol: định nghĩa và phương trình chính tắc.');
  await form.getByLabel('Phạm vi chia sẻ').selectOption('open');
  await form.getByLabel('Môn học').selectOption('toan');
  await form.getByLabel('Khối lớp').selectOption('10');
  await form.getByLabel('Bài học').selectOption({ label: 'Bài 22. Ba đường conic' });
  await form.getByRole('button', { name: 'Tạo học liệu' }).click();

  const editor = page.getByTestId('resource-editor');
  await expect(editor.getByRole('heading', { level: 2 })).toHaveText(title);
  await editor
    .getByLabel('Tệp học liệu')
    .setInputFiles({ name: 'ba-duong-conic.mp4', mimeType: 'video/mp4', buffer: mp4() });
  await editor.getByRole('button', { name: 'Tải lên phiên bản mới' }).click();
  await expect(editor.getByTestId('resource-versions')).toContainText('Đã kiểm tra', { timeout: 30_000 });
  await editor.getByRole('button', { name: 'Gửi duyệt' }).click();
  await expect(editor.getByTestId('resource-state')).toHaveText('Chờ duyệt');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'repository-desk');
  await signOut(page);

  // The commune over Trần Phú reviews resources shared with the public.
  await signIn(page, 'commune2.admin');
  await mainNav(page).getByRole('link', { name: 'Duyệt học liệu' }).click();
  const item = page.getByTestId('review-item').filter({ hasText: title });
  // The lesson by its title, not its code.
  await expect(item).toContainText('Toán, lớp 10 — Bài 22. Ba đường conic');
  await expect(item).not.toContainText('TOAN10-B22');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'repository-review');
  // Enter in the comment decides nothing; publishing asks first, naming the resource.
  await item.getByLabel('Nhận xét').press('Enter');
  await expect(page.getByRole('dialog')).toBeHidden();
  await item.getByRole('button', { name: 'Duyệt và xuất bản' }).click();
  await expect(page.getByRole('dialog')).toContainText(`Duyệt và xuất bản học liệu “${title}”?`);
  await page.getByRole('dialog').getByRole('button', { name: 'Duyệt và xuất bản' }).click();
  await expect(page.getByTestId('review-item').filter({ hasText: title })).toHaveCount(0);
  await signOut(page);

  // Anyone: the public search, typed without diacritics, finds the approved video.
  await page.goto('/library');
  const results = page.getByTestId('library-results');
  await expect(async () => {
    await page.getByLabel('Từ khoá, tác giả hoặc ISBN').fill(`video bai giang ba duong conic ${run}`);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await expect(results).toContainText(title, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await results.getByRole('link', { name: title }).click();
  await page.getByTestId('open-digital').click();
  await expect(page.getByTestId('resource-record')).toContainText('MovingImage');
  await page.getByTestId('open-resource').click();
  await expect(page.getByTestId('player')).toHaveAttribute('src', /X-Amz-Expires=300/);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'repository-resource');

  // The coverage chart counts the lesson.
  await expect.poll(() => toan10(page), { timeout: 30_000 }).toBe(before + 1);
  await page.goto('/library/coverage');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Độ phủ học liệu số theo chương trình');
  await expect(page.getByTestId('coverage-table').getByRole('row', { name: /^Toán / })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, 'repository-coverage');

  // Harvesters collect it over OAI-PMH.
  await expect
    .poll(
      async () =>
        (await page.request.get('/api/oai?verb=ListRecords&metadataPrefix=oai_dc&set=subject.toan')).text(),
      {
        timeout: 30_000,
      },
    )
    .toContain(title);
});
