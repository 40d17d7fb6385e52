/**
 * Grade books (functions/gradebook/manifest.ts): a teacher's books and homeroom classes, a
 * school's classes for its leaders, a class's books, a book's grid and its entry, cell by cell.
 * Scores are decimals here (8.5); the API keeps them in whole tenths.
 */

export type Assessment = 'scored' | 'comment' | 'rated';

/** GET /me/grade-books: a book the caller teaches, or a class they are homeroom teacher of. */
export interface MyGradeBook {
  classId: string;
  className: string;
  grade: number;
  schoolYear: string;
  schoolName: string;
  role: 'teacher' | 'homeroom';
  subject?: string;
  subjectName?: string;
  semester?: number;
}

/** GET /org-units/{orgUnitId}/grade-book-classes: a class of the school's latest year. */
export interface GradeBookClass {
  classId: string;
  name: string;
  grade: number;
  schoolYear: string;
  homeroomTeacherName?: string;
}

export interface GradeBookSummary {
  subject: string;
  subjectName: string;
  assessment: Assessment;
  semester: number;
  teacherName?: string;
  locked: boolean;
  lockedAt?: string;
  lockedByName?: string;
  /** The caller may enter its scores now (the subject's teacher, the book open). */
  mayEnter: boolean;
  /** The caller may lock it now (a school leader, the book open). */
  mayLock: boolean;
}

export interface GradeBookClassSummary {
  classId: string;
  name: string;
  grade: number;
  schoolYear: string;
}

/** GET /classes/{classId}/grade-books. */
export interface ClassGradeBooks {
  class: GradeBookClassSummary;
  ruleSet: { id: string; circular: string };
  items: GradeBookSummary[];
}

export interface ScoreCells {
  regular: (number | null)[];
  midTerm?: number;
  endTerm?: number;
  pass?: 'D' | 'CD';
  rating?: 'HTT' | 'HT' | 'CHT';
  test?: number;
  comment?: string;
}

export interface ScoreRow {
  learnerId: string;
  fullName: string;
  cells: ScoreCells;
  /** The semester average once every score is in (scored subjects). */
  average?: number;
  complete: boolean;
  /** Named when entering this row's cells (0: nothing entered yet). */
  version: number;
}

/** GET /classes/{classId}/grade-books/{subject}/{semester}. */
export interface GradeBook extends GradeBookSummary {
  class: GradeBookClassSummary;
  ruleSet: { id: string; circular: string };
  /** `regular.0`…, `midTerm`, `endTerm`, `pass`, `rating`, `test`, `comment`, in the grid's order. */
  columns: string[];
  rows: ScoreRow[];
}

/** One typed cell for PATCH: the value as typed ("8,5", "Đ"), empty to clear. */
export interface CellChange {
  learnerId: string;
  field: string;
  value: string | null;
  expectedVersion: number;
}

/** At most this many changes in one PATCH (the API's limit). */
export const MAX_CHANGES = 400;

export const gradeBooksPath = (classId: string) => `/classes/${encodeURIComponent(classId)}/grade-books`;
export const gradeBookPath = (classId: string, subject: string, semester: number) =>
  `${gradeBooksPath(classId)}/${encodeURIComponent(subject)}/${semester}`;
