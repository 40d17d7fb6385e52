/**
 * Permissions are what routes ask for; roles are what people are given. The role → permission
 * table below is data: changing who may do what never means changing a route.
 */
export const PERMISSIONS = [
  // Everyone who is signed in; account holders link their account to people (learner, children)
  'self.read',
  'self.link',
  // Organisation tree, accounts, roles, audit (identity)
  'orgunit.read',
  'orgunit.manage',
  'account.read',
  'account.manage',
  'role.grant',
  'audit.read',
  // The education database (edu-data)
  'edudata.read',
  'edudata.write',
  'edudata.approve',
  'edudata.feed',
  // Online exams (exams): the bank, papers, sessions, taking an exam, results
  'exam.author',
  'exam.review',
  'exam.manage',
  'exam.take',
  'exam.mark',
  'exam.results',
  // Teachers' professional records (records): read, write one's own, approve a step
  'records.read',
  'records.write',
  'records.approve',
  'records.deadlines',
  // The digital library (library): cataloguing the union catalogue; a school's lending desk
  'library.catalogue',
  'library.circulate',
  'library.statistics',
  // The register of diplomas (diplomas): reading it, and keeping it (entries, corrections,
  // cancellations, re-issues, imports) — the Department's office
  'diploma.read',
  'diploma.register',
  // Digitising the paper registers: uploading scans and keying what they say (double keying)
  'diploma.digitise',
  // An authority's system verifying diplomas (OAuth client credentials): held by no role and no
  // person — the route's authorizer asks for the authority scope, the office's registration of the
  // client (functions/diplomas/authorities.ts) admits it
  'diploma.verify',
  // The learning repository (repository): using what is licensed to the city, contributing
  // resources, reviewing them, the curriculum's lessons
  'repository.read',
  'repository.contribute',
  'repository.review',
  'repository.curriculum',
  'repository.read-school',
  // Learners and guardians: what an account linked to a learner reads of them, and asking the
  // school to correct their record (never by role)
  'learner.read',
  'learner.request-correction',
  // Announcements (notifications): a school to a class's parents, a commune to its schools'
  // staff, the Department to everyone in a scope
  'announcement.send',
  // Online courses (courses): teachers' professional development (BDTX); the Department's catalogue
  'course.read',
  'course.manage',
  // A teacher's or school leader's own BDTX plan; a school leader approves the school's plans
  'course.plan',
  'course.approve-plan',
  // Where the schools in scope stand with the year's plans (communes, the Department)
  'course.oversee',
  // Class courses (seed 004 task 12): a teacher's course for a class of the education database;
  // its pupils follow it and hand in work, their guardians follow it (through links only)
  'course.teach',
  'course.attend',
  'course.submit',
  // Grade books (gradebook): reading a class's scores, entering a subject's, locking them
  'gradebook.read',
  'gradebook.enter',
  'gradebook.lock',
  // A learner's own released scores, and their guardians' (through links only)
  'gradebook.own',
  // Admissions (admissions): reading applications in scope; the Department's campaigns and
  // allocation; a commune's catchments for grades 1 and 6; a school verifying applications
  'admission.read',
  'admission.manage',
  'admission.catchment',
  'admission.verify',
  // Statistics and report jobs (reports)
  'report.read',
  'report.run',
  // Local-cloud and operations tooling
  'ops.read',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'department-admin',
  'department-leader',
  'department-specialist',
  'commune-admin',
  'commune-officer',
  'school-leader',
  'school-data-officer',
  'diploma-officer',
  'diploma-keyer',
  'librarian',
  'group-leader',
  'teacher',
  'staff',
  'student',
  'parent',
  'citizen',
] as const;

export type Role = (typeof ROLES)[number];

/** Vietnamese labels, shown in the portal and in generated documents. */
export const ROLE_LABELS: Record<Role, string> = {
  'department-admin': 'Quản trị Sở GDĐT',
  'department-leader': 'Lãnh đạo Sở GDĐT',
  'department-specialist': 'Chuyên viên Sở GDĐT',
  'commune-admin': 'Quản trị cấp xã',
  'commune-officer': 'Cán bộ cấp xã',
  'school-leader': 'Ban giám hiệu',
  'school-data-officer': 'Cán bộ đầu mối dữ liệu',
  'diploma-officer': 'Chuyên viên văn bằng, chứng chỉ',
  'diploma-keyer': 'Nhân viên số hoá văn bằng',
  librarian: 'Nhân viên thư viện',
  'group-leader': 'Tổ trưởng chuyên môn',
  teacher: 'Giáo viên',
  staff: 'Nhân viên',
  student: 'Học sinh',
  parent: 'Phụ huynh',
  citizen: 'Người dân',
};

