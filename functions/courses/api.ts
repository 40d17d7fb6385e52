import type { ItemFacts, OrgTarget } from '#shared/auth/can.ts';
import type { Permission } from '#shared/auth/permissions.ts';
import { authEntities } from '#shared/auth/store.ts';
import { decodeCursor, encodeCursor } from '#shared/db/pagination.ts';
import { makeApi, reply } from '#shared/http/api.ts';
import { badRequest, conflict, fieldError, HttpProblem, notFound } from '#shared/http/problem.ts';
import { logger } from '#shared/observability/logger.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { openCourseTestsOf } from '../exams/index.ts';
import { audienceFactsOf, type ModuleItem, makeCatalogue, matchesAudience, stateOf } from './catalogue.ts';
import { makeCertificates } from './certificates.ts';
import { classroomHandlers } from './classroom-api.ts';
import { makeBdtxDashboard } from './dashboard.ts';
import { planDeadline } from './domain/bdtx.ts';
import { LEARNER_PREFERENCES_PROFILE, sameAgent, XAPI_VERSION } from './domain/cmi5.ts';
import { outlineItems, shareDone } from './domain/outline.ts';
import { coursesText } from './domain/texts.ts';
import { makeEvidence } from './evidence.ts';
import { makeEvidenceExports } from './evidence-exports.ts';
import { makeForum, postView } from './forum.ts';
import { type EnrolmentItem, makeLearning } from './learning.ts';
import { coursesManifest } from './manifest.ts';
import { BDTX_TALLY_QUEUE, bdtxTallyMessage } from './messages.ts';
import { makePackages } from './packages.ts';
import { makePlans } from './plans.ts';
import { makeRatings, type RatingItem, ratingIdOf } from './ratings.ts';
import { type Cmi5SessionItem, makeXapi } from './xapi.ts';

const catalogue = makeCatalogue();
const xapi = makeXapi();
const plans = makePlans();
const learning = makeLearning(undefined, xapi);
const packages = makePackages();
const ratings = makeRatings();
const certificates = makeCertificates();
const evidence = makeEvidence();
const evidenceExports = makeEvidenceExports();
const forum = makeForum();
const dashboard = makeBdtxDashboard();
/**
 * Asks for a school's dashboard figures to be recounted after its plans changed. The change is
 * committed: a lost message is made good by the nightly recount, so a failure here is only logged.
 */
const recount = (schoolId: string, year: number) =>
  // Delayed a little: the recount reads the school's plans through an index, which shows a
  // decision a moment after it commits.
  sendMessage(
    BDTX_TALLY_QUEUE,
    bdtxTallyMessage,
    { schoolId, year, requestedAt: new Date().toISOString() },
    { delaySeconds: 5 },
  ).catch((error: unknown) =>
    logger.warn('BDTX tally not requested', { schoolId, year, error: String(error) }),
  );
/** A rating as anyone reads it: a hidden comment is not shown. */
const ratingView = (r: RatingItem) => ({
  ratingId: r.ratingId,
  fullName: r.fullName,
  stars: r.stars,
  ...(r.comment && !r.hiddenAt ? { comment: r.comment } : {}),
  hidden: Boolean(r.hiddenAt),
  updatedAt: r.updatedAt,
});

const actorOf = (principal: { sub: string; displayName?: string }, requestId: string) => ({
  accountId: principal.sub,
  fullName: principal.displayName ?? principal.sub,
  requestId,
});
const unitNames = async (ids: string[]) => {
  if (!ids.length) return [];
  const { data } = await authEntities()
    .orgUnit.get(ids.map((orgUnitId) => ({ orgUnitId })))
    .go({ attributes: ['orgUnitId', 'name'] });
  return data.map((u: { orgUnitId: string; name: string }) => ({ orgUnitId: u.orgUnitId, name: u.name }));
};
/** A plan the caller may decide: submitted to a school where they hold course.approve-plan (else 404). */
async function decidable(
  planId: string,
  authorize: (permission: Permission, orgUnitId: string, item?: ItemFacts) => Promise<OrgTarget>,
) {
  const plan = await plans.get(planId);
  if (!plan || plan.schoolId === '-') throw notFound();
  const unit = await authorize('course.approve-plan', plan.schoolId, { owner: plan.accountId });
  return { plan, unit };
}

