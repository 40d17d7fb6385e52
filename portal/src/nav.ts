/**
 * Who sees what: roles map to audiences (the home page they get), and navigation items ask for
 * permissions, like the API's routes do. The server's /me decides; this only arranges the screen.
 */
import type { Me } from './api/types.ts';
import type { MessageKey } from './i18n/vi.ts';

export const AUDIENCES = [
  'department',
  'commune',
  'school',
  'teacher',
  'student',
  'parent',
  'citizen',
] as const;
export type Audience = (typeof AUDIENCES)[number];

const ROLE_AUDIENCE: Record<string, Audience> = {
  'department-admin': 'department',
  'department-leader': 'department',
  'department-specialist': 'department',
  'commune-admin': 'commune',
  'commune-officer': 'commune',
  'school-leader': 'school',
  'school-data-officer': 'school',
  staff: 'school',
  librarian: 'school',
  'diploma-officer': 'department',
  'diploma-keyer': 'department',
  'group-leader': 'teacher',
  teacher: 'teacher',
  student: 'student',
  parent: 'parent',
  citizen: 'citizen',
};

/** The audiences a person belongs to, widest first; someone with no role is a citizen. */
export function audiencesOf(me: Pick<Me, 'roles'>): Audience[] {
  const found = new Set(me.roles.map((r) => ROLE_AUDIENCE[r.role]).filter((a): a is Audience => !!a));
  const ordered = AUDIENCES.filter((a) => found.has(a));
  return ordered.length ? ordered : ['citizen'];
}

/** The unit a person mostly works on: the scope of their widest role. */
export function primaryScope(me: Pick<Me, 'roles' | 'homeOrgUnitId'>): string | undefined {
  const [widest] = audiencesOf(me);
  return me.roles.find((r) => ROLE_AUDIENCE[r.role] === widest)?.scopeOrgUnitId ?? me.homeOrgUnitId;
}

export interface NavItem {
  label: MessageKey;
  href: string;
  permission?: string;
}

