/**
 * The record kinds of the education database and their fields (the national sync schema,
 * simplified; see DOMAIN.md). Each kind says how its data is validated, how it is named in
 * lists and searches, and its natural key: the fact that makes it unique (a learner's personal
 * ID city-wide, a staff code within a school…). The natural key is what a guard item holds, what
 * an import matches rows on, and why importing the same file twice changes nothing.
 */
import * as z from 'zod';
import { searchKey, tidyName } from '#shared/text/vietnamese.ts';
import {
  AREA_CLASSES,
  BUILDING_GRADES,
  EDUCATION_LEVELS,
  EMPLOYMENT_KINDS,
  EQUIPMENT_CONDITIONS,
  ETHNICITY_CODES,
  GENDERS,
  LEVEL_GROUPS,
  OWNERSHIPS,
  POLICY_GROUPS,
  ROOM_TYPES,
  STAFF_POSITIONS,
  STANDARD_RATINGS,
  STUDENT_STATUSES,
} from './codes.ts';
import { checkPersonalId } from './personal-id.ts';
import { codedIssue, eduText } from './texts.ts';

export const RECORD_KINDS = [
  'school',
  'site',
  'school-year',
  'class',
  'student',
  'staff',
  'facility',
  'equipment',
  'result',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Vietnamese names of the kinds, used in sheets, reports and the portal. */
export const RECORD_KIND_LABELS: Record<RecordKind, string> = {
  school: 'Hồ sơ trường',
  site: 'Điểm trường',
  'school-year': 'Năm học',
  class: 'Lớp học',
  student: 'Học sinh',
  staff: 'Cán bộ, giáo viên, nhân viên',
  facility: 'Cơ sở vật chất',
  equipment: 'Thiết bị dạy học',
  result: 'Kết quả học tập',
};

const RECORD_KIND_NAMES_EN: Record<RecordKind, string> = {
  school: 'school profile',
  site: 'school site',
  'school-year': 'school year',
  class: 'class',
  student: 'learner',
  staff: 'staff',
  facility: 'facilities',
  equipment: 'teaching equipment',
  result: 'learning results',
};

/**
 * A record kind as a word of each language, for messages that name one: the label as it reads
 * inside a Vietnamese sentence, where “hồ sơ” is said by the sentence (“hồ sơ học sinh”, “hồ sơ
 * trường”), and its English name.
 */
export const RECORD_KIND_WORDS = Object.fromEntries(
  RECORD_KINDS.map((kind) => {
    const word = RECORD_KIND_LABELS[kind].replace(/^Hồ sơ /, '');
    return [
      kind,
      { vi: word.charAt(0).toLocaleLowerCase('vi') + word.slice(1), en: RECORD_KIND_NAMES_EN[kind] },
    ];
  }),
) as Record<RecordKind, { vi: string; en: string }>;

const name = z.string().transform(tidyName).pipe(z.string().min(1, 'Required').max(120));
const text = (max: number) => z.string().trim().max(max);
const isoDate = z.iso.date('Must be a date (YYYY-MM-DD)');
const schoolYearCode = z.string().regex(/^(\d{4})-(\d{4})$/, 'Must be a school year like 2025-2026');
const count = z.number().int().min(0).max(1_000_000);
const phone = z.string().regex(/^(\+84|0)\d{9,10}$/, 'Must be a Vietnamese phone number');
const personalId = z.string().regex(/^\d{12}$/, 'Must be exactly 12 digits');

const guardian = z.object({
  relation: z.enum(['father', 'mother', 'guardian']),
  fullName: name,
  personalId: personalId.optional(),
  birthYear: z.number().int().min(1900).max(2100).optional(),
  job: text(120).optional(),
  phone: phone.optional(),
});

export const studentData = z
  .object({
    personalId,
    fullName: name,
    gender: z.enum(GENDERS),
    dateOfBirth: isoDate,
    ethnicity: z.enum(ETHNICITY_CODES).default('01'),
    nationality: z
      .string()
      .regex(/^[A-Z]{2}$/, 'Must be a two-letter country code')
      .default('VN'),
    placeOfBirth: text(200).optional(),
    address: text(300).optional(),
    /** 0 for preschool, 1–12 for general education. */
    grade: z.number().int().min(0).max(12),
    classId: z.string().max(64).optional(),
    status: z.enum(STUDENT_STATUSES).default('enrolled'),
    dropOutReason: text(300).optional(),
    guardians: z.array(guardian).max(4).default([]),
    health: z
      .object({
        heightCm: z.number().min(30).max(250).optional(),
        weightKg: z.number().min(2).max(250).optional(),
        disabilities: z.array(text(120)).max(10).default([]),
      })
      .optional(),
    policyGroups: z.array(z.enum(POLICY_GROUPS)).max(POLICY_GROUPS.length).default([]),
    awards: z.array(text(200)).max(50).default([]),
  })
  .superRefine((s, ctx) => {
    for (const problem of checkPersonalId(s.personalId, s)) {
      ctx.addIssue(codedIssue(['personalId'], problem.text));
    }
    if (s.status === 'dropped-out' && !s.dropOutReason)
      ctx.addIssue(codedIssue(['dropOutReason'], eduText('dropout-reason-required')));
  });

export const staffData = z
  .object({
    staffCode: z.string().regex(/^[A-Za-z0-9.-]{1,32}$/, 'Letters, digits, . and - only'),
    fullName: name,
    gender: z.enum(GENDERS),
    dateOfBirth: isoDate,
    personalId: personalId.optional(),
    position: z.enum(STAFF_POSITIONS),
    employment: z.enum(EMPLOYMENT_KINDS),
    contractType: text(80).optional(),
    hireDate: isoDate.optional(),
    /** Civil-service rank (ngạch), e.g. "Giáo viên THPT hạng II". */
    rank: text(120).optional(),
    educationLevel: z.enum(EDUCATION_LEVELS).optional(),
    itLevel: text(60).optional(),
    languageLevel: text(60).optional(),
    standardRating: z.enum(STANDARD_RATINGS).optional(),
    subjects: z.array(text(60)).max(10).default([]),
    trainings: z
      .array(z.object({ title: text(200), year: z.number().int().min(1950).max(2100) }))
      .max(100)
      .default([]),
    awards: z.array(text(200)).max(50).default([]),
    discipline: z.array(text(200)).max(20).default([]),
  })
  .superRefine((s, ctx) => {
    if (!s.personalId) return;
    for (const problem of checkPersonalId(s.personalId, s)) {
      ctx.addIssue(codedIssue(['personalId'], problem.text));
    }
  });

export const classData = z.object({
  code: z.string().regex(/^[\p{L}\p{N}.-]{1,16}$/u, 'Letters, digits, . and - only'),
  name: name,
  grade: z.number().int().min(0).max(12),
  schoolYear: schoolYearCode,
  homeroomTeacherId: z.string().max(64).optional(),
  siteId: z.string().max(64).optional(),
  foreignLanguages: z.array(text(40)).max(3).default([]),
  twoSessionsPerDay: z.boolean().default(false),
  assignments: z
    .array(
      z.object({
        subject: text(60).min(1),
        semester: z.union([z.literal(1), z.literal(2)]),
        teacherId: z.string().max(64),
      }),
    )
    .max(60)
    .default([]),
});

export const schoolData = z.object({
  code: z.string().regex(/^\d{8}$/, 'Must be the 8-digit school code issued by the Department'),
  name: name,
  /** The levels taught (01 preschool … 05 continuing education); a combined school has several. */
  levelGroups: z
    .array(z.enum(LEVEL_GROUPS))
    .min(1)
    .max(LEVEL_GROUPS.length)
    .refine((l) => new Set(l).size === l.length, 'Each level once'),
  ownership: z.enum(OWNERSHIPS),
  areaClass: z.enum(AREA_CLASSES).optional(),
  address: text(300).optional(),
  principal: z.object({ fullName: name, phone: phone.optional(), email: z.email().optional() }).optional(),
  nationalStandard: z.boolean().default(false),
  /** 0 = not accredited, 1–4 = accreditation level. */
  accreditationLevel: z.number().int().min(0).max(4).default(0),
  internet: z.boolean().default(false),
  power: z.boolean().default(true),
  cleanWater: z.boolean().default(true),
  twoSessionsPerDay: z.boolean().default(false),
});

export const siteData = z.object({
  name: name,
  address: text(300).optional(),
  distanceKm: z.number().min(0).max(500),
});

const SCHOOL_YEAR_DATES = eduText('school-year-dates');

export const schoolYearData = z
  .object({
    code: schoolYearCode,
    startsOn: isoDate,
    semester1EndsOn: isoDate,
    endsOn: isoDate,
  })
  .refine((y) => y.startsOn < y.semester1EndsOn && y.semester1EndsOn < y.endsOn, {
    message: SCHOOL_YEAR_DATES.message,
    path: ['endsOn'],
    params: { text: SCHOOL_YEAR_DATES },
  });

export const facilityData = z.object({
  roomType: z.enum(ROOM_TYPES),
  buildingGrade: z.enum(BUILDING_GRADES),
  count,
  areaM2: z.number().min(0).max(1_000_000),
});

export const equipmentData = z.object({
  item: name,
  subject: text(60).optional(),
  quantity: count,
  condition: z.enum(EQUIPMENT_CONDITIONS),
  year: z.number().int().min(1950).max(2100),
});

const level = z.enum(['T', 'K', 'D', 'CD']);
/** A period's result of a learner, written by the grade book (functions/gradebook), never typed. */
const resultBase = {
  learnerId: z.string().max(64),
  /** The learner's name when it was computed, for the lists and the approver (the record names it). */
  learnerName: text(120).optional(),
  classId: z.string().max(64),
  schoolYear: schoolYearCode,
  /** '1', '2' (a semester) or 'year'. */
  period: z.enum(['1', '2', 'year']),
  grade: z.number().int().min(1).max(12),
  /** The rule set it was computed under (tt22-2021, tt27-2020). */
  ruleSet: text(40),
  absentHalfDays: z.number().int().min(0).max(400),
};

/** Lower and upper secondary (Circular 22). */
const secondaryResult = z.object({
  ...resultBase,
  /** Subject code → average (0–10, one decimal) or Đạt / Chưa đạt. */
  subjects: z.record(z.string().max(40), z.union([z.number().min(0).max(10), z.enum(['D', 'CD'])])),
  learning: level,
  conduct: level,
  honour: z.enum(['excellent', 'good']).optional(),
  outcome: z.enum(['promoted', 'retest', 'summer-training', 'retest-and-training', 'repeat']).optional(),
  retestSubjects: z.array(z.string().max(40)).max(20).optional(),
  graduationEligible: z.boolean().optional(),
});

/** Primary (Circular 27): ratings, periodic tests, qualities and competencies; the year's achievement. */
const primaryResult = z.object({
  ...resultBase,
  /** Subject code → Hoàn thành tốt / Hoàn thành / Chưa hoàn thành. */
  subjects: z.record(z.string().max(40), z.enum(['HTT', 'HT', 'CHT'])),
  /** Subject code → the periodic test, a whole number 0–10. */
  tests: z.record(z.string().max(40), z.number().int().min(0).max(10)),
  /** Quality or competency code → Tốt / Đạt / Cần cố gắng. */
  qualities: z.record(z.string().max(40), z.enum(['T', 'D', 'CCG'])),
  achievement: z.enum(['HTXS', 'HTT', 'HT', 'CHT']).optional(),
  completion: z.enum(['grade', 'primary', 'support']).optional(),
  honour: z.enum(['excellent']).optional(),
});

/** A learner's results of a semester or the year, as the grade book computes them. */
export const resultData = z.union([secondaryResult, primaryResult]);
export type SecondaryResultData = z.output<typeof secondaryResult>;
export type PrimaryResultData = z.output<typeof primaryResult>;
/** Is this result a primary one (Circular 27)? */
export const isPrimaryResult = (r: SecondaryResultData | PrimaryResultData): r is PrimaryResultData =>
  'qualities' in r;

export const RECORD_SCHEMAS = {
  school: schoolData,
  site: siteData,
  'school-year': schoolYearData,
  class: classData,
  student: studentData,
  staff: staffData,
  facility: facilityData,
  equipment: equipmentData,
  result: resultData,
} satisfies Record<RecordKind, z.ZodType>;

export type RecordData<K extends RecordKind = RecordKind> = z.output<(typeof RECORD_SCHEMAS)[K]>;

/** School years belong to the Department; every other kind to a school. */
export const ownerKindOf = (kind: RecordKind): 'department' | 'school' =>
  kind === 'school-year' ? 'department' : 'school';

export interface RecordFacts {
  /** Shown in lists; sorted and searched by its folded form. */
  name: string;
  /** Unique among records of the kind (see the module comment). */
  naturalKey: string;
  /** Students: the class they are in, for listing by class. */
  classId?: string;
}

/** Name and natural key of a record; `ownerId` is the school (or department) it belongs to. */
export function factsOf(kind: RecordKind, ownerId: string, data: unknown): RecordFacts {
  const d = data as Record<string, unknown>;
  switch (kind) {
    case 'student': {
      const s = d as RecordData<'student'>;
      return {
        name: s.fullName,
        naturalKey: `student:${s.personalId}`,
        ...(s.classId ? { classId: s.classId } : {}),
      };
    }
    case 'staff': {
      const s = d as RecordData<'staff'>;
      return { name: s.fullName, naturalKey: `staff:${ownerId}:${s.staffCode.toUpperCase()}` };
    }
    case 'class': {
      const c = d as RecordData<'class'>;
      return { name: c.name, naturalKey: `class:${ownerId}:${c.schoolYear}:${c.code.toUpperCase()}` };
    }
    case 'school':
      return { name: String(d.name), naturalKey: `school:${ownerId}` };
    case 'site':
      return { name: String(d.name), naturalKey: `site:${ownerId}:${searchKey(String(d.name))}` };
    case 'school-year':
      return { name: String(d.code), naturalKey: `school-year:${String(d.code)}` };
    case 'facility': {
      const f = d as RecordData<'facility'>;
      return { name: f.roomType, naturalKey: `facility:${ownerId}:${f.roomType}:${f.buildingGrade}` };
    }
    case 'equipment': {
      const e = d as RecordData<'equipment'>;
      return { name: e.item, naturalKey: `equipment:${ownerId}:${searchKey(e.item)}:${e.year}` };
    }
    case 'result': {
      // One a learner, year and period, wherever the learner studies: a transfer keeps it.
      const r = d as RecordData<'result'>;
      const period = r.period === 'year' ? 'Cả năm' : `Học kỳ ${r.period === '1' ? 'I' : 'II'}`;
      return {
        name: `${r.learnerName ? `${r.learnerName} — ` : ''}${period} ${r.schoolYear}`,
        naturalKey: `result:${r.learnerId}:${r.schoolYear}:${r.period}`,
      };
    }
  }
}

/** Personal data in an audit entry: the entry proves what changed, not the values themselves. */
export function maskedForAudit(kind: RecordKind, data: unknown): unknown {
  // A learner's results are personal: the entry names whose and which, not the scores.
  if (kind === 'result') {
    const r = data as RecordData<'result'>;
    return { learnerId: r.learnerId, schoolYear: r.schoolYear, period: r.period, scores: '(changed)' };
  }
  if (kind !== 'student' && kind !== 'staff') return data;
  const d = data as Record<string, unknown>;
  const mask = (v: unknown) => (typeof v === 'string' ? `********${v.slice(-4)}` : v);
  return {
    ...d,
    ...(d.personalId ? { personalId: mask(d.personalId) } : {}),
    ...(Array.isArray(d.guardians)
      ? {
          guardians: d.guardians.map((g: Record<string, unknown>) => ({
            ...g,
            personalId: mask(g.personalId),
          })),
        }
      : {}),
    ...(d.health ? { health: '(changed)' } : {}),
  };
}
