/**
 * The local API in several processes (`npm start -- --workers N`, or `apiWorkers` of
 * startLocalCloud): N child processes (api-worker.ts) each run the API functions, and the local
 * cloud's own server hands each API request to the next of them, round robin, over kept-alive
 * connections. One Node process serves the API at about one core's worth of handler work; with
 * workers, throughput grows with the cores the machine can spare (the exam load test prints it at
 * 1, 2 and 4). Everything else — emulators, queue pollers, scheduler, the identity providers —
 * stays in the parent, as in the single-process cloud.
 */
import { type ChildProcess, fork } from 'node:child_process';
import {
  Agent,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import { join } from 'node:path';
import type { ApiWorkerSetup } from './api-worker.ts';

export interface ApiWorkers {
  /** Hands the request to a worker (the path as the API sees it, /api prefix stripped). */
  forward(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
  /** Sends requests to the first `n` workers only (the load test's throughput probe). */
  use(n: number): void;
  count: number;
  stop(): Promise<void>;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) stay on their own connection: a proxy drops them. */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
];
const endToEnd = (headers: IncomingHttpHeaders) => {
  const kept = { ...headers };
  for (const name of HOP_BY_HOP) delete kept[name];
  return kept;
};

export async function startApiWorkers(
  n: number,
  env: Record<string, string>,
  setup: ApiWorkerSetup,
): Promise<ApiWorkers> {
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  };
  let ports: number[];
  try {
    ports = await Promise.all(
      Array.from({ length: n }, () => {
        const child = fork(join(import.meta.dirname, 'api-worker.ts'), [], {
          execArgv: ['--import', 'tsx'],
          env: { ...process.env, ...env, LOCAL_API_WORKER: JSON.stringify(setup) },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        children.push(child);
        return new Promise<number>((resolve, reject) => {
          child.once('message', (m: { port?: number }) => resolve(m.port!));
          child.once('exit', (code) =>
            reject(new Error(`An API worker exited (${code}) before it was ready`)),
          );
        });
      }),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let active = n;
  let next = 0;
  return {
    count: n,
    use(k) {
      active = Math.max(1, Math.min(n, k));
    },
    forward(req, res, path) {
      const port = ports[next++ % active]!;
      return new Promise<void>((resolve) => {
        const upstream = request(
          { host: '127.0.0.1', port, method: req.method, path, headers: endToEnd(req.headers), agent },
          (answer) => {
            // The worker's own connection terms (keep-alive 65 s) are not this server's.
            res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
            answer.pipe(res);
            answer.on('end', resolve);
            answer.on('error', resolve);
          },
        );
        upstream.on('error', () => {
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: 'Bad Gateway' }));
          resolve();
        });
        req.pipe(upstream);
      });
    },
    async stop() {
      agent.destroy();
      await stop();
    },
  };
}
