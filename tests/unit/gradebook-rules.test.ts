/**
 * The grade book's rules (functions/gradebook/domain): the arithmetic against integer
 * inequalities (what rounding half up means, with no division in the check), the levels and
 * outcomes against the circulars' own wording written out case by case, and properties over
 * random classes (fast-check): raising a score never lowers a level, and the lift is one step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { primaryOutcome } from '../../functions/gradebook/domain/primary.ts';
import {
  CIRCULAR_22,
  CIRCULAR_27,
  LEVELS,
  type Level,
  ruleSetFor,
} from '../../functions/gradebook/domain/rules.ts';
import {
  honour,
  learningLevel,
  regularScoreCount,
  type SubjectResult,
  semesterAverage,
  yearAverage,
  yearConduct,
  yearOutcome,
} from '../../functions/gradebook/domain/secondary.ts';
import {
  divideHalfUp,
  formatScore,
  parseScore,
  parseWholeScore,
} from '../../functions/gradebook/domain/tenths.ts';

const rules = CIRCULAR_22;
const tenths = fc.integer({ min: 0, max: 100 });
/** Eight scored subjects and four comment-only ones, as a grade 6–9 class studies. */
const scored = (averages: number[]): SubjectResult[] =>
  averages.map((average, i) => ({ subject: `S${i}`, average }));
const comments = (fails = 0): SubjectResult[] =>
  ['GDTC', 'NT', 'HDTN', 'GDDP'].map((subject, i) => ({ subject, pass: i < fails ? 'CD' : 'D' }));

describe('whole tenths, rounded half up', () => {
  it('divides exactly: the answer r has n/d within [r − ½, r + ½), checked without dividing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 50 }), (n, d) => {
        const r = divideHalfUp(n, d);
        expect(2 * n).toBeGreaterThanOrEqual((2 * r - 1) * d);
        expect(2 * n).toBeLessThan((2 * r + 1) * d);
      }),
    );
  });

  it('rounds 8.25 up to 8.3 and 8.125 down to 8.1, where binary fractions would wobble', () => {
    // Three regular scores, mid-term and end-term: (Σ + 2m + 3e) / 8.
    expect(semesterAverage(rules, { regular: [80, 80, 80], midTerm: 90, endTerm: 80 })).toBe(83); // 66/8 = 8.25
    expect(semesterAverage(rules, { regular: [80, 80, 80], midTerm: 85, endTerm: 80 })).toBe(81); // 65/8 = 8.125
    expect(semesterAverage(rules, { regular: [80, 80, 84], midTerm: 80, endTerm: 80 })).toBe(81); // 64.4/8 = 8.05
    // Two regular: (8 + 9 + 2 × 8.5 + 3 × 8) / 7 = 58/7 = 8.2857…
    expect(semesterAverage(rules, { regular: [80, 90], midTerm: 85, endTerm: 80 })).toBe(83);
    // The year weighs semester 2 twice: (6.4 + 2 × 7.1) / 3 = 6.8666…
    expect(yearAverage(rules, 64, 71)).toBe(69);
    expect(yearAverage(rules, 50, 50)).toBe(50);
  });

  it('keeps every average within 0–10 and between the lowest and highest score', () => {
    fc.assert(
      fc.property(
        fc.array(tenths, { minLength: 2, maxLength: 4 }),
        tenths,
        tenths,
        (regular, midTerm, endTerm) => {
          const avg = semesterAverage(rules, { regular, midTerm, endTerm });
          const all = [...regular, midTerm, endTerm];
          expect(avg).toBeGreaterThanOrEqual(Math.min(...all));
          expect(avg).toBeLessThanOrEqual(Math.max(...all));
        },
      ),
    );
  });

  it('reads scores with a decimal comma or point, one decimal at most, 0 to 10', () => {
    expect(parseScore('8,5')).toBe(85);
    expect(parseScore(' 8.5 ')).toBe(85);
    expect(parseScore('10')).toBe(100);
    expect(parseScore('0')).toBe(0);
    expect(parseScore('7,')).toBe(70);
    for (const bad of ['10,5', '8,25', '-1', '', 'tám', '11', '8,5,1'])
      expect(parseScore(bad), bad).toBeUndefined();
    expect(parseWholeScore('7')).toBe(70);
    expect(parseWholeScore('7,5')).toBeUndefined();
    expect(formatScore(83)).toBe('8,3');
    expect(formatScore(100)).toBe('10,0');
  });

  it('counts regular scores by periods a year: ≤ 35 → 2, ≤ 70 → 3, more → 4', () => {
    expect([35, 36, 52, 70, 71, 105, 140].map((p) => regularScoreCount(rules, p))).toEqual([
      2, 3, 3, 3, 4, 4, 4,
    ]);
  });
});

