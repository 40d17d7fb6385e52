/**
 * Announcements (issue 18, item 5): a school to one class's parents — the guardians of that
 * class's learners, not the learners, not another class's parents; a commune to the staff of its
 * schools — not another commune's, not parents; who may send, and an announcement out of scope
 * looking like none. The fan-out's count comes from its steps, the recipients' inboxes from the
 * real delivery path.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { api, eventually } from '../support/cloud.ts';
import { approvedPerson } from '../support/people.ts';

const RUN = Date.now() % 100_000;
interface Inbox {
  items: { notificationId: string; category: string; title: string; body: string }[];
}
interface Announcement {
  announcementId: string;
  fromName: string;
  addressed?: number;
  audienceName?: string;
}

const father = `ann-father-${RUN}`;
const otherFather = `ann-other-${RUN}`;
const pupil = `ann-pupil-${RUN}`;
let classId: string;

const inboxOf = async (as: string) => (await api<Inbox>('/me/notifications', { as })).body.items;

beforeAll(async () => {
  classId = await approvedPerson('class', {
    code: `10T${RUN % 100}`,
    name: `10 Tin ${RUN}`,
    grade: 10,
    schoolYear: '2026-2027',
  });
  const otherClass = await approvedPerson('class', {
    code: `10V${RUN % 100}`,
    name: `10 Văn ${RUN}`,
    grade: 10,
    schoolYear: '2026-2027',
  });
  const people = [
    { account: father, learner: pupil, cls: classId, n: 1 },
    { account: otherFather, learner: undefined, cls: otherClass, n: 2 },
  ];
  for (const { account, learner, cls, n } of people) {
    const fatherId = makePersonalId('031', 1980, 'male', 800_000 + RUN * 3 + n);
    const childId = makePersonalId('031', 2011, 'female', 800_000 + RUN * 3 + n);
    await approvedPerson('student', {
      personalId: childId,
      fullName: `Ngô Thanh Trúc ${n}`,
      gender: 'female',
      dateOfBirth: '2011-09-01',
      grade: 10,
      classId: cls,
      guardians: [{ relation: 'father', fullName: `Ngô Văn Hùng ${n}`, personalId: fatherId }],
    });
    const made = await api('/org-units/SGD/accounts', {
      as: 'admin',
      body: { accountId: account, fullName: `Ngô Văn Hùng ${n}`, personalId: fatherId },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(
      (await api('/me/links', { as: account, body: { as: 'guardian', childPersonalId: childId } })).status,
    ).toBe(201);
    if (learner) {
      expect(
        (
          await api('/org-units/SGD/accounts', {
            as: 'admin',
            body: { accountId: learner, fullName: `Ngô Thanh Trúc ${n}`, personalId: childId },
          })
        ).status,
      ).toBe(201);
      expect((await api('/me/links', { as: learner, body: { as: 'learner' } })).status).toBe(201);
    }
  }
}, 300_000);

describe('announcements', () => {
  it('reach a class’s parents only', async () => {
    const sent = await api<Announcement>('/org-units/THPT-TRANPHU/announcements', {
      as: 'principal1',
      body: {
        audience: { kind: 'class-guardians', classId },
        subject: 'Họp phụ huynh cuối học kỳ I',
        text: 'Kính mời quý phụ huynh dự họp lúc 7 giờ 30 sáng Chủ nhật 20/12/2026 tại phòng 204.',
      },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body).toMatchObject({
      fromName: expect.stringContaining('Trần Phú'),
      audienceName: `10 Tin ${RUN}`,
    });
    const id = `ann-${sent.body.announcementId}`;

    const mine = await eventually(async () => (await inboxOf(father)).find((i) => i.notificationId === id));
    expect(mine).toMatchObject({
      category: 'announcements',
      title: expect.stringContaining('Họp phụ huynh cuối học kỳ I'),
      body: 'Kính mời quý phụ huynh dự họp lúc 7 giờ 30 sáng Chủ nhật 20/12/2026 tại phòng 204.',
    });
    const counted = await eventually(async () => {
      const res = await api<Announcement>(`/announcements/${sent.body.announcementId}`, { as: 'principal1' });
      return res.body.addressed === 1 ? res.body : undefined;
    });
    expect(counted.addressed).toBe(1);
    // The learner and the other class's father got nothing.
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await inboxOf(pupil)).some((i) => i.notificationId === id)).toBe(false);
    expect((await inboxOf(otherFather)).some((i) => i.notificationId === id)).toBe(false);
  });

  it('reach the staff under a commune, not another commune’s, not parents', async () => {
    const sent = await api<Announcement>('/org-units/P-NGOQUYEN/announcements', {
      as: 'commune2.admin',
      body: { audience: { kind: 'staff' }, subject: 'Lịch tập huấn', text: 'Tập huấn phần mềm ngày 15/12.' },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    const id = `ann-${sent.body.announcementId}`;
    for (const staff of ['teacher1', 'principal1', 'librarian1'])
      await eventually(async () => (await inboxOf(staff)).find((i) => i.notificationId === id));
    const total = await eventually(async () => {
      const a = (
        await api<Announcement>(`/announcements/${sent.body.announcementId}`, { as: 'commune2.admin' })
      ).body;
      return (a.addressed ?? 0) >= 3 ? a : undefined;
    });
    expect(total.addressed).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 1_500));
    for (const outsider of ['commune1.admin', father])
      expect((await inboxOf(outsider)).some((i) => i.notificationId === id)).toBe(false);
    // Another commune's admin cannot see it: as if it did not exist.
    const hidden = await api(`/announcements/${sent.body.announcementId}`, { as: 'commune1.admin' });
    expect(hidden.status).toBe(404);
    const listed = await api<{ items: Announcement[] }>('/org-units/P-NGOQUYEN/announcements', {
      as: 'commune2.admin',
    });
    expect(listed.body.items[0]!.announcementId).toBe(sent.body.announcementId);
  });

  it('are refused to a teacher, and a class of another school is refused on its field', async () => {
    const teacher = await api('/org-units/THPT-TRANPHU/announcements', {
      as: 'teacher1',
      body: { audience: { kind: 'staff' }, subject: 'Thử', text: 'Thử' },
    });
    expect(teacher.status).toBe(403);
    const elsewhere = await api<{ errors: { field: string }[] }>('/org-units/P-NGOQUYEN/announcements', {
      as: 'commune2.admin',
      body: { audience: { kind: 'class-guardians', classId }, subject: 'Thử', text: 'Thử' },
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.errors.map((e) => e.field)).toEqual(['audience.classId']);
    const empty = await api<{ errors: { field: string }[] }>('/org-units/THPT-TRANPHU/announcements', {
      as: 'principal1',
      body: { audience: { kind: 'staff' }, subject: '  ', text: 'Nội dung' },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e) => e.field)).toEqual(['subject']);
  });
});
