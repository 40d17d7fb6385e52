/**
 * Personal BDTX plans: each teacher (and school leader) chooses the year's programme 03 modules
 * that, with the programme 01 and 02 modules given to them, make 120 periods; submits the plan to
 * their school; a school leader of that school approves it or returns it with a reason. Approved
 * after 31 May (Vietnam time) is still approved, marked late. The school sees everyone who must
 * plan — those holding `course.plan` at the school — with where their plan stands.
 *
 * Drafts refuse what could never stay in a plan (a module not published, not programme 03, not for
 * the person, another year's, twice) but may be short of 120 periods; a submission must pass every
 * check (domain/bdtx.ts `checkPlan`). Submissions and decisions are audited in their transaction.
 */
import { notify } from '#functions/notifications/index.ts';
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget, Principal } from '#shared/auth/can.ts';
import { makePrincipalLoader, orgTree } from '#shared/auth/principal-loader.ts';
import { accountsHoldingAt, authEntities, childUnits } from '#shared/auth/store.ts';
import { nameBasedId } from '#shared/db/name-based-id.ts';
import { badRequest, conflict, fieldError, forbidden } from '#shared/http/problem.ts';
import { logger } from '#shared/observability/logger.ts';
import {
  type AudienceFacts,
  audienceFactsOf,
  type ModuleItem,
  makeCatalogue,
  matchesAudience,
  schoolsOf,
} from './catalogue.ts';
import {
  behindOn,
  checkPlan,
  type ModuleFacts,
  type PeriodsByProgramme,
  periodsOf,
  planDeadline,
  planStanding,
} from './domain/bdtx.ts';
import { coursesText } from './domain/texts.ts';
import { type CourseEntities, courseEntities, type PLAN_STATUSES } from './entities.ts';
import { makeLearning } from './learning.ts';

export type PlanStatus = (typeof PLAN_STATUSES)[number];

