/**
 * What other contexts may ask of the education database (they never read its items directly).
 */
import { searchKey } from '#shared/text/vietnamese.ts';
import type { LevelGroup } from './domain/codes.ts';
import { type Figures, schoolLevelsOf } from './domain/statistics.ts';
import { officialData } from './domain/workflow.ts';
import { type LearnerView, learnerView, officialLearner } from './learner-view.ts';
import { makeStatistics } from './statistics.ts';
import { type EduRecordItem, makeEduStore } from './store.ts';

export type { LevelGroup } from './domain/codes.ts';
export type { Figures } from './domain/statistics.ts';
export { derivedRatios, emptyFigures, sumFigures } from './domain/statistics.ts';
export type { LearnerView } from './learner-view.ts';

let statistics: ReturnType<typeof makeStatistics> | undefined;

/**
 * A school's official figures recomputed now from its approved records (a report's snapshot),
 * with what reading them cost: items and bytes, from which read units follow.
 */
export async function officialSchoolFigures(
  schoolId: string,
): Promise<{ figures: Figures; itemsRead: number; bytesRead: number } | undefined> {
  statistics ??= makeStatistics(makeEduStore());
  return statistics.computeSchool(schoolId);
}

/**
 * A school's own student (by personal ID) or staff member (by staff code) — what a library card
 * names. Only approved people of that school: another school's learner is not found.
 */
export async function personOfSchool(
  schoolId: string,
  card: string,
): Promise<{ recordId: string; kind: 'student' | 'staff'; name: string } | undefined> {
  const store = makeEduStore();
  const code = card.trim().toUpperCase();
  const keys = [`student:${code}`, `staff:${schoolId}:${code}`];
  const found = await store.recordIdsOfKeys(keys);
  for (const key of keys) {
    const recordId = found.get(key);
    const record = recordId ? await store.getRecord(recordId) : undefined;
    if (!record || record.ownerId !== schoolId || !record.approved) continue;
    if (record.kind !== 'student' && record.kind !== 'staff') continue;
    return { recordId: record.recordId, kind: record.kind, name: record.name };
  }
  return undefined;
}

/** A school's learners in its official figures (kept by the statistics worker), 0 before any. */
export async function schoolLearners(schoolId: string): Promise<number> {
  const own = await makeEduStore().getStats(schoolId);
  return (own?.figures as Figures | undefined)?.learners ?? 0;
}

/**
 * Schools' level codes (01 preschool … 05 continuing education) from their approved profiles;
 * a combined school has several, a school without an approved profile none (it is absent).
 */
export async function schoolLevels(schoolIds: readonly string[]): Promise<Map<string, LevelGroup[]>> {
  const store = makeEduStore();
  const levels = new Map<string, LevelGroup[]>();
  const unique = [...new Set(schoolIds)];
  for (let i = 0; i < unique.length; i += 100) {
    const ids = await store.recordIdsOfKeys(unique.slice(i, i + 100).map((id) => `school:${id}`));
    for (const profile of await store.getRecords([...ids.values()])) {
      const data = officialData(profile) as Record<string, unknown> | undefined;
      const codes = data && schoolLevelsOf(data);
      if (codes?.length) levels.set(profile.ownerId, codes);
    }
  }
  return levels;
}

/** A learner or staff member as account links see them: official (approved) data only. */
export interface LinkablePerson {
  recordId: string;
  kind: 'student' | 'staff';
  schoolId: string;
  fullName: string;
  dateOfBirth: string;
  personalId?: string;
  /** Learners: the guardians' personal IDs recorded on the learner. */
  guardianIds: string[];
  classId?: string;
  grade?: number;
}

function linkable(record: EduRecordItem | undefined): LinkablePerson | undefined {
  if (!record || (record.kind !== 'student' && record.kind !== 'staff')) return undefined;
  const data = officialData(record) as Record<string, unknown> | undefined;
  if (!data) return undefined;
  const guardians = (Array.isArray(data.guardians) ? data.guardians : []) as { personalId?: string }[];
  return {
    recordId: record.recordId,
    kind: record.kind,
    schoolId: record.ownerId,
    fullName: String(data.fullName),
    dateOfBirth: String(data.dateOfBirth),
    ...(typeof data.personalId === 'string' ? { personalId: data.personalId } : {}),
    guardianIds: guardians.map((g) => g.personalId).filter((id): id is string => Boolean(id)),
    ...(typeof data.classId === 'string' ? { classId: data.classId } : {}),
    ...(typeof data.grade === 'number' ? { grade: data.grade } : {}),
  };
}

