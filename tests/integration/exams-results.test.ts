/**
 * After the exam: rooms, supervisors and an access code; essays double-marked by rubric with a
 * dispute settled by the chief marker; results released by policy; a key corrected after grading
 * (every attempt graded again, essay marks kept); a grader redelivery that counts nothing twice;
 * statistics and the results workbook; a second attempt and no third.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeGrading } from '../../functions/exams/grading.ts';
import { api, until, useCloudEnvironment } from '../support/cloud.ts';
import { putStudents } from '../support/students.ts';

const SCHOOL = 'THPT-TRANPHU';
const run = Date.now() % 1_000_000;
const subject = `Vật lý ${run}`;
const students = [1, 2, 3, 4].map((n) => `kq${run}-${n}`);
const [ex1, ex2, ex3, ex4] = students as [string, string, string, string];

interface View {
  status: string;
  attemptNo: number;
  order: { questionId: string }[];
  awaiting?: string;
  points?: number;
  passed?: boolean;
  questionPoints?: Record<string, number>;
}
interface RollLine {
  accountId: string;
  state: string;
  room: string;
  points?: number;
  pendingScripts?: number;
  passed?: boolean;
}
interface ScriptView {
  scriptId: string;
  text: string;
  state: string;
  finalPoints?: number;
  marks?: { points: number }[];
}

async function question(topic: string, level: string, body: Record<string, unknown>) {
  const created = await api<{ questionId: string }>(`/org-units/${SCHOOL}/questions`, {
    as: 'teacher1',
    body: { scope: 'school', subject, grade: 11, topic, level, stem: `Câu hỏi ${topic}`, question: body },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await api(`/questions/${created.body.questionId}/review`, {
    as: 'principal1',
    body: { expectedVersion: 1, decision: 'approve' },
  });
  return created.body.questionId;
}

const options = ['A', 'B', 'C', 'D'].map((id) => ({ id, text: `Phương án ${id}` }));
let q1: string;
let q2: string;
let essay: string;
let paperId: string;
let sessionId: string;
const attempt = (id = sessionId) => `/exam-sessions/${id}/attempt`;

async function take(who: string, answers: Record<string, unknown>) {
  const deviceId = `device-${who}`;
  const started = await api<View>(attempt(), { as: who, body: { deviceId, accessCode: 'tp2026' } });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  if (Object.keys(answers).length)
    expect(
      (await api(`${attempt()}/answers`, { as: who, method: 'PUT', body: { deviceId, seq: 1, answers } }))
        .status,
    ).toBe(200);
  expect((await api(`${attempt()}/submit`, { as: who, method: 'POST' })).status).toBe(200);
}

const roll = async (as: string, query = '') =>
  api<{ items: RollLine[]; withResults: boolean }>(
    `/exam-sessions/${sessionId}/candidates?limit=100${query}`,
    {
      as,
    },
  );
const line = async (who: string) => (await roll('principal1')).body.items.find((l) => l.accountId === who)!;

describe('results, marking and corrections', () => {
  beforeAll(async () => {
    useCloudEnvironment();
    await putStudents(
      SCHOOL,
      students.map((accountId, i) => ({
        accountId,
        fullName: ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Minh Châu', 'Phạm Đức Dũng'][i]!,
      })),
    );
    q1 = await question('Động học', 'recognition', { type: 'single', options, correct: 'A', points: 1 });
    q2 = await question('Động lực học', 'recognition', { type: 'single', options, correct: 'B', points: 1 });
    essay = await question('Năng lượng', 'application', {
      type: 'essay',
      rubric: [
        { criterion: 'Lập luận', points: 1 },
        { criterion: 'Tính toán', points: 1 },
      ],
      points: 2,
    });
    const paper = await api<{ paperId: string; maxPoints: number }>(`/org-units/${SCHOOL}/exam-papers`, {
      as: 'teacher1',
      body: {
        title: 'Kiểm tra giữa kỳ',
        subject,
        grade: 11,
        blueprint: [
          { topic: 'Động học', level: 'recognition', count: 1 },
          { topic: 'Động lực học', level: 'recognition', count: 1 },
          { topic: 'Năng lượng', level: 'application', count: 1 },
        ],
        variants: 1,
      },
    });
    expect(paper.body.maxPoints).toBe(4);
    paperId = paper.body.paperId;
  });

  it('sets up rooms, supervisors and an access code, and refuses candidates from elsewhere', async () => {
    const body = {
      paperId,
      title: 'Kiểm tra giữa kỳ Vật lý 11',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
      durationMinutes: 45,
      passMark: 2,
      resultsReleaseAt: new Date(Date.now() + 86_400_000).toISOString(),
      attemptsAllowed: 2,
      accessCode: 'TP2026',
      rooms: [
        { name: 'P101', supervisors: ['teacher1'] },
        { name: 'P102', supervisors: ['teacher2'] },
      ],
      markers: ['teacher2'],
      doubleMarking: true,
      markingTolerance: 0.5,
      candidates: students,
    };
    const outsider = await api(`/org-units/${SCHOOL}/exam-sessions`, {
      as: 'teacher1',
      body: { ...body, candidates: [...students, 'student2'] },
    });
    expect(outsider.status).toBe(400);
    expect(JSON.stringify(outsider.body)).toContain('student2');
    const unknown = await api(`/org-units/${SCHOOL}/exam-sessions`, {
      as: 'teacher1',
      body: { ...body, markers: ['no-such-marker'] },
    });
    expect(unknown.status).toBe(400);

    const created = await api<{ sessionId: string; hasAccessCode: boolean; candidateCount: number }>(
      `/org-units/${SCHOOL}/exam-sessions`,
      { as: 'teacher1', body },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ hasAccessCode: true, candidateCount: 4 });
    expect(JSON.stringify(created.body)).not.toContain('TP2026');
    sessionId = created.body.sessionId;

    // Seated by name in two equal runs: An, Bình in P101; Châu, Dũng in P102.
    const p102 = await roll('teacher2', '&room=P102');
    expect(p102.status, JSON.stringify(p102.body)).toBe(200);
    expect(p102.body.items.map((l) => l.accountId)).toEqual([ex3, ex4]);
    expect(p102.body.withResults).toBe(false);
    expect((await roll('teacher2', '&room=P101')).status).toBe(403);
    expect((await roll('teacher2')).status).toBe(403);

    const bySchool = await api<{ candidateCount: number }>(`/org-units/${SCHOOL}/exam-sessions`, {
      as: 'teacher1',
      body: { ...body, candidates: undefined, schools: [SCHOOL], rooms: undefined },
    });
    expect(bySchool.status, JSON.stringify(bySchool.body)).toBe(201);
    expect(bySchool.body.candidateCount).toBeGreaterThanOrEqual(5);

    const noCode = await api(attempt(), { as: ex1, body: { deviceId: `device-${ex1}` } });
    expect(noCode.status).toBe(403);
    expect(JSON.stringify(noCode.body)).toContain('exam-access-code');
    const wrong = await api(attempt(), {
      as: ex1,
      body: { deviceId: `device-${ex1}`, accessCode: 'TP2025' },
    });
    expect(wrong.status).toBe(403);
  });

  it('grades, double-marks essays, settles a dispute and releases results by policy', async () => {
    await take(ex1, { [q1]: { choice: 'A' }, [q2]: { choice: 'A' }, [essay]: { text: 'Bài làm của An' } });
    await take(ex2, { [q1]: { choice: 'A' }, [q2]: { choice: 'B' }, [essay]: { text: 'Bài làm của Bình' } });
    await take(ex3, { [q1]: { choice: 'C' } });
    await until(async () => {
      const lines = (await roll('principal1')).body.items;
      return lines.filter((l) => l.state === 'graded').length === 3 ? true : undefined;
    });
    expect(await line(ex1)).toMatchObject({ points: 1, pendingScripts: 1 });
    expect(await line(ex3)).toMatchObject({ points: 0, pendingScripts: 0, passed: false });
    expect(await line(ex4)).toMatchObject({ state: 'not-started' });
    const waiting = await api<View>(attempt(), { as: ex1 });
    expect(waiting.body).toMatchObject({ status: 'graded', awaiting: 'marking' });
    expect(waiting.body.points).toBeUndefined();

    const queue = await api<{ items: ScriptView[] }>(`/exam-sessions/${sessionId}/scripts`, {
      as: 'teacher1',
    });
    expect(queue.body.items).toHaveLength(2);
    // Anonymous: no account or name in what markers see.
    expect(JSON.stringify(queue.body)).not.toMatch(new RegExp(`${ex1}|${ex2}|Nguyễn Văn An`));
    const scriptOf = (text: string) => queue.body.items.find((s) => s.text.includes(text))!.scriptId;
    const mark = (as: string, scriptId: string, criterionPoints: number[]) =>
      api<ScriptView>(`/exam-sessions/${sessionId}/scripts/${scriptId}/marks`, {
        as,
        body: { criterionPoints },
      });

    const an = scriptOf('An');
    const binh = scriptOf('Bình');
    expect((await mark('teacher1', an, [0.3, 0])).status).toBe(400);
    expect((await mark('teacher1', an, [1, 0.5])).body.state).toBe('open');
    expect((await mark('teacher1', an, [1, 0.5])).status).toBe(409);
    // teacher2 marks as a named marker of a school that is not theirs.
    expect((await mark('teacher2', an, [1, 1])).body).toMatchObject({ state: 'done', finalPoints: 1.75 });
    await mark('teacher1', binh, [1, 1]);
    expect((await mark('teacher2', binh, [0.5, 0])).body.state).toBe('disputed');
    const notChief = await mark('teacher2', binh, [1, 0]);
    expect(notChief.status).toBe(409);
    expect(JSON.stringify(notChief.body)).toContain('marking-chief-only');
    expect((await mark('principal1', binh, [0.75, 0.25])).body).toMatchObject({
      state: 'done',
      finalPoints: 1,
    });

    expect(await line(ex1)).toMatchObject({ points: 2.75, pendingScripts: 0, passed: true });
    expect(await line(ex2)).toMatchObject({ points: 3, pendingScripts: 0, passed: true });
    // Marked, but the release time has not come.
    expect((await api<View>(attempt(), { as: ex1 })).body).toMatchObject({ awaiting: 'release' });
    expect(
      (await api(`/exam-sessions/${sessionId}/release`, { as: 'teacher2', method: 'POST' })).status,
    ).toBe(403);
    expect(
      (await api(`/exam-sessions/${sessionId}/release`, { as: 'teacher1', method: 'POST' })).status,
    ).toBe(200);
    const released = await api<View>(attempt(), { as: ex1 });
    expect(released.body).toMatchObject({ points: 2.75, passed: true });
    expect(released.body.questionPoints).toEqual({ [q1]: 1, [q2]: 0, [essay]: 1.75 });
  });

  it('grades every attempt again when a key is corrected, keeping essay marks', async () => {
    const wrongType = await api(`/exam-papers/${paperId}/key-corrections`, {
      as: 'principal1',
      body: {
        questionId: q2,
        question: { type: 'multiple', options, correct: ['A'], points: 1 },
        note: 'Sai dạng',
      },
    });
    expect(wrongType.status).toBe(400);
    const corrected = await api<{ keyVersion: number }>(`/exam-papers/${paperId}/key-corrections`, {
      as: 'principal1',
      body: {
        questionId: q2,
        question: { type: 'single', options, correct: 'A', points: 1 },
        note: 'Hội đồng xác nhận đáp án đúng là A',
      },
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect(corrected.body.keyVersion).toBe(2);
    await until(async () => ((await line(ex2)).points === 2 ? true : undefined));
    expect(await line(ex1)).toMatchObject({ points: 3.75 });
    expect(await line(ex3)).toMatchObject({ points: 0 });
    expect((await api<View>(attempt(), { as: ex1 })).body.questionPoints).toEqual({
      [q1]: 1,
      [q2]: 1,
      [essay]: 1.75,
    });
  });

  it('counts nothing twice when the grader is delivered the same messages again', async () => {
    // A batch as Lambda gets it: one message is broken; only it is reported failed, and the
    // others (already graded) come out unchanged — what a redelivery after a crash looks like.
    const { handler } = await import('../../functions/exams/workers/grade-attempts.ts');
    const record = (body: string, n: number) => ({
      messageId: `m-${n}`,
      receiptHandle: 'r',
      body,
      attributes: {} as never,
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:local:000000000000:exam-grading',
      awsRegion: 'local',
    });
    const outcome = await handler(
      {
        Records: [
          record(JSON.stringify({ sessionId, accountId: ex1 }), 1),
          record('{"sessionId":"not-a-uuid"}', 2),
          record(JSON.stringify({ sessionId, accountId: ex2 }), 3),
        ],
      },
      { awsRequestId: 'test', getRemainingTimeInMillis: () => 60_000 } as never,
    );
    expect(outcome.batchItemFailures).toEqual([{ itemIdentifier: 'm-2' }]);
    const grading = makeGrading();
    const before = await line(ex1);
    for (const who of [ex1, ex2, ex3])
      expect(await grading.grade({ sessionId, accountId: who, keyVersion: 2 })).toBe('skipped');
    expect(await line(ex1)).toEqual(before);
    const scripts = await api<{ items: ScriptView[] }>(`/exam-sessions/${sessionId}/scripts?state=done`, {
      as: 'teacher1',
    });
    expect(scripts.body.items).toHaveLength(2);
  });

  it('computes statistics and a results workbook', async () => {
    expect(
      (await api(`/exam-sessions/${sessionId}/statistics`, { as: 'teacher1', method: 'POST' })).status,
    ).toBe(403);
    const requested = await api(`/exam-sessions/${sessionId}/statistics`, {
      as: 'principal1',
      method: 'POST',
    });
    expect(requested.status).toBe(202);
    const ready = await until(async () => {
      const res = await api<{
        status: string;
        workbookUrl?: string;
        figures?: {
          candidates: number;
          notStarted: number;
          graded: number;
          summary: { count: number; mean: number; passRate: number };
          bySchool: { orgUnitId: string; name: string; count: number }[];
          items: { questionId: string; difficulty: number; choices: Record<string, number> }[];
        };
      }>(`/exam-sessions/${sessionId}/statistics`, { as: 'principal1' });
      return res.body.status === 'ready' ? res.body : undefined;
    });
    const figures = ready.figures!;
    expect(figures).toMatchObject({ candidates: 4, notStarted: 1, graded: 3 });
    expect(figures.summary).toMatchObject({ count: 3, mean: 1.917, passRate: 0.667 });
    expect(figures.bySchool[0]).toMatchObject({ orgUnitId: SCHOOL, count: 3 });
    expect(figures.bySchool[0]!.name).toContain('Trần Phú');
    const item = figures.items.find((i) => i.questionId === q1)!;
    expect(item).toMatchObject({ difficulty: 0.667, choices: { A: 2, C: 1 } });

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await fetch(ready.workbookUrl!)).arrayBuffer());
    const results = book.getWorksheet('Kết quả')!;
    expect(results.rowCount).toBe(5);
    const rows = results.getSheetValues().slice(2) as unknown[][];
    expect(rows.find((r) => r[3] === 'Nguyễn Văn An')?.slice(7, 9)).toEqual([3.75, 'Đạt']);
    expect(book.getWorksheet('Phân tích câu hỏi')!.rowCount).toBe(4);
  });

  it('allows a second attempt after the first is marked, and no third', async () => {
    const second = await api<View>(attempt(), {
      as: ex3,
      body: { deviceId: `device-${ex3}`, accessCode: 'TP2026', newAttempt: true },
    });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body).toMatchObject({ status: 'in-progress', attemptNo: 2 });
    expect(await line(ex3)).toMatchObject({ state: 'in-progress' });
    await api(`${attempt()}/answers`, {
      as: ex3,
      method: 'PUT',
      body: { deviceId: `device-${ex3}`, seq: 1, answers: { [q1]: { choice: 'A' }, [q2]: { choice: 'A' } } },
    });
    await api(`${attempt()}/submit`, { as: ex3, method: 'POST' });
    // Graded by the corrected key (q2 is A now).
    await until(async () => ((await line(ex3)).state === 'graded' ? true : undefined));
    expect(await line(ex3)).toMatchObject({ points: 2, passed: true });
    const third = await api(attempt(), {
      as: ex3,
      body: { deviceId: `device-${ex3}`, accessCode: 'TP2026', newAttempt: true },
    });
    expect(third.status).toBe(409);
    expect(JSON.stringify(third.body)).toContain('exam-no-attempts-left');
  });
});
