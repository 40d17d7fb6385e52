/**
 * Seed 003's rules for professional records, as a table: who sees which record, who approves at
 * each step, where a school plan goes, deadlines, and one file per lesson.
 */
import { describe, expect, it } from 'vitest';
import {
  type Approver,
  afterApproval,
  canApprove,
  canSee,
  canWrite,
  deadlineOf,
  isOverdue,
  KIND_RULES,
  lessonPlanRefusal,
  missingTeacherPlans,
  type OversightRecord,
  oversight,
  type RecordFacts,
  recordUnitOf,
  supervisorOf,
  tallySchool,
  visibleTally,
  withLessonIds,
} from '../../functions/records/domain/records.ts';
import type { OrgTarget, RoleAssignment } from '../../shared/auth/can.ts';
import { GROUP_RECORD_KINDS } from '../../shared/auth/permissions.ts';

// The org tree as it is now: the school under its commune, its groups under it.
const UNITS: Record<string, OrgTarget> = {
  'THPT-TRANPHU': {
    orgUnitId: 'THPT-TRANPHU',
    lineage: ['SGD', 'P-NGOQUYEN', 'THPT-TRANPHU'],
    kind: 'school',
  },
  'THPT-TRANPHU.TOAN': {
    orgUnitId: 'THPT-TRANPHU.TOAN',
    lineage: ['SGD', 'P-NGOQUYEN', 'THPT-TRANPHU', 'THPT-TRANPHU.TOAN'],
    kind: 'subject-group',
  },
};
const unitOf = (r: RecordFacts) => UNITS[recordUnitOf(r)]!;
const lessonPlan: RecordFacts = {
  kind: 'lesson-plan',
  schoolId: 'THPT-TRANPHU',
  groupId: 'THPT-TRANPHU.TOAN',
  subject: 'toan',
  authorId: 'teacher1',
};
const schoolPlan: RecordFacts = {
  ...lessonPlan,
  kind: 'school-plan',
  authorId: 'principal1',
  groupId: undefined,
  subject: undefined,
};

type Given = Omit<RoleAssignment, 'assignmentId'>;
// Group leaders are granted on their subject group (the delegation rules allow nothing else).
const people: Record<string, Given[]> = {
  teacher1: [{ role: 'teacher', scopeOrgUnitId: 'THPT-TRANPHU' }],
  colleague: [{ role: 'teacher', scopeOrgUnitId: 'THPT-TRANPHU' }],
  groupleader1: [
    { role: 'group-leader', scopeOrgUnitId: 'THPT-TRANPHU.TOAN', groupId: 'THPT-TRANPHU.TOAN' },
    { role: 'teacher', scopeOrgUnitId: 'THPT-TRANPHU' },
  ],
  otherLeader: [{ role: 'group-leader', scopeOrgUnitId: 'THPT-TRANPHU.VAN', groupId: 'THPT-TRANPHU.VAN' }],
  principal1: [{ role: 'school-leader', scopeOrgUnitId: 'THPT-TRANPHU' }],
  otherPrincipal: [{ role: 'school-leader', scopeOrgUnitId: 'THPT-KHAC' }],
  commune: [{ role: 'commune-officer', scopeOrgUnitId: 'P-NGOQUYEN' }],
  otherCommune: [{ role: 'commune-admin', scopeOrgUnitId: 'P-HONGBANG' }],
  mathsSpecialist: [{ role: 'department-specialist', scopeOrgUnitId: 'SGD', subject: 'toan' }],
  literatureSpecialist: [{ role: 'department-specialist', scopeOrgUnitId: 'SGD', subject: 'van' }],
  leader: [{ role: 'department-leader', scopeOrgUnitId: 'SGD' }],
  admin: [{ role: 'department-admin', scopeOrgUnitId: 'SGD' }],
};
const principalOf = (id: string) => ({
  sub: id,
  assignments: people[id]!.map((a, i) => ({ ...a, assignmentId: `${id}-${i}` })),
});
const sees = (r: RecordFacts, unit = unitOf(r)) =>
  Object.keys(people)
    .filter((id) => canSee(principalOf(id), r, unit))
    .sort();

