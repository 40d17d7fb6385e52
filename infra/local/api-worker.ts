/**
 * One API worker process of the local cloud (`npm start -- --workers N`, api-workers.ts): the
 * local API Gateway and the API functions, nothing else, on a free port of 127.0.0.1. Its parent
 * gives it the functions' environment and the issuers, and sends it the requests for API routes;
 * the emulators, the queue pollers and the scheduler stay in the parent. Like a Lambda container,
 * each worker keeps its own module caches (principals, paper outlines).
 */
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { manifests } from '../../functions/manifests.ts';
import { resetConfig } from '../../shared/config.ts';
import { planPlatform } from '../plan.ts';
import { makeApiGateway } from './api-gateway.ts';
import { makeInvoker } from './invoker.ts';

export interface ApiWorkerSetup {
  issuers: Parameters<typeof makeApiGateway>[0]['issuers'];
  capacityHeader: boolean;
}

const setup = JSON.parse(process.env.LOCAL_API_WORKER ?? 'null') as ApiWorkerSetup | null;
if (!setup || !process.send) {
  console.error('api-worker.ts is started by the local cloud (npm start -- --workers N), not by hand');
  process.exit(1);
}
resetConfig();
const plan = planPlatform(manifests);
const gateway = makeApiGateway({
  plan,
  invoker: makeInvoker(plan, resolve(import.meta.dirname, '../..')),
  issuers: setup.issuers,
  capacityHeader: setup.capacityHeader,
});
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  gateway(req, res, url).then(
    (handled) => {
      if (handled) return;
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Not Found' }));
    },
    (error: unknown) => {
      if (req.destroyed) return;
      console.error('[api worker] failed', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Internal Server Error' }));
    },
  );
});
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send!({ ready: true, port: typeof address === 'object' && address ? address.port : 0 });
});
// The parent going away (Ctrl-C, a crashed test) takes the worker with it.
process.on('disconnect', () => process.exit(0));
