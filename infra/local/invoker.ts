/**
 * Runs the real handler modules in this process, as Lambda would: one module instance per
 * function (so module-level caches behave as in a warm container), a Lambda context, a timeout.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionPlan, PlatformPlan } from '../plan.ts';
import { asFunction } from './call-recorder.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './emulators.ts';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export class FunctionTimeoutError extends Error {}

export function makeInvoker(plan: PlatformPlan, root: string) {
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

  return { invoke, load: (functionId: string) => load(byId.get(functionId)!), functions: byId };
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
