/**
 * An exam under chaos: a roll of candidates start, answer and submit; the grader (from the queue)
 * and the statistics worker run with a share of their calls failing. Every attempt ends graded
 * with the points its answers earn, counted once, and the statistics count each candidate once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, underChaos, useEmulatorsDirectly, waitFor } from '../support/chaos.ts';
import { putStudents } from '../support/students.ts';

const SCHOOL = 'THPT-TRANPHU';
const run = Date.now() % 1_000_000;
const subject = `Hỗn loạn ${run}`;
const CANDIDATES = 12;
const students = Array.from({ length: CANDIDATES }, (_, n) => `hl${run}-${n}`);
const topics = ['Mệnh đề', 'Tập hợp', 'Hàm số'];
const options = ['A', 'B', 'C', 'D'].map((id) => ({ id, text: `Phương án ${id}` }));

interface View {
  status: string;
  order: { questionId: string }[];
  points?: number;
  passed?: boolean;
}

describe('an exam under chaos', () => {
  const correct = new Map<string, string>();

  beforeAll(async () => {
    useEmulatorsDirectly();
    await putStudents(
      SCHOOL,
      students.map((accountId, n) => ({ accountId, fullName: `Học Sinh Số ${n + 1}` })),
    );
  });

  it('grades every submitted attempt once, with the points its answers earn', async () => {
    await underChaos('exam: questions, paper and session', async () => {
      for (const [i, topic] of topics.entries()) {
        const answer = options[i]!.id;
        const created = await call<{ questionId: string }>(`/org-units/${SCHOOL}/questions`, {
          as: 'teacher1',
          body: {
            scope: 'school',
            subject,
            grade: 10,
            topic,
            level: 'recognition',
            stem: `Câu hỏi về ${topic}`,
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
    });
    const paper = await call<{ paperId: string }>(`/org-units/${SCHOOL}/exam-papers`, {
      as: 'teacher1',
      body: {
        title: 'Kiểm tra dưới tải',
        subject,
        grade: 10,
        blueprint: topics.map((topic) => ({ topic, level: 'recognition', count: 1 })),
        variants: 1,
      },
    });
    expect(paper.status, JSON.stringify(paper.body)).toBe(201);
    const session = await call<{ sessionId: string }>(`/org-units/${SCHOOL}/exam-sessions`, {
      as: 'teacher1',
      body: {
        paperId: paper.body.paperId,
        title: 'Kiểm tra dưới tải',
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + 3_600_000).toISOString(),
        durationMinutes: 45,
        passMark: 2,
        candidates: students,
      },
    });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    const path = `/exam-sessions/${session.body.sessionId}/attempt`;

    // Candidate n answers the first n % 4 questions of the paper right (at most 3), the rest wrong.
    const expected = new Map<string, number>();
    const sent = new Map<string, Record<string, { choice: string }>>();
    await underChaos('exam: attempts submitted and graded', async () => {
      await Promise.all(
        students.map(async (who, n) => {
          const deviceId = `device-${who}`;
          const started = await call<View>(path, { as: who, body: { deviceId } });
          expect(started.status, JSON.stringify(started.body)).toBe(200);
          const right = Math.min(n % 4, 3);
          const answers = Object.fromEntries(
            started.body.order.map(({ questionId }, j) => {
              const key = correct.get(questionId)!;
              return [questionId, { choice: j < right ? key : key === 'D' ? 'A' : 'D' }];
            }),
          );
          expected.set(who, right);
          sent.set(who, answers);
          const saved = await call(`${path}/answers`, {
            as: who,
            method: 'PUT',
            body: { deviceId, seq: 1, answers },
          });
          expect(saved.status, JSON.stringify(saved.body)).toBe(200);
          const submitted = await call(`${path}/submit`, { as: who, method: 'POST' });
          expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
        }),
      );
      for (const who of students) {
        const graded = await waitFor<View>(path, who, (b) => b.status === 'graded');
        expect({ who, points: graded.points, passed: graded.passed }).toEqual({
          who,
          points: expected.get(who),
          passed: expected.get(who)! >= 2,
        });
      }
    });

    // A key corrected after grading: the paper's attempts are queued for grading again (ten
    // messages a batch), and each ends with the points the new key gives its answers.
    const [fixed] = [...correct.keys()];
    await underChaos('exam: key corrected, every attempt graded again', async () => {
      const corrected = await call<{ keyVersion: number }>(
        `/exam-papers/${paper.body.paperId}/key-corrections`,
        {
          as: 'principal1',
          body: {
            questionId: fixed,
            question: { type: 'single', options, correct: 'D', points: 1 },
            note: 'Hội đồng xác nhận đáp án đúng là D',
          },
        },
      );
      expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
      correct.set(fixed!, 'D');
      for (const who of students) {
        const points = Object.entries(sent.get(who)!).filter(([q, a]) => correct.get(q) === a.choice).length;
        expected.set(who, points);
        await waitFor<View>(path, who, (b) => b.status === 'graded' && b.points === points);
      }
    });

    const stats = await underChaos('exam: statistics', async () => {
      const requested = await call(`/exam-sessions/${session.body.sessionId}/statistics`, {
        as: 'principal1',
        method: 'POST',
      });
      expect(requested.status).toBe(202);
      return waitFor<{
        status: string;
        figures?: { candidates: number; graded: number; summary: { count: number; mean: number } };
      }>(`/exam-sessions/${session.body.sessionId}/statistics`, 'principal1', (b) => b.status === 'ready');
    });
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    expect(stats.figures).toMatchObject({
      candidates: CANDIDATES,
      graded: CANDIDATES,
      summary: { count: CANDIDATES },
    });
    expect(stats.figures!.summary.mean).toBeCloseTo(total / CANDIDATES, 2);
  });
});
