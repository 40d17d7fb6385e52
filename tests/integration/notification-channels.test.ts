/**
 * Notification channels (issue 18, item 4): a person's preferences and consent choose the
 * channels; what a context addresses to a learner reaches the guardian by e-mail (SES v2 — the
 * local aws-ses-v2-local's store) and SMS (the local provider sink) and the learner by Web Push
 * (encrypted for the learner's browser: decrypted here with the browser's keys), exactly once per
 * channel whatever redeliveries happen; a provider that is down is tried again later, a browser
 * that unsubscribed is forgotten, and a category kept for the digest goes out as one e-mail.
 */
import { createECDH, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { CATEGORIES } from '../../functions/notifications/domain/templates.ts';
import { NOTIFICATIONS_QUEUE, notificationMessage } from '../../functions/notifications/messages.ts';
import { resetConfig } from '../../shared/config.ts';
import { sendMessage } from '../../shared/queue/sqs.ts';
import { api, cloud, eventually, useCloudEnvironment } from '../support/cloud.ts';
import { approvedPerson } from '../support/people.ts';

// http_ece is what web-push encrypts with (RFC 8188); the browser's side decrypts with it here.
const ece = createRequire(import.meta.url)('http_ece') as {
  decrypt(body: Buffer, params: { version: string; privateKey: unknown; authSecret: Buffer }): Buffer;
};

const RUN = Date.now() % 100_000;
const MOTHER_ID = makePersonalId('031', 1985, 'female', 700_000 + RUN);
const LEARNER_ID = makePersonalId('031', 2010, 'male', 700_000 + RUN);
const mother = `channels-mother-${RUN}`;
const pupil = `channels-pupil-${RUN}`;
const MOTHER_EMAIL = `me.${RUN}@example.vn`;
const MOTHER_PHONE = `09${String(RUN).padStart(8, '0')}`.slice(0, 10);
let learner: string;

// The learner's browser: its push keys (as PushManager.subscribe makes them).
const browser = createECDH('prime256v1');
browser.generateKeys();
const authSecret = randomBytes(16);

interface Preferences {
  language: string;
  categories: Record<string, { channels: string[]; digest: boolean }>;
  contacts: { email?: string; phone?: string };
  consents: Record<string, { givenAt: string }>;
  available: string[];
}
interface SesStore {
  emails: { destination: { to: string[] }; subject: string; body: { text?: string } }[];
}
interface Sunk {
  channel: string;
  to: string;
  text?: string;
  body?: string;
}

const mailTo = async (address: string) => {
  const store = (await (await fetch(`${cloud().endpoints.ses}/store`)).json()) as SesStore;
  return store.emails.filter((e) => e.destination.to.includes(address));
};
const sunk = async () => (await (await fetch(`${cloud().apiUrl}/_local/messages`)).json()) as Sunk[];
const categories = (overrides: Record<string, { channels: string[]; digest?: boolean }>) =>
  Object.fromEntries(
    CATEGORIES.map((c) => [
      c,
      { channels: overrides[c]?.channels ?? ['app'], digest: overrides[c]?.digest ?? false },
    ]),
  );

/**
 * In quiet hours (22:00–06:00 city time, reckoned here independently of the worker) what is not
 * urgent waits for 06:00: the deliveries are held, and firing the hourly release as at 06:05
 * sends them. Outside quiet hours they go at once and there is nothing to release.
 */
async function releaseIfQuiet(account: string, notificationId: string) {
  const city = new Date(Date.now() + 7 * 3_600_000);
  const hour = city.getUTCHours();
  if (hour >= 6 && hour < 22) return;
  const held = await eventually(async () => {
    const res = await api<{ items: { notificationId: string; status: string }[] }>(
      '/me/notification-deliveries',
      {
        as: account,
      },
    );
    const mine = res.body.items.filter((d) => d.notificationId === notificationId);
    return mine.length && mine.every((d) => d.status === 'held') ? mine : undefined;
  });
  expect(held.length).toBeGreaterThan(0);
  const morning = new Date(city);
  if (hour >= 22) morning.setUTCDate(morning.getUTCDate() + 1);
  morning.setUTCHours(6, 5, 0, 0);
  const at = new Date(morning.getTime() - 7 * 3_600_000).toISOString();
  const fired = await fetch(
    `${cloud().apiUrl}/_local/fire/notifications-schedule-notification-releases?time=${encodeURIComponent(at)}`,
    { method: 'POST' },
  );
  expect(fired.status).toBe(200);
}

beforeAll(async () => {
  useCloudEnvironment();
  resetConfig();
  learner = await approvedPerson('student', {
    personalId: LEARNER_ID,
    fullName: 'Lê Minh Quân',
    gender: 'male',
    dateOfBirth: '2010-02-14',
    grade: 10,
    guardians: [{ relation: 'mother', fullName: 'Phạm Thu Hà', personalId: MOTHER_ID }],
  });
  for (const [accountId, fullName, personalId] of [
    [mother, 'Phạm Thu Hà', MOTHER_ID],
    [pupil, 'Lê Minh Quân', LEARNER_ID],
  ]) {
    const created = await api('/org-units/SGD/accounts', {
      as: 'admin',
      body: { accountId, fullName, personalId },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
  expect(
    (await api('/me/links', { as: mother, body: { as: 'guardian', childPersonalId: LEARNER_ID } })).status,
  ).toBe(201);
  expect((await api('/me/links', { as: pupil, body: { as: 'learner' } })).status).toBe(201);
}, 240_000);

describe('preferences and consent', () => {
  it('start with the inbox alone and offer the channels this deployment has', async () => {
    const res = await api<Preferences>('/me/notification-preferences', { as: mother });
    expect(res.status).toBe(200);
    expect(res.body.categories.library).toEqual({ channels: ['app'], digest: false });
    expect(res.body.consents).toEqual({});
    expect(res.body.available).toEqual(['app', 'email', 'push', 'sms', 'ott']);
  });

  it('refuse e-mail without an address and a phone number that is not one, field by field', async () => {
    const noAddress = await api<{ errors: { field: string }[] }>('/me/notification-preferences', {
      as: mother,
      method: 'PUT',
      body: {
        language: 'vi',
        categories: categories({ library: { channels: ['app', 'email'] } }),
        contacts: {},
      },
    });
    expect(noAddress.status).toBe(400);
    expect(noAddress.body.errors.map((e) => e.field)).toContain('contacts.email');
    const badPhone = await api<{ errors: { field: string }[] }>('/me/notification-preferences', {
      as: mother,
      method: 'PUT',
      body: { language: 'vi', categories: categories({}), contacts: { phone: '12345' } },
    });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.errors.map((e) => e.field)).toContain('contacts.phone');
  });

  it('record consent when a channel is chosen, and keep the inbox on', async () => {
    const res = await api<Preferences>('/me/notification-preferences', {
      as: mother,
      method: 'PUT',
      body: {
        language: 'vi',
        categories: categories({
          library: { channels: ['email', 'sms'] },
          records: { channels: ['app', 'email'], digest: true },
          admissions: { channels: ['email', 'sms'] },
        }),
        contacts: { email: MOTHER_EMAIL, phone: MOTHER_PHONE },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.categories.library!.channels).toEqual(['app', 'email', 'sms']);
    expect(Object.keys(res.body.consents).sort()).toEqual(['email', 'sms']);
    expect(res.body.contacts).toEqual({ email: MOTHER_EMAIL, phone: MOTHER_PHONE });

    const pupilPrefs = await api('/me/notification-preferences', {
      as: pupil,
      method: 'PUT',
      body: {
        language: 'en',
        categories: categories({ library: { channels: ['app', 'push'] } }),
        contacts: {},
      },
    });
    expect(pupilPrefs.status).toBe(200);
    const subscribed = await api('/me/push-subscriptions', {
      as: pupil,
      body: {
        endpoint: `${cloud().apiUrl}/_local/push/pupil-${RUN}`,
        keys: {
          p256dh: browser.getPublicKey().toString('base64url'),
          auth: authSecret.toString('base64url'),
        },
      },
    });
    expect(subscribed.status).toBe(201);
  });
});

describe('delivery on every chosen channel, once', () => {
  it('e-mails and texts the guardian and pushes to the learner’s browser, once each', async () => {
    const message = {
      notificationId: `hold-channels-${RUN}`,
      channel: 'app' as const,
      recipientId: `edu:${learner}`,
      template: 'library-hold-ready',
      data: { title: 'Tắt đèn', readyUntil: '2026-12-10' },
    };
    await sendMessage(NOTIFICATIONS_QUEUE, notificationMessage, message);
    await sendMessage(NOTIFICATIONS_QUEUE, notificationMessage, message);
    await releaseIfQuiet(mother, message.notificationId);

    const mails = await eventually(async () => {
      const found = await mailTo(MOTHER_EMAIL);
      return found.length ? found : undefined;
    });
    expect(mails[0]!.subject).toBe('Sách bạn đặt đã sẵn sàng');
    expect(mails[0]!.body.text).toContain('“Tắt đèn” đang chờ bạn ở quầy thư viện đến hết ngày 10/12/2026.');

    const texts = await eventually(async () => {
      const found = (await sunk()).filter((m) => m.channel === 'sms' && m.to === MOTHER_PHONE);
      return found.length ? found : undefined;
    });
    expect(texts[0]!.text).toBe(
      'Sách bạn đặt đã sẵn sàng: “Tắt đèn” đang chờ bạn ở quầy thư viện đến hết ngày 10/12/2026.',
    );

    const pushed = await eventually(async () => {
      const found = (await sunk()).filter((m) => m.channel === 'push' && m.to === `pupil-${RUN}`);
      return found.length ? found : undefined;
    });
    const payload = JSON.parse(
      ece
        .decrypt(Buffer.from(pushed[0]!.body!, 'base64'), {
          version: 'aes128gcm',
          privateKey: browser,
          authSecret,
        })
        .toString('utf8'),
    ) as { title: string; body: string; url: string };
    // The learner chose English.
    expect(payload.title).toBe('Your reserved book is ready');
    expect(payload.url).toMatch(/\/notifications$/);

    // The redelivered message and any retried worker sent nothing twice.
    const deliveries = await eventually(async () => {
      const res = await api<{ items: { notificationId: string; channel: string; status: string }[] }>(
        '/me/notification-deliveries',
        { as: mother },
      );
      const mine = res.body.items.filter((d) => d.notificationId === message.notificationId);
      return mine.length === 2 && mine.every((d) => d.status === 'sent') ? mine : undefined;
    });
    expect(deliveries.map((d) => d.channel).sort()).toEqual(['email', 'sms']);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await mailTo(MOTHER_EMAIL)).toHaveLength(1);
    expect((await sunk()).filter((m) => m.to === MOTHER_PHONE)).toHaveLength(1);
    expect((await sunk()).filter((m) => m.to === `pupil-${RUN}`)).toHaveLength(1);
  });

  it('keeps a message carrying a secret (a family’s result link) in the inbox, never on another channel', async () => {
    const told = (template: string, data: Record<string, string>) => ({
      notificationId: `${template}-${RUN}`,
      channel: 'app' as const,
      recipientId: mother,
      template,
      data,
    });
    const verified = told('admission-application-verified', {
      child: 'Lê Minh Quân',
      school: 'Trường THCS Ngô Quyền',
    });
    const secret = told('admission-results-scheduled', {
      child: 'Lê Minh Quân',
      campaign: 'Tuyển sinh lớp 10',
      publishAt: '2027-07-14T01:30:00.000Z',
      link: `${cloud().apiUrl}/results/admissions/c-${RUN}#secret-${RUN}`,
    });
    await sendMessage(NOTIFICATIONS_QUEUE, notificationMessage, secret);
    await sendMessage(NOTIFICATIONS_QUEUE, notificationMessage, verified);
    // Both in her inbox; the school's decision also by e-mail, as she chose for admissions.
    const inbox = await eventually(async () => {
      const res = await api<{ items: { notificationId: string; body: string }[] }>(
        '/me/notifications?limit=50',
        {
          as: mother,
        },
      );
      const ids = res.body.items.map((n) => n.notificationId);
      return ids.includes(secret.notificationId) && ids.includes(verified.notificationId)
        ? res.body.items
        : undefined;
    });
    expect(inbox.find((n) => n.notificationId === secret.notificationId)!.body).toContain(`#secret-${RUN}`);
    await releaseIfQuiet(mother, verified.notificationId);
    await eventually(async () => {
      const found = (await mailTo(MOTHER_EMAIL)).filter(
        (m) => m.subject === 'Hồ sơ tuyển sinh đã được xác nhận',
      );
      return found.length ? found : undefined;
    });
    const deliveries = await api<{ items: { notificationId: string }[] }>('/me/notification-deliveries', {
      as: mother,
    });
    expect(deliveries.body.items.some((d) => d.notificationId === secret.notificationId)).toBe(false);
    expect(JSON.stringify(await mailTo(MOTHER_EMAIL))).not.toContain(`secret-${RUN}`);
    expect(JSON.stringify(await sunk())).not.toContain(`secret-${RUN}`);
  });

  it('sends what is urgent at once, quiet hours or not', async () => {
    const pupilPrefs = await api('/me/notification-preferences', {
      as: pupil,
      method: 'PUT',
      body: {
        language: 'en',
        categories: categories({
          library: { channels: ['app', 'push'] },
          exams: { channels: ['app', 'push'] },
        }),
        contacts: {},
      },
    });
    expect(pupilPrefs.status).toBe(200);
    await sendMessage(NOTIFICATIONS_QUEUE, notificationMessage, {
      notificationId: `moved-${RUN}`,
      channel: 'app',
      recipientId: pupil,
      template: 'exam-rescheduled',
      data: { exam: 'Toán 10 giữa kỳ I', startsAt: '08:30 05/12/2026' },
    });
    // No release is fired here: an urgent message is never held.
    const pushes = await eventually(async () => {
      const found = (await sunk()).filter((m) => m.channel === 'push' && m.to === `pupil-${RUN}`);
      return found.length === 2 ? found : undefined;
    });
    const payload = JSON.parse(
      ece
        .decrypt(Buffer.from(pushes[1]!.body!, 'base64'), {
          version: 'aes128gcm',
          privateKey: browser,
          authSecret,
        })
        .toString('utf8'),
    ) as { title: string };
    expect(payload.title).toBe('Exam time changed');
  });

  it('tries a provider that is down again later, and forgets a browser that unsubscribed', async () => {
    const downPhone = '0912399999';
    const account = `channels-down-${RUN}`;
    expect(
      (
        await api('/org-units/SGD/accounts', {
          as: 'admin',
          body: { accountId: account, fullName: 'Đỗ Văn Tài' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api('/me/notification-preferences', {
          as: account,
          method: 'PUT',
          body: {
            language: 'vi',
            categories: categories({ reports: { channels: ['app', 'sms', 'push'] } }),
            contacts: { phone: downPhone },
          },
        })
      ).status,
    ).toBe(200);
    await api('/me/push-subscriptions', {
      as: account,
      body: {
        endpoint: `${cloud().apiUrl}/_local/push/gone-${RUN}`,
        keys: {
          p256dh: browser.getPublicKey().toString('base64url'),
          auth: authSecret.toString('base64url'),
        },
      },
    });
    await sendMessage(NOTIFICATIONS_QUEUE, notificationMessage, {
      notificationId: `report-down-${RUN}`,
      channel: 'app',
      recipientId: account,
      template: 'report-ready',
      data: { title: 'Sĩ số học kỳ I' },
    });
    await releaseIfQuiet(account, `report-down-${RUN}`);
    type Delivery = { channel: string; status: string; attempts: number; error?: string; errorCode?: string };
    const statuses = await eventually(async () => {
      const res = await api<{ items: Delivery[] }>('/me/notification-deliveries', { as: account });
      const sms = res.body.items.find((d) => d.channel === 'sms');
      const push = res.body.items.find((d) => d.channel === 'push');
      return sms?.status === 'retrying' && push?.status === 'failed' ? { sms, push } : undefined;
    });
    expect(statuses.sms.attempts).toBe(1);
    // Why each has not gone, by code: in English by default, in Vietnamese for the portal.
    expect(statuses.sms).toMatchObject({
      errorCode: 'notifications.provider-unavailable',
      error: expect.stringMatching(/^The messaging provider answered 5\d\d/),
    });
    expect(statuses.push).toMatchObject({
      errorCode: 'notifications.push-gone',
      error: 'The browser is no longer subscribed to push',
    });
    const vi = await api<{ items: Delivery[] }>('/me/notification-deliveries', {
      as: account,
      headers: { 'accept-language': 'vi' },
    });
    expect(vi.body.items.find((d) => d.channel === 'push')?.error).toBe(
      'Trình duyệt không còn đăng ký nhận thông báo đẩy',
    );
    // The gone browser is no longer subscribed: pushing again would find no subscription.
    const again = await api('/me/push-subscriptions/x', { as: account, method: 'DELETE' });
    expect(again.status).toBe(204);
  });
});

describe('the daily digest', () => {
  it('sends the day’s records reminders as one e-mail listing them', async () => {
    for (const n of [1, 2])
      await sendMessage(NOTIFICATIONS_QUEUE, notificationMessage, {
        notificationId: `digest-${RUN}-${n}`,
        channel: 'app',
        recipientId: mother,
        template: 'record-due-soon',
        data: { title: `Sổ điểm lớp 10A${n}`, deadline: '2026-12-20' },
      });
    // Both in the inbox at once; no e-mail until the digest.
    await eventually(async () => {
      const res = await api<{ items: { notificationId: string }[] }>('/me/notifications', { as: mother });
      return (
        res.body.items.filter((i) => i.notificationId.startsWith(`digest-${RUN}`)).length === 2 || undefined
      );
    });
    expect((await mailTo(MOTHER_EMAIL)).filter((m) => m.subject.includes('thông báo ngày'))).toHaveLength(0);

    // The city's day as the worker reckons it (UTC+7), written here independently.
    const day = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const fired = await fetch(
      `${cloud().apiUrl}/_local/fire/notifications-schedule-notification-releases?digest=${day}`,
      { method: 'POST' },
    );
    expect(fired.status).toBe(200);
    const digest = await eventually(async () => {
      const found = (await mailTo(MOTHER_EMAIL)).filter((m) => m.subject.includes('thông báo ngày'));
      return found.length ? found : undefined;
    });
    expect(digest[0]!.subject).toBe(`2 thông báo ngày ${day.split('-').reverse().join('/')}`);
    expect(digest[0]!.body.text).toContain(
      '• Hồ sơ sắp đến hạn: “Sổ điểm lớp 10A1” cần hoàn thành trước ngày 20/12/2026.',
    );
    expect(digest[0]!.body.text).toContain('“Sổ điểm lớp 10A2”');
    // Fired again: the day's digest is not sent twice.
    await fetch(`${cloud().apiUrl}/_local/fire/notifications-schedule-notification-releases?digest=${day}`, {
      method: 'POST',
    });
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await mailTo(MOTHER_EMAIL)).filter((m) => m.subject.includes('thông báo ngày'))).toHaveLength(1);
  });
});
