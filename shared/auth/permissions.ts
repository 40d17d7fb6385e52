/**
 * Permissions are what routes ask for; roles are what people are given. The role → permission
 * table below is data: changing who may do what never means changing a route.
 */
export const PERMISSIONS = [
  // Everyone who is signed in
  'self.read',
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
  // The learning repository (repository): contributing resources, reviewing them, the curriculum's lessons
  'repository.contribute',
  'repository.review',
  'repository.curriculum',
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
  librarian: 'Nhân viên thư viện',
  'group-leader': 'Tổ trưởng chuyên môn',
  teacher: 'Giáo viên',
  staff: 'Nhân viên',
  student: 'Học sinh',
  parent: 'Phụ huynh',
  citizen: 'Người dân',
};

const everyone: Permission[] = ['self.read'];
/** A school library's work: cataloguing and the lending desk. */
const library: Permission[] = ['library.catalogue', 'library.circulate', 'library.statistics'];
/** The learning repository: contributing resources and reviewing them before publication. */
const repository: Permission[] = ['repository.contribute', 'repository.review'];
const administration: Permission[] = [
  'orgunit.read',
  'orgunit.manage',
  'account.read',
  'account.manage',
  'role.grant',
  'audit.read',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  'department-admin': [
    ...everyone,
    ...administration,
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
    'records.read',
    'records.write',
    'records.approve',
    'records.deadlines',
    ...library,
    ...repository,
    'repository.curriculum',
  ],
  'department-leader': [
    ...everyone,
    'orgunit.read',
    'account.read',
    'audit.read',
    'edudata.read',
    'report.read',
    'library.statistics',
    'report.run',
    'exam.results',
    'records.read',
    'records.approve',
    'records.deadlines',
    'repository.review',
  ],
  'department-specialist': [
    ...everyone,
    'orgunit.read',
    'edudata.read',
    'report.read',
    'library.statistics',
    'exam.author',
    'exam.review',
    'exam.mark',
    'exam.results',
    'records.read',
    'records.approve',
    ...repository,
    'repository.curriculum',
  ],
  'commune-admin': [
    ...everyone,
    ...administration,
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
    'records.read',
    'records.approve',
    'records.write',
    'records.deadlines',
    ...library,
    ...repository,
  ],
  'commune-officer': [
    ...everyone,
    'orgunit.read',
    'account.read',
    'edudata.read',
    'edudata.approve',
    'report.read',
    'library.statistics',
    'records.read',
    'records.approve',
    'repository.review',
  ],
  'school-leader': [
    ...everyone,
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
    'records.read',
    'records.write',
    'records.approve',
    'records.deadlines',
    ...library,
    ...repository,
  ],
  'school-data-officer': [
    ...everyone,
    'orgunit.read',
    'account.read',
    'edudata.read',
    'edudata.write',
    'report.read',
    'library.statistics',
  ],
  librarian: [...everyone, 'orgunit.read', ...library, 'repository.contribute'],
  'group-leader': [
    ...everyone,
    'orgunit.read',
    'edudata.read',
    'exam.author',
    'exam.review',
    'exam.mark',
    'records.read',
    'records.write',
    'records.approve',
    'repository.contribute',
  ],
  teacher: [
    ...everyone,
    'orgunit.read',
    'edudata.read',
    'exam.author',
    'exam.manage',
    'exam.mark',
    'records.read',
    'records.write',
    'repository.contribute',
  ],
  staff: [...everyone],
  student: [...everyone, 'exam.take'],
  parent: [...everyone],
  citizen: [...everyone],
};

/** Held by anyone with a valid token, even before an account exists (a citizen's first visit). */
export const AUTHENTICATED_BASELINE: readonly Permission[] = ['self.read'];

export const isPermission = (value: string): value is Permission =>
  (PERMISSIONS as readonly string[]).includes(value);