/** Pages of a name's entries read at most (a common name city-wide): past them the answer is incomplete. */
const NAME_PAGES = 5;

/**
 * The city's learners recorded under this name (diacritics, case and spacing aside: Queries on
 * the name entries, which also hold longer names beginning with it, read to the end) and born on
 * this date (or in this year, where only the year is known) — approved data only. `complete` is
 * false when the name has more entries than were read: a caller must not take "one" for one.
 */
export async function learnersNamed(
  city: string,
  fullName: string,
  birthDate: string,
): Promise<{ learners: LinkablePerson[]; complete: boolean }> {
  const key = searchKey(fullName);
  if (key.length < 2) return { learners: [], complete: true };
  const store = makeEduStore();
  const learners: LinkablePerson[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < NAME_PAGES; page++) {
    const found = await store.searchNames({ city }, 'student', key, 100, cursor);
    for (const record of found.items.filter((r) => r.nameKey === key)) {
      const person = linkable(record);
      const born =
        birthDate.length === 4
          ? person?.dateOfBirth.startsWith(birthDate)
          : person?.dateOfBirth === birthDate;
      if (person && born) learners.push(person);
    }
    cursor = found.nextCursor;
    if (!cursor) return { learners, complete: true };
  }
  return { learners, complete: false };
}

/** A learner by personal ID (their natural key), wherever they study now; approved data only. */
export async function learnerByPersonalId(personalId: string): Promise<LinkablePerson | undefined> {
  const store = makeEduStore();
  const recordId = (await store.recordIdsOfKeys([`student:${personalId}`])).get(`student:${personalId}`);
  return recordId ? linkable(await store.getRecord(recordId)) : undefined;
}

/**
 * A learner by record id, as the learner's and guardians' views in other contexts need them
 * (school, grade, class): approved data only, undefined for anyone who is not a learner.
 */
export async function learnerOf(recordId: string): Promise<LinkablePerson | undefined> {
  const person = linkable(await makeEduStore().getRecord(recordId));
  return person?.kind === 'student' ? person : undefined;
}

/** A school's staff member by staff code; approved data only. */
export async function staffByCode(schoolId: string, staffCode: string): Promise<LinkablePerson | undefined> {
  const store = makeEduStore();
  const key = `staff:${schoolId}:${staffCode.trim().toUpperCase()}`;
  const recordId = (await store.recordIdsOfKeys([key])).get(key);
  return recordId ? linkable(await store.getRecord(recordId)) : undefined;
}

/** People by record id (a guardian's children, a school's record): approved learners and staff. */
export async function linkablePeople(recordIds: readonly string[]): Promise<Map<string, LinkablePerson>> {
  const found = new Map<string, LinkablePerson>();
  if (!recordIds.length) return found;
  for (const record of await makeEduStore().getRecords([...new Set(recordIds)])) {
    const person = linkable(record);
    if (person) found.set(person.recordId, person);
  }
  return found;
}

/** Class names by class record id (what a learner's `classId` names). */
export async function classNames(classIds: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (!classIds.length) return names;
  for (const record of await makeEduStore().getRecords([...new Set(classIds)]))
    names.set(record.recordId, record.name);
  return names;
}

/**
 * One page of the learners of a school or of a class (record ids, approved learners only): what
 * an announcement is fanned out over. The cursor is this function's own (opaque).
 */
