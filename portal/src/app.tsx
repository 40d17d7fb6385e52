/**
 * The frame: session and /me at the top, the layout with role navigation, and the routes. Each
 * capability adds its pages in pages/ and its routes here, each route naming the permission it
 * needs (the API enforces it again; this only spares people a page they cannot use).
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LocationProvider, Route, Router } from 'preact-iso';
import { api } from './api/client.ts';
import type { Me } from './api/types.ts';
import { onSessionChange, type SessionState, sessionState } from './auth/session.ts';
import { useLang } from './i18n/index.ts';
import { MeContext, useMe } from './me.ts';
import { AccountPage } from './pages/account.tsx';
import { AdmissionResultPage } from './pages/admission-result.tsx';
import {
  AdmissionCampaignPage,
  AdmissionCampaignsPage,
  CatchmentsPage,
  MyAdmissionsPage,
  SchoolAdmissionsPage,
} from './pages/admissions.tsx';
import { ApprovalsPage } from './pages/approvals.tsx';
import { AuditPage } from './pages/audit.tsx';
import { BdtxDashboardPage } from './pages/bdtx-dashboard.tsx';
import { MyEvidencePage } from './pages/bdtx-evidence.tsx';
import { BdtxSummaryPage } from './pages/bdtx-summary.tsx';
import { AuthCallback } from './pages/callback.tsx';
import {
  ClassAttendancePage,
  ClassCoursePage,
  ClassCoursesPage,
  ClassSubmissionsPage,
} from './pages/class-courses.tsx';
import { CorrectionRequestsPage } from './pages/correction-requests.tsx';
import { ModuleForumPage } from './pages/course-forum.tsx';
import { CourseHomePage } from './pages/course-home.tsx';
import { CourseOutlinePage } from './pages/course-outline.tsx';
import { CoursePackagesPage } from './pages/course-packages.tsx';
import { ModuleRatingsPage } from './pages/course-ratings.tsx';
import {
  CourseCataloguePage,
  MyCoursesPage,
  MyPlanPage,
  PlanDecisionPage,
  SchoolPlansPage,
} from './pages/courses.tsx';
import { DiplomaAuthoritiesPage } from './pages/diploma-authorities.tsx';
import { DiplomaCopiesPage, MyDiplomaCopiesPage } from './pages/diploma-copies.tsx';
import {
  DiplomaKeyingPage,
  DiplomaScanBatchPage,
  DiplomaScanRecordPage,
  DiplomaScansPage,
} from './pages/diploma-scans.tsx';
import {
  DiplomaClaimsPage,
  DiplomaEntryPage,
  DiplomaImportPage,
  DiplomaNewPage,
  DiplomaRegisterPage,
  MyDiplomasPage,
} from './pages/diplomas.tsx';
import { ExamRoomPage, MyExamsPage } from './pages/exam-room.tsx';
import { MarkingPage, PapersPage, QuestionBankPage, SessionPage, SessionsPage } from './pages/exams.tsx';
import { ClassGradeBooksPage, GradeBookPage, GradeBooksPage } from './pages/gradebook.tsx';
import { ScoreChangesPage } from './pages/gradebook-changes.tsx';
import { HomeroomPage } from './pages/gradebook-homeroom.tsx';
import { ClassResultsPage } from './pages/gradebook-results.tsx';
import { SignTranscriptsPage } from './pages/gradebook-signing.tsx';
import { ClassTranscriptsPage } from './pages/gradebook-transcripts.tsx';
import { HomePage } from './pages/home.tsx';
import { InboxPage } from './pages/inbox.tsx';
import { LandingPage } from './pages/landing.tsx';
import { CataloguePage, LendingDeskPage, LibrarySearchPage, LibraryTitlePage } from './pages/library.tsx';
import { LibraryAdminPage, StocktakePage } from './pages/library-admin.tsx';
import { LibraryStatisticsPage } from './pages/library-statistics.tsx';
import { LinkPage } from './pages/link.tsx';
import { DiplomaLookupPage, VerifyPage } from './pages/lookup.tsx';
import { MePage } from './pages/me.tsx';
import { MyClassesPage, MyClassPage } from './pages/my-classes.tsx';
import { MyScoresPage } from './pages/my-scores.tsx';
import { NotificationSettingsPage } from './pages/notification-settings.tsx';
import { OrgUnitPage } from './pages/org-unit.tsx';
import {
  MyProfessionalRecordsPage,
  ProfessionalRecordPage,
  RecordOversightPage,
  SchoolPlanApprovalsPage,
  SchoolProfessionalRecordsPage,
} from './pages/professional-records.tsx';
import { NewRecordPage, RecordPage, RecordsPage } from './pages/records.tsx';
import { ReportsPage } from './pages/reports.tsx';
import { CoveragePage, RepositoryPage, ResourcePage, ResourceReviewPage } from './pages/repository.tsx';
import { ResultStatisticsPage } from './pages/result-statistics.tsx';
import { StatisticsPage } from './pages/statistics.tsx';
import { useAsync } from './ui/hooks.ts';
import { Layout, SignInRequired } from './ui/layout.tsx';
import { ErrorPanel, Forbidden, Loading, NotFound } from './ui/states.tsx';

function useSession(): SessionState {
  const [state, setState] = useState(sessionState());
  useEffect(() => onSessionChange(setState), []);
  return state;
}

/** A page for signed-in users holding `permission`: otherwise sign-in, or a 403 message. */
function guarded<P extends object>(Page: ComponentType<P & { me: Me }>, permission?: string) {
  return function Guarded(props: P) {
    const { me, meError, reloadMe, session } = useMe();
    if (session.status !== 'signed-in') return <SignInRequired expired={session.reason === 'expired'} />;
    if (meError) return <ErrorPanel error={meError} retry={reloadMe} />;
    if (!me) return <Loading />;
    if (permission && !me.permissions.includes(permission)) return <Forbidden />;
    return <Page {...props} me={me} />;
  };
}

