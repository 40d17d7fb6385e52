/**
 * The grade book's API: the published rules, a class's books, a book's grid, entering cells and
 * locking. Who may do what is `can` on the book's facts — its subject's teacher and the class's
 * homeroom teacher, staff records linked to accounts — read at request time from the class's
 * assignments; a book the caller may not read is a 404, as one that does not exist.
 */
import { can, type ItemFacts, type OrgTarget, type Principal } from '#shared/auth/can.ts';
import type { Permission } from '#shared/auth/permissions.ts';
import { orgTree } from '#shared/auth/principal-loader.ts';
import { accountsHoldingAt, authEntities, orgUnitNames } from '#shared/auth/store.ts';
import { nameBasedId } from '#shared/db/name-based-id.ts';
import { decodeCursor, encodeCursor } from '#shared/db/pagination.ts';
import { makeApi, reply } from '#shared/http/api.ts';
import { badRequest, conflict, fieldError, HttpProblem, notFound } from '#shared/http/problem.ts';
import { logger } from '#shared/observability/logger.ts';
import { formatVerificationCode } from '#shared/signing/verification-code.ts';
import { presignDownload } from '#shared/storage/s3.ts';
import { storedFailure } from '#shared/text/texts.ts';
import {
  type ClassTeaching,
  classesTeachingOfSchool,
  classList,
  classTeaching,
  linkablePeople,
} from '../edu-data/index.ts';
import { type NotificationMessage, notifyQuietly } from '../notifications/messages.ts';
import {
  type Book,
  bookFacts,
  bookOf,
  type CellChange,
  classBooks,
  enter,
  type GradeBookItem,
  lock,
  noSuchBook,
  releasedRows,
  rowsOf,
  type ScoreRowItem,
  shapeOf,
  startYear,
  storedBooks,
} from './books.ts';
import {
  askChange,
  changeRequest,
  decideChange,
  requesterChanges,
  type ScoreChangeItem,
  schoolChanges,
} from './changes.ts';
import { type LockDeadline, schoolDeadlines, setDeadline } from './deadlines.ts';
import {
  cellText,
  fieldsOf,
  homeroomFieldsOf,
  rowAverage,
  rowComplete,
  type ScoreCells,
  type Semester,
} from './domain/book.ts';
import { primaryFigures } from './domain/primary.ts';
import type { Period } from './domain/results.ts';
import {
  CIRCULAR_27,
  type PrimaryRuleSet,
  qualitiesOf,
  ruleSetFor,
  type SecondaryRuleSet,
} from './domain/rules.ts';
import { regularScoreCount } from './domain/secondary.ts';
import { type PrimaryTally, type ResultTally, tallyOf } from './domain/statistics.ts';
import { hasPeriodicTest, type Subject, subjectOfAssignment, subjectsOfGrade } from './domain/subjects.ts';
import { divideHalfUp } from './domain/tenths.ts';
import { gradebookText } from './domain/texts.ts';
import {
  classResults,
  enterHomeroom,
  type HomeroomRowItem,
  homeroomRows,
  primaryClassResults,
  RowsChanged,
  semesterLocked,
  studiedSubjects,
} from './homeroom.ts';
import { gradebookManifest } from './manifest.ts';
import { transcriptKey } from './messages.ts';
import { resultRuns } from './result-runs.ts';
import { resendAfterChange, submitClassResults } from './results-flow.ts';
import { rollUpSchool, unitStatistics } from './statistics.ts';
import {
  approveTranscripts,
  classTranscripts,
  gradeTranscripts,
  learnerTranscripts,
  signGrade,
  type TranscriptItem,
} from './transcripts.ts';

/** The request's own check of a permission on an org unit and an item (shared/http/api.ts). */
type Authorize = (permission: Permission, orgUnitId: string, item: ItemFacts) => Promise<OrgTarget>;

/**
 * An item the caller may not have answers exactly as one that does not exist: the refusal's 404
 * becomes the route's own "no such …" answer.
 */
const asMissing = <T>(check: Promise<T>, missing: () => HttpProblem): Promise<T> =>
  check.catch((error: unknown) => {
    if (error instanceof HttpProblem && error.status === 404) throw missing();
    throw error;
  });

/** Tells a class's pupils, through their links, that a book's scores are released. */
const tellReleased = (book: Book, pupils: readonly { learnerId: string }[]) =>
  notifyQuietly(
    pupils.map(
      (p): NotificationMessage => ({
        notificationId: nameBasedId(
          `scores-released:${book.cls.classId}:${book.subject.code}:${book.semester}:${p.learnerId}`,
        ),
        channel: 'app',
        recipientId: `edu:${p.learnerId}`,
        template: 'scores-released',
        data: { subject: book.subject.name, semester: String(book.semester), className: book.cls.name },
      }),
    ),
    'Release notifications',
  );

/** The class of a homeroom route, when the caller may `permission` it as the class's homeroom; else 404. */
async function homeroomClass(
  classId: string,
  permission: 'gradebook.read' | 'gradebook.enter',
  authorize: Authorize,
) {
  const cls = await classTeaching(classId);
  if (!cls) throw noSuchBook();
  // Reading: the homeroom teacher and school leaders; entering: the homeroom teacher alone.
  const facts =
    permission === 'gradebook.read'
      ? { homeroom: cls.homeroomTeacherId }
      : { teacher: cls.homeroomTeacherId };
  const unit = await asMissing(authorize(permission, cls.schoolId, facts), noSuchBook);
  return { cls, unit };
}

