/**
 * A pupil's results for a semester or the year under Circular 22, from the books' rows and the
 * homeroom teacher's conduct and absences: each subject's result (the semester's average or
 * Đạt / Chưa đạt; for the year (S1 + 2 × S2) / 3, and a comment-only subject's year is its second
 * semester's), the learning level with the one-subject lift, the conduct, and for the year the
 * honours and what follows. Nothing is computed from a subject not complete: it is named missing.
 */
import { type BookShape, rowAverage, type ScoreCells } from './book.ts';
import type { Level, Pass, SecondaryRuleSet } from './rules.ts';
import {
  type Honour,
  honour,
  learningLevel,
  type SubjectResult,
  type YearResult,
  yearAverage,
  yearConduct,
  yearOutcome,
} from './secondary.ts';

export type Period = 1 | 2 | 'year';

/** One subject a pupil studies: its books' shape and the pupil's cells each semester. */
export interface StudiedSubject {
  code: string;
  shape: BookShape;
  /** A semester's book as written, when its shape differs from `shape` (a book keeps its shape). */
  shapes?: Partial<Record<1 | 2, BookShape>>;
  semester1?: ScoreCells;
  semester2?: ScoreCells;
}

/** What the homeroom teacher records each semester. */
export interface Homeroom {
  conduct?: Level;
  /** Half-days absent, excused and not. */
  absentHalfDays?: number;
}

export interface PupilResult {
  subjects: SubjectResult[];
  /** Subjects without a complete result for the period: nothing above is final without them. */
  missing: string[];
  learning?: { level: Level; liftedFor?: string };
  conduct?: Level;
  absentHalfDays: number;
  /** The year's absences are not both recorded: what follows the year is not decided without them. */
  absencesMissing?: true;
  honour?: Honour;
  outcome?: YearResult;
}

function semesterResult(
  rules: SecondaryRuleSet,
  subject: StudiedSubject,
  semester: 1 | 2,
): SubjectResult | undefined {
  const cells = semester === 1 ? subject.semester1 : subject.semester2;
  const shape = subject.shapes?.[semester] ?? subject.shape;
  if (!cells) return undefined;
  if (shape.assessment === 'comment')
    return cells.pass ? { subject: subject.code, pass: cells.pass as Pass } : undefined;
  const average = rowAverage(rules, shape, cells);
  return average === undefined ? undefined : { subject: subject.code, average };
}

function subjectResult(rules: SecondaryRuleSet, subject: StudiedSubject, period: Period) {
  if (period === 1) return semesterResult(rules, subject, 1);
  if (period === 2) return semesterResult(rules, subject, 2);
  const s2 = semesterResult(rules, subject, 2);
  if (subject.shape.assessment === 'comment') return s2;
  const s1 = semesterResult(rules, subject, 1);
  if (!s1 || !s2 || !('average' in s1) || !('average' in s2)) return undefined;
  return { subject: subject.code, average: yearAverage(rules, s1.average, s2.average) };
}

export function pupilResult(
  rules: SecondaryRuleSet,
  input: {
    grade: number;
    period: Period;
    subjects: readonly StudiedSubject[];
    homeroom: { semester1?: Homeroom; semester2?: Homeroom };
  },
): PupilResult {
  const subjects: SubjectResult[] = [];
  const missing: string[] = [];
  for (const subject of input.subjects) {
    const result = subjectResult(rules, subject, input.period);
    if (result) subjects.push(result);
    else missing.push(subject.code);
  }
  const { semester1: h1, semester2: h2 } = input.homeroom;
  const conduct =
    input.period === 1
      ? h1?.conduct
      : input.period === 2
        ? h2?.conduct
        : h1?.conduct && h2?.conduct
          ? yearConduct(rules, h1.conduct, h2.conduct)
          : undefined;
  const absentHalfDays =
    input.period === 1
      ? (h1?.absentHalfDays ?? 0)
      : input.period === 2
        ? (h2?.absentHalfDays ?? 0)
        : (h1?.absentHalfDays ?? 0) + (h2?.absentHalfDays ?? 0);
  const result: PupilResult = { subjects, missing, absentHalfDays, ...(conduct ? { conduct } : {}) };
  if (missing.length || !subjects.length) return result;
  const learning = learningLevel(rules, subjects);
  result.learning = learning;
  if (input.period !== 'year' || !conduct) return result;
  const earned = honour(rules, conduct, learning.level, subjects);
  if (h1?.absentHalfDays === undefined || h2?.absentHalfDays === undefined)
    return { ...result, ...(earned ? { honour: earned } : {}), absencesMissing: true };
  return {
    ...result,
    ...(earned ? { honour: earned } : {}),
    outcome: yearOutcome(rules, {
      grade: input.grade,
      conduct,
      learning: learning.level,
      absentHalfDays,
      results: subjects,
    }),
  };
}
