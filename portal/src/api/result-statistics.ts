/**
 * Statistics of learning results (functions/gradebook/statistics.ts, manifest `statisticsSchema`):
 * a unit's as its classes' results were sent to the education database — a school's classes, a
 * commune's schools, the city's communes — and a class's computed now from its books; the year-end
 * run that sends every class under a unit; a homeroom teacher's sending of one class.
 */
import type { JobStatus } from '../../../shared/jobs/attributes.ts';
import type { Level, QualityRating, ResultPeriod, SubjectRating, YearOutcome } from './gradebook.ts';

export interface SubjectTally {
  code: string;
  name: string;
  /** Scored subjects: learners with an average, the mean (0–10), learners per band. */
  scored: number;
  mean?: number;
  /** Below 3.5, 3.5–5, 5–6.5, 6.5–8, 8 and above. */
  bands: number[];
  /** Comment-only subjects: Đạt, Chưa đạt. */
  passed: number;
  failed: number;
}

export interface Tally {
  /** Learners whose result is complete, and those whose is not yet. */
  learners: number;
  incomplete: number;
  learning: Record<Level, number>;
  conduct: Record<Level, number>;
  honours: { excellent: number; good: number };
  outcomes: Partial<Record<YearOutcome, number>>;
  subjects: SubjectTally[];
  /** Primary learners (Circular 27), also counted in `learners` (and Học sinh Xuất sắc in `honours`). */
  primary?: PrimaryTally;
}

import type { PrimaryOutcome as Achievement, Completion } from '../../../functions/gradebook/domain/rules.ts';

export {
  COMPLETIONS,
  type Completion,
  PRIMARY_OUTCOMES as ACHIEVEMENTS,
  type PrimaryOutcome as Achievement,
} from '../../../functions/gradebook/domain/rules.ts';

export interface PrimaryTally {
  learners: number;
  achievements: Record<Achievement, number>;
  completions: Record<Completion, number>;
  subjects: { code: string; name: string; ratings: Record<SubjectRating, number> }[];
  qualities: { code: string; name: string; group: string; ratings: Record<QualityRating, number> }[];
}

export type TallyPart = Tally & { id: string; name: string };

/** GET /classes/{classId}/result-statistics?period= (parts empty). */
export interface ResultStatistics {
  schoolYear: string;
  period: ResultPeriod;
  total: Tally;
  /** A school's classes; a commune's schools; the city's communes. */
  parts: TallyPart[];
}

/** GET /org-units/{orgUnitId}/result-statistics?schoolYear=&period=. */
export interface UnitResultStatistics extends ResultStatistics {
  unit: { orgUnitId: string; name: string; kind: string };
}

/** POST /org-units/{orgUnitId}/result-runs; GET /result-runs/{runId}. */
export interface ResultRun {
  runId: string;
  orgUnitId: string;
  status: JobStatus;
  error?: string;
  schoolYear: string;
  period: ResultPeriod;
  totalSchools?: number;
  completedSchools?: number;
  classes?: number;
  submitted?: number;
  unchanged?: number;
  skipped?: number;
  /** Classes with a book of the period still open: counted, nothing sent. */
  openClasses?: number;
}

/** POST /classes/{classId}/results/submission. */
export interface ResultsSubmission {
  submitted: number;
  unchanged: number;
  /** Held by another school (the learner moved). */
  elsewhere: number;
  /** `missing`: subject codes, or `conduct` / `absences` / `qualities`. */
  skipped: { learnerId: string; fullName: string; missing: string[] }[];
  /** Books of the period still open, as `SUBJECT/semester`: nothing is sent while one is. */
  openBooks: string[];
}

export const LEVELS: readonly Level[] = ['T', 'K', 'D', 'CD'];
export const OUTCOMES: readonly YearOutcome[] = [
  'promoted',
  'retest',
  'summer-training',
  'retest-and-training',
  'repeat',
];
/** The bands' count. */
export const BANDS = 5;

export const unitResultStatisticsPath = (orgUnitId: string) =>
  `/org-units/${encodeURIComponent(orgUnitId)}/result-statistics`;
export const classResultStatisticsPath = (classId: string) =>
  `/classes/${encodeURIComponent(classId)}/result-statistics`;
export const resultRunsPath = (orgUnitId: string) =>
  `/org-units/${encodeURIComponent(orgUnitId)}/result-runs`;
export const resultRunPath = (runId: string) => `/result-runs/${encodeURIComponent(runId)}`;
export const resultsSubmissionPath = (classId: string) =>
  `/classes/${encodeURIComponent(classId)}/results/submission`;
/** The portal's screen of a unit's statistics. */
export const resultStatisticsPage = (orgUnitId: string) =>
  `/units/${encodeURIComponent(orgUnitId)}/result-statistics`;

/** Whether anything was sent for the period: learners counted, complete or not. */
export const hasResults = (t: Tally) => t.learners + t.incomplete > 0;
