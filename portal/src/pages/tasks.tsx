/**
 * A staff home is its task list: what waits for this person, each line a count and a link to the
 * list filtered to it. Tasks come from the lists the person already may read (one small read
 * each, in parallel, for the units their roles cover); a task that cannot be read is left out
 * rather than failing the home page, and a task with nothing waiting says so in one line.
 */
import { schoolYearOf } from '../../../functions/records/domain/records.ts';
import { ROLE_PERMISSIONS, type Role } from '../../../shared/auth/permissions.ts';
import { api, type Page } from '../api/client.ts';
import {
  type GradeBookClass,
  type GradeTranscripts,
  gradeTranscriptsPath,
  signTranscriptsPage,
} from '../api/gradebook.ts';
import type { Me } from '../api/types.ts';
import { sessionState } from '../auth/session.ts';
import { formatDateTime, type MessageKey, t } from '../i18n/index.ts';
import { audiencesOf } from '../nav.ts';
import { useAsync } from '../ui/hooks.ts';
import { Loading } from '../ui/states.tsx';
import { thisYear } from './courses.tsx';
import { unitsLockingGradeBooks } from './gradebook.tsx';
import { failedImportTask, type TaskDetail, unitsBehindTask } from './tasks-watch.ts';

/** Lists are read one page deep: past this many the count says "100+". */
const PAGE = 100;

/** What a batch of scans waits for (the diplomas context's progress counts). */
interface DigitisationBatch {
  batchId: string;
  open: number;
  keyedOnce: number;
  disagreed: number;
  agreed: number;
}

interface Task {
  key: string;
  count: number;
  /** More than one page waits. */
  more: boolean;
  label: MessageKey;
  href: string;
  /** The nearest deadline or start, when the task has one. */
  when?: string;
  unit?: string;
  /** The label's parameters. */
  params?: Record<string, string | number>;
  /** Lines under the task (each failed import with its report). */
  details?: TaskDetail[];
}

/** The units where the person holds a role granting `permission` (names as /me gives them). */
function unitsWith(me: Me, permission: string) {
  const units = new Map<string, string>();
  for (const r of me.roles)
    if ((ROLE_PERMISSIONS[r.role as Role] ?? []).includes(permission as never))
      units.set(r.scopeOrgUnitId, r.scopeName ?? r.scopeOrgUnitId);
  return [...units];
}

const enc = encodeURIComponent;
const counted = <T,>(page: { items: T[]; nextCursor?: string }) => ({
  count: page.items.length,
  more: !!page.nextCursor,
});

