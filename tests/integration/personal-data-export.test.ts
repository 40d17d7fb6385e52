/**
 * A person's own data (Decree 13/2023, issue 18 item 6): a guardian linked to a learner asks for
 * an export, polls it by id and downloads both files — the JSON with everything (account, link,
 * the child as their view shows them, preferences and consents, the inbox) and the Vietnamese PDF
 * summary with the personal ID masked. Nobody else reads the export; the request is audited.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { CATEGORIES } from '../../functions/notifications/domain/templates.ts';
import { NOTIFICATIONS_QUEUE, notificationMessage } from '../../functions/notifications/messages.ts';
import { resetConfig } from '../../shared/config.ts';
import { sendMessage } from '../../shared/queue/sqs.ts';
import { api, eventually, until, useCloudEnvironment } from '../support/cloud.ts';
import { pdfText } from '../support/pdf.ts';
import { approvedPerson } from '../support/people.ts';

const RUN = Date.now() % 100_000;
const MOTHER_ID = makePersonalId('031', 1985, 'female', 700_000 + RUN);
const CHILD_ID = makePersonalId('031', 2012, 'male', 700_000 + RUN);
const mother = `pdx-mother-${RUN}`;
const MOTHER_NAME = 'Nguyễn Thị Hải Yến';
const CHILD_NAME = 'Đặng Quốc Bảo';
const EMAIL = `hai.yen.${RUN}@example.vn`;

interface Export {
  exportId: string;
  orgUnitId: string;
  status: string;
  downloadUrl?: string;
  summaryUrl?: string;
}

interface PersonalData {
  account: Record<string, unknown>;
  links: unknown[];
  learners: unknown[];
  exams: unknown[];
  notifications: {
    preferences: { categories: Record<string, { channels: string[] }> };
    consents: Record<string, { givenAt: string }>;
    inbox: unknown[];
  };
  audit: { entries: unknown[]; note: string };
}

let learner: string;

const categories = (library: string[]) =>
  Object.fromEntries(
    CATEGORIES.map((c) => [c, { channels: c === 'library' ? library : ['app'], digest: false }]),
  );

beforeAll(async () => {
  useCloudEnvironment();
  resetConfig();
  learner = await approvedPerson('student', {
    personalId: CHILD_ID,
    fullName: CHILD_NAME,
    gender: 'male',
    dateOfBirth: '2012-03-14',
    grade: 8,
    guardians: [{ relation: 'mother', fullName: MOTHER_NAME, personalId: MOTHER_ID }],
  });
  const created = await api('/org-units/SGD/accounts', {
    as: 'admin',
    body: { accountId: mother, fullName: MOTHER_NAME, personalId: MOTHER_ID, email: EMAIL },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const linked = await api('/me/links', { as: mother, body: { as: 'guardian', childPersonalId: CHILD_ID } });
  expect(linked.status, JSON.stringify(linked.body)).toBe(201);
  // E-mail chosen for the library: a consent to export.
  const prefs = await api('/me/notification-preferences', {
    as: mother,
    method: 'PUT',
    body: { language: 'vi', categories: categories(['app', 'email']), contacts: {} },
  });
  expect(prefs.status, JSON.stringify(prefs.body)).toBe(200);
  // Something in her inbox: a hold ready for her child.
  await sendMessage(NOTIFICATIONS_QUEUE, notificationMessage, {
    notificationId: `pdx-hold-${RUN}`,
    channel: 'app',
    recipientId: `edu:${learner}`,
    template: 'library-hold-ready',
    data: { title: 'Đất rừng phương Nam', readyUntil: '2026-12-10' },
  });
  await eventually(async () => {
    const inbox = await api<{ items: unknown[] }>('/me/notifications', { as: mother });
    return inbox.body.items?.length ? true : undefined;
  });
}, 240_000);

describe('a person’s own data export', () => {
  let done: Export;

  it('runs as a job the requester polls until both files are linked', async () => {
    const asked = await api<Export>('/me/personal-data-exports', { as: mother, method: 'POST' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    expect(asked.body).toMatchObject({ status: 'pending', orgUnitId: 'SGD' });
    expect(asked.body).not.toHaveProperty('requestedBy');
    // One at a time: asking again while it runs answers with the same export.
    const again = await api<Export>('/me/personal-data-exports', { as: mother, method: 'POST' });
    expect(again.status).toBe(202);
    expect(again.body.exportId).toBe(asked.body.exportId);
    done = await until(async () => {
      const res = await api<Export>(`/me/personal-data-exports/${asked.body.exportId}`, { as: mother });
      expect(res.status).toBe(200);
      return res.body.status === 'done' || res.body.status === 'failed' ? res.body : undefined;
    }, 60_000);
    expect(done.status).toBe('done');
    // The links name the export's folder, never the person.
    for (const url of [done.downloadUrl!, done.summaryUrl!]) {
      expect(new URL(url).pathname).toContain(`/exports/personal-data/`);
      expect(url).not.toContain(mother);
      expect(url).not.toContain(MOTHER_ID);
    }
  });

  it('gives everything in the JSON: account, link, the child, preferences and consent, the inbox', async () => {
    const res = await fetch(done.downloadUrl!);
    expect(res.status).toBe(200);
    const data = (await res.json()) as PersonalData;
    expect(data.account).toMatchObject({
      accountId: mother,
      fullName: MOTHER_NAME,
      personalId: MOTHER_ID,
      email: EMAIL,
      homeOrgUnitId: 'SGD',
    });
    expect(data.links).toEqual([
      expect.objectContaining({ recordId: learner, relation: 'guardian', fullName: CHILD_NAME }),
    ]);
    expect(data.learners).toEqual([
      expect.objectContaining({
        recordId: learner,
        fullName: CHILD_NAME,
        library: { loans: [], holds: [] },
      }),
    ]);
    expect(data.notifications.preferences.categories.library!.channels).toEqual(['app', 'email']);
    expect(Object.keys(data.notifications.consents)).toEqual(['email']);
    expect(data.notifications.consents.email!.givenAt).toBeTruthy();
    expect(data.notifications.inbox).toEqual([
      expect.objectContaining({
        notificationId: `pdx-hold-${RUN}`,
        title: 'Sách bạn đặt đã sẵn sàng',
        about: `edu:${learner}`,
      }),
    ]);
    expect(data.exams).toEqual([]);
    expect(data.audit.entries).toEqual([
      expect.objectContaining({ action: 'personal-data.export', targetId: mother }),
    ]);
    expect(data.audit.note).toMatch(/not by who acted/);
  });

  it('sums it up in a Vietnamese PDF with the personal ID masked', async () => {
    const text = await pdfText(done.summaryUrl!);
    expect(text).toContain('DỮ LIỆU CÁ NHÂN');
    expect(text).toContain(MOTHER_NAME);
    expect(text).toContain(CHILD_NAME);
    expect(text).toContain(`*********${MOTHER_ID.slice(-3)}`);
    expect(text).not.toContain(MOTHER_ID);
    expect(text).toContain('thư điện tử: đồng ý lúc');
  });

  it('tells her in her inbox that it is ready', async () => {
    await eventually(async () => {
      const inbox = await api<{ items: { title: string }[] }>('/me/notifications', {
        as: mother,
        headers: { 'accept-language': 'vi' },
      });
      return inbox.body.items.some((i) => i.title === 'Dữ liệu cá nhân của bạn đã sẵn sàng')
        ? true
        : undefined;
    });
  });

  it('is nobody else’s to read: another account gets the 404 of an export that never was', async () => {
    const other = await api<{ title: string }>(`/me/personal-data-exports/${done.exportId}`, {
      as: 'teacher2',
    });
    const never = await api<{ title: string }>(
      '/me/personal-data-exports/00000000-0000-4000-8000-000000000000',
      {
        as: 'teacher2',
      },
    );
    expect(other.status).toBe(404);
    expect(never.status).toBe(404);
    expect(other.body.title).toBe(never.body.title);
  });

  it('is audited at the account’s home unit', async () => {
    let cursor: string | undefined;
    let found: { action: string; actorId: string; orgUnitId: string } | undefined;
    for (let page = 0; page < 10 && !found; page++) {
      const res = await api<{
        items: { action: string; actorId: string; targetId: string; orgUnitId: string }[];
        nextCursor?: string;
      }>(`/org-units/SGD/audit?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
        as: 'admin',
      });
      expect(res.status).toBe(200);
      found = res.body.items.find((e) => e.action === 'personal-data.export' && e.targetId === mother);
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(found).toMatchObject({ actorId: mother, orgUnitId: 'SGD' });
  });
});
