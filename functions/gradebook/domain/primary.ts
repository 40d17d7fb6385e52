/**
 * Circular 27's year-end result (primary, Art. 9): each subject rated Hoàn thành tốt / Hoàn thành
 * / Chưa hoàn thành, each quality and competency Tốt / Đạt / Cần cố gắng, and the year-end
 * periodic tests in whole numbers. The outcome is the best of the rule set's bars the pupil meets.
 */

import { rowComplete } from './book.ts';
import type { Period, StudiedSubject } from './results.ts';
import {
  atLeast,
  type Completion,
  type PrimaryOutcome,
  type PrimaryRuleSet,
  QUALITY_RATINGS,
  type QualityRating,
  qualitiesOf,
  SUBJECT_RATINGS,
  type SubjectRating,
} from './rules.ts';
import type { Tenths } from './tenths.ts';

export interface PrimaryYear {
  subjects: readonly { subject: string; rating: SubjectRating }[];
  /** Qualities (phẩm chất) and competencies (năng lực), each rated. */
  qualities: readonly QualityRating[];
  /** The year-end periodic test of each tested subject, whole numbers as tenths. */
  tests: readonly { subject: string; score: Tenths }[];
}

export function primaryOutcome(rules: PrimaryRuleSet, year: PrimaryYear): PrimaryOutcome {
  for (const bar of rules.outcomes) {
    if (!year.subjects.every((s) => atLeast(SUBJECT_RATINGS, s.rating, bar.subjectsAtLeast))) continue;
    if (!year.qualities.every((q) => atLeast(QUALITY_RATINGS, q, bar.qualitiesAtLeast))) continue;
    if (!year.tests.every((t) => t.score >= bar.testsAtLeast)) continue;
    return bar.outcome;
  }
  return 'CHT';
}

/** The tests a grade must hold: a subject of the grade's list without a score is missing. */
export const missingTests = (rules: PrimaryRuleSet, grade: number, year: PrimaryYear): string[] =>
  (rules.testedSubjects[grade] ?? []).filter((s) => !year.tests.some((t) => t.subject === s));

/** What a primary homeroom teacher records each semester. */
export interface PrimaryHomeroom {
  qualities?: Readonly<Record<string, QualityRating>>;
  absentHalfDays?: number;
}

export interface PrimaryPupilResult {
  subjects: { subject: string; rating: SubjectRating; test?: Tenths }[];
  /** Subjects without a complete rating (and test), and `qualities` when one is not rated. */
  missing: string[];
  qualities: Record<string, QualityRating>;
  absentHalfDays: number;
  /** The year only, once nothing is missing (Art. 9). */
  achievement?: PrimaryOutcome;
  /** Art. 11: the grade's programme completed, primary school completed, or support and a re-assessment. */
  completion?: Completion;
  /** Art. 15: "Học sinh Xuất sắc" for Hoàn thành xuất sắc. */
  honour?: 'excellent';
}

/**
 * A pupil's result under Circular 27. Semester 1 is the mid-year assessment; semester 2 is the
 * year-end one, so the year reads the second semester's book and homeroom row and adds the
 * achievement and what follows.
 */
export function primaryPupilResult(
  rules: PrimaryRuleSet,
  input: {
    grade: number;
    period: Period;
    subjects: readonly StudiedSubject[];
    homeroom: { semester1?: PrimaryHomeroom; semester2?: PrimaryHomeroom };
  },
): PrimaryPupilResult {
  const semester = input.period === 1 ? 1 : 2;
  const subjects: PrimaryPupilResult['subjects'] = [];
  const missing: string[] = [];
  for (const studied of input.subjects) {
    const cells = semester === 1 ? studied.semester1 : studied.semester2;
    const shape = studied.shapes?.[semester] ?? studied.shape;
    if (cells?.rating && rowComplete(shape, cells))
      subjects.push({
        subject: studied.code,
        rating: cells.rating,
        ...(shape.periodicTest && cells.test !== undefined ? { test: cells.test } : {}),
      });
    else missing.push(studied.code);
  }
  const home = semester === 1 ? input.homeroom.semester1 : input.homeroom.semester2;
  const qualities: Record<string, QualityRating> = {};
  let unrated = false;
  for (const q of qualitiesOf(rules, input.grade)) {
    const rating = home?.qualities?.[q.code];
    if (rating) qualities[q.code] = rating;
    else unrated = true;
  }
  if (unrated) missing.push('qualities');
  const absentHalfDays =
    input.period === 'year'
      ? (input.homeroom.semester1?.absentHalfDays ?? 0) + (input.homeroom.semester2?.absentHalfDays ?? 0)
      : (home?.absentHalfDays ?? 0);
  const result: PrimaryPupilResult = { subjects, missing, qualities, absentHalfDays };
  if (input.period !== 'year' || missing.length || !subjects.length) return result;
  const achievement = primaryOutcome(rules, {
    subjects,
    qualities: Object.values(qualities),
    tests: subjects.flatMap((s) => (s.test === undefined ? [] : [{ subject: s.subject, score: s.test }])),
  });
  return {
    ...result,
    achievement,
    completion: achievement === 'CHT' ? 'support' : input.grade === rules.finalGrade ? 'primary' : 'grade',
    ...(achievement === 'HTXS' ? { honour: 'excellent' as const } : {}),
  };
}

/**
 * A primary result's figures as the education database, the tallies and the results route keep
 * them: each subject's rating, the tests as whole numbers (70 tenths → 7), the qualities, and what
 * the year decided.
 */
export function primaryFigures(r: PrimaryPupilResult) {
  return {
    subjects: Object.fromEntries(r.subjects.map((s) => [s.subject, s.rating])) as Record<
      string,
      SubjectRating
    >,
    tests: Object.fromEntries(
      r.subjects.flatMap((s) => (s.test === undefined ? [] : [[s.subject, s.test / 10]])),
    ) as Record<string, number>,
    qualities: r.qualities,
    ...(r.achievement ? { achievement: r.achievement } : {}),
    ...(r.completion ? { completion: r.completion } : {}),
    ...(r.honour ? { honour: r.honour } : {}),
  };
}
