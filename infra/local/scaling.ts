/**
 * The local cloud's stand-in for Application Auto Scaling: the JSON 1.1 protocol
 * (`X-Amz-Target: AnyScaleFrontendService.<Operation>`) for what the exams context does with it —
 * RegisterScalableTarget, DescribeScalableTargets, PutScheduledAction, DeleteScheduledAction and
 * DescribeScheduledActions — so the same signed calls run locally as on AWS and the readiness check
 * reads back what a published session scheduled. Nothing is scaled: it records. The scheduled
 * actions are kept in a file beside the data (memory only without one). The stack registers the
 * exams API's alias as a scalable target at deploy; here the local cloud registers it at start.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname } from 'node:path';

/** The exams API's alias as Application Auto Scaling names it (the stack's: function:<name>:live). */
export const EXAM_API_LOCAL_RESOURCE = 'function:vn-edu-local-exams-api:live';
/** Its scalable target's id in ARNs (on AWS a generated one). */
export const EXAM_API_LOCAL_TARGET_ID = 'local-exams-api';

const REGION = 'ap-southeast-1';
const ACCOUNT = '000000000000';

interface ScalableTarget {
  ServiceNamespace: string;
  ResourceId: string;
  ScalableDimension: string;
  MinCapacity: number;
  MaxCapacity: number;
  CreationTime: number;
}
interface ScheduledAction {
  ScheduledActionName: string;
  ScheduledActionARN: string;
  ServiceNamespace: string;
  Schedule: string;
  Timezone?: string;
  ResourceId: string;
  ScalableDimension: string;
  StartTime?: number;
  EndTime?: number;
  ScalableTargetAction: { MinCapacity?: number; MaxCapacity?: number };
  CreationTime: number;
}

class ScalingError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const s = (v: unknown) => (typeof v === 'string' ? v : '');

export function localScaling(file?: string) {
  const state: { targets: ScalableTarget[]; actions: ScheduledAction[] } =
    file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { targets: [], actions: [] };
  const save = () => {
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(state, null, 1));
  };
  const targetOf = (i: Record<string, unknown>) =>
    state.targets.find(
      (t) =>
        t.ServiceNamespace === i.ServiceNamespace &&
        t.ResourceId === i.ResourceId &&
        t.ScalableDimension === i.ScalableDimension,
    );
  const sameAction = (a: ScheduledAction, i: Record<string, unknown>) =>
    a.ServiceNamespace === i.ServiceNamespace &&
    a.ScheduledActionName === i.ScheduledActionName &&
    a.ResourceId === i.ResourceId &&
    a.ScalableDimension === i.ScalableDimension;

  const operations: Record<string, (i: Record<string, unknown>) => unknown> = {
    RegisterScalableTarget(i) {
      const existing = targetOf(i);
      const next: ScalableTarget = {
        ServiceNamespace: s(i.ServiceNamespace),
        ResourceId: s(i.ResourceId),
        ScalableDimension: s(i.ScalableDimension),
        MinCapacity: Number(i.MinCapacity ?? existing?.MinCapacity ?? 0),
        MaxCapacity: Number(i.MaxCapacity ?? existing?.MaxCapacity ?? 0),
        CreationTime: existing?.CreationTime ?? Date.now() / 1000,
      };
      state.targets = [...state.targets.filter((t) => t !== existing), next];
      save();
      return {};
    },
    DescribeScalableTargets(i) {
      const ids = (i.ResourceIds as string[] | undefined) ?? [];
      return {
        ScalableTargets: state.targets.filter(
          (t) =>
            t.ServiceNamespace === i.ServiceNamespace && (ids.length === 0 || ids.includes(t.ResourceId)),
        ),
      };
    },
    PutScheduledAction(i) {
      if (!targetOf(i))
        throw new ScalingError(
          'ObjectNotFoundException',
          `No scalable target registered for ${s(i.ResourceId)}`,
        );
      if (!/^(at|cron|rate)\(.+\)$/.test(s(i.Schedule)))
        throw new ScalingError('ValidationException', `Invalid schedule ${s(i.Schedule)}`);
      const existing = state.actions.find((a) => sameAction(a, i));
      const action: ScheduledAction = {
        ScheduledActionName: s(i.ScheduledActionName),
        ScheduledActionARN: `arn:aws:autoscaling:${REGION}:${ACCOUNT}:scheduledAction:local:resource/${s(i.ServiceNamespace)}/${s(i.ResourceId)}:scheduledActionName/${s(i.ScheduledActionName)}`,
        ServiceNamespace: s(i.ServiceNamespace),
        Schedule: s(i.Schedule),
        ...(i.Timezone ? { Timezone: s(i.Timezone) } : {}),
        ResourceId: s(i.ResourceId),
        ScalableDimension: s(i.ScalableDimension),
        ScalableTargetAction: (i.ScalableTargetAction as ScheduledAction['ScalableTargetAction']) ?? {},
        CreationTime: existing?.CreationTime ?? Date.now() / 1000,
      };
      state.actions = [...state.actions.filter((a) => a !== existing), action];
      save();
      return {};
    },
    DeleteScheduledAction(i) {
      const existing = state.actions.find((a) => sameAction(a, i));
      if (!existing)
        throw new ScalingError('ObjectNotFoundException', `No scheduled action ${s(i.ScheduledActionName)}`);
      state.actions = state.actions.filter((a) => a !== existing);
      save();
      return {};
    },
    DescribeScheduledActions(i) {
      const names = (i.ScheduledActionNames as string[] | undefined) ?? [];
      return {
        ScheduledActions: state.actions.filter(
          (a) =>
            a.ServiceNamespace === i.ServiceNamespace &&
            (!i.ResourceId || a.ResourceId === i.ResourceId) &&
            (!i.ScalableDimension || a.ScalableDimension === i.ScalableDimension) &&
            (names.length === 0 || names.includes(a.ScheduledActionName)),
        ),
      };
    },
  };

  return {
    operations,
    async handle(req: IncomingMessage, res: ServerResponse) {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^AnyScaleFrontendService\./, '');
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      try {
        const run = operations[operation];
        if (!run) throw new ScalingError('ValidationException', `${operation} is not available locally`);
        const input = chunks.length
          ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>)
          : {};
        reply(200, run(input));
      } catch (error) {
        if (!(error instanceof ScalingError)) throw error;
        reply(400, { __type: error.type, message: error.message });
      }
    },
  };
}

export type LocalScaling = ReturnType<typeof localScaling>;
