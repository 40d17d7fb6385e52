/**
 * The platform plan: everything the manifests declare, resolved into the functions, queues,
 * state machines and schedules that must exist. The CDK stack and the local cloud are both built
 * from this one list, and it refuses a manifest whose pieces do not fit together.
 */

import { EVENTS } from '../shared/events/org-unit-moved.ts';
import {
  type ContextManifest,
  type FunctionAccess,
  type QueueDefinition,
  TASK_PLACEHOLDER,
  type WorkerDefinition,
  workerId,
} from '../shared/manifest.ts';
import { CLAIM_BUCKET, CLAIM_PREFIX } from '../shared/queue/claim-check.ts';

export interface ApiFunctionPlan {
  kind: 'api';
  id: string;
  context: string;
  /** Path of the handler module from the repository root. */
  entry: string;
  memoryMb: number;
  timeoutSeconds: number;
  manifest: ContextManifest;
  /** What its routes touch: the grants of its role. */
  access: FunctionAccess;
  signs: false;
}

export interface WorkerFunctionPlan {
  kind: 'worker';
  id: string;
  context: string;
  worker: string;
  entry: string;
  memoryMb: number;
  timeoutSeconds: number;
  definition: WorkerDefinition;
  access: FunctionAccess;
  /** May use the signing KMS keys (make a signer's key, sign with it and with the CA's). */
  signs: boolean;
}

export type FunctionPlan = ApiFunctionPlan | WorkerFunctionPlan;

export interface QueuePlan extends QueueDefinition {
  name: string;
  dlqName: string;
  context: string;
}

export interface StateMachinePlan {
  name: string;
  context: string;
  description: string;
  definition: Record<string, unknown>;
  /** State name → worker function id, for every Task state. */
  tasks: Record<string, string>;
}

export interface PlatformPlan {
  functions: FunctionPlan[];
  queues: QueuePlan[];
  stateMachines: StateMachinePlan[];
  /** Event name → the queues subscribed to it: every function gets it as EVENT_SUBSCRIBERS. */
  eventSubscribers: Record<string, string[]>;
}

/** A queue's visibility timeout is at least this many times its consumer's timeout. */
export const VISIBILITY_PER_TIMEOUT = 6;

