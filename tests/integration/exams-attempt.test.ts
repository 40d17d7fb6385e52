/**
 * A candidate's attempt through the API and the workers: start by the server's clock, a paper
 * without keys, autosaves out of order, a second device taking over, an idempotent submit,
 * grading from the queue, and the deadline sweeper submitting an attempt whose browser is gone
 * while late writes are refused.
 */
import { describe, expect, it } from 'vitest';
import { examEntities } from '../../functions/exams/entities.ts';
import { GRADING_QUEUE } from '../../functions/exams/messages.ts';
import { DUE_SHARDS, makeSessions } from '../../functions/exams/sessions.ts';
import { resetConfig } from '../../shared/config.ts';
import { api, cloud, until, useCloudEnvironment } from '../support/cloud.ts';

const SCHOOL = 'THPT-TRANPHU';
const subject = `Tin học ${Date.now() % 100000}`;

async function approvedQuestion(correct: string) {
  const created = await api<{ questionId: string }>(`/org-units/${SCHOOL}/questions`, {
    as: 'teacher1',
    body: {
      scope: 'school',
      subject,
      grade: 10,
      topic: 'Thuật toán',
      level: 'comprehension',
      stem: 'Chọn phương án đúng.',
      question: {
        type: 'single',
        options: ['A', 'B', 'C', 'D'].map((id) => ({ id, text: id })),
        correct,
        points: 1,
      },
    },
  });
  await api(`/questions/${created.body.questionId}/review`, {
    as: 'principal1',
    body: { expectedVersion: 1, decision: 'approve' },
  });
  return created.body.questionId;
}

