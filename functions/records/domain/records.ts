/**
 * Teachers' professional records (hồ sơ chuyên môn) as seed 003 and Official Letter 5512 set them
 * out: what each level submits, by when, who approves, who signs, and who may see it. Pure rules:
 * the records context stores, the portal shows, these decide — who may see and approve through
 * the one permission table (shared/auth/permissions.ts).
 */
import { can, type ItemFacts, type OrgTarget, type Principal } from '#shared/auth/can.ts';
import type { CodedText } from '#shared/text/texts.ts';
import { recordText } from './texts.ts';

export const RECORD_KINDS = [
  'school-plan',
  'group-teaching-plan',
  'group-activities-plan',
  'teacher-plan',
  'lesson-plan',
  'preschool-care-plan',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const RECORD_KIND_LABELS: Record<RecordKind, string> = {
  'school-plan': 'Kế hoạch giáo dục của nhà trường',
  'group-teaching-plan': 'Kế hoạch dạy học các môn học của tổ chuyên môn (Phụ lục I)',
  'group-activities-plan': 'Kế hoạch tổ chức các hoạt động giáo dục của tổ chuyên môn (Phụ lục II)',
  'teacher-plan': 'Kế hoạch giáo dục của giáo viên (Phụ lục III)',
  'lesson-plan': 'Kế hoạch bài dạy (Phụ lục IV)',
  'preschool-care-plan': 'Kế hoạch chăm sóc, giáo dục trẻ (mầm non)',
};

/** Who acts at a step: a role at the record's school (or group), or the supervising authority. */
export type Approver =
  | { kind: 'group-leader' }
  | { kind: 'school-board' }
  | { kind: 'school-council' }
  | { kind: 'supervising-authority' };

export interface KindRule {
  /** Who writes and submits it. */
  author: 'school-board' | 'group-leader' | 'teacher';
  /** The approval steps in order; the last one completes the record. */
  chain: Approver[];
  /** Default deadline: a fixed day of the school year, or before the lesson. */
  deadline: { kind: 'date'; month: number; day: number } | { kind: 'before-lesson' };
  /** Whether the record belongs to a subject group (and so to the group leader's eyes). */
  perGroup: boolean;
}

/**
 * Seed 003 § 2.2: plans by 15 September; the school plan approved by the school council and sent
 * on to the supervising authority; group plans approved by the board; teachers' plans and lesson
 * plans by the group leader; a lesson plan approved before the lesson is taught.
 */
export const KIND_RULES: Record<RecordKind, KindRule> = {
  'school-plan': {
    author: 'school-board',
    chain: [{ kind: 'school-council' }, { kind: 'supervising-authority' }],
    deadline: { kind: 'date', month: 9, day: 15 },
    perGroup: false,
  },
  'group-teaching-plan': {
    author: 'group-leader',
    chain: [{ kind: 'school-board' }],
    deadline: { kind: 'date', month: 9, day: 15 },
    perGroup: true,
  },
  'group-activities-plan': {
    author: 'group-leader',
    chain: [{ kind: 'school-board' }],
    deadline: { kind: 'date', month: 9, day: 15 },
    perGroup: true,
  },
  'teacher-plan': {
    author: 'teacher',
    chain: [{ kind: 'group-leader' }],
    deadline: { kind: 'date', month: 9, day: 15 },
    perGroup: true,
  },
  'lesson-plan': {
    author: 'teacher',
    chain: [{ kind: 'group-leader' }],
    deadline: { kind: 'before-lesson' },
    perGroup: true,
  },
  'preschool-care-plan': {
    author: 'teacher',
    chain: [{ kind: 'group-leader' }, { kind: 'school-board' }],
    deadline: { kind: 'date', month: 9, day: 15 },
    perGroup: true,
  },
};

/** The school year "2026-2027" starts in the first year: its 15 September is 2026-09-15. */
export function deadlineOf(kind: RecordKind, schoolYear: string, lessonDate?: string): string | undefined {
  const rule = KIND_RULES[kind].deadline;
  if (rule.kind === 'before-lesson') return lessonDate;
  const first = Number(schoolYear.slice(0, 4));
  const year = rule.month >= 8 ? first : first + 1;
  return `${year}-${String(rule.month).padStart(2, '0')}-${String(rule.day).padStart(2, '0')}`;
}

/** A record as the rules need it. */
export interface RecordFacts {
  kind: RecordKind;
  schoolId: string;
  groupId?: string;
  subject?: string;
  authorId: string;
}

/**
 * The education database's level codes of a school (01 preschool … 05 continuing education);
 * a combined school has several.
 */
export type LevelCode = '01' | '02' | '03' | '04' | '05';

/**
 * The unit a record belongs to: its subject group for the kinds written in a group, else its
 * school. A group leader's unit is their group, so the permission table's reach does the rest.
 */
export const recordUnitOf = (r: Pick<RecordFacts, 'kind' | 'schoolId' | 'groupId'>): string =>
  KIND_RULES[r.kind].perGroup && r.groupId ? r.groupId : r.schoolId;

/** What the permission table's rules may look at of a record (seed 003 § 2.3 lives there). */
export const recordFactsOf = (r: Omit<RecordFacts, 'schoolId'>): ItemFacts => ({
  owner: r.authorId,
  group: KIND_RULES[r.kind].perGroup ? r.groupId : undefined,
  subject: r.subject,
  recordKind: r.kind,
  writtenBy: KIND_RULES[r.kind].author,
});

/**
 * Who may see a record, as seed 003 sets it out — the author; group leaders their group; the
 * board the whole school; a commune every record of its schools; a Department specialist the
 * groups' and teachers' records of their subject; the Department's leaders everything — decided
 * by `can` on the permission table, with the record's unit as the org tree has it now.
 */
export const canSee = (viewer: Principal, r: RecordFacts, unit: OrgTarget): boolean =>
  can(viewer, 'records.read', { ...unit, item: recordFactsOf(r) });

/** Whether the viewer writes records of this kind in this unit (the board, a group leader, a teacher). */
export const canWrite = (viewer: Principal, kind: RecordKind, unit: OrgTarget): boolean =>
  can(viewer, 'records.write', {
    ...unit,
    item: {
      recordKind: kind,
      writtenBy: KIND_RULES[kind].author,
      group: unit.kind === 'subject-group' ? unit.orgUnitId : undefined,
    },
  });

/**
 * Who may act at an approval step of this record: the permission table's `records.approve`
 * rules for the step, never the author (but for the council, which the board records).
 * `supervisor` is where a school plan goes (supervisorOf).
 */
export function canApprove(
  viewer: Principal,
  r: RecordFacts,
  unit: OrgTarget,
  step: Approver,
  supervisor?: string,
): boolean {
  if (viewer.sub === r.authorId && step.kind !== 'school-council') return false;
  return can(viewer, 'records.approve', {
    ...unit,
    item: { ...recordFactsOf(r), step: step.kind, supervisor },
  });
}

/**
 * Where a school plan goes once the council approved it: the Department (its secondary division)
 * for schools teaching upper secondary or continuing education, the commune for the others. The
 * levels are the school profile's codes in the education database; unknown levels go nowhere.
 */
export function supervisorOf(
  schoolLineage: readonly string[],
  levels: readonly LevelCode[],
): string | undefined {
  if (levels.length === 0) return undefined;
  return levels.includes('04') || levels.includes('05') ? schoolLineage[0] : schoolLineage.at(-2);
}

export type RecordStatus = 'draft' | 'submitted' | 'approved' | 'returned';

/** After an approval at `step` (0-based): the next step, or approved when the chain is done. */
export function afterApproval(kind: RecordKind, step: number): { status: RecordStatus; step: number } {
  const last = KIND_RULES[kind].chain.length - 1;
  return step >= last ? { status: 'approved', step } : { status: 'submitted', step: step + 1 };
}

/**
 * “Each lesson plan in one file; never one file for several lessons or topics.” A lesson plan
 * names exactly one lesson of the teacher's approved plan, not yet covered by another lesson plan.
 */
export function lessonPlanRefusal(
  lessonIds: readonly string[],
  teacherPlanLessons: readonly string[],
  alreadyPlanned: readonly string[],
): CodedText | undefined {
  if (lessonIds.length !== 1) return recordText('one-lesson-per-plan');
  const [lesson] = lessonIds as [string];
  if (!teacherPlanLessons.includes(lesson)) return recordText('lesson-not-planned');
  if (alreadyPlanned.includes(lesson)) return recordText('lesson-already-planned');
  return undefined;
}

/**
 * A teacher's plan's lessons with their ids: an id given is kept (older clients, imports), the
 * others are made from the plan's id and the lesson's place (`<recordId>.3`) — unique among all
 * of a teacher's plans, so a lesson plan's `lessonId` names one lesson of one plan, and stable,
 * as a plan's lessons never change once written. Undefined if two given ids are the same.
 */
export function withLessonIds<L extends { lessonId?: string | undefined; title: string }>(
  recordId: string,
  lessons: readonly L[],
): (L & { lessonId: string })[] | undefined {
  const given = lessons.flatMap((l) => (l.lessonId ? [l.lessonId] : []));
  if (new Set(given).size !== given.length) return undefined;
  const taken = new Set(given);
  return lessons.map((l, i) => {
    if (l.lessonId) return { ...l, lessonId: l.lessonId };
    let n = i + 1;
    while (taken.has(`${recordId}.${n}`)) n++;
    taken.add(`${recordId}.${n}`);
    return { ...l, lessonId: `${recordId}.${n}` };
  });
}

/** The files a record may have (seed 003: documents teachers write). */
export const FILE_TYPES = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.oasis.opendocument.text': 'ODT',
} as const;
export type FileType = keyof typeof FILE_TYPES;
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface OversightRecord {
  recordId: string;
  kind: RecordKind;
  title: string;
  authorId: string;
  authorName: string;
  groupId?: string;
  status: 'draft' | 'submitted' | 'approved' | 'returned';
  deadline?: string;
}

