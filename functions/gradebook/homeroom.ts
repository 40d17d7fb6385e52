/**
 * The homeroom teacher's part of a class's semester — each pupil's conduct, half-days absent and a
 * comment, entered like a book's cells (row versions, each refusal on its cell, audited) — and the
 * class's results for a semester or the year computed from every subject the class studies (its
 * assignments name them) and the homeroom rows (domain/results.ts).
 */
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { cityDate } from '#shared/calendar/school-year.ts';
import type { ClassTeaching } from '../edu-data/index.ts';
import { type CellChange, checkChanges, type ScoreRowItem, shapeOf, storedBooks } from './books.ts';
import { schoolDeadlines } from './deadlines.ts';
import { applyHomeroomCell, type HomeroomCells, QUALITY_FIELD, type Semester } from './domain/book.ts';
import { type PrimaryPupilResult, primaryPupilResult } from './domain/primary.ts';
import { type Period, type PupilResult, pupilResult, type StudiedSubject } from './domain/results.ts';
import type { PrimaryRuleSet, RuleSet, SecondaryRuleSet } from './domain/rules.ts';
import { type Subject, subjectOfAssignment } from './domain/subjects.ts';
import { gradebookEntities } from './entities.ts';

export interface HomeroomRowItem extends HomeroomCells {
  classId: string;
  semester: number;
  learnerId: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export async function homeroomRows(
  classId: string,
  semester: Semester,
): Promise<Map<string, HomeroomRowItem>> {
  const { data } = await gradebookEntities()
    .homeroomRow.query.byClass({ classId, semester })
    .go({ pages: 'all', consistent: true });
  return new Map((data as HomeroomRowItem[]).map((r) => [r.learnerId, r]));
}

/** Enters homeroom cells: checked like a book's, written with their versions and audited in one transaction. */
export async function enterHomeroom(
  cls: ClassTeaching,
  semester: Semester,
  fields: readonly string[],
  pupils: ReadonlySet<string>,
  changes: readonly CellChange[],
  actor: { accountId: string; requestId: string },
  unit: OrgTarget,
  /** A school leader's change after the semester locked is its own audited action. */
  action: 'gradebook.homeroom' | 'gradebook.homeroom-correct' = 'gradebook.homeroom',
): Promise<HomeroomRowItem[]> {
  const before = await homeroomRows(cls.classId, semester);
  const after = checkChanges(pupils, before, changes, {} as HomeroomCells, (cells, field, value) =>
    applyHomeroomCell(fields, cells, field, value),
  );
  const at = new Date().toISOString();
  const written: HomeroomRowItem[] = [...after].map(([learnerId, { version, ...cells }]) => ({
    classId: cls.classId,
    semester,
    learnerId,
    ...cells,
    version: version + 1,
    updatedAt: at,
    updatedBy: actor.accountId,
  }));
  const result = await gradebookEntities()
    .service.transaction.write(({ homeroomRow, auditEntry: log }) => [
      ...written.map((item) =>
        item.version === 1
          ? homeroomRow.create(item).commit()
          : homeroomRow
              .put(item)
              .where((r, op) => op.eq(r.version, item.version - 1))
              .commit(),
      ),
      log
        .create(
          auditEntry({
            actorId: actor.accountId,
            action,
            targetType: 'class',
            targetId: `${cls.classId}/${semester}`,
            orgUnit: unit,
            requestId: actor.requestId,
            changes: {
              cells: changes.map((c) => ({
                learnerId: c.learnerId,
                field: c.field,
                before: homeroomCell(before.get(c.learnerId), c.field),
                after: homeroomCell(after.get(c.learnerId), c.field),
              })),
            },
          }),
        )
        .commit(),
    ])
    .go();
  if (result.canceled) throw new RowsChanged();
  return written;
}

/** A homeroom cell's stored value, for the audit: a quality's rating or a field's value. */
const homeroomCell = (cells: HomeroomCells | undefined, field: string) =>
  (field.startsWith(QUALITY_FIELD)
    ? cells?.qualities?.[field.slice(QUALITY_FIELD.length)]
    : cells?.[field as 'conduct' | 'absentHalfDays' | 'comment']) ?? null;

/**
 * Is the class's semester locked for its homeroom rows? When the school's lock deadline of the
 * semester has come (city date): the homeroom teacher's conduct, qualities and absences are made
 * after the subjects' scores, so a book locked by hand does not close them — the deadline does,
 * as it locks every book. A change then is a school leader's, audited old → new; moving the
 * deadline later opens them again.
 */
export async function semesterLocked(
  cls: ClassTeaching,
  semester: Semester,
  now = new Date(),
): Promise<boolean> {
  const today = cityDate(now);
  return (await schoolDeadlines(cls.schoolId)).some(
    (d) => d.schoolYear === cls.schoolYear && d.semester === semester && d.lockOn <= today,
  );
}

/** A homeroom row written meanwhile: the caller answers 409. */
export class RowsChanged extends Error {}

/** The subjects a class studies: those its assignments name (either semester), in the programme's order. */
export function studiedSubjects(cls: ClassTeaching, all: readonly Subject[]): Subject[] {
  const named = new Set(
    cls.assignments.map((a) => subjectOfAssignment(cls.grade, a.subject)?.code).filter(Boolean),
  );
  return all.filter((s) => named.has(s.code));
}

/** A pupil's subjects and homeroom rows, as the results of either circular read them. */
interface PupilInput {
  subjects: StudiedSubject[];
  homeroom: { semester1?: HomeroomRowItem; semester2?: HomeroomRowItem };
}

/**
 * Every pupil's subjects and homeroom rows for the period: one Query for the class's books, one
 * per subject and semester for their rows, two for the homeroom rows.
 */
async function pupilInputs(
  cls: ClassTeaching,
  rules: RuleSet,
  subjects: readonly Subject[],
  pupils: readonly { learnerId: string }[],
  period: Period,
): Promise<Map<string, PupilInput>> {
  const entities = gradebookEntities();
  const stored = new Map((await storedBooks(cls.classId)).map((b) => [`${b.subject}#${b.semester}`, b]));
  const semesters: Semester[] = period === 'year' ? [1, 2] : [period];
  const rowsBy = new Map<string, Map<string, ScoreRowItem>>();
  await Promise.all(
    subjects.flatMap((subject) =>
      semesters.map(async (semester) => {
        const { data } = await entities.scoreRow.query
          .byBook({ classId: cls.classId, subject: subject.code, semester })
          // Consistent: results are sent right after a cell is written (an approved change).
          .go({ pages: 'all', consistent: true });
        rowsBy.set(
          `${subject.code}#${semester}`,
          new Map((data as ScoreRowItem[]).map((r) => [r.learnerId, r])),
        );
      }),
    ),
  );
  const [home1, home2] = await Promise.all([
    semesters.includes(1) ? homeroomRows(cls.classId, 1) : new Map<string, HomeroomRowItem>(),
    semesters.includes(2) ? homeroomRows(cls.classId, 2) : new Map<string, HomeroomRowItem>(),
  ]);
  const inputs = new Map<string, PupilInput>();
  for (const { learnerId } of pupils) {
    const studied: StudiedSubject[] = subjects.map((subject) => {
      const cells = (semester: Semester) => rowsBy.get(`${subject.code}#${semester}`)?.get(learnerId);
      const s1 = cells(1);
      const s2 = cells(2);
      const shape = (semester: Semester) =>
        shapeOf(rules, cls.grade, subject, stored.get(`${subject.code}#${semester}`));
      return {
        code: subject.code,
        shape: shape(semesters.at(-1)!),
        shapes: { 1: shape(1), 2: shape(2) },
        ...(s1 ? { semester1: s1 } : {}),
        ...(s2 ? { semester2: s2 } : {}),
      };
    });
    const h1 = home1.get(learnerId);
    const h2 = home2.get(learnerId);
    inputs.set(learnerId, {
      subjects: studied,
      homeroom: { ...(h1 ? { semester1: h1 } : {}), ...(h2 ? { semester2: h2 } : {}) },
    });
  }
  return inputs;
}

/** Every pupil's results for the period under Circular 22. */
export async function classResults(
  cls: ClassTeaching,
  rules: SecondaryRuleSet,
  subjects: readonly Subject[],
  pupils: readonly { learnerId: string }[],
  period: Period,
): Promise<Map<string, PupilResult>> {
  const inputs = await pupilInputs(cls, rules, subjects, pupils, period);
  return new Map(
    [...inputs].map(([learnerId, input]) => [
      learnerId,
      pupilResult(rules, { grade: cls.grade, period, ...input }),
    ]),
  );
}

/** Every pupil's results for the period under Circular 27. */
export async function primaryClassResults(
  cls: ClassTeaching,
  rules: PrimaryRuleSet,
  subjects: readonly Subject[],
  pupils: readonly { learnerId: string }[],
  period: Period,
): Promise<Map<string, PrimaryPupilResult>> {
  const inputs = await pupilInputs(cls, rules, subjects, pupils, period);
  return new Map(
    [...inputs].map(([learnerId, input]) => [
      learnerId,
      primaryPupilResult(rules, { grade: cls.grade, period, ...input }),
    ]),
  );
}