/**
 * One line of the permission table: a role holds `permission` on the targets the conditions
 * allow. A bare permission in a role's list is a rule without conditions: the assignment's unit
 * and everything under it.
 */
export interface PermissionRule {
  permission: Permission;
  /** `unit`: exactly the assignment's unit, not what lies under it ("this school's own people"). */
  reach?: 'subtree' | 'unit';
  /** The item must be the principal's own (its `owner` fact is the principal). */
  own?: true;
  /** The item's `subject` must be the one the assignment covers (Department specialists). */
  sameSubject?: true;
  /** The item's `group` must be the assignment's subject group (group leaders). */
  sameGroup?: true;
  /** The item fact named here (a unit id, e.g. a record's supervising authority) must be the assignment's unit. */
  scopeIs?: string;
  /**
   * One of the named item facts must be a staff record of the education database linked to the
   * principal's account (the teacher of a subject, a class's homeroom teacher).
   */
  linkedStaff?: readonly string[];
  /** Each named item fact must take one of the listed values (a record's kind, an approval step…). */
  when?: Readonly<Record<string, readonly string[]>>;
  /** Held only so that the role may hand it down (delegation compares permissions); never exercised. */
  delegateOnly?: true;
}

type Grant = Permission | PermissionRule;

/** Professional records that belong to a subject group (seed 003: what a specialist may see). */
export const GROUP_RECORD_KINDS = [
  'group-teaching-plan',
  'group-activities-plan',
  'teacher-plan',
  'lesson-plan',
  'preschool-care-plan',
] as const;

/**
 * Seed 003 § 2.3 as rules. A record is an item of its school, or of its subject group when it has
 * one; its facts are `owner` (the author), `group`, `subject`, `recordKind`, `writtenBy` (who
 * writes that kind) and, when a decision is asked for, `step` and `supervisor` (the authority a
 * school plan goes to). A group leader's rules hold for their group's records, whether the role
 * was granted on the group or (as older grants were) on its school.
 */
const records = {
  /** The board sees the whole school; a commune its schools; the Department's leaders everything. */
  readAll: 'records.read' as const,
  /** A group leader: their subject group's records. */
  readGroup: { permission: 'records.read', sameGroup: true } as PermissionRule,
  /** The author sees their own. */
  readOwn: { permission: 'records.read', own: true } as PermissionRule,
  /** A Department specialist: the groups' and teachers' records of their subject, city-wide. */
  readSubject: {
    permission: 'records.read',
    sameSubject: true,
    when: { recordKind: GROUP_RECORD_KINDS },
  } as PermissionRule,
  write: (...writtenBy: string[]): PermissionRule => ({ permission: 'records.write', when: { writtenBy } }),
  /** A group leader writes (and decides) in their own group only. */
  writeInGroup: (...writtenBy: string[]): PermissionRule => ({
    permission: 'records.write',
    sameGroup: true,
    when: { writtenBy },
  }),
  approve: (...step: string[]): PermissionRule => ({ permission: 'records.approve', when: { step } }),
  approveInGroup: (...step: string[]): PermissionRule => ({
    permission: 'records.approve',
    sameGroup: true,
    when: { step },
  }),
  /** The supervising authority decides school plans sent to its own unit. */
  supervise: {
    permission: 'records.approve',
    scopeIs: 'supervisor',
    when: { step: ['supervising-authority'] },
  } as PermissionRule,
  /** Administrators hold these only to hand them down to those who write and approve. */
  delegated: (['records.read', 'records.write', 'records.approve'] as const).map(
    (permission): PermissionRule => ({ permission, delegateOnly: true }),
  ),
};

/**
 * What every role holds. A role anywhere in the city's tree is what makes someone a user of the
 * city: content licensed to the city needs it (a token alone, without an account, does not).
 */
const everyone: Permission[] = ['self.read', 'repository.read'];
/**
 * Everyone who works in education: the professional development catalogue is theirs, and they sit
 * its end-of-module tests in the exam room (their own attempts only: `/me`-style routes).
 */
const educators: Permission[] = [...everyone, 'course.read', 'exam.take'];
/** Teachers and school leaders plan their year's BDTX; school leaders approve the school's plans. */
const bdtxPlan: Permission = 'course.plan';
const bdtxApprove: Permission = 'course.approve-plan';
/** Held by those who appoint school leaders, so that they may (never exercised). */
const bdtxDelegated: Grant[] = [
  { permission: bdtxPlan, delegateOnly: true },
  { permission: bdtxApprove, delegateOnly: true },
  // School leaders and teachers run class courses.
  { permission: 'course.teach', delegateOnly: true },
];
/**
 * A school library's work: cataloguing and the lending desk. Loans are personal data: the desk
 * opens only to people of the school itself (a commune or the Department sees statistics).
 */
