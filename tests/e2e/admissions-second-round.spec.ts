/**
 * The second round in the browser (issue 24): a daughter admitted in the first round whose place
 * was not confirmed; after the deadline the Department opens the second round (the places nobody
 * confirmed), the father lists a school with places on his phone, the Department runs the round,
 * adopts and publishes it, and the father's home says to confirm — which he does.
 *
 * The first round's deadline is at least ten minutes after a publication asked for now and a
 * published timetable does not change through the API: the test moves it (and then the second
 * round's window end) into the past on the local table, as the integration test does.
 */
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { expect, test } from '@playwright/test';
import { makeAdmissionEntities } from '../../functions/admissions/entities.ts';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import {
  fathersGrade9Daughter,
  openedGrade10Campaign,
  openMenu,
  signInWithVneid,
  verifiedBySchool,
} from './admissions-support.ts';
import { PORTAL_URL } from './playwright.config.ts';
import { apiAs, expectAccessible, expectNoEnglish, screenshot, signIn, signOut } from './support.ts';

const run = Date.now() % 100_000;
const start = 2900 + (Math.floor(Date.now() / 1000) % 600);
const schoolYear = `${start}-${start + 1}`;
const campaignName = `Tuyển sinh lớp 10 năm học ${schoolYear}`;
const daughter = {
  personalId: makePersonalId('031', new Date().getFullYear() - 15, 'female', 890_000 + run),
  fullName: 'Trịnh Thu Trang',
  dateOfBirth: `${new Date().getFullYear() - 15}-09-03`,
  gender: 'female' as const,
};

