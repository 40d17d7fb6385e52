import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acceptsWrites,
  deadlineOf,
  mergeAutosave,
  startRefusal,
} from '../../functions/exams/domain/attempts.ts';
import { applyMark, DEFAULT_TOLERANCE, type Script } from '../../functions/exams/domain/marking.ts';
import { type BankEntry, candidateOrder, generateVariants } from '../../functions/exams/domain/papers.ts';
import {
  parseQuestionRow,
  QUESTION_COLUMNS,
  questionColumns,
  questionRow,
} from '../../functions/exams/domain/question-sheet.ts';
import {
  COGNITIVE_LEVELS,
  keyChangeRefusal,
  parseNumber,
  type QuestionBody,
  questionBody,
  scoreAnswer,
  withoutKey,
} from '../../functions/exams/domain/questions.ts';
import { seatInRooms } from '../../functions/exams/domain/seating.ts';
import {
  analyzeItem,
  bandWidthFor,
  summarize,
  summarizeByUnit,
} from '../../functions/exams/domain/statistics.ts';
import { renderText } from '../../shared/text/texts.ts';

const KEY = { a: true, b: false, c: true, d: false };
const tf: QuestionBody = questionBody.parse({
  type: 'true-false-group',
  statements: Object.keys(KEY).map((id) => ({ id, text: `Mệnh đề ${id}` })),
  correct: KEY,
  points: 1,
});

describe('scoring', () => {
  it('gives the national partial credit for true/false groups: 0.1, 0.25, 0.5, 1', () => {
    // The first `right` statements judged as the key says, the others the wrong way round.
    const answer = (right: number) => ({
      statements: Object.fromEntries(
        Object.entries(KEY).map(([id, truth], i) => [id, i < right ? truth : !truth]),
      ),
    });
    expect([0, 1, 2, 3, 4].map((n) => scoreAnswer(tf, answer(n)).points)).toEqual([0, 0.1, 0.25, 0.5, 1]);
  });

  it('reads short numeric answers written with a decimal comma, within the tolerance', () => {
    const q = questionBody.parse({ type: 'short-numeric', accepted: [2.5], tolerance: 0.01, points: 0.5 });
    expect(scoreAnswer(q, { value: '2,5' }).points).toBe(0.5);
    expect(scoreAnswer(q, { value: '2.51' }).points).toBe(0.5);
    expect(scoreAnswer(q, { value: '2,6' }).points).toBe(0);
    expect(scoreAnswer(q, { value: 'hai' }).points).toBe(0);
    expect(parseNumber('-0,75')).toBe(-0.75);
  });

  it('never gives more than the question’s points nor less than zero', () => {
    const multiple = questionBody.parse({
      type: 'multiple',
      options: ['A', 'B', 'C', 'D'].map((id) => ({ id, text: id })),
      correct: ['A', 'C'],
      scoring: 'partial',
      points: 1,
    });
    fc.assert(
      fc.property(fc.subarray(['A', 'B', 'C', 'D']), (choices) => {
        const s = scoreAnswer(multiple, { choices });
        expect(s.points).toBeGreaterThanOrEqual(0);
        expect(s.points).toBeLessThanOrEqual(1);
      }),
    );
    expect(scoreAnswer(multiple, { choices: ['A', 'C'] }).points).toBe(1);
    expect(scoreAnswer(multiple, { choices: ['A', 'B'] }).points).toBe(0);
  });

  it('refuses a key that is not an option, and never shows keys to candidates', () => {
    const bad = questionBody.safeParse({
      type: 'single',
      options: [
        { id: 'A', text: '1' },
        { id: 'B', text: '2' },
      ],
      correct: 'C',
      points: 0.25,
    });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(withoutKey(tf))).not.toContain('correct');
    const essay = questionBody.parse({
      type: 'essay',
      rubric: [{ criterion: 'Lập luận', points: 2 }],
      points: 2,
    });
    expect(scoreAnswer(essay, { text: 'Bài làm' })).toMatchObject({ points: 0, needsMarking: true });
  });
});

