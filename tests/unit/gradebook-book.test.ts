/**
 * A grade book's cells (functions/gradebook/domain/book.ts) as teachers type them, and who may
 * read and enter a book (`can` with the `linkedStaff` rule: the subject's teacher and the homeroom
 * teacher are staff records linked to accounts); a pupil's results (domain/results.ts) and the
 * homeroom cells.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkChanges } from '../../functions/gradebook/books.ts';
import {
  applyCell,
  applyHomeroomCell,
  type BookShape,
  fieldsOf,
  homeroomFieldsOf,
  rowAverage,
  rowComplete,
} from '../../functions/gradebook/domain/book.ts';
import { type PrimaryHomeroom, primaryPupilResult } from '../../functions/gradebook/domain/primary.ts';
import { pupilResult, type StudiedSubject } from '../../functions/gradebook/domain/results.ts';
import {
  CIRCULAR_22,
  CIRCULAR_27,
  QUALITY_RATINGS,
  type QualityRating,
  SUBJECT_RATINGS,
  type SubjectRating,
} from '../../functions/gradebook/domain/rules.ts';
import { can, type Principal } from '../../shared/auth/can.ts';
import { HttpProblem } from '../../shared/http/problem.ts';

const scored: BookShape = { assessment: 'scored', regularScores: 3, periodicTest: false };
const comment: BookShape = { assessment: 'comment', regularScores: 0, periodicTest: false };
const rated: BookShape = { assessment: 'rated', regularScores: 0, periodicTest: true };
const empty = { regular: [] };
const SECONDARY_HOMEROOM = homeroomFieldsOf(CIRCULAR_22, 8);
const cellsOf = (r: ReturnType<typeof applyCell>) => {
  if ('problem' in r) throw new Error(r.problem);
  return r.cells;
};

describe('grade book cells', () => {
  it('has the columns each assessment asks for', () => {
    expect(fieldsOf(scored)).toEqual([
      'regular.0',
      'regular.1',
      'regular.2',
      'midTerm',
      'endTerm',
      'comment',
    ]);
    expect(fieldsOf(comment)).toEqual(['pass', 'comment']);
    expect(fieldsOf(rated)).toEqual(['rating', 'test', 'comment']);
    expect(fieldsOf({ ...rated, periodicTest: false })).toEqual(['rating', 'comment']);
  });

  it('reads what teachers type, and refuses what is not a value of the column', () => {
    expect(cellsOf(applyCell(scored, empty, 'regular.2', '8,5')).regular).toEqual([null, null, 85]);
    expect(applyCell(scored, empty, 'regular.3', '8')).toEqual({ problem: 'unknown-field' });
    expect(applyCell(scored, empty, 'midTerm', 'tám')).toEqual({ problem: 'score' });
    expect(applyCell(scored, empty, 'pass', 'Đ')).toEqual({ problem: 'unknown-field' });
    for (const [typed, pass] of [
      ['Đ', 'D'],
      ['đạt', 'D'],
      ['CĐ', 'CD'],
      ['Chưa  đạt', 'CD'],
    ] as const)
      expect(cellsOf(applyCell(comment, empty, 'pass', typed)).pass, typed).toBe(pass);
    expect(applyCell(comment, empty, 'pass', 'x')).toEqual({ problem: 'pass' });
    expect(cellsOf(applyCell(rated, empty, 'rating', 'hoàn thành tốt')).rating).toBe('HTT');
    expect(cellsOf(applyCell(rated, empty, 'rating', 'cht')).rating).toBe('CHT');
    expect(applyCell(rated, empty, 'rating', 'Tốt')).toEqual({ problem: 'rating' });
    expect(cellsOf(applyCell(rated, empty, 'test', '7')).test).toBe(70);
    expect(applyCell(rated, empty, 'test', '7,5')).toEqual({ problem: 'whole-score' });
    expect(applyCell(rated, empty, 'comment', 'x'.repeat(501))).toEqual({ problem: 'comment-long' });
    // Empty clears.
    const withMid = cellsOf(applyCell(scored, empty, 'midTerm', '7'));
    expect(cellsOf(applyCell(scored, withMid, 'midTerm', '  ')).midTerm).toBeUndefined();
  });

  it('averages a row once every score is in', () => {
    let cells = { regular: [] as (number | null)[] };
    for (const [field, value] of [
      ['regular.0', '7'],
      ['regular.1', '8'],
      ['midTerm', '6'],
      ['endTerm', '9'],
    ])
      cells = cellsOf(applyCell(scored, cells, field!, value!));
    expect(rowComplete(scored, cells)).toBe(false);
    expect(rowAverage(CIRCULAR_22, scored, cells)).toBeUndefined();
    cells = cellsOf(applyCell(scored, cells, 'regular.2', '10'));
    expect(rowComplete(scored, cells)).toBe(true);
    // (7 + 8 + 10 + 2 × 6 + 3 × 9) / 8 = 64 / 8 = 8,0
    expect(rowAverage(CIRCULAR_22, scored, cells)).toBe(80);
  });
});

describe('who may read and enter a grade book', () => {
  const school = { orgUnitId: 'THPT-A', lineage: ['SGD', 'P-X', 'THPT-A'] };
  const teacher = (links: string[]): Principal => ({
    sub: 't',
    assignments: [{ assignmentId: 'a', role: 'teacher', scopeOrgUnitId: 'THPT-A' }],
    links: links.map((recordId) => ({ recordId, relation: 'staff' as const })),
  });
  const book = { teacher: 'staff-math', homeroom: 'staff-home' };

  it('lets the subject’s teacher enter and read, the homeroom teacher read, anyone else neither', () => {
    const mathTeacher = teacher(['staff-math']);
    expect(can(mathTeacher, 'gradebook.enter', { ...school, item: book })).toBe(true);
    expect(can(mathTeacher, 'gradebook.read', { ...school, item: book })).toBe(true);
    const homeroom = teacher(['staff-home']);
    expect(can(homeroom, 'gradebook.read', { ...school, item: book })).toBe(true);
    expect(can(homeroom, 'gradebook.enter', { ...school, item: book })).toBe(false);
    const other = teacher(['staff-other']);
    expect(can(other, 'gradebook.read', { ...school, item: book })).toBe(false);
    // A guardian link to the same record id is not a staff link.
    const guardian: Principal = { ...other, links: [{ recordId: 'staff-math', relation: 'guardian' }] };
    expect(can(guardian, 'gradebook.enter', { ...school, item: book })).toBe(false);
    // Another school's book, whatever the link.
    expect(
      can(mathTeacher, 'gradebook.enter', {
        orgUnitId: 'THPT-B',
        lineage: ['SGD', 'P-Y', 'THPT-B'],
        item: book,
      }),
    ).toBe(false);
  });

  it('lets school leaders read and lock every book of the school, never enter', () => {
    const leader: Principal = {
      sub: 'p',
      assignments: [{ assignmentId: 'a', role: 'school-leader', scopeOrgUnitId: 'THPT-A' }],
    };
    expect(can(leader, 'gradebook.read', { ...school, item: book })).toBe(true);
    expect(can(leader, 'gradebook.lock', { ...school, item: book })).toBe(true);
    expect(can(leader, 'gradebook.enter', { ...school, item: book })).toBe(false);
  });
});

describe('a pupil’s results and the homeroom cells', () => {
  const toan = (s1: number[], s2?: number[]) => ({
    code: 'TOAN',
    shape: { assessment: 'scored' as const, regularScores: 2, periodicTest: false },
    semester1: { regular: s1.slice(0, 2), midTerm: s1[2], endTerm: s1[3] },
    ...(s2 ? { semester2: { regular: s2.slice(0, 2), midTerm: s2[2], endTerm: s2[3] } } : {}),
  });
  const gdtc = (s1?: 'D' | 'CD', s2?: 'D' | 'CD') => ({
    code: 'GDTC',
    shape: { assessment: 'comment' as const, regularScores: 0, periodicTest: false },
    ...(s1 ? { semester1: { regular: [], pass: s1 } } : {}),
    ...(s2 ? { semester2: { regular: [], pass: s2 } } : {}),
  });

  it('names what is missing and computes nothing above it', () => {
    const r = pupilResult(CIRCULAR_22, {
      grade: 8,
      period: 1,
      subjects: [toan([80, 80, 80, 80]), gdtc()],
      homeroom: { semester1: { conduct: 'T' } },
    });
    expect(r).toMatchObject({ missing: ['GDTC'], conduct: 'T', absentHalfDays: 0 });
    expect(r.learning).toBeUndefined();
  });

  it('takes a comment-only subject’s year from semester 2, and averages the scored ones', () => {
    // S1 (6 + 6 + 2×6 + 3×6)/7 = 6,0; S2 (9 + 9 + 2×9 + 3×9)/7 = 9,0; year (6 + 18)/3 = 8,0.
    const r = pupilResult(CIRCULAR_22, {
      grade: 12,
      period: 'year',
      subjects: [toan([60, 60, 60, 60], [90, 90, 90, 90]), gdtc('CD', 'D')],
      homeroom: {
        semester1: { conduct: 'T', absentHalfDays: 20 },
        semester2: { conduct: 'T', absentHalfDays: 26 },
      },
    });
    expect(r.subjects).toEqual([
      { subject: 'TOAN', average: 80 },
      { subject: 'GDTC', pass: 'D' },
    ]);
    expect(r.learning?.level).toBe('T');
    // 46 half-days absent: stays down, so not eligible to graduate.
    expect(r.absentHalfDays).toBe(46);
    expect(r.outcome).toMatchObject({ outcome: 'repeat', graduationEligible: false });
    // Without semester 2's absences, what follows the year is not decided.
    const unrecorded = pupilResult(CIRCULAR_22, {
      grade: 12,
      period: 'year',
      subjects: [toan([60, 60, 60, 60], [90, 90, 90, 90]), gdtc('CD', 'D')],
      homeroom: { semester1: { conduct: 'T', absentHalfDays: 2 }, semester2: { conduct: 'T' } },
    });
    expect(unrecorded).toMatchObject({ absencesMissing: true, learning: { level: 'T' } });
    expect(unrecorded.outcome).toBeUndefined();
  });

  it('reads conduct and absences as typed', () => {
    expect(applyHomeroomCell(SECONDARY_HOMEROOM, {}, 'conduct', 'Khá')).toEqual({ cells: { conduct: 'K' } });
    expect(applyHomeroomCell(SECONDARY_HOMEROOM, {}, 'conduct', 'cđ')).toEqual({ cells: { conduct: 'CD' } });
    expect(applyHomeroomCell(SECONDARY_HOMEROOM, {}, 'conduct', 'Giỏi')).toEqual({ problem: 'conduct' });
    expect(applyHomeroomCell(SECONDARY_HOMEROOM, {}, 'absentHalfDays', '12')).toEqual({
      cells: { absentHalfDays: 12 },
    });
    expect(applyHomeroomCell(SECONDARY_HOMEROOM, {}, 'absentHalfDays', '1,5')).toEqual({
      problem: 'absence',
    });
    expect(applyHomeroomCell(SECONDARY_HOMEROOM, { conduct: 'T' }, 'conduct', '')).toEqual({ cells: {} });
    expect(applyHomeroomCell(SECONDARY_HOMEROOM, {}, 'midTerm', '8')).toEqual({ problem: 'unknown-field' });
    expect(applyHomeroomCell(SECONDARY_HOMEROOM, {}, 'q.YEU_NUOC', 'T')).toEqual({
      problem: 'unknown-field',
    });
  });

  it('gives a primary class the qualities and competencies of its grade, not conduct', () => {
    const grade1 = homeroomFieldsOf(CIRCULAR_27, 1);
    const grade4 = homeroomFieldsOf(CIRCULAR_27, 4);
    // Circular 27, Art. 6: 5 qualities, 3 general and 7 specific competencies; computing ones from grade 3.
    expect(grade4.filter((f) => f.startsWith('q.'))).toHaveLength(15);
    expect(grade1.filter((f) => f.startsWith('q.'))).toHaveLength(13);
    expect(grade1).not.toContain('q.TIN_HOC');
    expect(grade4).toContain('q.TIN_HOC');
    expect(grade4).not.toContain('conduct');
    expect(grade4).toEqual(expect.arrayContaining(['absentHalfDays', 'comment']));
  });

  it('reads a quality as typed, and clears it', () => {
    const fields = homeroomFieldsOf(CIRCULAR_27, 4);
    expect(applyHomeroomCell(fields, {}, 'q.YEU_NUOC', 'Tốt')).toEqual({
      cells: { qualities: { YEU_NUOC: 'T' } },
    });
    expect(applyHomeroomCell(fields, {}, 'q.NHAN_AI', 'đ')).toEqual({
      cells: { qualities: { NHAN_AI: 'D' } },
    });
    expect(applyHomeroomCell(fields, {}, 'q.CHAM_CHI', 'Cần cố gắng')).toEqual({
      cells: { qualities: { CHAM_CHI: 'CCG' } },
    });
    expect(applyHomeroomCell(fields, {}, 'q.CHAM_CHI', 'Khá')).toEqual({ problem: 'quality' });
    expect(applyHomeroomCell(fields, {}, 'q.KHONG_CO', 'T')).toEqual({ problem: 'unknown-field' });
    expect(applyHomeroomCell(fields, {}, 'conduct', 'T')).toEqual({ problem: 'unknown-field' });
    expect(
      applyHomeroomCell(fields, { qualities: { YEU_NUOC: 'T', NHAN_AI: 'D' } }, 'q.YEU_NUOC', ''),
    ).toEqual({ cells: { qualities: { NHAN_AI: 'D' } } });
    expect(applyHomeroomCell(fields, { qualities: { YEU_NUOC: 'T' } }, 'q.YEU_NUOC', null)).toEqual({
      cells: {},
    });
  });
});

describe('a primary pupil’s results (Circular 27)', () => {
  const ratedTest: BookShape = { assessment: 'rated', regularScores: 0, periodicTest: true };
  const ratedOnly: BookShape = { assessment: 'rated', regularScores: 0, periodicTest: false };
  // Grade 2: Tiếng Việt and Toán are tested (Art. 7), Đạo đức is not.
  const subjects = (rating: SubjectRating, test: number, semester: 1 | 2 = 2): StudiedSubject[] =>
    [
      { code: 'TIENG_VIET', shape: ratedTest },
      { code: 'TOAN', shape: ratedTest },
      { code: 'DAO_DUC', shape: ratedOnly },
    ].map((s) => ({
      ...s,
      [`semester${semester}`]: { regular: [], rating, ...(s.shape.periodicTest ? { test } : {}) },
    }));
  const allRated = (rating: QualityRating): PrimaryHomeroom => ({
    qualities: Object.fromEntries(
      CIRCULAR_27.qualities.filter((q) => !q.fromGrade || q.fromGrade <= 2).map((q) => [q.code, rating]),
    ),
    absentHalfDays: 2,
  });
  const year = (rating: SubjectRating, test: number, quality: QualityRating, grade = 2) =>
    primaryPupilResult(CIRCULAR_27, {
      grade,
      period: 'year',
      subjects: subjects(rating, test),
      homeroom: { semester1: { absentHalfDays: 3 }, semester2: allRated(quality) },
    });

  it('gives the year’s achievement and what follows (Art. 9, 11, 15)', () => {
    expect(year('HTT', 90, 'T')).toMatchObject({
      achievement: 'HTXS',
      completion: 'grade',
      honour: 'excellent',
      missing: [],
      absentHalfDays: 5,
    });
    expect(year('HTT', 80, 'T')).toMatchObject({ achievement: 'HTT', completion: 'grade' });
    expect(year('HTT', 80, 'T').honour).toBeUndefined();
    expect(year('HT', 50, 'D')).toMatchObject({ achievement: 'HT', completion: 'grade' });
    expect(year('HT', 40, 'D')).toMatchObject({ achievement: 'CHT', completion: 'support' });
    expect(year('HTT', 100, 'CCG')).toMatchObject({ achievement: 'CHT', completion: 'support' });
  });

  it('completes primary school in grade 5', () => {
    const fifth = primaryPupilResult(CIRCULAR_27, {
      grade: 5,
      period: 'year',
      subjects: subjects('HT', 60),
      homeroom: {
        semester2: {
          qualities: Object.fromEntries(CIRCULAR_27.qualities.map((q) => [q.code, 'D' as const])),
        },
      },
    });
    expect(fifth).toMatchObject({ achievement: 'HT', completion: 'primary' });
  });

  it('names what is missing and decides nothing without it', () => {
    const noTest = primaryPupilResult(CIRCULAR_27, {
      grade: 2,
      period: 'year',
      subjects: subjects('HTT', 90).map((s) =>
        s.code === 'TOAN' ? { ...s, semester2: { regular: [], rating: 'HTT' as const } } : s,
      ),
      homeroom: { semester2: allRated('T') },
    });
    expect(noTest.missing).toEqual(['TOAN']);
    expect(noTest.achievement).toBeUndefined();
    const oneQuality = allRated('T');
    const { YEU_NUOC: _, ...rest } = oneQuality.qualities!;
    const unrated = primaryPupilResult(CIRCULAR_27, {
      grade: 2,
      period: 'year',
      subjects: subjects('HTT', 90),
      homeroom: { semester2: { qualities: rest } },
    });
    expect(unrated.missing).toEqual(['qualities']);
    expect(unrated.completion).toBeUndefined();
  });

  it('reads the first semester’s book for semester 1, with no achievement', () => {
    const first = primaryPupilResult(CIRCULAR_27, {
      grade: 2,
      period: 1,
      subjects: subjects('HT', 70, 1),
      homeroom: { semester1: allRated('D') },
    });
    expect(first.missing).toEqual([]);
    expect(first.subjects).toContainEqual({ subject: 'TOAN', rating: 'HT', test: 70 });
    expect(first.subjects).toContainEqual({ subject: 'DAO_DUC', rating: 'HT' });
    expect(first.achievement).toBeUndefined();
    // The year reads semester 2, which this pupil has nothing of yet.
    expect(
      primaryPupilResult(CIRCULAR_27, {
        grade: 2,
        period: 'year',
        subjects: subjects('HT', 70, 1),
        homeroom: { semester1: allRated('D') },
      }).missing,
    ).toEqual(['TIENG_VIET', 'TOAN', 'DAO_DUC', 'qualities']);
  });

  it('never lowers the achievement when a rating or a test is raised', () => {
    const order = ['HTXS', 'HTT', 'HT', 'CHT'];
    fc.assert(
      fc.property(
        fc.constantFrom(...SUBJECT_RATINGS),
        fc.integer({ min: 0, max: 10 }),
        fc.constantFrom(...QUALITY_RATINGS),
        fc.constantFrom('rating', 'test', 'quality'),
        (rating, test, quality, raise) => {
          const before = year(rating, test * 10, quality).achievement!;
          const better = {
            rating: SUBJECT_RATINGS[Math.max(0, SUBJECT_RATINGS.indexOf(rating) - 1)]!,
            test: Math.min(10, test + 1) * 10,
            quality: QUALITY_RATINGS[Math.max(0, QUALITY_RATINGS.indexOf(quality) - 1)]!,
          };
          const after = year(
            raise === 'rating' ? better.rating : rating,
            raise === 'test' ? better.test : test * 10,
            raise === 'quality' ? better.quality : quality,
          ).achievement!;
          expect(order.indexOf(after)).toBeLessThanOrEqual(order.indexOf(before));
        },
      ),
    );
  });
});

describe('checking a grid’s changes before anything is written', () => {
  const pupils = new Set(Array.from({ length: 120 }, (_, i) => `p${i}`));
  const apply = (cells: { regular: (number | null)[] }, field: string, value: string | null) =>
    applyCell(scored, cells, field, value);

  it('keeps a write within one transaction: at most 90 rows at once', () => {
    const change = (i: number) => ({ learnerId: `p${i}`, field: 'midTerm', value: '8', expectedVersion: 0 });
    expect(
      checkChanges(
        pupils,
        new Map(),
        Array.from({ length: 90 }, (_, i) => change(i)),
        empty,
        apply,
      ).size,
    ).toBe(90);
    expect(() =>
      checkChanges(
        pupils,
        new Map(),
        Array.from({ length: 91 }, (_, i) => change(i)),
        empty,
        apply,
      ),
    ).toThrow(HttpProblem);
  });

  it('answers a stale row with a 409 and a bad value with a 400, naming each change', () => {
    const before = new Map([['p1', { regular: [], version: 2 }]]);
    const stale = () =>
      checkChanges(
        pupils,
        before,
        [{ learnerId: 'p1', field: 'midTerm', value: '8', expectedVersion: 1 }],
        empty,
        apply,
      );
    expect(stale).toThrow(expect.objectContaining({ status: 409 }));
    const bad = () =>
      checkChanges(
        pupils,
        before,
        [{ learnerId: 'p1', field: 'midTerm', value: '11', expectedVersion: 2 }],
        empty,
        apply,
      );
    expect(bad).toThrow(expect.objectContaining({ status: 400 }));
  });
});