const Home = guarded(HomePage);
const MyAccount = guarded(MePage);
// An account's own: its inbox, its links to learners, how it is notified.
const Inbox = guarded(InboxPage, 'self.link');
const Link = guarded(LinkPage, 'self.link');
const NotificationSettings = guarded(NotificationSettingsPage, 'self.link');
const OrgUnit = guarded(OrgUnitPage, 'orgunit.read');
const Audit = guarded(AuditPage, 'audit.read');
const Account = guarded(AccountPage, 'account.read');
const Reports = guarded(ReportsPage, 'report.read');
const Records = guarded(RecordsPage, 'edudata.read');
const NewRecord = guarded(NewRecordPage, 'edudata.write');
const Record = guarded(RecordPage, 'edudata.read');
const Approvals = guarded(ApprovalsPage, 'edudata.approve');
const CorrectionRequests = guarded(CorrectionRequestsPage, 'edudata.write');
const Stats = guarded(StatisticsPage, 'report.read');
// Learning results' statistics: school leaders and data officers, communes, the Department.
const ResultStats = guarded(ResultStatisticsPage, 'report.read');
const QuestionBank = guarded(QuestionBankPage, 'exam.author');
const Papers = guarded(PapersPage, 'exam.author');
const Sessions = guarded(SessionsPage, 'exam.manage');
const ExamSession = guarded(SessionPage, 'exam.manage');
const Marking = guarded(MarkingPage, 'exam.mark');
const MyExams = guarded(MyExamsPage, 'exam.take');
const ExamRoom = guarded(ExamRoomPage, 'exam.take');
const MyCourses = guarded(MyCoursesPage, 'course.read');
const CourseHome = guarded(CourseHomePage, 'course.read');
const CourseCatalogue = guarded(CourseCataloguePage, 'course.manage');
const CourseOutline = guarded(CourseOutlinePage, 'course.manage');
const CoursePackages = guarded(CoursePackagesPage, 'course.manage');
const ModuleRatings = guarded(ModuleRatingsPage, 'course.manage');
const ModuleForum = guarded(ModuleForumPage, 'course.manage');
// Class courses: their teachers (and the school's leaders); the class's pupils and guardians
// through their links.
const ClassCourses = guarded(ClassCoursesPage, 'course.teach');
const ClassCourse = guarded(ClassCoursePage, 'course.teach');
const ClassSubmissions = guarded(ClassSubmissionsPage, 'course.teach');
const ClassAttendance = guarded(ClassAttendancePage, 'course.teach');
const MyClasses = guarded(MyClassesPage, 'course.attend');
const MyScores = guarded(MyScoresPage, 'gradebook.own');
const MyClass = guarded(MyClassPage, 'course.attend');
// Grade books: teachers of the class's subjects, its homeroom teacher, the school's leaders.
const GradeBooks = guarded(GradeBooksPage, 'gradebook.read');
const ClassGradeBooks = guarded(ClassGradeBooksPage, 'gradebook.read');
const GradeBookGrid = guarded(GradeBookPage, 'gradebook.read');
// A class's homeroom rows and results: its homeroom teacher and the school's leaders; the changes
// asked to locked books: the school's leaders (who lock them).
const Homeroom = guarded(HomeroomPage, 'gradebook.read');
const ClassResults = guarded(ClassResultsPage, 'gradebook.read');
const ScoreChanges = guarded(ScoreChangesPage, 'gradebook.lock');
// Transcripts: a class's (its homeroom teacher approves, the school's leaders read); a grade's
// signed at once by the school's leaders.
const ClassTranscripts = guarded(ClassTranscriptsPage, 'gradebook.read');
const SignTranscripts = guarded(SignTranscriptsPage, 'gradebook.lock');
const BdtxSummary = guarded(BdtxSummaryPage, 'course.oversee');
const BdtxDashboard = guarded(BdtxDashboardPage, 'course.oversee');
const MyPlan = guarded(MyPlanPage, 'course.plan');
const MyEvidence = guarded(MyEvidencePage, 'course.read');
const SchoolPlans = guarded(SchoolPlansPage, 'course.approve-plan');
const PlanDecision = guarded(PlanDecisionPage, 'course.approve-plan');
const MyProRecords = guarded(MyProfessionalRecordsPage, 'records.write');
const SchoolProRecords = guarded(SchoolProfessionalRecordsPage, 'records.read');
const ProRecord = guarded(ProfessionalRecordPage, 'records.read');
const RecordOversight = guarded(RecordOversightPage, 'records.approve');
const SchoolPlanApprovals = guarded(SchoolPlanApprovalsPage, 'records.approve');
const Catalogue = guarded(CataloguePage, 'library.catalogue');
const LendingDesk = guarded(LendingDeskPage, 'library.circulate');
const Stocktake = guarded(StocktakePage, 'library.circulate');
const LibraryAdmin = guarded(LibraryAdminPage, 'library.circulate');
const LibraryStatistics = guarded(LibraryStatisticsPage, 'library.statistics');
const DiplomaRegister = guarded(DiplomaRegisterPage, 'diploma.read');
const DiplomaNew = guarded(DiplomaNewPage, 'diploma.register');
const DiplomaImport = guarded(DiplomaImportPage, 'diploma.register');
const DiplomaEntry = guarded(DiplomaEntryPage, 'diploma.read');
const DiplomaClaims = guarded(DiplomaClaimsPage, 'diploma.register');
const DiplomaScans = guarded(DiplomaScansPage, 'diploma.digitise');
const DiplomaCopies = guarded(DiplomaCopiesPage, 'diploma.register');
const DiplomaAuthorities = guarded(DiplomaAuthoritiesPage, 'diploma.register');
const MyDiplomaCopies = guarded(MyDiplomaCopiesPage, 'self.link');
const MyAdmissions = guarded(MyAdmissionsPage, 'self.link');
const SchoolAdmissions = guarded(SchoolAdmissionsPage, 'admission.read');
const AdmissionCampaigns = guarded(AdmissionCampaignsPage, 'admission.manage');
const AdmissionCampaign = guarded(AdmissionCampaignPage, 'admission.manage');
const Catchments = guarded(CatchmentsPage, 'admission.catchment');
const DiplomaScanBatch = guarded(DiplomaScanBatchPage, 'diploma.digitise');
const DiplomaKeying = guarded(DiplomaKeyingPage, 'diploma.digitise');
const DiplomaScanRecord = guarded(DiplomaScanRecordPage, 'diploma.digitise');
const MyDiplomas = guarded(MyDiplomasPage, 'self.link');
const Repository = guarded(RepositoryPage, 'repository.contribute');
const ResourceReviews = guarded(ResourceReviewPage, 'repository.review');