/** A class's period, its rules, subjects and pupils, for its homeroom teacher and school leaders; else 404. */
async function classPeriod(classId: string, asked: string, authorize: Authorize) {
  const { cls } = await homeroomClass(classId, 'gradebook.read', authorize);
  const rules = ruleSetFor(cls.grade, startYear(cls.schoolYear));
  if (!rules) throw noSuchBook();
  const subjects = studiedSubjects(cls, subjectsOfGrade(cls.grade));
  const pupils = await classList(cls.classId);
  const period: Period = asked === 'year' ? 'year' : (Number(asked) as Semester);
  return { cls, rules, subjects, pupils, period };
}

type ClassPeriod = Awaited<ReturnType<typeof classPeriod>>;

/** A class's results of a period under Circular 22. */
async function secondaryResults({ rules, ...found }: ClassPeriod & { rules: SecondaryRuleSet }) {
  const results = await classResults(found.cls, rules, found.subjects, found.pupils, found.period);
  return { ...found, rules, results };
}

/** A class's results of a period under Circular 27, as the results route answers them. */
async function primaryResultRows(
  cls: ClassTeaching,
  rules: PrimaryRuleSet,
  subjects: readonly Subject[],
  pupils: readonly { learnerId: string; fullName: string }[],
  period: Period,
) {
  const results = await primaryClassResults(cls, rules, subjects, pupils, period);
  return pupils.map((p) => {
    const r = results.get(p.learnerId)!;
    const { subjects: ratings, ...figures } = primaryFigures(r);
    return {
      learnerId: p.learnerId,
      fullName: p.fullName,
      results: ratings,
      ...figures,
      missing: r.missing,
      absentHalfDays: r.absentHalfDays,
    };
  });
}

const homeroomView = (pupil: { learnerId: string; fullName: string }, row: HomeroomRowItem | undefined) => ({
  learnerId: pupil.learnerId,
  fullName: pupil.fullName,
  ...(row?.conduct ? { conduct: row.conduct } : {}),
  ...(row?.qualities ? { qualities: row.qualities } : {}),
  ...(row?.absentHalfDays !== undefined ? { absentHalfDays: row.absentHalfDays } : {}),
  ...(row?.comment ? { comment: row.comment } : {}),
  version: row?.version ?? 0,
});

/** Writes homeroom cells (the teacher's, or a leader's correction) and answers the rows written. */
async function writeHomeroom(
  cls: ClassTeaching,
  semester: Semester,
  changes: CellChange[],
  actor: { sub: string; requestId: string },
  unit: OrgTarget,
  action?: 'gradebook.homeroom-correct',
) {
  const rules = ruleSetFor(cls.grade, startYear(cls.schoolYear));
  if (!rules) throw noSuchBook();
  const pupils = await classList(cls.classId);
  let written: HomeroomRowItem[];
  try {
    written = await enterHomeroom(
      cls,
      semester,
      homeroomFieldsOf(rules, cls.grade),
      new Set(pupils.map((p) => p.learnerId)),
      changes,
      { accountId: actor.sub, requestId: actor.requestId },
      unit,
      action,
    );
  } catch (error) {
    if (error instanceof RowsChanged) throw conflict(gradebookText('row-changed'));
    throw error;
  }
  const names = new Map(pupils.map((p) => [p.learnerId, p.fullName]));
  return {
    rows: written.map((r) =>
      homeroomView({ learnerId: r.learnerId, fullName: names.get(r.learnerId) ?? '' }, r),
    ),
  };
}

/** A change request as people read it: the cell before as the grid shows it, no account ids. */
const changeView = (r: ScoreChangeItem) => ({
  requestId: r.requestId,
  classId: r.classId,
  className: r.className,
  subject: r.subject,
  subjectName: r.subjectName,
  semester: r.semester,
  learnerId: r.learnerId,
  fullName: r.fullName,
  field: r.field,
  before: cellText(r.field, r.before),
  value: r.value,
  reason: r.reason,
  state: r.state,
  requestedByName: r.requestedByName,
  requestedAt: r.requestedAt,
  ...(r.decidedByName ? { decidedByName: r.decidedByName } : {}),
  ...(r.decidedAt ? { decidedAt: r.decidedAt } : {}),
  ...(r.note ? { note: r.note } : {}),
});

/** The classes of a school's latest school year (`2025-2026` sorts by its start). */
function latestYear(classes: ClassTeaching[]): ClassTeaching[] {
  const latest = classes
    .map((c) => c.schoolYear)
    .sort()
    .at(-1);
  return classes.filter((c) => c.schoolYear === latest);
}

/** Scores leave the API as decimals (83 tenths → 8.3); inside, they stay whole tenths. */
const decimal = (tenths: number) => tenths / 10;
const decimalCells = (cells: ScoreCells) => ({
  regular: cells.regular.map((r) => (r === null ? null : decimal(r))),
  ...(cells.midTerm !== undefined ? { midTerm: decimal(cells.midTerm) } : {}),
  ...(cells.endTerm !== undefined ? { endTerm: decimal(cells.endTerm) } : {}),
  ...(cells.pass ? { pass: cells.pass } : {}),
  ...(cells.rating ? { rating: cells.rating } : {}),
  ...(cells.test !== undefined ? { test: decimal(cells.test) } : {}),
  ...(cells.comment ? { comment: cells.comment } : {}),
});

