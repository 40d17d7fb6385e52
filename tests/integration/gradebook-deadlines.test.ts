/**
 * Locking by deadline (functions/gradebook/deadlines.ts): a school's leader sets the day a
 * semester's books lock; the daily schedule, fired here, locks the books still open of the
 * subjects each class is assigned, and a pupil's guardian finds the semester's scores released.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { api, cloud } from '../support/cloud.ts';
import { approvedPerson } from '../support/people.ts';

const run = Date.now() % 100000;

describe('locking grade books by deadline', () => {
  // A school of its own: the schedule locks every open book of a school's semester, which must not
  // touch the books other test files are filling at Trần Phú meanwhile.
  const school = `THPT-HAN${run}`;
  const leader = `hieutruong.han${run}`;
  let classId: string;
  let pupil: string;

  beforeAll(async () => {
    const created = await api(`/org-units/P-NGOQUYEN/children`, {
      as: 'commune2.admin',
      body: {
        orgUnitId: school,
        code: `3102${String(run).padStart(5, '0')}T`.slice(0, 12),
        name: `Trường THPT Hạn ${run}`,
        kind: 'school',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const account = await api(`/org-units/${school}/accounts`, {
      as: 'admin',
      body: { accountId: leader, fullName: 'Lâm Thị Hạn', email: `${leader}@han.example.vn` },
    });
    expect(account.status, JSON.stringify(account.body)).toBe(201);
    const role = await api(`/org-units/${school}/role-assignments`, {
      as: 'admin',
      body: { accountId: leader, role: 'school-leader' },
    });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    const people = { author: leader, approver: 'commune2.admin' };
    classId = await approvedPerson(
      'class',
      {
        code: `10D${run}`,
        name: `10D${run}`,
        grade: 10,
        schoolYear: '2026-2027',
        assignments: [{ subject: 'Toán', semester: 1, teacherId: 'staff-not-linked' }],
      },
      school,
      people,
    );
    pupil = await approvedPerson(
      'student',
      {
        personalId: makePersonalId('031', 2011, 'male', 880_000 + run),
        fullName: 'Cao Văn Hạn',
        gender: 'male',
        dateOfBirth: '2011-01-01',
        grade: 10,
        classId,
        guardians: [],
      },
      school,
      people,
    );
  }, 120_000);

  it('refuses a day outside the school year, and lets only leaders set one', async () => {
    const path = `/org-units/${school}/grade-book-deadlines`;
    const outside = await api<{ errors?: { field: string; message: string }[] }>(path, {
      as: leader,
      method: 'PUT',
      body: { schoolYear: '2026-2027', semester: 1, lockOn: '2027-09-10' },
      headers: { 'accept-language': 'vi-VN' },
    });
    expect(outside.status).toBe(400);
    expect(outside.body.errors?.[0]).toMatchObject({
      in: 'body',
      field: 'lockOn',
      message: 'Hạn khoá sổ phải là một ngày trong năm học 2026-2027 (từ 05/9 đến 31/8).',
    });
    const teacher = await api(path, {
      as: 'teacher1',
      method: 'PUT',
      body: { schoolYear: '2026-2027', semester: 1, lockOn: '2026-12-01' },
    });
    expect(teacher.status).toBe(403);
  });

  it('locks the open books of a deadline that has come, once', async () => {
    // A deadline already passed (this school year, semester I).
    const set = await api(`/org-units/${school}/grade-book-deadlines`, {
      as: leader,
      method: 'PUT',
      body: { schoolYear: '2026-2027', semester: 1, lockOn: '2026-09-30' },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    // The class's books say when each semester locks (teachers read it there).
    const before = await api<{ deadlines: { semester: number; lockOn: string }[] }>(
      `/classes/${classId}/grade-books`,
      {
        as: leader,
      },
    );
    expect(before.body.deadlines).toEqual([{ semester: 1, lockOn: '2026-09-30' }]);
    const fire = async () =>
      (
        (await (
          await fetch(`${cloud().apiUrl}/_local/fire/gradebook-lock-due-grade-books`, { method: 'POST' })
        ).json()) as {
          result: { deadlines: number; books: number };
        }
      ).result;
    const first = await fire();
    expect(first.books, JSON.stringify(first)).toBeGreaterThanOrEqual(1);
    const books = await api<{ items: { subject: string; semester: number; locked: boolean }[] }>(
      `/classes/${classId}/grade-books`,
      { as: leader },
    );
    expect(books.body.items.find((b) => b.subject === 'TOAN' && b.semester === 1)?.locked).toBe(true);
    // Not assigned that semester: not locked.
    expect(books.body.items.find((b) => b.subject === 'NGU_VAN' && b.semester === 1)?.locked).toBe(false);
    const listed = await api<{
      items: { schoolYear: string; semester: number; appliedAt?: string; lockedBooks?: number }[];
    }>(`/org-units/${school}/grade-book-deadlines`, { as: leader });
    expect(listed.body.items.find((d) => d.schoolYear === '2026-2027' && d.semester === 1)).toMatchObject({
      lockedBooks: 1,
    });
    // Fired again: this school's deadline is applied, nothing of it is locked twice.
    const listedAgain = async () =>
      (
        await api<{ items: { lockedBooks?: number }[] }>(`/org-units/${school}/grade-book-deadlines`, {
          as: leader,
        })
      ).body.items[0]?.lockedBooks;
    await fire();
    expect(await listedAgain()).toBe(1);
    expect(pupil).toBeTruthy();
  });
});
