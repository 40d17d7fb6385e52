/**
 * A class's grade books: which book a (class, subject, semester) is — the class and its teaching
 * read from the education database at request time, the rule set its grade and school year were
 * assessed under, the subject's shape — and its rows: read, entered cell by cell (each row's
 * version checked, the book's lock checked, all in one transaction with the audit entry), locked.
 */
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { badRequest, conflict, fieldError, HttpProblem, notFound } from '#shared/http/problem.ts';
import { type ClassTeaching, classTeaching } from '../edu-data/index.ts';
import {
  applyCell,
  type BookShape,
  type CellProblem,
  type ScoreCells,
  type Semester,
} from './domain/book.ts';
import { type RuleSet, ruleSetFor } from './domain/rules.ts';
import { regularScoreCount } from './domain/secondary.ts';
import { hasPeriodicTest, type Subject, subjectOfAssignment, subjectsOfGrade } from './domain/subjects.ts';
import { gradebookText } from './domain/texts.ts';
import { gradebookEntities } from './entities.ts';

export interface GradeBookItem {
  classId: string;
  subject: string;
  semester: number;
  schoolId: string;
  schoolYear: number;
  grade: number;
  ruleSetId: string;
  assessment: Subject['assessment'];
  regularScores: number;
  periodicTest: boolean;
  lockedAt?: string;
  lockedBy?: string;
  lockedByName?: string;
  createdAt: string;
  updatedAt: string;
}

