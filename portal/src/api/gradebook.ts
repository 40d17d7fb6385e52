/**
 * Grade books (functions/gradebook/manifest.ts): a teacher's books and homeroom classes, a
 * school's classes for its leaders, a class's books, a book's grid and its entry, cell by cell;
 * the homeroom teacher's semester, the class's results, the changes asked to locked books, and
 * the transcripts (học bạ): a class's approved by its homeroom teacher, a grade's signed by the
 * principal, the signed ones downloaded by learners and guardians.
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
  /** A subject's book: locked already (a change needs a school leader's approval). */
  locked?: boolean;
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
  /** The school's lock deadline of each semester (YYYY-MM-DD), when its leaders set one. */
  deadlines?: { semester: number; lockOn: string }[];
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

/** Circular 22's levels: Tốt, Khá, Đạt, Chưa đạt (learning and conduct alike). */
export type Level = 'T' | 'K' | 'D' | 'CD';

/** Circular 27's ratings of a quality or competency: Tốt, Đạt, Cần cố gắng. */
// The ratings are the grade book's own lists (functions/gradebook/domain/rules.ts), not copies.
import type { QualityRating, SubjectRating } from '../../../functions/gradebook/domain/rules.ts';

export {
  QUALITY_RATINGS,
  type QualityRating,
  SUBJECT_RATINGS,
  type SubjectRating,
} from '../../../functions/gradebook/domain/rules.ts';
/** Circular 27's ratings of a subject: Hoàn thành tốt, Hoàn thành, Chưa hoàn thành. */

/** A quality (phẩm chất) or competency (năng lực) a primary pupil is rated on. */
export interface Quality {
  code: string;
  name: string;
  group: 'quality' | 'general' | 'specific';
}

/** One pupil's semester as the homeroom teacher records it. */
export interface HomeroomRow {
  learnerId: string;
  fullName: string;
  conduct?: Level;
  /** Primary: quality or competency code → rating. */
  qualities?: Record<string, QualityRating>;
  /** Half-days absent, excused or not. */
  absentHalfDays?: number;
  comment?: string;
  version: number;
}

/** GET /classes/{classId}/homeroom/{semester}. */
export interface Homeroom {
  class: GradeBookClassSummary;
  semester: number;
  homeroomTeacherName?: string;
  /** The caller enters them (the homeroom teacher); school leaders read. */
  mayEnter: boolean;
  /** Circular 27 (primary) rates qualities and competencies; Circular 22 conduct. */
  level: 'primary' | 'secondary';
  /** The row's columns in order: `conduct` or `q.<quality code>`, `absentHalfDays`, `comment`. */
  fields: string[];
  qualities: Quality[];
  /** The school's lock deadline of the semester has come: only a school leader corrects the rows. */
  locked: boolean;
  /** The caller corrects the locked rows (a school leader), through `…/corrections`. */
  mayCorrect: boolean;
  rows: HomeroomRow[];
}

export type ResultPeriod = '1' | '2' | 'year';
export const RESULT_PERIODS: readonly ResultPeriod[] = ['1', '2', 'year'];

export type YearOutcome = 'promoted' | 'retest' | 'summer-training' | 'retest-and-training' | 'repeat';

export interface PupilResults {
  learnerId: string;
  fullName: string;
  /** Subject code → average (0–10), Đạt / Chưa đạt or, in primary, the rating; subjects not complete are left out. */
  results: Record<string, number | 'D' | 'CD' | SubjectRating>;
  /** Primary: subject code → the periodic test, a whole number. */
  tests?: Record<string, number>;
  /** Primary: quality or competency code → rating. */
  qualities?: Record<string, QualityRating>;
  /** Subject codes (and in primary `qualities`) without a complete result for the period. */
  missing: string[];
  /** Primary, the year (Circular 27, Art. 9). */
  achievement?: 'HTXS' | 'HTT' | 'HT' | 'CHT';
  /** Primary, the year: the grade completed, primary school completed, or support and a re-assessment. */
  completion?: 'grade' | 'primary' | 'support';
  learning?: { level: Level; liftedFor?: string };
  conduct?: Level;
  absentHalfDays: number;
  /** The year: a semester's absences are not recorded, so what follows is not decided. */
  absencesMissing?: boolean;
  honour?: 'excellent' | 'good';
  outcome?: { outcome: YearOutcome; retestSubjects: string[]; graduationEligible?: boolean };
}