export type StatusCounts = Record<'draft' | 'submitted' | 'approved' | 'returned' | 'overdue', number>;

const emptyCounts = (): StatusCounts => ({ draft: 0, submitted: 0, approved: 0, returned: 0, overdue: 0 });

/** Overdue: past its deadline (a day, yyyy-mm-dd) and still not submitted or approved. */
export const isOverdue = (r: Pick<OversightRecord, 'status' | 'deadline'>, today: string) =>
  !!r.deadline && r.deadline < today && (r.status === 'draft' || r.status === 'returned');

/** Counts by status per kind, per group and per author, and the overdue records, oldest first. */
export function oversight(records: readonly OversightRecord[], today: string) {
  const byKind: Record<string, StatusCounts> = {};
  const byGroup: Record<string, StatusCounts> = {};
  const byAuthor: Record<string, StatusCounts & { name: string }> = {};
  const add = (counts: StatusCounts, r: OversightRecord) => {
    counts[r.status]++;
    if (isOverdue(r, today)) counts.overdue++;
  };
  const slot = <T extends StatusCounts>(map: Record<string, T>, key: string, make: () => T) => {
    map[key] ??= make();
    return map[key];
  };
  for (const r of records) {
    add(slot(byKind, r.kind, emptyCounts), r);
    if (r.groupId) add(slot(byGroup, r.groupId, emptyCounts), r);
    add(
      slot(byAuthor, r.authorId, () => ({ ...emptyCounts(), name: r.authorName })),
      r,
    );
  }
  const overdue = records
    .filter((r) => isOverdue(r, today))
    .sort((a, b) => a.deadline!.localeCompare(b.deadline!))
    .map(({ recordId, kind, title, authorName, deadline, status }) => ({
      recordId,
      kind,
      title,
      authorName,
      deadline: deadline!,
      status,
    }));
  const total = emptyCounts();
  for (const r of records) add(total, r);
  return { total, byKind, byGroup, byAuthor, overdue };
}