describe('papers from a blueprint', () => {
  const bank: BankEntry[] = COGNITIVE_LEVELS.flatMap((level) =>
    ['Hàm số', 'Hình học'].flatMap((topic) =>
      Array.from({ length: 10 }, (_, i) => ({ questionId: `${topic}-${level}-${i}`, topic, level })),
    ),
  );
  const blueprint = [
    { topic: 'Hàm số', level: 'recognition' as const, count: 3 },
    { topic: 'Hàm số', level: 'application' as const, count: 2 },
    { topic: 'Hình học', level: 'high-application' as const, count: 1 },
  ];

  it('every variant satisfies the blueprint exactly, without repeating a question', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.string(), (n, seed) => {
        const result = generateVariants(bank, blueprint, n, seed);
        if (!result.ok) throw new Error('unexpected shortfall');
        expect(result.variants).toHaveLength(n);
        for (const variant of result.variants) {
          expect(new Set(variant).size).toBe(variant.length);
          for (const cell of blueprint) {
            const inCell = variant.filter((id) => id.startsWith(`${cell.topic}-${cell.level}-`));
            expect(inCell).toHaveLength(cell.count);
          }
        }
      }),
    );
  });

  it('is deterministic from its seed and says what the bank lacks', () => {
    expect(generateVariants(bank, blueprint, 4, 's')).toEqual(generateVariants(bank, blueprint, 4, 's'));
    const short = generateVariants(bank, [{ topic: 'Xác suất', level: 'recognition', count: 2 }], 1, 's');
    expect(short).toEqual({
      ok: false,
      shortfalls: [{ topic: 'Xác suất', level: 'recognition', count: 2, needed: 2, available: 0 }],
    });
  });

  it('gives each candidate the same order on every device, parts kept in order', () => {
    const paper = [
      { questionId: 'q1', part: 'I', optionIds: ['A', 'B', 'C', 'D'] },
      { questionId: 'q2', part: 'I', optionIds: ['A', 'B', 'C', 'D'] },
      { questionId: 'q3', part: 'II' },
      { questionId: 'q4', part: 'III' },
    ];
    const a = candidateOrder(paper, 'exam-1', 'ts-001');
    expect(candidateOrder(paper, 'exam-1', 'ts-001')).toEqual(a);
    expect(a.map((q) => q.questionId).slice(2)).toEqual(['q3', 'q4']);
    expect([...a[0]!.optionOrder!].sort()).toEqual(['A', 'B', 'C', 'D']);
  });
});

describe('attempts', () => {
  const window = {
    opensAt: '2026-06-11T01:00:00.000Z',
    closesAt: '2026-06-11T02:45:00.000Z',
    lateEntryUntil: '2026-06-11T01:15:00.000Z',
    durationMinutes: 90,
  };

  it('starts only in the window, and ends at the earlier of duration and window', () => {
    expect(startRefusal(window, new Date('2026-06-11T00:59:59Z'))).toBe('not-open-yet');
    expect(startRefusal(window, new Date('2026-06-11T01:16:00Z'))).toBe('late-entry-closed');
    expect(startRefusal(window, new Date('2026-06-11T01:05:00Z'))).toBeUndefined();
    expect(deadlineOf(window, new Date('2026-06-11T01:05:00Z'))).toBe('2026-06-11T02:35:00.000Z');
    expect(deadlineOf(window, new Date('2026-06-11T01:15:00Z'))).toBe('2026-06-11T02:45:00.000Z');
    expect(acceptsWrites('2026-06-11T02:35:00.000Z', new Date('2026-06-11T02:35:04Z'))).toBe(true);
    expect(acceptsWrites('2026-06-11T02:35:00.000Z', new Date('2026-06-11T02:35:06Z'))).toBe(false);
  });

  it('keeps the highest sequence per question, whatever order saves arrive in', () => {
    const saves = fc.array(
      fc.record({
        seq: fc.integer({ min: 1, max: 50 }),
        q: fc.constantFrom('q1', 'q2', 'q3'),
        choice: fc.constantFrom('A', 'B', 'C', 'D'),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(saves, (list) => {
        let answers = {};
        for (const s of list)
          answers = mergeAutosave(
            answers,
            { seq: s.seq, answers: { [s.q]: { choice: s.choice } } },
            'now',
          ).answers;
        for (const q of ['q1', 'q2', 'q3']) {
          const mine = list.filter((s) => s.q === q);
          if (!mine.length) continue;
          const top = Math.max(...mine.map((s) => s.seq));
          const first = mine.find((s) => s.seq === top)!;
          expect((answers as Record<string, { seq: number; answer: { choice: string } }>)[q]).toMatchObject({
            seq: top,
            answer: { choice: first.choice },
          });
        }
      }),
    );
  });
});

describe('results statistics', () => {
  it('summarises scores and analyses items', () => {
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9], 5);
    expect(s).toMatchObject({ count: 8, mean: 5, median: 4.5, standardDeviation: 2, passRate: 0.5 });
    expect(s.distribution).toEqual({ '2': 1, '4': 3, '5': 2, '7': 1, '9': 1 });
    const item = analyzeItem([
      { candidateTotal: 9, points: 1, maxPoints: 1, choice: 'A' },
      { candidateTotal: 8, points: 1, maxPoints: 1, choice: 'A' },
      { candidateTotal: 3, points: 0, maxPoints: 1, choice: 'B' },
      { candidateTotal: 2, points: 0, maxPoints: 1, choice: 'C' },
    ]);
    expect(item).toMatchObject({ difficulty: 0.5, discrimination: 1, choices: { A: 2, B: 1, C: 1 } });
  });
});