export function navFor(me: Me): NavItem[] {
  const audience = audiencesOf(me)[0]!;
  const scope = primaryScope(me);
  const unitLabel: Record<Audience, MessageKey> = {
    department: 'nav.orgUnits',
    commune: 'nav.schools',
    school: 'nav.mySchool',
    teacher: 'nav.mySchool',
    student: 'nav.mySchool',
    parent: 'nav.mySchool',
    citizen: 'nav.orgUnits',
  };
  const family = ['student', 'parent', 'citizen'].includes(audience);
  const items: NavItem[] = [
    { label: 'nav.home', href: '/home' },
    // Learners and guardians link their account to the people of the education database. (The
    // inbox is the bell's, in the header; its page links the notification settings.)
    ...(family
      ? [
          { label: 'nav.link' as const, href: '/link', permission: 'self.link' },
          { label: 'nav.myDiplomas' as const, href: '/me/diplomas', permission: 'self.link' },
          { label: 'nav.myDiplomaCopies' as const, href: '/me/diploma-copies', permission: 'self.link' },
          { label: 'nav.admissions' as const, href: '/me/admissions', permission: 'self.link' },
        ]
      : []),
    // Admissions: the Department runs the campaigns; a school verifies the applications it receives.
    ...(audience === 'department'
      ? [{ label: 'nav.admissionCampaigns' as const, href: '/admissions', permission: 'admission.manage' }]
      : []),
    // A commune sets which of its schools takes which residential areas (grades 1 and 6).
    ...(scope && audience === 'commune'
      ? [
          {
            label: 'nav.catchments' as const,
            href: `/units/${scope}/admission-catchments`,
            permission: 'admission.catchment',
          },
        ]
      : []),
    ...(scope && audience === 'school'
      ? [
          {
            label: 'nav.schoolAdmissions' as const,
            href: `/units/${scope}/admissions`,
            permission: 'admission.verify',
          },
        ]
      : []),
    ...(scope
      ? [{ label: unitLabel[audience], href: `/org-units/${scope}`, permission: 'orgunit.read' }]
      : []),
    ...(scope
      ? [
          {
            label: 'nav.records' as const,
            href: `/units/${scope}/records/student`,
            permission: 'edudata.read',
          },
          {
            label: 'nav.approvals' as const,
            href: `/units/${scope}/approvals`,
            permission: 'edudata.approve',
          },
          // Learners' and guardians' requests to correct a record go to their school.
          ...(audience === 'school'
            ? [
                {
                  label: 'nav.corrections' as const,
                  href: `/units/${scope}/correction-requests`,
                  permission: 'edudata.write',
                },
              ]
            : []),
          { label: 'nav.statistics' as const, href: `/units/${scope}/statistics`, permission: 'report.read' },
          {
            label: 'nav.resultStatistics' as const,
            href: `/units/${scope}/result-statistics`,
            permission: 'report.read',
          },
          { label: 'nav.examBank' as const, href: `/units/${scope}/questions`, permission: 'exam.author' },
          // Schools review records in a queue; communes follow their schools' submissions.
          ...(audience === 'school' || audience === 'teacher'
            ? [
                {
                  label: 'nav.proReview' as const,
                  href: `/units/${scope}/professional-records?status=submitted`,
                  permission: 'records.approve',
                },
              ]
            : audience === 'commune'
              ? [
                  {
                    label: 'nav.proOversight' as const,
                    href: `/units/${scope}/record-oversight`,
                    permission: 'records.approve',
                  },
                ]
              : // The Department decides the school plans sent to it, and follows the city.
                [
                  {
                    label: 'nav.proReview' as const,
                    href: '/record-approvals',
                    permission: 'records.approve',
                  },
                  {
                    label: 'nav.proOversight' as const,
                    href: `/units/${scope}/record-oversight`,
                    permission: 'records.approve',
                  },
                ]),
        ]
      : []),
    { label: 'nav.exams', href: '/exams', permission: 'exam.take' },
    // Class courses: a school's teachers run their own, its leaders see all of them; pupils and
    // guardians follow them through their links to learners (`course.attend` comes from a link,
    // never from a role).
    ...(scope && (audience === 'school' || audience === 'teacher')
      ? [
          {
            label: 'nav.classCourses' as const,
            href: `/units/${scope}/class-courses`,
            permission: 'course.teach',
          },
        ]
      : []),
    // Grade books: a subject's teachers enter theirs, homeroom teachers and school leaders read
    // a class's (the leaders lock them); delegated rights above a school are not a menu.
    ...(audience === 'school' || audience === 'teacher'
      ? [{ label: 'nav.gradeBooks' as const, href: '/grade-books', permission: 'gradebook.read' }]
      : []),
    { label: 'nav.myClasses', href: '/my-classes', permission: 'course.attend' },
    { label: 'nav.myScores', href: '/my-scores', permission: 'gradebook.own' },
    { label: 'nav.courses', href: '/courses', permission: 'course.read' },
    { label: 'nav.bdtxPlan', href: '/bdtx-plan', permission: 'course.plan' },
    { label: 'nav.bdtxEvidence', href: '/bdtx-evidence', permission: 'course.plan' },
    ...(scope && audience === 'school'
      ? [
          {
            label: 'nav.bdtxPlans' as const,
            href: `/units/${scope}/bdtx-plans`,
            permission: 'course.approve-plan',
          },
        ]
      : []),
    // Communes follow each school's plans; communes and the Department the year's figures.
    ...(scope && audience === 'commune'
      ? [
          {
            label: 'nav.bdtxSummary' as const,
            href: `/units/${scope}/bdtx-plan-summary`,
            permission: 'course.oversee',
          },
        ]
      : []),
    ...(scope && (audience === 'commune' || audience === 'department')
      ? [
          {
            label: 'nav.bdtxDashboard' as const,
            href: `/units/${scope}/bdtx-dashboard`,
            permission: 'course.oversee',
          },
        ]
      : []),
    // The Department keeps the professional development catalogue.
    ...(scope && audience === 'department'
      ? [
          {
            label: 'nav.courseCatalogue' as const,
            href: `/units/${scope}/course-modules`,
            permission: 'course.manage',
          },
        ]
      : []),
    // Records are written at schools; administrators above only review them.
    ...(audience === 'school' || audience === 'teacher'
      ? [{ label: 'nav.proRecords' as const, href: '/professional-records', permission: 'records.write' }]
      : []),
    // A school's library is catalogued at the school (the Department's cataloguers use the API).
    ...(scope && audience === 'school'
      ? [
          { label: 'nav.library' as const, href: `/units/${scope}/library`, permission: 'library.catalogue' },
          {
            label: 'nav.libraryDesk' as const,
            href: `/units/${scope}/library-desk`,
            permission: 'library.circulate',
          },
          {
            label: 'nav.libraryStocktake' as const,
            href: `/units/${scope}/library-stocktake`,
            permission: 'library.circulate',
          },
          {
            label: 'nav.libraryAdmin' as const,
            href: `/units/${scope}/library-admin`,
            permission: 'library.circulate',
          },
        ]
      : []),
    // Resources are contributed at schools (and by the Department's specialists), reviewed at the
    // school, the commune or the Department.
    ...(scope
      ? [
          {
            label: 'nav.repository' as const,
            href: `/units/${scope}/repository`,
            permission: 'repository.contribute',
          },
          {
            label: 'nav.resourceReviews' as const,
            href: `/units/${scope}/resource-reviews`,
            permission: 'repository.review',
          },
          {
            label: 'nav.libraryStats' as const,
            href: `/units/${scope}/library-statistics`,
            permission: 'library.statistics',
          },
        ]
      : []),
    { label: 'nav.diplomaRegister', href: '/diplomas', permission: 'diploma.read' },
    { label: 'nav.diplomaScans', href: '/diplomas/scans', permission: 'diploma.digitise' },
    { label: 'nav.audit', href: '/audit', permission: 'audit.read' },
    { label: 'nav.reports', href: '/reports', permission: 'report.read' },
    { label: 'nav.me', href: '/me' },
    ...(family
      ? [
          {
            label: 'nav.notificationSettings' as const,
            href: '/settings/notifications',
            permission: 'self.link',
          },
        ]
      : []),
  ];
  if (family) {
    items.push(
      { label: 'nav.librarySearch', href: '/library' },
      { label: 'nav.coverage', href: '/library/coverage' },
      { label: 'nav.diplomas', href: '/lookup/diplomas' },
      { label: 'nav.verify', href: '/verify' },
    );
  }
  return items.filter((item) => !item.permission || me.permissions.includes(item.permission));
}