/** A record as a tally counts it. */
export type TalliedRecord = Pick<OversightRecord, 'kind' | 'status' | 'deadline' | 'authorId'> & {
  subject?: string;
};

/** The key of a tally's count: the kind, and the subject for the kinds that have one. */
export const tallyKey = (kind: RecordKind, subject?: string) => `${kind}|${subject ?? ''}`;

/**
 * A school's counts by kind and subject (what the city-wide overview sums), and who of its
 * teachers has not started a teacher's plan at all (whom the morning reminder nudges).
 */
export function tallySchool(records: readonly TalliedRecord[], teachers: readonly string[], today: string) {
  const counts: Record<string, StatusCounts> = {};
  for (const r of records) {
    const key = tallyKey(r.kind, r.subject);
    counts[key] ??= emptyCounts();
    const c = counts[key];
    c[r.status]++;
    if (isOverdue(r, today)) c.overdue++;
  }
  const started = new Set(records.filter((r) => r.kind === 'teacher-plan').map((r) => r.authorId));
  return { counts, withoutPlan: teachers.filter((t) => !started.has(t)) };
}

/**
 * The part of a school's tally a viewer may see, summed: the permission table's `records.read`
 * applied to each kind and subject (a Department specialist their subject, a commune officer
 * their schools, the Department's leaders everything), as if each count were a record of that
 * school by nobody in particular.
 */
export function visibleTally(
  viewer: Principal,
  school: OrgTarget,
  counts: Readonly<Record<string, StatusCounts>>,
): StatusCounts {
  const total = emptyCounts();
  for (const [key, c] of Object.entries(counts)) {
    const [kind, subject] = key.split('|') as [RecordKind, string];
    const facts = { kind, schoolId: school.orgUnitId, authorId: '', ...(subject ? { subject } : {}) };
    if (!canSee(viewer, facts, school)) continue;
    for (const status of Object.keys(total) as (keyof StatusCounts)[]) total[status] += c[status];
  }
  return total;
}

/** Sums of counts (a commune's schools, the city's communes). */
export function sumCounts(all: readonly StatusCounts[]): StatusCounts {
  const total = emptyCounts();
  for (const c of all)
    for (const status of Object.keys(total) as (keyof StatusCounts)[]) total[status] += c[status];
  return total;
}

/** Who of a school's teachers has no teacher's plan (submitted or approved) for the year. */
export function missingTeacherPlans(teachers: readonly string[], records: readonly OversightRecord[]) {
  const covered = new Set(
    records
      .filter((r) => r.kind === 'teacher-plan' && (r.status === 'submitted' || r.status === 'approved'))
      .map((r) => r.authorId),
  );
  return teachers.filter((t) => !covered.has(t));
}

/** The school year a day falls in: from August on it is the year starting then. */
export function schoolYearOf(day: Date): string {
  const first = day.getUTCMonth() >= 7 ? day.getUTCFullYear() : day.getUTCFullYear() - 1;
  return `${first}-${first + 1}`;
}
