/**
 * The manifests are the single source of routes and workers: every entry must have a handler,
 * every handler must be reachable from an entry, and every one has a sample event.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { manifests } from '../../functions/manifests.ts';
import { planPlatform, resolveDefinition } from '../../infra/plan.ts';
import { AUTHENTICATED_BASELINE, type Permission } from '../../shared/auth/permissions.ts';
import { routeKey, taskPlaceholder } from '../../shared/manifest.ts';

const ROOT = join(import.meta.dirname, '../..');
const plan = planPlatform(manifests);

describe('manifests ↔ handlers', () => {
  it('every context folder is in the manifest list, and every manifest has its folder', () => {
    const folders = readdirSync(join(ROOT, 'functions'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(folders).toEqual(manifests.map((m) => m.name).sort());
  });

  it.each(plan.functions.map((f) => [f.id, f.entry]))('%s: %s exports a handler', async (_id, entry) => {
    expect(existsSync(join(ROOT, entry))).toBe(true);
    // Importing an API module also checks, in makeApi, that every route has a handler.
    const module = (await import(pathToFileURL(join(ROOT, entry)).href)) as { handler?: unknown };
    expect(typeof module.handler).toBe('function');
  });

  it('every worker’s description fits a Lambda function’s (256 characters), as the stack gives it', () => {
    const long = plan.functions
      .flatMap((f) => (f.kind === 'worker' ? [f] : []))
      .filter((f) => [...f.definition.description].length > 256)
      .map((f) => `${f.id}: ${[...f.definition.description].length}`);
    expect(long).toEqual([]);
  });

  it('every worker file and every api.ts is reachable from a manifest', () => {
    const entries = new Set(plan.functions.map((f) => f.entry));
    for (const m of manifests) {
      const dir = join(ROOT, 'functions', m.name);
      if (existsSync(join(dir, 'api.ts')))
        expect(entries, `${m.name}/api.ts has no routes`).toContain(`functions/${m.name}/api.ts`);
      const workers = existsSync(join(dir, 'workers')) ? readdirSync(join(dir, 'workers')) : [];
      for (const file of workers.filter((f) => f.endsWith('.ts'))) {
        expect(entries, `${m.name}/workers/${file} is in no manifest`).toContain(
          `functions/${m.name}/workers/${file}`,
        );
      }
    }
  });

  it('every route and every worker has a sample event', () => {
    for (const m of manifests) {
      const dir = join(ROOT, 'events', m.name);
      const events = existsSync(dir)
        ? readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { routeKey?: string })
        : [];
      for (const route of Object.values(m.routes)) {
        expect(
          events.map((e) => e.routeKey),
          `no event for ${routeKey(route)}`,
        ).toContain(routeKey(route));
      }
      for (const worker of Object.keys(m.workers)) {
        expect(existsSync(join(dir, `${worker}.json`)), `no events/${m.name}/${worker}.json`).toBe(true);
      }
    }
  });
});

describe('privacy rules every manifest keeps (docs/privacy.md)', () => {
  const routes = manifests.flatMap((m) => Object.values(m.routes));

  it('only GET /me is open to a token without an account', () => {
    const baseline = routes.filter((r) => AUTHENTICATED_BASELINE.includes(r.permission as Permission));
    expect(baseline.map(routeKey)).toEqual(['GET /me']);
  });

  it('no route takes a personal key (personal ID, phone, e-mail, card) in its path or query', () => {
    const personal = /^(personalId|idCode|phone|email|card|cardNumber)$/i;
    for (const route of routes) {
      const keys = [
        ...Object.keys(route.request?.query?.shape ?? {}),
        ...Object.keys(route.request?.params?.shape ?? {}),
        ...[...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
      ];
      expect(
        keys.filter((k) => personal.test(k)),
        routeKey(route),
      ).toEqual([]);
    }
  });
});

describe('planPlatform', () => {
  it('derives one API function per context with routes and one function per worker', () => {
    const withRoutes = manifests.filter((m) => Object.keys(m.routes).length > 0).length;
    const workers = manifests.reduce((n, m) => n + Object.keys(m.workers).length, 0);
    expect(plan.functions.filter((f) => f.kind === 'api')).toHaveLength(withRoutes);
    expect(plan.functions.filter((f) => f.kind === 'worker')).toHaveLength(workers);
  });

  it('binds every Task state to its worker, inside Map states too', () => {
    const sm = plan.stateMachines.find((s) => s.name === 'report-generation')!;
    expect(sm.tasks).toEqual({
      PrepareReport: 'reports-prepare-report',
      CollectUnitFigures: 'reports-collect-unit-figures',
      RenderReport: 'reports-render-report',
      MarkFailed: 'reports-mark-report-failed',
    });
    const resolved = JSON.parse(resolveDefinition(sm, (f) => `arn:${f}`));
    expect(resolved.States.CollectUnits.ItemProcessor.States.CollectUnitFigures.Resource).toBe(
      'arn:reports-collect-unit-figures',
    );
    expect(JSON.stringify(resolved)).not.toContain('${TaskArn:');
  });

  it('gathers the queues subscribed to each event, and refuses an unknown event', () => {
    expect(plan.eventSubscribers).toEqual({
      'org-unit.moved': expect.arrayContaining(['edu-data-org-moves', 'repository-org-moves']),
      'exam.attempt-graded': ['course-test-results'],
    });
    const queue = (subscribes: string[]) => ({
      q: {
        description: 'x',
        visibilityTimeoutSeconds: 30,
        maxReceiveCount: 3,
        subscribes: subscribes as never,
      },
    });
    expect(() =>
      planPlatform([{ ...base, name: 'a', queues: queue(['org-unit.renamed']), workers: {} }]),
    ).toThrow(/queue q: subscribes to unknown event org-unit.renamed/);
  });

  const base = { description: 'x', routes: {}, stateMachines: {}, queues: {} };
  it('refuses a worker on an undeclared queue', () => {
    expect(() =>
      planPlatform([
        {
          ...base,
          name: 'a',
          workers: {
            w: { file: 'w', description: 'x', trigger: { kind: 'queue', queue: 'nope' }, access: {} },
          },
        },
      ]),
    ).toThrow(/queue nope is not declared/);
  });

  it('refuses duplicate routes and queues across contexts', () => {
    const route = { method: 'GET' as const, path: '/x', permission: 'public' as const, summary: 'x' };
    const queue = { q: { description: 'x', visibilityTimeoutSeconds: 30, maxReceiveCount: 3 } };
    expect(() =>
      planPlatform([
        { ...base, name: 'a', routes: { r: route }, queues: queue, workers: {} },
        { ...base, name: 'b', routes: { r: route }, queues: queue, workers: {} },
      ]),
    ).toThrow(/Duplicate queue q[\s\S]*Route GET \/x is declared twice/);
  });

  it('refuses access to queues and state machines nobody declares, and an API without its access', () => {
    const route = { method: 'GET' as const, path: '/x', permission: 'public' as const, summary: 'x' };
    expect(() =>
      planPlatform([
        {
          ...base,
          name: 'a',
          routes: { r: route },
          workers: {
            w: {
              file: 'w',
              description: 'x',
              trigger: { kind: 'schedule', expression: 'rate(1 hour)', description: 'x' },
              access: {
                sendsTo: ['nope'],
                starts: ['none'],
                buckets: [{ bucket: 'reports', prefix: '', access: 'read' }],
              },
            },
          },
        },
      ]),
    ).toThrow(
      /a: the API function must declare what it touches[\s\S]*a-w: sends to undeclared queue nope[\s\S]*starts undeclared state machine none[\s\S]*needs a literal key prefix/,
    );
  });

  it('holds every manifest queue to six times its consumer’s timeout', () => {
    for (const f of plan.functions) {
      if (f.kind !== 'worker' || f.definition.trigger.kind !== 'queue') continue;
      const queue = f.definition.trigger.queue;
      const visibility = plan.queues.find((q) => q.name === queue)!.visibilityTimeoutSeconds;
      expect(visibility, `${queue} (consumer ${f.id})`).toBeGreaterThanOrEqual(6 * f.timeoutSeconds);
    }
  });

  it('refuses a queue whose visibility timeout is under six times its consumer’s timeout', () => {
    const worker = (timeoutSeconds?: number) => ({
      file: 'w',
      description: 'x',
      trigger: { kind: 'queue' as const, queue: 'q' },
      access: {},
      ...(timeoutSeconds ? { timeoutSeconds } : {}),
    });
    const queues = (visibilityTimeoutSeconds: number) => ({
      q: { description: 'x', visibilityTimeoutSeconds, maxReceiveCount: 3 },
    });
    // 900 s of work behind a 900 s visibility: a slow consumer's message would be handed out twice.
    expect(() =>
      planPlatform([{ ...base, name: 'a', queues: queues(900), workers: { w: worker(900) } }]),
    ).toThrow(/a-w: queue q's visibility timeout \(900 s\) is under 6× .*at least 5400/);
    // The default worker timeout (30 s) counts too.
    expect(() =>
      planPlatform([{ ...base, name: 'a', queues: queues(179), workers: { w: worker() } }]),
    ).toThrow(/at least 180/);
    expect(() =>
      planPlatform([{ ...base, name: 'a', queues: queues(5400), workers: { w: worker(900) } }]),
    ).not.toThrow();
  });

  it('refuses a Task state that names no worker bound to it', () => {
    expect(() =>
      planPlatform([
        {
          ...base,
          name: 'a',
          workers: {},
          stateMachines: {
            m: {
              description: 'x',
              definition: { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:x', End: true } } },
            },
          },
        },
      ]),
    ).toThrow(/state m.T must name a task worker/);
  });

  it('refuses a Task state that does not retry before its failure path', () => {
    const machine = (Retry?: unknown[]) => ({
      ...base,
      name: 'a',
      workers: {
        w: {
          file: 'w',
          description: 'x',
          trigger: { kind: 'task' as const, stateMachine: 'm', state: 'T' },
          access: {},
        },
      },
      stateMachines: {
        m: {
          description: 'x',
          definition: {
            StartAt: 'T',
            States: {
              T: {
                Type: 'Task',
                Resource: taskPlaceholder('w'),
                ...(Retry ? { Retry } : {}),
                Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F' }],
                End: true,
              },
              F: { Type: 'Fail' },
            },
          },
        },
      },
    });
    expect(() => planPlatform([machine()])).toThrow(/state m.T needs a Retry/);
    // Retrying only a timeout, or a single attempt, is not retrying the failure.
    expect(() => planPlatform([machine([{ ErrorEquals: ['States.Timeout'], MaxAttempts: 3 }])])).toThrow(
      /needs a Retry/,
    );
    expect(() => planPlatform([machine([{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 1 }])])).toThrow(
      /needs a Retry/,
    );
    expect(() =>
      planPlatform([machine([{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 2, MaxAttempts: 3 }])]),
    ).not.toThrow();
  });

  it('refuses a schedule that is not rate() or six-field cron()', () => {
    expect(() =>
      planPlatform([
        {
          ...base,
          name: 'a',
          workers: {
            w: {
              file: 'w',
              description: 'x',
              trigger: { kind: 'schedule', expression: 'cron(0 1 * * *)', description: 'x' },
              access: {},
            },
          },
        },
      ]),
    ).toThrow(/not rate/);
  });
});