export interface ScoreRowItem extends ScoreCells {
  classId: string;
  subject: string;
  semester: number;
  learnerId: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/** A book as the request names it, with everything needed to read or write it. */
export interface Book {
  cls: ClassTeaching;
  subject: Subject;
  semester: Semester;
  rules: RuleSet;
  shape: BookShape;
  /** The staff record assigned to teach the subject that semester, if any. */
  teacherId?: string;
  /** The stored book (its lock), once written. */
  stored?: GradeBookItem;
}

/** `2025-2026` → 2025. */
export const startYear = (schoolYear: string) => Number(schoolYear.slice(0, 4));

/** The facts `can` reads of a book: its subject's teacher and the class's homeroom teacher. */
export const bookFacts = (cls: ClassTeaching, teacherId: string | undefined) => ({
  teacher: teacherId,
  homeroom: cls.homeroomTeacherId,
});

/** A class's books as written (entered or locked at least once): one Query. */
export async function storedBooks(classId: string): Promise<GradeBookItem[]> {
  const { data } = await gradebookEntities().gradeBook.query.byClass({ classId }).go({ pages: 'all' });
  return data as GradeBookItem[];
}

/** The class's subjects with their assigned teachers, per semester; undefined for a class of a year not held. */
export async function classBooks(classId: string) {
  const cls = await classTeaching(classId);
  if (!cls) return undefined;
  const rules = ruleSetFor(cls.grade, startYear(cls.schoolYear));
  if (!rules) return undefined;
  const stored = new Map((await storedBooks(classId)).map((b) => [`${b.subject}#${b.semester}`, b]));
  const subjects = subjectsOfGrade(cls.grade);
  return {
    cls,
    rules,
    books: subjects.flatMap((subject) =>
      ([1, 2] as const).map((semester) => ({
        subject,
        semester,
        teacherId: teacherOf(cls, subject, semester),
        stored: stored.get(`${subject.code}#${semester}`),
      })),
    ),
  };
}

const teacherOf = (cls: ClassTeaching, subject: Subject, semester: Semester) =>
  cls.assignments.find(
    (a) => a.semester === semester && subjectOfAssignment(cls.grade, a.subject)?.code === subject.code,
  )?.teacherId;

/** One book of a class; undefined when the class, its year's rules or the subject do not exist. */
export async function bookOf(
  classId: string,
  subjectCode: string,
  semester: Semester,
): Promise<Book | undefined> {
  const cls = await classTeaching(classId);
  if (!cls) return undefined;
  const rules = ruleSetFor(cls.grade, startYear(cls.schoolYear));
  const subject = subjectsOfGrade(cls.grade).find((s) => s.code === subjectCode);
  if (!rules || !subject) return undefined;
  const { data } = await gradebookEntities()
    .gradeBook.get({ classId, subject: subject.code, semester })
    .go({ consistent: true });
  const stored = (data as GradeBookItem | null) ?? undefined;
  const teacherId = teacherOf(cls, subject, semester);
  return {
    cls,
    subject,
    semester,
    rules,
    shape: shapeOf(rules, cls.grade, subject, stored),
    ...(teacherId ? { teacherId } : {}),
    ...(stored ? { stored } : {}),
  };
}

/** A book's shape: as stored once written (a later change of rules never reshapes it), else from the rules. */
export function shapeOf(rules: RuleSet, grade: number, subject: Subject, stored?: GradeBookItem): BookShape {
  if (stored)
    return {
      assessment: stored.assessment,
      regularScores: stored.regularScores,
      periodicTest: stored.periodicTest,
    };
  const regularScores =
    rules.level === 'secondary' && subject.assessment === 'scored'
      ? regularScoreCount(rules, subject.periodsPerYear)
      : 0;
  return {
    assessment: subject.assessment,
    regularScores,
    periodicTest: hasPeriodicTest(grade, subject.code),
  };
}

/** A book's item when it is first written: its shape is fixed from then on. */
const newBookItem = (book: Book, at: string): GradeBookItem => ({
  classId: book.cls.classId,
  subject: book.subject.code,
  semester: book.semester,
  schoolId: book.cls.schoolId,
  schoolYear: startYear(book.cls.schoolYear),
  grade: book.cls.grade,
  ruleSetId: book.rules.id,
  assessment: book.shape.assessment,
  regularScores: book.shape.regularScores,
  periodicTest: book.shape.periodicTest,
  createdAt: at,
  updatedAt: at,
});

/** One pupil's row of a book, read consistently; undefined before anything is entered for them. */
export async function rowOf(book: Book, learnerId: string): Promise<ScoreRowItem | undefined> {
  const { data } = await gradebookEntities()
    .scoreRow.get({
      classId: book.cls.classId,
      subject: book.subject.code,
      semester: book.semester,
      learnerId,
    })
    .go({ consistent: true });
  return (data as ScoreRowItem | null) ?? undefined;
}

/** One learner's rows of some books of their class (one BatchGet), in the books' order. */
export async function releasedRows(
  classId: string,
  learnerId: string,
  books: readonly { subject: Subject; semester: number }[],
): Promise<(ScoreRowItem | undefined)[]> {
  if (!books.length) return [];
  const { data, unprocessed } = await gradebookEntities()
    .scoreRow.get(books.map((b) => ({ classId, subject: b.subject.code, semester: b.semester, learnerId })))
    .go({ consistent: true });
  // Keys DynamoDB left unread (throttled) would show as empty cells: better no answer than a wrong one.
  if (unprocessed.length) throw new Error(`Released scores: ${unprocessed.length} rows left unread`);
  const found = new Map((data as ScoreRowItem[]).map((r) => [`${r.subject}#${r.semester}`, r]));
  return books.map((b) => found.get(`${b.subject.code}#${b.semester}`));
}

export async function rowsOf(book: Book): Promise<Map<string, ScoreRowItem>> {
  const { data } = await gradebookEntities()
    .scoreRow.query.byBook({ classId: book.cls.classId, subject: book.subject.code, semester: book.semester })
    .go({ pages: 'all', consistent: true });
  return new Map((data as ScoreRowItem[]).map((r) => [r.learnerId, r]));
}

/**
 * Applies typed changes to rows of a class (a book's, the homeroom's): each pupil in the class,
 * each row at the version the teacher saw, each value one the column takes. Answers the rows to
 * write with the versions they had; a row changed meanwhile is a 409 naming those changes, any
 * other refusal a 400 naming each cell — and nothing is written either way.
 */
export function checkChanges<C>(
  pupils: ReadonlySet<string>,
  before: ReadonlyMap<string, C & { version: number }>,
  changes: readonly CellChange[],
  empty: C,
  apply: (cells: C, field: string, value: string | null) => { cells: C } | { problem: CellProblem },
): Map<string, C & { version: number }> {
  const after = new Map<string, C & { version: number }>();
  const problems: ReturnType<typeof fieldError>[] = [];
  const seen = new Set<string>();
  changes.forEach((change, i) => {
    // A cell named twice is a client's mistake: which value is meant?
    const cell = `${change.learnerId}#${change.field}`;
    if (seen.has(cell)) {
      problems.push(fieldError('body', `changes.${i}.field`, gradebookText('cell-twice')));
      return;
    }
    seen.add(cell);
    if (!pupils.has(change.learnerId)) {
      problems.push(fieldError('body', `changes.${i}.learnerId`, gradebookText('not-in-class')));
      return;
    }
    const version = before.get(change.learnerId)?.version ?? 0;
    if (change.expectedVersion !== version) {
      problems.push(fieldError('body', `changes.${i}.expectedVersion`, gradebookText('row-changed')));
      return;
    }
    const applied = apply(
      after.get(change.learnerId) ?? before.get(change.learnerId) ?? empty,
      change.field,
      change.value,
    );
    if ('problem' in applied) {
      problems.push(fieldError('body', `changes.${i}.value`, gradebookText(PROBLEM_TEXT[applied.problem])));
      return;
    }
    after.set(change.learnerId, { ...applied.cells, version });
  });
  // A row changed since the teacher read it: nothing is written, the grid reloads.
  const stale = problems.filter((p) => p.field.endsWith('expectedVersion'));
  if (stale.length)
    throw new HttpProblem({
      status: 409,
      title: 'Conflict',
      slug: 'conflict',
      detail: gradebookText('row-changed'),
      errors: stale,
    });
  if (problems.length) throw badRequest(gradebookText('cells-refused', { count: problems.length }), problems);
  // One transaction writes them with the book and the audit entry: at most 100 items.
  if (after.size > MAX_ROWS_AT_ONCE)
    throw badRequest(gradebookText('too-many-rows', { max: MAX_ROWS_AT_ONCE }), [
      fieldError('body', 'changes', gradebookText('too-many-rows', { max: MAX_ROWS_AT_ONCE })),
    ]);
  return after;
}

/** Rows one entry may write (with the book and the audit entry, within a transaction's 100 items). */
export const MAX_ROWS_AT_ONCE = 90;

export interface CellChange {
  learnerId: string;
  field: string;
  value: string | null;
  /** The row's version the teacher saw (0: no row yet). */
  expectedVersion: number;
}

export const PROBLEM_TEXT: Record<CellProblem, Parameters<typeof gradebookText>[0]> = {
  'unknown-field': 'unknown-field',
  score: 'bad-score',
  'whole-score': 'bad-whole-score',
  pass: 'bad-pass',
  rating: 'bad-rating',
  'comment-long': 'comment-long',
  conduct: 'bad-conduct',
  absence: 'bad-absence',
  quality: 'bad-quality',
};

/**
 * Enters cells: every change checked first (each refusal on its own cell, nothing written), then
 * every row touched written at once with its version checked, the book created or checked
 * unlocked, and one audit entry naming the cells — old and new.
 */
export async function enter(
  book: Book,
  pupils: ReadonlySet<string>,
  changes: readonly CellChange[],
  actor: { accountId: string; requestId: string },
  unit: OrgTarget,
) {
  if (book.stored?.lockedAt) throw conflict(gradebookText('locked'));
  const before = await rowsOf(book);
  const after = checkChanges(pupils, before, changes, { regular: [] } as ScoreCells, (cells, field, value) =>
    applyCell(book.shape, cells, field, value),
  );

  const at = new Date().toISOString();
  const key = { classId: book.cls.classId, subject: book.subject.code, semester: book.semester };
  const bookItem = book.stored ?? newBookItem(book, at);
  const written: ScoreRowItem[] = [];
  const result = await gradebookEntities()
    .service.transaction.write(({ gradeBook, scoreRow, auditEntry: log }) => [
      gradeBook
        .upsert({ ...bookItem, updatedAt: at })
        .where((b, op) => op.notExists(b.lockedAt))
        .commit(),
      ...[...after].map(([learnerId, { version, ...cells }]) => {
        const item: ScoreRowItem = {
          ...key,
          learnerId,
          ...cells,
          regular: cells.regular,
          version: version + 1,
          updatedAt: at,
          updatedBy: actor.accountId,
        };
        written.push(item);
        return version === 0
          ? scoreRow.create(item).commit()
          : scoreRow
              .put(item)
              .where((r, op) => op.eq(r.version, version))
              .commit();
      }),
      log
        .create(
          auditEntry({
            actorId: actor.accountId,
            action: 'gradebook.enter',
            targetType: 'grade-book',
            targetId: `${key.classId}/${key.subject}/${key.semester}`,
            orgUnit: unit,
            requestId: actor.requestId,
            changes: {
              cells: changes.map((c) => ({
                learnerId: c.learnerId,
                field: c.field,
                before: cellValue(before.get(c.learnerId), c.field),
                after: cellValue(after.get(c.learnerId), c.field),
              })),
            },
          }),
        )
        .commit(),
    ])
    .go();
  // The transaction answers its cancellation: the book locked meanwhile (its item is first), or a
  // row written meanwhile.
  if (result.canceled) throw conflict(gradebookText(result.data[0]?.rejected ? 'locked' : 'row-changed'));
  return written;
}

/** A cell's stored value (tenths, a code or text), for the audit trail. */
export function cellValue(cells: ScoreCells | undefined, field: string): unknown {
  if (!cells) return null;
  if (field.startsWith('regular.')) return cells.regular[Number(field.slice(8))] ?? null;
  return cells[field as Exclude<keyof ScoreCells, 'regular'>] ?? null;
}

/** Locks a book: no entry after it, audited. A book already locked is a conflict. */
export async function lock(
  book: Book,
  actor: { accountId: string; fullName: string; requestId: string },
  unit: OrgTarget,
) {
  const at = new Date().toISOString();
  const key = { classId: book.cls.classId, subject: book.subject.code, semester: book.semester };
  const base = book.stored ?? newBookItem(book, at);
  const locked = {
    ...base,
    lockedAt: at,
    lockedBy: actor.accountId,
    lockedByName: actor.fullName,
    updatedAt: at,
  };
  const result = await gradebookEntities()
    .service.transaction.write(({ gradeBook, auditEntry: log }) => [
      gradeBook
        .upsert(locked)
        .where((b, op) => op.notExists(b.lockedAt))
        .commit(),
      log
        .create(
          auditEntry({
            actorId: actor.accountId,
            action: 'gradebook.lock',
            targetType: 'grade-book',
            targetId: `${key.classId}/${key.subject}/${key.semester}`,
            orgUnit: unit,
            requestId: actor.requestId,
          }),
        )
        .commit(),
    ])
    .go();
  if (result.canceled) throw conflict(gradebookText('locked'));
  return locked;
}

export const noSuchBook = () => notFound(gradebookText('no-book'));
