/** The bank's shelf counts (kept with each change of a question) and a blueprint's topic counts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Shelved, shelfChanges, topicCounts } from '../../functions/exams/domain/bank-counts.ts';

const q = (subject: string, grade: number, status: string): Shelved => ({
  ownerUnitId: 'THPT-A',
  subject,
  grade,
  status,
});

describe('shelf changes', () => {
  it('counts a new question, its approval, an edit sending it back to review, a move', () => {
    expect(shelfChanges(undefined, q('Toán', 10, 'submitted'))).toEqual([
      { ownerUnitId: 'THPT-A', subject: 'Toán', grade: 10, questions: 1, approved: 0 },
    ]);
    expect(shelfChanges(q('Toán', 10, 'submitted'), q('Toán', 10, 'approved'))).toEqual([
      { ownerUnitId: 'THPT-A', subject: 'Toán', grade: 10, questions: 0, approved: 1 },
    ]);
    expect(shelfChanges(q('Toán', 10, 'approved'), q('Toán', 10, 'submitted'))).toEqual([
      { ownerUnitId: 'THPT-A', subject: 'Toán', grade: 10, questions: 0, approved: -1 },
    ]);
    expect(shelfChanges(q('Toán', 10, 'approved'), q('Toán', 11, 'approved'))).toEqual([
      { ownerUnitId: 'THPT-A', subject: 'Toán', grade: 10, questions: -1, approved: -1 },
      { ownerUnitId: 'THPT-A', subject: 'Toán', grade: 11, questions: 1, approved: 1 },
    ]);
    expect(shelfChanges(q('Toán', 10, 'submitted'), q('Toán', 10, 'returned'))).toEqual([]);
  });

  it('adds up to the questions a bank ends with, whatever the path (property)', () => {
    const state = fc.record({
      subject: fc.constantFrom('Toán', 'Lí'),
      grade: fc.constantFrom(10, 11),
      status: fc.constantFrom('submitted', 'approved', 'returned'),
    });
    fc.assert(
      fc.property(fc.array(state, { minLength: 1, maxLength: 12 }), (path) => {
        const totals = new Map<string, { questions: number; approved: number }>();
        let before: Shelved | undefined;
        for (const s of path) {
          const after = { ownerUnitId: 'U', ...s };
          for (const c of shelfChanges(before, after)) {
            const key = `${c.subject}/${c.grade}`;
            const t = totals.get(key) ?? { questions: 0, approved: 0 };
            totals.set(key, { questions: t.questions + c.questions, approved: t.approved + c.approved });
          }
          before = after;
        }
        const last = path.at(-1)!;
        for (const [key, t] of totals) {
          const here = key === `${last.subject}/${last.grade}`;
          expect(t.questions).toBe(here ? 1 : 0);
          expect(t.approved).toBe(here && last.status === 'approved' ? 1 : 0);
        }
      }),
    );
  });
});

describe('topic counts', () => {
  it('counts approved questions per topic and level, every level present, topics in Vietnamese order', () => {
    expect(
      topicCounts([
        { topic: 'Hàm số', level: 'recognition' },
        { topic: 'Đạo hàm', level: 'application' },
        { topic: 'Hàm số', level: 'recognition' },
        { topic: 'Hàm số', level: 'high-application' },
      ]),
    ).toEqual([
      {
        topic: 'Đạo hàm',
        levels: { recognition: 0, comprehension: 0, application: 1, 'high-application': 0 },
        total: 1,
      },
      {
        topic: 'Hàm số',
        levels: { recognition: 2, comprehension: 0, application: 0, 'high-application': 1 },
        total: 3,
      },
    ]);
  });
});
