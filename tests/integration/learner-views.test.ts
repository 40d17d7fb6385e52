/**
 * What a learner and a guardian see (issue 18, item 3): a learner's exams (results only once
 * released), library loans and holds, the learning resources of their grade, and "ask the school
 * to correct this" — a task for the school's data officer, answered, audited and notified. A
 * learner linked to themself, a guardian linked to two children at two schools; a guardian reaching
 * a child not theirs, or staff of another school, is answered as if the learner did not exist.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { libraryEntities } from '../../functions/library/entities.ts';
import { PARENT1_PERSONAL_ID } from '../../infra/local/demo-data.ts';
import { authEntities } from '../../shared/auth/store.ts';
import { api, citizenTokenFor, eventually, until, useCloudEnvironment } from '../support/cloud.ts';
import { approvedPerson } from '../support/people.ts';
import { preparedResource } from '../support/resources.ts';

const RUN = Date.now() % 100_000;
const id = (year: number, serial: number, gender: 'male' | 'female' = 'female') =>
  makePersonalId('031', year, gender, 500_000 + RUN * 7 + serial);
const GUARDIAN_ID = id(1984, 1, 'male');
const TEEN_ID = id(2010, 2);
const CHILD_ID = id(2013, 3, 'male');
const OTHER_ID = id(2010, 4);
const TEEN_NAME = 'Phạm Thị Hoài Thu';
const CHILD_NAME = 'Phạm Minh Khang';

const pupil = `lv-pupil-${RUN}`;
const father = `lv-father-${RUN}`;
/** A teacher of Cát Hải who is also a parent: linked to a child of their own, not to these. */
const teacherParent = `lv-teacher-${RUN}`;

let teen: string;
let child: string;
let other: string;

interface Exam {
  sessionId: string;
  title: string;
  state: string;
  awaiting?: string;
  result?: { points: number; maxPoints: number; passed: boolean };
}
interface Correction {
  requestId: string;
  field: string;
  state: string;
  mine?: boolean;
  note?: string;
  learnerName?: string;
  requesterName?: string;
  relation?: string;
}
interface Inbox {
  items: { title: string; body: string; category: string }[];
}

