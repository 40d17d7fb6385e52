/**
 * Released scores (functions/gradebook): the demo's 12A1, whose Toán is teacher1's and whose
 * pupils and fathers have accounts linked to them. A pupil and their guardian see a book's scores
 * once it is locked — nothing before — and never another pupil's.
 */
import { describe, expect, it } from 'vitest';
import { api, until } from '../support/cloud.ts';

interface Scores {
  learners: {
    learnerId: string;
    fullName: string;
    relation: string;
    className: string;
    books: { subject: string; semester: number; cells: { regular: (number | null)[]; midTerm?: number } }[];
  }[];
}

describe('released scores', () => {
  it('shows a pupil and their guardian a book once it is locked, and nothing of other pupils', async () => {
    const mine = await api<{
      items: { classId: string; className: string; role: string; subject?: string; semester?: number }[];
    }>('/me/grade-books', { as: 'teacher1' });
    const toan = mine.body.items.find(
      (i) => i.className === 'Lớp 12A1' && i.subject === 'TOAN' && i.semester === 1,
    )!;
    expect(toan, JSON.stringify(mine.body)).toBeDefined();
    const pupil = await api<{ items: { recordId: string; relation: string }[] }>('/me/links', {
      as: 'hocsinh.12a1.02',
    });
    const learnerId = pupil.body.items.find((l) => l.relation === 'self')!.recordId;
    const path = `/classes/${toan.classId}/grade-books/TOAN/1`;
    const grid = await api<{ rows: { learnerId: string; version: number }[] }>(path, { as: 'teacher1' });
    const version = grid.body.rows.find((r) => r.learnerId === learnerId)!.version;
    const entered = await api(path, {
      as: 'teacher1',
      method: 'PATCH',
      body: { changes: [{ learnerId, field: 'midTerm', value: '7,5', expectedVersion: version }] },
    });
    expect(entered.status, JSON.stringify(entered.body)).toBe(200);

    const before = await api<Scores>('/me/scores', { as: 'hocsinh.12a1.02' });
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect(before.body.learners[0]).toMatchObject({ learnerId, relation: 'self', className: 'Lớp 12A1' });
    expect(
      before.body.learners[0]!.books.find((b) => b.subject === 'TOAN' && b.semester === 1),
    ).toBeUndefined();

    expect((await api(`${path}/lock`, { as: 'principal1', method: 'POST' })).status).toBe(200);
    const after = await api<Scores>('/me/scores', { as: 'hocsinh.12a1.02' });
    const book = after.body.learners[0]!.books.find((b) => b.subject === 'TOAN' && b.semester === 1);
    expect(book?.cells.midTerm).toBe(7.5);
    const father = await api<Scores>('/me/scores', { as: 'phuhuynh.12a1.02' });
    expect(father.body.learners.map((l) => [l.learnerId, l.relation])).toEqual([[learnerId, 'guardian']]);
    expect(father.body.learners[0]!.books.find((b) => b.subject === 'TOAN')?.cells.midTerm).toBe(7.5);
    // Another pupil of the class sees their own row only.
    const other = await api<Scores>('/me/scores', { as: 'hocsinh.12a1.03' });
    expect(other.body.learners.map((l) => l.learnerId)).not.toContain(learnerId);
    const theirs = other.body.learners[0]!.books.find((b) => b.subject === 'TOAN' && b.semester === 1);
    expect(theirs, 'the locked book, with their own (empty) row').toBeDefined();
    expect(theirs!.cells.midTerm).toBeUndefined();
    // The pupil and the father are told, in the inbox.
    for (const as of ['hocsinh.12a1.02', 'phuhuynh.12a1.02']) {
      const [told] = await until(async () => {
        const res = await api<{ items: { title: string; body: string; category: string }[] }>(
          '/me/notifications',
          {
            as,
            headers: { 'accept-language': 'vi-VN' },
          },
        );
        const found = res.body.items.filter((n) => n.title === 'Điểm đã được công bố');
        return found.length ? found : undefined;
      });
      expect(told).toMatchObject({
        body: 'Điểm môn Toán học kì 1 (Lớp 12A1) đã được công bố.',
        category: 'grades',
      });
    }
    // Someone with no linked learner has none; a teacher's role grants nothing here.
    expect((await api<Scores>('/me/scores', { as: 'citizen1' })).status).toBe(403);
  });
});