function rowView(book: Book, pupil: { learnerId: string; fullName: string }, row: ScoreRowItem | undefined) {
  const cells: ScoreCells = row ?? { regular: [] };
  const average = book.rules.level === 'secondary' ? rowAverage(book.rules, book.shape, cells) : undefined;
  return {
    learnerId: pupil.learnerId,
    fullName: pupil.fullName,
    cells: decimalCells(cells),
    ...(average !== undefined ? { average: decimal(average) } : {}),
    complete: rowComplete(book.shape, cells),
    version: row?.version ?? 0,
  };
}

async function schoolUnit(schoolId: string): Promise<OrgTarget> {
  const unit = await orgTree()(schoolId);
  if (!unit) throw notFound();
  return unit;
}

async function teacherNames(ids: readonly (string | undefined)[]) {
  return linkablePeople(ids.filter((id): id is string => Boolean(id)));
}

function summary(
  principal: Principal,
  unit: OrgTarget,
  book: {
    subject: { code: string; name: string; assessment: string };
    semester: number;
    teacherId?: string | undefined;
    stored?: GradeBookItem | undefined;
  },
  facts: ReturnType<typeof bookFacts>,
  teacherName: string | undefined,
) {
  const locked = Boolean(book.stored?.lockedAt);
  return {
    subject: book.subject.code,
    subjectName: book.subject.name,
    assessment: book.subject.assessment as 'scored' | 'comment' | 'rated',
    semester: book.semester,
    ...(teacherName ? { teacherName } : {}),
    locked,
    ...(book.stored?.lockedAt ? { lockedAt: book.stored.lockedAt } : {}),
    ...(book.stored?.lockedByName ? { lockedByName: book.stored.lockedByName } : {}),
    mayEnter: !locked && can(principal, 'gradebook.enter', { ...unit, item: facts }),
    mayLock: !locked && can(principal, 'gradebook.lock', { ...unit, item: facts }),
  };
}

const classView = (book: Pick<Book, 'cls'>) => ({
  classId: book.cls.classId,
  name: book.cls.name,
  grade: book.cls.grade,
  schoolYear: book.cls.schoolYear,
});

/** The book named by the path, when the caller may `permission` it; else 404. */
async function permittedBook(
  params: { classId: string; subject: string; semester: number },
  permission: 'gradebook.read' | 'gradebook.enter' | 'gradebook.lock',
  authorize: Authorize,
) {
  const book = await bookOf(params.classId, params.subject, params.semester as Semester);
  if (!book) throw noSuchBook();
  const unit = await asMissing(
    authorize(permission, book.cls.schoolId, bookFacts(book.cls, book.teacherId)),
    noSuchBook,
  );
  return { book, unit };
}

/** The learners linked to the caller (themself, their children) whose links grant their own results. */
async function ownLearners(principal: Principal) {
  const links = (principal.links ?? []).filter((l) => l.relation === 'self' || l.relation === 'guardian');
  const people = await linkablePeople(links.map((l) => l.recordId));
  const granted = [];
  for (const person of people.values()) {
    const unit = await orgTree()(person.schoolId);
    if (unit && can(principal, 'gradebook.own', { ...unit, item: { person: person.recordId } }))
      granted.push(person);
  }
  return granted;
}

const transcriptView = (t: TranscriptItem) => ({
  state: t.state,
  code: formatVerificationCode(t.code),
  approvedAt: t.approvedAt,
  ...(t.signedAt ? { signedAt: t.signedAt } : {}),
  ...(t.principalName ? { principalName: t.principalName } : {}),
  ...(t.state === 'failed' ? storedFailure(t) : {}),
});

/** A five-minute link to a signed transcript's file; one not signed (or not the caller's) is a 404. */
async function transcriptLink(t: TranscriptItem | undefined, format: 'pdf' | 'xml' | 'xml.p7s') {
  if (t?.state !== 'signed') throw notFound(gradebookText('no-transcript'));
  // Nothing personal in the link: the file is named by class and year.
  const fileName = `hoc-ba-${t.content.className}-${t.schoolYear}.${format}`.replace(/[^\w.-]/g, '_');
  return {
    url: await presignDownload(
      'documents',
      transcriptKey(t.transcriptId, format),
      300,
      fileName,
      format === 'pdf' ? t.pdfVersionId : format === 'xml' ? t.xmlVersionId : undefined,
    ),
    fileName,
  };
}

/** Subject names by code, over every grade's programme (a tally names subjects by code). */
const SUBJECT_NAMES = new Map(
  Array.from({ length: 12 }, (_, i) => subjectsOfGrade(i + 1))
    .flat()
    .map((s) => [s.code, s.name]),
);

/** A tally as the API shows it: means as decimals, subjects in the programme's order by name. */
function tallyView(t: ResultTally) {
  return {
    learners: t.learners,
    incomplete: t.incomplete,
    learning: t.learning,
    conduct: t.conduct,
    honours: t.honours,
    outcomes: t.outcomes as Record<string, number>,
    subjects: Object.entries(t.subjects).map(([code, s]) => ({
      code,
      name: SUBJECT_NAMES.get(code) ?? code,
      scored: s.scored,
      ...(s.scored ? { mean: divideHalfUp(s.sum, s.scored) / 10 } : {}),
      bands: s.bands,
      passed: s.passed,
      failed: s.failed,
    })),
    ...(t.primary ? { primary: primaryTallyView(t.primary) } : {}),
  };
}

/** Each subject code's place in the programme (grade 1's first). */
const SUBJECT_ORDER = new Map([...SUBJECT_NAMES.keys()].map((code, i) => [code, i]));

