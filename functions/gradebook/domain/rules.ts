/**
 * The assessment rules as versioned data: each rule set names the circular it implements and the
 * school years and grades it governs, so a past year is recomputed with the rules it was assessed
 * under and a new circular (or an amendment) is a new entry here, never an edit of an old one.
 *
 * - Circular 22/2021/TT-BGDĐT (lower and upper secondary), phased in by grade: 6 from 2021–22,
 *   7 and 10 from 2022–23, 8 and 11 from 2023–24, 9 and 12 from 2024–25.
 * - Circular 27/2020/TT-BGDĐT (primary), phased in: 1 from 2020–21, 2 from 2021–22, 3 from
 *   2022–23, 4 from 2023–24, 5 from 2024–25.
 *
 * A school year is named by the year it starts (2024 = 2024–2025).
 */
import type { Tenths } from './tenths.ts';

/** Learning and conduct levels of Circular 22, best first. */
export const LEVELS = ['T', 'K', 'D', 'CD'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_NAMES: Record<Level, string> = { T: 'Tốt', K: 'Khá', D: 'Đạt', CD: 'Chưa đạt' };

/** A comment-only subject's result (Circular 22): Đạt / Chưa đạt. */
export type Pass = 'D' | 'CD';

/** A scored-subject bar of a level: every scored subject at least `floor`, and `count` of them at least `min`. */
export interface LevelRule {
  level: Exclude<Level, 'CD'>;
  /** Comment-only subjects Chưa đạt allowed. */
  failedCommentSubjects: number;
  /** No scored subject below this. */
  floor: Tenths;
  /** At least `count` scored subjects at `min` or above (all of them when fewer are studied). */
  atLeast: { count: number; min: Tenths };
}

export interface SecondaryRuleSet {
  id: string;
  circular: string;
  level: 'secondary';
  /** School years and grades it governs (from `fromYear` on, unless a later set takes over). */
  grades: Record<number, { fromYear: number }>;
  /** Regular scores a semester by periods a year: the first bracket whose `maxPeriods` holds. */
  regularScores: { maxPeriods: number | null; count: number }[];
  weights: { regular: number; midTerm: number; endTerm: number };
  year: { semester1: number; semester2: number };
  /** Best first; a pupil who meets none is Chưa đạt. */
  levels: LevelRule[];
  /**
   * Art. 9(4): a level two or more steps below what it would be but for one subject is lifted
   * one step.
   */
  oneSubjectLift: boolean;
  /** Year conduct from the two semesters' (Art. 8(2)): [semester 2, semester 1 at least] → year. */
  yearConduct: { semester2: Level; semester1AtLeast: Level; year: Level }[];
  honours: {
    /** "Học sinh Xuất sắc": conduct and learning Tốt, and `atLeast` scored subjects at `min`. */
    excellent: { atLeast: { count: number; min: Tenths } };
    /** "Học sinh Giỏi": conduct and learning Tốt. */
    good: true;
  };
  promotion: { minConduct: Level; minLearning: Level; maxAbsentHalfDays: number };
  /** Grades whose year ends in graduation (eligibility for the exam or the recognition). */
  finalGrades: number[];
}

/** Circular 27's per-subject and qualities/competencies ratings, best first. */
export const SUBJECT_RATINGS = ['HTT', 'HT', 'CHT'] as const;
export type SubjectRating = (typeof SUBJECT_RATINGS)[number];
export const SUBJECT_RATING_NAMES: Record<SubjectRating, string> = {
  HTT: 'Hoàn thành tốt',
  HT: 'Hoàn thành',
  CHT: 'Chưa hoàn thành',
};
export const QUALITY_RATINGS = ['T', 'D', 'CCG'] as const;
export type QualityRating = (typeof QUALITY_RATINGS)[number];
export const QUALITY_RATING_NAMES: Record<QualityRating, string> = { T: 'Tốt', D: 'Đạt', CCG: 'Cần cố gắng' };

export const QUALITY_GROUPS = ['quality', 'general', 'specific'] as const;
export type QualityGroup = (typeof QUALITY_GROUPS)[number];
export const QUALITY_GROUP_NAMES: Record<QualityGroup, string> = {
  quality: 'Phẩm chất chủ yếu',
  general: 'Năng lực chung',
  specific: 'Năng lực đặc thù',
};

/** What follows a primary year (Art. 11): the grade's programme completed, primary school completed, or support and a re-assessment. */
export const COMPLETIONS = ['grade', 'primary', 'support'] as const;
export type Completion = (typeof COMPLETIONS)[number];

export const PRIMARY_OUTCOMES = ['HTXS', 'HTT', 'HT', 'CHT'] as const;
export type PrimaryOutcome = (typeof PRIMARY_OUTCOMES)[number];
export const PRIMARY_OUTCOME_NAMES: Record<PrimaryOutcome, string> = {
  HTXS: 'Hoàn thành xuất sắc',
  HTT: 'Hoàn thành tốt',
  HT: 'Hoàn thành',
  CHT: 'Chưa hoàn thành',
};

export interface PrimaryRuleSet {
  id: string;
  circular: string;
  level: 'primary';
  grades: Record<number, { fromYear: number }>;
  /** The grade whose completion completes primary school (Art. 11). */
  finalGrade: number;
  /** Subjects with a periodic test (whole-number scores), per grade. */
  testedSubjects: Record<number, readonly string[]>;
  /**
   * The qualities (phẩm chất) and competencies (năng lực chung, đặc thù) rated Tốt / Đạt / Cần cố
   * gắng at the end of each semester (Art. 7, periodic assessment), in the transcript's order; `fromGrade` where a
   * competency is assessed only once its subject is taught.
   */
  qualities: readonly { code: string; name: string; group: QualityGroup; fromGrade?: number }[];
  /** Art. 9: best first, the first the pupil meets. */
  outcomes: {
    outcome: Exclude<PrimaryOutcome, 'CHT'>;
    subjectsAtLeast: SubjectRating;
    qualitiesAtLeast: QualityRating;
    testsAtLeast: Tenths;
  }[];
}

export type RuleSet = SecondaryRuleSet | PrimaryRuleSet;

export const CIRCULAR_22: SecondaryRuleSet = {
  id: 'tt22-2021',
  circular: '22/2021/TT-BGDĐT',
  level: 'secondary',
  grades: {
    6: { fromYear: 2021 },
    7: { fromYear: 2022 },
    10: { fromYear: 2022 },
    8: { fromYear: 2023 },
    11: { fromYear: 2023 },
    9: { fromYear: 2024 },
    12: { fromYear: 2024 },
  },
  regularScores: [
    { maxPeriods: 35, count: 2 },
    { maxPeriods: 70, count: 3 },
    { maxPeriods: null, count: 4 },
  ],
  weights: { regular: 1, midTerm: 2, endTerm: 3 },
  year: { semester1: 1, semester2: 2 },
  levels: [
    { level: 'T', failedCommentSubjects: 0, floor: 65, atLeast: { count: 6, min: 80 } },
    { level: 'K', failedCommentSubjects: 0, floor: 50, atLeast: { count: 6, min: 65 } },
    { level: 'D', failedCommentSubjects: 1, floor: 35, atLeast: { count: 6, min: 50 } },
  ],
  oneSubjectLift: true,
  yearConduct: [
    { semester2: 'T', semester1AtLeast: 'K', year: 'T' },
    { semester2: 'T', semester1AtLeast: 'CD', year: 'K' },
    { semester2: 'K', semester1AtLeast: 'D', year: 'K' },
    { semester2: 'K', semester1AtLeast: 'CD', year: 'D' },
    { semester2: 'D', semester1AtLeast: 'T', year: 'K' },
    { semester2: 'D', semester1AtLeast: 'CD', year: 'D' },
    { semester2: 'CD', semester1AtLeast: 'CD', year: 'CD' },
  ],
  honours: { excellent: { atLeast: { count: 6, min: 90 } }, good: true },
  promotion: { minConduct: 'D', minLearning: 'D', maxAbsentHalfDays: 45 },
  finalGrades: [9, 12],
};

export const CIRCULAR_27: PrimaryRuleSet = {
  id: 'tt27-2020',
  circular: '27/2020/TT-BGDĐT',
  level: 'primary',
  grades: {
    1: { fromYear: 2020 },
    2: { fromYear: 2021 },
    3: { fromYear: 2022 },
    4: { fromYear: 2023 },
    5: { fromYear: 2024 },
  },
  finalGrade: 5,
  testedSubjects: {
    1: ['TIENG_VIET', 'TOAN'],
    2: ['TIENG_VIET', 'TOAN'],
    3: ['TIENG_VIET', 'TOAN', 'TIENG_ANH', 'TIN_HOC_CONG_NGHE'],
    4: ['TIENG_VIET', 'TOAN', 'TIENG_ANH', 'LICH_SU_DIA_LY', 'KHOA_HOC', 'TIN_HOC_CONG_NGHE'],
    5: ['TIENG_VIET', 'TOAN', 'TIENG_ANH', 'LICH_SU_DIA_LY', 'KHOA_HOC', 'TIN_HOC_CONG_NGHE'],
  },
  qualities: [
    { code: 'YEU_NUOC', name: 'Yêu nước', group: 'quality' },
    { code: 'NHAN_AI', name: 'Nhân ái', group: 'quality' },
    { code: 'CHAM_CHI', name: 'Chăm chỉ', group: 'quality' },
    { code: 'TRUNG_THUC', name: 'Trung thực', group: 'quality' },
    { code: 'TRACH_NHIEM', name: 'Trách nhiệm', group: 'quality' },
    { code: 'TU_CHU_TU_HOC', name: 'Tự chủ và tự học', group: 'general' },
    { code: 'GIAO_TIEP_HOP_TAC', name: 'Giao tiếp và hợp tác', group: 'general' },
    { code: 'GQVD_SANG_TAO', name: 'Giải quyết vấn đề và sáng tạo', group: 'general' },
    { code: 'NGON_NGU', name: 'Ngôn ngữ', group: 'specific' },
    { code: 'TINH_TOAN', name: 'Tính toán', group: 'specific' },
    { code: 'KHOA_HOC', name: 'Khoa học', group: 'specific' },
    { code: 'CONG_NGHE', name: 'Công nghệ', group: 'specific', fromGrade: 3 },
    { code: 'TIN_HOC', name: 'Tin học', group: 'specific', fromGrade: 3 },
    { code: 'THAM_MY', name: 'Thẩm mĩ', group: 'specific' },
    { code: 'THE_CHAT', name: 'Thể chất', group: 'specific' },
  ],
  outcomes: [
    { outcome: 'HTXS', subjectsAtLeast: 'HTT', qualitiesAtLeast: 'T', testsAtLeast: 90 },
    { outcome: 'HTT', subjectsAtLeast: 'HTT', qualitiesAtLeast: 'T', testsAtLeast: 70 },
    { outcome: 'HT', subjectsAtLeast: 'HT', qualitiesAtLeast: 'D', testsAtLeast: 50 },
  ],
};

/** Every rule set the platform knows, oldest first. */
export const RULE_SETS: readonly RuleSet[] = [CIRCULAR_27, CIRCULAR_22];

/**
 * The rule set a class of `grade` was assessed under in the school year starting `year`: the
 * latest set governing that grade from that year or before; undefined when none did (years
 * assessed under Circular 58/2011 or 30/2014 are not kept in this platform).
 */
export function ruleSetFor(grade: number, year: number): RuleSet | undefined {
  let found: RuleSet | undefined;
  for (const set of RULE_SETS) {
    const from = set.grades[grade]?.fromYear;
    if (from !== undefined && from <= year && (!found || from >= (found.grades[grade]?.fromYear ?? 0)))
      found = set;
  }
  return found;
}

/** Is `a` at least as good as `b` on a best-first scale? */
export const atLeast = <T extends string>(scale: readonly T[], a: T, b: T) =>
  scale.indexOf(a) <= scale.indexOf(b);

/** The qualities and competencies a pupil of `grade` is rated on, in the transcript's order. */
export const qualitiesOf = (rules: PrimaryRuleSet, grade: number) =>
  rules.qualities.filter((q) => (q.fromGrade ?? 0) <= grade);
