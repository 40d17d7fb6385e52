/**
 * Official figures: computed from approved records only, per school, then summed up the tree.
 * A school's figures are recomputed from scratch each time (idempotent: a redelivered message
 * cannot count anything twice); units above add their children's figures.
 */
import type { LevelGroup } from './codes.ts';
import type { RecordData, RecordKind } from './records.ts';
import { officialData, type RecordState } from './workflow.ts';

type Counts = Record<string, number>;

export interface Figures {
  schools: number;
  schoolsByLevel: Counts;
  learners: number;
  learnersByLevel: Counts;
  learnersByGrade: Counts;
  learnersByGender: Counts;
  learnersByEthnicity: Counts;
  learnersByPolicyGroup: Counts;
  learnersByStatus: Counts;
  classes: number;
  learnersInClasses: number;
  staff: number;
  teachers: number;
  rooms: number;
  roomAreaM2: number;
  equipmentItems: number;
  equipmentBroken: number;
  /** Records entered but not yet approved, and waiting for approval. */
  drafts: number;
  submitted: number;
  /** Learner records of any status, and those approved as they stand (not being edited again). */
  learnerRecords: number;
  learnerRecordsApproved: number;
  /** Schools with at least one approved record of the kind. */
  schoolsWithApproved: Counts;
  /** Filled / expected optional learner fields (address, place of birth, guardians, health). */
  learnerFieldsFilled: number;
  learnerFieldsExpected: number;
  lastApprovedAt?: string;
}

export const emptyFigures = (): Figures => ({
  schools: 0,
  schoolsByLevel: {},
  learners: 0,
  learnersByLevel: {},
  learnersByGrade: {},
  learnersByGender: {},
  learnersByEthnicity: {},
  learnersByPolicyGroup: {},
  learnersByStatus: {},
  classes: 0,
  learnersInClasses: 0,
  staff: 0,
  teachers: 0,
  rooms: 0,
  roomAreaM2: 0,
  equipmentItems: 0,
  equipmentBroken: 0,
  drafts: 0,
  submitted: 0,
  learnerRecords: 0,
  learnerRecordsApproved: 0,
  schoolsWithApproved: {},
  learnerFieldsFilled: 0,
  learnerFieldsExpected: 0,
});

const add = (counts: Counts, key: string, n = 1) => {
  counts[key] = (counts[key] ?? 0) + n;
};

/**
 * A school's level codes from its profile (several for a combined school such as "Tiểu học và
 * THCS"); profiles approved before the codes became a list have the one code.
 */
export function schoolLevelsOf(profile: Record<string, unknown>): LevelGroup[] {
  const levels = profile.levelGroups ?? (profile.levelGroup ? [profile.levelGroup] : []);
  return [...(levels as LevelGroup[])].sort();
}

/** The level a learner is counted in: the grade's, or continuing education at such a centre. */
export function learnerLevel(grade: number, schoolLevels: readonly LevelGroup[]): LevelGroup {
  if (schoolLevels.length === 1 && schoolLevels[0] === '05') return '05';
  return grade === 0 ? '01' : grade <= 5 ? '02' : grade <= 9 ? '03' : '04';
}

type StoredRecord = Pick<RecordState, 'status' | 'approved'> & { kind: RecordKind };

/**
 * A school's figures from its records. Its level comes from its approved profile alone: a
 * combined school counts as `multi`, a school whose profile is not approved yet as `unknown`.
 */