/** GET /classes/{classId}/results?period=. */
export interface ClassResults {
  class: GradeBookClassSummary;
  ruleSet: { id: string; circular: string; level: 'primary' | 'secondary' };
  period: ResultPeriod;
  subjects: { code: string; name: string }[];
  /** Primary: the qualities and competencies rated. */
  qualities?: Quality[];
  rows: PupilResults[];
}

/** A change asked to a locked book (POST …/change-requests; GET /org-units/{id}/grade-book-changes). */
export interface ScoreChange {
  requestId: string;
  classId: string;
  className: string;
  subject: string;
  subjectName: string;
  semester: number;
  learnerId: string;
  fullName: string;
  /** The column, as the book names it (`regular.0`, `endTerm`…): shown by its name in words. */
  field: string;
  /** The cell when asked, as the grid shows it ("8,5", "Đ"; empty when it was empty). */
  before: string;
  /** The new value as the teacher typed it. */
  value: string;
  reason: string;
  state: 'pending' | 'approved' | 'rejected';
  requestedByName: string;
  requestedAt: string;
  decidedByName?: string;
  decidedAt?: string;
  note?: string;
}

export const homeroomPath = (classId: string, semester: number) =>
  `/classes/${encodeURIComponent(classId)}/homeroom/${semester}`;
export const resultsPath = (classId: string) => `/classes/${encodeURIComponent(classId)}/results`;
export const scoreChangesPath = (orgUnitId: string) =>
  `/org-units/${encodeURIComponent(orgUnitId)}/grade-book-changes`;

// ——— Transcripts (học bạ số) ———

/** None yet (not approved); approved, waiting for the principal; being signed; signed; failed. */
export type TranscriptState = 'approved' | 'signing' | 'signed' | 'failed';
/** The signed PDF, the XML, and the XML's detached signature (CAdES). */
export type TranscriptFormat = 'pdf' | 'xml' | 'xml.p7s';
export type TranscriptCounts = Record<TranscriptState, number>;

/** GET /classes/{classId}/transcripts: one pupil's transcript of the class's year. */
export interface ClassTranscript {
  learnerId: string;
  fullName: string;
  state?: TranscriptState;
  /** The verification code printed on it ("ABCD-EFGH-JK"), from its approval on. */
  code?: string;
  approvedAt?: string;
  signedAt?: string;
  principalName?: string;
  /** Why it was not made, in the caller's language. */
  error?: string;
}

export interface ClassTranscripts {
  schoolYear: string;
  items: ClassTranscript[];
}

/** POST /classes/{classId}/transcripts: who was approved, who was not and what they miss. */
export interface TranscriptApproval {
  approved: { learnerId: string; fullName: string; code: string }[];
  /** `missing`: subject codes, or `absences` (the year is not decided: conduct or absences). */
  skipped: { learnerId: string; fullName: string; missing: string[] }[];
  alreadySigned: { learnerId: string; fullName: string }[];
}

/** GET /org-units/{orgUnitId}/transcripts?schoolYear=&grade=: a grade's transcripts by class. */
export interface GradeTranscripts {
  schoolYear: string;
  grade: number;
  counts: TranscriptCounts;
  classes: { classId: string; className: string; counts: TranscriptCounts }[];
}

/** GET /me/transcripts: the signed transcripts of the learners linked to the caller. */
export interface MyTranscripts {
  learners: {
    learnerId: string;
    fullName: string;
    transcripts: {
      schoolYear: string;
      grade: number;
      className: string;
      schoolName: string;
      code: string;
      signedAt: string;
    }[];
  }[];
}

/** A five-minute link to a signed transcript's file. */
export interface DownloadLink {
  url: string;
  fileName: string;
}

export const transcriptsPath = (classId: string) => `/classes/${encodeURIComponent(classId)}/transcripts`;
export const gradeTranscriptsPath = (orgUnitId: string) =>
  `/org-units/${encodeURIComponent(orgUnitId)}/transcripts`;
/** The leader's screen signing a grade's transcripts. */
export const signTranscriptsPage = (orgUnitId: string) =>
  `/units/${encodeURIComponent(orgUnitId)}/transcripts`;
