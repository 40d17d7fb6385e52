/**
 * Seed 003's rules for professional records, as a table: who sees which record, who approves at
 * each step, where a school plan goes, deadlines, and one file per lesson.
 */
import { describe, expect, it } from 'vitest';
import {
  type Assignment,
  afterApproval,
  canApprove,
  canSee,
  deadlineOf,
  isOverdue,
  lessonPlanRefusal,
  missingTeacherPlans,
  type OversightRecord,
  oversight,
  type RecordFacts,
  supervisorOf,
  tallySchool,
  visibleTally,
} from '../../functions/records/domain/records.ts';

const lineage = ['SGD', 'P-NGOQUYEN', 'THPT-TRANPHU'];
const lessonPlan: RecordFacts = {
  kind: 'lesson-plan',
  schoolId: 'THPT-TRANPHU',
  lineage,
  groupId: 'THPT-TRANPHU.TOAN',
  subject: 'toan',
  authorId: 'teacher1',
  level: 'upper-secondary',
};
const schoolPlan: RecordFacts = {
  ...lessonPlan,
  kind: 'school-plan',
  authorId: 'principal1',
  groupId: undefined,
  subject: undefined,
};

const people: Record<string, Assignment[]> = {
  teacher1: [{ role: 'teacher', scopeOrgUnitId: 'THPT-TRANPHU', groupId: 'THPT-TRANPHU.TOAN' }],
  colleague: [{ role: 'teacher', scopeOrgUnitId: 'THPT-TRANPHU', groupId: 'THPT-TRANPHU.TOAN' }],
  groupleader1: [{ role: 'group-leader', scopeOrgUnitId: 'THPT-TRANPHU', groupId: 'THPT-TRANPHU.TOAN' }],
  otherLeader: [{ role: 'group-leader', scopeOrgUnitId: 'THPT-TRANPHU', groupId: 'THPT-TRANPHU.VAN' }],
  principal1: [{ role: 'school-leader', scopeOrgUnitId: 'THPT-TRANPHU' }],
  otherPrincipal: [{ role: 'school-leader', scopeOrgUnitId: 'THPT-KHAC' }],
  commune: [{ role: 'commune-officer', scopeOrgUnitId: 'P-NGOQUYEN' }],
  otherCommune: [{ role: 'commune-admin', scopeOrgUnitId: 'P-HONGBANG' }],
  mathsSpecialist: [{ role: 'department-specialist', scopeOrgUnitId: 'SGD', subject: 'toan' }],
  literatureSpecialist: [{ role: 'department-specialist', scopeOrgUnitId: 'SGD', subject: 'van' }],
  leader: [{ role: 'department-leader', scopeOrgUnitId: 'SGD' }],
  admin: [{ role: 'department-admin', scopeOrgUnitId: 'SGD' }],
};
const sees = (r: RecordFacts) =>
  Object.keys(people)
    .filter((id) => canSee({ accountId: id, assignments: people[id]! }, r))
    .sort();

describe('who sees a professional record (seed 003 § 2.3)', () => {
  it('a lesson plan: its author, the group leader, the board, the commune, the subject specialist, the leaders', () => {
    expect(sees(lessonPlan)).toEqual(
      ['commune', 'groupleader1', 'leader', 'mathsSpecialist', 'principal1', 'teacher1'].sort(),
    );
  });

  it('the school plan: no group leader or subject specialist, only the school and above', () => {
    expect(sees(schoolPlan)).toEqual(['commune', 'leader', 'principal1'].sort());
  });
});

describe('approval chains (seed 003 § 2.2)', () => {
  const can = (who: string, r: RecordFacts, step: Parameters<typeof canApprove>[2]) =>
    canApprove({ accountId: who, assignments: people[who]! }, r, step);

  it('a teacher’s plans go to their group leader, never to a colleague or another group', () => {
    expect(can('groupleader1', lessonPlan, { kind: 'group-leader' })).toBe(true);
    expect(can('otherLeader', lessonPlan, { kind: 'group-leader' })).toBe(false);
    expect(can('colleague', lessonPlan, { kind: 'group-leader' })).toBe(false);
    expect(afterApproval('lesson-plan', 0)).toEqual({ status: 'approved', step: 0 });
  });

  it('the school plan: the council (recorded by the board), then the supervising authority', () => {
    expect(can('principal1', schoolPlan, { kind: 'school-council' })).toBe(true);
    expect(afterApproval('school-plan', 0)).toEqual({ status: 'submitted', step: 1 });
    expect(supervisorOf(schoolPlan)).toBe('SGD');
    expect(supervisorOf({ ...schoolPlan, level: 'lower-secondary' })).toBe('P-NGOQUYEN');
    expect(can('leader', schoolPlan, { kind: 'supervising-authority' })).toBe(true);
    expect(can('commune', schoolPlan, { kind: 'supervising-authority' })).toBe(false);
    expect(
      can('commune', { ...schoolPlan, level: 'lower-secondary' }, { kind: 'supervising-authority' }),
    ).toBe(true);
  });

  it('nobody approves their own record', () => {
    const own = { ...lessonPlan, authorId: 'groupleader1' };
    expect(can('groupleader1', own, { kind: 'group-leader' })).toBe(false);
  });
});