describe('essay marking', () => {
  const script = (requiredMarks: 1 | 2): Script => ({
    criteria: [
      { criterion: 'Nội dung', points: 1.5 },
      { criterion: 'Diễn đạt', points: 0.5 },
    ],
    requiredMarks,
    marks: [],
    state: 'open',
  });
  const mark = (s: Script, markerId: string, points: number[], chief = false) =>
    applyMark(s, { markerId, chief }, points, DEFAULT_TOLERANCE, 'now');
  const withMark = (s: Script, outcome: ReturnType<typeof mark>): Script => {
    if (!outcome.ok) throw new Error(outcome.refusal.detail.message);
    return { ...s, marks: [...s.marks, outcome.mark], state: outcome.state };
  };

  it('takes one mark as final when marking once', () => {
    expect(mark(script(1), 'gv1', [1.25, 0.5])).toMatchObject({ ok: true, state: 'done', finalPoints: 1.75 });
  });

  it('averages two marks within the tolerance, and sends a wider gap to the chief marker', () => {
    const first = withMark(script(2), mark(script(2), 'gv1', [1, 0.5]));
    expect(first.state).toBe('open');
    expect(mark(first, 'gv1', [1, 0.5])).toMatchObject({ ok: false, refusal: { code: 'already-marked' } });
    expect(mark(first, 'gv2', [1.25, 0.5])).toMatchObject({ state: 'done', finalPoints: 1.63 });
    const disputed = withMark(first, mark(first, 'gv2', [0.25, 0.25]));
    expect(disputed.state).toBe('disputed');
    expect(mark(disputed, 'gv3', [1, 0.25])).toMatchObject({ ok: false, refusal: { code: 'chief-only' } });
    expect(mark(disputed, 'chief', [0.75, 0.25], true)).toMatchObject({ state: 'done', finalPoints: 1 });
  });

  it('refuses marks off the quarter-point grid, above a criterion or for the wrong criteria', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8, max: 24 }), (eighths) => {
        const value = eighths / 8;
        const outcome = mark(script(1), 'gv1', [value, 0]);
        expect(outcome.ok).toBe(value >= 0 && value <= 1.5 && eighths % 2 === 0);
      }),
    );
    expect(mark(script(1), 'gv1', [1])).toMatchObject({ ok: false, refusal: { code: 'invalid' } });
  });

  it('says why a mark is refused in either language, numbers as each writes them', () => {
    const outcome = mark(script(1), 'gv1', [1.1, 0]);
    if (outcome.ok) throw new Error('a mark off the quarter-point grid was taken');
    const { detail } = outcome.refusal;
    expect(detail).toMatchObject({ code: 'exams.marking-criterion', params: { n: 1, max: 1.5, step: 0.25 } });
    expect(detail.message).toBe('Criterion 1: a mark from 0 to 1.5 in steps of 0.25.');
    expect(renderText(detail.code, detail.params, 'vi')).toBe(
      'Tiêu chí 1: cho điểm từ 0 đến 1,5, mỗi bậc 0,25 điểm.',
    );
  });
});

