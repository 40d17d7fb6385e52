/**
 * The homeroom teacher's semester (conduct, absences) and the class's results (functions/gradebook):
 * a class of Trần Phú whose homeroom teacher, Toán teacher and Thể dục teacher is teacher1. The
 * expected figures are worked by hand from Circular 22 (semester and year averages, levels,
 * the year's conduct), not read from the code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { api } from '../support/cloud.ts';
import { approvedPerson } from '../support/people.ts';

const run = Date.now() % 100000;

interface Results {
  subjects: { code: string; name: string }[];
  rows: {
    learnerId: string;
    fullName: string;
    results: Record<string, number | string>;
    missing: string[];
    learning?: { level: string };
    conduct?: string;
    absentHalfDays: number;
    honour?: string;
    outcome?: { outcome: string };
  }[];
}
interface Problem {
  detail: string;
  errors?: { field: string; message: string }[];
}

describe('the homeroom teacher’s semester and the class’s results', () => {
  let classId: string;
  let strong: string;
  let absent: string;
  const cells = (learnerId: string, values: Record<string, string>) =>
    Object.entries(values).map(([field, value]) => ({ learnerId, field, value, expectedVersion: 0 }));
  const enter = async (path: string, changes: unknown[], as = 'teacher1') => {
    const res = await api<Problem & { rows: unknown[] }>(path, {
      as,
      method: 'PATCH',
      body: { changes },
      headers: { 'accept-language': 'vi-VN' },
    });
    return res;
  };
  const results = async (period: string, as = 'teacher1') => {
    const res = await api<Results>(`/classes/${classId}/results?period=${period}`, { as });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    const links = await api<{ items: { recordId: string; relation: string }[] }>('/me/links', {
      as: 'teacher1',
    });
    const staff = links.body.items.find((l) => l.relation === 'staff')!.recordId;
    classId = await approvedPerson('class', {
      code: `11K${run}`,
      name: `11K${run}`,
      grade: 11,
      schoolYear: '2026-2027',
      homeroomTeacherId: staff,
      assignments: ([1, 2] as const).flatMap((semester) => [
        { subject: 'Toán', semester, teacherId: staff },
        { subject: 'Thể dục', semester, teacherId: staff },
      ]),
    });
    const pupil = (fullName: string, n: number) =>
      approvedPerson('student', {
        personalId: makePersonalId('031', 2009, 'female', 650_000 + run * 2 + n),
        fullName,
        gender: 'female',
        dateOfBirth: '2009-03-03',
        grade: 11,
        classId,
        guardians: [],
      });
    strong = await pupil('Đỗ Thị Giỏi', 0);
    absent = await pupil('Mai Thị Vắng', 1);
  }, 120_000);

  it('records conduct and absences as typed, by the homeroom teacher alone', async () => {
    const path = `/classes/${classId}/homeroom/1`;
    const ok = await enter(path, cells(strong, { conduct: 'Tốt', absentHalfDays: '2' }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.rows[0]).toMatchObject({ conduct: 'T', absentHalfDays: 2, version: 1 });
    const bad = await enter(path, cells(absent, { conduct: 'Giỏi', absentHalfDays: '-1' }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.message)).toEqual([
      'Nhập T (Tốt), K (Khá), Đ (Đạt) hoặc CĐ (Chưa đạt).',
      'Số buổi nghỉ: số nguyên từ 0 đến 200.',
    ]);
    expect((await enter(path, cells(absent, { conduct: 'K' }), 'principal1')).status).toBe(403);
    expect((await enter(path, cells(absent, { conduct: 'K' }), 'teacher2')).status).toBe(404);
    const read = await api<{ rows: { learnerId: string; conduct?: string }[]; mayEnter: boolean }>(path, {
      as: 'principal1',
    });
    expect(read.status).toBe(200);
    expect(read.body.mayEnter).toBe(false);
    expect(read.body.rows.find((r) => r.learnerId === strong)?.conduct).toBe('T');
  });

  it('computes a semester: the subjects, the level, and what is missing', async () => {
    const toan1 = `/classes/${classId}/grade-books/TOAN/1`;
    const s1 = await enter(
      toan1,
      cells(strong, {
        'regular.0': '9',
        'regular.1': '9',
        'regular.2': '9',
        'regular.3': '9',
        midTerm: '9',
        endTerm: '9',
      }),
    );
    expect(s1.status, JSON.stringify(s1.body)).toBe(200);
    expect((await enter(`/classes/${classId}/grade-books/GDTC/1`, cells(strong, { pass: 'Đ' }))).status).toBe(
      200,
    );
    const first = await results('1');
    expect(first.subjects.map((s) => s.code)).toEqual(['TOAN', 'GDTC']);
    const row = first.rows.find((r) => r.learnerId === strong)!;
    expect(row).toMatchObject({
      results: { TOAN: 9, GDTC: 'D' },
      missing: [],
      learning: { level: 'T' },
      conduct: 'T',
      absentHalfDays: 2,
    });
    const other = first.rows.find((r) => r.learnerId === absent)!;
    expect(other.missing).toEqual(['TOAN', 'GDTC']);
    expect(other.learning).toBeUndefined();
    // The principal reads them too; a subject teacher who is not the homeroom teacher does not.
    expect((await api(`/classes/${classId}/results?period=1`, { as: 'principal1' })).status).toBe(200);
    expect((await api(`/classes/${classId}/results?period=1`, { as: 'teacher2' })).status).toBe(404);
  });

  it('computes the year: (S1 + 2 × S2) / 3, the year’s conduct from both, and what follows', async () => {
    // S2 Toán: (8 + 8 + 8 + 8 + 2 × 7 + 3 × 8) / 9 = 70 / 9 = 7,77… → 7,8.
    await enter(
      `/classes/${classId}/grade-books/TOAN/2`,
      cells(strong, {
        'regular.0': '8',
        'regular.1': '8',
        'regular.2': '8',
        'regular.3': '8',
        midTerm: '7',
        endTerm: '8',
      }),
    );
    await enter(`/classes/${classId}/grade-books/GDTC/2`, cells(strong, { pass: 'Đ' }));
    await enter(`/classes/${classId}/homeroom/2`, cells(strong, { conduct: 'K', absentHalfDays: '3' }));
    const second = (await results('2')).rows.find((r) => r.learnerId === strong)!;
    expect(second.results).toEqual({ TOAN: 7.8, GDTC: 'D' });
    const year = (await results('year')).rows.find((r) => r.learnerId === strong)!;
    // (9,0 + 2 × 7,8) / 3 = 24,6 / 3 = 8,2: Tốt. Conduct: semester 2 Khá after a Tốt → Khá.
    expect(year).toMatchObject({
      results: { TOAN: 8.2, GDTC: 'D' },
      learning: { level: 'T' },
      conduct: 'K',
      absentHalfDays: 5,
      outcome: { outcome: 'promoted' },
    });
    // Học sinh Giỏi needs conduct Tốt too.
    expect(year.honour).toBeUndefined();
  });
});