describe('who sees a professional record (seed 003 § 2.3, as permission-table rules)', () => {
  it('a lesson plan: its author, the group leader, the board, the commune, the subject specialist, the leaders', () => {
    expect(sees(lessonPlan)).toEqual(
      ['commune', 'groupleader1', 'leader', 'mathsSpecialist', 'principal1', 'teacher1'].sort(),
    );
  });

  it('the school plan: no group leader or subject specialist, only the school and above', () => {
    expect(sees(schoolPlan)).toEqual(['commune', 'leader', 'principal1'].sort());
  });

  it('a group leader granted on the school (as older grants were) still sees only their group', () => {
    const legacy = {
      sub: 'legacy',
      assignments: [
        {
          assignmentId: 'l',
          role: 'group-leader' as const,
          scopeOrgUnitId: 'THPT-TRANPHU',
          groupId: 'THPT-TRANPHU.TOAN',
        },
      ],
    };
    expect(canSee(legacy, lessonPlan, unitOf(lessonPlan))).toBe(true);
    expect(canSee(legacy, { ...lessonPlan, groupId: 'THPT-TRANPHU.VAN' }, UNITS['THPT-TRANPHU']!)).toBe(
      false,
    );
    expect(canSee(legacy, schoolPlan, unitOf(schoolPlan))).toBe(false);
    expect(canApprove(legacy, lessonPlan, unitOf(lessonPlan), { kind: 'group-leader' })).toBe(true);
  });

  it('follows the school when it moves: the new commune sees its records, the old one no longer', () => {
    const moved: OrgTarget = { orgUnitId: 'THPT-TRANPHU', lineage: ['SGD', 'P-HONGBANG', 'THPT-TRANPHU'] };
    expect(sees(schoolPlan, moved)).toEqual(['leader', 'otherCommune', 'principal1'].sort());
  });

  it('the specialists’ kinds in the permission table are exactly the kinds written in a group', () => {
    const inGroups = Object.entries(KIND_RULES)
      .filter(([, rule]) => rule.perGroup)
      .map(([kind]) => kind);
    expect([...GROUP_RECORD_KINDS].sort()).toEqual(inGroups.sort());
  });

  it('who writes which kind: the board the school plan, the group leader the group plans, teachers their own', () => {
    const school = UNITS['THPT-TRANPHU']!;
    const group = UNITS['THPT-TRANPHU.TOAN']!;
    expect(canWrite(principalOf('principal1'), 'school-plan', school)).toBe(true);
    expect(canWrite(principalOf('teacher1'), 'school-plan', school)).toBe(false);
    expect(canWrite(principalOf('groupleader1'), 'group-teaching-plan', group)).toBe(true);
    expect(canWrite(principalOf('teacher1'), 'group-teaching-plan', group)).toBe(false);
    expect(canWrite(principalOf('teacher1'), 'teacher-plan', group)).toBe(true);
    expect(canWrite(principalOf('otherLeader'), 'group-teaching-plan', group)).toBe(false);
    expect(canWrite(principalOf('commune'), 'teacher-plan', group)).toBe(false);
    expect(canWrite(principalOf('admin'), 'school-plan', school)).toBe(false);
  });
});