/** Primary learners' figures: subjects in the programme's order, qualities in the transcript's. */
function primaryTallyView(p: PrimaryTally) {
  const qualities = CIRCULAR_27.qualities.filter((q) => p.qualities[q.code]);
  return {
    learners: p.learners,
    achievements: p.achievements,
    completions: p.completions,
    subjects: Object.entries(p.subjects)
      .map(([code, ratings]) => ({ code, name: SUBJECT_NAMES.get(code) ?? code, ratings }))
      .sort((a, b) => (SUBJECT_ORDER.get(a.code) ?? 99) - (SUBJECT_ORDER.get(b.code) ?? 99)),
    qualities: qualities.map((q) => ({
      code: q.code,
      name: q.name,
      group: q.group,
      ratings: p.qualities[q.code]!,
    })),
  };
}

const deadlineView = (d: LockDeadline) => ({
  schoolYear: d.schoolYear,
  semester: d.semester,
  lockOn: d.lockOn,
  setAt: d.setAt,
  ...(d.appliedAt ? { appliedAt: d.appliedAt, lockedBooks: d.lockedBooks ?? 0 } : {}),
});

export const handler = makeApi(gradebookManifest, {
  async getGradingRules({ query: { grade, schoolYear } }) {
    const rules = ruleSetFor(grade, schoolYear);
    if (!rules)
      throw notFound(gradebookText('no-rules', { grade, schoolYear: `${schoolYear}–${schoolYear + 1}` }));
    const ruleSet = { id: rules.id, circular: rules.circular, level: rules.level };
    if (rules.level === 'primary')
      return {
        grade,
        schoolYear,
        ruleSet,
        subjects: subjectsOfGrade(grade).map((s) => ({ ...s, periodicTest: hasPeriodicTest(grade, s.code) })),
      };
    return {
      grade,
      schoolYear,
      ruleSet,
      subjects: subjectsOfGrade(grade).map((s) => ({
        ...s,
        ...(s.assessment === 'scored' ? { regularScores: regularScoreCount(rules, s.periodsPerYear) } : {}),
      })),
      weights: rules.weights,
      levels: rules.levels.map((l) => ({
        ...l,
        floor: decimal(l.floor),
        atLeast: { count: l.atLeast.count, min: decimal(l.atLeast.min) },
      })),
      promotion: rules.promotion,
    };
  },

  async listMyGradeBooks({ principal }) {
    const staff = await linkablePeople(
      principal.links.filter((l) => l.relation === 'staff').map((l) => l.recordId),
    );
    const items: {
      classId: string;
      className: string;
      grade: number;
      schoolYear: string;
      schoolName: string;
      role: 'teacher' | 'homeroom';
      subject?: string;
      subjectName?: string;
      semester?: number;
      locked?: boolean;
    }[] = [];
    const schools = [...new Set([...staff.values()].map((p) => p.schoolId))];
    const schoolNames = await orgUnitNames(schools);
    for (const schoolId of schools) {
      const mine = new Set([...staff.values()].filter((p) => p.schoolId === schoolId).map((p) => p.recordId));
      const classes = await classesTeachingOfSchool(schoolId);
      for (const cls of latestYear(classes)) {
        const base = {
          classId: cls.classId,
          className: cls.name,
          grade: cls.grade,
          schoolYear: cls.schoolYear,
          schoolName: schoolNames.get(schoolId) ?? schoolId,
        };
        if (cls.homeroomTeacherId && mine.has(cls.homeroomTeacherId))
          items.push({ ...base, role: 'homeroom' as const });
        for (const a of cls.assignments) {
          const subject = subjectOfAssignment(cls.grade, a.subject);
          if (subject && mine.has(a.teacherId))
            items.push({
              ...base,
              role: 'teacher' as const,
              subject: subject.code,
              subjectName: subject.name,
              semester: a.semester,
            });
        }
      }
    }
    // Whether each book the caller teaches is still open (one Query per class taught).
    const taught = [...new Set(items.filter((i) => i.role === 'teacher').map((i) => i.classId))];
    const locked = new Set<string>();
    await Promise.all(
      taught.map(async (classId) => {
        for (const b of await storedBooks(classId))
          if (b.lockedAt) locked.add(`${classId}#${b.subject}#${b.semester}`);
      }),
    );
    for (const i of items)
      if (i.role === 'teacher') i.locked = locked.has(`${i.classId}#${i.subject}#${i.semester}`);
    return {
      items: items.sort(
        (a, b) =>
          a.className.localeCompare(b.className, 'vi', { numeric: true }) ||
          (a.semester ?? 0) - (b.semester ?? 0) ||
          (a.subjectName ?? '').localeCompare(b.subjectName ?? '', 'vi'),
      ),
    };
  },

  async listSchoolGradeBookClasses({ params, authorize }) {
    await authorize('gradebook.lock', params.orgUnitId);
    const classes = latestYear(await classesTeachingOfSchool(params.orgUnitId));
    const names = await teacherNames(classes.map((c) => c.homeroomTeacherId));
    return {
      items: classes
        .sort((a, b) => a.grade - b.grade || a.name.localeCompare(b.name, 'vi', { numeric: true }))
        .map((c) => ({
          classId: c.classId,
          name: c.name,
          grade: c.grade,
          schoolYear: c.schoolYear,
          ...(c.homeroomTeacherId && names.get(c.homeroomTeacherId)
            ? { homeroomTeacherName: names.get(c.homeroomTeacherId)!.fullName }
            : {}),
        })),
    };
  },

  async listMyScores({ principal }) {
    const links = principal.links.filter((l) => l.relation === 'self' || l.relation === 'guardian');
    const people = await linkablePeople(links.map((l) => l.recordId));
    const learners = [];
    for (const link of links) {
      const person = people.get(link.recordId);
      if (!person?.classId) continue;
      // A link that does not grant it (a guardian of a learner now of age, say) shows nothing.
      const unit = await orgTree()(person.schoolId);
      if (!unit || !can(principal, 'gradebook.own', { ...unit, item: { person: person.recordId } })) continue;
      const found = await classBooks(person.classId);
      if (!found) continue;
      const released = found.books.filter((b) => b.stored?.lockedAt);
      const rows = await releasedRows(person.classId, person.recordId, released);
      learners.push({
        learnerId: person.recordId,
        fullName: person.fullName,
        relation: link.relation as 'self' | 'guardian',
        className: found.cls.name,
        schoolYear: found.cls.schoolYear,
        books: released.map((b, i) => {
          const row = rows[i];
          const shape = shapeOf(found.rules, found.cls.grade, b.subject, b.stored);
          const average =
            row && found.rules.level === 'secondary' ? rowAverage(found.rules, shape, row) : undefined;
          return {
            subject: b.subject.code,
            subjectName: b.subject.name,
            semester: b.semester,
            releasedAt: b.stored!.lockedAt!,
            cells: decimalCells(row ?? { regular: [] }),
            ...(average !== undefined ? { average: decimal(average) } : {}),
          };
        }),
      });
    }
    return { learners };
  },

  async listClassGradeBooks({ params, principal }) {
    const found = await classBooks(params.classId);
    if (!found) throw noSuchBook();
    const unit = await schoolUnit(found.cls.schoolId);
    const readable = found.books.filter((b) =>
      can(principal, 'gradebook.read', { ...unit, item: bookFacts(found.cls, b.teacherId) }),
    );
    // A class none of whose books the caller may read looks like no class.
    if (!readable.length) throw noSuchBook();
    const [names, deadlines] = await Promise.all([
      teacherNames(readable.map((b) => b.teacherId)),
      schoolDeadlines(found.cls.schoolId),
    ]);
    return {
      class: classView(found),
      ruleSet: { id: found.rules.id, circular: found.rules.circular },
      // When each semester's books lock, as the school's leaders set it: teachers see it here.
      deadlines: deadlines
        .filter((d) => d.schoolYear === found.cls.schoolYear)
        .map((d) => ({ semester: d.semester, lockOn: d.lockOn })),
      items: readable.map((b) =>
        summary(
          principal,
          unit,
          b,
          bookFacts(found.cls, b.teacherId),
          b.teacherId ? names.get(b.teacherId)?.fullName : undefined,
        ),
      ),
    };
  },

  async getGradeBook({ params, principal, authorize }) {
    const { book, unit } = await permittedBook(params, 'gradebook.read', authorize);
    const [pupils, rows, names] = await Promise.all([
      classList(book.cls.classId),
      rowsOf(book),
      teacherNames([book.teacherId]),
    ]);
    return {
      ...summary(
        principal,
        unit,
        book,
        bookFacts(book.cls, book.teacherId),
        book.teacherId ? names.get(book.teacherId)?.fullName : undefined,
      ),
      class: classView(book),
      ruleSet: { id: book.rules.id, circular: book.rules.circular },
      columns: fieldsOf(book.shape),
      rows: pupils.map((p) => rowView(book, p, rows.get(p.learnerId))),
    };
  },

  async enterScores({ params, body, principal, authorize, correlationId }) {
    const { book, unit } = await permittedBook(params, 'gradebook.enter', authorize);
    const pupils = await classList(book.cls.classId);
    const written = await enter(
      book,
      new Set(pupils.map((p) => p.learnerId)),
      body.changes,
      { accountId: principal.sub, requestId: correlationId },
      unit,
    );
    const names = new Map(pupils.map((p) => [p.learnerId, p.fullName]));
    return {
      rows: written.map((r) =>
        rowView(book, { learnerId: r.learnerId, fullName: names.get(r.learnerId) ?? '' }, r),
      ),
    };
  },

  async getHomeroom({ params, principal, authorize }) {
    const { cls, unit } = await homeroomClass(params.classId, 'gradebook.read', authorize);
    const semester = params.semester as Semester;
    const [pupils, rows, names] = await Promise.all([
      classList(cls.classId),
      homeroomRows(cls.classId, semester),
      teacherNames([cls.homeroomTeacherId]),
    ]);
    const name = cls.homeroomTeacherId ? names.get(cls.homeroomTeacherId)?.fullName : undefined;
    const rules = ruleSetFor(cls.grade, startYear(cls.schoolYear));
    if (!rules) throw noSuchBook();
    const locked = await semesterLocked(cls, semester);
    return {
      class: classView({ cls }),
      semester,
      level: rules.level,
      fields: homeroomFieldsOf(rules, cls.grade),
      qualities: rules.level === 'primary' ? qualitiesOf(rules, cls.grade) : [],
      locked,
      mayCorrect: locked && can(principal, 'gradebook.lock', unit),
      ...(name ? { homeroomTeacherName: name } : {}),
      mayEnter:
        !locked && can(principal, 'gradebook.enter', { ...unit, item: { teacher: cls.homeroomTeacherId } }),
      rows: pupils.map((p) => homeroomView(p, rows.get(p.learnerId))),
    };
  },

  async enterHomeroom({ params, body, principal, authorize, correlationId }) {
    const { cls, unit } = await homeroomClass(params.classId, 'gradebook.enter', authorize);
    const semester = params.semester as Semester;
    if (await semesterLocked(cls, semester)) throw conflict(gradebookText('homeroom-locked'));
    return writeHomeroom(cls, semester, body.changes, { sub: principal.sub, requestId: correlationId }, unit);
  },

  async correctHomeroom({ params, body, principal, authorize, correlationId }) {
    const cls = await classTeaching(params.classId);
    if (!cls) throw noSuchBook();
    // A leader of another school sees no such class (the item facts make it a 404, not a 403).
    const unit = await asMissing(authorize('gradebook.lock', cls.schoolId, {}), noSuchBook);
    const semester = params.semester as Semester;
    if (!(await semesterLocked(cls, semester))) throw conflict(gradebookText('homeroom-open'));
    const actor = { sub: principal.sub, requestId: correlationId };
    const written = await writeHomeroom(
      cls,
      semester,
      body.changes,
      actor,
      unit,
      'gradebook.homeroom-correct',
    );
    // Results already sent for the semester and the year go again (as after an approved score change).
    await resendAfterChange(cls, semester, unit, actor).catch((error: unknown) =>
      logger.error('Results not sent again after a homeroom correction', {
        classId: cls.classId,
        error: String(error),
      }),
    );
    return written;
  },

  async getClassResults({ params, query, authorize }) {
    const found = await classPeriod(params.classId, query.period, authorize);
    if (found.rules.level === 'primary') {
      const { cls, rules, subjects, pupils, period } = found;
      return {
        class: classView({ cls }),
        ruleSet: { id: rules.id, circular: rules.circular, level: rules.level },
        period: query.period,
        subjects: subjects.map((s) => ({ code: s.code, name: s.name })),
        qualities: qualitiesOf(rules, cls.grade),
        rows: await primaryResultRows(cls, rules, subjects, pupils, period),
      };
    }
    const { cls, rules, subjects, pupils, results } = await secondaryResults({
      ...found,
      rules: found.rules,
    });
    return {
      class: classView({ cls }),
      ruleSet: { id: rules.id, circular: rules.circular, level: rules.level },
      period: query.period,
      subjects: subjects.map((s) => ({ code: s.code, name: s.name })),
      rows: pupils.map((p) => {
        const r = results.get(p.learnerId)!;
        return {
          learnerId: p.learnerId,
          fullName: p.fullName,
          results: Object.fromEntries(
            r.subjects.map((x) => [x.subject, 'average' in x ? decimal(x.average) : x.pass]),
          ),
          missing: r.missing,
          ...(r.learning ? { learning: r.learning } : {}),
          ...(r.conduct ? { conduct: r.conduct } : {}),
          absentHalfDays: r.absentHalfDays,
          ...(r.absencesMissing ? { absencesMissing: true } : {}),
          ...(r.honour ? { honour: r.honour } : {}),
          ...(r.outcome ? { outcome: r.outcome } : {}),
        };
      }),
    };
  },

  async askScoreChange({ params, body, principal, authorize, correlationId }) {
    const { book, unit } = await permittedBook(params, 'gradebook.enter', authorize);
    const pupil = (await classList(book.cls.classId)).find((p) => p.learnerId === body.learnerId);
    if (!pupil)
      throw badRequest(gradebookText('not-in-class'), [
        fieldError('body', 'learnerId', gradebookText('not-in-class')),
      ]);
    const asked = await askChange(
      book,
      pupil,
      body,
      {
        accountId: principal.sub,
        fullName: principal.displayName ?? principal.sub,
        requestId: correlationId,
      },
      unit,
    );
    // The school's leaders (who decide it) are told.
    const leaders = await accountsHoldingAt('gradebook.lock', unit).catch((error: unknown) => {
      logger.warn('School leaders not found for a score change', {
        requestId: asked.requestId,
        error: String(error),
      });
      return [] as string[];
    });
    await notifyQuietly(
      leaders.map((accountId) => ({
        notificationId: nameBasedId(`score-change-asked:${asked.requestId}:${accountId}`),
        channel: 'app',
        recipientId: accountId,
        template: 'score-change-asked',
        data: {
          teacher: asked.requestedByName,
          subject: asked.subjectName,
          semester: String(asked.semester),
          className: asked.className,
        },
      })),
      'Score change notices',
    );
    return reply(201, changeView(asked));
  },

  async listScoreChanges({ params, query, authorize }) {
    await authorize('gradebook.lock', params.orgUnitId);
    const scope = `grade-book-changes:${params.orgUnitId}:${query.state}`;
    const page = await schoolChanges(
      params.orgUnitId,
      query.state,
      query.limit,
      decodeCursor(scope, query.cursor),
    );
    const nextCursor = encodeCursor(scope, page.cursor);
    return { items: page.items.map(changeView), ...(nextCursor ? { nextCursor } : {}) };
  },

  async decideScoreChange({ params, body, principal, authorize, correlationId }) {
    const request = await changeRequest(params.requestId);
    if (!request) throw notFound(gradebookText('no-change-request'));
    const missing = () => notFound(gradebookText('no-change-request'));
    // The school is the class's as the education database has it now, not a copy on the request.
    const book = await bookOf(request.classId, request.subject, request.semester as Semester);
    if (!book) throw missing();
    const unit = await asMissing(authorize('gradebook.lock', book.cls.schoolId, {}), missing);
    const decided = await decideChange(
      request,
      book,
      { approve: body.decision === 'approve', ...(body.note ? { note: body.note } : {}) },
      {
        accountId: principal.sub,
        fullName: principal.displayName ?? principal.sub,
        requestId: correlationId,
      },
      unit,
    );
    // Results already sent for what the change touches go again, with the new figures.
    // The decision stands if that fails: the next send (the class's, or the year-end run) carries it.
    if (decided.state === 'approved')
      await resendAfterChange(book.cls, request.semester as Semester, unit, {
        sub: principal.sub,
        requestId: correlationId,
      }).catch((error: unknown) =>
        logger.error('Results not sent again after an approved change', {
          requestId: decided.requestId,
          error: String(error),
        }),
      );
    // The teacher who asked is told the decision (a leader's note, if any, is on the request).
    await notifyQuietly(
      [
        {
          notificationId: nameBasedId(`score-change-decided:${decided.requestId}`),
          channel: 'app',
          recipientId: decided.requestedBy,
          template: 'score-change-decided',
          data: {
            decision: decided.state,
            subject: decided.subjectName,
            semester: String(decided.semester),
            className: decided.className,
            pupil: decided.fullName,
          },
        },
      ],
      'Score change decision notice',
    );
    return changeView(decided);
  },

  async listMyScoreChanges({ principal, query }) {
    const scope = `my-grade-book-changes:${principal.sub}`;
    const page = await requesterChanges(principal.sub, query.limit, decodeCursor(scope, query.cursor));
    const nextCursor = encodeCursor(scope, page.cursor);
    return { items: page.items.map(changeView), ...(nextCursor ? { nextCursor } : {}) };
  },

  async lockGradeBook({ params, principal, authorize, correlationId }) {
    const { book, unit } = await permittedBook(params, 'gradebook.lock', authorize);
    const stored = await lock(
      book,
      {
        accountId: principal.sub,
        fullName: principal.displayName ?? principal.sub,
        requestId: correlationId,
      },
      unit,
    );
    // Locking releases the scores: each pupil (their own account and their guardians') is told.
    await tellReleased(book, await classList(book.cls.classId));
    const names = await teacherNames([book.teacherId]);
    return summary(
      principal,
      unit,
      { ...book, stored },
      bookFacts(book.cls, book.teacherId),
      book.teacherId ? names.get(book.teacherId)?.fullName : undefined,
    );
  },

  async approveTranscripts({ params, principal, authorize, correlationId }) {
    const { cls, unit } = await homeroomClass(params.classId, 'gradebook.enter', authorize);
    const rules = ruleSetFor(cls.grade, startYear(cls.schoolYear));
    if (!rules) throw noSuchBook();
    const names = await teacherNames([cls.homeroomTeacherId]);
    return approveTranscripts(
      cls,
      rules,
      studiedSubjects(cls, subjectsOfGrade(cls.grade)),
      names.get(cls.homeroomTeacherId!)?.fullName ?? principal.displayName ?? principal.sub,
      {
        accountId: principal.sub,
        fullName: principal.displayName ?? principal.sub,
        requestId: correlationId,
      },
      unit,
    );
  },

  async listClassTranscripts({ params, authorize }) {
    const { cls } = await homeroomClass(params.classId, 'gradebook.read', authorize);
    const [pupils, stored] = await Promise.all([classList(cls.classId), classTranscripts(cls.classId)]);
    return {
      schoolYear: cls.schoolYear,
      items: pupils.map((p) => {
        const t = stored.get(p.learnerId);
        return {
          learnerId: p.learnerId,
          fullName: p.fullName,
          ...(t ? transcriptView(t) : {}),
        };
      }),
    };
  },

  async downloadClassTranscript({ params, body, authorize }) {
    const { cls } = await homeroomClass(params.classId, 'gradebook.read', authorize);
    const t = (await classTranscripts(cls.classId)).get(body.learnerId);
    return transcriptLink(t?.schoolYear === cls.schoolYear ? t : undefined, body.format);
  },

  async getGradeTranscripts({ params, query, authorize }) {
    await authorize('gradebook.lock', params.orgUnitId);
    const items = await gradeTranscripts(params.orgUnitId, query.schoolYear, query.grade);
    const classes = new Map<string, { className: string; counts: Record<string, number> }>();
    const counts: Record<string, number> = { approved: 0, signing: 0, signed: 0, failed: 0 };
    for (const t of items) {
      counts[t.state] = (counts[t.state] ?? 0) + 1;
      const c = classes.get(t.classId) ?? {
        className: t.content.className,
        counts: { approved: 0, signing: 0, signed: 0, failed: 0 },
      };
      c.counts[t.state] = (c.counts[t.state] ?? 0) + 1;
      classes.set(t.classId, c);
    }
    return {
      schoolYear: query.schoolYear,
      grade: query.grade,
      counts,
      classes: [...classes.entries()]
        .map(([classId, c]) => ({ classId, ...c }))
        .sort((a, b) => a.className.localeCompare(b.className, 'vi')),
    };
  },

  async signGradeTranscripts({ params, body, principal, authorize, correlationId }) {
    const unit = await authorize('gradebook.lock', params.orgUnitId);
    return signGrade(
      params.orgUnitId,
      body.schoolYear,
      body.grade,
      {
        accountId: principal.sub,
        fullName: principal.displayName ?? principal.sub,
        requestId: correlationId,
      },
      unit,
    );
  },

  async listMyTranscripts({ principal }) {
    const learners = [];
    for (const person of await ownLearners(principal)) {
      const signed = (await learnerTranscripts(person.recordId)).filter((t) => t.state === 'signed');
      learners.push({
        learnerId: person.recordId,
        fullName: person.fullName,
        transcripts: signed.map((t) => ({
          schoolYear: t.schoolYear,
          grade: t.grade,
          className: t.content.className,
          schoolName: t.content.school.name,
          code: formatVerificationCode(t.code),
          signedAt: t.signedAt!,
        })),
      });
    }
    return { learners };
  },

  async downloadMyTranscript({ body, principal }) {
    const mine = (await ownLearners(principal)).some((p) => p.recordId === body.learnerId);
    const t = mine
      ? (await learnerTranscripts(body.learnerId)).find((x) => x.schoolYear === body.schoolYear)
      : undefined;
    return transcriptLink(t, body.format);
  },
  async submitClassResults({ params, body, principal, authorize, correlationId }) {
    const { cls, unit } = await homeroomClass(params.classId, 'gradebook.enter', authorize);
    const period = body.period === 'year' ? 'year' : (Number(body.period) as Semester);
    const sent = await submitClassResults(cls, period, unit, {
      sub: principal.sub,
      requestId: correlationId,
    });
    // The school's statistics, which the commune's and the city's read, follow the class's.
    if (!sent.openBooks.length) await rollUpSchool(cls.schoolId, cls.schoolYear, body.period);
    return {
      submitted: sent.submitted,
      unchanged: sent.unchanged,
      pending: sent.pending,
      rejected: sent.rejected,
      elsewhere: sent.elsewhere,
      skipped: sent.skipped,
      openBooks: sent.openBooks,
    };
  },

  async startResultRun({ params, body, principal, authorize, correlationId }) {
    await authorize('edudata.write', params.orgUnitId);
    return reply(
      202,
      await resultRuns.request({
        orgUnitId: params.orgUnitId,
        requestedBy: principal.sub,
        requestId: correlationId,
        schoolYear: body.schoolYear,
        period: body.period,
      }),
    );
  },

  async getResultRun({ params, authorize }) {
    const run = await resultRuns.get(params.runId);
    if (!run) throw notFound();
    // A run outside the caller's scope answers as one that does not exist.
    await asMissing(authorize('edudata.read', run.orgUnitId, {}), () => notFound());
    return resultRuns.present(run);
  },
  async getUnitResultStatistics({ params, query, authorize }) {
    const unit = await authorize('report.read', params.orgUnitId);
    const { data } = await authEntities().orgUnit.get({ orgUnitId: params.orgUnitId }).go();
    if (!data) throw notFound();
    const found = await unitStatistics(params.orgUnitId, data.kind, query.schoolYear, query.period);
    return {
      unit: { orgUnitId: data.orgUnitId, name: data.name, kind: unit.kind ?? data.kind },
      schoolYear: query.schoolYear,
      period: query.period,
      total: tallyView(found.total),
      parts: found.parts.map((p) => ({ id: p.id, name: p.name, ...tallyView(p.tally) })),
    };
  },

  async getClassResultStatistics({ params, query, authorize }) {
    const asked = await classPeriod(params.classId, query.period, authorize);
    if (asked.rules.level === 'primary') {
      const { cls, rules, subjects, pupils, period } = asked;
      const results = [...(await primaryClassResults(cls, rules, subjects, pupils, period)).values()];
      const complete = results.filter((r) => !r.missing.length);
      const tally = tallyOf(
        complete.map((r) => ({ primary: true as const, ...primaryFigures(r) })),
        results.length - complete.length,
      );
      return { schoolYear: cls.schoolYear, period: query.period, total: tallyView(tally), parts: [] };
    }
    const found = await secondaryResults({ ...asked, rules: asked.rules });
    const { cls, period } = found;
    const results = [...found.results.values()];
    // Complete as the education database takes it (results-flow.ts): the year with what follows.
    const complete = results.filter(
      (r) => !r.missing.length && r.learning && r.conduct && (period !== 'year' || r.outcome),
    );
    const tally = tallyOf(
      complete.map((r) => ({
        subjects: Object.fromEntries(r.subjects.map((x) => [x.subject, 'average' in x ? x.average : x.pass])),
        learning: r.learning!.level,
        conduct: r.conduct!,
        ...(r.honour ? { honour: r.honour } : {}),
        ...(r.outcome ? { outcome: r.outcome.outcome } : {}),
      })),
      results.length - complete.length,
    );
    return { schoolYear: cls.schoolYear, period: query.period, total: tallyView(tally), parts: [] };
  },
  async setLockDeadline({ params, body, principal, authorize, correlationId }) {
    const school = await authorize('gradebook.lock', params.orgUnitId);
    if (school.kind !== 'school')
      throw badRequest(gradebookText('deadline-school'), [
        fieldError('path', 'orgUnitId', gradebookText('deadline-school')),
      ]);
    const set = await setDeadline(school, body, { accountId: principal.sub, requestId: correlationId });
    return deadlineView(set);
  },

  async listLockDeadlines({ params, authorize }) {
    await authorize('gradebook.lock', params.orgUnitId);
    return { items: (await schoolDeadlines(params.orgUnitId)).map(deadlineView) };
  },
});
