/**
 * Provisioned concurrency for the exam API around city-wide sessions' windows. When a session of
 * at least cityWideCandidates() is published, its window — from `warmAt` (30 minutes before it
 * opens) to `coolAt` (10 minutes after late entry closes: the start storm is over), with the
 * provisioned concurrency the capacity plan gives for its candidates — is kept in the table, and
 * the exams API's alias gets one-time scheduled actions (Application Auto Scaling) for the steps
 * of all windows together (domain/capacity-steps.ts: overlapping sessions add up, and one's end
 * never takes another's capacity). Actions no longer among the steps (past, or replaced) are
 * removed. The stack registers the alias as a scalable target and names it in
 * `EXAM_CAPACITY_RESOURCE_ID`; without it (a stage without the exam API's alias) nothing is
 * scheduled. The readiness check reads the actions back.
 */
import {
  ApplicationAutoScalingClient,
  DeleteScheduledActionCommand,
  DescribeScheduledActionsCommand,
  ObjectNotFoundException,
  PutScheduledActionCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { observeClient } from '#shared/observability/aws-calls.ts';
import { logger } from '#shared/observability/logger.ts';
import {
  CITY_EXAM,
  COOL_AFTER_MINUTES,
  examConcurrency,
  WARM_BEFORE_MINUTES,
} from './domain/capacity-plan.ts';
import { type CapacityWindow, capacitySteps, stepActionName } from './domain/capacity-steps.ts';
import { type ExamEntities, examEntities } from './entities.ts';

/**
 * Below this many candidates on-demand scaling serves a session without a schedule (the local
 * cloud's tests lower it with EXAM_CITY_WIDE_CANDIDATES).
 */
export const cityWideCandidates = () => Number(process.env.EXAM_CITY_WIDE_CANDIDATES ?? 2_000);
export const SCALABLE_DIMENSION = 'lambda:function:ProvisionedConcurrency' as const;
/** The tag that names the exams API's scalable target to IAM (its ARN carries a generated id). */
export const EXAM_CAPACITY_TAG = { TagKey: 'vn-edu:capacity', TagValue: 'exams-api' };

/** A reschedule starts over at most this many times while other publications change the windows. */
const RESCHEDULE_ROUNDS = 5;

export interface SessionWindow {
  sessionId: string;
  opensAt: string;
  closesAt: string;
  lateEntryUntil: string;
  durationMinutes: number;
  candidateCount: number;
}

export type CapacitySchedule = CapacityWindow;

const minutes = (iso: string, m: number) => new Date(Date.parse(iso) + m * 60_000).toISOString();
/** `at(yyyy-mm-ddThh:mm:ss)`, in UTC. */
const at = (iso: string) => `at(${iso.slice(0, 19)})`;
/** What a session needs scheduled, or undefined when on-demand scaling serves it. */
export function capacityScheduleOf(s: SessionWindow): CapacitySchedule | undefined {
  if (s.candidateCount < cityWideCandidates()) return undefined;
  const { provisionedConcurrency } = examConcurrency({ ...CITY_EXAM, candidates: s.candidateCount });
  // The start storm's window: starts come until late entry closes (never past the close).
  const lastStart = [s.lateEntryUntil, s.closesAt].sort()[0]!;
  return {
    sessionId: s.sessionId,
    provisionedConcurrency,
    warmAt: minutes(s.opensAt, -WARM_BEFORE_MINUTES),
    coolAt: minutes(lastStart, COOL_AFTER_MINUTES),
  };
}

/**
 * The exams API's alias as Application Auto Scaling names it: on AWS from the function's own name
 * and the alias the stack gives (`EXAM_CAPACITY_ALIAS`); the local cloud names it whole.
 */
export function examCapacityResource(): string | undefined {
  if (process.env.EXAM_CAPACITY_RESOURCE_ID) return process.env.EXAM_CAPACITY_RESOURCE_ID;
  const name = process.env.AWS_LAMBDA_FUNCTION_NAME;
  const alias = process.env.EXAM_CAPACITY_ALIAS;
  return name && alias ? `function:${name}:${alias}` : undefined;
}

export interface ScheduledAction {
  ScheduledActionName: string;
  Schedule: string;
  ScalableTargetAction?: { MinCapacity?: number; MaxCapacity?: number };
}

export function makeExamCapacity(
  resourceId: () => string | undefined = examCapacityResource,
  now = () => new Date(),
  entities: () => ExamEntities = examEntities,
) {
  const target = (id: string) => ({
    ServiceNamespace: 'lambda' as const,
    ResourceId: id,
    ScalableDimension: SCALABLE_DIMENSION,
  });
  // The endpoint is the SDK's AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING when set (the local cloud's).
  let client: ApplicationAutoScalingClient | undefined;
  const scaling = () => (client ??= observeClient(new ApplicationAutoScalingClient({})));

  async function scheduledActions(): Promise<ScheduledAction[]> {
    const id = resourceId();
    if (!id) return [];
    const out: ScheduledAction[] = [];
    let token: string | undefined;
    do {
      const page = await scaling().send(
        new DescribeScheduledActionsCommand({ ...target(id), ...(token ? { NextToken: token } : {}) }),
      );
      out.push(
        ...(page.ScheduledActions ?? []).map((a) => ({
          ScheduledActionName: a.ScheduledActionName ?? '',
          Schedule: a.Schedule ?? '',
          ...(a.ScalableTargetAction ? { ScalableTargetAction: a.ScalableTargetAction } : {}),
        })),
      );
      token = page.NextToken;
    } while (token);
    return out;
  }

  const capacityVersion = async () =>
    (await entities().capacityVersion.get({}).go({ consistent: true })).data?.version ?? 0;

  /**
   * Schedules the steps of every window not yet over, and removes the exam actions that are not
   * among them. Two publications can run at once: each bumps the version after writing its window,
   * and each reads the version before the windows and again after applying their steps. A
   * reschedule that finds it changed starts over, so whichever applies last applies every window.
   */
  async function reschedule(id: string) {
    for (let round = 1; ; round++) {
      const version = await capacityVersion();
      await applySteps(id);
      if ((await capacityVersion()) === version) return;
      if (round === RESCHEDULE_ROUNDS)
        throw new Error(`The capacity windows kept changing through ${RESCHEDULE_ROUNDS} reschedules`);
    }
  }

  async function applySteps(id: string) {
    const t = now().toISOString();
    const { data } = await entities()
      .capacityWindow.query.byCoolDown({})
      .gt({ coolAt: t })
      .go({ pages: 'all', consistent: true });
    const steps = new Map(capacitySteps(data, t).map((step) => [stepActionName(step.at), step]));
    for (const a of await scheduledActions()) {
      if (!a.ScheduledActionName.startsWith('exam-') || steps.has(a.ScheduledActionName)) continue;
      try {
        await scaling().send(
          new DeleteScheduledActionCommand({ ...target(id), ScheduledActionName: a.ScheduledActionName }),
        );
      } catch (error) {
        if (!(error instanceof ObjectNotFoundException)) throw error;
      }
    }
    for (const [name, step] of steps)
      await scaling().send(
        new PutScheduledActionCommand({
          ...target(id),
          ScheduledActionName: name,
          Schedule: at(step.at),
          Timezone: 'UTC',
          ScalableTargetAction: { MinCapacity: step.capacity, MaxCapacity: step.capacity },
        }),
      );
  }

  return {
    scheduledActions,

    /**
     * Schedules provisioned concurrency for a published session. Never fails the publication: a
     * failure is logged, and the readiness check shows the session as not ready.
     */
    async schedule(session: SessionWindow): Promise<CapacitySchedule | undefined> {
      const id = resourceId();
      const plan = capacityScheduleOf(session);
      if (!id || !plan) return undefined;
      try {
        await entities().capacityWindow.put(plan).go();
        await entities().capacityVersion.update({}).add({ version: 1 }).go();
        await reschedule(id);
        return plan;
      } catch (error) {
        logger.error('Could not schedule the exam API’s provisioned concurrency', {
          sessionId: session.sessionId,
          error,
        });
        return undefined;
      }
    },
  };
}