describe('approval chains (seed 003 § 2.2)', () => {
  const supervisor = (r: RecordFacts, levels: Parameters<typeof supervisorOf>[1]) =>
    supervisorOf(unitOf(r).lineage, levels);
  const decides = (
    who: string,
    r: RecordFacts,
    step: Approver,
    levels: Parameters<typeof supervisorOf>[1] = ['04'],
  ) => canApprove(principalOf(who), r, unitOf(r), step, supervisor(r, levels));

  it('a teacher’s plans go to their group leader, never to a colleague or another group', () => {
    expect(decides('groupleader1', lessonPlan, { kind: 'group-leader' })).toBe(true);
    expect(decides('otherLeader', lessonPlan, { kind: 'group-leader' })).toBe(false);
    expect(decides('colleague', lessonPlan, { kind: 'group-leader' })).toBe(false);
    expect(decides('principal1', lessonPlan, { kind: 'group-leader' })).toBe(false);
    expect(afterApproval('lesson-plan', 0)).toEqual({ status: 'approved', step: 0 });
  });

  it('the school plan: the council (recorded by the board), then the supervising authority by level', () => {
    expect(decides('principal1', schoolPlan, { kind: 'school-council' })).toBe(true);
    expect(afterApproval('school-plan', 0)).toEqual({ status: 'submitted', step: 1 });
    expect(supervisor(schoolPlan, ['04'])).toBe('SGD');
    expect(supervisor(schoolPlan, ['03'])).toBe('P-NGOQUYEN');
    // A combined school teaching upper secondary, and a continuing-education centre, go to the Department.
    expect(supervisor(schoolPlan, ['03', '04'])).toBe('SGD');
    expect(supervisor(schoolPlan, ['05'])).toBe('SGD');
    expect(supervisor(schoolPlan, ['01', '02'])).toBe('P-NGOQUYEN');
    // No approved profile: nowhere to go.
    expect(supervisor(schoolPlan, [])).toBeUndefined();
    expect(decides('leader', schoolPlan, { kind: 'supervising-authority' })).toBe(true);
    expect(decides('commune', schoolPlan, { kind: 'supervising-authority' })).toBe(false);
    expect(decides('commune', schoolPlan, { kind: 'supervising-authority' }, ['03'])).toBe(true);
    expect(decides('otherCommune', schoolPlan, { kind: 'supervising-authority' }, ['03'])).toBe(false);
    expect(decides('leader', schoolPlan, { kind: 'supervising-authority' }, ['03'])).toBe(false);
    expect(decides('admin', schoolPlan, { kind: 'supervising-authority' })).toBe(false);
    expect(decides('leader', schoolPlan, { kind: 'supervising-authority' }, [])).toBe(false);
  });

  it('nobody approves their own record', () => {
    const own = { ...lessonPlan, authorId: 'groupleader1' };
    expect(decides('groupleader1', own, { kind: 'group-leader' })).toBe(false);
  });
});

describe('deadlines and lesson plans', () => {
  it('plans are due on 15 September of the school year; lesson plans before the lesson', () => {
    expect(deadlineOf('teacher-plan', '2026-2027')).toBe('2026-09-15');
    expect(deadlineOf('lesson-plan', '2026-2027', '2026-10-02')).toBe('2026-10-02');
  });

  it('refuses a file for several lessons, a lesson outside the plan, and a second plan for a lesson', () => {
    const plan = ['L1', 'L2', 'L3'];
    expect(lessonPlanRefusal(['L1', 'L2'], plan, [])).toMatchObject({
      code: 'records.one-lesson-per-plan',
      message: expect.stringMatching(/exactly one lesson/),
    });
    expect(lessonPlanRefusal(['L9'], plan, [])?.code).toBe('records.lesson-not-planned');
    expect(lessonPlanRefusal(['L9'], plan, [])?.message).toMatch(/not in your approved/);
    expect(lessonPlanRefusal(['L1'], plan, ['L1'])?.code).toBe('records.lesson-already-planned');
    expect(lessonPlanRefusal(['L2'], plan, ['L1'])).toBeUndefined();
  });

  it('gives a plan’s lessons ids of their own, keeping the ones given and refusing a repeated one', () => {
    const made = withLessonIds('rec-1', [
      { title: 'Mệnh đề' },
      { lessonId: 'rec-1.1', title: 'Tập hợp' },
      { title: 'Hàm số' },
    ]);
    expect(made?.map((l) => l.lessonId)).toEqual(['rec-1.2', 'rec-1.1', 'rec-1.3']);
    expect(made?.map((l) => l.title)).toEqual(['Mệnh đề', 'Tập hợp', 'Hàm số']);
    // Two plans' lessons never share an id.
    expect(withLessonIds('rec-2', [{ title: 'Mệnh đề' }])![0]!.lessonId).toBe('rec-2.1');
    expect(
      withLessonIds('rec-1', [
        { lessonId: 'A', title: 'x' },
        { lessonId: 'A', title: 'y' },
      ]),
    ).toBeUndefined();
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
  const school = UNITS['THPT-TRANPHU']!;
  const view = (who: string) => visibleTally(principalOf(who), school, counts);

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