export function App() {
  useLang();
  const session = useSession();
  const signedInAs = session.status === 'signed-in' ? session.session.sub : '';
  const me = useAsync(async () => (signedInAs ? api<Me>('/me') : undefined), [signedInAs]);
  return (
    <LocationProvider>
      <MeContext.Provider value={{ me: me.data, meError: me.error, reloadMe: me.reload, session }}>
        <Layout>
          <Router>
            <Route path="/" component={LandingPage} />
            <Route path="/auth/callback" component={AuthCallback} />
            <Route path="/lookup/diplomas" component={DiplomaLookupPage} />
            <Route path="/verify" component={VerifyPage} />
            <Route path="/verify/:id" component={VerifyPage} />
            <Route path="/library" component={LibrarySearchPage} />
            <Route path="/library/titles/:id" component={LibraryTitlePage} />
            <Route path="/units/:id/library" component={Catalogue} />
            <Route path="/units/:id/library-desk" component={LendingDesk} />
            <Route path="/library/resources/:id" component={ResourcePage} />
            <Route path="/library/coverage" component={CoveragePage} />
            <Route path="/units/:id/repository" component={Repository} />
            <Route path="/units/:id/library-statistics" component={LibraryStatistics} />
            <Route path="/units/:id/library-stocktake" component={Stocktake} />
            <Route path="/units/:id/library-admin" component={LibraryAdmin} />
            <Route path="/units/:id/resource-reviews" component={ResourceReviews} />
            <Route path="/diplomas" component={DiplomaRegister} />
            <Route path="/diplomas/new" component={DiplomaNew} />
            <Route path="/diplomas/import" component={DiplomaImport} />
            <Route path="/diplomas/claims" component={DiplomaClaims} />
            <Route path="/diplomas/copies" component={DiplomaCopies} />
            <Route path="/diplomas/authorities" component={DiplomaAuthorities} />
            <Route path="/me/diploma-copies" component={MyDiplomaCopies} />
            <Route path="/me/admissions" component={MyAdmissions} />
            <Route path="/units/:id/admissions" component={SchoolAdmissions} />
            <Route path="/units/:id/admission-catchments" component={Catchments} />
            <Route path="/admissions" component={AdmissionCampaigns} />
            <Route path="/admissions/:id" component={AdmissionCampaign} />
            <Route path="/results/admissions/:campaignId" component={AdmissionResultPage} />
            <Route path="/diplomas/scans" component={DiplomaScans} />
            <Route path="/diplomas/scans/:batchId" component={DiplomaScanBatch} />
            <Route path="/diplomas/scans/:batchId/key" component={DiplomaKeying} />
            <Route path="/diplomas/scan-records/:recordId" component={DiplomaScanRecord} />
            <Route path="/me/diplomas" component={MyDiplomas} />
            <Route path="/diplomas/:entryId" component={DiplomaEntry} />
            <Route path="/home" component={Home} />
            <Route path="/me" component={MyAccount} />
            <Route path="/inbox" component={Inbox} />
            <Route path="/link" component={Link} />
            <Route path="/settings/notifications" component={NotificationSettings} />
            <Route path="/org-units/:id" component={OrgUnit} />
            <Route path="/accounts/:id" component={Account} />
            <Route path="/audit" component={Audit} />
            <Route path="/reports" component={Reports} />
            <Route path="/units/:id/questions" component={QuestionBank} />
            <Route path="/units/:id/exam-papers" component={Papers} />
            <Route path="/units/:id/exam-sessions" component={Sessions} />
            <Route path="/exam-sessions/:id" component={ExamSession} />
            <Route path="/exam-sessions/:id/marking" component={Marking} />
            <Route path="/exams" component={MyExams} />
            <Route path="/courses" component={MyCourses} />
            <Route path="/courses/:id" component={CourseHome} />
            <Route path="/course-modules/:id/outline" component={CourseOutline} />
            <Route path="/course-modules/:id/ratings" component={ModuleRatings} />
            <Route path="/course-modules/:id/forum" component={ModuleForum} />
            <Route path="/units/:id/course-modules" component={CourseCatalogue} />
            <Route path="/units/:id/course-packages" component={CoursePackages} />
            <Route path="/units/:id/class-courses" component={ClassCourses} />
            <Route path="/class-courses/:id" component={ClassCourse} />
            <Route path="/class-assignments/:id/submissions" component={ClassSubmissions} />
            <Route path="/class-lessons/:id/attendance" component={ClassAttendance} />
            <Route path="/grade-books" component={GradeBooks} />
            <Route path="/classes/:classId/grade-books" component={ClassGradeBooks} />
            <Route path="/classes/:classId/grade-books/:subject/:semester" component={GradeBookGrid} />
            <Route path="/classes/:classId/homeroom/:semester" component={Homeroom} />
            <Route path="/classes/:classId/results" component={ClassResults} />
            <Route path="/units/:id/grade-book-changes" component={ScoreChanges} />
            <Route path="/classes/:classId/transcripts" component={ClassTranscripts} />
            <Route path="/units/:id/transcripts" component={SignTranscripts} />
            <Route path="/my-classes" component={MyClasses} />
            <Route path="/my-scores" component={MyScores} />
            <Route path="/my-classes/:id" component={MyClass} />
            <Route path="/bdtx-plan" component={MyPlan} />
            <Route path="/bdtx-evidence" component={MyEvidence} />
            <Route path="/units/:id/bdtx-plans" component={SchoolPlans} />
            <Route path="/units/:id/bdtx-plan-summary" component={BdtxSummary} />
            <Route path="/units/:id/bdtx-dashboard" component={BdtxDashboard} />
            <Route path="/bdtx-plans/:id" component={PlanDecision} />
            <Route path="/exams/:id" component={ExamRoom} />
            <Route path="/professional-records" component={MyProRecords} />
            <Route path="/professional-records/:id" component={ProRecord} />
            <Route path="/units/:id/professional-records" component={SchoolProRecords} />
            <Route path="/units/:id/record-oversight" component={RecordOversight} />
            <Route path="/record-approvals" component={SchoolPlanApprovals} />
            <Route path="/units/:id/records/:kind" component={Records} />
            <Route path="/units/:id/records/:kind/new" component={NewRecord} />
            <Route path="/records/:id" component={Record} />
            <Route path="/units/:id/approvals" component={Approvals} />
            <Route path="/units/:id/correction-requests" component={CorrectionRequests} />
            <Route path="/units/:id/statistics" component={Stats} />
            <Route path="/units/:id/result-statistics" component={ResultStats} />
            <Route default component={NotFound} />
          </Router>
        </Layout>
      </MeContext.Provider>
    </LocationProvider>
  );
}