export interface PlanItem {
  planId: string;
  accountId: string;
  fullName: string;
  year: number;
  schoolId: string;
  moduleIds: string[];
  status: PlanStatus;
  periods: PeriodsByProgramme;
  history: { action: string; by: string; byName: string; at: string; reason?: string }[];
  returnReason?: string;
  submittedAt?: string;
  decidedAt?: string;
  decidedBy?: string;
  decidedByName?: string;
  late?: boolean;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface Actor {
  accountId: string;
  fullName: string;
  requestId: string;
}

/** A plan's id from its account and year: "my plan of 2026" is one GetItem, and the id names no one. */
export const planIdOf = (accountId: string, year: number) => nameBasedId(`bdtx-plan:${accountId}:${year}`);

const toFacts = (m: ModuleItem): ModuleFacts => ({
  moduleId: m.moduleId,
  code: m.code,
  programme: m.programme,
  periods: m.periods,
  opensAt: m.opensAt,
  closesAt: m.closesAt,
  audience: m.audience,
  prerequisites: m.prerequisites,
});

const HISTORY_KEEP = 30;

/** Modules whose window closes within this many days and are not completed: the person is behind. */
export const BEHIND_WARN_DAYS = 14;

/** What a person has earned of their planned modules, and the ones they are behind on. */
export function progressOf(planned: readonly ModuleItem[], completed: ReadonlySet<string>, now: string) {
  return {
    earned: periodsOf(planned.filter((m) => completed.has(m.moduleId))),
    completedModuleIds: planned.filter((m) => completed.has(m.moduleId)).map((m) => m.moduleId),
    behind: behindOn(planned.map(toFacts), completed, now, BEHIND_WARN_DAYS).map((m) => m.moduleId),
  };
}

export function makePlans(entities: () => CourseEntities = courseEntities) {
  const catalogue = makeCatalogue(entities);
  const learning = makeLearning(entities);
  const loadPrincipal = makePrincipalLoader();

  /**
   * The people who must plan at a school (holding course.plan there) and the plans of the year
   * under it or theirs: drafts are not under the school yet (their school is set at submission),
   * so they are read by id.
   */
  async function plansAt(school: Pick<OrgTarget, 'orgUnitId' | 'lineage'>, year: number) {
    const [holders, plans] = await Promise.all([
      accountsHoldingAt('course.plan', school),
      entities().bdtxPlan.query.bySchool({ schoolId: school.orgUnitId, year }).go({ pages: 'all' }),
    ]);
    const byAccount = new Map((plans.data as PlanItem[]).map((p) => [p.accountId, p]));
    const missing = holders.filter((id) => !byAccount.has(id));
    for (let i = 0; i < missing.length; i += 100) {
      const { data } = await entities()
        .bdtxPlan.get(missing.slice(i, i + 100).map((id) => ({ planId: planIdOf(id, year) })))
        .go();
      for (const p of data as PlanItem[]) byAccount.set(p.accountId, p);
    }
    return { holders, byAccount };
  }

  /**
   * Each person's progress against their plan: the modules given to them (by their own roles,
   * schools and subjects) and those they chose, against what they completed. Per person: their
   * roles (the principal's cached read) and one Query of their enrolments.
   */
  async function progressByAccount(
    ids: readonly string[],
    year: number,
    plans: ReadonlyMap<string, PlanItem>,
    now: string,
  ) {
    const out = new Map<string, ReturnType<typeof progressOf>>();
    await eachPlanned(ids, year, plans, async (accountId, planned) => {
      out.set(accountId, progressOf(planned, await learning.completedIn(accountId, year), now));
    });
    return out;
  }

  /**
   * Calls `visit` with each person's planned modules of the year: those given to them (by their own
   * roles, schools and subjects) and those their plan chose. Per person: their roles (the
   * principal's cached read); 25 people at a time.
   */
  async function eachPlanned(
    ids: readonly string[],
    year: number,
    plans: ReadonlyMap<string, PlanItem>,
    visit: (
      accountId: string,
      planned: ModuleItem[],
      published: ReadonlyMap<string, ModuleItem>,
    ) => Promise<void>,
  ) {
    const published = (await yearFor(year, { roles: new Set(), subjects: new Set() })).all;
    const byId = new Map(published.map((m) => [m.moduleId, m]));
    for (let i = 0; i < ids.length; i += 25) {
      await Promise.all(
        ids.slice(i, i + 25).map(async (accountId) => {
          const me = await audienceFactsOf((await loadPrincipal(accountId)).assignments);
          const given = published.filter((m) => m.programme !== '03' && matchesAudience(m.audience, me));
          const chosen = (plans.get(accountId)?.moduleIds ?? []).flatMap((id) => byId.get(id) ?? []);
          await visit(accountId, [...given, ...chosen], byId);
        }),
      );
    }
  }
  const get = async (planId: string) => {
    const { data } = await entities().bdtxPlan.get({ planId }).go({ consistent: true });
    return (data as PlanItem | null) ?? undefined;
  };
  const stale = () => conflict(coursesText('plan-changed'));

  /** The year's published modules, and those of them meant for the person. */
  async function yearFor(year: number, me: AudienceFacts) {
    const all: ModuleItem[] = [];
    let cursor: string | null = null;
    do {
      const page = await catalogue.ofYear(year, 100, cursor);
      all.push(...page.items.filter((m) => m.status === 'published'));
      cursor = page.cursor;
    } while (cursor);
    const mine = all.filter((m) => matchesAudience(m.audience, me));
    return { all, mine };
  }

  /**
   * Checks a choice against the year's published catalogue for the person: ids that name no
   * published module of the year first, then checkPlan with the catalogue's own audience match.
   */
  async function check(
    year: number,
    moduleIds: readonly string[],
    me: AudienceFacts,
    completed = new Set<string>(),
  ) {
    const { all, mine } = await yearFor(year, me);
    const byId = new Map(all.map((m) => [m.moduleId, m]));
    const unknown = moduleIds
      .filter((id) => !byId.has(id))
      .map((id) => ({ moduleId: id, text: coursesText('plan-unknown-module') }));
    const chosen = moduleIds.flatMap((id) => {
      const m = byId.get(id);
      return m ? [toFacts(m)] : [];
    });
    const result = checkPlan({
      year,
      chosen,
      catalogue: all.map(toFacts),
      meantFor: (m) => matchesAudience(m.audience as ModuleItem['audience'], me),
      completed,
    });
    return {
      problems: [...unknown, ...(result.ok ? [] : result.problems)],
      periods: result.periods,
      given: mine.filter((m) => m.programme !== '03'),
      choosable: mine.filter((m) => m.programme === '03'),
      chosen: moduleIds.map((id) => byId.get(id)).filter((m): m is ModuleItem => !!m),
    };
  }

  const audit = (
    unit: OrgTarget,
    actor: Actor,
    action: string,
    plan: PlanItem,
    changes: Record<string, unknown>,
  ) =>
    auditEntry({
      actorId: actor.accountId,
      action: `bdtx-plan.${action}`,
      targetType: 'bdtx-plan',
      targetId: plan.planId,
      orgUnit: unit,
      requestId: actor.requestId,
      changes,
    });

  async function write(before: PlanItem | undefined, next: PlanItem, extra?: ReturnType<typeof audit>) {
    // An approval files the plan's modules under each module, for the reminders before it closes.
    const approving = next.status === 'approved' && before?.status !== 'approved';
    const result = await entities()
      .service.transaction.write((t) => [
        before
          ? t.bdtxPlan
              .put(next as never)
              .where((x, op) => op.eq(x.revision, before.revision))
              .commit()
          : t.bdtxPlan.create(next as never).commit(),
        ...(extra ? [t.auditEntry.create(extra).commit()] : []),
        ...(approving
          ? next.moduleIds.map((moduleId) =>
              t.plannedModule
                .put({ moduleId, accountId: next.accountId, planId: next.planId, year: next.year })
                .commit(),
            )
          : []),
      ])
      .go();
    if (result.canceled) throw stale();
    return next;
  }

  const line = (action: string, actor: Actor, reason?: string) => ({
    action,
    by: actor.accountId,
    byName: actor.fullName,
    at: new Date().toISOString(),
    ...(reason ? { reason } : {}),
  });

  return {
    get,
    check,

    /**
     * My plan of a year as my screen shows it: the plan (if any), what I was given, what I may
     * choose, the periods earned so far (modules of the plan completed) and what I am behind on.
     */
    async mine(year: number, principal: Principal, now = new Date().toISOString()) {
      const me = await audienceFactsOf(principal.assignments);
      const [plan, completed] = await Promise.all([
        get(planIdOf(principal.sub, year)),
        learning.completedIn(principal.sub, year),
      ]);
      const checked = await check(year, plan?.moduleIds ?? [], me, completed);
      const progress = progressOf([...checked.given, ...checked.chosen], completed, now);
      return {
        ...progress,
        year,
        deadline: planDeadline(year),
        standing: planStanding(plan, year, now),
        plan,
        periods: checked.periods,
        problems: checked.problems,
        given: checked.given,
        choosable: checked.choosable,
        chosen: checked.chosen,
        schools: await schoolsOf(principal.assignments),
      };
    },

    async save(
      year: number,
      moduleIds: string[],
      expectedRevision: number,
      principal: Principal,
      actor: Actor,
    ) {
      const planId = planIdOf(principal.sub, year);
      const before = await get(planId);
      if ((before?.revision ?? 0) !== expectedRevision) throw stale();
      if (before && (before.status === 'submitted' || before.status === 'approved'))
        throw conflict(coursesText('plan-locked'));
      const me = await audienceFactsOf(principal.assignments);
      const checked = await check(year, moduleIds, me);
      const blocking = checked.problems.filter(
        (p) => p.moduleId !== undefined && p.text.code !== 'courses.plan-prerequisite',
      );
      if (blocking.length)
        throw badRequest(
          coursesText('plan-invalid'),
          blocking.map((p) => fieldError('body', 'moduleIds', p.text)),
        );
      const now = new Date().toISOString();
      const next: PlanItem = {
        planId,
        accountId: principal.sub,
        fullName: actor.fullName,
        year,
        schoolId: before?.schoolId ?? '-',
        moduleIds: [...new Set(moduleIds)],
        status: 'draft',
        periods: checked.periods,
        history: before?.history ?? [],
        revision: (before?.revision ?? 0) + 1,
        createdAt: before?.createdAt ?? now,
        updatedAt: now,
      };
      return write(before, next);
    },

    async submit(
      year: number,
      expectedRevision: number,
      schoolId: string | undefined,
      principal: Principal,
      actor: Actor,
    ) {
      const before = await get(planIdOf(principal.sub, year));
      if (!before || before.revision !== expectedRevision) throw stale();
      if (before.status === 'submitted' || before.status === 'approved')
        throw conflict(coursesText('plan-locked'));
      const schools = await schoolsOf(principal.assignments);
      const school = schoolId ?? (schools.length === 1 ? schools[0] : undefined);
      if (!school || !schools.includes(school))
        throw badRequest(coursesText('plan-school'), [
          fieldError('body', 'schoolId', coursesText('plan-school-pick')),
        ]);
      const me = await audienceFactsOf(principal.assignments);
      const checked = await check(year, before.moduleIds, me);
      if (checked.problems.length)
        throw badRequest(
          coursesText('plan-invalid'),
          checked.problems.map((p) => fieldError('body', 'moduleIds', p.text)),
        );
      const unit = (await orgTree()(school))!;
      const now = new Date().toISOString();
      const next: PlanItem = {
        ...before,
        schoolId: school,
        status: 'submitted',
        periods: checked.periods,
        submittedAt: now,
        history: [...before.history, line('submit', actor)].slice(-HISTORY_KEEP),
        revision: before.revision + 1,
        updatedAt: now,
      };
      delete next.returnReason;
      return write(
        before,
        next,
        audit(unit, actor, 'submit', next, {
          modules: next.moduleIds.length,
          periods: checked.periods.total,
        }),
      );
    },

    /** A school leader's decision. Their own plan is decided by another leader. */
    async decide(
      plan: PlanItem,
      unit: OrgTarget,
      decision: 'approve' | 'return',
      reason: string | undefined,
      expectedRevision: number,
      actor: Actor,
    ) {
      if (plan.revision !== expectedRevision) throw stale();
      if (plan.accountId === actor.accountId) throw forbidden(coursesText('plan-own'));
      if (plan.status !== 'submitted') throw conflict(coursesText('plan-not-submitted'));
      if (decision === 'return' && !reason?.trim())
        throw badRequest(coursesText('plan-reason'), [
          fieldError('body', 'reason', coursesText('plan-reason')),
        ]);
      const now = new Date().toISOString();
      const next: PlanItem = {
        ...plan,
        status: decision === 'approve' ? 'approved' : 'returned',
        decidedAt: now,
        decidedBy: actor.accountId,
        decidedByName: actor.fullName,
        ...(decision === 'approve'
          ? { late: now > planDeadline(plan.year) }
          : { returnReason: reason!.trim() }),
        history: [...plan.history, line(decision, actor, reason?.trim())].slice(-HISTORY_KEEP),
        revision: plan.revision + 1,
        updatedAt: now,
      };
      const saved = await write(
        plan,
        next,
        audit(unit, actor, decision, next, reason ? { reason: reason.trim() } : {}),
      );
      // The teacher hears of it in the app (and by their preferences); the decision stands if the
      // queue is down for a moment, it is only logged.
      await notify({
        notificationId: `bdtx-plan-${plan.planId}-${saved.revision}`.slice(0, 64),
        channel: 'app',
        recipientId: plan.accountId,
        template: decision === 'approve' ? 'bdtx-plan-approved' : 'bdtx-plan-returned',
        data: {
          year: plan.year,
          by: actor.fullName,
          ...(decision === 'return' ? { reason: reason!.trim() } : {}),
        },
      }).catch((error: unknown) =>
        logger.warn('BDTX plan decision not notified', { planId: plan.planId, error }),
      );
      return saved;
    },

    /**
     * Everyone who must plan at a school (holding `course.plan` there), with their plan's standing,
     * and anyone whose plan was submitted to the school since, by name.
     */
    /**
     * A commune's schools and where their people's plans of the year stand, counted: who must
     * plan, approved, submitted, not approved, overdue. A few Queries per school, five schools
     * at a time (a commune has a few dozen).
     */
    async summary(unit: OrgTarget, year: number, now = new Date().toISOString()) {
      const schools = (await childUnits(unit.orgUnitId)).filter((u) => u.kind === 'school');
      const rows: {
        orgUnitId: string;
        name: string;
        people: number;
        approved: number;
        submitted: number;
        notApproved: number;
        overdue: number;
      }[] = [];
      for (let i = 0; i < schools.length; i += 5) {
        await Promise.all(
          schools.slice(i, i + 5).map(async (s) => {
            const { holders, byAccount } = await plansAt(
              { orgUnitId: s.orgUnitId, lineage: [...unit.lineage, s.orgUnitId] },
              year,
            );
            const standings = holders.map((id) => planStanding(byAccount.get(id), year, now));
            const count = (x: string) => standings.filter((st) => st === x).length;
            rows.push({
              orgUnitId: s.orgUnitId,
              name: s.name,
              people: holders.length,
              approved: count('approved'),
              submitted: count('submitted'),
              notApproved: holders.length - count('approved'),
              overdue: count('overdue'),
            });
          }),
        );
      }
      return rows.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    },

    eachPlanned,

    /** Everyone who must plan at a school, and the year's plans of those people or under it. */
    async planners(school: Pick<OrgTarget, 'orgUnitId' | 'lineage'>, year: number) {
      const { holders, byAccount } = await plansAt(school, year);
      return { ids: [...new Set([...holders, ...byAccount.keys()])], byAccount };
    },

    async ofSchool(school: OrgTarget, year: number, now = new Date().toISOString()) {
      const { holders, byAccount } = await plansAt(school, year);
      const ids = [...new Set([...holders, ...byAccount.keys()])];
      const progress = await progressByAccount(ids, year, byAccount, now);
      const names = new Map<string, string>();
      for (let i = 0; i < ids.length; i += 100) {
        const { data } = await authEntities()
          .account.get(ids.slice(i, i + 100).map((accountId) => ({ accountId })))
          .go({ attributes: ['accountId', 'fullName'] });
        for (const a of data) names.set(a.accountId, a.fullName);
      }
      return ids
        .map((accountId) => {
          const plan = byAccount.get(accountId);
          return {
            accountId,
            fullName: names.get(accountId) ?? plan?.fullName ?? accountId,
            standing: planStanding(plan, year, now),
            earned: progress.get(accountId)?.earned.total ?? 0,
            behind: progress.get(accountId)?.behind.length ?? 0,
            ...(plan ? { planId: plan.planId, periods: plan.periods.total, late: plan.late ?? false } : {}),
            ...(plan?.submittedAt ? { submittedAt: plan.submittedAt } : {}),
          };
        })
        .sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
    },

    /** A plan with its modules named, for the school leader's decision. */
    async detail(plan: PlanItem) {
      const { data } = plan.moduleIds.length
        ? await entities()
            .courseModule.get(plan.moduleIds.map((moduleId) => ({ moduleId })))
            .go()
        : { data: [] };
      const byId = new Map((data as ModuleItem[]).map((m) => [m.moduleId, m]));
      return {
        ...plan,
        modules: plan.moduleIds.map((id) => {
          const m = byId.get(id);
          return { moduleId: id, code: m?.code ?? id, title: m?.title ?? '', periods: m?.periods ?? 0 };
        }),
        standing: planStanding(plan, plan.year, new Date().toISOString()),
      };
    },
  };
}