export async function learnerIdsPage(
  of: { schoolId: string } | { classId: string },
  limit: number,
  cursor?: string,
): Promise<{ recordIds: string[]; nextCursor?: string }> {
  const store = makeEduStore();
  const page =
    'classId' in of
      ? await store.listByClass(of.classId, limit, cursor)
      : await store.listByOwner(of.schoolId, 'student', limit, cursor);
  return {
    recordIds: page.items.filter((r) => r.kind === 'student' && r.approved).map((r) => r.recordId),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/** A class by record id: its school, name, grade and school year (approved data), undefined for anything else. */
export async function classOf(
  classId: string,
): Promise<
  { classId: string; schoolId: string; name: string; grade: number; schoolYear: string } | undefined
> {
  const record = await makeEduStore().getRecord(classId);
  if (record?.kind !== 'class' || !record.approved) return undefined;
  const data = officialData(record) as { grade?: number; schoolYear?: string } | undefined;
  // A class whose approved event is its cancellation has no official data: it is gone.
  if (!data) return undefined;
  return {
    classId: record.recordId,
    schoolId: record.ownerId,
    name: record.name,
    grade: data?.grade ?? 0,
    schoolYear: data?.schoolYear ?? '',
  };
}

/**
 * What `GET /learners/{id}` shows of each learner (official data, IDs masked), for a person's
 * own data export; people who are not learners (or have no approved record) are left out.
 */
export async function learnerViews(recordIds: readonly string[]): Promise<LearnerView[]> {
  const store = makeEduStore();
  const views: LearnerView[] = [];
  for (const recordId of new Set(recordIds)) {
    const found = await officialLearner(store, recordId);
    if (found) views.push(await learnerView(store, found.record, found.data));
  }
  return views;
}

/** A class as a picker lists it: its name, grade, school year and approved learners. */
export interface ClassSummary {
  classId: string;
  name: string;
  grade: number;
  schoolYear: string;
  learners: number;
}

/**
 * A school's approved classes with the number of approved learners in each (one Query for the
 * classes, one per class for its learners), the latest school year first, then by name.
 */
export async function classesOfSchool(schoolId: string): Promise<ClassSummary[]> {
  const store = makeEduStore();
  const classes = (await store.allOfOwner(schoolId, 'class')).filter((c) => c.approved && officialData(c));
  const summaries = await Promise.all(
    classes.map(async (c) => {
      const data = officialData(c) as { grade?: number; schoolYear?: string } | undefined;
      const learners = (await learnerIdsOfClass(c.recordId)).length;
      return {
        classId: c.recordId,
        name: c.name,
        grade: data?.grade ?? 0,
        schoolYear: data?.schoolYear ?? '',
        learners,
      };
    }),
  );
  return summaries.sort(
    (a, b) =>
      b.schoolYear.localeCompare(a.schoolYear) || a.name.localeCompare(b.name, 'vi', { numeric: true }),
  );
}

/** Every approved learner of a class (record ids), page after page. */
export async function learnerIdsOfClass(classId: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await learnerIdsPage({ classId }, 500, cursor);
    ids.push(...page.recordIds);
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

/** A pupil of a class list: the learner's record id and name as the approved record has it. */
export interface ClassPupil {
  learnerId: string;
  fullName: string;
}

/** Class lists sort by given name (the last word), then the whole name, as Vietnamese schools do. */
export const byGivenName = (a: { fullName: string }, b: { fullName: string }) =>
  (a.fullName.split(' ').at(-1) ?? '').localeCompare(b.fullName.split(' ').at(-1) ?? '', 'vi') ||
  a.fullName.localeCompare(b.fullName, 'vi');

/**
 * A class's pupils today, by given name: approved learners whose approved record names the class
 * (the class index follows a draft's change of class too; the approved record decides).
 */
export async function classList(classId: string): Promise<ClassPupil[]> {
  const people = await linkablePeople(await learnerIdsOfClass(classId));
  return [...people.values()]
    .filter((p) => p.classId === classId)
    .map((p) => ({ learnerId: p.recordId, fullName: p.fullName }))
    .sort(byGivenName);
}

/** A class with who teaches it: its homeroom teacher and its subject–semester assignments (staff record ids). */
export interface ClassTeaching {
  classId: string;
  schoolId: string;
  name: string;
  grade: number;
  /** `2025-2026`. */
  schoolYear: string;
  homeroomTeacherId?: string;
  assignments: { subject: string; semester: 1 | 2; teacherId: string }[];
}

/** A class's teaching as approved, undefined for anything that is not an approved class. */
export async function classTeaching(classId: string): Promise<ClassTeaching | undefined> {
  const record = await makeEduStore().getRecord(classId);
  if (record?.kind !== 'class' || !record.approved || !officialData(record)) return undefined;
  return teachingOf(record);
}

function teachingOf(record: EduRecordItem): ClassTeaching {
  const data = officialData(record) as {
    grade?: number;
    schoolYear?: string;
    homeroomTeacherId?: string;
    assignments?: ClassTeaching['assignments'];
  };
  return {
    classId: record.recordId,
    schoolId: record.ownerId,
    name: record.name,
    grade: data.grade ?? 0,
    schoolYear: data.schoolYear ?? '',
    ...(data.homeroomTeacherId ? { homeroomTeacherId: data.homeroomTeacherId } : {}),
    assignments: data.assignments ?? [],
  };
}

/** A school's approved classes with their teaching (one Query), for the grade books' lists. */
export async function classesTeachingOfSchool(schoolId: string): Promise<ClassTeaching[]> {
  const classes = await makeEduStore().allOfOwner(schoolId, 'class');
  return classes.filter((c) => c.approved && officialData(c)).map(teachingOf);
}

export { isPrimaryResult } from './domain/records.ts';
export { type ResultData, type ResultsSubmitted, submitResults } from './results.ts';
