/**
 * A module's forum against the local cloud: its enrolled learners ask and answer, its managers
 * answer and hide what should not be there (the author still sees it, with the reason; others see
 * that something was hidden); people outside the module's audience find nothing, those inside it
 * are asked to enrol first; a hidden question takes no replies.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/cloud.ts';

const run = Date.now() % 100000;
const DAY = 86_400_000;

interface Thread {
  threadId: string;
  title: string;
  body: string;
  authorName: string;
  replies: number;
  hidden: boolean;
  hiddenReason?: string;
  mine: boolean;
}
interface Reply {
  replyId: string;
  body: string;
  hidden: boolean;
  hiddenReason?: string;
  mine: boolean;
}

describe('a module’s forum', () => {
  let moduleId: string;

  beforeAll(async () => {
    const created = await api<{ moduleId: string; revision: number }>('/org-units/SGD/course-modules', {
      as: 'admin',
      body: {
        code: `DD-${run}`,
        title: 'Sinh hoạt chuyên môn theo nghiên cứu bài học',
        programme: '03',
        periods: 10,
        opensAt: new Date(Date.now() - DAY).toISOString(),
        closesAt: new Date(Date.now() + 30 * DAY).toISOString(),
        audience: { roles: ['teacher', 'school-leader'], levels: ['04'], subjects: [] },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    moduleId = created.body.moduleId;
    const published = await api(`/course-modules/${moduleId}/publish`, {
      as: 'admin',
      body: { expectedRevision: created.body.revision },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect((await api(`/me/courses/${moduleId}/enrolment`, { as: 'teacher1', method: 'POST' })).status).toBe(
      200,
    );
  });

  it('lets learners ask and answer, and managers hide, with the reason the author alone sees', async () => {
    const forum = `/course-modules/${moduleId}/forum`;
    // Outside the audience: nothing there. Inside it, not enrolled: enrol first.
    expect((await api(forum, { as: 'teacher2' })).status).toBe(404);
    expect((await api(forum, { as: 'principal1' })).status).toBe(409);

    const empty = await api<Problem>(forum, { as: 'teacher1', body: { title: 'Câu hỏi', body: '   ' } });
    expect(empty.status).toBe(400);
    const asked = await api<Thread>(forum, {
      as: 'teacher1',
      body: {
        title: 'Chọn bài học nghiên cứu thế nào?',
        body: 'Tổ chuyên môn nên chọn bài học theo tiêu chí nào ạ?',
      },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body).toMatchObject({
      replies: 0,
      hidden: false,
      mine: true,
      authorName: 'Đặng Thị Thuỳ Dương',
    });
    const thread = `/forum-threads/${asked.body.threadId}`;

    expect(
      (await api(`/me/courses/${moduleId}/enrolment`, { as: 'principal1', method: 'POST' })).status,
    ).toBe(200);
    const answered = await api<Reply>(`${thread}/replies`, {
      as: 'principal1',
      body: { body: 'Chọn bài học có nội dung khó, học sinh hay mắc lỗi.' },
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(201);
    const spam = await api<Reply>(`${thread}/replies`, {
      as: 'principal1',
      body: { body: 'Quảng cáo bán hàng' },
    });
    // The Department answers too, without enrolling.
    const official = await api<Reply>(`${thread}/replies`, {
      as: 'admin',
      body: { body: 'Xem thêm hướng dẫn tại Công văn 1315/BGDĐT-GDTrH.' },
    });
    expect(official.status, JSON.stringify(official.body)).toBe(201);

    const listed = await api<{ moderator: boolean; open: boolean; items: Thread[] }>(forum, {
      as: 'teacher1',
    });
    expect(listed.body).toMatchObject({ moderator: false, open: true });
    expect(listed.body.items.find((t) => t.threadId === asked.body.threadId)?.replies).toBe(3);

    // A learner cannot hide; the module's manager can, once.
    const hide = { replyId: spam.body.replyId, reason: 'Nội dung quảng cáo' };
    expect((await api(`${thread}/hide`, { as: 'teacher1', body: hide })).status).toBe(403);
    expect((await api(`${thread}/hide`, { as: 'admin', body: hide })).status).toBe(200);
    expect((await api(`${thread}/hide`, { as: 'admin', body: hide })).status).toBe(409);

    const seen = async (as: string) =>
      (await api<{ items: Reply[] }>(thread, { as })).body.items.find(
        (r) => r.replyId === spam.body.replyId,
      )!;
    expect(await seen('teacher1')).toMatchObject({ hidden: true, body: '' });
    expect((await seen('teacher1')).hiddenReason).toBeUndefined();
    expect(await seen('principal1')).toMatchObject({
      hidden: true,
      body: 'Quảng cáo bán hàng',
      hiddenReason: 'Nội dung quảng cáo',
    });
    const replies = (await api<{ items: Reply[] }>(thread, { as: 'teacher1' })).body.items;
    expect(replies.map((r) => r.body)).toEqual([
      'Chọn bài học có nội dung khó, học sinh hay mắc lỗi.',
      '',
      'Xem thêm hướng dẫn tại Công văn 1315/BGDĐT-GDTrH.',
    ]);

    // A hidden question takes no more replies.
    expect(
      (await api(`${thread}/hide`, { as: 'admin', body: { reason: 'Trùng câu hỏi khác' } })).status,
    ).toBe(200);
    const late = await api<Problem>(`${thread}/replies`, { as: 'teacher1', body: { body: 'Thêm ý kiến' } });
    expect(late.status).toBe(409);
    expect((await api<{ thread: Thread }>(thread, { as: 'teacher1' })).body.thread).toMatchObject({
      hidden: true,
      hiddenReason: 'Trùng câu hỏi khác',
      mine: true,
    });
  });
});

interface Problem {
  detail: string;
}
