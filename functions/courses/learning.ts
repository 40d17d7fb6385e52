/**
 * Learning a module: enrolment (meant for the person, open now, its prerequisites completed), the
 * course home (the outline with each item's progress and the share done), video reports (watched
 * time that seeking cannot fake, domain/watched.ts) and documents opened. A report rewrites only
 * the learner's own item of that video, conditional on the reports counted when it was read;
 * the enrolment is written only when an item completes.
 */
import { isConditionFailure } from '#shared/db/errors.ts';
import { badRequest, conflict, fieldError, HttpProblem, notFound } from '#shared/http/problem.ts';
import { type CourseTestStanding, courseTestStandings, joinCourseTest } from '../exams/index.ts';
import { cityMaterialLink } from '../repository/index.ts';
import { type ModuleItem, stateOf } from './catalogue.ts';
import {
  type OutlineItem,
  outlineComplete,
  outlineItems,
  shareDone,
  type TestItem,
} from './domain/outline.ts';
import { launchHref } from './domain/packages.ts';
import { resumeState, type ScormStandard, scormOutcome } from './domain/scorm.ts';
import { coursesText } from './domain/texts.ts';
import { applyReport, type Stretch } from './domain/watched.ts';
import { type CourseEntities, courseEntities } from './entities.ts';
import { courseTestOrigin, PACKAGE_PATH } from './messages.ts';
import { makeXapi } from './xapi.ts';

export interface EnrolmentItem {
  accountId: string;
  moduleId: string;
  fullName: string;
  year: number;
  completedItems: string[];
  completedAt?: string;
  enrolledAt: string;
  updatedAt: string;
  revision: number;
}

export interface ProgressItem {
  accountId: string;
  moduleId: string;
  itemId: string;
  played: Stretch[];
  lastReportAt?: number;
  position: number;
  covered: number;
  complete: boolean;
  completedAt?: string;
  /** A SCORM unit's last committed `cmi` object, its sequence, its status and its score (0–1). */
  runtime?: Record<string, unknown>;
  runtimeSeq?: number;
  status?: string;
  score?: number;
  reports: number;
  updatedAt: string;
}

export interface Learner {
  accountId: string;
  fullName: string;
}

const changed = () => conflict(coursesText('progress-changed'));
const isChanged = (error: unknown) => error instanceof HttpProblem && error.status === 409;
/** A runtime commit that met another one at once reads and writes again, this many times in all. */
const COMMIT_ATTEMPTS = 3;
/** The runtime kept as it was (an older commit changes nothing of it). */
const keptRuntime = (before: ProgressItem | undefined) => ({
  ...(before?.runtime ? { runtime: before.runtime } : {}),
  ...(before?.runtimeSeq !== undefined ? { runtimeSeq: before.runtimeSeq } : {}),
  ...(before?.status ? { status: before.status } : {}),
  ...(before?.score !== undefined ? { score: before.score } : {}),
});
const splitQuery = (launch: string): [string, string] => {
  const at = launch.indexOf('?');
  return at < 0 ? [launch, ''] : [launch.slice(0, at), launch.slice(at)];
};

