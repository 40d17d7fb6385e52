/**
 * A module's test and its certificate against the local cloud: the Department sets up an exam
 * session with an open roll and names it in a module's outline (a fixed roll, another unit's
 * or a pass below 5/10 refused); teacher1 must complete the other items first, joins the roll from
 * the course, sits the test in the exam room, fails, retakes and passes — the course records the
 * pass and the module completes — then asks for the certificate, which a worker makes and signs,
 * and which anyone verifies by its code or by the file.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { examEntities } from '../../functions/exams/entities.ts';
import { COURSE_TEST_QUESTIONS, courseTestPaper } from '../../infra/local/demo-course-test.ts';
import { readFirstSheet } from '../../shared/storage/sheets.ts';
import { api, until, useCloudEnvironment } from '../support/cloud.ts';

const run = Date.now() % 100000;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
// A published open document of the demo repository (a PDF).
const DOCUMENT = '00000000-0000-4000-8000-000000000001';

interface Item {
  itemId: string;
  kind: string;
  complete: boolean;
  test?: { state: string; attemptsUsed: number; attemptsAllowed: number; points?: number; passed?: boolean };
}
interface Home {
  enrolment?: { completedAt?: string };
  done: number;
  total: number;
  chapters: { items: Item[] }[];
}
interface Problem {
  detail: string;
  errors?: { field: string; message: string }[];
}
interface Certificate {
  certificateId: string;
  status: string;
  code: string;
  downloadUrl?: string;
}
interface AttemptView {
  status: string;
  attemptNo: number;
  paperUrl: string;
  points?: number;
  passed?: boolean;
}

const session = async (paperId: string, extra: Record<string, unknown>, as = 'admin', unit = 'SGD') =>
  api<{ sessionId: string; candidateCount: number; openRoll?: boolean } & Problem>(
    `/org-units/${unit}/exam-sessions`,
    {
      as,
      body: {
        paperId,
        title: `Kiểm tra cuối mô-đun ${run}`,
        opensAt: iso(Date.now() - 60_000),
        closesAt: iso(Date.now() + 60 * DAY),
        durationMinutes: 15,
        passMark: 5,
        attemptsAllowed: 2,
        ...extra,
      },
    },
  );

const home = async (moduleId: string) => {
  const res = await api<Home>(`/me/courses/${moduleId}`, { as: 'teacher1' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const itemsOf = (h: Home) => h.chapters.flatMap((c) => c.items);

/** Sits an attempt answering `right` questions correctly (the rest wrongly), and waits for its mark. */
async function sit(sessionId: string, right: number, newAttempt = false) {
  const path = `/exam-sessions/${sessionId}/attempt`;
  const started = await api<AttemptView>(path, {
    as: 'teacher1',
    body: { deviceId: 'teacher1-phone', ...(newAttempt ? { newAttempt } : {}) },
  });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const paper = (await (await fetch(started.body.paperUrl)).json()) as {
    questions: { questionId: string; stem: string }[];
  };
  const answers = Object.fromEntries(
    paper.questions.map((q, i) => {
      const known = COURSE_TEST_QUESTIONS.find((k) => k.stem === q.stem)!;
      const choice = 'ABCD'[i < right ? known.correct : (known.correct + 1) % 4]!;
      return [q.questionId, { choice }];
    }),
  );
  const saved = await api(`${path}/answers`, {
    as: 'teacher1',
    method: 'PUT',
    body: { deviceId: 'teacher1-phone', seq: started.body.attemptNo * 10, answers },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expect((await api(`${path}/submit`, { as: 'teacher1', method: 'POST' })).status).toBe(200);
  return until(async () => {
    const res = await api<AttemptView>(path, { as: 'teacher1' });
    return res.body.status === 'graded' && res.body.points !== undefined ? res.body : undefined;
  });
}

describe('a module’s test and its certificate', () => {
  useCloudEnvironment();
  let paperId: string;
  let testSession: string;
  let moduleId: string;
  let revision: number;

  beforeAll(async () => {
    const paper = await courseTestPaper(examEntities, `BDTX kiểm tra ${run}`);
    paperId = paper.paperId;
    const created = await api<{ moduleId: string; revision: number }>('/org-units/SGD/course-modules', {
      as: 'admin',
      body: {
        code: `KT-${run}`,
        title: 'Đánh giá năng lực học sinh',
        programme: '03',
        periods: 10,
        opensAt: iso(Date.now() - DAY),
        closesAt: iso(Date.now() + 40 * DAY),
        audience: { roles: ['teacher'], levels: ['04'], subjects: [] },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ({ moduleId, revision } = created.body);
  }, 120_000);

  it('sets up a session with an open roll, and refuses one with candidates named', async () => {
    const named = await session(paperId, { openRoll: true, candidates: ['teacher1'] });
    expect(named.status).toBe(400);
    expect(named.body.errors?.map((e) => e.field)).toEqual(['candidates']);
    const open = await session(paperId, { openRoll: true });
    expect(open.status, JSON.stringify(open.body)).toBe(201);
    expect(open.body).toMatchObject({ openRoll: true, candidateCount: 0 });
    testSession = open.body.sessionId;
  });

  it('names only a session fit to be the module’s test in its outline, writing nothing otherwise', async () => {
    const fixed = await session(paperId, { candidates: ['teacher1'] });
    const lenient = await session(paperId, { openRoll: true, passMark: 4 });
    const outline = (sessionId: string) =>
      api<Problem & { revision: number }>(`/course-modules/${moduleId}/outline`, {
        as: 'admin',
        method: 'PUT',
        body: {
          chapters: [
            { title: 'Chương 1', items: [{ kind: 'document', title: 'Tài liệu đọc', resourceId: DOCUMENT }] },
            { title: 'Chương 2', items: [{ kind: 'test', title: 'Bài kiểm tra cuối mô-đun', sessionId }] },
          ],
          expectedRevision: revision,
        },
      });
    for (const [sessionId, message] of [
      [fixed.body.sessionId, /fixed roll/],
      [lenient.body.sessionId, /5\/10/],
      ['ffffffff-ffff-4fff-bfff-ffffffffffff', /Choose an exam session/],
    ] as const) {
      const refused = await outline(sessionId);
      expect(refused.status, JSON.stringify(refused.body)).toBe(400);
      expect(refused.body.errors).toEqual([
        expect.objectContaining({
          field: 'chapters.1.items.0.sessionId',
          message: expect.stringMatching(message),
        }),
      ]);
    }
    // The picker's list: the unit's open-roll sessions still open, not the fixed roll.
    const listed = await api<{ items: { sessionId: string }[] }>('/org-units/SGD/course-tests', {
      as: 'admin',
    });
    expect(listed.body.items.map((t) => t.sessionId)).toContain(testSession);
    expect(listed.body.items.map((t) => t.sessionId)).not.toContain(fixed.body.sessionId);
    // One test per module.
    const twice = await api<Problem>(`/course-modules/${moduleId}/outline`, {
      as: 'admin',
      method: 'PUT',
      body: {
        chapters: [
          {
            title: 'Chương 1',
            items: [
              { kind: 'test', title: 'Kiểm tra 1', sessionId: testSession },
              { kind: 'test', title: 'Kiểm tra 2', sessionId: testSession },
            ],
          },
        ],
        expectedRevision: revision,
      },
    });
    expect(twice.status).toBe(400);
    expect(twice.body.errors?.map((e) => e.field)).toEqual(['chapters.0.items.1.sessionId']);
    const saved = await outline(testSession);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const published = await api<{ revision: number }>(`/course-modules/${moduleId}/publish`, {
      as: 'admin',
      body: { expectedRevision: saved.body.revision },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
  });

  it('lets a teacher take the test only after the rest, records the pass, and certifies it', async () => {
    expect((await api(`/me/courses/${moduleId}/enrolment`, { as: 'teacher1', method: 'POST' })).status).toBe(
      200,
    );
    const [documentItem, testItem] = itemsOf(await home(moduleId));
    expect(testItem).toMatchObject({
      kind: 'test',
      complete: false,
      test: { state: 'not-joined', attemptsAllowed: 2 },
    });
    const early = await api<Problem>(`/me/courses/${moduleId}/items/${testItem!.itemId}/test`, {
      as: 'teacher1',
      method: 'POST',
    });
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/1 left/);
    const notYet = await api<Problem>(`/me/courses/${moduleId}/certificate`, {
      as: 'teacher1',
      method: 'POST',
    });
    expect(notYet.status).toBe(409);

    await api(`/me/courses/${moduleId}/items/${documentItem!.itemId}/open`, {
      as: 'teacher1',
      method: 'POST',
    });
    for (let tap = 0; tap < 2; tap++) {
      const joined = await api<{ sessionId: string }>(
        `/me/courses/${moduleId}/items/${testItem!.itemId}/test`,
        {
          as: 'teacher1',
          method: 'POST',
        },
      );
      expect(joined.status, JSON.stringify(joined.body)).toBe(200);
      expect(joined.body.sessionId).toBe(testSession);
    }
    const roll = await api<{ candidateCount: number }>(`/exam-sessions/${testSession}`, { as: 'admin' });
    expect(roll.body.candidateCount).toBe(1);

    // 4/10: not passed, the item stays to do.
    expect(await sit(testSession, 4)).toMatchObject({ points: 4, passed: false });
    const failed = itemsOf(await home(moduleId))[1]!;
    expect(failed).toMatchObject({
      complete: false,
      test: { state: 'graded', attemptsUsed: 1, passed: false },
    });

    // 10/10 on the second attempt: the course records it, the module is complete — from the
    // grader's announcement, before the learner opens the course again (the list of one's
    // courses only reads the enrolments; it records nothing).
    expect(await sit(testSession, 10, true)).toMatchObject({ points: 10, passed: true });
    const openedIn = new Date(Date.now() - DAY + 7 * 3_600_000).getUTCFullYear();
    const listed = await until(async () => {
      const mine = await api<{ items: { moduleId: string; completedAt?: string }[] }>(
        `/me/courses?year=${openedIn}`,
        { as: 'teacher1' },
      );
      const found = mine.body.items.find((i) => i.moduleId === moduleId);
      return found?.completedAt ? found : undefined;
    });
    expect(listed.completedAt).toBeTruthy();
    const passed = await home(moduleId);
    expect(itemsOf(passed)[1]).toMatchObject({ complete: true, test: { attemptsUsed: 2, passed: true } });
    expect(passed.done).toBe(2);
    expect(passed.enrolment?.completedAt).toBeTruthy();
    const retake = await api<Problem>(`/exam-sessions/${testSession}/attempt`, {
      as: 'teacher1',
      body: { deviceId: 'teacher1-phone', newAttempt: true },
    });
    expect(retake.status).toBe(409);
    expect(JSON.stringify(retake.body)).toContain('exam-already-passed');

    const asked = await api<Certificate>(`/me/courses/${moduleId}/certificate`, {
      as: 'teacher1',
      method: 'POST',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    const again = await api<Certificate>(`/me/courses/${moduleId}/certificate`, {
      as: 'teacher1',
      method: 'POST',
    });
    expect(again.body.certificateId).toBe(asked.body.certificateId);
    const signed = await until(async () => {
      const res = await api<Certificate>(`/me/courses/${moduleId}/certificate`, { as: 'teacher1' });
      return res.body.status === 'signed' ? res.body : undefined;
    }, 60_000);
    expect(signed.code).toBe(asked.body.code);
    const file = new Uint8Array(await (await fetch(signed.downloadUrl!)).arrayBuffer());
    expect(Buffer.from(file.subarray(0, 5)).toString()).toBe('%PDF-');

    const verified = await api<{
      status: string;
      signedSha256: string;
      document: { holder: string; issuer: string; facts: { label: string; value: string }[] };
    }>(`/verify/${signed.code.toLowerCase()}`, {});
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body).toMatchObject({
      status: 'signed',
      signedSha256: createHash('sha256').update(file).digest('hex'),
      document: { holder: 'Đặng Thị Thuỳ Dương', issuer: 'Sở Giáo dục và Đào tạo thành phố Hải Phòng' },
    });
    expect(verified.body.document.facts).toContainEqual({
      label: 'Kết quả bài kiểm tra',
      value: '10,0/10 – Đạt',
    });
    expect(verified.body.document.facts).toContainEqual({
      label: 'Đơn vị công tác',
      value: 'Trường THPT chuyên Trần Phú',
    });
    const byFile = await api<{ items: { signatureId: string }[] }>('/verify/by-file', {
      body: { sha256: verified.body.signedSha256 },
    });
    expect(byFile.body.items).toHaveLength(1);

    // The year's evidence lists it (outside the plan: listed, not counted) with its result and code.
    const year = new Date(Date.now() - DAY + 7 * 3600_000).getUTCFullYear();
    const evidence = await api<{
      modules: {
        moduleId: string;
        inPlan: boolean;
        completed: boolean;
        testScore?: number;
        certificateCode?: string;
      }[];
      outcome: string;
    }>(`/me/bdtx-evidence/${year}`, { as: 'teacher1' });
    expect(evidence.status, JSON.stringify(evidence.body)).toBe(200);
    expect(evidence.body.modules.find((m) => m.moduleId === moduleId)).toMatchObject({
      inPlan: false,
      completed: true,
      testScore: 10,
      certificateCode: signed.code,
    });

    // Exported as the sheet and the PDF, for the one who asked only.
    const job = await api<{ jobId: string }>(`/me/bdtx-evidence/${year}/exports`, {
      as: 'teacher1',
      method: 'POST',
    });
    expect(job.status, JSON.stringify(job.body)).toBe(202);
    const written = await until(async () => {
      const res = await api<{ status: string; downloadUrl?: string; pdfUrl?: string }>(
        `/bdtx-evidence-exports/${job.body.jobId}`,
        { as: 'teacher1' },
      );
      return res.body.status === 'done' ? res.body : undefined;
    }, 60_000);
    const sheet = new Uint8Array(await (await fetch(written.downloadUrl!)).arrayBuffer());
    expect(Buffer.from(sheet.subarray(0, 2)).toString()).toBe('PK');
    const pdf = new Uint8Array(await (await fetch(written.pdfUrl!)).arrayBuffer());
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const rows = await readFirstSheet(sheet);
    expect(rows?.[0]).toEqual(expect.arrayContaining(['Họ và tên', 'Tổng số tiết', 'Kết quả']));
    expect(rows?.[1]?.[0]).toBe('Đặng Thị Thuỳ Dương');
    expect((await api(`/bdtx-evidence-exports/${job.body.jobId}`, { as: 'principal1' })).status).toBe(404);

    // The school's export: its leader, not a teacher.
    expect(
      (await api('/org-units/THPT-TRANPHU/bdtx-evidence/exports', { as: 'teacher1', body: { year } })).status,
    ).toBe(403);
    const school = await api<{ jobId: string }>('/org-units/THPT-TRANPHU/bdtx-evidence/exports', {
      as: 'principal1',
      body: { year },
    });
    expect(school.status, JSON.stringify(school.body)).toBe(202);
    const schoolDone = await until(async () => {
      const res = await api<{ status: string; people?: number }>(
        `/bdtx-evidence-exports/${school.body.jobId}`,
        {
          as: 'principal1',
        },
      );
      return res.body.status === 'done' ? res.body : undefined;
    }, 60_000);
    expect(schoolDone.people).toBeGreaterThanOrEqual(2);

    // Someone else's certificate is not theirs to see.
    const other = await api(`/me/courses/${moduleId}/certificate`, { as: 'teacher2' });
    expect([404, 409]).toContain(other.status);
  }, 180_000);
});
