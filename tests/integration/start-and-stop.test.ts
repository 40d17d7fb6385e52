/**
 * `npm start` and Ctrl-C: a second local cloud started the way a person starts it, then stopped
 * with SIGINT. Nothing may stay behind — in particular no orphaned DynamoDB Local JVM.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('npm start', () => {
  it('starts within 60 s beside the integration suite and SIGINT stops every child', async () => {
    const started = Date.now();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'infra/local/start.ts',
        '--ephemeral',
        '--free-ports',
        '--ready-json',
        '--learners',
        '1000',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'ERROR' } },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // What it said last, to tell why when it stops early.
    const said: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => said.push(line) > 40 && said.shift());
    try {
      const info = await new Promise<{ apiUrl: string; endpoints: Record<string, string> }>(
        (resolve, reject) => {
          child.once('exit', (code) => reject(new Error(`exited early with ${code}:\n${said.join('\n')}`)));
          createInterface({ input: child.stdout }).on('line', (line) => {
            if (line.startsWith('{')) resolve(JSON.parse(line));
          });
        },
      );
      const tookMs = Date.now() - started;
      expect((await fetch(`${info.apiUrl}/health`)).status).toBe(200);

      const ports = Object.values(info.endpoints).map((e) => Number(new URL(e).port));
      ports.push(Number(new URL(info.apiUrl).port));
      for (const port of ports) expect(await accepts(port)).toBe(true);

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      for (const port of ports) expect(await accepts(port), `port ${port} still open`).toBe(false);
      // It starts beside the whole integration suite on two cores (alone it takes well under 30 s;
      // beside the suite on this machine size 32-43 s in December 2026's fresh-clone runs, so 45 s
      // left no margin). Checked after the stop: a slow start must not leave a cloud running behind.
      expect(tookMs).toBeLessThan(60_000);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        await exited;
      }
    }
    // Time for a slow start to be stopped here (and judged above), not left behind by a timeout.
  }, 120_000);
});