export function schoolFigures(records: StoredRecord[]): Figures {
  const f = emptyFigures();
  f.schools = 1;
  const profile = records.find((r) => r.kind === 'school' && officialData(r)) as StoredRecord | undefined;
  const levels = profile ? schoolLevelsOf(officialData(profile) as Record<string, unknown>) : [];
  add(f.schoolsByLevel, levels.length === 1 ? levels[0]! : levels.length ? 'multi' : 'unknown');

  for (const r of records) {
    if (r.status === 'draft' || r.status === 'returned') f.drafts++;
    if (r.status === 'submitted') f.submitted++;
    if (r.kind === 'student') {
      f.learnerRecords++;
      if (r.status === 'approved') f.learnerRecordsApproved++;
    }
    if (r.approved && (!f.lastApprovedAt || r.approved.approvedAt > f.lastApprovedAt))
      f.lastApprovedAt = r.approved.approvedAt;
    const data = officialData(r);
    if (!data) continue;
    f.schoolsWithApproved[r.kind] = 1;
    switch (r.kind) {
      case 'student': {
        const s = data as RecordData<'student'>;
        add(f.learnersByStatus, s.status);
        if (s.status !== 'enrolled') break;
        f.learners++;
        add(f.learnersByLevel, learnerLevel(s.grade, levels));
        add(f.learnersByGrade, String(s.grade));
        add(f.learnersByGender, s.gender);
        add(f.learnersByEthnicity, s.ethnicity);
        for (const g of s.policyGroups) add(f.learnersByPolicyGroup, g);
        if (s.classId) f.learnersInClasses++;
        f.learnerFieldsExpected += 4;
        f.learnerFieldsFilled +=
          Number(Boolean(s.address)) +
          Number(Boolean(s.placeOfBirth)) +
          Number(s.guardians.length > 0) +
          Number(Boolean(s.health?.heightCm));
        break;
      }
      case 'class':
        f.classes++;
        break;
      case 'staff': {
        const s = data as RecordData<'staff'>;
        f.staff++;
        if (s.position === 'teacher') f.teachers++;
        break;
      }
      case 'facility': {
        const room = data as RecordData<'facility'>;
        f.rooms += room.count;
        f.roomAreaM2 += room.areaM2;
        break;
      }
      case 'equipment': {
        const e = data as RecordData<'equipment'>;
        f.equipmentItems += e.quantity;
        if (e.condition === 'broken') f.equipmentBroken += e.quantity;
        break;
      }
      default:
        break;
    }
  }
  return f;
}

/** The figures of several units added together. */
export function sumFigures(parts: Figures[]): Figures {
  const total = emptyFigures();
  for (const p of parts) {
    for (const [key, value] of Object.entries(p) as [keyof Figures, unknown][]) {
      if (key === 'lastApprovedAt') {
        if (typeof value === 'string' && (!total.lastApprovedAt || value > total.lastApprovedAt))
          total.lastApprovedAt = value;
      } else if (typeof value === 'number') {
        (total[key] as number) += value;
      } else if (value && typeof value === 'object') {
        for (const [k, n] of Object.entries(value as Counts)) add(total[key] as Counts, k, n);
      }
    }
  }
  return total;
}

/**
 * A unit is behind on approval when fewer than this share of its learner records are approved
 * (the one place the threshold is set; the Department's home and the statistics page use it).
 */
export const APPROVAL_THRESHOLD = 0.9;

/** Approved learner records as a percentage of all of them, to one decimal; null without any. */
export const approvedShare = (f: Pick<Figures, 'learnerRecords' | 'learnerRecordsApproved'>) =>
  f.learnerRecords ? Math.round((f.learnerRecordsApproved / f.learnerRecords) * 1000) / 10 : null;

/**
 * Why a unit is behind on approval, if it is: no approved record at all (`no-data`), or approved
 * learner records below `APPROVAL_THRESHOLD` of its learner records (`approval`, with the share in
 * percent). Figures summed before the learner-record counts existed (no `learnerRecords`) are not
 * judged on the share.
 */
export function approvalLag(
  f: Partial<Pick<Figures, 'learnerRecords' | 'learnerRecordsApproved' | 'schools'>>,
  hasData: boolean,
): { reason: 'no-data' } | { reason: 'approval'; share: number } | undefined {
  if (!hasData) return f.schools === 0 ? undefined : { reason: 'no-data' };
  const records = f.learnerRecords ?? 0;
  const approved = f.learnerRecordsApproved ?? 0;
  if (!records || approved / records >= APPROVAL_THRESHOLD) return undefined;
  return {
    reason: 'approval',
    share: approvedShare({ learnerRecords: records, learnerRecordsApproved: approved })!,
  };
}

/** Ratios shown beside the counts; derived, never stored. */
export function derivedRatios(f: Figures) {
  return {
    approvedShare: approvedShare(f),
    averageClassSize: f.classes ? Math.round((f.learnersInClasses / f.classes) * 10) / 10 : null,
    learnersPerTeacher: f.teachers ? Math.round((f.learners / f.teachers) * 10) / 10 : null,
    learnerDataCompleteness: f.learnerFieldsExpected
      ? Math.round((f.learnerFieldsFilled / f.learnerFieldsExpected) * 1000) / 10
      : null,
  };
}
