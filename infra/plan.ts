/**
 * The platform plan: everything the manifests declare, resolved into the functions, queues,
 * state machines and schedules that must exist. The CDK stack and the local cloud are both built
 * from this one list, and it refuses a manifest whose pieces do not fit together.
 */

import { EVENTS } from '../shared/events/org-unit-moved.ts';
import {
  type ContextManifest,
  type QueueDefinition,
  TASK_PLACEHOLDER,
  type WorkerDefinition,
  workerId,
} from '../shared/manifest.ts';

export interface ApiFunctionPlan {
  kind: 'api';
  id: string;
  context: string;
  /** Path of the handler module from the repository root. */
  entry: string;
  memoryMb: number;
  timeoutSeconds: number;
  manifest: ContextManifest;
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

export function planPlatform(manifests: readonly ContextManifest[]): PlatformPlan {
  const functions: FunctionPlan[] = [];
  const queues: QueuePlan[] = [];
  const stateMachines: StateMachinePlan[] = [];
  const problems: string[] = [];

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
      });
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

  for (const f of functions) {
    if (f.kind !== 'worker') continue;
    const t = f.definition.trigger;
    if (t.kind === 'queue' && !queues.some((q) => q.name === t.queue)) {
      problems.push(`${f.id}: queue ${t.queue} is not declared by any context`);
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

  const eventSubscribers: Record<string, string[]> = {};
  for (const q of queues)
    for (const event of q.subscribes ?? []) {
      if (!(EVENTS as readonly string[]).includes(event))
        problems.push(`queue ${q.name}: subscribes to unknown event ${event}`);
      eventSubscribers[event] = [...(eventSubscribers[event] ?? []), q.name];
    }

  if (problems.length > 0) throw new Error(`The manifests do not fit together:\n- ${problems.join('\n- ')}`);
  return { functions, queues, stateMachines, eventSubscribers };
}

interface AslState {
  Type?: string;
  Resource?: string;
  ItemProcessor?: { States?: Record<string, AslState> };
  Iterator?: { States?: Record<string, AslState> };
  Branches?: { States?: Record<string, AslState> }[];
}

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
