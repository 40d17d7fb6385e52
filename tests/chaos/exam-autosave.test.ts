/**
 * Autosaves under throttling: a tenth of the functions' calls to DynamoDB, S3 and SQS fail (the
 * chaos proxies). Candidates answer over several saves, resending what the server has not
 * acknowledged as the exam room does (same sequence), some saves arriving after newer ones.
 * Nothing is lost: the stored answers are each question's last, and every attempt is graded once
 * with the points those answers earn (counted here from the key, not by the grader's scoring).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, underChaos, useEmulatorsDirectly, waitFor } from '../support/chaos.ts';
import { putStudents } from '../support/students.ts';

const SCHOOL = 'THPT-TRANPHU';
const run = Date.now() % 1_000_000;
const subject = `Lưu bài ${run}`;
const CANDIDATES = 10;
const QUESTIONS = 6;
const students = Array.from({ length: CANDIDATES }, (_, n) => `lb${run}-${n}`);
const options = ['A', 'B', 'C', 'D'].map((id) => ({ id, text: `Phương án ${id}` }));

interface View {
  status: string;
  order: { questionId: string }[];
  answers: Record<string, { answer: { choice: string }; seq: number }>;
  points?: number;
}

describe('autosaves under throttling', () => {
  const correct = new Map<string, string>();

  beforeAll(async () => {
    useEmulatorsDirectly();
    await putStudents(
      SCHOOL,
      students.map((accountId, n) => ({ accountId, fullName: `Thí Sinh Lưu ${n + 1}` })),
    );
  });

  it('loses no answer and grades each attempt once with its last answers', async () => {
    for (let i = 0; i < QUESTIONS; i++) {
      const answer = options[(i * 7 + run) % 4]!.id;
      const created = await call<{ questionId: string }>(`/org-units/${SCHOOL}/questions`, {
        as: 'teacher1',
        body: {
          scope: 'school',
          subject,
          grade: 10,
          topic: 'Lưu bài',
          level: 'recognition',
          stem: `Câu ${i + 1}`,
          question: { type: 'single', options, correct: answer, points: 1 },
        },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const reviewed = await call(`/questions/${created.body.questionId}/review`, {
        as: 'principal1',
        body: { expectedVersion: 1, decision: 'approve' },
      });
      expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
      correct.set(created.body.questionId, answer);
    }
    const paper = await call<{ paperId: string }>(`/org-units/${SCHOOL}/exam-papers`, {
      as: 'teacher1',
      body: {
        title: 'Lưu bài dưới tải',
        subject,
        grade: 10,
        blueprint: [{ topic: 'Lưu bài', level: 'recognition', count: QUESTIONS }],
        variants: 1,
      },
    });
    expect(paper.status, JSON.stringify(paper.body)).toBe(201);
    const session = await call<{ sessionId: string }>(`/org-units/${SCHOOL}/exam-sessions`, {
      as: 'teacher1',
      body: {
        paperId: paper.body.paperId,
        title: 'Lưu bài dưới tải',
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + 3_600_000).toISOString(),
        durationMinutes: 45,
        passMark: 3,
        candidates: students,
      },
    });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    const path = `/exam-sessions/${session.body.sessionId}/attempt`;
    const wrong = (q: string) => (correct.get(q) === 'A' ? 'B' : 'A');

    const expected = new Map<string, number>();
    await underChaos('exam: autosaves throttled, resent until acknowledged', async () => {
      await Promise.all(
        students.map(async (who, n) => {
          const deviceId = `device-${who}`;
          const started = await call<View>(path, { as: who, body: { deviceId } });
          expect(started.status, JSON.stringify(started.body)).toBe(200);
          const ids = started.body.order.map((q) => q.questionId);
          /** As the exam room: a save is resent (same sequence) until the server acknowledges it. */
          const save = async (seq: number, answers: Record<string, { choice: string }>) => {
            for (;;) {
              const res = await call<{ accepted: string[]; stale: string[] }>(`${path}/answers`, {
                as: who,
                method: 'PUT',
                body: { deviceId, seq, answers },
              });
              if (res.status === 200) return res.body;
              expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(500);
            }
          };
          // First every answer wrong, then question by question the final choice (right for the
          // first n % (QUESTIONS + 1) questions), one save each; then an older save arrives late.
          await save(1, Object.fromEntries(ids.map((q) => [q, { choice: wrong(q) }])));
          const right = n % (QUESTIONS + 1);
          for (const [j, q] of ids.entries())
            await save(2 + j, { [q]: { choice: j < right ? correct.get(q)! : wrong(q) } });
          const late = await save(1, { [ids[0]!]: { choice: correct.get(ids[0]!) === 'C' ? 'D' : 'C' } });
          expect(late.stale).toEqual([ids[0]]);
          expected.set(who, right);
          const submitted = await call(`${path}/submit`, { as: who, method: 'POST' });
          expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
        }),
      );
      for (const [n, who] of students.entries()) {
        const graded = await waitFor<View>(path, who, (b) => b.status === 'graded');
        const right = n % (QUESTIONS + 1);
        // Every answer is the last one saved for its question.
        for (const [j, { questionId }] of graded.order.entries())
          expect(graded.answers[questionId], `${who} ${questionId}`).toMatchObject({
            seq: 2 + j,
            answer: { choice: j < right ? correct.get(questionId) : wrong(questionId) },
          });
        expect({ who, points: graded.points }).toEqual({ who, points: expected.get(who) });
      }
    });
  });
});
