/**
 * A local Step Functions endpoint (the AWS JSON 1.0 protocol the SDK speaks) that runs executions
 * with aws-local-stepfunctions. It is fed the same ASL the CDK stack deploys; Task states are
 * mapped to the local workers by state name.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { StateMachinePlan } from '../plan.ts';
import { resolveDefinition } from '../plan.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './emulators.ts';

// aws-local-stepfunctions uses Promise.withResolvers, which Node 20 lacks.
if (!('withResolvers' in Promise)) {
  Object.assign(Promise, {
    withResolvers<T>() {
      let resolve!: (value: T) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export const stateMachineArnOf = (name: string) =>
  `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
const lambdaArnOf = (functionId: string) =>
  `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionId}`;

interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  startDate: number;
  stopDate?: number;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
}

export type TaskInvoker = (functionId: string, input: unknown) => Promise<unknown>;

export interface StepFunctionsLocal {
  endpoint: string;
  executions: Map<string, Execution>;
  /** Resolves when every running execution has finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStepFunctions(
  port: number,
  machines: StateMachinePlan[],
  invokeTask: TaskInvoker,
  onError: (message: string, detail: unknown) => void,
): Promise<StepFunctionsLocal> {
  const { StateMachine } = await import('aws-local-stepfunctions');
  const byArn = new Map(
    machines.map((sm) => {
      const definition = JSON.parse(resolveDefinition(sm, lambdaArnOf));
      const overrides = Object.fromEntries(
        Object.entries(sm.tasks).map(([state, fn]) => [
          state,
          (input: unknown) =>
            invokeTask(fn, input).catch((error: Error) => {
              onError(`Task ${sm.name}.${state} (${fn}) failed`, error.message);
              throw error;
            }) as Promise<never>,
        ]),
      );
      return [stateMachineArnOf(sm.name), { machine: new StateMachine(definition), overrides }] as const;
    }),
  );
  const executions = new Map<string, Execution>();
  const running = new Set<Promise<unknown>>();

  const actions: Record<string, (body: Record<string, unknown>) => unknown> = {
    StartExecution(body) {
      const stateMachineArn = String(body.stateMachineArn ?? '');
      const sm = byArn.get(stateMachineArn);
      if (!sm)
        throw awsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
      const name = String(body.name ?? randomUUID());
      const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
      if (executions.has(executionArn))
        throw awsError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
      const input = String(body.input ?? '{}');
      const execution: Execution = {
        executionArn,
        stateMachineArn,
        name,
        status: 'RUNNING',
        startDate: Date.now(),
        input,
      };
      executions.set(executionArn, execution);
      const run = sm.machine
        .run(JSON.parse(input), { overrides: { taskResourceLocalHandlers: sm.overrides } })
        .result.then(
          (output: unknown) =>
            Object.assign(execution, { status: 'SUCCEEDED', output: JSON.stringify(output) }),
          (error: { name?: string; message?: string; cause?: unknown }) => {
            // The engine wraps the failure (a Fail state's Error and Cause) in its ExecutionError;
            // DescribeExecution on AWS reports the Fail state's own.
            const failure = (error?.cause instanceof Error ? error.cause : error) as
              | { name?: string; message?: string }
              | undefined;
            Object.assign(execution, {
              status: 'FAILED',
              error: failure?.name ?? 'Error',
              cause: String(failure?.message ?? ''),
            });
            onError(`Execution ${name} failed`, error?.message);
          },
        )
        .finally(() => {
          execution.stopDate = Date.now();
          running.delete(run);
        });
      running.add(run);
      return { executionArn, startDate: execution.startDate / 1000 };
    },
    DescribeExecution(body) {
      const e = executions.get(String(body.executionArn ?? ''));
      if (!e)
        throw awsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(body.executionArn)}'`);
      return { ...e, startDate: e.startDate / 1000, ...(e.stopDate ? { stopDate: e.stopDate / 1000 } : {}) };
    },
    ListStateMachines() {
      return {
        stateMachines: machines.map((sm) => ({
          stateMachineArn: stateMachineArnOf(sm.name),
          name: sm.name,
          type: 'STANDARD',
          creationDate: 0,
        })),
      };
    },
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const action = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    res.setHeader('content-type', 'application/x-amz-json-1.0');
    try {
      const impl = actions[action];
      if (!impl)
        throw awsError('UnknownOperationException', `The local endpoint does not implement ${action}`);
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      res.end(JSON.stringify(impl(body)));
    } catch (error) {
      const e = error as { __type?: string; message?: string };
      res.statusCode = 400;
      res.end(JSON.stringify({ __type: e.__type ?? 'InvalidInput', message: e.message }));
    }
  }
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    endpoint: `http://127.0.0.1:${port}`,
    executions,
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const awsError = (type: string, message: string) => Object.assign(new Error(message), { __type: type });
