/**
 * `npm run bench`: figures, not assertions.
 *   1. per function: minified bundle size (esbuild with the CDK stack's options)
 *   2. per function: module init time, median over fresh Node processes
 *   3. the request pipeline's throughput against a bare handler doing the same DynamoDB GetItem
 *      on DynamoDB Local, as a ratio
 *   4. the education database's import and report (edu-data.ts), an announcement's fan-out
 *      (announcements.ts), the library's search (library-search.ts) and a learner's search by any
 *      part of the name, read units before and after (learner-search.ts)
 * BENCH_QUICK=1 runs fewer rounds (CI keeps the scaffold honest without spending minutes).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { build } from 'esbuild';
import { manifests } from '../../functions/manifests.ts';
import { ROOT } from '../../infra/local/cloud.ts';
import {
  freePort,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startDynamoDbLocal,
} from '../../infra/local/emulators.ts';
import { ensureTable } from '../../infra/local/provision.ts';
import { planPlatform } from '../../infra/plan.ts';
import { makeAuthEntities } from '../../shared/auth/store.ts';
import { makeApi } from '../../shared/http/api.ts';
import { defineContext } from '../../shared/manifest.ts';
import { eduDataBenchmarks } from './edu-data.ts';

const quick = process.env.BENCH_QUICK === '1';
const INIT_RUNS = quick ? 3 : 9;
const LOAD_SECONDS = quick ? 1 : 3;
const ROUNDS = quick ? 3 : 5;
const CONCURRENCY = 16;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.LOG_LEVEL = 'SILENT';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function bundles() {
  const out = join(tmpdir(), `vn-edu-bench-${process.pid}`);
  mkdirSync(out, { recursive: true });
  const plan = planPlatform(manifests);
  const rows: { id: string; bytes: number; initMs: number }[] = [];
  for (const fn of plan.functions) {
    const file = join(out, `${fn.id}.mjs`);
    await build({
      entryPoints: [join(ROOT, fn.entry)],
      outfile: file,
      bundle: true,
      minify: true,
      treeShaking: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      mainFields: ['module', 'main'],
      banner: {
        js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
      },
      logLevel: 'error',
    });
    const probe = join(out, `probe-${fn.id}.mjs`);
    writeFileSync(
      probe,
      `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`,
    );
    const times: number[] = [];
    for (let i = 0; i < INIT_RUNS; i++) {
      const ms = execFileSync(process.execPath, [probe], {
        encoding: 'utf8',
        env: { ...process.env, TABLE_NAME: 'bench', AWS_REGION: LOCAL_REGION },
      });
      times.push(Number(ms.trim().split('\n').at(-1)));
    }
    rows.push({ id: fn.id, bytes: statSync(file).size, initMs: median(times) });
  }
  rmSync(out, { recursive: true, force: true });
  return rows;
}

async function throughput(
  handler: (e: APIGatewayProxyEventV2) => Promise<unknown>,
  event: APIGatewayProxyEventV2,
) {
  const deadline = performance.now() + LOAD_SECONDS * 1000;
  let count = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const res = (await handler(structuredClone(event))) as { statusCode?: number };
      if (res.statusCode !== 200) throw new Error(`Unexpected status ${res.statusCode}`);
      count++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return count / ((performance.now() - started) / 1000);
}

async function pipelineRatio() {
  const db = await startDynamoDbLocal(await freePort());
  try {
    const table = 'vn-edu-bench';
    const base = new DynamoDBClient({
      endpoint: db.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const client = DynamoDBDocumentClient.from(base);
    await ensureTable(base, table);
    const entities = makeAuthEntities({ client, table });
    await entities.account
      .put({
        accountId: 'bench',
        fullName: 'Nguyễn Văn Bench',
        status: 'active',
        homeOrgUnitId: 'SGD',
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z',
      })
      .go();
    await entities.roleAssignment
      .put({
        accountId: 'bench',
        assignmentId: '1',
        role: 'teacher',
        scopeOrgUnitId: 'SGD',
        grantedBy: 'bench',
        grantedAt: '2026-01-01T00:00:00Z',
      })
      .go();
    await client.send(
      new PutCommand({ TableName: table, Item: { pk: 'bench#item', sk: 'x', value: 'Xin chào' } }),
    );
    const getItem = async () =>
      (await client.send(new GetCommand({ TableName: table, Key: { pk: 'bench#item', sk: 'x' } }))).Item;

    const manifest = defineContext({
      name: 'bench',
      description: 'bench',
      routes: { item: { method: 'GET', path: '/item', permission: 'self.read', summary: 'item' } },
    });
    const { makeOrgTree, makePrincipalLoader } = await import('../../shared/auth/principal-loader.ts');
    const pipeline = makeApi(
      manifest,
      { item: async () => getItem() },
      { loadPrincipal: makePrincipalLoader(() => entities), resolveOrgUnit: makeOrgTree(() => entities) },
    );
    const context = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 10_000 } as Context;
    const bare = async () => ({ statusCode: 200, body: JSON.stringify(await getItem()) });
    const event = {
      version: '2.0',
      routeKey: 'GET /item',
      rawPath: '/item',
      rawQueryString: '',
      headers: { origin: 'http://127.0.0.1:3000' },
      requestContext: {
        requestId: 'bench',
        http: { method: 'GET', path: '/item' },
        authorizer: { jwt: { claims: { sub: 'bench' }, scopes: [] } },
      },
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;

    // Warm both paths (JIT, DynamoDB Local's JVM, the principal cache), then alternate rounds so
    // drift in the emulator's speed hits both sides alike; report the median round of each.
    const viaPipeline = (e: APIGatewayProxyEventV2) => pipeline(e, context);
    await throughput(bare, event);
    await throughput(viaPipeline, event);
    const bareRounds: number[] = [];
    const pipelineRounds: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bareRounds.push(await throughput(bare, event));
      pipelineRounds.push(await throughput(viaPipeline, event));
    }
    const bareRps = median(bareRounds);
    const pipelineRps = median(pipelineRounds);

    // The pipeline's own cost, with no I/O on either side: microseconds per request.
    const noIo = makeApi(
      manifest,
      { item: async () => ({ value: 'Xin chào' }) },
      { loadPrincipal: makePrincipalLoader(() => entities), resolveOrgUnit: makeOrgTree(() => entities) },
    );
    await noIo(structuredClone(event), context); // fills the principal cache
    const n = quick ? 20_000 : 100_000;
    let t = performance.now();
    for (let i = 0; i < n; i++) await noIo(structuredClone(event), context);
    const pipelineUs = ((performance.now() - t) * 1000) / n;
    const bareNoIo = async () => ({ statusCode: 200, body: JSON.stringify({ value: 'Xin chào' }) });
    t = performance.now();
    for (let i = 0; i < n; i++) {
      structuredClone(event);
      await bareNoIo();
    }
    const bareUs = ((performance.now() - t) * 1000) / n;
    return { bareRps, pipelineRps, pipelineUs, bareUs };
  } finally {
    await db.stop();
  }
}

const rows = await bundles();
console.log('\nPer function (minified ESM bundle, module init median of %d fresh processes)', INIT_RUNS);
console.log(`${'function'.padEnd(40)}${'bundle'.padStart(12)}${'init'.padStart(12)}`);
for (const r of rows) {
  console.log(
    `${r.id.padEnd(40)}${`${(r.bytes / 1024).toFixed(1)} KiB`.padStart(12)}${`${r.initMs.toFixed(1)} ms`.padStart(12)}`,
  );
}
const { bareRps, pipelineRps, pipelineUs, bareUs } = await pipelineRatio();
console.log(
  `\nRequest pipeline vs bare handler, same GetItem on DynamoDB Local, ${CONCURRENCY} concurrent, median of ${ROUNDS} alternating ${LOAD_SECONDS} s rounds`,
);
console.log(`  bare handler      ${bareRps.toFixed(0)} req/s`);
console.log(`  full pipeline     ${pipelineRps.toFixed(0)} req/s`);
console.log(`  ratio             ${(pipelineRps / bareRps).toFixed(2)} (pipeline / bare)`);
console.log(
  `  without I/O       pipeline ${pipelineUs.toFixed(1)} µs/request, bare ${bareUs.toFixed(1)} µs/request`,
);
await eduDataBenchmarks(quick);
// Its own process: a second local cloud in this one would meet the first one's cached SDK clients
// (shared/db/client.ts, the lazy stores), which point at emulators now stopped.
execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/bench/announcements.ts')], {
  stdio: 'inherit',
  env: { ...process.env, LOG_LEVEL: 'WARN' },
});
// Its own process: a local cloud per process (the SDK clients are made once, for one endpoint).
execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'library-search.ts')], {
  stdio: 'inherit',
  env: process.env,
});
// Its own process, for the same reason: a learner's search by any part of the name.
execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'learner-search.ts')], {
  stdio: 'inherit',
  env: { ...process.env, LOG_LEVEL: 'WARN' },
});
process.exit(0);