/** Every task the person's roles give, each read on its own (a failed read drops only that task). */
async function tasksOf(me: Me, signal: AbortSignal): Promise<Task[]> {
  const year = schoolYearOf(new Date());
  const reads: Promise<Task | undefined>[] = [];
  const add = (read: () => Promise<Task | undefined>) => reads.push(read().catch(() => undefined));

  for (const [unit, name] of unitsWith(me, 'edudata.approve'))
    add(async () => ({
      key: `approvals:${unit}`,
      ...counted(
        await api<Page<unknown>>(`/org-units/${enc(unit)}/approval-queue`, {
          query: { limit: PAGE },
          signal,
        }),
      ),
      label: 'tasks.approvals',
      href: `/units/${enc(unit)}/approvals`,
      unit: name,
    }));
  for (const [unit, name] of unitsWith(me, 'edudata.write'))
    add(async () => ({
      key: `corrections:${unit}`,
      ...counted(
        await api<Page<unknown>>(`/org-units/${enc(unit)}/correction-requests`, {
          query: { state: 'open', limit: PAGE },
          signal,
        }),
      ),
      label: 'tasks.corrections',
      href: `/units/${enc(unit)}/correction-requests`,
      unit: name,
    }));
  // Records at my step: a school's (or group's) own, and the school plans a supervisor decides.
  const approverUnits = unitsWith(me, 'records.approve');
  for (const [unit, name] of approverUnits)
    add(async () => ({
      key: `pro:${unit}`,
      ...counted(
        await api<Page<unknown>>(`/org-units/${enc(unit)}/professional-records`, {
          query: { schoolYear: year, status: 'submitted', awaiting: 'me', limit: PAGE },
          signal,
        }),
      ),
      label: 'tasks.proRecords',
      href: `/units/${enc(unit)}/professional-records?status=awaiting`,
      unit: name,
    }));
  if (approverUnits.length)
    add(async () => {
      const plans = await api<{ items: unknown[] }>('/me/record-approvals', {
        query: { schoolYear: year },
        signal,
      });
      return plans.items.length
        ? {
            key: 'school-plans',
            count: plans.items.length,
            more: false,
            label: 'tasks.schoolPlans',
            href: '/record-approvals',
          }
        : undefined;
    });
  if (me.permissions.includes('records.write'))
    add(async () => {
      const mine = await api<Page<{ status: string }>>('/me/professional-records', {
        query: { limit: PAGE },
        signal,
      });
      return {
        key: 'returned',
        count: mine.items.filter((r) => r.status === 'returned').length,
        more: false,
        label: 'tasks.returned',
        href: '/professional-records',
      };
    });
  for (const [unit, name] of unitsWith(me, 'repository.review'))
    add(async () => ({
      key: `reviews:${unit}`,
      ...counted(
        await api<Page<unknown>>(`/org-units/${enc(unit)}/resource-reviews`, {
          query: { limit: PAGE },
          signal,
        }),
      ),
      label: 'tasks.resourceReviews',
      href: `/units/${enc(unit)}/resource-reviews`,
      unit: name,
    }));
  for (const [unit, name] of unitsWith(me, 'library.circulate'))
    add(async () => {
      const overdue = await api<{ items: unknown[] }>(`/org-units/${enc(unit)}/library-overdue`, { signal });
      return {
        key: `overdue:${unit}`,
        count: overdue.items.length,
        more: false,
        label: 'tasks.overdue',
        href: `/units/${enc(unit)}/library-desk#overdue`,
        unit: name,
      };
    });
  for (const [unit, name] of unitsWith(me, 'exam.manage'))
    add(async () => {
      const sessions = await api<Page<{ opensAt: string; closesAt: string }>>(
        `/org-units/${enc(unit)}/exam-sessions`,
        { query: { limit: PAGE }, signal },
      );
      const now = new Date().toISOString();
      const coming = sessions.items
        .filter((s) => s.closesAt > now)
        .sort((a, b) => a.opensAt.localeCompare(b.opensAt));
      return {
        key: `sessions:${unit}`,
        count: coming.length,
        more: false,
        label: 'tasks.sessions',
        href: `/units/${enc(unit)}/exam-sessions`,
        unit: name,
        ...(coming[0] ? { when: coming[0].opensAt } : {}),
      };
    });
  // Reports finished in the last week for the units the person reads reports of.
  for (const [unit, name] of unitsWith(me, 'report.read'))
    add(async () => {
      const reports = await api<Page<{ status: string; finishedAt?: string }>>(
        `/org-units/${enc(unit)}/reports`,
        {
          query: { limit: 20 },
          signal,
        },
      );
      const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
      return {
        key: `reports:${unit}`,
        count: reports.items.filter((r) => r.status === 'done' && (r.finishedAt ?? '') > weekAgo).length,
        more: false,
        label: 'tasks.reports',
        href: '/reports',
        unit: name,
      };
    });
  // Units behind on approving their data (the Department: its communes), and my failed imports.
  for (const [unit, name] of unitsWith(me, 'report.read')) add(() => unitsBehindTask(unit, name, signal));
  const failed = failedImportTask(me, signal);
  if (failed) add(() => failed);
  if (me.permissions.includes('exam.take'))
    add(async () => {
      const mine = await api<{ items: { state: string; opensAt: string }[] }>('/me/exam-sessions', {
        signal,
      });
      const open = mine.items.filter((s) => s.state !== 'closed' && s.state !== 'submitted');
      return {
        key: 'my-exams',
        count: open.length,
        more: false,
        label: 'tasks.myExams',
        href: '/exams',
        ...(open[0] ? { when: open[0].opensAt } : {}),
      };
    });
  // The year's BDTX plan: mine until it is sent, and the plans waiting for a school leader.
  const bdtxYear = thisYear();
  // Modules I am learning: open, enrolled, not completed; the first to close says when.
  if (me.permissions.includes('course.read'))
    add(async () => {
      const mine = await api<{ items: { state: string; closesAt: string; completedAt?: string }[] }>(
        '/me/courses',
        { query: { year: bdtxYear, limit: 50 }, signal },
      );
      const learning = mine.items
        .filter((c) => c.state === 'running' && !c.completedAt)
        .sort((a, b) => a.closesAt.localeCompare(b.closesAt));
      return {
        key: 'my-courses',
        count: learning.length,
        more: false,
        label: 'tasks.myCourses',
        href: '/courses',
        ...(learning[0] ? { when: learning[0].closesAt } : {}),
      };
    });
  if (me.permissions.includes('course.plan'))
    add(async () => {
      const mine = await api<{ standing: string; deadline: string }>(`/me/bdtx-plans/${bdtxYear}`, {
        signal,
      });
      const todo = ['none', 'draft', 'returned', 'overdue'].includes(mine.standing);
      return {
        key: 'bdtx-plan',
        count: todo ? 1 : 0,
        more: false,
        label: 'tasks.bdtxPlan',
        params: { year: bdtxYear },
        href: '/bdtx-plan',
        ...(todo ? { when: mine.deadline } : {}),
      };
    });
  for (const [unit, name] of unitsWith(me, 'course.approve-plan'))
    add(async () => {
      const plans = await api<{ items: { standing: string }[] }>(`/org-units/${enc(unit)}/bdtx-plans`, {
        query: { year: bdtxYear },
        signal,
      });
      return {
        key: `bdtx-plans:${unit}`,
        count: plans.items.filter((p) => p.standing === 'submitted').length,
        more: false,
        label: 'tasks.bdtxPlans',
        href: `/units/${enc(unit)}/bdtx-plans`,
        unit: name,
      };
    });
  // Grade books: the subjects' books I teach that are still open (one request).
  if (me.permissions.includes('gradebook.enter'))
    add(async () => {
      const mine = await api<{ items: { role: string; locked?: boolean }[] }>('/me/grade-books', { signal });
      const open = mine.items.filter((b) => b.role === 'teacher' && !b.locked).length;
      if (!open) return undefined;
      return {
        key: 'grade-books',
        count: open,
        more: false,
        label: 'tasks.gradeBooks',
        href: '/grade-books',
      };
    });
  // Changes asked to locked grade books, waiting for a school leader (who locks them).
  for (const [unit, name] of unitsLockingGradeBooks(me))
    add(async () => ({
      key: `score-changes:${unit}`,
      ...counted(
        await api<Page<unknown>>(`/org-units/${enc(unit)}/grade-book-changes`, {
          query: { state: 'pending', limit: PAGE },
          signal,
        }),
      ),
      label: 'tasks.scoreChanges',
      href: `/units/${enc(unit)}/grade-book-changes`,
      unit: name,
    }));
  // Transcripts the homeroom teachers approved, waiting for a school leader to sign them (the
  // school's latest year, one read per grade): shown only while some wait.
  for (const [unit, name] of unitsLockingGradeBooks(me))
    add(async () => {
      const classes = await api<{ items: GradeBookClass[] }>(`/org-units/${enc(unit)}/grade-book-classes`, {
        signal,
      });
      const schoolYear = classes.items[0]?.schoolYear;
      if (!schoolYear) return undefined;
      const grades = [...new Set(classes.items.map((c) => c.grade))].sort((a, b) => b - a);
      const byGrade = await Promise.all(
        grades.map((grade) =>
          api<GradeTranscripts>(gradeTranscriptsPath(unit), { query: { schoolYear, grade }, signal }),
        ),
      );
      const waiting = byGrade.filter((g) => g.counts.approved + g.counts.failed > 0);
      if (!waiting.length) return undefined;
      return {
        key: `transcripts:${unit}`,
        count: waiting.reduce((n, g) => n + g.counts.approved + g.counts.failed, 0),
        more: false,
        label: 'tasks.transcripts',
        href: `${signTranscriptsPage(unit)}?grade=${waiting[0]!.grade}`,
        unit: name,
      };
    });
  // The diploma register: numbers this year's register skipped that nobody has explained yet.
  if (me.permissions.includes('diploma.register'))
    add(async () => {
      const registerYear = new Date().getFullYear();
      const year = await api<{ unexplained: number }>(`/diploma-registers/${registerYear}`, {
        query: { gaps: 'count' },
        signal,
      });
      if (!year.unexplained) return undefined;
      return {
        key: 'diploma-gaps',
        count: year.unexplained,
        more: false,
        label: 'tasks.diplomaGaps',
        params: { year: String(registerYear) },
        href: '/diplomas',
      };
    });
  // Citizens' claims to diplomas, waiting for the office.
  if (me.permissions.includes('diploma.register'))
    add(async () => {
      const claims = await api<{ items: unknown[] }>('/diploma-claims', { signal });
      if (!claims.items.length) return undefined;
      return {
        key: 'diploma-claims',
        count: claims.items.length,
        more: false,
        label: 'tasks.diplomaClaims',
        href: '/diplomas/claims',
      };
    });
  // Requests for copies from the register with the office: the overdue ones said first.
  if (me.permissions.includes('diploma.register'))
    add(async () => {
      const open = await api<{ items: { overdue: boolean; dueOn?: string }[] }>('/diploma-copies', {
        signal,
      });
      if (!open.items.length) return undefined;
      const overdue = open.items.filter((c) => c.overdue).length;
      return {
        key: 'diploma-copies',
        count: overdue || open.items.length,
        more: false,
        label: overdue ? 'tasks.diplomaCopiesOverdue' : 'tasks.diplomaCopies',
        href: '/diplomas/copies',
      };
    });
  // Digitisation: records waiting for keying (keyers) and agreed ones waiting for approval (officers),
  // summed over the newest batches (one page, read once: the office works a few books at a time).
  const scanBatches = me.permissions.includes('diploma.digitise')
    ? api<{ items: DigitisationBatch[]; nextCursor?: string }>('/diploma-scan-batches', {
        query: { limit: 50 },
        signal,
      })
    : undefined;
  const scanTask = (key: string, label: MessageKey, count: (b: DigitisationBatch) => number) =>
    add(async () => {
      const batches = await scanBatches!;
      const waiting = batches.items.filter((b) => count(b) > 0);
      if (!waiting.length) return undefined;
      return {
        key,
        count: waiting.reduce((n, b) => n + count(b), 0),
        more: Boolean(batches.nextCursor),
        label,
        href: `/diplomas/scans/${waiting[0]!.batchId}`,
      };
    });
  if (scanBatches)
    scanTask('diploma-keying', 'tasks.diplomaKeying', (b) => b.open + b.keyedOnce + b.disagreed);
  if (scanBatches && me.permissions.includes('diploma.register'))
    scanTask('diploma-scan-approvals', 'tasks.diplomaScanApprovals', (b) => b.agreed);
  // Admissions. A family (no staff role) signed in with VNeID, the only sign-in the family's
  // routes take (another answers 401, and a refresh cut short by leaving the page would end the
  // session): an application returned to correct while the window is open, an enrolment to
  // confirm by its deadline.
  const familyOnly = audiencesOf(me).every((a) => a === 'parent' || a === 'student' || a === 'citizen');
  const session = sessionState();
  const viaVneid = session.status === 'signed-in' && session.session.provider === 'vneid';
  if (me.permissions.includes('self.link') && familyOnly && viaVneid) {
    const mine = api<{ items: FamilyApplication[] }>('/me/admission-applications', {
      query: { limit: PAGE },
      signal,
    });
    const familyTask = (key: string, label: MessageKey, pick: (a: FamilyApplication) => boolean) =>
      add(async () => {
        const waiting = (await mine).items.filter(pick);
        if (!waiting.length) return undefined;
        return {
          key,
          count: waiting.length,
          more: false,
          label,
          params: { names: waiting.map((a) => a.child.fullName).join(', ') },
          href: '/me/admissions',
        };
      });
    familyTask('admission-returned', 'tasks.admissionReturned', (a) => a.state === 'returned' && a.mayChange);
    familyTask('admission-confirm', 'tasks.admissionConfirm', (a) => a.mayConfirm);
  }
  // A school: applications waiting for its verification, per campaign taking them (open, or
  // closed and not yet allocated: a late correction is still verified).
  // The campaigns, read once for whichever admissions tasks the person has (a failed read: none).
  let campaignsRead: Promise<AdmissionCampaign[]> | undefined;
  const admissionCampaigns = () =>
    (campaignsRead ??= api<{ items: AdmissionCampaign[] }>('/admission-campaigns', { signal }).then(
      (r) => r.items,
      () => [],
    ));
  const verifierUnits = unitsWith(me, 'admission.verify');
  if (verifierUnits.length) {
    const campaigns = (await admissionCampaigns()).filter(
      (c) => c.phase === 'accepting' || (c.phase === 'closed' && !c.adoptedRunId),
    );
    for (const [unit, name] of verifierUnits)
      for (const c of campaigns)
        add(async () => ({
          key: `admission-verify:${unit}:${c.campaignId}`,
          ...counted(
            await api<Page<unknown>>(`/org-units/${enc(unit)}/admission-applications`, {
              query: { campaignId: c.campaignId, state: 'submitted', limit: PAGE },
              signal,
            }),
          ),
          label: 'tasks.admissionVerify',
          params: { campaign: c.name },
          href: `/units/${enc(unit)}/admissions?campaign=${enc(c.campaignId)}`,
          unit: name,
        }));
  }
  // The Department: re-marking requests waiting for the board's result, per grade-10 campaign
  // whose scores are announced and whose result is not adopted yet.
  if (me.permissions.includes('admission.manage')) {
    const open = (await admissionCampaigns()).filter(
      (c) => c.grade === 10 && c.timetable.scoresFrom && !c.adoptedRunId && c.phase !== 'published',
    );
    for (const c of open)
      add(async () => ({
        key: `admission-remarks:${c.campaignId}`,
        ...counted(
          await api<Page<unknown>>(`/admission-campaigns/${enc(c.campaignId)}/remarking`, {
            query: { state: 'requested', limit: PAGE },
            signal,
          }),
        ),
        label: 'tasks.admissionRemarks',
        href: `/admissions/${enc(c.campaignId)}`,
        unit: c.name,
      }));
  }
  return (await Promise.all(reads)).filter((task): task is Task => task !== undefined);
}