async function account(accountId: string, fullName: string, home: string, personalId?: string) {
  const created = await api(`/org-units/${home}/accounts`, {
    as: 'admin',
    body: { accountId, fullName, ...(personalId ? { personalId } : {}) },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
}

const learner = (personalId: string, fullName: string, dateOfBirth: string, grade: number) => ({
  personalId,
  fullName,
  gender: 'female',
  dateOfBirth,
  grade,
  guardians: [
    { relation: 'father', fullName: 'Phạm Văn Lực', personalId: GUARDIAN_ID },
    // parent1 (the demo's VNeID parent) is recorded too: linked below to one child only.
    { relation: 'guardian', fullName: 'Trịnh Văn Nam', personalId: PARENT1_PERSONAL_ID },
  ],
});

beforeAll(async () => {
  useCloudEnvironment();
  teen = await approvedPerson('student', learner(TEEN_ID, TEEN_NAME, '2010-03-08', 10));
  child = await approvedPerson(
    'student',
    { ...learner(CHILD_ID, CHILD_NAME, '2013-10-21', 7), gender: 'male' },
    'THCS-HONGBANG',
    { author: 'dataofficer1', approver: 'commune1.admin' },
  );
  other = await approvedPerson('student', {
    ...learner(OTHER_ID, 'Đoàn Thị Yến', '2010-07-15', 10),
    guardians: [],
  });
  // The learner's own account, a student of Trần Phú (exam candidates are accounts of the school).
  await account(pupil, TEEN_NAME, 'THPT-TRANPHU', TEEN_ID);
  await authEntities()
    .roleAssignment.put({
      accountId: pupil,
      assignmentId: 'student',
      role: 'student',
      scopeOrgUnitId: 'THPT-TRANPHU',
      grantedBy: 'test',
      grantedAt: new Date().toISOString(),
    })
    .go();
  await account(father, 'Phạm Văn Lực', 'SGD', GUARDIAN_ID);
  await account(teacherParent, 'Lý Thị Nga', 'TH-CATHAI');
  expect((await api('/me/links', { as: pupil, body: { as: 'learner' } })).status).toBe(201);
  for (const childPersonalId of [TEEN_ID, CHILD_ID])
    expect((await api('/me/links', { as: father, body: { as: 'guardian', childPersonalId } })).status).toBe(
      201,
    );
  // The teacher-parent's own child, linked with the school's code.
  const ownChild = await approvedPerson('student', {
    ...learner(id(2012, 5), 'Lý Gia Huy', '2012-01-30', 8),
    guardians: [],
  });
  const code = await api<{ code: string }>(`/records/${ownChild}/link-codes`, {
    as: 'principal1',
    method: 'POST',
  });
  expect(
    (await api('/me/links', { as: teacherParent, body: { as: 'guardian', code: code.body.code } })).status,
  ).toBe(201);
}, 240_000);

/** Everyone outside a learner gets what a learner who does not exist gets. */
async function refusesOutsiders(path: (recordId: string) => string, method = 'GET', body?: unknown) {
  const call = (as: string, recordId: string) =>
    api(path(recordId), { as, method, ...(body ? { body } : {}) });
  const nobody = crypto.randomUUID();
  // A guardian reaching a child not theirs; a parent teaching at another school.
  for (const as of [father, teacherParent]) {
    expect((await call(as, other)).status, `${as} → other`).toBe(404);
    expect((await call(as, nobody)).status).toBe(404);
  }
  expect((await call(pupil, child)).status).toBe(404);
  // Staff without any link: no role grants a learner's view, whatever the learner.
  for (const as of ['dataofficer1', 'teacher2', 'principal1']) {
    const refused = await call(as, teen);
    expect(refused.status, `${as}: ${JSON.stringify(refused.body)}`).toBe(403);
    expect((await call(as, nobody)).status).toBe(refused.status);
  }
}

describe('a learner’s exams', () => {
  let released: string;
  let held: string;

  beforeAll(async () => {
    const question = await api<{ questionId: string }>('/org-units/THPT-TRANPHU/questions', {
      as: 'teacher1',
      body: {
        scope: 'school',
        subject: 'Toán',
        grade: 10,
        topic: `Mệnh đề ${RUN}`,
        level: 'recognition',
        stem: 'Mệnh đề nào đúng?',
        question: {
          type: 'single',
          options: [
            { id: 'A', text: '2 + 2 = 4' },
            { id: 'B', text: '2 + 2 = 5' },
          ],
          correct: 'A',
          points: 1,
        },
      },
    });
    expect(question.status, JSON.stringify(question.body)).toBe(201);
    await api(`/questions/${question.body.questionId}/review`, {
      as: 'principal1',
      body: { expectedVersion: 1, decision: 'approve' },
    });
    const paper = await api<{ paperId: string }>('/org-units/THPT-TRANPHU/exam-papers', {
      as: 'teacher1',
      body: {
        title: 'Kiểm tra 15 phút',
        subject: 'Toán',
        grade: 10,
        blueprint: [{ topic: `Mệnh đề ${RUN}`, level: 'recognition', count: 1 }],
        variants: 1,
      },
    });
    expect(paper.status, JSON.stringify(paper.body)).toBe(201);
    let sessions = 0;
    const session = async (title: string, opensAgoMs: number, resultsReleaseAt?: string) => {
      const created = await api<{ sessionId: string }>('/org-units/THPT-TRANPHU/exam-sessions', {
        as: 'teacher1',
        body: {
          paperId: paper.body.paperId,
          title,
          opensAt: new Date(Date.now() - opensAgoMs).toISOString(),
          closesAt: new Date(Date.now() + 3_600_000).toISOString(),
          durationMinutes: 15,
          passMark: 0.5,
          candidates: [pupil],
          ...(resultsReleaseAt ? { resultsReleaseAt } : {}),
        },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const sessionId = created.body.sessionId;
      const deviceId = `device-${RUN}-${++sessions}`;
      const started = await api<{ order: { questionId: string }[] }>(`/exam-sessions/${sessionId}/attempt`, {
        as: pupil,
        body: { deviceId },
      });
      expect(started.status, JSON.stringify(started.body)).toBe(200);
      const questionId = started.body.order[0]!.questionId;
      await api(`/exam-sessions/${sessionId}/attempt/answers`, {
        as: pupil,
        method: 'PUT',
        body: { deviceId, seq: 1, answers: { [questionId]: { choice: 'A' } } },
      });
      expect(
        (await api(`/exam-sessions/${sessionId}/attempt/submit`, { as: pupil, method: 'POST' })).status,
      ).toBe(200);
      return sessionId;
    };
    released = await session('Kiểm tra 15 phút (đã công bố)', 120_000);
    held = await session(
      'Kiểm tra 15 phút (chưa công bố)',
      60_000,
      new Date(Date.now() + 86_400_000).toISOString(),
    );
  }, 120_000);

  it('shows the learner and the guardian each exam, newest first, the result only once released', async () => {
    for (const as of [pupil, father]) {
      const exams = await until(async () => {
        const res = await api<{ items: Exam[] }>(`/learners/${teen}/exams`, { as });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return res.body.items.every((e) => e.state === 'graded') ? res.body.items : undefined;
      });
      expect(exams.map((e) => e.sessionId)).toEqual([held, released]);
      expect(exams[0]).toMatchObject({ state: 'graded', awaiting: 'release' });
      expect(exams[0]).not.toHaveProperty('result');
      expect(exams[1]!.result).toEqual({ points: 1, maxPoints: 1, passed: true });
    }
    // The child at the other school sat none.
    expect((await api<{ items: Exam[] }>(`/learners/${child}/exams`, { as: father })).body.items).toEqual([]);
  });

  it('pages with a cursor bound to the learner', async () => {
    const first = await api<{ items: Exam[]; nextCursor?: string }>(`/learners/${teen}/exams?limit=1`, {
      as: father,
    });
    expect(first.body.items.map((e) => e.sessionId)).toEqual([held]);
    const second = await api<{ items: Exam[]; nextCursor?: string }>(
      `/learners/${teen}/exams?limit=1&cursor=${first.body.nextCursor}`,
      { as: father },
    );
    expect(second.body.items.map((e) => e.sessionId)).toEqual([released]);
    // Another learner's list refuses it.
    const foreign = await api<{ errors: { field: string }[] }>(
      `/learners/${child}/exams?cursor=${first.body.nextCursor}`,
      { as: father },
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0]?.field).toBe('cursor');
  });

  it('is refused to everyone else, as a learner who does not exist', async () => {
    await refusesOutsiders((recordId) => `/learners/${recordId}/exams`);
  });
});

describe('a learner’s library', () => {
  let lent: { loanId: string };

  beforeAll(async () => {
    const title = async (name: string, barcode: string) => {
      const created = await api<{ titleId: string }>('/org-units/THPT-TRANPHU/library-titles', {
        as: 'librarian1',
        body: { title: name, authors: ['Tô Hoài'] },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const copies = await api('/org-units/THPT-TRANPHU/library-copies', {
        as: 'librarian1',
        body: { titleId: created.body.titleId, copies: [{ barcode }] },
      });
      expect(copies.status, JSON.stringify(copies.body)).toBe(201);
      return created.body.titleId;
    };
    const lend = async (barcode: string, card: string) => {
      const loan = await api<{ loanId: string }>('/org-units/THPT-TRANPHU/library-loans', {
        as: 'librarian1',
        body: { barcode, card },
      });
      expect(loan.status, JSON.stringify(loan.body)).toBe(201);
      return loan.body;
    };
    const hold = async (titleId: string) =>
      expect(
        (
          await api('/org-units/THPT-TRANPHU/library-holds', {
            as: 'librarian1',
            body: { titleId, card: TEEN_ID },
          })
        ).status,
      ).toBe(201);
    await title(`Dế Mèn phiêu lưu ký ${RUN}`, `LV${RUN}A`);
    lent = await lend(`LV${RUN}A`, TEEN_ID);
    // The learner's loan is past its due day.
    await libraryEntities()
      .libLoan.patch({ loanId: lent.loanId })
      .set({ dueOn: '2026-01-05' })
      .composite({ schoolId: 'THPT-TRANPHU', state: 'open' })
      .go();
    const waiting = await title(`Vợ chồng A Phủ ${RUN}`, `LV${RUN}B`);
    await lend(`LV${RUN}B`, OTHER_ID);
    await hold(waiting);
    const ready = await title(`Tắt đèn ${RUN}`, `LV${RUN}C`);
    await lend(`LV${RUN}C`, OTHER_ID);
    await hold(ready);
    // Returned: the copy waits on the hold shelf for the learner.
    const back = await api<{ keptFor?: string }>('/org-units/THPT-TRANPHU/library-returns', {
      as: 'librarian1',
      body: { barcode: `LV${RUN}C` },
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
  }, 120_000);

  it('shows the books the learner has, whether overdue, and their holds waiting or ready', async () => {
    for (const as of [pupil, father]) {
      const seen = await api<{
        loans: { loanId: string; title: string; schoolName: string; dueOn: string; overdue: boolean }[];
        holds: { title: string; status: string; readyUntil?: string }[];
      }>(`/learners/${teen}/library`, { as });
      expect(seen.status, JSON.stringify(seen.body)).toBe(200);
      expect(seen.body.loans).toEqual([
        expect.objectContaining({
          loanId: lent.loanId,
          title: `Dế Mèn phiêu lưu ký ${RUN}`,
          schoolName: 'Trường THPT chuyên Trần Phú',
          dueOn: '2026-01-05',
          overdue: true,
        }),
      ]);
      const holds = Object.fromEntries(seen.body.holds.map((h) => [h.title, h]));
      expect(Object.keys(holds).sort()).toEqual([`Tắt đèn ${RUN}`, `Vợ chồng A Phủ ${RUN}`]);
      expect(holds[`Vợ chồng A Phủ ${RUN}`]).toMatchObject({ status: 'waiting' });
      expect(holds[`Vợ chồng A Phủ ${RUN}`]).not.toHaveProperty('readyUntil');
      expect(holds[`Tắt đèn ${RUN}`]).toMatchObject({ status: 'ready', readyUntil: expect.any(String) });
    }
    const younger = await api(`/learners/${child}/library`, { as: father });
    expect(younger.body).toEqual({ loans: [], holds: [] });
  });

  it('is refused to everyone else, as a learner who does not exist', async () => {
    await refusesOutsiders((recordId) => `/learners/${recordId}/library`);
  });
});

describe('learning resources of a learner’s grade', () => {
  const title10 = `Bài giảng hàm số bậc hai ${RUN}`;
  const title7 = `Bài giảng số hữu tỉ ${RUN}`;
  const titleSchool = `Đề cương ôn tập của trường ${RUN}`;

  beforeAll(async () => {
    await preparedResource(
      'teacher1',
      'THPT-TRANPHU',
      { title: title10, curriculum: [{ subject: 'toan', grade: 10 }] },
      'published',
      'commune2.admin',
    );
    await preparedResource(
      'teacher1',
      'THPT-TRANPHU',
      { title: title7, curriculum: [{ subject: 'toan', grade: 7 }] },
      'published',
      'commune2.admin',
    );
    // For the school's own people only: not in the city's lists of a grade.
    await preparedResource(
      'teacher1',
      'THPT-TRANPHU',
      { title: titleSchool, licence: 'school', curriculum: [{ subject: 'toan', grade: 10 }] },
      'published',
      'principal1',
    );
  }, 120_000);

  type Listed = { title: string; subject: string; grade: number; access: string };
  async function titlesOf(as: string, recordId: string, query = '') {
    const titles: Listed[] = [];
    let cursor: string | undefined;
    do {
      const res = await api<{ grade: number; items: Listed[]; nextCursor?: string }>(
        `/learners/${recordId}/resources?limit=100${query}${cursor ? `&cursor=${cursor}` : ''}`,
        { as },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      titles.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return titles;
  }

  it('lists the published resources of each child’s grade, shared beyond their school', async () => {
    const tenth = await until(async () => {
      const listed = await titlesOf(father, teen, '&subject=toan');
      return listed.some((r) => r.title === title10) ? listed : undefined;
    });
    expect(tenth.find((r) => r.title === title10)).toMatchObject({
      subject: 'toan',
      grade: 10,
      access: 'open',
    });
    expect(tenth.every((r) => r.grade === 10 && r.subject === 'toan')).toBe(true);
    expect(tenth.map((r) => r.title)).not.toContain(title7);
    expect(tenth.map((r) => r.title)).not.toContain(titleSchool);
    const seventh = await until(async () => {
      const listed = await titlesOf(father, child);
      return listed.some((r) => r.title === title7) ? listed : undefined;
    });
    expect(seventh.every((r) => r.grade === 7)).toBe(true);
    expect((await titlesOf(pupil, teen, '&subject=toan')).map((r) => r.title)).toContain(title10);
    const bad = await api<{ errors: { field: string }[] }>(`/learners/${teen}/resources?subject=To%C3%A1n`, {
      as: pupil,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]?.field).toBe('subject');
  });

  it('is refused to everyone else, as a learner who does not exist', async () => {
    await refusesOutsiders((recordId) => `/learners/${recordId}/resources`);
  });

  it('reaches a guardian signed in with VNeID (the route takes both issuers)', async () => {
    // parent1 is recorded on both learners and links to the younger one only.
    expect(
      (await api('/me/links', { as: 'parent1', body: { as: 'guardian', childPersonalId: CHILD_ID } })).status,
    ).toBe(201);
    const token = await citizenTokenFor('7c1e0a52');
    const headers = { authorization: `Bearer ${token}` };
    expect((await api('/me', { headers })).status).toBe(200);
    const seen = await api(`/learners/${child}/resources`, { headers });
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    expect((await api(`/learners/${teen}/library`, { headers })).status).toBe(404);
  });
});

describe('asking the school to correct the record', () => {
  let teenRequest: string;

  it('files a request from the learner and one from the guardian, one open request per field', async () => {
    const asked = await api<Correction>(`/learners/${teen}/correction-requests`, {
      as: pupil,
      body: { field: 'placeOfBirth', message: 'Em sinh ở Hải Phòng, không phải Hà Nội.' },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body).toMatchObject({ field: 'placeOfBirth', state: 'open', mine: true, relation: 'self' });
    teenRequest = asked.body.requestId;
    const again = await api(`/learners/${teen}/correction-requests`, {
      as: father,
      body: { field: 'placeOfBirth', message: 'Nơi sinh của cháu ghi sai.' },
    });
    expect(again.status).toBe(409);
    const childAsked = await api<Correction>(`/learners/${child}/correction-requests`, {
      as: father,
      body: { field: 'address', message: 'Gia đình đã chuyển đến số 12 phố Lạch Tray.' },
    });
    expect(childAsked.status, JSON.stringify(childAsked.body)).toBe(201);
    // Both the learner and the guardian see the learner's requests; who asked shows as `mine`.
    const seen = await api<{ items: Correction[] }>(`/learners/${teen}/correction-requests`, { as: father });
    expect(seen.body.items).toEqual([expect.objectContaining({ requestId: teenRequest, mine: false })]);
    expect(seen.body.items[0]).not.toHaveProperty('requesterName');
  });

  it('answers bad requests with the fields at fault (RFC 9457)', async () => {
    for (const [body, field] of [
      [{ field: 'password', message: 'x' }, 'field'],
      [{ field: 'address', message: '' }, 'message'],
      [{ field: 'address', message: 'a'.repeat(1001) }, 'message'],
    ] as const) {
      const res = await api<{ errors: { in: string; field: string; message: string }[] }>(
        `/learners/${teen}/correction-requests`,
        { as: pupil, body, headers: { 'accept-language': 'vi' } },
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors).toEqual([expect.objectContaining({ in: 'body', field })]);
    }
  });

  it('is refused to everyone else, as a learner who does not exist', async () => {
    await refusesOutsiders((recordId) => `/learners/${recordId}/correction-requests`, 'POST', {
      field: 'other',
      message: 'Thử.',
    });
    await refusesOutsiders((recordId) => `/learners/${recordId}/correction-requests`);
  });

  it('puts each request before its own school’s data officers, and no other school’s', async () => {
    const open = async (as: string, school: string) => {
      const res = await api<{ items: Correction[] }>(`/org-units/${school}/correction-requests?limit=100`, {
        as,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.items;
    };
    const tranPhu = await open('principal1', 'THPT-TRANPHU');
    expect(tranPhu.find((r) => r.requestId === teenRequest)).toMatchObject({
      learnerName: TEEN_NAME,
      requesterName: TEEN_NAME,
      relation: 'self',
      field: 'placeOfBirth',
    });
    expect(tranPhu.map((r) => r.learnerName)).not.toContain(CHILD_NAME);
    const hongBang = await open('dataofficer1', 'THCS-HONGBANG');
    expect(hongBang.find((r) => r.learnerName === CHILD_NAME)).toMatchObject({
      relation: 'guardian',
      requesterName: 'Phạm Văn Lực',
      field: 'address',
    });
    expect(hongBang.map((r) => r.requestId)).not.toContain(teenRequest);
    expect((await api('/org-units/THPT-TRANPHU/correction-requests', { as: 'dataofficer1' })).status).toBe(
      403,
    );
    // The data officers hear of it in their inbox.
    for (const [as, name] of [
      ['principal1', TEEN_NAME],
      ['dataofficer1', CHILD_NAME],
    ] as const)
      await eventually(async () => {
        const inbox = await api<Inbox>('/me/notifications?limit=100', {
          as,
          headers: { 'accept-language': 'vi' },
        });
        return inbox.body.items.find(
          (n) =>
            n.title === 'Đề nghị sửa thông tin học sinh' && n.body.includes(name) && n.category === 'records',
        );
      });
  });

  it('lets only the learner’s school answer, once, audits it and tells the one who asked', async () => {
    const note = 'Nhà trường đã sửa nơi sinh theo giấy khai sinh.';
    const elsewhere = await api(`/correction-requests/${teenRequest}/resolve`, {
      as: 'dataofficer1',
      body: { outcome: 'done', note },
    });
    expect(elsewhere.status).toBe(404);
    expect(
      (
        await api(`/correction-requests/${crypto.randomUUID()}/resolve`, {
          as: 'dataofficer1',
          body: { outcome: 'done', note },
        })
      ).status,
    ).toBe(404);
    const answered = await api<Correction>(`/correction-requests/${teenRequest}/resolve`, {
      as: 'principal1',
      body: { outcome: 'done', note },
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body).toMatchObject({ state: 'done', note });
    expect(
      (
        await api(`/correction-requests/${teenRequest}/resolve`, {
          as: 'principal1',
          body: { outcome: 'rejected', note },
        })
      ).status,
    ).toBe(409);

    const mine = await api<{ items: Correction[] }>(`/learners/${teen}/correction-requests`, { as: pupil });
    expect(mine.body.items[0]).toMatchObject({ requestId: teenRequest, state: 'done', note, mine: true });
    const done = await api<{ items: Correction[] }>(
      '/org-units/THPT-TRANPHU/correction-requests?state=done',
      {
        as: 'principal1',
      },
    );
    expect(done.body.items.map((r) => r.requestId)).toContain(teenRequest);
    const stillOpen = await api<{ items: Correction[] }>('/org-units/THPT-TRANPHU/correction-requests', {
      as: 'principal1',
    });
    expect(stillOpen.body.items.map((r) => r.requestId)).not.toContain(teenRequest);

    const inbox = await eventually(async () => {
      const res = await api<Inbox>('/me/notifications', { as: pupil, headers: { 'accept-language': 'vi' } });
      return res.body.items.find((n) => n.title === 'Nhà trường đã trả lời đề nghị sửa thông tin');
    });
    expect(inbox.body).toBe(`Mục “Nơi sinh” trong hồ sơ của ${TEEN_NAME}: nhà trường đã sửa. ${note}`);

    // Both steps in the commune's audit trail (newest first; other tests write there too).
    type Entry = { action: string; targetId: string; changes?: { requestId?: string } };
    const steps: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 30 && steps.length < 2; pages++) {
      const audit = await api<{ items: Entry[]; nextCursor?: string }>(
        `/org-units/P-NGOQUYEN/audit?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        { as: 'commune2.admin' },
      );
      expect(audit.status).toBe(200);
      steps.push(
        ...audit.body.items
          .filter((e) => e.targetId === teen && e.changes?.requestId === teenRequest)
          .map((e) => e.action),
      );
      cursor = audit.body.nextCursor;
      if (!cursor) break;
    }
    expect(steps.sort()).toEqual(['learner.correction-request', 'learner.correction-resolve']);

    // Answered, the field may be asked about again.
    const anew = await api(`/learners/${teen}/correction-requests`, {
      as: father,
      body: { field: 'placeOfBirth', message: 'Xin kiểm tra lại lần nữa.' },
    });
    expect(anew.status).toBe(201);
  });
});