describe('sessions and corrections', () => {
  it('seats candidates by school and given name, in equal runs per room', () => {
    const people = ['Trần Bình', 'Lê An', 'Ánh Dương', 'Phạm Cúc', 'Vũ Đào'].map((fullName, i) => ({
      accountId: `hs${i}`,
      fullName,
      schoolId: i % 2 ? 'B' : 'A',
      communeId: 'X',
    }));
    const seated = seatInRooms(people, ['P1', 'P2']);
    expect(seated.map((c) => [c.schoolId, c.fullName, c.room])).toEqual([
      ['A', 'Trần Bình', 'P1'],
      ['A', 'Ánh Dương', 'P1'],
      ['A', 'Vũ Đào', 'P1'],
      ['B', 'Lê An', 'P2'],
      ['B', 'Phạm Cúc', 'P2'],
    ]);
    expect(seatInRooms(people, []).every((c) => c.room === '-')).toBe(true);
  });

  it('lets a key correction change only the key', () => {
    const single = (correct: string, points = 0.25) =>
      questionBody.parse({
        type: 'single',
        options: ['A', 'B', 'C', 'D'].map((id) => ({ id, text: id })),
        correct,
        points,
      });
    expect(keyChangeRefusal(single('A'), single('C'))).toBeUndefined();
    expect(keyChangeRefusal(single('A'), single('A'))).toMatchObject({
      code: 'exams.correction-same',
      message: expect.stringMatching(/same/),
    });
    expect(keyChangeRefusal(single('A'), single('C', 0.5))?.code).toBe('exams.correction-points');
    expect(keyChangeRefusal(single('A'), tf)?.code).toBe('exams.correction-type');
  });

  it('summarises by school and commune, each group from its own results only', () => {
    const rows = [
      { schoolId: 'S1', communeId: 'C1', points: 8 },
      { schoolId: 'S1', communeId: 'C1', points: 4 },
      { schoolId: 'S2', communeId: 'C1', points: 6 },
      { schoolId: 'S3', communeId: 'C2', points: 9 },
    ];
    const { summary, bySchool, byCommune } = summarizeByUnit(rows, 5, bandWidthFor(10));
    expect(summary).toMatchObject({ count: 4, mean: 6.75, passRate: 0.75 });
    expect(bySchool.map((g) => [g.orgUnitId, g.count, g.mean])).toEqual([
      ['S1', 2, 6],
      ['S2', 1, 6],
      ['S3', 1, 9],
    ]);
    expect(byCommune.map((g) => [g.orgUnitId, g.count, g.passRate])).toEqual([
      ['C1', 3, 0.667],
      ['C2', 1, 1],
    ]);
    expect(bandWidthFor(10)).toBe(1);
    expect(bandWidthFor(2)).toBe(0.25);
  });
});

