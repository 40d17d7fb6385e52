/**
 * A grade book's shape and its cells, pure: which columns a subject's book has for a semester
 * (Circular 22: the regular scores its periods give, mid-term, end-term; comment-only subjects
 * Đạt / Chưa đạt; Circular 27: a rating and, where tested, the periodic test), what a typed cell
 * means, and a row's average once it is complete.
 */

import { searchKey } from '#shared/text/vietnamese.ts';
import {
  type Level,
  type QualityRating,
  qualitiesOf,
  type RuleSet,
  type SecondaryRuleSet,
  SUBJECT_RATINGS,
  type SubjectRating,
} from './rules.ts';
import { semesterAverage } from './secondary.ts';
import type { Assessment } from './subjects.ts';
import { formatScore, parseScore, parseWholeScore, type Tenths } from './tenths.ts';

export const SEMESTERS = [1, 2] as const;
export type Semester = (typeof SEMESTERS)[number];

export interface BookShape {
  assessment: Assessment;
  /** Scored subjects: regular scores a semester. */
  regularScores: number;
  /** Primary: the subject takes a periodic test at the semester's end. */
  periodicTest: boolean;
}

/** One pupil's cells of a book. Scores are whole tenths; a regular score not given yet is null. */
export interface ScoreCells {
  regular: (Tenths | null)[];
  midTerm?: Tenths;
  endTerm?: Tenths;
  /** Comment-only subjects: Đạt / Chưa đạt. */
  pass?: 'D' | 'CD';
  /** Primary: the subject's rating. */
  rating?: SubjectRating;
  /** Primary: the periodic test, a whole number as tenths. */
  test?: Tenths;
  comment?: string;
}

export const COMMENT_MAX = 500;

/** The book's columns, in the grid's order. */
export function fieldsOf(shape: BookShape): string[] {
  if (shape.assessment === 'scored')
    return [
      ...Array.from({ length: shape.regularScores }, (_, i) => `regular.${i}`),
      'midTerm',
      'endTerm',
      'comment',
    ];
  if (shape.assessment === 'comment') return ['pass', 'comment'];
  return ['rating', ...(shape.periodicTest ? ['test'] : []), 'comment'];
}

export type CellProblem =
  | 'unknown-field'
  | 'score'
  | 'whole-score'
  | 'pass'
  | 'rating'
  | 'comment-long'
  | 'conduct'
  | 'quality'
  | 'absence';

const PASS_WORDS: Record<string, 'D' | 'CD'> = { d: 'D', dat: 'D', cd: 'CD', 'chua dat': 'CD' };
const RATING_WORDS: Record<string, SubjectRating> = {
  htt: 'HTT',
  'hoan thanh tot': 'HTT',
  ht: 'HT',
  'hoan thanh': 'HT',
  cht: 'CHT',
  'chua hoan thanh': 'CHT',
};

/**
 * A typed cell applied to a pupil's cells: `value` as the teacher typed it ("8,5", "Đ", "Hoàn
 * thành tốt"), empty or null to clear it. Answers the new cells, or why the value is refused.
 */
export function applyCell(
  shape: BookShape,
  cells: ScoreCells,
  field: string,
  value: string | null,
): { cells: ScoreCells } | { problem: CellProblem } {
  if (!fieldsOf(shape).includes(field)) return { problem: 'unknown-field' };
  const text = value?.trim() ?? '';
  const next: ScoreCells = { ...cells, regular: [...cells.regular] };
  const clear = text === '';
  if (field.startsWith('regular.')) {
    const i = Number(field.slice('regular.'.length));
    while (next.regular.length < shape.regularScores) next.regular.push(null);
    if (clear) next.regular[i] = null;
    else {
      const score = parseScore(text);
      if (score === undefined) return { problem: 'score' };
      next.regular[i] = score;
    }
    return { cells: next };
  }
  const key = field as Exclude<keyof ScoreCells, 'regular'>;
  if (clear) {
    delete next[key];
    return { cells: next };
  }
  switch (key) {
    case 'midTerm':
    case 'endTerm': {
      const score = parseScore(text);
      if (score === undefined) return { problem: 'score' };
      next[key] = score;
      break;
    }
    case 'test': {
      const score = parseWholeScore(text);
      if (score === undefined) return { problem: 'whole-score' };
      next.test = score;
      break;
    }
    case 'pass': {
      const pass = PASS_WORDS[searchKey(text)];
      if (!pass) return { problem: 'pass' };
      next.pass = pass;
      break;
    }
    case 'rating': {
      const rating = RATING_WORDS[searchKey(text)] ?? SUBJECT_RATINGS.find((r) => r === text.toUpperCase());
      if (!rating) return { problem: 'rating' };
      next.rating = rating;
      break;
    }
    case 'comment':
      if (text.length > COMMENT_MAX) return { problem: 'comment-long' };
      next.comment = text.normalize('NFC');
      break;
  }
  return { cells: next };
}

