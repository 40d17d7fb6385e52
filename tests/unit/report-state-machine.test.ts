/**
 * The report state machine's failure paths, run by the engine the local cloud uses
 * (aws-local-stepfunctions) on the very ASL the CDK stack deploys: a task failure is retried
 * before the Catch marks the job failed, Lambda's throttling is retried longer, and marking the
 * job failed retries too. Only the waits between attempts are shortened (the retry counts and
 * error matching are the definition's own).
 */
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { manifests } from '../../functions/manifests.ts';
import { REPORT_STATE_MACHINE } from '../../functions/reports/manifest.ts';
// The local Step Functions endpoint, for its Node 20 polyfill of Promise.withResolvers.
import '../../infra/local/step-functions.ts';
import { planPlatform, resolveDefinition } from '../../infra/plan.ts';

const sm = planPlatform(manifests).stateMachines.find((s) => s.name === REPORT_STATE_MACHINE)!;
const definition = JSON.parse(
  resolveDefinition(sm, (f) => `arn:aws:lambda:ap-southeast-1:000000000000:function:${f}`),
);

type Task = (input: Record<string, unknown>) => Promise<unknown>;

/** A task that fails `times` times with `name`, then does `then`. */
const failing = (times: number, then: Task, name = 'Error') => {
  const calls: Record<string, unknown>[] = [];
  const task: Task = async (input) => {
    calls.push(input);
    if (calls.length <= times) throw Object.assign(new Error(`attempt ${calls.length} failed`), { name });
    return then(input);
  };
  return Object.assign(task, { calls });
};

const ok = (result: (input: Record<string, unknown>) => unknown) => failing(0, async (i) => result(i));

async function run(tasks: Partial<Record<keyof typeof sm.tasks | string, Task>>) {
  const handlers = {
    PrepareReport: ok((i) => ({ ...i, units: ['u1', 'u2'] })),
    CollectUnitFigures: ok((i) => i),
    RenderReport: ok((i) => ({ ...i, status: 'done' })),
    MarkFailed: ok((i) => ({ reportId: i.reportId, status: 'failed' })),
    ...tasks,
  };
  const execution = new StateMachine(definition).run(
    { reportId: 'r1' },
    {
      overrides: {
        taskResourceLocalHandlers: handlers as unknown as Record<string, (input: unknown) => Promise<never>>,
        retryIntervalOverrides: Object.fromEntries(Object.keys(sm.tasks).map((s) => [s, 0])),
      },
    },
  );
  try {
    return { output: await execution.result, error: undefined };
  } catch (error) {
    return { output: undefined, error: error as Error };
  }
}

describe('report state machine failure paths', () => {
  it('a task that fails twice and then succeeds finishes the report, not failed', async () => {
    const prepare = failing(2, async (i) => ({ ...i, units: ['u1', 'u2'] }));
    const markFailed = ok((i) => i);
    const { output, error } = await run({ PrepareReport: prepare, MarkFailed: markFailed });
    expect(error).toBeUndefined();
    expect(output).toMatchObject({ reportId: 'r1', status: 'done' });
    expect(prepare.calls).toHaveLength(3);
    expect(markFailed.calls).toHaveLength(0);
  });

  it('a unit that keeps failing is tried four times, then the job is marked failed once', async () => {
    const attempts: Record<string, number> = {};
    const collect: Task = async (i) => {
      const unit = String(i.unitId);
      attempts[unit] = (attempts[unit] ?? 0) + 1;
      if (unit === 'u2') throw new Error('the commune’s records are unreadable');
      return i;
    };
    const render = ok((i) => i);
    const markFailed = ok((i) => i);
    const { error } = await run({
      CollectUnitFigures: collect,
      RenderReport: render,
      MarkFailed: markFailed,
    });
    expect((error?.cause as Error | undefined)?.name).toBe('ReportFailed');
    expect(attempts).toEqual({ u1: 1, u2: 4 });
    expect(render.calls).toHaveLength(0);
    expect(markFailed.calls).toHaveLength(1);
    expect(markFailed.calls[0]).toMatchObject({
      reportId: 'r1',
      error: { Cause: expect.stringContaining('unreadable') },
    });
  });

  it('Lambda throttling is retried beyond the three attempts of an ordinary failure', async () => {
    const render = failing(5, async (i) => ({ ...i, status: 'done' }), 'Lambda.TooManyRequestsException');
    const { output, error } = await run({ RenderReport: render });
    expect(error).toBeUndefined();
    expect(output).toMatchObject({ status: 'done' });
    expect(render.calls).toHaveLength(6);
  });

  it('marking the job failed is retried, so a brief fault does not leave it running', async () => {
    const render = failing(99, async (i) => i);
    const markFailed = failing(1, async (i) => ({ reportId: i.reportId, status: 'failed' }));
    const { error } = await run({ RenderReport: render, MarkFailed: markFailed });
    expect((error?.cause as Error | undefined)?.name).toBe('ReportFailed');
    expect(render.calls).toHaveLength(4);
    expect(markFailed.calls).toHaveLength(2);
  });
});