/** What the tasks read of a family's application and of a campaign. */
interface FamilyApplication {
  state: string;
  child: { fullName: string };
  mayChange: boolean;
  mayConfirm: boolean;
}
interface AdmissionCampaign {
  campaignId: string;
  name: string;
  grade: number;
  phase: string;
  adoptedRunId?: string;
  timetable: { scoresFrom?: string };
}

export function TaskList({ me }: { me: Me }) {
  const tasks = useAsync((signal) => tasksOf(me, signal), [me.sub]);
  if (!tasks.data) return <Loading />;
  if (tasks.data.length === 0) return null;
  const waiting = tasks.data.filter((task) => task.count > 0);
  const clear = tasks.data.filter((task) => task.count === 0);
  return (
    <section class="panel tasks" aria-labelledby="tasks-title">
      <h2 id="tasks-title">{t('tasks.title')}</h2>
      {waiting.length === 0 ? (
        <p data-testid="tasks-none">{t('tasks.none')}</p>
      ) : (
        <ul data-testid="tasks">
          {waiting.map((task) => (
            <li key={task.key} data-task={task.key}>
              <a href={task.href}>
                <strong>{task.more ? `${task.count}+` : task.count}</strong> {t(task.label, task.params)}
              </a>
              {task.unit && <span class="hint"> · {task.unit}</span>}
              {task.when && <span class="hint"> · {t('tasks.from', { at: formatDateTime(task.when) })}</span>}
              {task.details && task.details.length > 0 && (
                <ul class="task-details" data-testid={`task-details-${task.key}`}>
                  {task.details.map((d) => (
                    <li key={d.key}>
                      {d.text}
                      {d.href && (
                        <>
                          {' · '}
                          <a href={d.href} {...(d.download ? { download: '' } : {})}>
                            {d.linkText}
                          </a>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      {clear.length > 0 && (
        <p class="hint" data-testid="tasks-clear">
          {t('tasks.clear', { list: clear.map((task) => t(task.label, task.params)).join('; ') })}
        </p>
      )}
    </section>
  );
}