/** A row's semester average once every score of a scored subject is in; undefined before. */
export function rowAverage(rules: SecondaryRuleSet, shape: BookShape, cells: ScoreCells): Tenths | undefined {
  if (shape.assessment !== 'scored') return undefined;
  const regular = cells.regular.slice(0, shape.regularScores);
  if (regular.length < shape.regularScores || regular.some((r) => r === null)) return undefined;
  if (cells.midTerm === undefined || cells.endTerm === undefined) return undefined;
  return semesterAverage(rules, {
    regular: regular as Tenths[],
    midTerm: cells.midTerm,
    endTerm: cells.endTerm,
  });
}

/** Is every cell the book asks for filled (the comment aside)? */
export function rowComplete(shape: BookShape, cells: ScoreCells): boolean {
  if (shape.assessment === 'scored')
    return (
      cells.regular.slice(0, shape.regularScores).filter((r) => r !== null).length === shape.regularScores &&
      cells.midTerm !== undefined &&
      cells.endTerm !== undefined
    );
  if (shape.assessment === 'comment') return cells.pass !== undefined;
  return cells.rating !== undefined && (!shape.periodicTest || cells.test !== undefined);
}

/** A stored cell as the grid shows it: "8,5", "Đ" / "CĐ", "HTT", a comment; "" when empty. */
export function cellText(field: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (field === 'pass') return value === 'D' ? 'Đ' : 'CĐ';
  if (typeof value === 'number') return field === 'test' ? String(value / 10) : formatScore(value);
  return String(value);
}

/**
 * What the homeroom teacher records of a pupil each semester: Circular 22 conduct, Circular 27 each
 * quality and competency; absences and a comment under both.
 */
export interface HomeroomCells {
  conduct?: Level;
  /** Quality or competency code → rating (Circular 27). */
  qualities?: Record<string, QualityRating>;
  /** Half-days absent in the semester, excused or not. */
  absentHalfDays?: number;
  comment?: string;
}

/** A quality's column: `q.` and its code. */
export const QUALITY_FIELD = 'q.';

/** The homeroom row's columns for a class of `grade` under `rules`, in the grid's order. */
export function homeroomFieldsOf(rules: RuleSet, grade: number): string[] {
  if (rules.level === 'secondary') return ['conduct', 'absentHalfDays', 'comment'];
  return [...qualitiesOf(rules, grade).map((q) => QUALITY_FIELD + q.code), 'absentHalfDays', 'comment'];
}

const QUALITY_WORDS: Record<string, QualityRating> = {
  t: 'T',
  tot: 'T',
  d: 'D',
  dat: 'D',
  ccg: 'CCG',
  'can co gang': 'CCG',
};

const CONDUCT_WORDS: Record<string, Level> = {
  t: 'T',
  tot: 'T',
  k: 'K',
  kha: 'K',
  d: 'D',
  dat: 'D',
  cd: 'CD',
  'chua dat': 'CD',
};

/**
 * A typed homeroom cell ("Tốt", "K", "3", "CCG"), empty to clear, of a row with `fields`; or why
 * it is refused.
 */
export function applyHomeroomCell(
  fields: readonly string[],
  cells: HomeroomCells,
  field: string,
  value: string | null,
): { cells: HomeroomCells } | { problem: CellProblem } {
  if (!fields.includes(field)) return { problem: 'unknown-field' };
  const text = value?.trim() ?? '';
  const next = { ...cells };
  if (field.startsWith(QUALITY_FIELD)) {
    const qualities = { ...next.qualities };
    const code = field.slice(QUALITY_FIELD.length);
    if (text === '') delete qualities[code];
    else {
      const rating = QUALITY_WORDS[searchKey(text)];
      if (!rating) return { problem: 'quality' };
      qualities[code] = rating;
    }
    if (Object.keys(qualities).length) next.qualities = qualities;
    else delete next.qualities;
    return { cells: next };
  }
  const key = field as 'conduct' | 'absentHalfDays' | 'comment';
  if (text === '') {
    delete next[key];
    return { cells: next };
  }
  if (key === 'conduct') {
    const level = CONDUCT_WORDS[searchKey(text)];
    if (!level) return { problem: 'conduct' };
    next.conduct = level;
  } else if (key === 'absentHalfDays') {
    if (!/^\d{1,3}$/.test(text) || Number(text) > 200) return { problem: 'absence' };
    next.absentHalfDays = Number(text);
  } else {
    if (text.length > COMMENT_MAX) return { problem: 'comment-long' };
    next.comment = text.normalize('NFC');
  }
  return { cells: next };
}