const library: Grant[] = [
  'library.catalogue',
  { permission: 'library.circulate', reach: 'unit' },
  'library.statistics',
];
/** The learning repository: contributing resources and reviewing them before publication. */
const repository: Permission[] = ['repository.contribute', 'repository.review'];
/** A teacher runs their own class courses (the course's `owner`); the school's leaders all of the school's. */
const teachOwn: PermissionRule = { permission: 'course.teach', own: true };
/**
 * Grade books: a subject's teacher enters its scores and reads them, a homeroom teacher reads the
 * class's; school leaders read all of the school's and lock them. Those who appoint teachers and
 * school leaders hold what they hand down.
 */
const gradebook = {
  teach: [
    { permission: 'gradebook.read', linkedStaff: ['teacher', 'homeroom'] },
    { permission: 'gradebook.enter', linkedStaff: ['teacher'] },
  ] as PermissionRule[],
  lead: [
    'gradebook.read',
    'gradebook.lock',
    { permission: 'gradebook.enter', delegateOnly: true },
  ] as Grant[],
  delegated: (['gradebook.read', 'gradebook.enter', 'gradebook.lock'] as const).map(
    (permission): PermissionRule => ({ permission, delegateOnly: true }),
  ),
};
/**
 * Admissions: the Department's office runs campaigns and the allocation (and reads every
 * application); a commune sets its catchments and reads its schools' applications; a school
 * verifies the applications it receives. Administrators appoint school leaders, so they hold
 * what school leaders do, to hand it down.
 */
const admissions = {
  department: ['admission.read', 'admission.manage'] as Permission[],
  commune: ['admission.read', 'admission.catchment'] as Permission[],
  school: ['admission.read', 'admission.verify'] as Permission[],
  delegated: (['admission.catchment', 'admission.verify'] as const).map(
    (permission): PermissionRule => ({ permission, delegateOnly: true }),
  ),
};
/** A resource licensed to one school is read by that school's own people. */
const schoolResources: PermissionRule = { permission: 'repository.read-school', reach: 'unit' };
const administration: Permission[] = [
  'orgunit.read',
  'orgunit.manage',
  'account.read',
  'account.manage',
  'role.grant',
  'audit.read',
];

