/**
 * The chaos project's local cloud: the same start script as `npm start`, with `--chaos`, so a
 * share of the functions' calls to DynamoDB, S3 and SQS fail as they do under load in AWS. No
 * demo learners or titles (the flows make their own data); tests are told once the faults are
 * armed, and the figures are printed (and written to test-results/chaos.json) at the end.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { TestProject } from 'vitest/node';
import { type ChaosFigures, describeChaos } from '../../infra/local/chaos.ts';
import type { LocalCloudInfo } from '../../infra/local/cloud.ts';

/** One call in ten faulted: with the SDK's three attempts, about one call in a thousand fails outright. */
export const CHAOS_RATE = Number(process.env.CHAOS_RATE ?? 0.1);

let child: ChildProcess | undefined;
let apiUrl: string | undefined;

export async function setup(project: TestProject) {
  const started = Date.now();
  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'infra/local/start.ts',
      '--learners',
      '0',
      '--titles',
      '0',
      '--ephemeral',
      '--free-ports',
      '--ready-json',
      // The manifests' visibility timeouts, as in AWS: a slow or killed worker's messages stay
      // hidden for their full timeout. Only messages a worker reported failed come back sooner.
      '--retry-failed-after',
      '1',
      '--chaos',
      String(CHAOS_RATE),
      '--chaos-seed',
      process.env.CHAOS_SEED ?? '17',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'ERROR' } },
  );
  let info: LocalCloudInfo;
  try {
    info = await new Promise<LocalCloudInfo>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('The local cloud did not start within 180 s')),
        180_000,
      );
      child!.once('exit', (code) => reject(new Error(`The local cloud exited with ${code}`)));
      createInterface({ input: child!.stdout! }).on('line', (line) => {
        if (!line.startsWith('{')) return;
        const parsed = JSON.parse(line) as LocalCloudInfo & { ready?: boolean };
        if (parsed.ready) {
          clearTimeout(timer);
          resolve(parsed);
        }
      });
    });
    apiUrl = info.apiUrl;
    // The demo data is written before the faults start; wait for them, so every test runs under chaos.
    for (;;) {
      const figures = (await fetch(`${apiUrl}/_local/chaos`)
        .then((r) => r.json())
        .catch(() => undefined)) as ChaosFigures | undefined;
      if (figures?.armed) break;
      if (Date.now() - started > 240_000) throw new Error('The chaos was not armed within 240 s');
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (error) {
    // A setup that fails is not torn down: stop the cloud here.
    child.kill('SIGTERM');
    throw error;
  }
  console.log(
    `[chaos] local cloud ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${info.apiUrl}, ${CHAOS_RATE} of the functions' calls faulted`,
  );
  project.provide('cloud', info);
}

export async function teardown() {
  if (apiUrl) {
    const figures = (await (await fetch(`${apiUrl}/_local/chaos`)).json().catch(() => undefined)) as
      | ChaosFigures
      | undefined;
    if (figures) {
      console.log(`[chaos] ${describeChaos(figures)}`);
      mkdirSync('test-results', { recursive: true });
      writeFileSync('test-results/chaos.json', `${JSON.stringify(figures, null, 2)}\n`);
    }
  }
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child!.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