describe('question sheets', () => {
  const columns = questionColumns([...QUESTION_COLUMNS]);
  const text = fc
    .string({ minLength: 1, maxLength: 30 })
    .map((s) => s.replace(/[|\n\r]/g, ' ').trim() || 'x');
  const points = fc.integer({ min: 1, max: 40 }).map((n) => n / 4);
  const body: fc.Arbitrary<unknown> = fc.oneof(
    fc.record({
      type: fc.constant('single'),
      options: fc.constant(['A', 'B', 'C', 'D'].map((id) => ({ id, text: `Phương án ${id}` }))),
      correct: fc.constantFrom('A', 'B', 'C', 'D'),
      points,
    }),
    fc.record({
      type: fc.constant('multiple'),
      options: fc.constant(['A', 'B', 'C'].map((id) => ({ id, text: `Lựa chọn ${id}` }))),
      correct: fc.subarray(['A', 'B', 'C'], { minLength: 1 }),
      scoring: fc.constantFrom('all-or-nothing', 'partial'),
      points,
    }),
    fc.record({
      type: fc.constant('true-false-group'),
      statements: fc.constant(['a', 'b', 'c', 'd'].map((id) => ({ id, text: `Mệnh đề ${id}` }))),
      correct: fc.record({ a: fc.boolean(), b: fc.boolean(), c: fc.boolean(), d: fc.boolean() }),
      points,
    }),
    fc.record({
      type: fc.constant('short-numeric'),
      accepted: fc.array(
        fc.integer({ min: -999, max: 999 }).map((n) => n / 4),
        { minLength: 1, maxLength: 3 },
      ),
      tolerance: fc.constantFrom(0, 0.01, 0.5),
      points,
    }),
    fc
      .array(fc.record({ criterion: text, points }), { minLength: 1, maxLength: 4 })
      .map((rubric) => ({ type: 'essay', rubric, points: rubric.reduce((n, r) => n + r.points, 0) })),
  );

  it('reads back every question it writes', () => {
    fc.assert(
      fc.property(
        body,
        fc.constantFrom(...COGNITIVE_LEVELS),
        fc.constantFrom('school', 'personal', 'department'),
        text,
        fc.option(text, { nil: undefined }),
        (raw, level, scope, topic, explanation) => {
          // The "Lời giải" column: the explanation students read in a practice's review.
          const question = questionBody.parse(explanation ? { ...(raw as object), explanation } : raw);
          const input = {
            scope,
            subject: 'Toán',
            grade: 9,
            topic,
            level,
            stem: 'Câu hỏi?',
            question,
          } as const;
          const parsed = parseQuestionRow(2, questionRow(input), columns);
          expect(parsed).toEqual({ ok: true, row: 2, input });
        },
      ),
    );
  });

  it('names the cell of each mistake and accepts headers without accents', () => {
    const header = ['mon', 'KHOI', 'chu de', 'muc do', 'dang', 'noi dung', 'a', 'b', 'dap an', 'diem'];
    const cols = questionColumns(header);
    expect(cols['Môn']).toBe(0);
    const row = ['Toán', '13', 'Hàm số', 'Rất khó', 'Một lựa chọn', 'Câu?', '1', '2', 'C', 'nửa'];
    const parsed = parseQuestionRow(7, row, cols);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.errors.map((e) => [e.row, e.column])).toEqual([
        [7, 'Khối'],
        [7, 'Mức độ'],
        [7, 'Điểm'],
      ]);
    const keyNotOption = parseQuestionRow(
      8,
      ['Toán', '10', 'Hàm số', 'Nhận biết', 'Một lựa chọn', 'Câu?', '1', '2', 'C', '0,25'],
      cols,
    );
    expect(keyNotOption).toMatchObject({ ok: false, errors: [{ row: 8, column: 'Đáp án' }] });
  });

  it('writes each mistake as a code that reads in either language', () => {
    const cols = questionColumns([...QUESTION_COLUMNS]);
    const cells = (values: Partial<Record<(typeof QUESTION_COLUMNS)[number], string>>) =>
      QUESTION_COLUMNS.map((c) => values[c] ?? '');
    const bad = parseQuestionRow(
      5,
      cells({ Khối: '13', 'Mức độ': 'Rất khó', Dạng: 'Đúng/Sai', 'Nội dung': 'Câu?', 'Đáp án': 'Đ, S' }),
      cols,
    );
    if (bad.ok) throw new Error('a bad row was read');
    const said = (language: 'vi' | 'en') =>
      bad.errors.map((e) => [e.column, e.code, renderText(e.code!, e.params, language)]);
    expect(said('en')).toEqual([
      ['Môn', 'exams.required', 'Required'],
      ['Khối', 'exams.grade-range', 'A number from 0 to 12'],
      ['Chủ đề', 'exams.required', 'Required'],
      ['Mức độ', 'exams.one-of', 'One of: Nhận biết, Thông hiểu, Vận dụng, Vận dụng cao'],
      ['Đáp án', 'exams.true-false-key', 'Four values Đ (true) or S (false), e.g. Đ, S, Đ, S'],
      ['Điểm', 'exams.points-number', 'A number, e.g. 0,25'],
    ]);
    expect(said('vi')).toEqual([
      ['Môn', 'exams.required', 'Không được để trống'],
      ['Khối', 'exams.grade-range', 'Ghi một số từ 0 đến 12'],
      ['Chủ đề', 'exams.required', 'Không được để trống'],
      ['Mức độ', 'exams.one-of', 'Ghi một trong các giá trị: Nhận biết, Thông hiểu, Vận dụng, Vận dụng cao'],
      ['Đáp án', 'exams.true-false-key', 'Ghi bốn giá trị Đ hoặc S, ví dụ: Đ, S, Đ, S'],
      ['Điểm', 'exams.points-number', 'Ghi một số, ví dụ: 0,25'],
    ]);
    // The stored message is the English one.
    expect(bad.errors.every((e) => e.message === renderText(e.code!, e.params, 'en'))).toBe(true);

    // A question's own rule (zod) keeps its code; zod's own words are kept in both languages.
    const single = {
      Môn: 'Toán',
      Khối: '10',
      'Chủ đề': 'Hàm số',
      'Mức độ': 'Nhận biết',
      Dạng: 'Một lựa chọn',
      'Nội dung': 'Câu?',
      A: '1',
      B: '2',
      'Đáp án': 'C',
      Điểm: '0,25',
    };
    expect(parseQuestionRow(6, cells(single), cols)).toMatchObject({
      ok: false,
      errors: [
        { column: 'Đáp án', code: 'exams.key-not-option', message: 'The key must be one of the options' },
      ],
    });
    const oneOption = parseQuestionRow(7, cells({ ...single, B: '', 'Đáp án': 'A' }), cols);
    if (oneOption.ok) throw new Error('a question with one option was read');
    const [tooFew] = oneOption.errors;
    expect(tooFew).toMatchObject({ column: 'A', code: 'validation.invalid' });
    expect(renderText(tooFew!.code!, tooFew!.params, 'en')).toBe(tooFew!.message);
    expect(renderText(tooFew!.code!, tooFew!.params, 'vi')).not.toBe(tooFew!.message);
  });
});