const RULES: Record<Role, readonly Grant[]> = {
  'department-admin': [
    ...educators,
    'course.oversee',
    ...administration,
    'announcement.send',
    'edudata.read',
    'edudata.write',
    'edudata.approve',
    'edudata.feed',
    'report.read',
    'report.run',
    'ops.read',
    'exam.author',
    'exam.review',
    'exam.manage',
    'exam.mark',
    'exam.results',
    'course.manage',
    ...bdtxDelegated,
    ...records.delegated,
    ...gradebook.delegated,
    'records.deadlines',
    ...library,
    ...repository,
    'repository.curriculum',
    // The register is personal data: administrators appoint its officers, and do not read it.
    { permission: 'diploma.read', delegateOnly: true },
    { permission: 'diploma.register', delegateOnly: true },
    { permission: 'diploma.digitise', delegateOnly: true },
    ...admissions.department,
    ...admissions.delegated,
    schoolResources,
  ],
  'department-leader': [
    ...educators,
    'course.oversee',
    'announcement.send',
    'orgunit.read',
    'account.read',
    'audit.read',
    'edudata.read',
    'report.read',
    'library.statistics',
    'report.run',
    'exam.results',
    records.readAll,
    records.supervise,
    'records.deadlines',
    'diploma.read',
    'repository.review',
    ...admissions.department,
    schoolResources,
  ],
  'department-specialist': [
    ...educators,
    'course.oversee',
    'orgunit.read',
    'edudata.read',
    'report.read',
    'library.statistics',
    'exam.author',
    'exam.review',
    'exam.mark',
    'exam.results',
    'course.manage',
    records.readSubject,
    records.supervise,
    ...repository,
    'repository.curriculum',
    ...admissions.department,
    schoolResources,
  ],
  'commune-admin': [
    ...educators,
    'course.oversee',
    ...administration,
    'announcement.send',
    'edudata.read',
    'edudata.write',
    'edudata.approve',
    'report.read',
    'report.run',
    'exam.author',
    'exam.review',
    'exam.manage',
    'exam.mark',
    'exam.results',
    records.readAll,
    records.supervise,
    { permission: 'records.write', delegateOnly: true },
    ...bdtxDelegated,
    ...gradebook.delegated,
    'records.deadlines',
    ...library,
    ...repository,
    ...admissions.commune,
    { permission: 'admission.verify', delegateOnly: true },
    schoolResources,
  ],
  'commune-officer': [
    ...educators,
    'course.oversee',
    'orgunit.read',
    'account.read',
    'edudata.read',
    'edudata.approve',
    'report.read',
    'library.statistics',
    records.readAll,
    records.supervise,
    'repository.review',
    ...admissions.commune,
    schoolResources,
  ],
  'school-leader': [
    ...educators,
    'announcement.send',
    'orgunit.read',
    'account.read',
    'role.grant',
    'edudata.read',
    'edudata.write',
    'report.read',
    'exam.author',
    'exam.review',
    'exam.manage',
    'exam.mark',
    'exam.results',
    records.readAll,
    records.write('school-board'),
    records.approve('school-board', 'school-council'),
    bdtxPlan,
    bdtxApprove,
    'course.teach',
    ...gradebook.lead,
    'records.deadlines',
    ...library,
    ...repository,
    ...admissions.school,
    schoolResources,
  ],
  'school-data-officer': [
    ...educators,
    'orgunit.read',
    'account.read',
    'edudata.read',
    'edudata.write',
    'report.read',
    'library.statistics',
    ...admissions.school,
    schoolResources,
  ],
  'diploma-officer': [...everyone, 'orgunit.read', 'diploma.read', 'diploma.register', 'diploma.digitise'],
  // Keys scanned diplomas (double keying) and uploads scans; reads the register only through what it keys.
  'diploma-keyer': [...everyone, 'orgunit.read', 'diploma.digitise'],
  librarian: [...educators, 'orgunit.read', ...library, 'repository.contribute', schoolResources],
  'group-leader': [
    ...educators,
    'orgunit.read',
    'edudata.read',
    'exam.author',
    'exam.review',
    'exam.mark',
    records.readGroup,
    records.writeInGroup('group-leader', 'teacher'),
    records.approveInGroup('group-leader'),
    bdtxPlan,
    teachOwn,
    ...gradebook.teach,
    'repository.contribute',
    schoolResources,
  ],
  teacher: [
    ...educators,
    'orgunit.read',
    'edudata.read',
    'exam.author',
    'exam.manage',
    'exam.mark',
    records.readOwn,
    records.write('teacher'),
    bdtxPlan,
    teachOwn,
    ...gradebook.teach,
    'repository.contribute',
    schoolResources,
  ],
  staff: [...educators, schoolResources],
  student: [...everyone, 'exam.take', schoolResources],
  parent: [...everyone],
  citizen: [...everyone],
};

const mapRoles = <T>(make: (role: Role) => T) =>
  Object.fromEntries(ROLES.map((role) => [role, make(role)])) as Record<Role, T>;

/** The permission table: every role's rules. */
export const ROLE_RULES: Record<Role, readonly PermissionRule[]> = mapRoles((role) =>
  RULES[role].map((g) => (typeof g === 'string' ? { permission: g } : g)),
);

/** The permissions each role holds in any form (delegation compares these). */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = mapRoles((role) => [
  ...new Set(ROLE_RULES[role].map((r) => r.permission)),
]);

/**
 * Held by anyone with a valid token, even before an account exists (a citizen's first visit):
 * only `GET /me` asks for it (tests/unit/manifests.test.ts keeps it so).
 */
export const AUTHENTICATED_BASELINE: readonly Permission[] = ['self.read'];

/** What an account is to a person of the education database (identity's links). */
export type LinkRelation = 'self' | 'guardian' | 'staff';

/**
 * What a link grants, on that person only (the item fact `person` must be the linked record): a
 * learner reads their own record (profile, exams, loans, resources of their grade) and asks the
 * school to correct it; a guardian does the same for their linked children. A learner follows the
 * class courses of their class and hands in work; a guardian follows them. A role never grants these.
 */
export const LINK_RULES: Record<LinkRelation, readonly Permission[]> = {
  self: ['learner.read', 'learner.request-correction', 'course.attend', 'course.submit', 'gradebook.own'],
  guardian: ['learner.read', 'learner.request-correction', 'course.attend', 'gradebook.own'],
  staff: [],
};

/**
 * Held by every account holder, with or without a role (a parent, a learner): what concerns
 * their own account — linking it to the people of the education database.
 */
export const ACCOUNT_BASELINE: readonly Permission[] = ['self.read', 'self.link'];

export const isPermission = (value: string): value is Permission =>
  (PERMISSIONS as readonly string[]).includes(value);