export function planPlatform(manifests: readonly ContextManifest[]): PlatformPlan {
  const functions: FunctionPlan[] = [];
  const queues: QueuePlan[] = [];
  const stateMachines: StateMachinePlan[] = [];
  const problems: string[] = [];

  /**
   * A message over SQS's 256 KiB travels as an S3 claim (shared/queue/claim-check.ts): whoever
   * sends to a queue may write its claims, its consumer may read them — derived, never declared.
   */
  const eventSubscribers: Record<string, string[]> = {};
  for (const m of manifests)
    for (const [name, q] of Object.entries(m.queues))
      for (const event of q.subscribes ?? []) {
        if (!(EVENTS as readonly string[]).includes(event))
          problems.push(`queue ${name}: subscribes to unknown event ${event}`);
        eventSubscribers[event] = [...(eventSubscribers[event] ?? []), name];
      }

  /**
   * What a function may touch, with what follows from its declaration: publishing an event means
   * sending to each queue subscribed to it (the publisher names none), and a message over SQS's
   * 256 KiB travels as an S3 claim (shared/queue/claim-check.ts) that its sender writes and its
   * consumer reads.
   */
  const withClaimChecks = (declared: FunctionAccess, consumes?: string): FunctionAccess => {
    const { publishes, ...rest } = declared;
    const subscribers = (publishes ?? []).flatMap((event) => eventSubscribers[event] ?? []);
    const access: FunctionAccess = subscribers.length
      ? { ...rest, sendsTo: [...new Set([...(rest.sendsTo ?? []), ...subscribers])] }
      : rest;
    const claims = [
      ...(access.sendsTo ?? []).map((queue) => ({
        bucket: CLAIM_BUCKET,
        prefix: `${CLAIM_PREFIX}${queue}/`,
        access: 'write' as const,
      })),
      ...(consumes
        ? [{ bucket: CLAIM_BUCKET, prefix: `${CLAIM_PREFIX}${consumes}/`, access: 'read' as const }]
        : []),
    ];
    return claims.length ? { ...access, buckets: [...(access.buckets ?? []), ...claims] } : access;
  };

  for (const m of manifests) {
    if (Object.keys(m.routes).length > 0) {
      functions.push({
        kind: 'api',
        id: `${m.name}-api`,
        context: m.name,
        entry: `functions/${m.name}/api.ts`,
        memoryMb: m.api?.memoryMb ?? 512,
        timeoutSeconds: m.api?.timeoutSeconds ?? 10,
        manifest: m,
        access: withClaimChecks(m.api?.access ?? {}),
        signs: false,
      });
      if (!m.api?.access)
        problems.push(`${m.name}: the API function must declare what it touches (api.access)`);
    }
    for (const [name, q] of Object.entries(m.queues)) {
      queues.push({ name, dlqName: `${name}-dlq`, context: m.name, ...q });
    }
    for (const [worker, definition] of Object.entries(m.workers)) {
      functions.push({
        kind: 'worker',
        id: workerId(m.name, worker),
        context: m.name,
        worker,
        entry: `functions/${m.name}/workers/${definition.file}.ts`,
        memoryMb: definition.memoryMb ?? 512,
        timeoutSeconds: definition.timeoutSeconds ?? 30,
        definition,
        access: withClaimChecks(
          definition.access,
          definition.trigger.kind === 'queue' ? definition.trigger.queue : undefined,
        ),
        signs: definition.signs === true,
      });
    }
  }

  for (const m of manifests) {
    for (const [name, sm] of Object.entries(m.stateMachines)) {
      const tasks: Record<string, string> = {};
      for (const [state, body] of allStates(sm.definition)) {
        if (body.Type !== 'Task') continue;
        const worker = TASK_PLACEHOLDER.exec(body.Resource ?? '')?.[1];
        const trigger = worker ? m.workers[worker]?.trigger : undefined;
        if (!worker || trigger?.kind !== 'task' || trigger.stateMachine !== name || trigger.state !== state) {
          problems.push(
            `${m.name}: state ${name}.${state} must name a task worker of this context bound to it`,
          );
          continue;
        }
        tasks[state] = workerId(m.name, worker);
        // A Lambda throttled or briefly failing must not mark a job failed on its first error: every
        // task, the Catch targets included, retries task failures before giving up.
        if (!retriesTaskFailures(body))
          problems.push(
            `${m.name}: state ${name}.${state} needs a Retry on States.TaskFailed (or States.ALL) with at least two attempts and a backoff`,
          );
      }
      stateMachines.push({
        name,
        context: m.name,
        description: sm.description,
        definition: sm.definition,
        tasks,
      });
    }
  }

  const names = (list: { name: string }[]) => list.map((x) => x.name);
  for (const [what, list] of [
    ['queue', names(queues)],
    ['state machine', names(stateMachines)],
    ['function', functions.map((f) => f.id)],
    ['context', manifests.map((m) => m.name)],
  ] as const) {
    const seen = new Set<string>();
    for (const n of list) {
      if (seen.has(n)) problems.push(`Duplicate ${what} ${n}`);
      seen.add(n);
    }
  }

  const routeKeys = new Set<string>();
  for (const m of manifests) {
    for (const r of Object.values(m.routes)) {
      const key = `${r.method} ${r.path}`;
      if (routeKeys.has(key)) problems.push(`Route ${key} is declared twice`);
      routeKeys.add(key);
    }
  }

  // What a function may touch must exist: a grant on a queue or machine nobody declares is a typo.
  for (const f of functions) {
    for (const queue of f.access.sendsTo ?? [])
      if (!queues.some((q) => q.name === queue)) problems.push(`${f.id}: sends to undeclared queue ${queue}`);
    for (const machine of f.access.starts ?? [])
      if (!stateMachines.some((sm) => sm.name === machine))
        problems.push(`${f.id}: starts undeclared state machine ${machine}`);
    for (const b of f.access.buckets ?? [])
      if (!b.prefix || b.prefix.includes('*'))
        problems.push(`${f.id}: bucket access to ${b.bucket} needs a literal key prefix, not '${b.prefix}'`);
  }

  for (const f of functions) {
    if (f.kind !== 'worker') continue;
    const t = f.definition.trigger;
    if (t.kind === 'queue' && !queues.some((q) => q.name === t.queue)) {
      problems.push(`${f.id}: queue ${t.queue} is not declared by any context`);
    }
    if (t.kind === 'queue') {
      const queue = queues.find((q) => q.name === t.queue);
      // Lambda's advice for SQS event sources: a message handed to a slow or throttled consumer must
      // not reappear (and be processed twice) while that consumer may still be working on it.
      if (
        t.maxConcurrency !== undefined &&
        !(Number.isInteger(t.maxConcurrency) && t.maxConcurrency >= 2 && t.maxConcurrency <= 1000)
      )
        problems.push(
          `${f.id}: maxConcurrency ${t.maxConcurrency} is not a whole number from 2 to 1000 (Lambda's limits)`,
        );
      if (queue && queue.visibilityTimeoutSeconds < VISIBILITY_PER_TIMEOUT * f.timeoutSeconds)
        problems.push(
          `${f.id}: queue ${queue.name}'s visibility timeout (${queue.visibilityTimeoutSeconds} s) is under ${VISIBILITY_PER_TIMEOUT}× its consumer's timeout (${f.timeoutSeconds} s): make it at least ${VISIBILITY_PER_TIMEOUT * f.timeoutSeconds}`,
        );
    }
    if (t.kind === 'task') {
      const sm = stateMachines.find((s) => s.name === t.stateMachine);
      if (!sm || sm.tasks[t.state] !== f.id)
        problems.push(`${f.id}: not bound to ${t.stateMachine}.${t.state}`);
    }
    if (
      t.kind === 'schedule' &&
      !/^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(\S+( \S+){5}\))$/.test(t.expression)
    ) {
      problems.push(`${f.id}: schedule ${t.expression} is not rate(...) or a six-field cron(...)`);
    }
  }

  if (problems.length > 0) throw new Error(`The manifests do not fit together:\n- ${problems.join('\n- ')}`);
  return { functions, queues, stateMachines, eventSubscribers };
}