/** xAPI and cmi5 answers carry the version the store speaks. */
const cmi5Reply = (status: number, body?: unknown) =>
  reply(status, body, { 'x-experience-api-version': XAPI_VERSION });
/** The cmi5 session a unit's request is made in: its token, and xAPI's version header (else 400). */
async function xapiSession(event: { headers?: Record<string, string | undefined> }) {
  const session = await xapi.sessionOf(event.headers?.authorization);
  if (!/^1\.0(\.\d+)?$/.test(event.headers?.['x-experience-api-version'] ?? ''))
    throw badRequest(coursesText('xapi-version'), [
      fieldError('header', 'X-Experience-API-Version', coursesText('xapi-version')),
    ]);
  return session;
}
const parsedAgent = (agent: string): unknown => {
  try {
    return JSON.parse(agent);
  } catch {
    return undefined;
  }
};
const stateWhere = (query: {
  activityId: string;
  agent: string;
  registration?: string;
  stateId: string;
}) => ({
  ...query,
  agent: parsedAgent(query.agent),
});
/**
 * Stores a unit's statements, then what they change for the course: the unit's item (its
 * completion once the moveOn is met) in the learner's enrolment of the module.
 */
async function storeStatements(session: Cmi5SessionItem, statements: Record<string, unknown>[]) {
  const { ids, outcome } = await xapi.store(session, statements, () =>
    learning.unitDone(session.accountId, session.moduleId, session.itemId),
  );
  if (outcome) {
    const m = await catalogue.recent(session.moduleId);
    const enrolment =
      m && (await learning.enrolmentOf(session.accountId, session.moduleId, { consistent: true }));
    // A unit left open past the module's close records nothing more (as a SCORM commit would not).
    if (m && enrolment && stateOf(m) !== 'finished')
      await learning.recordUnit(m, enrolment, session.itemId, outcome);
  }
  return ids;
}

/**
 * Modules as the API answers them: prerequisites named (one read for all), the state by the clock,
 * the count of items; the outline itself only for a single module.
 */
const presentModules = async (modules: readonly ModuleItem[]) =>
  (await catalogue.named(modules)).map(({ outline, ...m }) => ({
    ...m,
    items: outlineItems(outline).length,
    state: stateOf(m),
  }));
const presentModule = async (m: ModuleItem) => ({ ...(await presentModules([m]))[0]!, outline: m.outline });

/**
 * A published module meant for the person, or 404: a module outside someone's audience looks
 * like one that does not exist.
 */
async function learnable(moduleId: string, assignments: Parameters<typeof audienceFactsOf>[0]) {
  const m = await catalogue.get(moduleId);
  if (m?.status !== 'published' || !matchesAudience(m.audience, await audienceFactsOf(assignments)))
    throw notFound();
  return m;
}

/**
 * The module and the person's enrolment in it, for the routes of learning (a video report every
 * 15 s): the module read from the container's short cache, the audience checked only for someone
 * not enrolled (enrolment checked it), who gets 404 outside it and 409 inside.
 */
async function enrolledIn(
  moduleId: string,
  itemId: string | undefined,
  principal: { sub: string; assignments: Parameters<typeof audienceFactsOf>[0] },
) {
  let m = await catalogue.recent(moduleId);
  // An item added since this container read the module: read it again rather than say 404.
  if (m && itemId && !outlineItems(m.outline).some((i) => i.itemId === itemId))
    m = await catalogue.recent(moduleId, { refresh: true });
  if (m?.status !== 'published') throw notFound();
  const enrolment = await learning.enrolmentOf(principal.sub, m.moduleId);
  if (enrolment) return { m, enrolment };
  if (!matchesAudience(m.audience, await audienceFactsOf(principal.assignments))) throw notFound();
  throw conflict(coursesText('not-enrolled'));
}
/** True when `attempt` resolves; false when the caller's roles do not reach the unit. */
const allowed = (attempt: Promise<unknown>) =>
  attempt.then(
    () => true,
    (error: unknown) => {
      if (error instanceof HttpProblem && error.status === 403) return false;
      throw error;
    },
  );

