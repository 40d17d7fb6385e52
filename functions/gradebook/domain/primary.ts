/**
 * Circular 27's year-end result (primary, Art. 9): each subject rated Hoàn thành tốt / Hoàn thành
 * / Chưa hoàn thành, each quality and competency Tốt / Đạt / Cần cố gắng, and the year-end
 * periodic tests in whole numbers. The outcome is the best of the rule set's bars the pupil meets.
 */
import {
  atLeast,
  type PrimaryOutcome,
  type PrimaryRuleSet,
  QUALITY_RATINGS,
  type QualityRating,
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
