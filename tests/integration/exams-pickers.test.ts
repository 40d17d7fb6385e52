/**
 * Exams as teachers and students expect them (issue 19): the bank's subjects and grades with their
 * counts, a blueprint's topics with approved questions per level, candidates from a class of the
 * education database (its learners' own accounts: a learner of another class is not on the roll),
 * people chosen by name, the rules before starting, and reviewing a practice attempt with the keys
 * — never an official exam's, never a session that did not allow it, never before submitting.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { authEntities } from '../../shared/auth/store.ts';
import { api, useCloudEnvironment } from '../support/cloud.ts';
import { approvedPerson } from '../support/people.ts';

const RUN = Date.now() % 100_000;
const SCHOOL = 'THPT-TRANPHU';
const subject = `Vật lí ${RUN}`;
const id = (serial: number) => makePersonalId('031', 2009, 'female', 700_000 + RUN * 7 + serial);

const inClass = `pk-in-${RUN}`;
const otherClass = `pk-other-${RUN}`;
let classA: string;
let classB: string;

async function question(topic: string, level: string, approve: boolean) {
  const created = await api<{ questionId: string }>(`/org-units/${SCHOOL}/questions`, {
    as: 'teacher1',
    body: {
      scope: 'school',
      subject,
      grade: 11,
      topic,
      level,
      stem: `Câu hỏi ${topic} ${level}`,
      question: {
        type: 'single',
        options: ['A', 'B', 'C', 'D'].map((o) => ({ id: o, text: `Phương án ${o}` })),
        correct: 'B',
        points: 1,
        explanation: 'Vì B là phương án đúng theo định luật.',
      },
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  if (approve)
    expect(
      (
        await api(`/questions/${created.body.questionId}/review`, {
          as: 'principal1',
          body: { expectedVersion: 1, decision: 'approve' },
        })
      ).status,
    ).toBe(200);
  return created.body.questionId;
}

/** An account of the school with the student role, linked to its learner record as themself. */
async function learnerAccount(accountId: string, fullName: string, personalId: string) {
  const created = await api(`/org-units/${SCHOOL}/accounts`, {
    as: 'admin',
    body: { accountId, fullName, personalId },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await authEntities()
    .roleAssignment.put({
      accountId,
      assignmentId: 'student',
      role: 'student',
      scopeOrgUnitId: SCHOOL,
      grantedBy: 'test',
      grantedAt: new Date().toISOString(),
    })
    .go();
  expect((await api('/me/links', { as: accountId, body: { as: 'learner' } })).status).toBe(201);
}

const learnerData = (personalId: string, fullName: string, classId: string) => ({
  personalId,
  fullName,
  gender: 'female',
  dateOfBirth: '2009-05-12',
  grade: 11,
  classId,
  guardians: [],
});

beforeAll(async () => {
  useCloudEnvironment();
  const klass = (code: string) =>
    approvedPerson('class', { code, name: code, grade: 11, schoolYear: '2026-2027' });
  classA = await klass(`11P${RUN}`);
  classB = await klass(`11Q${RUN}`);
  await approvedPerson('student', learnerData(id(1), 'Hà Thị Minh Thư', classA));
  // A learner of the class without an account: counted, not on the roll.
  await approvedPerson('student', learnerData(id(2), 'Đinh Thị Lụa', classA));
  await approvedPerson('student', learnerData(id(3), 'Kiều Thị Vân', classB));
  await learnerAccount(inClass, 'Hà Thị Minh Thư', id(1));
  await learnerAccount(otherClass, 'Kiều Thị Vân', id(3));
  // The bank: Động học 2 approved recognition + 1 waiting; Động lực học 1 approved application.
  await question('Động học', 'recognition', true);
  await question('Động học', 'recognition', true);
  await question('Động học', 'comprehension', false);
  await question('Động lực học', 'application', true);
}, 240_000);

describe('the bank counted', () => {
  it('lists its subjects and grades with all and approved questions', async () => {
    const shelves = await api<{
      items: { subject: string; grade: number; questions: number; approved: number }[];
    }>(`/org-units/${SCHOOL}/question-shelves`, { as: 'teacher1' });
    expect(shelves.status).toBe(200);
    expect(shelves.body.items.find((s) => s.subject === subject)).toEqual({
      subject,
      grade: 11,
      questions: 4,
      approved: 3,
    });
    // Another school's teacher sees nothing of it.
    expect((await api(`/org-units/${SCHOOL}/question-shelves`, { as: 'teacher2' })).status).toBe(403);
  });

  it('counts a blueprint’s topics by level among approved questions only', async () => {
    const topics = await api<{ items: { topic: string; levels: Record<string, number>; total: number }[] }>(
      `/org-units/${SCHOOL}/question-topics?subject=${encodeURIComponent(subject)}&grade=11`,
      { as: 'teacher1' },
    );
    expect(topics.status).toBe(200);
    expect(topics.body.items).toEqual([
      {
        topic: 'Động học',
        levels: { recognition: 2, comprehension: 0, application: 0, 'high-application': 0 },
        total: 2,
      },
      {
        topic: 'Động lực học',
        levels: { recognition: 0, comprehension: 0, application: 1, 'high-application': 0 },
        total: 1,
      },
    ]);
  });
});

async function paper() {
  const created = await api<{ paperId: string }>(`/org-units/${SCHOOL}/exam-papers`, {
    as: 'teacher1',
    body: {
      title: 'Đề luyện tập',
      subject,
      grade: 11,
      blueprint: [{ topic: 'Động học', level: 'recognition', count: 2 }],
      variants: 1,
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.paperId;
}

async function session(paperId: string, extra: Record<string, unknown>) {
  return api<{
    sessionId: string;
    candidateCount: number;
    learnersWithoutAccount?: number;
    names?: Record<string, string>;
  }>(`/org-units/${SCHOOL}/exam-sessions`, {
    as: 'teacher1',
    body: {
      paperId,
      title: 'Luyện tập Vật lí',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
      durationMinutes: 20,
      passMark: 1,
      classes: [classA],
      ...extra,
    },
  });
}

const start = (sessionId: string, as: string) =>
  api<{ order: { questionId: string }[]; status: string }>(`/exam-sessions/${sessionId}/attempt`, {
    as,
    body: { deviceId: `device-${as}` },
  });

describe('candidates from a class', () => {
  it('lists the school’s classes with their learners to those who may see them', async () => {
    const classes = await api<{ items: { classId: string; name: string; learners: number }[] }>(
      `/org-units/${SCHOOL}/exam-classes`,
      { as: 'teacher1' },
    );
    expect(classes.status).toBe(200);
    expect(classes.body.items.find((c) => c.classId === classA)).toMatchObject({
      name: `11P${RUN}`,
      learners: 2,
    });
    expect(classes.body.items.find((c) => c.classId === classB)).toMatchObject({ learners: 1 });
    expect((await api(`/org-units/${SCHOOL}/exam-classes`, { as: 'teacher2' })).status).toBe(403);
  });

  it('puts the class’s learners with accounts on the roll; another class’s learner cannot enter', async () => {
    const created = await session(await paper(), { markers: ['teacher1'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.candidateCount).toBe(1);
    expect(created.body.learnersWithoutAccount).toBe(1);
    expect(created.body.names).toEqual({ teacher1: 'Đặng Thị Thuỳ Dương' });
    const sessionId = created.body.sessionId;
    expect((await start(sessionId, inClass)).status).toBe(200);
    expect((await start(sessionId, otherClass)).status).toBe(404);
    expect((await api(`/exam-sessions/${sessionId}/briefing`, { as: otherClass })).status).toBe(404);
  });

  it('refuses a class the organiser may not see, as one that does not exist', async () => {
    const body = (classes: string[]) => ({
      paperId: crypto.randomUUID(),
      title: 'Kiểm tra',
      opensAt: new Date().toISOString(),
      closesAt: new Date(Date.now() + 60_000).toISOString(),
      durationMinutes: 5,
      passMark: 0,
      classes,
    });
    const foreign = await api<{ errors?: { field: string; message: string }[] }>(
      '/org-units/TH-CATHAI/exam-sessions',
      { as: 'teacher2', body: body([classA]), headers: { 'accept-language': 'vi' } },
    );
    const missing = await api<{ errors?: { field: string; message: string }[] }>(
      '/org-units/TH-CATHAI/exam-sessions',
      { as: 'teacher2', body: body([crypto.randomUUID()]), headers: { 'accept-language': 'vi' } },
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toHaveLength(1);
    expect(foreign.body.errors?.[0]).toMatchObject({ field: 'classes', message: 'Không có lớp này' });
    expect(missing.body.errors).toEqual(foreign.body.errors);
  });
});

describe('people by name', () => {
  it('finds the unit’s accounts by any word of the name, without accents', async () => {
    const found = await api<{ items: { accountId: string; fullName: string }[] }>(
      `/org-units/${SCHOOL}/exam-people/search`,
      { as: 'teacher1', body: { words: 'thuy duong' } },
    );
    expect(found.status).toBe(200);
    expect(found.body.items).toContainEqual({ accountId: 'teacher1', fullName: 'Đặng Thị Thuỳ Dương' });
    expect(found.body.items.every((p) => p.fullName !== 'Lý Văn Hải')).toBe(true);
    expect(
      (await api(`/org-units/${SCHOOL}/exam-people/search`, { as: 'teacher2', body: { words: 'duong' } }))
        .status,
    ).toBe(403);
  });
});

describe('before starting and after a practice', () => {
  let practiceId: string;
  let officialId: string;
  let closedId: string;

  beforeAll(async () => {
    const paperId = await paper();
    const make = async (extra: Record<string, unknown>) => {
      const created = await session(paperId, extra);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.sessionId;
    };
    practiceId = await make({ practice: true, reviewAfterSubmit: true, attemptsAllowed: 2 });
    officialId = await make({});
    closedId = await make({ practice: true });
  });

  it('refuses reviewing without practice', async () => {
    const refused = await session(crypto.randomUUID(), { reviewAfterSubmit: true });
    expect(refused.status).toBe(400);
  });

  it('tells the rules before starting', async () => {
    const briefing = await api<Record<string, unknown>>(`/exam-sessions/${practiceId}/briefing`, {
      as: inClass,
    });
    expect(briefing.status).toBe(200);
    expect(briefing.body).toMatchObject({
      title: 'Luyện tập Vật lí',
      durationMinutes: 20,
      questionCount: 2,
      attemptsAllowed: 2,
      attemptsUsed: 0,
      practice: true,
      reviewAfterSubmit: true,
      hasAccessCode: false,
    });
  });

  it('shows the keys and explanations of a submitted practice attempt, and nothing else', async () => {
    const review = (sessionId: string) =>
      api<{ questions: Record<string, { key: { correct?: string }; explanation?: string }> }>(
        `/exam-sessions/${sessionId}/attempt/review`,
        { as: inClass },
      );
    for (const sessionId of [practiceId, officialId, closedId]) {
      const started = await start(sessionId, inClass);
      expect(started.status).toBe(200);
    }
    // Not before submitting.
    const early = await review(practiceId);
    expect(early.status).toBe(409);
    expect(JSON.stringify(early.body)).not.toContain('"correct"');
    for (const sessionId of [practiceId, officialId, closedId])
      expect(
        (await api(`/exam-sessions/${sessionId}/attempt/submit`, { as: inClass, method: 'POST' })).status,
      ).toBe(200);
    const shown = await review(practiceId);
    expect(shown.status).toBe(200);
    const entries = Object.values(shown.body.questions);
    expect(entries).toHaveLength(2);
    for (const q of entries) {
      expect(q.key.correct).toBe('B');
      expect(q.explanation).toBe('Vì B là phương án đúng theo định luật.');
    }
    // An official exam and a practice that did not allow it reveal nothing.
    for (const sessionId of [officialId, closedId]) {
      const refused = await review(sessionId);
      expect(refused.status).toBe(403);
      expect(JSON.stringify(refused.body)).not.toContain('"correct"');
      expect(JSON.stringify(refused.body)).not.toContain('định luật');
    }
    // Nor to someone not on the roll.
    expect((await api(`/exam-sessions/${practiceId}/attempt/review`, { as: otherClass })).status).toBe(404);
  });
});
