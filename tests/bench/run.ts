/**
 * `npm run bench`: figures, not assertions.
 *   1. per function: minified bundle size (esbuild with the CDK stack's options, one run for all)
 *   2. per function: module init time, median over fresh Node processes
 *   3. the request pipeline against a bare handler — the least code that sends the same GetItem
 *      (one prebuilt GetItemCommand on the low-level client) and answers its item — on DynamoDB
 *      Local, both interleaved request by request in one process, as a ratio with its spread over
 *      the rounds; and the pipeline's own cost without I/O, in microseconds
 *   4. the education database's import and report (edu-data.ts), an announcement's fan-out
 *      (announcements.ts), the library's search (library-search.ts) and a learner's search by any
 *      part of the name, read units before and after (learner-search.ts)
 *   5. transcripts signed a minute by one signing worker (transcripts.ts), and the city's
 *      end-of-year results through the result-runs state machine (year-end.ts)
 *   6. the public diploma verification over a million register entries (diploma-lookup.ts), and OCR
 *      of scanned diplomas: character accuracy on Vietnamese, pages a minute per worker (ocr.ts)
 *   7. the grade-10 allocation of 30,000 candidates × 3 preferences (admissions.ts)
 * `npm run bench -- pipeline` (or bundles, edu-data, announcements, library, learners, transcripts, year-end, diplomas, ocr, admissions) runs only
 * those. BENCH_QUICK=1 runs one init per function, fewer rounds and small sizes: CI keeps every
 * figure printed and the scaffold honest in a few minutes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { build } from 'esbuild';
import { manifests } from '../../functions/manifests.ts';
import { LAMBDA_BUNDLING } from '../../infra/bundling.ts';
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
import { admissionsBenchmark } from './admissions.ts';
import { eduDataBenchmarks } from './edu-data.ts';

const quick = process.env.BENCH_QUICK === '1';
const INIT_RUNS: number = quick ? 1 : 9;
/** Pipeline vs bare: interleaved rounds, after a few warm-up rounds. */
const ROUNDS = quick ? 12 : 30;
const ROUND_MS = quick ? 500 : 1000;
const WARM_ROUNDS = 3;
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
  // One esbuild run for every function: each entry point is still bundled on its own (no code
  // splitting), as the CDK stack bundles it, but the sources are parsed once, not 50 times.
  await build({
    entryPoints: Object.fromEntries(plan.functions.map((fn) => [fn.id, join(ROOT, fn.entry)])),
    outdir: out,
    outExtension: { '.js': '.mjs' },
    ...LAMBDA_BUNDLING,
  });
  const rows: { id: string; bytes: number; initMs: number }[] = [];
  for (const fn of plan.functions) {
    const file = join(out, `${fn.id}.mjs`);
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

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo]! + (s[Math.ceil(i)]! - s[lo]!) * (i - lo);
};

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
    // One GetItem, the same request object for both sides: the low-level client, no document
    // marshalling, no middleware of ours. Only what is around it differs.
    const getItem = new GetItemCommand({
      TableName: table,
      Key: { pk: { S: 'bench#item' }, sk: { S: 'x' } },
    });
    const bare = async () => ({ statusCode: 200, body: JSON.stringify((await base.send(getItem)).Item) });

    const manifest = defineContext({
      name: 'bench',
      description: 'bench',
      routes: { item: { method: 'GET', path: '/item', permission: 'self.read', summary: 'item' } },
    });
    const { makeOrgTree, makePrincipalLoader } = await import('../../shared/auth/principal-loader.ts');
    const pipeline = makeApi(
      manifest,
      { item: async () => (await base.send(getItem)).Item },
      { loadPrincipal: makePrincipalLoader(() => entities), resolveOrgUnit: makeOrgTree(() => entities) },
    );
    const context = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 10_000 } as Context;
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

    // Both handlers run interleaved, request by request: each of the CONCURRENCY workers alternates
    // bare and pipeline, so at any moment the emulator, the JIT and the machine's other load meet
    // both alike (separate rounds of each read 0.89–1.38 here: the machine's load moved between
    // them). Each round gives the ratio of the median latencies (bare ÷ pipeline: a closed loop's
    // throughput ratio); the figure is the median round, with the spread of the rounds.
    const viaPipeline = (e: APIGatewayProxyEventV2) => pipeline(e, context);
    const round = async (ms: number) => {
      const latency = { bare: [] as number[], pipeline: [] as number[] };
      const deadline = performance.now() + ms;
      const worker = async (w: number) => {
        for (let i = w; performance.now() < deadline; i++) {
          const kind = i % 2 ? 'pipeline' : 'bare';
          // Each gets a fresh event, as Lambda hands one; the copy is made outside the timing.
          const e = structuredClone(event);
          const started = performance.now();
          const res = (await (kind === 'bare' ? bare() : viaPipeline(e))) as { statusCode?: number };
          latency[kind].push(performance.now() - started);
          if (res.statusCode !== 200) throw new Error(`Unexpected status ${res.statusCode}`);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
      return latency;
    };
    for (let i = 0; i < WARM_ROUNDS; i++) await round(ROUND_MS);
    const ratios: number[] = [];
    const bareMs: number[] = [];
    const pipelineMs: number[] = [];
    let requests = 0;
    const started = performance.now();
    for (let r = 0; r < ROUNDS; r++) {
      const latency = await round(ROUND_MS);
      const b = median(latency.bare);
      const p = median(latency.pipeline);
      bareMs.push(b);
      pipelineMs.push(p);
      ratios.push(b / p);
      requests += latency.bare.length + latency.pipeline.length;
    }
    const rps = requests / ((performance.now() - started) / 1000);

    // The pipeline's own cost, with no I/O on either side: microseconds per request, alternating
    // blocks too.
    const noIo = makeApi(
      manifest,
      { item: async () => ({ value: 'Xin chào' }) },
      { loadPrincipal: makePrincipalLoader(() => entities), resolveOrgUnit: makeOrgTree(() => entities) },
    );
    const bareNoIo = async () => ({ statusCode: 200, body: JSON.stringify({ value: 'Xin chào' }) });
    await noIo(structuredClone(event), context); // fills the principal cache
    const n = quick ? 5_000 : 20_000;
    const timeUs = async (f: (e: APIGatewayProxyEventV2) => Promise<unknown>) => {
      const t = performance.now();
      for (let i = 0; i < n; i++) await f(structuredClone(event));
      return ((performance.now() - t) * 1000) / n;
    };
    const pipelineUs: number[] = [];
    const bareUs: number[] = [];
    for (let block = 0; block < 5; block++) {
      pipelineUs.push(await timeUs((e) => noIo(e, context)));
      bareUs.push(await timeUs(bareNoIo));
    }
    return {
      rps,
      bareMs: median(bareMs),
      pipelineMs: median(pipelineMs),
      ratios,
      pipelineUs: median(pipelineUs),
      bareUs: median(bareUs),
    };
  } finally {
    await db.stop();
  }
}

