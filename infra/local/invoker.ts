/**
 * Runs the real handler modules in this process, as Lambda would: one module instance per
 * function (so module-level caches behave as in a warm container), a Lambda context, a timeout.
 * Each invocation is a capacity scope (shared/db/consumed-capacity.ts): the DynamoDB units it
 * consumed go to `onCapacity`, and `invokeMeasured` also hands them back with the result.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { type CapacityRecord, measureCapacity } from '../../shared/db/consumed-capacity.ts';
import type { FunctionPlan, PlatformPlan } from '../plan.ts';
import { asFunction } from './call-recorder.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './emulators.ts';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export class FunctionTimeoutError extends Error {}

/** The operation an invocation is counted under: the API route's key, or the worker's id. */
const operationOf = (functionId: string, event: unknown) => {
  const routeKey = (event as { routeKey?: unknown } | null)?.routeKey;
  return typeof routeKey === 'string' ? routeKey : functionId;
};
const correlationIdOf = (event: unknown) => {
  const id = (event as { headers?: Record<string, string> } | null)?.headers?.['x-correlation-id'];
  return typeof id === 'string' ? id : undefined;
};

export function makeInvoker(
  plan: PlatformPlan,
  root: string,
  options: { onCapacity?: (functionId: string, record: CapacityRecord) => void } = {},
) {
  const byId = new Map(plan.functions.map((f) => [f.id, f]));
  const loaded = new Map<string, Promise<Handler>>();

  const load = (fn: FunctionPlan): Promise<Handler> => {
    let handler = loaded.get(fn.id);
    if (!handler) {
      handler = import(pathToFileURL(join(root, fn.entry)).href).then((m: { handler?: Handler }) => {
        if (typeof m.handler !== 'function') throw new Error(`${fn.entry} does not export a handler`);
        return m.handler;
      });
      loaded.set(fn.id, handler);
    }
    return handler;
  };

  async function invokeMeasured(
    functionId: string,
    event: unknown,
  ): Promise<{ result: unknown; capacity: CapacityRecord | undefined }> {
    let capacity: CapacityRecord | undefined;
    const correlationId = correlationIdOf(event);
    const result = await measureCapacity(operationOf(functionId, event), () => invoke(functionId, event), {
      ...(correlationId ? { correlationId } : {}),
      invocation: true,
      report: (record) => {
        capacity = record;
        options.onCapacity?.(functionId, record);
      },
    });
    return { result, capacity };
  }

  async function invoke(functionId: string, event: unknown): Promise<unknown> {
    const fn = byId.get(functionId);
    if (!fn) throw new Error(`No function ${functionId}`);
    const handler = await load(fn);
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
    const context = lambdaContext(fn, deadline);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new FunctionTimeoutError(`${functionId} timed out after ${fn.timeoutSeconds} s`)),
        fn.timeoutSeconds * 1000,
      );
    });
    try {
      return await Promise.race([asFunction(functionId, () => handler(event, context)), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    /** Invokes the function, as its own capacity scope (its units go to `onCapacity`). */
    invoke: async (functionId: string, event: unknown) => (await invokeMeasured(functionId, event)).result,
    invokeMeasured,
    load: (functionId: string) => load(byId.get(functionId)!),
    functions: byId,
  };
}

export type Invoker = ReturnType<typeof makeInvoker>;

function lambdaContext(fn: FunctionPlan, deadline: number): Context {
  const functionName = `vn-edu-local-${fn.id}`;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: String(fn.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
