/**
 * A class's results into the education database (submitResults in functions/edu-data): for a
 * semester or the year, once that period's books are locked, each pupil whose result is complete
 * becomes a `result` record, submitted for the commune's approval like any record and, approved,
 * on the change feed. The homeroom teacher sends one class; the year-end run (a state machine,
 * workers/compute-school-results.ts) sends every class of every school under a unit.
 */
import type { OrgTarget } from '#shared/auth/can.ts';
import {
  type ClassTeaching,
  classList,
  type ResultData,
  type ResultsSubmitted,
  submitResults,
} from '../edu-data/index.ts';
import { startYear, storedBooks } from './books.ts';
import type { Semester } from './domain/book.ts';
import { primaryFigures } from './domain/primary.ts';
import type { Period } from './domain/results.ts';
import { ruleSetFor } from './domain/rules.ts';
import { subjectsOfGrade } from './domain/subjects.ts';
import { classResults, primaryClassResults, studiedSubjects } from './homeroom.ts';
import { classTallyWritten, rollUpSchool, writeClassTally } from './statistics.ts';

export interface ClassSubmission extends ResultsSubmitted {
  /** Pupils whose result is not complete: the subjects missing, or `absences`/`conduct`/`qualities`. */
  skipped: { learnerId: string; fullName: string; missing: string[] }[];
  /** The period's books still open ("TOAN/2"): nothing is sent while one is. */
  openBooks: string[];
}

export const periodKey = (period: Period): '1' | '2' | 'year' =>
  period === 'year' ? 'year' : (String(period) as '1' | '2');

/**
 * Each complete pupil's result of the period as the education database keeps it, and who is
 * not complete. Nothing when a book the period reads is open (its scores are not released):
 * Circular 22's year reads both semesters, Circular 27's only the second (the year-end assessment).
 */
export async function classResultRecords(cls: ClassTeaching, period: Period) {
  const rules = ruleSetFor(cls.grade, startYear(cls.schoolYear));
  // A year this platform holds no rules for (before Circulars 22 and 27): nothing to send or count.
  if (!rules) return { records: [], skipped: [], openBooks: [], unassessed: true as const };
  const subjects = studiedSubjects(cls, subjectsOfGrade(cls.grade));
  const semesters: Semester[] = period !== 'year' ? [period] : rules.level === 'secondary' ? [1, 2] : [2];
  const locked = new Set(
    (await storedBooks(cls.classId)).filter((b) => b.lockedAt).map((b) => `${b.subject}/${b.semester}`),
  );
  const openBooks = subjects.flatMap((s) =>
    semesters.map((semester) => `${s.code}/${semester}`).filter((key) => !locked.has(key)),
  );
  if (openBooks.length) return { records: [], skipped: [], openBooks };
  const pupils = await classList(cls.classId);
  const base = ({ learnerId, fullName }: { learnerId: string; fullName: string }) => ({
    learnerId,
    learnerName: fullName,
    classId: cls.classId,
    schoolYear: cls.schoolYear,
    period: periodKey(period),
    grade: cls.grade,
    ruleSet: rules.id,
  });
  const records: ResultData[] = [];
  const skipped: ClassSubmission['skipped'] = [];
  if (rules.level === 'primary') {
    const results = await primaryClassResults(cls, rules, subjects, pupils, period);
    for (const pupil of pupils) {
      const r = results.get(pupil.learnerId)!;
      if (r.missing.length) {
        skipped.push({ learnerId: pupil.learnerId, fullName: pupil.fullName, missing: r.missing });
        continue;
      }
      records.push({ ...base(pupil), ...primaryFigures(r), absentHalfDays: r.absentHalfDays });
    }
    return { records, skipped, openBooks };
  }
  const results = await classResults(cls, rules, subjects, pupils, period);
  for (const pupil of pupils) {
    const r = results.get(pupil.learnerId)!;
    // What keeps the result open: subjects not complete, then the homeroom teacher's conduct
    // and (for the year) the absences that decide what follows.
    const missing = r.missing.length
      ? r.missing
      : [...(r.conduct ? [] : ['conduct']), ...(period === 'year' && !r.outcome ? ['absences'] : [])];
    if (missing.length || !r.learning || !r.conduct) {
      skipped.push({ learnerId: pupil.learnerId, fullName: pupil.fullName, missing });
      continue;
    }
    records.push({
      ...base(pupil),
      // Scores leave as decimals with one place (83 tenths → 8.3), as the API gives them.
      subjects: Object.fromEntries(
        r.subjects.map((s) => [s.subject, 'average' in s ? s.average / 10 : s.pass]),
      ),
      learning: r.learning.level,
      conduct: r.conduct,
      absentHalfDays: r.absentHalfDays,
      ...(r.honour ? { honour: r.honour } : {}),
      ...(r.outcome
        ? {
            outcome: r.outcome.outcome,
            retestSubjects: r.outcome.retestSubjects,
            ...(r.outcome.graduationEligible !== undefined
              ? { graduationEligible: r.outcome.graduationEligible }
              : {}),
          }
        : {}),
    });
  }
  return { records, skipped, openBooks };
}

/** Sends a class's results of the period to the education database, in the school's name. */
export async function submitClassResults(
  cls: ClassTeaching,
  period: Period,
  school: OrgTarget,
  actor: { sub: string; requestId: string },
): Promise<ClassSubmission> {
  const found = await classResultRecords(cls, period);
  const empty = { submitted: 0, unchanged: 0, pending: 0, rejected: 0, elsewhere: 0 };
  if ('unassessed' in found || found.openBooks.length)
    return { ...empty, skipped: found.skipped, openBooks: found.openBooks };
  const sent = found.records.length ? await submitResults(school, found.records, actor) : empty;
  // The class's statistics of the period, once its results are sent (the school's are added up
  // by the caller).
  await writeClassTally(cls, periodKey(period), found.records, found.skipped.length);
  return { ...sent, skipped: found.skipped, openBooks: [] };
}

/**
 * After a change approved on a locked book: each period the change touches (its semester, and the
 * year) whose results the class already sent is sent again, and the school's statistics follow.
 * A result still waiting for the commune with other figures stays pending: the commune decides it
 * first, and the next send carries the change.
 */
export async function resendAfterChange(
  cls: ClassTeaching,
  semester: Semester,
  school: OrgTarget,
  actor: { sub: string; requestId: string },
): Promise<{ period: '1' | '2' | 'year'; sent: ClassSubmission }[]> {
  const resent: { period: '1' | '2' | 'year'; sent: ClassSubmission }[] = [];
  for (const period of [semester, 'year'] as const) {
    const key = periodKey(period);
    if (!(await classTallyWritten(cls, key))) continue;
    const sent = await submitClassResults(cls, period, school, actor);
    if (!sent.openBooks.length) await rollUpSchool(cls.schoolId, cls.schoolYear, key);
    resent.push({ period: key, sent });
  }
  return resent;
}
