/**
 * Starts one local cloud for the integration tests: a child process running the same start
 * script as `npm start`, on free ports, with data in memory. Tests reach it over HTTP and through
 * real SDK clients pointed at its emulators.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { TestProject } from 'vitest/node';
import type { LocalCloudInfo } from '../../infra/local/cloud.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    cloud: LocalCloudInfo;
  }
}

/** The integration run's recording of each function's AWS requests (see infra/local/call-recorder.ts). */
export const AWS_CALLS_FILE = 'test-results/aws-calls.jsonl';

let child: ChildProcess | undefined;

export async function setup(project: TestProject) {
  const started = Date.now();
  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'infra/local/start.ts',
      '--learners',
      '600',
      // A few hundred titles: the library's tests make their own, and the seed runs beside them.
      '--titles',
      '300',
      // The register's tests count a year's numbers: no demo entries beside them.
      '--diplomas',
      '0',
      '--ephemeral',
      '--free-ports',
      '--ready-json',
      // The manifests' visibility timeouts, as in AWS: a slow or killed worker's messages stay
      // hidden for their full timeout. Only messages a worker reported failed come back sooner.
      '--retry-failed-after',
      '1',
      // What each function really calls, for the IAM test of the infra project (run after this one).
      '--record-aws-calls',
      AWS_CALLS_FILE,
      // Sessions of 3 candidates or more schedule the exams API's provisioned concurrency (in the
      // local Application Auto Scaling stand-in), so the suite exercises it with small rolls.
      '--city-wide-from',
      '3',
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      // A publication's families two to a chunk: the tests' few families still take several chunks.
      env: { ...process.env, LOG_LEVEL: 'ERROR', ADMISSION_RESULTS_CHUNK: '2' },
    },
  );
  const info = await new Promise<LocalCloudInfo>((resolve, reject) => {
    // Generous: on a loaded shared machine DynamoDB Local's JVM alone can take a minute. A cloud that
    // never gets ready is stopped, so its emulators do not outlive the run.
    const timer = setTimeout(() => {
      child!.kill('SIGTERM');
      reject(new Error('The local cloud did not start within 300 s'));
    }, 300_000);
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
  console.log(
    `[integration] local cloud ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${info.apiUrl}`,
  );
  project.provide('cloud', info);
}

export async function teardown() {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child!.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