/**
 * Who takes part in a module's forum: its managers (who moderate) and its enrolled learners. To
 * anyone else the module is as its home shows it: not found outside its audience, else "enrol".
 */
async function forumAccess(
  moduleId: string,
  principal: { sub: string; assignments: Parameters<typeof audienceFactsOf>[0] },
  authorize: (permission: Permission, orgUnitId: string, item?: ItemFacts) => Promise<OrgTarget>,
) {
  const m = await catalogue.recent(moduleId);
  if (m?.status !== 'published') throw notFound();
  if (await allowed(authorize('course.manage', m.unitId))) return { m, moderator: true };
  if (await learning.enrolmentOf(principal.sub, m.moduleId)) return { m, moderator: false };
  if (!matchesAudience(m.audience, await audienceFactsOf(principal.assignments))) throw notFound();
  throw conflict(coursesText('forum-not-yours'));
}
const learnerOf = (principal: { sub: string; displayName?: string }) => ({
  accountId: principal.sub,
  fullName: principal.displayName ?? principal.sub,
});
const enrolmentView = (e: EnrolmentItem) => ({
  moduleId: e.moduleId,
  enrolledAt: e.enrolledAt,
  ...(e.completedAt ? { completedAt: e.completedAt } : {}),
});
const pageOf = async (scope: string, page: { items: ModuleItem[]; cursor: string | null }) => {
  const nextCursor = encodeCursor(scope, page.cursor);
  return { items: await presentModules(page.items), ...(nextCursor ? { nextCursor } : {}) };
};