interface AslRetrier {
  ErrorEquals?: string[];
  MaxAttempts?: number;
  BackoffRate?: number;
}

interface AslState {
  Type?: string;
  Resource?: string;
  Retry?: AslRetrier[];
  ItemProcessor?: { States?: Record<string, AslState> };
  Iterator?: { States?: Record<string, AslState> };
  Branches?: { States?: Record<string, AslState> }[];
}

/** ASL's defaults: MaxAttempts 3, BackoffRate 2. */
export const retriesTaskFailures = (state: AslState): boolean =>
  (state.Retry ?? []).some(
    (r) =>
      (r.ErrorEquals ?? []).some((e) => e === 'States.TaskFailed' || e === 'States.ALL') &&
      (r.MaxAttempts ?? 3) >= 2 &&
      (r.BackoffRate ?? 2) > 1,
  );

/** Nested state lists of a state: a Map's item processor, a Parallel's branches. */
const innerMachines = (state: AslState) => [
  ...(state.ItemProcessor ? [state.ItemProcessor] : []),
  ...(state.Iterator ? [state.Iterator] : []),
  ...(state.Branches ?? []),
];

/** Every state of a definition, nested ones included (state names are unique machine-wide). */
function allStates(definition: { States?: Record<string, AslState> }): [string, AslState][] {
  return Object.entries(definition.States ?? {}).flatMap(([name, state]) => [
    [name, state] as [string, AslState],
    ...innerMachines(state).flatMap((inner) => allStates(inner)),
  ]);
}

/** ASL with every `${TaskArn:worker}` replaced by `resolve(functionId)`, nested states included. */
export function resolveDefinition(sm: StateMachinePlan, resolve: (functionId: string) => string): string {
  const resolveStates = (states: Record<string, AslState>): Record<string, AslState> =>
    Object.fromEntries(
      Object.entries(states).map(([name, body]) => {
        let state: AslState = sm.tasks[name] ? { ...body, Resource: resolve(sm.tasks[name]) } : body;
        if (state.ItemProcessor?.States)
          state = {
            ...state,
            ItemProcessor: { ...state.ItemProcessor, States: resolveStates(state.ItemProcessor.States) },
          };
        if (state.Iterator?.States)
          state = { ...state, Iterator: { ...state.Iterator, States: resolveStates(state.Iterator.States) } };
        if (state.Branches)
          state = {
            ...state,
            Branches: state.Branches.map((b) => ({ ...b, States: resolveStates(b.States ?? {}) })),
          };
        return [name, state];
      }),
    );
  return JSON.stringify({
    ...sm.definition,
    States: resolveStates(sm.definition.States as Record<string, AslState>),
  });
}
