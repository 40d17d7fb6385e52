/**
 * Score entry (functions/gradebook): a class of Trần Phú whose Toán and Thể chất are teacher1's
 * (her account linked to her staff record, as the demo seeds it) and whose homeroom teacher is
 * someone else. The subject's teacher alone enters; the principal reads and locks; each refused
 * cell is named and nothing is written; a row changed meanwhile is a conflict; after the lock,
 * nothing is entered. Expected averages are worked by hand from Circular 22's formula.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { api, until } from '../support/cloud.ts';
import { approvedPerson } from '../support/people.ts';

const run = Date.now() % 100000;

interface Summary {
  subject: string;
  subjectName: string;
  semester: number;
  teacherName?: string;
  locked: boolean;
  lockedByName?: string;
  mayEnter: boolean;
  mayLock: boolean;
}
interface Row {
  learnerId: string;
  fullName: string;
  cells: { regular: (number | null)[]; midTerm?: number; endTerm?: number; pass?: string; comment?: string };
  average?: number;
  complete: boolean;
  version: number;
}
interface Book extends Summary {
  columns: string[];
  rows: Row[];
  class: { name: string; grade: number; schoolYear: string };
  ruleSet: { id: string };
}
interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

describe('entering a grade book', () => {
  let classId: string;
  const className = `10S${run}`;
  const pupils: Record<string, string> = {};
  const path = (subject = 'TOAN', semester = 1) => `/classes/${classId}/grade-books/${subject}/${semester}`;
  const book = async (as = 'teacher1', subject = 'TOAN') => {
    const res = await api<Book>(path(subject), { as });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const enter = (changes: unknown[], as = 'teacher1', subject = 'TOAN') =>
    api<{ rows: Row[] } & Problem>(path(subject), {
      as,
      method: 'PATCH',
      body: { changes },
      headers: { 'accept-language': 'vi-VN' },
    });

  beforeAll(async () => {
    const links = await api<{ items: { recordId: string; relation: string }[] }>('/me/links', {
      as: 'teacher1',
    });
    const staff = links.body.items.find((l) => l.relation === 'staff')!;
    expect(staff, JSON.stringify(links.body)).toBeDefined();
    const homeroom = await approvedPerson('staff', {
      staffCode: `GVCN${run}`,
      fullName: 'Lại Văn Chủ',
      gender: 'male',
      dateOfBirth: '1979-09-09',
      position: 'teacher',
      employment: 'civil-servant',
    });
    classId = await approvedPerson('class', {
      code: className,
      name: className,
      grade: 10,
      schoolYear: '2026-2027',
      homeroomTeacherId: homeroom,
      assignments: [
        { subject: 'Toán', semester: 1, teacherId: staff.recordId },
        { subject: 'Thể dục', semester: 1, teacherId: staff.recordId },
        { subject: 'Ngữ văn', semester: 1, teacherId: homeroom },
      ],
    });
    for (const [i, fullName] of ['Vũ Thị Yến', 'Nguyễn Văn An', 'Trần Minh Bảo'].entries())
      pupils[fullName] = await approvedPerson('student', {
        personalId: makePersonalId('031', 2010, i === 0 ? 'female' : 'male', 600_000 + run * 3 + i),
        fullName,
        gender: i === 0 ? 'female' : 'male',
        dateOfBirth: `2010-06-0${i + 1}`,
        grade: 10,
        classId,
        guardians: [],
      });
  }, 120_000);

  it('lists to each reader the books they may read: the teacher hers, the principal all', async () => {
    const mine = await api<{ items: Summary[]; ruleSet: { circular: string } }>(
      `/classes/${classId}/grade-books`,
      {
        as: 'teacher1',
      },
    );
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.ruleSet.circular).toBe('22/2021/TT-BGDĐT');
    expect(mine.body.items.map((b) => `${b.subject}/${b.semester}`).sort()).toEqual(['GDTC/1', 'TOAN/1']);
    expect(mine.body.items.find((b) => b.subject === 'TOAN')).toMatchObject({
      teacherName: 'Đặng Thị Thuỳ Dương',
      mayEnter: true,
      mayLock: false,
    });
    const all = await api<{ items: Summary[] }>(`/classes/${classId}/grade-books`, { as: 'principal1' });
    // Grade 10: 17 subjects (electives included), two semesters each.
    expect(all.body.items).toHaveLength(34);
    expect(all.body.items.every((b) => !b.mayEnter && b.mayLock)).toBe(true);
  });

  it('lists a teacher’s books and homeroom classes this year, and a school’s classes to its leaders', async () => {
    interface Mine {
      classId: string;
      className: string;
      role: string;
      subject?: string;
      semester?: number;
      schoolName: string;
    }
    const mine = await api<{ items: Mine[] }>('/me/grade-books', { as: 'teacher1' });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    const here = mine.body.items.filter((i) => i.classId === classId);
    expect(here.map((i) => `${i.role}:${i.subject}/${i.semester}`).sort()).toEqual([
      'teacher:GDTC/1',
      'teacher:TOAN/1',
    ]);
    expect(here[0]!.schoolName).toBe('Trường THPT chuyên Trần Phú');
    // The demo: 12A1's homeroom teacher, and its Toán both semesters.
    const a1 = mine.body.items.filter((i) => i.className === 'Lớp 12A1');
    expect(a1.map((i) => `${i.role}:${i.subject ?? ''}/${i.semester ?? ''}`).sort()).toEqual([
      'homeroom:/',
      'teacher:TOAN/1',
      'teacher:TOAN/2',
    ]);
    // Someone with no staff record teaches nothing.
    expect((await api<{ items: Mine[] }>('/me/grade-books', { as: 'principal1' })).body.items).toEqual([]);

    const classes = await api<{ items: { classId: string; homeroomTeacherName?: string }[] }>(
      '/org-units/THPT-TRANPHU/grade-book-classes',
      { as: 'principal1' },
    );
    expect(classes.status).toBe(200);
    expect(classes.body.items.find((c) => c.classId === classId)?.homeroomTeacherName).toBe('Lại Văn Chủ');
    expect((await api('/org-units/THPT-TRANPHU/grade-book-classes', { as: 'teacher1' })).status).toBe(403);
  });

  it('shows the grid: the columns Toán’s 105 periods give, the class list by given name', async () => {
    const grid = await book();
    expect(grid.columns).toEqual([
      'regular.0',
      'regular.1',
      'regular.2',
      'regular.3',
      'midTerm',
      'endTerm',
      'comment',
    ]);
    expect(grid.rows.map((r) => r.fullName)).toEqual(['Nguyễn Văn An', 'Trần Minh Bảo', 'Vũ Thị Yến']);
    expect(grid.rows.every((r) => r.version === 0 && !r.complete)).toBe(true);
  });

  it('saves typed cells and computes the average once complete: (8,5 + 9 + 7 + 8 + 2×8 + 3×9) / 9 = 8,4', async () => {
    const an = pupils['Nguyễn Văn An']!;
    const typed = ['8,5', '9', '7', '8.0'];
    const res = await enter([
      ...typed.map((value, i) => ({ learnerId: an, field: `regular.${i}`, value, expectedVersion: 0 })),
      { learnerId: an, field: 'midTerm', value: '8', expectedVersion: 0 },
      { learnerId: an, field: 'endTerm', value: ' 9 ', expectedVersion: 0 },
      { learnerId: an, field: 'comment', value: 'Tiến bộ rõ.', expectedVersion: 0 },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.rows).toHaveLength(1);
    expect(res.body.rows[0]).toMatchObject({
      cells: { regular: [8.5, 9, 7, 8], midTerm: 8, endTerm: 9, comment: 'Tiến bộ rõ.' },
      average: 8.4,
      complete: true,
      version: 1,
    });
    // Another pupil's mid-term alone: no average yet.
    const bao = pupils['Trần Minh Bảo']!;
    const partial = await enter([{ learnerId: bao, field: 'midTerm', value: '6,5', expectedVersion: 0 }]);
    expect(partial.body.rows[0]).toMatchObject({ complete: false, version: 1 });
    expect(partial.body.rows[0]!.average).toBeUndefined();
    // A cell cleared.
    const cleared = await enter([{ learnerId: an, field: 'comment', value: '', expectedVersion: 1 }]);
    expect(cleared.body.rows[0]!.cells.comment).toBeUndefined();
  });

  it('names each refused cell in Vietnamese and writes nothing', async () => {
    const yen = pupils['Vũ Thị Yến']!;
    const res = await enter([
      { learnerId: yen, field: 'regular.0', value: '7', expectedVersion: 0 },
      { learnerId: yen, field: 'regular.1', value: '10,5', expectedVersion: 0 },
      { learnerId: yen, field: 'midTerm', value: '8,25', expectedVersion: 0 },
      { learnerId: yen, field: 'regular.4', value: '8', expectedVersion: 0 },
      { learnerId: 'ffffffff-ffff-4fff-bfff-ffffffffffff', field: 'midTerm', value: '8', expectedVersion: 0 },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => [e.field, e.message])).toEqual([
      ['changes.1.value', 'Điểm từ 0 đến 10, tối đa một chữ số thập phân, ví dụ 8,5.'],
      ['changes.2.value', 'Điểm từ 0 đến 10, tối đa một chữ số thập phân, ví dụ 8,5.'],
      ['changes.3.value', 'Sổ điểm này không có cột này.'],
      ['changes.4.learnerId', 'Học sinh này không có trong lớp.'],
    ]);
    const grid = await book();
    expect(grid.rows.find((r) => r.learnerId === yen)).toMatchObject({ version: 0, cells: { regular: [] } });
  });

  it('refuses a row changed since it was read (two tabs), writing nothing', async () => {
    const an = pupils['Nguyễn Văn An']!;
    const stale = await enter([
      { learnerId: pupils['Vũ Thị Yến']!, field: 'regular.0', value: '7', expectedVersion: 0 },
      { learnerId: an, field: 'regular.0', value: '5', expectedVersion: 1 },
    ]);
    expect(stale.status).toBe(409);
    expect(stale.body.errors?.map((e) => e.field)).toEqual(['changes.1.expectedVersion']);
    const grid = await book();
    expect(grid.rows.find((r) => r.learnerId === an)!.cells.regular[0]).toBe(8.5);
    expect(grid.rows.find((r) => r.fullName === 'Vũ Thị Yến')!.version).toBe(0);
  });

  it('lets only the subject’s teacher enter: not the principal, not the homeroom teacher’s other books', async () => {
    const yen = pupils['Vũ Thị Yến']!;
    const change = [{ learnerId: yen, field: 'regular.0', value: '7', expectedVersion: 0 }];
    // The principal's role does not enter scores at all; a teacher of another school finds no book,
    // answered word for word as a class that does not exist.
    expect((await enter(change, 'principal1')).status).toBe(403);
    const elsewhere = await enter(change, 'teacher2');
    expect(elsewhere.status).toBe(404);
    const nowhere = await api<Problem>(`/classes/ffffffff-ffff-4fff-bfff-ffffffffffff/grade-books/TOAN/1`, {
      as: 'teacher2',
      method: 'PATCH',
      body: { changes: change },
      headers: { 'accept-language': 'vi-VN' },
    });
    expect(elsewhere.body.detail).toBe(nowhere.body.detail);
    // A cell named twice in one save is refused.
    const twice = await enter([...change, ...change]);
    expect(twice.body.errors?.map((e) => e.field)).toEqual(['changes.1.field']);
    // teacher1 does not teach Ngữ văn: she may not read it either.
    expect((await api(path('NGU_VAN'), { as: 'teacher1' })).status).toBe(404);
    // A comment-only subject takes Đ / CĐ.
    const pe = await enter(
      [{ learnerId: yen, field: 'pass', value: 'Đạt', expectedVersion: 0 }],
      'teacher1',
      'GDTC',
    );
    expect(pe.body.rows[0]!.cells.pass).toBe('D');
    const wrong = await enter(
      [{ learnerId: yen, field: 'pass', value: '9', expectedVersion: 1 }],
      'teacher1',
      'GDTC',
    );
    expect(wrong.body.errors?.[0]?.message).toBe('Nhập Đ (Đạt) hoặc CĐ (Chưa đạt).');
  });

  it('is locked by the principal, after which nothing is entered', async () => {
    expect((await api(`${path()}/lock`, { as: 'teacher1', method: 'POST' })).status).toBe(403);
    const locked = await api<Summary>(`${path()}/lock`, { as: 'principal1', method: 'POST' });
    expect(locked.status, JSON.stringify(locked.body)).toBe(200);
    expect(locked.body).toMatchObject({ locked: true, mayLock: false, mayEnter: false });
    expect(locked.body.lockedByName).toBeTruthy();
    const again = await api<Problem>(`${path()}/lock`, { as: 'principal1', method: 'POST' });
    expect(again.status).toBe(409);
    const after = await enter([
      { learnerId: pupils['Vũ Thị Yến']!, field: 'regular.0', value: '7', expectedVersion: 0 },
    ]);
    expect(after.status).toBe(409);
    expect(after.body.detail).toBe('Sổ điểm đã khoá: muốn sửa phải được Hiệu trưởng duyệt.');
    const grid = await book();
    expect(grid).toMatchObject({ locked: true, mayEnter: false });
    // The averages stay as entered.
    expect(grid.rows.find((r) => r.fullName === 'Nguyễn Văn An')!.average).toBe(8.4);
  });

  interface Change {
    requestId: string;
    fullName: string;
    subjectName: string;
    className: string;
    field: string;
    before: string;
    value: string;
    state: string;
    requestedByName: string;
    decidedByName?: string;
  }

  it('changes a locked book only on a school leader’s approval, audited old → new', async () => {
    const an = pupils['Nguyễn Văn An']!;
    const ask = (body: Record<string, string>, subject = 'TOAN') =>
      api<Change & Problem>(`${path(subject)}/change-requests`, {
        as: 'teacher1',
        body,
        headers: { 'accept-language': 'vi-VN' },
      });
    const asked = await ask({ learnerId: an, field: 'endTerm', value: '10', reason: 'Chấm phúc khảo' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body).toMatchObject({
      fullName: 'Nguyễn Văn An',
      subjectName: 'Toán',
      field: 'endTerm',
      before: '9,0',
      value: '10',
      state: 'pending',
      requestedByName: 'Đặng Thị Thuỳ Dương',
    });
    // Checked when asked; an open book is changed directly.
    const bad = await ask({ learnerId: an, field: 'endTerm', value: '11', reason: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.field).toBe('value');
    const open = await ask({ learnerId: an, field: 'pass', value: 'CĐ', reason: 'x' }, 'GDTC');
    expect(open.status).toBe(409);
    expect(open.body.detail).toBe('Sổ điểm chưa khoá: hãy sửa trực tiếp trong sổ.');

    // The school's leaders are told, in the inbox.
    const notice = await until(async () => {
      const res = await api<{ items: { title: string; body: string }[] }>('/me/notifications', {
        as: 'principal1',
        headers: { 'accept-language': 'vi-VN' },
      });
      return res.body.items.find((n) => n.title === 'Đề nghị sửa điểm' && n.body.includes(`(${className})`));
    });
    expect(notice.body).toBe(
      `Đặng Thị Thuỳ Dương đề nghị sửa điểm môn Toán học kì 1 (${className}) đã khoá sổ.`,
    );
    const pending = await api<{ items: Change[] }>('/org-units/THPT-TRANPHU/grade-book-changes', {
      as: 'principal1',
    });
    expect(pending.body.items.map((c) => c.requestId)).toContain(asked.body.requestId);
    const decide = (requestId: string, decision: string, as = 'principal1') =>
      api<Change & Problem>(`/grade-book-changes/${requestId}/decision`, { as, body: { decision } });
    expect((await decide(asked.body.requestId, 'approve', 'teacher1')).status).toBe(403);
    // Who appoints school leaders holds the permission only to hand it down.
    expect((await decide(asked.body.requestId, 'approve', 'commune2.admin')).status).toBe(403);

    const approved = await decide(asked.body.requestId, 'approve');
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ state: 'approved' });
    expect(approved.body.decidedByName).toBeTruthy();
    // (8,5 + 9 + 7 + 8 + 2×8 + 3×10) / 9 = 78,5 / 9 = 8,72… → 8,7; the book stays locked.
    const grid = await book();
    expect(grid.locked).toBe(true);
    expect(grid.rows.find((r) => r.learnerId === an)).toMatchObject({ cells: { endTerm: 10 }, average: 8.7 });
    expect((await decide(asked.body.requestId, 'approve')).status).toBe(409);

    // Rejected: nothing changes.
    const second = await ask({ learnerId: an, field: 'midTerm', value: '2', reason: 'Nhập thử' });
    const rejected = await decide(second.body.requestId, 'reject');
    expect(rejected.body.state).toBe('rejected');
    expect((await book()).rows.find((r) => r.learnerId === an)!.cells.midTerm).toBe(8);

    // The teacher finds both among her own requests, newest first, decided; and is told in her inbox.
    const mine = await api<{ items: { requestId: string; state: string }[] }>('/me/grade-book-changes', {
      as: 'teacher1',
    });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    const states = new Map(mine.body.items.map((c) => [c.requestId, c.state]));
    expect(states.get(asked.body.requestId)).toBe('approved');
    expect(states.get(second.body.requestId)).toBe('rejected');
    expect(mine.body.items.findIndex((c) => c.requestId === second.body.requestId)).toBeLessThan(
      mine.body.items.findIndex((c) => c.requestId === asked.body.requestId),
    );
    expect(
      (await api<{ items: unknown[] }>('/me/grade-book-changes', { as: 'teacher2' })).body.items.some(
        (c) => (c as { requestId: string }).requestId === asked.body.requestId,
      ),
    ).toBe(false);
    const inbox = await until(async () => {
      const res = await api<{ items: { template?: string; title?: string; body?: string }[] }>(
        '/me/notifications',
        {
          as: 'teacher1',
        },
      );
      // In the teacher's own language (her preferences), with the pupil and the decision in it.
      const told = res.body.items.filter((n) => n.body?.includes('Nguyễn Văn An'));
      return told.length >= 2 ? told : undefined;
    });
    const bodies = inbox.map((n) => n.body).join(' ');
    expect(bodies).toMatch(/không được duyệt|not approved/);
    expect(bodies).toMatch(/: đã được duyệt\.|: approved\./);

    // The commune's audit trail holds the approval with the cell's old and new value.
    const audit = await api<{ items: { action: string; changes: Record<string, unknown> }[] }>(
      '/org-units/P-NGOQUYEN/audit',
      { as: 'commune2.admin' },
    );
    const entry = audit.body.items.find(
      (e) => e.action === 'gradebook.change-approved' && e.changes.requestId === asked.body.requestId,
    );
    expect(entry?.changes).toMatchObject({ field: 'endTerm', before: 90, after: 100 });
  });
});