export function makeLearning(
  entities: () => CourseEntities = courseEntities,
  xapi: Pick<ReturnType<typeof makeXapi>, 'launch'> = makeXapi(entities),
) {
  const enrolmentOf = async (accountId: string, moduleId: string, read: { consistent?: boolean } = {}) => {
    const { data } = await entities().enrolment.get({ accountId, moduleId }).go(read);
    return (data as EnrolmentItem | null) ?? undefined;
  };

  const progressOf = async (accountId: string, moduleId: string) => {
    const { data } = await entities().itemProgress.query.byItem({ accountId, moduleId }).go({ pages: 'all' });
    return new Map((data as ProgressItem[]).map((p) => [p.itemId, p]));
  };

  /** The item of the module, or a 404 naming it (the outline may have changed under the screen). */
  const itemOf = (m: ModuleItem, itemId: string) => {
    const item = outlineItems(m.outline).find((i) => i.itemId === itemId);
    if (!item) throw notFound(coursesText('no-such-item'));
    return item;
  };

  /** Learning is recorded while the module is open. */
  const stillOpen = (m: ModuleItem) => {
    if (stateOf(m) === 'finished') throw conflict(coursesText('module-closed'));
  };

  /**
   * Marks an item complete in the enrolment (and the module, once every item is), in the same
   * transaction as the item's progress; both conditional on what was read.
   */
  async function writeProgress(
    m: ModuleItem,
    enrolment: EnrolmentItem,
    before: ProgressItem | undefined,
    next: ProgressItem,
  ) {
    const newlyComplete = next.complete && !enrolment.completedItems.includes(next.itemId);
    if (!newlyComplete) {
      try {
        await (before
          ? entities()
              .itemProgress.put(next as never)
              .where((x, op) => op.eq(x.reports, before.reports))
              .go()
          : entities()
              .itemProgress.create(next as never)
              .go());
      } catch (error) {
        if (isConditionFailure(error)) throw changed();
        throw error;
      }
      return enrolment;
    }
    const completedItems = [...enrolment.completedItems, next.itemId];
    const updated: EnrolmentItem = {
      ...enrolment,
      completedItems,
      ...(outlineComplete(m.outline, completedItems) && !enrolment.completedAt
        ? { completedAt: next.updatedAt }
        : {}),
      updatedAt: next.updatedAt,
      revision: enrolment.revision + 1,
    };
    const result = await entities()
      .service.transaction.write((t) => [
        before
          ? t.itemProgress
              .put(next as never)
              .where((x, op) => op.eq(x.reports, before.reports))
              .commit()
          : t.itemProgress.create(next as never).commit(),
        t.enrolment
          .put(updated as never)
          .where((x, op) => op.eq(x.revision, enrolment.revision))
          .commit(),
      ])
      .go();
    if (result.canceled) throw changed();
    return updated;
  }

  const summary = (m: ModuleItem, enrolment: EnrolmentItem | undefined) => {
    const { done, total, share } = shareDone(m.outline, enrolment?.completedItems ?? []);
    return { done, total, share };
  };
  /** The share done after a change, and when the module was completed if it is. */
  const afterwards = (m: ModuleItem, after: EnrolmentItem) => ({
    ...summary(m, after),
    ...(after.completedAt ? { moduleCompletedAt: after.completedAt } : {}),
  });

  /**
   * Rewrites a learner's progress in an item from what is there (`change` says the new runtime,
   * status and score, and whether this completes it: an item once complete stays so), and the
   * enrolment with it when the item completes now. Two requests at once (a runtime's commit in
   * flight as the page's last one arrives) are both applied: the loser of the write reads again.
   */
  async function rewriteProgress(
    m: ModuleItem,
    enrolment: EnrolmentItem,
    itemId: string,
    change: (
      before: ProgressItem | undefined,
    ) => Pick<ProgressItem, 'runtime' | 'runtimeSeq' | 'status' | 'score'> & { complete: boolean },
  ) {
    let learner = enrolment;
    for (let attempt = 1; ; attempt++) {
      const { data } = await entities()
        .itemProgress.get({ accountId: learner.accountId, moduleId: m.moduleId, itemId })
        .go({ consistent: attempt > 1 });
      const before = (data as ProgressItem | null) ?? undefined;
      const { complete: completesNow, ...runtime } = change(before);
      const at = new Date().toISOString();
      const complete = Boolean(before?.complete) || completesNow;
      const next: ProgressItem = {
        accountId: learner.accountId,
        moduleId: m.moduleId,
        itemId,
        played: [],
        position: 0,
        covered: 0,
        ...Object.fromEntries(Object.entries(runtime).filter(([, v]) => v !== undefined)),
        complete,
        ...(before?.completedAt ? { completedAt: before.completedAt } : complete ? { completedAt: at } : {}),
        reports: (before?.reports ?? 0) + 1,
        updatedAt: at,
      };
      try {
        return { next, after: await writeProgress(m, learner, before, next) };
      } catch (error) {
        if (attempt >= COMMIT_ATTEMPTS || !isChanged(error)) throw error;
        learner = (await enrolmentOf(learner.accountId, m.moduleId, { consistent: true })) ?? learner;
      }
    }
  }

  /**
   * The module's tests passed in the exam room and not yet recorded, recorded now: each test item
   * completed with its score (the exams context knows nothing of courses, so the course looks).
   */
  async function recordPassed(
    m: ModuleItem,
    enrolment: EnrolmentItem,
    known?: Map<string, CourseTestStanding>,
  ): Promise<EnrolmentItem> {
    const open = outlineItems(m.outline).filter(
      (i) => i.kind === 'test' && !enrolment.completedItems.includes(i.itemId),
    ) as TestItem[];
    if (open.length === 0) return enrolment;
    const standings =
      known ??
      (await courseTestStandings(
        open.map((t) => t.sessionId),
        enrolment.accountId,
      ));
    let after = enrolment;
    for (const test of open) {
      const standing = standings.get(test.sessionId);
      if (!standing?.passed) continue;
      ({ after } = await rewriteProgress(m, after, test.itemId, () => ({
        status: 'passed',
        score: standing.maxPoints ? standing.points! / standing.maxPoints : 0,
        complete: true,
      })));
    }
    return after;
  }

  /** An item whose opening is its completion (a document, a package's asset). */
  async function completeOnOpening(m: ModuleItem, enrolment: EnrolmentItem, itemId: string) {
    if (enrolment.completedItems.includes(itemId)) return enrolment;
    const at = new Date().toISOString();
    const { data } = await entities()
      .itemProgress.get({ accountId: enrolment.accountId, moduleId: m.moduleId, itemId })
      .go();
    const before = (data as ProgressItem | null) ?? undefined;
    return writeProgress(m, enrolment, before, {
      accountId: enrolment.accountId,
      moduleId: m.moduleId,
      itemId,
      played: [],
      position: 0,
      covered: 0,
      complete: true,
      completedAt: at,
      reports: (before?.reports ?? 0) + 1,
      updatedAt: at,
    });
  }

  return {
    enrolmentOf,
    recordPassed,

    /**
     * Enrols the learner (idempotent: a second call answers the enrolment there is). The module
     * must be running; its prerequisites completed.
     */
    async enrol(m: ModuleItem, learner: Learner): Promise<EnrolmentItem> {
      const existing = await enrolmentOf(learner.accountId, m.moduleId);
      if (existing) return existing;
      const state = stateOf(m);
      if (state === 'upcoming') throw conflict(coursesText('module-not-open', { opensAt: m.opensAt }));
      if (state === 'finished') throw conflict(coursesText('module-closed'));
      if (m.prerequisites.length) {
        const { data } = await entities()
          .enrolment.get(m.prerequisites.map((moduleId) => ({ accountId: learner.accountId, moduleId })))
          .go();
        const done = new Set((data as EnrolmentItem[]).filter((e) => e.completedAt).map((e) => e.moduleId));
        const missing = m.prerequisites.filter((id) => !done.has(id));
        if (missing.length) {
          const { data: named } = await entities()
            .courseModule.get(missing.map((moduleId) => ({ moduleId })))
            .go({ attributes: ['code'] });
          const codes = (named as { code: string }[]).map((n) => n.code).join(', ');
          throw conflict(coursesText('prerequisite-not-done', { codes }));
        }
      }
      const now = new Date().toISOString();
      const enrolment: EnrolmentItem = {
        accountId: learner.accountId,
        moduleId: m.moduleId,
        fullName: learner.fullName,
        year: m.year,
        completedItems: [],
        enrolledAt: now,
        updatedAt: now,
        revision: 1,
      };
      try {
        await entities()
          .enrolment.create(enrolment as never)
          .go();
      } catch (error) {
        // Two taps at once: the other one enrolled.
        if (isConditionFailure(error)) return (await enrolmentOf(learner.accountId, m.moduleId))!;
        throw error;
      }
      return enrolment;
    },

    /**
     * The course home: the enrolment (if any), the share done, each item's progress, and where
     * the learner stands in the module's test. A test passed in the exam room since the last look
     * is recorded here, as its item's completion (the exams context knows nothing of courses).
     */
    async home(m: ModuleItem, accountId: string) {
      const tests = outlineItems(m.outline).filter((i) => i.kind === 'test');
      const [found, progress, standings] = await Promise.all([
        enrolmentOf(accountId, m.moduleId),
        progressOf(accountId, m.moduleId),
        courseTestStandings(
          tests.map((t) => t.sessionId),
          accountId,
        ),
      ]);
      const enrolment = found && (await recordPassed(m, found, standings));
      const completed = new Set(enrolment?.completedItems ?? []);
      return {
        enrolment,
        ...summary(m, enrolment),
        chapters: m.outline.map((c) => ({
          ...c,
          items: c.items.map((item) => {
            const p = progress.get(item.itemId);
            const standing = item.kind === 'test' ? standings.get(item.sessionId) : undefined;
            return {
              ...item,
              complete: completed.has(item.itemId),
              ...(p ? { covered: p.covered, position: p.position } : {}),
              ...(standing ? { test: standing } : {}),
            };
          }),
        })),
      };
    },

    /**
     * A video report: the stretches played since the last one and where the player is now. The
     * server's clock decides how much could have played (domain/watched.ts).
     */
    async reportWatched(
      m: ModuleItem,
      enrolment: EnrolmentItem,
      itemId: string,
      report: { stretches: Stretch[]; position: number },
      now = Date.now(),
    ) {
      const item = itemOf(m, itemId);
      if (item.kind !== 'video') throw badRequest(coursesText('not-a-video'));
      stillOpen(m);
      const learner = enrolment;
      const { data } = await entities()
        .itemProgress.get({ accountId: learner.accountId, moduleId: m.moduleId, itemId })
        .go();
      const before = (data as ProgressItem | null) ?? undefined;
      const duration = item.durationSeconds!;
      const outcome = applyReport(
        {
          played: before?.played ?? [],
          ...(before?.lastReportAt !== undefined ? { lastReportAt: before.lastReportAt } : {}),
        },
        report.stretches,
        duration,
        now,
      );
      if (outcome.refused)
        throw badRequest(coursesText('too-many-stretches'), [
          fieldError('body', 'stretches', coursesText('too-many-stretches')),
        ]);
      const at = new Date(now).toISOString();
      const complete = Boolean(before?.complete) || outcome.complete;
      const next: ProgressItem = {
        accountId: learner.accountId,
        moduleId: m.moduleId,
        itemId,
        played: outcome.state.played,
        lastReportAt: now,
        position: Math.min(Math.max(0, report.position), duration),
        covered: outcome.covered,
        complete,
        ...(before?.completedAt ? { completedAt: before.completedAt } : complete ? { completedAt: at } : {}),
        reports: (before?.reports ?? 0) + 1,
        updatedAt: at,
      };
      const after = await writeProgress(m, enrolment, before, next);
      return {
        covered: next.covered,
        complete,
        dropped: outcome.dropped.length,
        ...summary(m, after),
        ...(after.completedAt ? { moduleCompletedAt: after.completedAt } : {}),
      };
    },

    /**
     * A short-lived link to an item's file. Opening a document completes it (reading is not
     * measured); a video completes only by being watched.
     */
    async open(m: ModuleItem, enrolment: EnrolmentItem, itemId: string) {
      const item: OutlineItem = itemOf(m, itemId);
      if (item.kind === 'package') throw badRequest(coursesText('not-a-material'));
      if (item.kind === 'test') throw badRequest(coursesText('not-a-material'));
      stillOpen(m);
      const link = await cityMaterialLink(item.resourceId, item.kind);
      if (!link) throw notFound(coursesText('material-gone'));
      const after = item.kind === 'document' ? await completeOnOpening(m, enrolment, itemId) : enrolment;
      return { ...link, ...afterwards(m, after) };
    },

    /**
     * Launching a package's unit: for SCORM, the file to load in the portal's runtime (the
     * portal's origin serves packages under /packages/), the learner as the unit sees them, and
     * what it saved last time to resume from; an asset (no runtime calls) completes on launch, as
     * a document on opening. For cmi5, a new session (xapi.ts) and the URL with cmi5's query.
     */
    async launch(m: ModuleItem, enrolment: EnrolmentItem, itemId: string) {
      const item = itemOf(m, itemId);
      if (item.kind !== 'package') throw badRequest(coursesText('not-a-package'));
      stillOpen(m);
      if (item.standard === 'cmi5') {
        const { launchUrl } = await xapi.launch(m, enrolment, item);
        // A unit whose moveOn is NotApplicable is satisfied by launching it.
        const after =
          item.moveOn === 'NotApplicable' ? await completeOnOpening(m, enrolment, itemId) : enrolment;
        return {
          standard: item.standard,
          unitKind: item.unitKind,
          launchUrl,
          complete: after.completedItems.includes(itemId),
          ...afterwards(m, after),
        };
      }
      const [path, query] = splitQuery(item.launch);
      const launchUrl = `${PACKAGE_PATH}${item.packageId}/${launchHref(path)}${query}`;
      if (item.unitKind === 'asset') {
        const after = await completeOnOpening(m, enrolment, itemId);
        return { standard: item.standard, unitKind: item.unitKind, launchUrl, ...afterwards(m, after) };
      }
      const { data } = await entities()
        .itemProgress.get({ accountId: enrolment.accountId, moduleId: m.moduleId, itemId })
        .go();
      const before = (data as ProgressItem | null) ?? undefined;
      const standard = item.standard as ScormStandard;
      return {
        standard,
        unitKind: item.unitKind,
        launchUrl,
        learner: { id: enrolment.accountId, name: enrolment.fullName },
        cmi: resumeState(standard, before?.runtime ?? {}),
        // The runtime numbers its commits after this (a device whose clock is behind still counts).
        seq: before?.runtimeSeq ?? 0,
        complete: enrolment.completedItems.includes(itemId),
        ...afterwards(m, enrolment),
      };
    },

    /**
     * A SCORM unit's commit: its runtime data kept (to resume from), the unit completed when it
     * reports completed or passed, and never un-completed by a later attempt. Commits carry the
     * runtime's sequence: one older than the data kept (the page's last commit overtook it) only
     * adds its completion. Two commits at once (one in flight as the page goes away) are both
     * applied: the loser of the write reads again.
     */
    async commitRuntime(
      m: ModuleItem,
      enrolment: EnrolmentItem,
      itemId: string,
      commit: { cmi: Record<string, unknown>; seq: number },
    ) {
      const item = itemOf(m, itemId);
      if (item.kind !== 'package') throw badRequest(coursesText('not-a-package'));
      if (item.unitKind !== 'sco') throw badRequest(coursesText('not-a-sco'));
      stillOpen(m);
      const outcome = scormOutcome(item.standard as ScormStandard, commit.cmi);
      const { next, after } = await rewriteProgress(m, enrolment, itemId, (before) => {
        const newer = before?.runtimeSeq === undefined || commit.seq > before.runtimeSeq;
        return {
          ...(newer
            ? {
                runtime: commit.cmi,
                runtimeSeq: commit.seq,
                status: outcome.status,
                ...(outcome.score !== undefined ? { score: outcome.score } : {}),
              }
            : keptRuntime(before)),
          complete: outcome.complete,
        };
      });
      return {
        complete: next.complete,
        status: next.status ?? outcome.status,
        ...(next.score !== undefined ? { score: next.score } : {}),
        ...afterwards(m, after),
      };
    },

    /**
     * Starting the module's test: once every other item is complete, the learner joins the exam
     * session's roll (idempotent) and goes to the exam room, which keeps the clock and attempts.
     */
    async startTest(m: ModuleItem, enrolment: EnrolmentItem, itemId: string) {
      const item = itemOf(m, itemId);
      if (item.kind !== 'test') throw badRequest(coursesText('not-a-test'));
      stillOpen(m);
      const left = outlineItems(m.outline).filter(
        (i) => i.kind !== 'test' && !enrolment.completedItems.includes(i.itemId),
      ).length;
      if (left > 0) throw conflict(coursesText('test-needs-learning', { count: left }));
      const test = await joinCourseTest(item.sessionId, enrolment.accountId, courseTestOrigin(m.moduleId));
      return { sessionId: test.sessionId, title: test.title, opensAt: test.opensAt, closesAt: test.closesAt };
    },

    /** What a learner's cmi5 registration of an item did before: completed, passed, and whether the item is complete. */
    async unitDone(accountId: string, moduleId: string, itemId: string) {
      const { data } = await entities()
        .itemProgress.get({ accountId, moduleId, itemId })
        .go({ consistent: true });
      const p = (data as ProgressItem | null) ?? undefined;
      return {
        completed: p?.runtime?.completed === true,
        passed: p?.runtime?.passed === true,
        complete: Boolean(p?.complete),
      };
    },

    /** A cmi5 unit's outcome (xapi.ts): its completed / passed and score kept, the item complete once satisfied. */
    async recordUnit(
      m: ModuleItem,
      enrolment: EnrolmentItem,
      itemId: string,
      outcome: { completed: boolean; passed: boolean; score?: number; satisfied: boolean },
    ) {
      const status = outcome.passed ? 'passed' : outcome.completed ? 'completed' : 'failed';
      const { after } = await rewriteProgress(m, enrolment, itemId, (before) => ({
        runtime: {
          completed: outcome.completed || before?.runtime?.completed === true,
          passed: outcome.passed || before?.runtime?.passed === true,
        },
        status,
        ...(outcome.score !== undefined
          ? { score: outcome.score }
          : before?.score !== undefined
            ? { score: before.score }
            : {}),
        complete: outcome.satisfied,
      }));
      return afterwards(m, after);
    },

    /** When a person completed each module they completed in a year (one Query of their enrolments). */
    async completionsIn(accountId: string, year: number) {
      const { data } = await entities()
        .enrolment.query.byYear({ accountId, year })
        .go({ pages: 'all', attributes: ['moduleId', 'completedAt'] });
      return new Map(
        (data as Pick<EnrolmentItem, 'moduleId' | 'completedAt'>[]).flatMap((e) =>
          e.completedAt ? [[e.moduleId, e.completedAt] as const] : [],
        ),
      );
    },

    /** The modules a person completed in a year (one Query of their enrolments). */
    async completedIn(accountId: string, year: number) {
      return new Set((await this.completionsIn(accountId, year)).keys());
    },

    /** The learner's enrolments of a year, newest first. */
    async mine(accountId: string, year: number, limit: number, cursor: string | null) {
      const page = await entities()
        .enrolment.query.byYear({ accountId, year })
        .go({ limit, cursor, order: 'desc' });
      return { items: page.data as EnrolmentItem[], cursor: page.cursor };
    },
  };
}
