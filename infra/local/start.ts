/**
 * `npm start`: the whole platform on 127.0.0.1. Options:
 *   --fresh            forget everything in .local/ first
 *   --ephemeral        keep data in memory (tests)
 *   --port N           API port (also PORT=N); other services follow from their own defaults
 *   --free-ports       pick free ports for every service (tests)
 *   --ready-json       print one JSON line with the endpoints when ready (tests)
 *   --queue-visibility N   one visibility timeout for every queue, in seconds
 *   --retry-failed-after N   a message a worker reported failed comes back after N seconds
 *                      instead of the rest of its (manifest's) visibility timeout (tests)
 *   --learners N       demo learners of the education database (default 20000; 0 for none)
 *   --titles N         demo titles of the library's union catalogue (default 3000; 0 for none)
 *   --diplomas N       demo entries of the register of diplomas (default 300; 0 for none)
 *   --record-aws-calls FILE   record each function's AWS requests there (the IAM test reads them)
 *   --chaos RATE       fault a share RATE (0…1) of the functions' calls to DynamoDB, S3 and SQS
 *   --chaos-seed N     the chaos PRNG's seed (default 17)
 *   --workers N        serve the API from N worker processes (default 1: this process)
 *   --capacity-header  answer each API request with its DynamoDB units (x-consumed-capacity)
 *   --city-wide-from N a session of N candidates or more gets provisioned concurrency scheduled
 *                      (default 2,000; tests publish small ones)
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeChaos } from './chaos.ts';
import { ROOT, startLocalCloud } from './cloud.ts';
import { DEMO_CITIZENS } from './demo-citizens.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-data.ts';
import { JAVA_MISSING } from './emulators.ts';

const { values } = parseArgs({
  options: {
    fresh: { type: 'boolean', default: false },
    ephemeral: { type: 'boolean', default: false },
    port: { type: 'string' },
    'free-ports': { type: 'boolean', default: false },
    'ready-json': { type: 'boolean', default: false },
    'queue-visibility': { type: 'string' },
    'retry-failed-after': { type: 'string' },
    learners: { type: 'string' },
    titles: { type: 'string' },
    diplomas: { type: 'string' },
    'record-aws-calls': { type: 'string' },
    chaos: { type: 'string' },
    'chaos-seed': { type: 'string' },
    workers: { type: 'string' },
    'capacity-header': { type: 'boolean', default: false },
    'city-wide-from': { type: 'string' },
  },
});

const workers = Number(values.workers ?? 1);
if (!(Number.isInteger(workers) && workers >= 1 && workers <= 64)) {
  console.error(`--workers wants a number of API processes from 1 to 64, not "${values.workers}"`);
  process.exit(1);
}

const chaosRate = values.chaos === undefined ? undefined : Number(values.chaos);
if (chaosRate !== undefined && !(chaosRate >= 0 && chaosRate <= 1)) {
  console.error(
    `--chaos wants the share of calls to fault, from 0 to 1 (0.1 is one in ten), not "${values.chaos}"`,
  );
  process.exit(1);
}

// Lambda runs Node 22+; the SDK's notice about this machine's Node 20 is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const started = Date.now();
const apiPort = Number(values.port ?? process.env.PORT ?? 3000);
const free = values['free-ports'];
const port = (name: string, fallback: number) =>
  free ? 0 : Number(process.env[`LOCAL_${name.toUpperCase()}_PORT`] ?? fallback);

let cloud: Awaited<ReturnType<typeof startLocalCloud>>;
try {
  cloud = await startLocalCloud({
    ports: {
      api: free ? 0 : apiPort,
      oidc: port('oidc', apiPort + 1),
      vneid: port('vneid', apiPort + 2),
      ses: port('ses', apiPort + 3),
      dynamodb: port('dynamodb', 8000),
      s3: port('s3', 4569),
      sqs: port('sqs', 9324),
      sfn: port('sfn', 8083),
    },
    dataDir: values.ephemeral ? undefined : join(ROOT, '.local'),
    fresh: values.fresh,
    demoLearners: Number(values.learners ?? 20_000),
    demoTitles: Number(values.titles ?? 3_000),
    demoDiplomas: Number(values.diplomas ?? 300),
    // On disk DynamoDB Local is slow to fill: be ready first, seed the learners meanwhile.
    seedInBackground: !values.ephemeral,
    apiWorkers: workers,
    capacityHeader: values['capacity-header'],
    ...(values['queue-visibility'] ? { queueVisibilitySeconds: Number(values['queue-visibility']) } : {}),
    ...(values['retry-failed-after']
      ? { retryFailedAfterSeconds: Number(values['retry-failed-after']) }
      : {}),
    ...(values['record-aws-calls'] ? { recordAwsCalls: values['record-aws-calls'] } : {}),
    ...(values['city-wide-from'] ? { cityWideCandidates: Number(values['city-wide-from']) } : {}),
    ...(chaosRate !== undefined
      ? {
          chaos: { rate: chaosRate, ...(values['chaos-seed'] ? { seed: Number(values['chaos-seed']) } : {}) },
        }
      : {}),
  });
} catch (error) {
  const message = (error as Error).message;
  console.error(message === JAVA_MISSING ? message : `The local cloud did not start: ${message}`);
  if ((error as { code?: string }).code === 'EADDRINUSE') {
    console.error('A port is taken: is another `npm start` running? Set PORT=… or LOCAL_<SERVICE>_PORT=….');
  }
  process.exit(1);
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  if (!values['ready-json']) console.log(`\n${signal}: stopping the local cloud…`);
  if (cloud.chaosFigures) console.error(describeChaos(cloud.chaosFigures()));
  await cloud.stop();
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => void shutdown(signal));

const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (values['ready-json']) {
  console.log(
    JSON.stringify({
      ready: true,
      ...cloud,
      stepFunctions: undefined,
      educationData: undefined,
      chaosFigures: undefined,
      useApiWorkers: undefined,
      stop: undefined,
    }),
  );
} else {
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`
VN Edu Cloud is running locally (ready in ${seconds} s)

  Portal and API     ${cloud.apiUrl}/   ← open this and sign in with a demo account below${workers > 1 ? `\n  API workers        ${workers} processes behind ${cloud.apiUrl}` : ''}
  API reference      ${cloud.apiUrl}/docs   (OpenAPI: ${cloud.apiUrl}/openapi.json)
  Health             ${cloud.apiUrl}/health
  OpenID provider    ${cloud.issuer}   (staff SSO; client ${cloud.portalClientId}, audience ${cloud.audience})
  VNeID (dev)        ${cloud.vneid.issuer}   (national identity; same client and audience)
  Mailbox (SES)      ${cloud.mailbox}   ← e-mails the platform sent (aws-ses-v2-local)
  SMS, OTT, push     ${cloud.messages}   (what the local providers received)
  DynamoDB Local     ${cloud.endpoints.dynamodb}
  S3 (s3rver)        ${cloud.endpoints.s3}
  SQS                ${cloud.endpoints.sqs}
  Step Functions     ${cloud.endpoints.sfn}${cloud.chaos ? `\n  Chaos              ${cloud.chaos.rate} of the functions' calls faulted (seed ${cloud.chaos.seed}); figures at ${cloud.apiUrl}/_local/chaos` : ''}
  Data               ${values.ephemeral ? 'in memory' : '.local/ (npm start -- --fresh resets it)'}
  Demo data          ${cloud.seeded?.orgUnits} org units, ${cloud.seeded?.accounts} accounts, ${cloud.seeded?.learners === undefined ? 'learners being seeded (a line below says when they are in)' : `${cloud.seeded.learners} learners`}

Demo accounts (password "${DEMO_PASSWORD}"):
${DEMO_ACCOUNTS.map((a) => `  ${pad(a.username, 18)}${pad(a.roles.map((r) => r.role).join(', '), 36)}${a.fullName}`).join('\n')}

Demo citizens of the development VNeID (pick one on its sign-in page; npm run token -- --vneid <subject>):
${DEMO_CITIZENS.map((c) => `  ${pad(c.sub, 18)}${pad(`level ${c.identityLevel}`, 10)}${pad(c.fullName, 26)}${c.note}`).join('\n')}

Try:
  curl -H "Authorization: Bearer $(npm run -s token -- teacher1)" ${cloud.apiUrl}/me
  curl -H "Authorization: Bearer $(npm run -s token -- --vneid ${DEMO_CITIZENS[0]!.sub})" ${cloud.apiUrl}/me
Scheduled workers (fire one now with npm run fire -- <id>):
${cloud.scheduled.map((s) => `  ${pad(s.id, 36)}${s.expression}`).join('\n')}

Ctrl-C stops everything.`);
  if (cloud.seeded && cloud.seeded.learners === undefined) {
    console.log('\nSeeding the demo education data (first start only; a minute or two)…');
    cloud.educationData.then(
      (done) =>
        console.log(
          `Demo education data ready: ${done.learners.toLocaleString('vi-VN')} learners with their schools, classes and staff (${done.seconds.toFixed(0)} s).`,
        ),
      () => undefined,
    );
  }
}