describe('learning levels (Circular 22, Art. 9)', () => {
  it('follows the article’s bars', () => {
    // Tốt: comments Đạt, all ≥ 6.5, six ≥ 8.0.
    expect(learningLevel(rules, [...scored([80, 80, 80, 80, 80, 80, 65, 65]), ...comments()]).level).toBe(
      'T',
    );
    // Five at 8.0 only: Khá (all ≥ 5.0, six ≥ 6.5).
    expect(learningLevel(rules, [...scored([80, 80, 80, 80, 80, 79, 65, 65]), ...comments()]).level).toBe(
      'K',
    );
    // One comment subject Chưa đạt makes it Đạt: two steps below Tốt for that one subject, so
    // Art. 9(4) lifts it to Khá.
    expect(learningLevel(rules, [...scored([90, 90, 90, 90, 90, 90, 90, 90]), ...comments(1)])).toEqual({
      level: 'K',
      liftedFor: 'GDTC',
    });
    expect(
      learningLevel({ ...rules, oneSubjectLift: false }, [
        ...scored([90, 90, 90, 90, 90, 90, 90, 90]),
        ...comments(1),
      ]).level,
    ).toBe('D');
    // Two Chưa đạt: Chưa đạt.
    expect(learningLevel(rules, [...scored([90, 90, 90, 90, 90, 90, 90, 90]), ...comments(2)]).level).toBe(
      'CD',
    );
    // Đạt: six ≥ 5.0, none below 3.5.
    expect(learningLevel(rules, [...scored([50, 50, 50, 50, 50, 50, 35, 35]), ...comments()]).level).toBe(
      'D',
    );
    expect(learningLevel(rules, [...scored([50, 50, 50, 50, 50, 49, 40, 40]), ...comments()]).level).toBe(
      'CD',
    );
  });

  it('lifts one step a level that one subject alone held down two steps or more (Art. 9(4))', () => {
    // Tốt but for one subject at 3.0 (below 3.5: Chưa đạt): lifted to Đạt, naming the subject.
    expect(learningLevel(rules, [...scored([90, 90, 90, 90, 90, 90, 90, 30]), ...comments()])).toEqual({
      level: 'D',
      liftedFor: 'S7',
    });
    // Tốt but for one subject at 4.0 (Đạt): lifted to Khá.
    expect(learningLevel(rules, [...scored([90, 90, 90, 90, 90, 90, 90, 40]), ...comments()])).toEqual({
      level: 'K',
      liftedFor: 'S7',
    });
    // Tốt but for one subject at 6.0 (Khá): one step only, no lift.
    expect(learningLevel(rules, [...scored([90, 90, 90, 90, 90, 90, 90, 60]), ...comments()])).toEqual({
      level: 'K',
    });
    // Two subjects hold it down: no lift.
    expect(learningLevel(rules, [...scored([90, 90, 90, 90, 90, 90, 30, 30]), ...comments()])).toEqual({
      level: 'CD',
    });
  });

  const classResults = fc
    .tuple(fc.array(tenths, { minLength: 6, maxLength: 10 }), fc.integer({ min: 0, max: 2 }))
    .map(([averages, fails]) => [...scored(averages), ...comments(fails)]);
  const rank = (l: Level) => LEVELS.indexOf(l);

  it('never lowers a level when a score is raised', () => {
    fc.assert(
      fc.property(classResults, fc.nat(), fc.integer({ min: 1, max: 100 }), (results, pick, raise) => {
        const i = pick % results.length;
        const r = results[i]!;
        const better = results.map((x, j) =>
          j !== i
            ? x
            : 'average' in r
              ? { ...r, average: Math.min(100, r.average + raise) }
              : { ...r, pass: 'D' as const },
        );
        expect(rank(learningLevel(rules, better).level)).toBeLessThanOrEqual(
          rank(learningLevel(rules, results).level),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('lifts one step at most, and only when some one subject at its best would make it Tốt or Khá', () => {
    fc.assert(
      fc.property(classResults, (results) => {
        const { level, liftedFor } = learningLevel({ ...rules }, results);
        const unlifted = learningLevel({ ...rules, oneSubjectLift: false }, results).level;
        if (!liftedFor) {
          expect(level).toBe(unlifted);
          return;
        }
        expect(rank(unlifted) - rank(level)).toBe(1);
        const best = results.map((x) =>
          x.subject !== liftedFor
            ? x
            : 'average' in x
              ? { ...x, average: 100 }
              : { ...x, pass: 'D' as const },
        );
        const without = learningLevel({ ...rules, oneSubjectLift: false }, best).level;
        expect(['T', 'K']).toContain(without);
        expect(rank(unlifted) - rank(without)).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 500 },
    );
  });
});

describe('conduct, honours and the year’s outcome', () => {
  it('gives the year’s conduct from the two semesters as Art. 8(2) lists them', () => {
    // [semester 1, semester 2] → year, each case of the article's wording.
    const cases: [Level, Level, Level][] = [
      ['T', 'T', 'T'],
      ['K', 'T', 'T'],
      ['K', 'K', 'K'],
      ['D', 'K', 'K'],
      ['T', 'K', 'K'],
      ['T', 'D', 'K'],
      ['D', 'T', 'K'],
      ['CD', 'T', 'K'],
      ['K', 'D', 'D'],
      ['D', 'D', 'D'],
      ['CD', 'D', 'D'],
      ['CD', 'K', 'D'],
      ['T', 'CD', 'CD'],
      ['K', 'CD', 'CD'],
      ['D', 'CD', 'CD'],
      ['CD', 'CD', 'CD'],
    ];
    for (const [s1, s2, year] of cases) expect(yearConduct(rules, s1, s2), `${s1}/${s2}`).toBe(year);
  });

  it('names “Học sinh Xuất sắc” for Tốt and Tốt with six subjects ≥ 9.0, “Giỏi” for Tốt and Tốt', () => {
    const strong = [...scored([90, 90, 90, 90, 90, 90, 80, 80]), ...comments()];
    expect(honour(rules, 'T', 'T', strong)).toBe('excellent');
    const good = [...scored([90, 90, 90, 90, 90, 89, 80, 80]), ...comments()];
    expect(honour(rules, 'T', 'T', good)).toBe('good');
    expect(honour(rules, 'K', 'T', strong)).toBeUndefined();
  });

  it('promotes, sends to re-tests or summer training, or keeps down for absences', () => {
    const results = [...scored([45, 90, 90, 90, 90, 90, 90, 90]), ...comments(1)];
    const base = { grade: 8, conduct: 'K' as Level, learning: 'D' as Level, absentHalfDays: 45, results };
    expect(yearOutcome(rules, base)).toEqual({ outcome: 'promoted', retestSubjects: [] });
    expect(yearOutcome(rules, { ...base, absentHalfDays: 46 }).outcome).toBe('repeat');
    expect(yearOutcome(rules, { ...base, learning: 'CD' })).toEqual({
      outcome: 'retest',
      retestSubjects: ['S0', 'GDTC'],
    });
    expect(yearOutcome(rules, { ...base, conduct: 'CD' }).outcome).toBe('summer-training');
    expect(yearOutcome(rules, { ...base, conduct: 'CD', learning: 'CD' }).outcome).toBe(
      'retest-and-training',
    );
    expect(yearOutcome(rules, { ...base, grade: 12 }).graduationEligible).toBe(true);
    expect(yearOutcome(rules, { ...base, grade: 12, absentHalfDays: 50 }).graduationEligible).toBe(false);
    expect(yearOutcome(rules, base).graduationEligible).toBeUndefined();
  });
});

describe('rule sets by circular and school year', () => {
  it('finds the circular a class was assessed under, as the circulars phased in by grade', () => {
    expect(ruleSetFor(6, 2021)?.id).toBe('tt22-2021');
    expect(ruleSetFor(10, 2022)?.id).toBe('tt22-2021');
    expect(ruleSetFor(12, 2023)).toBeUndefined(); // still Circular 58 then
    expect(ruleSetFor(12, 2024)?.id).toBe('tt22-2021');
    expect(ruleSetFor(5, 2024)?.id).toBe('tt27-2020');
    expect(ruleSetFor(3, 2021)).toBeUndefined();
    expect(ruleSetFor(1, 2030)?.id).toBe('tt27-2020');
  });

  it('gives a primary pupil the year-end outcome of Circular 27, Art. 9', () => {
    const year = (subjects: 'HTT' | 'HT' | 'CHT', qualities: 'T' | 'D' | 'CCG', score: number) => ({
      subjects: ['TIENG_VIET', 'TOAN', 'DAO_DUC'].map((subject) => ({ subject, rating: subjects })),
      qualities: [qualities, qualities, qualities],
      tests: ['TIENG_VIET', 'TOAN'].map((subject) => ({ subject, score })),
    });
    expect(primaryOutcome(CIRCULAR_27, year('HTT', 'T', 90))).toBe('HTXS');
    expect(primaryOutcome(CIRCULAR_27, year('HTT', 'T', 80))).toBe('HTT');
    expect(primaryOutcome(CIRCULAR_27, year('HTT', 'D', 100))).toBe('HT');
    expect(primaryOutcome(CIRCULAR_27, year('HT', 'T', 50))).toBe('HT');
    expect(primaryOutcome(CIRCULAR_27, year('HT', 'T', 40))).toBe('CHT');
    expect(primaryOutcome(CIRCULAR_27, year('CHT', 'T', 100))).toBe('CHT');
    expect(primaryOutcome(CIRCULAR_27, year('HTT', 'CCG', 100))).toBe('CHT');
  });
});