async function session(closesInMs: number) {
  const paper = await api<{ paperId: string; variants: { questions: { questionId: string }[] }[] }>(
    `/org-units/${SCHOOL}/exam-papers`,
    {
      as: 'teacher1',
      body: {
        title: 'Bài kiểm tra',
        subject,
        grade: 10,
        blueprint: [{ topic: 'Thuật toán', level: 'comprehension', count: 2 }],
        variants: 1,
      },
    },
  );
  expect(paper.status, JSON.stringify(paper.body)).toBe(201);
  const created = await api<{ sessionId: string }>(`/org-units/${SCHOOL}/exam-sessions`, {
    as: 'teacher1',
    body: {
      paperId: paper.body.paperId,
      title: 'Kiểm tra Tin học',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + closesInMs).toISOString(),
      durationMinutes: 45,
      passMark: 1,
      candidates: ['student1'],
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return {
    sessionId: created.body.sessionId,
    questions: paper.body.variants[0]!.questions.map((q) => q.questionId),
  };
}

interface View {
  status: string;
  deadline: string;
  paperUrl: string;
  order: { questionId: string; optionOrder?: string[] }[];
  answers: Record<string, { answer: { choice: string }; seq: number }>;
  points?: number;
  passed?: boolean;
}

describe('taking an exam', () => {
  it('autosaves by sequence, moves to another device, submits once and is graded', async () => {
    const q1 = await approvedQuestion('A');
    await approvedQuestion('B');
    const { sessionId, questions } = await session(3_600_000);
    const path = `/exam-sessions/${sessionId}/attempt`;

    const mine = await api<{ items: { sessionId: string }[] }>('/me/exam-sessions', { as: 'student1' });
    expect(mine.body.items.map((i) => i.sessionId)).toContain(sessionId);
    const theirs = await api<{ items: { sessionId: string }[] }>('/me/exam-sessions', { as: 'student2' });
    expect(theirs.body.items.map((i) => i.sessionId)).not.toContain(sessionId);
    // Not on the roll: the session does not exist for them.
    expect((await api(path, { as: 'student2', body: { deviceId: 'device-other-01' } })).status).toBe(404);

    const started = await api<View>(path, { as: 'student1', body: { deviceId: 'device-phone-01' } });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body.order.map((q) => q.questionId).sort()).toEqual([...questions].sort());
    const paper = await (await fetch(started.body.paperUrl)).text();
    expect(paper).not.toContain('"correct"');

    const save = (device: string, seq: number, choice: string) =>
      api<{ accepted: string[]; stale: string[] }>(`${path}/answers`, {
        as: 'student1',
        method: 'PUT',
        body: { deviceId: device, seq, answers: { [questions[0]!]: { choice } } },
      });
    expect((await save('device-phone-01', 1, 'C')).body.accepted).toEqual([questions[0]]);
    expect((await save('device-phone-01', 3, 'D')).body.accepted).toEqual([questions[0]]);
    // An older save arriving late is acknowledged and ignored.
    expect((await save('device-phone-01', 2, 'B')).body.stale).toEqual([questions[0]]);

    // The laptop takes over; the phone is told so.
    const resumed = await api<View>(path, { as: 'student1', body: { deviceId: 'device-laptop-01' } });
    expect(resumed.body.answers[questions[0]!]).toMatchObject({ seq: 3, answer: { choice: 'D' } });
    expect(resumed.body.order).toEqual(started.body.order);
    const phone = await save('device-phone-01', 4, 'A');
    expect(phone.status).toBe(409);
    expect(JSON.stringify(phone.body)).toContain('exam-device-replaced');
    const right = questions[0] === q1 ? 'A' : 'B';
    expect((await save('device-laptop-01', 5, right)).status).toBe(200);

    const submitted = await api<View>(`${path}/submit`, { as: 'student1', method: 'POST' });
    expect(submitted.body.status).toBe('submitted');
    expect((await api<View>(`${path}/submit`, { as: 'student1', method: 'POST' })).status).toBe(200);
    expect((await save('device-laptop-01', 6, 'C')).status).toBe(409);

    const graded = await until(async () => {
      const res = await api<View>(path, { as: 'student1' });
      return res.body.status === 'graded' ? res.body : undefined;
    });
    expect(graded).toMatchObject({ points: 1, passed: true });
  });

  it('submits at the deadline when the browser is gone, and refuses late writes', async () => {
    await approvedQuestion('C');
    const { sessionId, questions } = await session(4_000);
    const path = `/exam-sessions/${sessionId}/attempt`;
    const started = await api<View>(path, { as: 'student1', body: { deviceId: 'device-gone-001' } });
    expect(started.status).toBe(200);
    const saved = await api(`${path}/answers`, {
      as: 'student1',
      method: 'PUT',
      body: { deviceId: 'device-gone-001', seq: 1, answers: { [questions[1]!]: { choice: 'A' } } },
    });
    expect(saved.status).toBe(200);
    // Past the deadline and its network allowance.
    await new Promise((r) => setTimeout(r, Date.parse(started.body.deadline) - Date.now() + 5_500));
    const late = await api(`${path}/answers`, {
      as: 'student1',
      method: 'PUT',
      body: { deviceId: 'device-gone-001', seq: 2, answers: { [questions[1]!]: { choice: 'B' } } },
    });
    // Refused: past its time — or already submitted, when the minute's sweep came first (the
    // local scheduler runs it every minute; whichever submits, the late answer is not taken).
    expect(late.status).toBe(409);
    expect((late.body as { type: string }).type).toMatch(/\/(exam-time-up|exam-submitted)$/);

    const fired = await fetch(`${cloud().apiUrl}/_local/fire/exams-submit-due-attempts`, { method: 'POST' });
    expect(fired.status).toBe(200);
    const graded = await until(async () => {
      const res = await api<View>(path, { as: 'student1' });
      return res.body.status === 'graded' ? res.body : undefined;
    });
    expect(graded.answers[questions[1]!]).toMatchObject({ seq: 1, answer: { choice: 'A' } });
  });

  it('grades an attempt whose grading message was lost after the submit', async () => {
    await approvedQuestion('D');
    const { sessionId, questions } = await session(3_600_000);
    const path = `/exam-sessions/${sessionId}/attempt`;
    const device = 'device-lost-0001';
    expect((await api(path, { as: 'student1', body: { deviceId: device } })).status).toBe(200);
    const answers = { [questions[0]!]: { choice: 'D' } };
    expect(
      (
        await api(`${path}/answers`, {
          as: 'student1',
          method: 'PUT',
          body: { deviceId: device, seq: 1, answers },
        })
      ).status,
    ).toBe(200);

    // The API's submit as it runs, but its grading message cannot be sent: the process "dies"
    // after the transaction. Its grading check is due at once here (15 minutes on AWS).
    useCloudEnvironment();
    const queues = process.env.QUEUE_URLS!;
    process.env.QUEUE_URLS = JSON.stringify({
      ...JSON.parse(queues),
      [GRADING_QUEUE]: 'http://127.0.0.1:9/000000000000/gone',
    });
    resetConfig();
    try {
      const dying = makeSessions(examEntities, () => new Date(), { gradingCheckMinutes: 0 });
      await expect(dying.submit(sessionId, 'student1')).rejects.toThrow();
    } finally {
      process.env.QUEUE_URLS = queues;
      resetConfig();
    }
    const submitted = await api<View>(path, { as: 'student1' });
    expect(submitted.body.status).toBe('submitted');
    const attempt = (await makeSessions().attemptOf(sessionId, 'student1', true))!;
    const checks = async () =>
      (
        await Promise.all(
          Array.from({ length: DUE_SHARDS }, (_, shard) =>
            examEntities()
              .attemptDue.query.byMinute({ dueMinute: attempt.gradingCheck!, shard: String(shard) })
              .go({ pages: 'all' }),
          ),
        )
      )
        .flatMap((r) => r.data)
        .filter((d) => d.sessionId === sessionId);
    expect(await checks()).toMatchObject([{ accountId: 'student1', check: 'grading' }]);

    // No grading message exists: only the sweeper's check can get it graded (this sweep, or the
    // local scheduler's if it runs first).
    const sweep = await makeSessions().sweepDue(1);
    expect(sweep).toHaveProperty('resent');
    const graded = await until(async () => {
      const res = await api<View>(path, { as: 'student1' });
      return res.body.status === 'graded' ? res.body : undefined;
    });
    expect(graded.answers[questions[0]!]).toMatchObject({ seq: 1, answer: { choice: 'D' } });
    expect(graded.points).toBeTypeOf('number');
    // Graded: the check is gone, so no later sweep sends it again.
    await until(async () => ((await checks()).length === 0 ? true : undefined));
  });
});