export const handler = makeApi(coursesManifest, {
  ...classroomHandlers,
  async createCourseModule({ params, body, principal, correlationId, authorize }) {
    const unit = await authorize('course.manage', params.orgUnitId);
    if (unit.kind !== 'department')
      throw badRequest(coursesText('department-only'), [
        fieldError('path', 'orgUnitId', coursesText('not-the-department')),
      ]);
    const { code, ...input } = body;
    const m = await catalogue.create(unit, code, input, {
      accountId: principal.sub,
      requestId: correlationId,
    });
    return reply(201, await presentModule(m));
  },

  async listCourseModules({ params, query, authorize }) {
    await authorize('course.manage', params.orgUnitId);
    const scope = `course-modules:${params.orgUnitId}:${query.year}`;
    const page = await catalogue.ofYear(query.year, query.limit, decodeCursor(scope, query.cursor));
    return pageOf(scope, { ...page, items: page.items.filter((m) => m.unitId === params.orgUnitId) });
  },

  async listMyCourseModules({ query, principal }) {
    const scope = `my-course-modules:${principal.sub}:${query.year}`;
    const me = await audienceFactsOf(principal.assignments);
    return pageOf(
      scope,
      await catalogue.forPerson(query.year, me, query.limit, decodeCursor(scope, query.cursor)),
    );
  },

  async getCourseModule({ params, authorize }) {
    const m = await catalogue.get(params.moduleId);
    if (!m) throw notFound();
    // A draft is the catalogue managers' alone: to anyone else it does not exist.
    if (m.status !== 'published') await authorize('course.manage', m.unitId, {});
    return presentModule(m);
  },

  async updateCourseModule({ params, body, principal, correlationId, authorize }) {
    const m = await catalogue.get(params.moduleId);
    if (!m) throw notFound();
    await authorize('course.manage', m.unitId, {});
    return presentModule(
      await catalogue.update(m, body, { accountId: principal.sub, requestId: correlationId }),
    );
  },

  async publishCourseModule({ params, body, principal, correlationId, authorize }) {
    const m = await catalogue.get(params.moduleId);
    if (!m) throw notFound();
    await authorize('course.manage', m.unitId, {});
    return presentModule(
      await catalogue.publish(m, body.expectedRevision, {
        accountId: principal.sub,
        requestId: correlationId,
      }),
    );
  },

  async saveCourseOutline({ params, body, principal, correlationId, authorize }) {
    const m = await catalogue.get(params.moduleId);
    if (!m) throw notFound();
    await authorize('course.manage', m.unitId, {});
    return presentModule(
      await catalogue.saveOutline(m, body.chapters, body.expectedRevision, {
        accountId: principal.sub,
        requestId: correlationId,
      }),
    );
  },

  async listMyCourses({ query, principal }) {
    const scope = `my-courses:${principal.sub}:${query.year}`;
    const page = await learning.mine(
      principal.sub,
      query.year,
      query.limit,
      decodeCursor(scope, query.cursor),
    );
    const modules = await catalogue.many(page.items.map((e) => e.moduleId));
    const nextCursor = encodeCursor(scope, page.cursor);
    return {
      items: page.items.flatMap((e) => {
        const m = modules.get(e.moduleId);
        if (!m) return [];
        return [
          {
            ...enrolmentView(e),
            code: m.code,
            title: m.title,
            programme: m.programme,
            periods: m.periods,
            state: stateOf(m),
            closesAt: m.closesAt,
            ...shareDone(m.outline, e.completedItems),
          },
        ];
      }),
      ...(nextCursor ? { nextCursor } : {}),
    };
  },

  async getMyCourse({ params, principal }) {
    const m = await learnable(params.moduleId, principal.assignments);
    const [{ enrolment, ...home }, rating] = await Promise.all([
      learning.home(m, principal.sub),
      ratings.tally(m.moduleId),
    ]);
    return {
      module: await presentModule(m),
      ...(enrolment ? { enrolment: enrolmentView(enrolment) } : {}),
      rating,
      ...home,
    };
  },

  async enrolMyCourse({ params, principal }) {
    const m = await learnable(params.moduleId, principal.assignments);
    return enrolmentView(await learning.enrol(m, learnerOf(principal)));
  },

  async reportWatched({ params, body, principal }) {
    const { m, enrolment } = await enrolledIn(params.moduleId, params.itemId, principal);
    return learning.reportWatched(m, enrolment, params.itemId, {
      stretches: body.stretches as [number, number][],
      position: body.position,
    });
  },

  async openCourseItem({ params, principal }) {
    const { m, enrolment } = await enrolledIn(params.moduleId, params.itemId, principal);
    return learning.open(m, enrolment, params.itemId);
  },

  async getMyBdtxEvidence({ params, principal }) {
    return evidence.mine(principal.sub, params.year);
  },

  async exportMyBdtxEvidence({ params, principal, correlationId }) {
    return reply(
      202,
      await evidenceExports.request({
        // A person's own: filed under their home unit (the export reads nothing else of it).
        orgUnitId: principal.homeOrgUnitId ?? principal.sub,
        year: params.year,
        accountId: principal.sub,
        requestedBy: principal.sub,
        requestId: correlationId,
      }),
    );
  },

  async exportSchoolBdtxEvidence({ params, body, principal, correlationId, authorize }) {
    await authorize('course.approve-plan', params.orgUnitId);
    return reply(
      202,
      await evidenceExports.request({
        orgUnitId: params.orgUnitId,
        year: body.year,
        requestedBy: principal.sub,
        requestId: correlationId,
      }),
    );
  },

  async getBdtxEvidenceExport({ params, principal, authorize }) {
    const job = await evidenceExports.get(params.jobId);
    // Someone else's export does not exist for the caller.
    if (job?.requestedBy !== principal.sub) throw notFound();
    // A school's: only while the requester still leads it (everyone's names and results are in it).
    if (!job.accountId) await authorize('course.approve-plan', job.orgUnitId);
    return evidenceExports.present(job);
  },

  async startCourseTest({ params, principal }) {
    const { m, enrolment } = await enrolledIn(params.moduleId, params.itemId, principal);
    return learning.startTest(m, enrolment, params.itemId);
  },

  async requestCourseCertificate({ params, principal, correlationId }) {
    const { m, enrolment } = await enrolledIn(params.moduleId, undefined, principal);
    // A test passed since the course home was last looked at counts now.
    const made = await certificates.request(m, await learning.recordPassed(m, enrolment), {
      accountId: principal.sub,
      homeOrgUnitId: principal.homeOrgUnitId,
      requestId: correlationId,
    });
    return reply(202, await certificates.view(made));
  },

  async getCourseCertificate({ params, principal }) {
    const { m } = await enrolledIn(params.moduleId, undefined, principal);
    const c = await certificates.get(principal.sub, m.moduleId);
    if (!c) throw notFound(coursesText('no-certificate'));
    return certificates.view(c);
  },

  async launchCourseUnit({ params, principal }) {
    const { m, enrolment } = await enrolledIn(params.moduleId, params.itemId, principal);
    return learning.launch(m, enrolment, params.itemId);
  },

  async fetchCmi5Token({ params, query }) {
    return cmi5Reply(200, await xapi.fetchToken(params.sessionId, query.code));
  },

  async getXapiAbout() {
    return cmi5Reply(200, { version: [XAPI_VERSION] });
  },

  async postXapiStatements({ body, event }) {
    const session = await xapiSession(event);
    const ids = await storeStatements(session, Array.isArray(body) ? body : [body]);
    return cmi5Reply(200, ids);
  },

  async putXapiStatement({ query, body, event }) {
    const session = await xapiSession(event);
    if (body.id !== undefined && body.id !== query.statementId)
      throw badRequest(coursesText('xapi-id-differs'), [
        fieldError('body', 'id', coursesText('xapi-id-differs')),
      ]);
    await storeStatements(session, [{ ...body, id: query.statementId }]);
    return cmi5Reply(204);
  },

  async getXapiStatements({ query, event }) {
    const session = await xapiSession(event);
    if (query.statementId) return cmi5Reply(200, await xapi.statement(session, query.statementId));
    const scope = `xapi:${session.registration}`;
    const page = await xapi.statements(session, query.limit, decodeCursor(scope, query.cursor));
    const next = encodeCursor(scope, page.cursor);
    return cmi5Reply(200, {
      statements: page.statements,
      more: next ? `/api/xapi/statements?limit=${query.limit}&cursor=${encodeURIComponent(next)}` : '',
    });
  },

  async getXapiState({ query, event }) {
    const session = await xapiSession(event);
    const document = await xapi.state(session, stateWhere(query));
    if (!document) throw notFound();
    return cmi5Reply(200, document);
  },

  async putXapiState({ query, body, event }) {
    await xapi.saveState(await xapiSession(event), stateWhere(query), body, false);
    return cmi5Reply(204);
  },

  async postXapiState({ query, body, event }) {
    await xapi.saveState(await xapiSession(event), stateWhere(query), body, true);
    return cmi5Reply(204);
  },

  async deleteXapiState({ query, event }) {
    await xapi.deleteState(await xapiSession(event), stateWhere(query));
    return cmi5Reply(204);
  },

  async getXapiAgentProfile({ query, event }) {
    const session = await xapiSession(event);
    if (
      query.profileId !== LEARNER_PREFERENCES_PROFILE ||
      !sameAgent(parsedAgent(query.agent), xapi.actorOf(session))
    )
      throw notFound();
    return cmi5Reply(200, { languagePreference: 'vi-VN', audioPreference: 'on' });
  },

  async commitCourseUnit({ params, body, principal }) {
    const { m, enrolment } = await enrolledIn(params.moduleId, params.itemId, principal);
    return learning.commitRuntime(m, enrolment, params.itemId, body);
  },

  async rateMyCourse({ params, body, principal }) {
    const { m } = await enrolledIn(params.moduleId, undefined, principal);
    return ratingView(await ratings.rate(m.moduleId, learnerOf(principal), body.stars, body.comment));
  },

  async listModuleRatings({ params, query, principal, authorize }) {
    const m = await catalogue.get(params.moduleId);
    if (!m) throw notFound();
    // Published: everyone it is meant for; otherwise (a draft, another audience) its managers.
    if (
      m.status !== 'published' ||
      !matchesAudience(m.audience, await audienceFactsOf(principal.assignments))
    )
      await authorize('course.manage', m.unitId, {});
    const scope = `module-ratings:${m.moduleId}`;
    const [tally, mine, page] = await Promise.all([
      ratings.tally(m.moduleId),
      ratings.get(ratingIdOf(m.moduleId, principal.sub)),
      ratings.ofModule(m.moduleId, query.limit, decodeCursor(scope, query.cursor)),
    ]);
    const nextCursor = encodeCursor(scope, page.cursor);
    return {
      ...tally,
      ...(mine ? { mine: ratingView(mine) } : {}),
      items: page.items.map(ratingView),
      ...(nextCursor ? { nextCursor } : {}),
    };
  },

  async listCourseTests({ params, authorize }) {
    await authorize('course.manage', params.orgUnitId);
    return {
      items: (await openCourseTestsOf(params.orgUnitId)).map(({ ownerUnitId: _o, openRoll: _r, ...t }) => t),
    };
  },

  async listForumThreads({ params, query, principal, authorize }) {
    const { m, moderator } = await forumAccess(params.moduleId, principal, authorize);
    const scope = `forum:${m.moduleId}`;
    const page = await forum.threads(m.moduleId, query.limit, decodeCursor(scope, query.cursor));
    const nextCursor = encodeCursor(scope, page.cursor);
    const reader = { accountId: principal.sub, moderator };
    return {
      moderator,
      open: stateOf(m) === 'running',
      items: page.items.map((t) => postView(t, reader)),
      ...(nextCursor ? { nextCursor } : {}),
    };
  },

  async askInForum({ params, body, principal, authorize }) {
    const { m, moderator } = await forumAccess(params.moduleId, principal, authorize);
    const thread = await forum.ask(m, learnerOf(principal), body);
    return reply(201, postView(thread, { accountId: principal.sub, moderator }));
  },

  async getForumThread({ params, query, principal, authorize }) {
    const thread = await forum.thread(params.threadId);
    if (!thread) throw notFound();
    const { m, moderator } = await forumAccess(thread.moduleId, principal, authorize);
    const scope = `forum-thread:${thread.threadId}`;
    const page = await forum.replies(thread.threadId, query.limit, decodeCursor(scope, query.cursor));
    const nextCursor = encodeCursor(scope, page.cursor);
    const reader = { accountId: principal.sub, moderator };
    return {
      moderator,
      open: stateOf(m) === 'running' && !thread.hiddenAt,
      thread: postView(thread, reader),
      items: page.items.map((r) => postView(r, reader)),
      ...(nextCursor ? { nextCursor } : {}),
    };
  },

  async replyInForum({ params, body, principal, authorize }) {
    const thread = await forum.thread(params.threadId);
    if (!thread) throw notFound();
    const { m, moderator } = await forumAccess(thread.moduleId, principal, authorize);
    const posted = await forum.reply(m, thread, learnerOf(principal), body.body);
    return reply(201, postView(posted, { accountId: principal.sub, moderator }));
  },

  async hideForumPost({ params, body, principal, correlationId, authorize }) {
    const thread = await forum.thread(params.threadId);
    const m = thread && (await catalogue.get(thread.moduleId));
    if (!thread || !m) throw notFound();
    const unit = await authorize('course.manage', m.unitId, {});
    const hidden = await forum.hide(thread, body.replyId, body.reason, unit, {
      accountId: principal.sub,
      requestId: correlationId,
    });
    return { hiddenAt: hidden.hiddenAt, hiddenReason: hidden.hiddenReason };
  },

  async hideModuleRating({ params, body, principal, correlationId, authorize }) {
    const rating = await ratings.get(params.ratingId);
    const m = rating && (await catalogue.get(rating.moduleId));
    if (!rating || !m) throw notFound();
    const unit = await authorize('course.manage', m.unitId, {});
    return ratingView(
      await ratings.hide(rating, body.reason, unit, { accountId: principal.sub, requestId: correlationId }),
    );
  },

  async createCoursePackage({ params, body, principal, correlationId, authorize }) {
    const unit = await authorize('course.manage', params.orgUnitId);
    if (unit.kind !== 'department')
      throw badRequest(coursesText('department-only'), [
        fieldError('path', 'orgUnitId', coursesText('not-the-department')),
      ]);
    const { item, upload } = await packages.create(unit, body, {
      accountId: principal.sub,
      requestId: correlationId,
    });
    return reply(201, { package: item, upload });
  },

  async listCoursePackages({ params, query, authorize }) {
    await authorize('course.manage', params.orgUnitId);
    const scope = `course-packages:${params.orgUnitId}`;
    const page = await packages.ofUnit(params.orgUnitId, query.limit, decodeCursor(scope, query.cursor));
    const nextCursor = encodeCursor(scope, page.cursor);
    return { items: page.items, ...(nextCursor ? { nextCursor } : {}) };
  },

  async getCoursePackage({ params, authorize }) {
    const item = await packages.get(params.packageId);
    if (!item) throw notFound();
    await authorize('course.manage', item.unitId, {});
    return item;
  },

  async getMyBdtxPlan({ params, principal }) {
    const mine = await plans.mine(params.year, principal);
    return {
      ...mine,
      ...(mine.plan ? { plan: mine.plan } : {}),
      problems: mine.problems.map((p: (typeof mine.problems)[number]) => ({
        ...(p.moduleId ? { moduleId: p.moduleId } : {}),
        ...p.text,
      })),
      given: await presentModules(mine.given),
      choosable: await presentModules(mine.choosable),
      chosen: await presentModules(mine.chosen),
      schools: await unitNames(mine.schools),
    };
  },

  async saveMyBdtxPlan({ params, body, principal, correlationId }) {
    return plans.save(
      params.year,
      body.moduleIds,
      body.expectedRevision,
      principal,
      actorOf(principal, correlationId),
    );
  },

  async submitMyBdtxPlan({ params, body, principal, correlationId }) {
    const plan = await plans.submit(
      params.year,
      body.expectedRevision,
      body.schoolId,
      principal,
      actorOf(principal, correlationId),
    );
    await recount(plan.schoolId, params.year);
    return plan;
  },

  async listSchoolBdtxPlans({ params, query, authorize }) {
    const school = await authorize('course.approve-plan', params.orgUnitId);
    return { deadline: planDeadline(query.year), items: await plans.ofSchool(school, query.year) };
  },

  async getBdtxPlanSummary({ params, query, authorize }) {
    const unit = await authorize('course.oversee', params.orgUnitId);
    // The city's view needs per-school tallies (docs/courses.md): a commune's schools are counted here.
    if (!['commune', 'ward', 'special-zone'].includes(unit.kind ?? ''))
      throw badRequest(coursesText('summary-commune-only'), [
        fieldError('path', 'orgUnitId', coursesText('summary-commune-only')),
      ]);
    return { deadline: planDeadline(query.year), schools: await plans.summary(unit, query.year) };
  },

  async getBdtxDashboard({ params, query, authorize }) {
    const unit = await authorize('course.oversee', params.orgUnitId);
    return dashboard.view(unit, query.year);
  },

  async getBdtxPlan({ params, authorize }) {
    const { plan } = await decidable(params.planId, authorize);
    return plans.detail(plan);
  },

  async decideBdtxPlan({ params, body, principal, correlationId, authorize }) {
    const { plan, unit } = await decidable(params.planId, authorize);
    const decided = await plans.decide(
      plan,
      unit,
      body.decision,
      body.reason,
      body.expectedRevision,
      actorOf(principal, correlationId),
    );
    await recount(plan.schoolId, plan.year);
    return decided;
  },
});