describe('deadlines and lesson plans', () => {
  it('plans are due on 15 September of the school year; lesson plans before the lesson', () => {
    expect(deadlineOf('teacher-plan', '2026-2027')).toBe('2026-09-15');
    expect(deadlineOf('lesson-plan', '2026-2027', '2026-10-02')).toBe('2026-10-02');
  });

  it('refuses a file for several lessons, a lesson outside the plan, and a second plan for a lesson', () => {
    const plan = ['L1', 'L2', 'L3'];
    expect(lessonPlanRefusal(['L1', 'L2'], plan, [])).toMatch(/exactly one lesson/);
    expect(lessonPlanRefusal(['L9'], plan, [])).toMatch(/not in your approved/);
    expect(lessonPlanRefusal(['L1'], plan, ['L1'])).toMatch(/already has/);
    expect(lessonPlanRefusal(['L2'], plan, ['L1'])).toBeUndefined();
  });
});

describe('oversight', () => {
  const record = (
    n: number,
    status: OversightRecord['status'],
    deadline: string,
    authorId = `gv${n % 2}`,
  ): OversightRecord => ({
    recordId: `r${n}`,
    kind: n % 3 ? 'teacher-plan' : 'lesson-plan',
    title: `Hồ sơ ${n}`,
    authorId,
    authorName: authorId === 'gv0' ? 'Lê An' : 'Trần Bình',
    groupId: 'TOAN',
    status,
    deadline,
  });

  it('counts by status, kind, group and author, and lists what is overdue, oldest first', () => {
    const records = [
      record(1, 'draft', '2026-09-15'),
      record(2, 'returned', '2026-09-10'),
      record(3, 'submitted', '2026-09-01'),
      record(4, 'approved', '2026-09-15'),
      record(5, 'draft', '2026-10-01'),
    ];
    const o = oversight(records, '2026-09-20');
    expect(o.total).toEqual({ draft: 2, submitted: 1, approved: 1, returned: 1, overdue: 2 });
    expect(o.overdue.map((r) => r.recordId)).toEqual(['r2', 'r1']);
    expect(o.byAuthor.gv1).toMatchObject({ name: 'Trần Bình', draft: 2, overdue: 1 });
    expect(o.byGroup.TOAN!.approved).toBe(1);
    expect(isOverdue({ status: 'submitted', deadline: '2026-01-01' }, '2026-09-20')).toBe(false);
  });

  it('names the teachers without a submitted or approved plan', () => {
    const records = [record(1, 'approved', '2026-09-15', 'gv1'), record(4, 'draft', '2026-09-15', 'gv2')];
    expect(missingTeacherPlans(['gv1', 'gv2', 'gv3'], records)).toEqual(['gv2', 'gv3']);
  });
});

describe('the city-wide tally', () => {
  const records = [
    { kind: 'teacher-plan', subject: 'toan', status: 'approved', authorId: 'gv1', deadline: '2026-09-15' },
    { kind: 'teacher-plan', subject: 'van', status: 'draft', authorId: 'gv2', deadline: '2026-09-15' },
    { kind: 'lesson-plan', subject: 'toan', status: 'submitted', authorId: 'gv1', deadline: '2026-10-01' },
    { kind: 'school-plan', status: 'draft', authorId: 'principal1', deadline: '2026-09-15' },
  ] as const;
  const { counts, withoutPlan } = tallySchool(records, ['gv1', 'gv2', 'gv3'], '2026-09-20');
  const school = { schoolId: 'THPT-TRANPHU', lineage, level: 'upper-secondary' as const };
  const view = (who: string) => visibleTally({ accountId: who, assignments: people[who]! }, school, counts);

  it('counts by kind and subject, and knows who has not started a plan (a draft counts as started)', () => {
    expect(counts['teacher-plan|toan']).toEqual({
      draft: 0,
      submitted: 0,
      approved: 1,
      returned: 0,
      overdue: 0,
    });
    expect(counts['teacher-plan|van']).toEqual({
      draft: 1,
      submitted: 0,
      approved: 0,
      returned: 0,
      overdue: 1,
    });
    expect(counts['school-plan|']!.overdue).toBe(1);
    expect(withoutPlan).toEqual(['gv3']);
  });

  it('shows each viewer only what seed 003 lets them see: a specialist their subject, a commune its schools', () => {
    expect(view('leader')).toEqual({ draft: 2, submitted: 1, approved: 1, returned: 0, overdue: 2 });
    expect(view('mathsSpecialist')).toEqual({ draft: 0, submitted: 1, approved: 1, returned: 0, overdue: 0 });
    expect(view('literatureSpecialist')).toEqual({
      draft: 1,
      submitted: 0,
      approved: 0,
      returned: 0,
      overdue: 1,
    });
    expect(view('commune')).toEqual(view('leader'));
    expect(Object.values(view('otherCommune')).every((n) => n === 0)).toBe(true);
    expect(Object.values(view('admin')).every((n) => n === 0)).toBe(true);
  });
});