/** The campaign item on the local table (see the header): a deadline moved into the past. */
async function moveIntoPast(campaignId: string, which: 'confirmUntil' | 'secondRound.applyUntil') {
  const info = (await (await fetch(`${PORTAL_URL}/_local/info`)).json()) as {
    endpoints: { dynamodb: string };
  };
  const raw = new DynamoDBClient({
    endpoint: info.endpoints.dynamodb,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const table = (await raw.send(new ListTablesCommand({}))).TableNames![0]!;
  const { admissionCampaign } = makeAdmissionEntities({
    client: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
    table,
  });
  const { data } = await admissionCampaign.get({ campaignId }).go();
  const past = new Date(Date.now() - 1_000).toISOString();
  await admissionCampaign
    .patch({ campaignId })
    .set(
      which === 'confirmUntil'
        ? { timetable: { ...(data!.timetable as object), confirmUntil: past } }
        : { secondRound: { ...(data!.secondRound as object), applyUntil: past } },
    )
    .go();
  raw.destroy();
}

test('the second round fills a place nobody confirmed: opened, chosen on a phone, run, published, confirmed @phone', async ({
  page,
}, info) => {
  test.setTimeout(300_000);
  const campaign = await openedGrade10Campaign(campaignName, schoolYear, {
    'THPT-TRANPHU': 1,
    'THPT-HONGBANG': 1,
  });
  const id = campaign.campaignId;
  await fathersGrade9Daughter(daughter);

  // The father applies for Trần Phú alone.
  await signInWithVneid(page);
  await openMenu(page, 'Tuyển sinh đầu cấp');
  const form = page.getByTestId('admission-apply');
  await form.getByLabel('Kỳ tuyển sinh').selectOption({ label: campaignName });
  await form.getByLabel('Số định danh cá nhân của con').fill(daughter.personalId);
  await form.getByLabel('Nguyện vọng 1').selectOption({ label: 'Trường THPT chuyên Trần Phú (Khu vực 1)' });
  await form.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  const mine = page.getByTestId('my-application').filter({ hasText: daughter.fullName });
  await expect(mine).toContainText('Chờ nhà trường xác nhận');
  await signOut(page);

  // The first round through the API: verified, scored, run, adopted, published at its minute;
  // she is admitted to Trần Phú and her place is not confirmed by the deadline.
  const applicationId = await verifiedBySchool(id, daughter.fullName);
  const publishAt = new Date(Math.ceil((Date.now() + 11 * 60_000) / 60_000) * 60_000).toISOString();
  const current = await apiAs<{ version: number }>('admin', 'GET', `/admission-campaigns/${id}`);
  await apiAs('admin', 'PUT', `/admission-campaigns/${id}`, {
    expectedVersion: current.version,
    name: campaignName,
    timetable: {
      applyFrom: campaign.applyFrom,
      applyUntil: new Date(Date.now() - 1_000).toISOString(),
      publishAt,
      confirmUntil: new Date(Date.parse(publishAt) + 86_400_000).toISOString(),
    },
  });
  await apiAs('admin', 'POST', `/admission-campaigns/${id}/scores`, {
    scores: [{ applicationId, papers: { MATH: 800, LIT: 750, ENG: 900 } }],
  });
  const first = await apiAs<{ runId: string }>(
    'admin',
    'POST',
    `/admission-campaigns/${id}/allocation-runs`,
    {},
    202,
  );
  await expect
    .poll(
      async () =>
        (await apiAs<{ state: string }>('admin', 'GET', `/admission-allocation-runs/${first.runId}`)).state,
    )
    .toBe('done');
  const version = async () =>
    (await apiAs<{ version: number }>('admin', 'GET', `/admission-campaigns/${id}`)).version;
  await apiAs('admin', 'POST', `/admission-allocation-runs/${first.runId}/adoption`, {
    expectedVersion: await version(),
  });
  await apiAs(
    'admin',
    'POST',
    `/admission-campaigns/${id}/publication`,
    { expectedVersion: await version() },
    202,
  );
  await expect
    .poll(
      async () =>
        (await apiAs<{ state: string }>('admin', 'GET', `/admission-campaigns/${id}/publication`)).state,
      {
        timeout: 20_000,
      },
    )
    .toBe('ready');
  const released = await fetch(
    `${PORTAL_URL}/_local/fire/admissions-release-admission-results?time=${encodeURIComponent(publishAt)}`,
    { method: 'POST' },
  );
  expect(released.status).toBe(200);
  await moveIntoPast(id, 'confirmUntil');

  // The Department opens the second round: both places, nobody having confirmed.
  await signIn(page, 'admin');
  await openMenu(page, 'Kỳ tuyển sinh');
  await page.getByRole('link', { name: campaignName }).click();
  const round = page.getByTestId('second-round');
  const cityInput = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16);
  const minute = Math.floor(Date.now() / 60_000) * 60_000;
  await round.getByLabel('Nhận nguyện vọng bổ sung từ').fill(cityInput(minute - 60_000));
  await round.getByLabel('Nhận nguyện vọng bổ sung đến').fill(cityInput(minute + 3_600_000));
  await round.getByLabel('Hạn xác nhận nhập học đợt bổ sung').fill(cityInput(minute + 3 * 86_400_000));
  await round.getByRole('button', { name: 'Mở xét tuyển bổ sung' }).click();
  // Enter in the dialog opens nothing.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(round.getByTestId('second-round-state')).toHaveCount(0);
  await page.waitForTimeout(500);
  expect(
    (await apiAs<{ secondRound?: unknown }>('admin', 'GET', `/admission-campaigns/${id}`)).secondRound,
  ).toBeUndefined();
  await round.getByRole('button', { name: 'Mở xét tuyển bổ sung' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Mở xét tuyển bổ sung' }).click();
  await expect(round.getByTestId('second-round-state')).toContainText('Đang nhận nguyện vọng bổ sung đến');
  await expect(round.getByTestId('second-round-places')).toContainText('Trường THPT Hồng Bàng');
  await expect(round.getByTestId('second-round-places')).toContainText('Trường THPT chuyên Trần Phú');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await signOut(page);

  // The father lists Hồng Bàng, by name with its places.
  await signInWithVneid(page);
  await openMenu(page, 'Tuyển sinh đầu cấp');
  // Her first-round place was not confirmed: it says so, not left to look held.
  await expect(mine.getByTestId('application-outcome')).toContainText(
    'Trúng tuyển: Trường THPT chuyên Trần Phú (nguyện vọng 1) — không xác nhận nhập học trước hạn nên không còn giữ chỗ',
  );
  const second = mine.getByTestId('family-second-round');
  await second.getByRole('button', { name: 'Đăng ký nguyện vọng bổ sung' }).click();
  await second.getByLabel('Nguyện vọng 1').selectOption({ label: 'Trường THPT Hồng Bàng (còn 1 chỗ)' });
  await second.getByRole('button', { name: 'Lưu nguyện vọng bổ sung' }).click();
  await expect(second.getByTestId('second-round-preferences')).toHaveText('Trường THPT Hồng Bàng');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, info, 'admission-second-round-chosen');
  await signOut(page);

  // The window closes; the Department runs the round, adopts it and publishes it.
  await moveIntoPast(id, 'secondRound.applyUntil');
  await signIn(page, 'admin');
  await openMenu(page, 'Kỳ tuyển sinh');
  await page.getByRole('link', { name: campaignName }).click();
  await round.getByRole('button', { name: 'Chạy xét tuyển bổ sung' }).click();
  const runCard = round.getByTestId('allocation-run').first();
  await expect(runCard).toContainText('1 hồ sơ được xét, 1 trúng tuyển', { timeout: 20_000 });
  await runCard.getByRole('button', { name: 'Chọn làm kết quả xét tuyển' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Chọn làm kết quả xét tuyển' }).click();
  await expect(runCard).toContainText('Đã chọn làm kết quả');
  await round.getByRole('button', { name: 'Công bố kết quả bổ sung' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Công bố kết quả bổ sung' }).click();
  await expect(round.getByTestId('second-round-state')).toContainText('Đã công bố kết quả xét tuyển bổ sung');
  await expectAccessible(page);
  await expectNoEnglish(page);
  await signOut(page);

  // His home says to confirm; he confirms Hồng Bàng in a dialog.
  await signInWithVneid(page);
  const task = page.locator('[data-task="admission-confirm"]');
  await expect(task).toContainText(daughter.fullName);
  await task.getByRole('link').click();
  await expect(second).toContainText('Trúng tuyển bổ sung: Trường THPT Hồng Bàng');
  await mine.getByRole('button', { name: 'Xác nhận nhập học' }).click();
  await expect(page.getByRole('dialog')).toContainText(
    `Xác nhận ${daughter.fullName} nhập học tại Trường THPT Hồng Bàng?`,
  );
  await page.getByRole('dialog').getByRole('button', { name: 'Xác nhận nhập học' }).click();
  await expect(mine.getByTestId('application-outcome')).toContainText(
    'Đã xác nhận nhập học tại Trường THPT Hồng Bàng lúc',
  );
  await expectAccessible(page);
  await expectNoEnglish(page);
  await screenshot(page, info, 'admission-second-round-confirmed');
});
