/**
 * The in-app inbox (issue 18, item 4): what a context addresses to a learner (`edu:<recordId>`)
 * reaches the accounts linked to them — the learner and the guardian — once, whatever
 * redeliveries happen; it reads in the reader's language; the bell's unread count goes down once
 * per notification read.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { NOTIFICATIONS_QUEUE, notificationMessage } from '../../functions/notifications/messages.ts';
import { resetConfig } from '../../shared/config.ts';
import { sendMessage } from '../../shared/queue/sqs.ts';
import { api, eventually, useCloudEnvironment } from '../support/cloud.ts';
import { approvedPerson } from '../support/people.ts';

const RUN = Date.now() % 100_000;
const FATHER_ID = makePersonalId('031', 1982, 'male', 600_000 + RUN);
const LEARNER_ID = makePersonalId('031', 2009, 'female', 600_000 + RUN);

interface Inbox {
  unread: number;
  items: { notificationId: string; category: string; title: string; body: string; read: boolean }[];
}

let learner: string;
const father = `inbox-father-${RUN}`;
const pupil = `inbox-pupil-${RUN}`;

beforeAll(async () => {
  useCloudEnvironment();
  resetConfig();
  learner = await approvedPerson('student', {
    personalId: LEARNER_ID,
    fullName: 'Vũ Ngọc Ánh',
    gender: 'female',
    dateOfBirth: '2009-06-30',
    grade: 11,
    guardians: [{ relation: 'father', fullName: 'Vũ Đức Thịnh', personalId: FATHER_ID }],
  });
  for (const [accountId, fullName, personalId] of [
    [father, 'Vũ Đức Thịnh', FATHER_ID],
    [pupil, 'Vũ Ngọc Ánh', LEARNER_ID],
  ]) {
    const created = await api('/org-units/SGD/accounts', {
      as: 'admin',
      body: { accountId, fullName, personalId },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
  expect(
    (await api('/me/links', { as: father, body: { as: 'guardian', childPersonalId: LEARNER_ID } })).status,
  ).toBe(201);
  expect((await api('/me/links', { as: pupil, body: { as: 'learner' } })).status).toBe(201);
}, 240_000);

const inboxOf = (as: string, language = 'vi') =>
  api<Inbox>('/me/notifications', { as, headers: { 'accept-language': language } });

describe('inbox', () => {
  it('brings a reminder addressed to a learner to the learner and their guardian, once', async () => {
    const message = {
      notificationId: `hold-inbox-${RUN}`,
      channel: 'app' as const,
      recipientId: `edu:${learner}`,
      template: 'library-hold-ready',
      data: { title: 'Dế Mèn phiêu lưu ký', readyUntil: '10/12/2026', schoolId: 'THPT-TRANPHU' },
    };
    await sendMessage(NOTIFICATIONS_QUEUE, notificationMessage, message);
    // The same message again, as SQS may deliver it: still one notification each.
    await sendMessage(NOTIFICATIONS_QUEUE, notificationMessage, message);
    for (const account of [father, pupil]) {
      const inbox = await eventually(async () => {
        const res = await inboxOf(account);
        return res.body.items?.length ? res.body : undefined;
      });
      expect(inbox.items[0]).toMatchObject({
        notificationId: message.notificationId,
        category: 'library',
        title: 'Sách bạn đặt đã sẵn sàng',
        body: '“Dế Mèn phiêu lưu ký” đang chờ bạn ở quầy thư viện đến hết ngày 10/12/2026.',
        read: false,
      });
    }
    // Give the second delivery its time, then count.
    await new Promise((r) => setTimeout(r, 3_000));
    const inbox = (await inboxOf(father)).body;
    expect(inbox.items.filter((i) => i.notificationId === message.notificationId)).toHaveLength(1);
    expect(inbox.unread).toBe(1);
    expect((await inboxOf(father, 'en')).body.items[0]?.title).toBe('Your reserved book is ready');
    // Nobody else's inbox holds it.
    expect((await inboxOf('citizen1')).body.items.map((i) => i.notificationId)).not.toContain(
      message.notificationId,
    );
  });

  it('counts a notification read once', async () => {
    const { items } = (await inboxOf(father)).body;
    const ids = items.map((i) => i.notificationId);
    const first = await api<{ marked: number }>('/me/notifications/read', {
      as: father,
      body: { notificationIds: ids },
    });
    expect(first.body.marked).toBe(1);
    const again = await api<{ marked: number }>('/me/notifications/read', {
      as: father,
      body: { notificationIds: ids },
    });
    expect(again.body.marked).toBe(0);
    const after = (await inboxOf(father)).body;
    expect(after.unread).toBe(0);
    expect(after.items[0]?.read).toBe(true);
    // The learner's copy is theirs: still unread.
    expect((await inboxOf(pupil)).body.unread).toBe(1);
  });
});
