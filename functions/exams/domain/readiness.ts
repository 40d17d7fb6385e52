/**
 * What must be true before a city-wide session, as checks a person reads: each ✓ or ✗ with what
 * to do (`npm run exam:readiness -- <sessionId>`). Pure: the facts are gathered elsewhere (the
 * local cloud's table and buckets, or the real account's read-only APIs); a fact that cannot be
 * known where the check runs (warm throughput and quotas on the local cloud) is shown as such,
 * neither passed nor failed.
 */
import type { CapacityPlan } from './capacity-plan.ts';
import { covers, stepsOf } from './capacity-steps.ts';

export interface ReadinessFacts {
  now: string;
  session: {
    sessionId: string;
    title: string;
    opensAt: string;
    candidateCount: number;
    variantCount: number;
    rooms: { name: string; supervisors: string[] }[];
  };
  /** Per variant: the candidates' copy and the current keys exist in the materials bucket. */
  variants: { variant: number; paper: boolean; keys: boolean }[];
  /** The roll as read: candidates, and those without a room. */
  roll: { candidates: number; withoutRoom: number };
  /** What the session needs scheduled (undefined: on-demand scaling serves it). */
  schedule?: { provisionedConcurrency: number; warmAt: string; coolAt: string };
  /** The scheduled actions found on the exams API's target (undefined: no target to read). */
  scheduledActions?: { name: string; schedule: string; min?: number }[];
  /** The table's warm throughput (undefined: the local cloud's DynamoDB has none). */
  warmThroughput?: { writeUnitsPerSecond: number; readUnitsPerSecond: number };
  /** The account's quotas by the plan's names (undefined: the local cloud has none). */
  quotas?: Partial<Record<CapacityPlan['quotas'][number]['name'], number>>;
}

export interface ReadinessCheck {
  state: 'ok' | 'failed' | 'not-here';
  what: string;
  /** What to do when it failed (or where it is checked when it cannot be here). */
  todo?: string;
}

const n = (x: number) => x.toLocaleString('en');

export function readinessChecks(facts: ReadinessFacts, plan: CapacityPlan): ReadinessCheck[] {
  const { session } = facts;
  const checks: ReadinessCheck[] = [];
  const add = (ok: boolean, what: string, todo: string) =>
    checks.push(ok ? { state: 'ok', what } : { state: 'failed', what, todo });

  add(
    session.opensAt > facts.now,
    `opens ${session.opensAt} (not yet open)`,
    'the session is already open: these checks are for before it opens',
  );
  const missing = facts.variants.filter((v) => !v.paper || !v.keys).map((v) => v.variant);
  add(
    facts.variants.length === session.variantCount && missing.length === 0,
    `papers built for every variant (${facts.variants.length - missing.length} of ${session.variantCount})`,
    `variant(s) ${missing.join(', ')} lack their paper or keys in the materials bucket: rebuild the paper and publish the session again`,
  );
  add(
    facts.roll.candidates > 0 && facts.roll.candidates === session.candidateCount,
    `candidates assigned (${n(facts.roll.candidates)} on the roll of ${n(session.candidateCount)})`,
    facts.roll.candidates === 0
      ? 'nobody is on the roll: add candidates (accounts, schools or classes) and publish again'
      : 'the roll and the session disagree: publish the session again',
  );
  const unsupervised = session.rooms.filter((r) => r.supervisors.length === 0).map((r) => r.name);
  add(
    session.rooms.length > 0 && facts.roll.withoutRoom === 0 && unsupervised.length === 0,
    `rooms assigned (${session.rooms.length} rooms; ${n(facts.roll.withoutRoom)} candidates without one)`,
    session.rooms.length === 0
      ? 'no rooms: give the session its rooms and supervisors'
      : unsupervised.length
        ? `rooms without a supervisor: ${unsupervised.join(', ')}`
        : 'some candidates have no room: publish the session again with its rooms',
  );

  if (!facts.schedule) {
    checks.push({
      state: 'ok',
      what: `provisioned concurrency not needed (${n(session.candidateCount)} candidates: on-demand scaling serves them)`,
    });
  } else if (!facts.scheduledActions) {
    checks.push({
      state: 'failed',
      what: 'provisioned concurrency scheduled',
      todo: 'the exams API has no scalable target here (EXAM_CAPACITY_RESOURCE_ID / its alias): deploy the stack',
    });
  } else {
    const want = facts.schedule;
    add(
      covers(stepsOf(facts.scheduledActions), { sessionId: session.sessionId, ...want }, facts.now),
      `provisioned concurrency scheduled: ${want.provisionedConcurrency} from ${want.warmAt} to ${want.coolAt}`,
      "the exam API's scheduled steps (exam-step-…) do not give this window its concurrency: publish the session again (the steps are computed from every city-wide session), or put them by hand (aws application-autoscaling put-scheduled-action --service-namespace lambda --scalable-dimension lambda:function:ProvisionedConcurrency …)",
    );
  }

  const warm = plan.settings.warmThroughput;
  if (!facts.warmThroughput)
    checks.push({
      state: 'not-here',
      what: `table warm throughput ≥ ${n(warm.writeUnitsPerSecond)} WCU/s and ${n(warm.readUnitsPerSecond)} RCU/s`,
      todo: 'the local DynamoDB has none: checked against AWS (--aws)',
    });
  else
    add(
      facts.warmThroughput.writeUnitsPerSecond >= warm.writeUnitsPerSecond &&
        facts.warmThroughput.readUnitsPerSecond >= warm.readUnitsPerSecond,
      `table warm throughput ${n(facts.warmThroughput.writeUnitsPerSecond)} WCU/s and ${n(facts.warmThroughput.readUnitsPerSecond)} RCU/s (needs ${n(warm.writeUnitsPerSecond)} and ${n(warm.readUnitsPerSecond)})`,
      `deploy with --parameters TableWarmWriteUnits=${warm.writeUnitsPerSecond} TableWarmReadUnits=${warm.readUnitsPerSecond} (at least a day before: warming takes time)`,
    );

  for (const q of plan.quotas) {
    if (!facts.quotas) {
      checks.push({
        state: 'not-here',
        what: `quota ${q.name} ≥ ${n(q.needed)}`,
        todo: 'the local cloud has no quotas: checked against AWS (--aws)',
      });
      continue;
    }
    const value = facts.quotas[q.name];
    add(
      value !== undefined && value >= q.needed,
      `quota ${q.name} ${value === undefined ? 'unknown' : n(value)} (needs ${n(q.needed)})`,
      `request an increase to ${n(q.needed)} in Service Quotas (default ${n(q.default)})`,
    );
  }
  return checks;
}

export const isReady = (checks: ReadinessCheck[]) => checks.every((c) => c.state !== 'failed');

export const renderChecks = (checks: ReadinessCheck[]) =>
  checks
    .map((c) => {
      const mark = c.state === 'ok' ? '✓' : c.state === 'failed' ? '✗' : '–';
      return `${mark} ${c.what}${c.todo ? `\n    → ${c.todo}` : ''}`;
    })
    .join('\n');