// `npm run bench -- pipeline` (or bundles, edu-data, announcements, library, learners, transcripts, year-end, diplomas, ocr, admissions) runs only
// those parts; no argument runs them all.
const only = new Set(process.argv.slice(2));
const wanted = (part: string) => only.size === 0 || only.has(part);

if (wanted('bundles')) {
  const rows = await bundles();
  console.log(
    `\nPer function (minified ESM bundle, module init ${INIT_RUNS === 1 ? 'of one fresh process' : `median of ${INIT_RUNS} fresh processes`})`,
  );
  console.log(`${'function'.padEnd(40)}${'bundle'.padStart(12)}${'init'.padStart(12)}`);
  for (const r of rows) {
    console.log(
      `${r.id.padEnd(40)}${`${(r.bytes / 1024).toFixed(1)} KiB`.padStart(12)}${`${r.initMs.toFixed(1)} ms`.padStart(12)}`,
    );
  }
}
if (wanted('pipeline')) {
  const { rps, bareMs, pipelineMs, ratios, pipelineUs, bareUs } = await pipelineRatio();
  console.log(
    `\nRequest pipeline vs bare handler, the same GetItem on DynamoDB Local, ${CONCURRENCY} concurrent, interleaved request by request, ${ROUNDS} rounds of ${ROUND_MS} ms (${rps.toFixed(0)} req/s in all)`,
  );
  console.log(`  bare handler      ${bareMs.toFixed(2)} ms median latency (median round)`);
  console.log(`  full pipeline     ${pipelineMs.toFixed(2)} ms median latency (median round)`);
  console.log(
    `  ratio             ${median(ratios).toFixed(3)} (pipeline throughput ÷ bare = bare latency ÷ pipeline, median round); spread of the rounds: quartiles ${quantile(ratios, 0.25).toFixed(3)}–${quantile(ratios, 0.75).toFixed(3)}, min–max ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}`,
  );
  console.log(
    `  without I/O       pipeline ${pipelineUs.toFixed(1)} µs/request, bare ${bareUs.toFixed(1)} µs/request (median of 5 alternating blocks)`,
  );
}
if (wanted('edu-data')) await eduDataBenchmarks(quick);
// The grade-10 allocation: pure CPU, no local cloud.
if (wanted('admissions')) admissionsBenchmark(quick);
// Each in its own process: a second local cloud in this one would meet the first one's cached SDK
// clients (shared/db/client.ts, the lazy stores), which point at emulators now stopped.
const own = (file: string, env: NodeJS.ProcessEnv) =>
  execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, file)], {
    stdio: 'inherit',
    env,
  });
if (wanted('announcements')) own('announcements.ts', { ...process.env, LOG_LEVEL: 'WARN' });
if (wanted('library')) own('library-search.ts', process.env);
// A learner's search by any part of the name.
if (wanted('learners')) own('learner-search.ts', { ...process.env, LOG_LEVEL: 'WARN' });
// Transcripts signed a minute by one signing worker (render, three PAdES signatures, the XML's CAdES).
if (wanted('transcripts')) own('transcripts.ts', process.env);
// The end-of-year results of the city through the result-runs state machine.
if (wanted('year-end')) own('year-end.ts', { ...process.env, LOG_LEVEL: 'WARN' });
// The public diploma verification over the register.
if (wanted('diplomas')) own('diploma-lookup.ts', { ...process.env, LOG_LEVEL: 'WARN' });
// OCR of scanned diplomas: accuracy on Vietnamese and pages a minute per worker.
if (wanted('ocr')) own('ocr.ts', process.env);
process.exit(0);
