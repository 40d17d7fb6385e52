/**
 * Circular 22's computations (lower and upper secondary), pure and on whole tenths: the number
 * of regular scores a subject takes, a subject's semester and year averages, the learning level
 * with the one-subject lift, the year's conduct, honours, and what follows the year (promotion,
 * summer re-training or re-tests, staying down, graduation eligibility). Every threshold comes
 * from the rule set (rules.ts), never from here.
 */
import { atLeast, LEVELS, type Level, type Pass, type SecondaryRuleSet } from './rules.ts';
import { divideHalfUp, MAX_TENTHS, type Tenths } from './tenths.ts';

/** Regular scores a semester for a subject of `periodsPerYear` periods. */
export function regularScoreCount(rules: SecondaryRuleSet, periodsPerYear: number): number {
  const bracket = rules.regularScores.find((b) => b.maxPeriods === null || periodsPerYear <= b.maxPeriods);
  if (!bracket) throw new Error(`No regular-score bracket for ${periodsPerYear} periods in ${rules.id}`);
  return bracket.count;
}

export interface SemesterScores {
  regular: readonly Tenths[];
  midTerm: Tenths;
  endTerm: Tenths;
}

/** (Σ regular + 2 × mid + 3 × end) / (n + 5), rounded half up to a tenth. */
export function semesterAverage(rules: SecondaryRuleSet, scores: SemesterScores): Tenths {
  const { regular: r, midTerm: m, endTerm: e } = rules.weights;
  const sum = scores.regular.reduce((a, b) => a + b, 0) * r + scores.midTerm * m + scores.endTerm * e;
  return divideHalfUp(sum, scores.regular.length * r + m + e);
}

/** (S1 + 2 × S2) / 3, rounded half up to a tenth, from the semesters' rounded averages. */
export function yearAverage(rules: SecondaryRuleSet, semester1: Tenths, semester2: Tenths): Tenths {
  const { semester1: w1, semester2: w2 } = rules.year;
  return divideHalfUp(semester1 * w1 + semester2 * w2, w1 + w2);
}

/** One subject's result for a semester or the year: an average, or Đạt / Chưa đạt. */
export type SubjectResult = { subject: string; average: Tenths } | { subject: string; pass: Pass };

const isScored = (r: SubjectResult): r is { subject: string; average: Tenths } => 'average' in r;

/** The level the rule set's bars give, before the one-subject lift. */
function barLevel(rules: SecondaryRuleSet, results: readonly SubjectResult[]): Level {
  const scores = results.filter(isScored).map((r) => r.average);
  const failedComments = results.filter((r) => !isScored(r) && r.pass === 'CD').length;
  for (const bar of rules.levels) {
    if (failedComments > bar.failedCommentSubjects) continue;
    if (scores.some((s) => s < bar.floor)) continue;
    const needed = Math.min(bar.atLeast.count, scores.length);
    if (scores.filter((s) => s >= bar.atLeast.min).length < needed) continue;
    return bar.level;
  }
  return 'CD';
}

export interface LearningLevel {
  level: Level;
  /** The subject whose result alone held the level down two steps or more (it was lifted one). */
  liftedFor?: string;
}

/**
 * The learning level of a semester or the year. Art. 9(4): when one subject alone holds the level
 * two or more steps below Tốt or Khá — the level it would be with that subject at its best — it
 * is lifted one step.
 */
export function learningLevel(rules: SecondaryRuleSet, results: readonly SubjectResult[]): LearningLevel {
  const level = barLevel(rules, results);
  if (!rules.oneSubjectLift) return { level };
  const rank = LEVELS.indexOf(level);
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    const best: SubjectResult = isScored(r)
      ? { subject: r.subject, average: MAX_TENTHS }
      : { subject: r.subject, pass: 'D' };
    const without = barLevel(
      rules,
      results.map((x, j) => (j === i ? best : x)),
    );
    if ((without === 'T' || without === 'K') && rank - LEVELS.indexOf(without) >= 2)
      return { level: LEVELS[rank - 1]!, liftedFor: r.subject };
  }
  return { level };
}

/** The year's conduct from the two semesters' (Art. 8(2)). */
export function yearConduct(rules: SecondaryRuleSet, semester1: Level, semester2: Level): Level {
  const row = rules.yearConduct.find(
    (r) => r.semester2 === semester2 && atLeast(LEVELS, semester1, r.semester1AtLeast),
  );
  return row?.year ?? 'CD';
}

export type Honour = 'excellent' | 'good';

/** "Học sinh Xuất sắc" or "Học sinh Giỏi" for the year, or none. */
export function honour(
  rules: SecondaryRuleSet,
  conduct: Level,
  learning: Level,
  results: readonly SubjectResult[],
): Honour | undefined {
  if (conduct !== 'T' || learning !== 'T') return undefined;
  const scores = results.filter(isScored).map((r) => r.average);
  const { count, min } = rules.honours.excellent.atLeast;
  return scores.filter((s) => s >= min).length >= Math.min(count, scores.length) ? 'excellent' : 'good';
}

export type YearOutcome =
  /** Lên lớp (or, in a final grade, eligible for graduation). */
  | 'promoted'
  /** Learning Chưa đạt: re-tests in the summer of the subjects below 5.0 or Chưa đạt. */
  | 'retest'
  /** Conduct Chưa đạt: conduct training in the summer. */
  | 'summer-training'
  /** Both: re-tests and conduct training. */
  | 'retest-and-training'
  /** Absent more than the rule allows: stays down (ở lại lớp). */
  | 'repeat';

export interface YearResult {
  outcome: YearOutcome;
  /** The subjects to re-test in the summer (averages below 5.0, comment subjects Chưa đạt). */
  retestSubjects: string[];
  /** In a final grade (9, 12): may sit the graduation exam / be recognised. */
  graduationEligible?: boolean;
}

/** What follows the year (Art. 12–13): promotion, the summer's re-tests or training, or staying down. */
export function yearOutcome(
  rules: SecondaryRuleSet,
  input: {
    grade: number;
    conduct: Level;
    learning: Level;
    absentHalfDays: number;
    results: readonly SubjectResult[];
  },
): YearResult {
  const { minConduct, minLearning, maxAbsentHalfDays } = rules.promotion;
  const retestSubjects = input.results
    .filter((r) => (isScored(r) ? r.average < 50 : r.pass === 'CD'))
    .map((r) => r.subject);
  const learningOk = atLeast(LEVELS, input.learning, minLearning);
  const conductOk = atLeast(LEVELS, input.conduct, minConduct);
  const final = rules.finalGrades.includes(input.grade);
  let outcome: YearOutcome;
  if (input.absentHalfDays > maxAbsentHalfDays) outcome = 'repeat';
  else if (learningOk && conductOk) outcome = 'promoted';
  else if (!learningOk && !conductOk) outcome = 'retest-and-training';
  else outcome = learningOk ? 'summer-training' : 'retest';
  return {
    outcome,
    retestSubjects: outcome === 'retest' || outcome === 'retest-and-training' ? retestSubjects : [],
    ...(final ? { graduationEligible: outcome === 'promoted' } : {}),
  };
}
