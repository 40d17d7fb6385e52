/**
 * The local cloud: every emulator, the resources the manifests need, the dev identity provider,
 * the API, the queue pollers and the scheduler, in one process (plus DynamoDB Local's JVM).
 * `npm start` and the test setup both start it through startLocalCloud().
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { makeAdmissionEntities } from '../../functions/admissions/entities.ts';
import { RESULTS_PREFIX } from '../../functions/admissions/messages.ts';
import type { PopulationAnswer } from '../../functions/admissions/population.ts';
import { safeEntryPath } from '../../functions/courses/domain/packages.ts';
import { makeCourseEntities } from '../../functions/courses/entities.ts';
import { PACKAGE_FILES_PREFIX, PACKAGE_PATH } from '../../functions/courses/messages.ts';
import { makeDiplomaEntities } from '../../functions/diplomas/entities.ts';
import { closeOcr } from '../../functions/diplomas/ocr.ts';
import { makeEduEntities } from '../../functions/edu-data/entities.ts';
import { makeExamEntities } from '../../functions/exams/entities.ts';
import { SCALABLE_DIMENSION } from '../../functions/exams/exam-capacity.ts';
import { makeLibraryEntities } from '../../functions/library/entities.ts';
import { manifests } from '../../functions/manifests.ts';
import { makePreferenceEntities } from '../../functions/notifications/preferences.ts';
import { makeRecordEntities } from '../../functions/records/entities.ts';
import { makeRepositoryEntities } from '../../functions/repository/entities.ts';
import { makeAuthEntities } from '../../shared/auth/store.ts';
import { resetConfig } from '../../shared/config.ts';
import { credentialsKeyAlias } from '../../shared/credentials/kms-signer.ts';
import { completeBatchCalls } from '../../shared/db/batch.ts';
import { documentClient } from '../../shared/db/client.ts';
import type { CapacityRecord } from '../../shared/db/consumed-capacity.ts';
import { workerId } from '../../shared/manifest.ts';
import { observeClient } from '../../shared/observability/aws-calls.ts';
import { signingBackend } from '../../shared/signing/index.ts';
import { signingCaAlias } from '../../shared/signing/kms.ts';
import { BUCKETS } from '../../shared/storage/buckets.ts';
import { MEDIA_PATH_PREFIX } from '../../shared/storage/media-links.ts';
import { packageContentSecurityPolicy, portalContentSecurityPolicy } from '../csp.ts';
import { planPlatform } from '../plan.ts';
import { compileRoutes, makeApiGateway } from './api-gateway.ts';
import { type ApiWorkers, startApiWorkers } from './api-workers.ts';
import { recordAwsCalls } from './call-recorder.ts';
import { forwardObject, isSignedRequest, servePublishedResult, serveSignedMedia } from './cdn.ts';
import { type Chaos, type ChaosFigures, startChaos } from './chaos.ts';
import { seedDemoAdmissions } from './demo-admissions.ts';
import { DEMO_CITIZENS, type DemoCitizen } from './demo-citizens.ts';
import { seedDemoClassroom } from './demo-classroom.ts';
import { seedDemoCourseTest } from './demo-course-test.ts';
import { seedDemoCourses, seedDemoPackages } from './demo-courses.ts';
import { seedDemoData } from './demo-data.ts';
import { seedDemoDiplomas } from './demo-diplomas.ts';
import { seedDemoEduData } from './demo-edu-data.ts';
import { seedDemoExams } from './demo-exams.ts';
import { seedDemoLibrary } from './demo-library.ts';
import { seedDemoLinks, seedDemoPreferences } from './demo-links.ts';
import { seedDemoRecords } from './demo-records.ts';
import { seedDemoCurriculum, seedDemoLecture, seedDemoResources } from './demo-repository.ts';
import { answerTimestampRequest } from './dev-tsa.ts';
import {
  type DynamoDbLocal,
  freePort,
  LOCAL_ACCOUNT,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type S3Local,
  type SqsLocal,
  startDynamoDbLocal,
  startS3,
  startSqs,
} from './emulators.ts';
import { makeInvoker } from './invoker.ts';
import { localKms } from './kms.ts';
import { makeNotifySinks, startSes, vapidKeys } from './notify-sinks.ts';
import { API_AUDIENCE, type DevOidc, PORTAL_CLIENT_ID, startDevOidc } from './oidc.ts';
import { ensureQueues, ensureTable } from './provision.ts';
import { EXAM_API_LOCAL_RESOURCE, localScaling } from './scaling.ts';
import { type StepFunctionsLocal, startStepFunctions, stateMachineArnOf } from './step-functions.ts';
import { type DevVneid, startDevVneid, VNEID_SCOPE } from './vneid.ts';
import { startQueuePollers, startScheduler, type WorkerLog } from './workers.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface LocalCloudOptions {
  /** Ports; 0 picks a free one. */
  ports?: Partial<Record<'api' | 'oidc' | 'vneid' | 'dynamodb' | 's3' | 'sqs' | 'sfn' | 'ses', number>>;
  /** Where data persists; undefined keeps everything in memory and temporary folders. */
  dataDir?: string;
  fresh?: boolean;
  seed?: boolean;
  /** Demo learners of the education database, seeded once per data folder. */
  demoLearners?: number;
  /** Demo titles of the union catalogue (default 3,000), seeded in the background. */
  demoTitles?: number;
  /** Demo entries of the register of diplomas (default 300), seeded in the background. */
  demoDiplomas?: number;
  /**
   * Seed the education data after the cloud is up (`npm start` on a data folder, where DynamoDB
   * Local writes to disk slowly); `educationData` in the info resolves when it is there.
   */
  seedInBackground?: boolean;
  log?: WorkerLog;
  /** One visibility timeout (seconds) for every queue instead of the manifests' (not used by tests). */
  queueVisibilitySeconds?: number;
  /**
   * Tests: a message that a worker reported failed (the invocation finished) comes back after
   * this many seconds instead of the rest of its visibility timeout. Messages in flight keep the
   * manifest's timeout: a slow or killed worker's messages are not redelivered early.
   */
  retryFailedAfterSeconds?: number;
  /** Record each function's AWS requests (action, resource) to this JSON-lines file, for the IAM test. */
  recordAwsCalls?: string;
  /** Sessions of this many candidates or more get provisioned concurrency scheduled (default 2,000). */
  cityWideCandidates?: number;
  /** Faults a share `rate` (0…1) of the functions' calls to DynamoDB, S3 and SQS (chaos.ts). */
  chaos?: { rate: number; seed?: number };
  /**
   * Run the API in this many worker processes (api-workers.ts); 1 (the default) serves it in
   * this process. Workers' calls are not recorded (`recordAwsCalls`) and are not faulted by chaos.
   */
  apiWorkers?: number;
  /**
   * Answer every API request with the DynamoDB units it consumed (`x-consumed-capacity`), for
   * the exam load test; `onCapacity` hears every invocation of this process (workers, and the API
   * when it runs here). See docs/capacity.md.
   */
  capacityHeader?: boolean;
  /** Citizens the development VNeID knows besides the demo's (the admissions load test's guardians). */
  citizens?: readonly DemoCitizen[];
  onCapacity?: (functionId: string, record: CapacityRecord) => void;
}

export interface LocalCloudInfo {
  apiUrl: string;
  issuer: string;
  audience: string;
  portalClientId: string;
  /** The development VNeID (national identity): a second issuer, same audience and client id. */
  vneid: { issuer: string; scope: string };
  endpoints: Record<'dynamodb' | 's3' | 'sqs' | 'sfn' | 'kms' | 'ses', string>;
  /** Where notifications land: SES's mailbox view, and the SMS/OTT/push sinks' list. */
  mailbox: string;
  messages: string;
  /** The environment handlers run with: resource names and emulator endpoints. */
  env: Record<string, string>;
  scheduled: { id: string; expression: string }[];
  /** `learners` is undefined while the education data is still being seeded in the background. */
  seeded?: { orgUnits: number; accounts: number; learners?: number };
  /** With --chaos: the proxies the functions call instead of the emulators (`endpoints`). */
  chaos?: { rate: number; seed: number; endpoints: Record<'dynamodb' | 's3' | 'sqs', string> };
}

export interface LocalCloud extends LocalCloudInfo {
  /** Resolves when the demo education data is in place (at once unless seeded in the background). */
  educationData: Promise<{ learners: number; seconds: number; skipped: boolean; names?: Promise<void> }>;
  stepFunctions: StepFunctionsLocal;
  /** With --chaos: what the proxies did so far (also at GET /_local/chaos). */
  chaosFigures?: () => ChaosFigures;
  /** With apiWorkers > 1: send API requests to the first `n` workers only (a throughput probe). */
  useApiWorkers?: (n: number) => void;
  stop(): Promise<void>;
}

const defaultPorts = {
  api: 3000,
  oidc: 3001,
  vneid: 3002,
  ses: 3003,
  dynamodb: 8000,
  s3: 4569,
  sqs: 9324,
  sfn: 8083,
};

const consoleLog: WorkerLog = {
  info: (message) => console.log(`[local] ${message}`),
  error: (message, detail) => console.error(`[local] ${message}`, detail ?? ''),
};

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const log = options.log ?? consoleLog;
  const plan = planPlatform(manifests);
  const apiWorkerCount = options.apiWorkers ?? 1;
  if (apiWorkerCount > 1 && (options.recordAwsCalls || options.chaos))
    throw new Error('API workers run apart: record AWS calls and chaos with one process (no --workers)');
  const ports = { ...defaultPorts, ...options.ports };
  for (const key of Object.keys(ports) as (keyof typeof ports)[]) {
    if (ports[key] === 0) ports[key] = await freePort();
  }
  const dataDir = options.dataDir;
  if (dataDir && options.fresh) rmSync(dataDir, { recursive: true, force: true });
  const s3Dir = dataDir ? join(dataDir, 's3') : mkdtempSync(join(tmpdir(), 'vn-edu-s3-'));
  const signingDir = dataDir ? join(dataDir, 'signing') : mkdtempSync(join(tmpdir(), 'vn-edu-signing-'));
  // The ministry's transcript store's local sink: signed transcripts by personal ID.
  const ministryDir = dataDir
    ? join(dataDir, 'ministry-transcripts')
    : mkdtempSync(join(tmpdir(), 'vn-edu-ministry-'));

  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    if (!dataDir) {
      rmSync(s3Dir, { recursive: true, force: true });
      rmSync(signingDir, { recursive: true, force: true });
      rmSync(ministryDir, { recursive: true, force: true });
    }
  };

  try {
    const prefix = 'vn-edu-local-';
    const bucketNames = Object.fromEntries(Object.keys(BUCKETS).map((b) => [b, `${prefix}${b}`]));
    const [dynamo, s3, sqsLocal] = await Promise.all([
      startDynamoDbLocal(ports.dynamodb, dataDir ? join(dataDir, 'dynamodb') : undefined).then(
        (d: DynamoDbLocal) => {
          stops.push(d.stop);
          return d;
        },
      ),
      startS3(ports.s3, s3Dir, Object.values(bucketNames)).then((s: S3Local) => {
        stops.push(s.stop);
        return s;
      }),
      startSqs(ports.sqs).then((q: SqsLocal) => {
        stops.push(q.stop);
        return q;
      }),
    ]);
    const ses = await startSes(ports.ses);
    stops.push(ses.stop);
    const sinks = makeNotifySinks();
    const vapid = vapidKeys(dataDir ? join(dataDir, 'vapid.json') : undefined);
    // The media links' key pair, as the stack makes one at deploy (infra/constructs/media-keys.ts):
    // the functions sign with the private key, the local /resources/ behaviour trusts the public one.
    const media = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const mediaTrustedKeys = new Map([[LOCAL_MEDIA_KEY_ID, media.publicKey]]);

    const apiUrl = `http://127.0.0.1:${ports.api}`;
    const oidc: DevOidc = await startDevOidc({
      port: ports.oidc,
      redirectUris: [`${apiUrl}/`, `${apiUrl}/auth/callback`, 'http://127.0.0.1:5173/auth/callback'],
      keyFile: dataDir ? join(dataDir, 'oidc-jwks.json') : undefined,
    });
    stops.push(oidc.stop);
    const vneid: DevVneid = await startDevVneid({
      port: ports.vneid,
      redirectUris: [`${apiUrl}/`, `${apiUrl}/auth/callback`, 'http://127.0.0.1:5173/auth/callback'],
      keyFile: dataDir ? join(dataDir, 'vneid-jwks.json') : undefined,
      ...(options.citizens ? { citizens: [...DEMO_CITIZENS, ...options.citizens] } : {}),
    });
    stops.push(vneid.stop);

    const clientConfig = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
    const dynamoClient = new DynamoDBClient({ ...clientConfig, endpoint: dynamo.endpoint });
    // Observed: the queue pollers use it as Lambda's event source mappings use a worker's role.
    const sqs = observeClient(new SQSClient({ ...clientConfig, endpoint: sqsLocal.endpoint }));
    const tableName = `${prefix}table`;
    await ensureTable(dynamoClient, tableName);
    const queueUrls = await ensureQueues(sqs, plan, prefix, options.queueVisibilitySeconds);

    // Chaos: the functions call proxies that fault a share of their calls. Queue URLs name their
    // host, and the SQS client sends to that host, so the functions get URLs on the proxy.
    let chaos: Chaos | undefined;
    if (options.chaos) {
      chaos = await startChaos(
        { dynamodb: dynamo.endpoint, s3: s3.endpoint, sqs: sqsLocal.endpoint },
        options.chaos,
      );
      stops.push(chaos.stop);
    }
    const functionEndpoints = chaos?.endpoints ?? {
      dynamodb: dynamo.endpoint,
      s3: s3.endpoint,
      sqs: sqsLocal.endpoint,
    };
    const functionQueueUrls = Object.fromEntries(
      Object.entries(queueUrls).map(([name, url]) => [
        name,
        url.replace(sqsLocal.endpoint, functionEndpoints.sqs),
      ]),
    );

    const sfnEndpoint = `http://127.0.0.1:${ports.sfn}`;
    const kms = localKms(join(signingDir, 'kms'));
    const scaling = localScaling(
      options.dataDir ? join(options.dataDir, 'application-autoscaling.json') : undefined,
    );
    // The stack registers the exams API's alias as a scalable target at deploy; here, at start.
    scaling.operations.RegisterScalableTarget!({
      ServiceNamespace: 'lambda',
      ResourceId: EXAM_API_LOCAL_RESOURCE,
      ScalableDimension: SCALABLE_DIMENSION,
      MinCapacity: 0,
      MaxCapacity: 10_000,
    });
    kms.ensureSigningKey(signingCaAlias('local'));
    kms.ensureSigningKey(credentialsKeyAlias('local'), 'ECC_NIST_EDWARDS25519', 'Credentials issuer');
    const env: Record<string, string> = {
      STAGE: 'local',
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: functionEndpoints.dynamodb,
      AWS_ENDPOINT_URL_S3: functionEndpoints.s3,
      AWS_ENDPOINT_URL_SQS: functionEndpoints.sqs,
      AWS_ENDPOINT_URL_SFN: sfnEndpoint,
      // Lambda runs Node 22+; this machine's Node 20 is fine for the SDK until 2027.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      TABLE_NAME: tableName,
      ...Object.fromEntries(Object.entries(BUCKETS).map(([b, def]) => [def.env, bucketNames[b]!])),
      QUEUE_URLS: JSON.stringify(functionQueueUrls),
      EVENT_SUBSCRIBERS: JSON.stringify(plan.eventSubscribers),
      STATE_MACHINE_ARNS: JSON.stringify(
        Object.fromEntries(plan.stateMachines.map((sm) => [sm.name, stateMachineArnOf(sm.name)])),
      ),
      ALLOWED_ORIGINS: '*',
      ROOT_ORG_UNIT_ID: 'SGD',
      // Tokens of this issuer are national-identity sign-ins (shared/auth/sign-in.ts).
      VNEID_ISSUER: vneid.issuer,
      // Signatures: the KMS backend, as on AWS, against the local KMS stand-in below (its keys
      // beside the data, or in a temp folder); the CA key is made here as the stack makes it.
      SIGNING_BACKEND: 'kms',
      SIGNING_CA_KEY_ID: signingCaAlias('local'),
      // Digital diplomas: the issuer's Ed25519 key, made here as the stack makes it.
      CREDENTIALS_KEY_ID: credentialsKeyAlias('local'),
      // Fees of public services (a copy from the diploma register): the stand-in takes every payment.
      PAYMENT_GATEWAY: 'local',
      POPULATION_REGISTRY: 'local',
      AWS_ENDPOINT_URL_KMS: `${apiUrl}/_local/kms`,
      // Provisioned concurrency scheduled around city-wide exams (functions/exams/exam-capacity.ts):
      // the Application Auto Scaling stand-in below records it against the exams API's "alias".
      AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING: `${apiUrl}/_local/application-autoscaling`,
      EXAM_CAPACITY_RESOURCE_ID: EXAM_API_LOCAL_RESOURCE,
      ...(options.cityWideCandidates
        ? { EXAM_CITY_WIDE_CANDIDATES: String(options.cityWideCandidates) }
        : {}),
      PUBLIC_PORTAL_URL: apiUrl,
      // OAI-PMH answers name their base URL: the portal's /api prefix locally.
      OAI_BASE_URL: `${apiUrl}/api/oai`,
      // PAdES B-T: signatures are timestamped by the development TSA below.
      TSA_URL: `${apiUrl}/_local/tsa`,
      // Signed transcripts go to the ministry's store: locally a folder (functions/gradebook/ministry-export.ts).
      MINISTRY_TRANSCRIPT_DIR: ministryDir,
      // Notification channels (functions/notifications/channels.ts): e-mail through the local SES,
      // SMS and OTT through the sinks below, Web Push signed with this data folder's VAPID keys.
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
      NOTIFY_FROM_EMAIL: 'thongbao@sgd.edu.local',
      SMS_PROVIDER_URL: `${apiUrl}/_local/sms`,
      OTT_PROVIDER_URL: `${apiUrl}/_local/ott`,
      VAPID_PUBLIC_KEY: vapid.publicKey,
      NOTIFY_SECRETS: JSON.stringify({ vapidPrivateKey: vapid.privateKey }),
      // Videos through the portal's CloudFront behaviour (shared/storage/media-links.ts).
      MEDIA_KEY_PAIR_ID: LOCAL_MEDIA_KEY_ID,
      MEDIA_SIGNING_KEY: media.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
      // Units per invocation go to the local cloud's listener (consumed-capacity.ts), not to EMF.
      POWERTOOLS_METRICS_DISABLED: 'true',
    };
    Object.assign(process.env, env);
    resetConfig();
    if (options.recordAwsCalls) {
      const queueOfUrl = new Map(Object.entries(queueUrls).map(([name, url]) => [url, name]));
      const recorder = recordAwsCalls(
        options.recordAwsCalls,
        {
          region: LOCAL_REGION,
          account: LOCAL_ACCOUNT,
          queueOfUrl: (url) => queueOfUrl.get(url),
          kmsKey: (id) => kms.describe(id),
        },
        {
          region: LOCAL_REGION,
          account: LOCAL_ACCOUNT,
          table: tableName,
          buckets: bucketNames,
          queues: Object.fromEntries(plan.queues.map((q) => [q.name, q.name])),
          stateMachines: Object.fromEntries(
            plan.stateMachines.map((sm) => [sm.name, stateMachineArnOf(sm.name)]),
          ),
          signingCaKey: kms.describe(signingCaAlias('local'))!.arn,
          credentialsKey: kms.describe(credentialsKeyAlias('local'))!.arn,
        },
      );
      stops.push(async () => recorder.stop());
    }

    const invoker = makeInvoker(plan, ROOT, options.onCapacity ? { onCapacity: options.onCapacity } : {});
    // The OCR worker keeps its engine's thread between pages: stopped with the cloud, or the process would not exit.
    stops.push(closeOcr);
    const stepFunctions = await startStepFunctions(ports.sfn, plan.stateMachines, invoker.invoke, log.error);
    stops.push(stepFunctions.stop);

    // The demo data is the city's, not a function's: under chaos it is written past the proxy.
    const deps = {
      client: chaos
        ? DynamoDBDocumentClient.from(
            completeBatchCalls(new DynamoDBClient({ ...clientConfig, endpoint: dynamo.endpoint })),
            {
              marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
            },
          )
        : documentClient(),
      table: tableName,
    };
    const identitySeed = options.seed === false ? undefined : await seedDemoData(makeAuthEntities(deps));
    // The curriculum's lessons are reference data (resources map to them): written before anything runs.
    const repositoryStore = makeRepositoryEntities(deps);
    const repositoryEntitiesOf = () => repositoryStore;
    if (options.seed !== false) await seedDemoCurriculum(repositoryEntitiesOf);
    // Published resources (catalogued beside the titles, harvestable, counted in coverage) need only
    // the curriculum: written in the background at once, not after the slower seeds before them.
    if (options.seed !== false)
      Promise.all([seedDemoResources(repositoryEntitiesOf), seedDemoLecture(repositoryEntitiesOf)]).catch(
        (error: unknown) => {
          if (!stopping) log.error('Seeding the demo resources failed', error);
        },
      );
    // The professional development catalogue: a dozen published modules, nothing waits for them.
    const courseStore = makeCourseEntities(deps);
    // The exams' entities, made once (see below); the STEM module's test is an exam session.
    const examStore = makeExamEntities(deps);
    if (options.seed !== false)
      Promise.all([
        seedDemoCourses(
          () => courseStore,
          new Date(),
          (window) => seedDemoCourseTest(() => examStore, window),
        ),
        seedDemoPackages(() => courseStore),
      ]).catch((error: unknown) => {
        if (!stopping) log.error('Seeding the demo course catalogue failed', error);
      });
    const educationData =
      options.seed === false
        ? Promise.resolve({ learners: 0, seconds: 0, skipped: true, names: Promise.resolve() })
        : seedDemoEduData(makeEduEntities(deps), options.demoLearners ?? 0);
    // The exams' demo (a bank, a graded mid-term, a practice exam) is written in the background:
    // nothing waits for it, and no test depends on it. One set of entities each, made once: ElectroDB
    // validates every model when an entity is made (~50 ms for the exams' set), and a factory that
    // made them on every call kept both cores busy for a minute after start (first exam requests
    // of a fresh cloud then met the API's 10 s timeout).
    const recordStore = makeRecordEntities(deps);
    const examsData =
      options.seed === false
        ? Promise.resolve({ questions: 0, seconds: 0, skipped: true })
        : seedDemoExams(() => examStore, makeAuthEntities(deps));
    const recordsData =
      options.seed === false
        ? Promise.resolve({ records: 0, skipped: true })
        : examsData.then(() => seedDemoRecords(() => recordStore));
    // Accounts linked to the demo learners (12A1, parent1's two children), once they exist; then
    // teacher1's class course for 12A1.
    if (options.seed !== false)
      educationData
        .then(() => seedDemoLinks(makeAuthEntities(deps), makeEduEntities(deps)))
        .then(() => seedDemoPreferences(makePreferenceEntities(deps)))
        .then(() => seedDemoClassroom(courseStore, makeEduEntities(deps), repositoryStore))
        // Admissions: next year's campaigns and the guardian's children in the population stand-in.
        .then(() => seedDemoAdmissions(deps, makeEduEntities(deps)))
        // The BDTX dashboards' figures of `npm start`'s demo, as the nightly recount would leave
        // them (tests fire the recount themselves: a thousand schools' recount is not free).
        .then(() =>
          options.dataDir
            ? invoker.invoke(workerId('courses', 'tally-all-bdtx'), { time: new Date().toISOString() })
            : undefined,
        )
        .catch((error: unknown) => {
          if (!stopping)
            log.error('Seeding the demo account links, class course or dashboard figures failed', error);
        });
    recordsData.catch((error: unknown) => {
      if (!stopping) log.error('Seeding the demo professional records failed', error);
    });
    // The union catalogue's demo titles, after the others (bulk writes, nothing waits for them).
    if (options.seed !== false && (options.demoTitles ?? 3_000) > 0)
      recordsData
        .catch(() => undefined)
        .then(() => seedDemoLibrary(makeLibraryEntities(deps), options.demoTitles ?? 3_000))
        .then(
          (done) => {
            if (!done.skipped)
              log.info(`Demo library ready: ${done.titles} titles (${done.seconds.toFixed(1)} s)`);
          },
          (error: unknown) => {
            if (!stopping) log.error('Seeding the demo library failed', error);
          },
        );
    // The register of diplomas' demo entries (through the register: its guards and counters).
    if (options.seed !== false && (options.demoDiplomas ?? 300) > 0)
      seedDemoDiplomas(() => makeDiplomaEntities(deps), options.demoDiplomas ?? 300).then(
        (done) => {
          if (!done.skipped)
            log.info(`Demo diploma register ready: ${done.entries} entries (${done.seconds.toFixed(1)} s)`);
        },
        (error: unknown) => {
          if (!stopping) log.error('Seeding the demo diploma register failed', error);
        },
      );
    examsData.then(
      (done) => {
        if (!done.skipped) log.info(`Demo exams ready (${done.seconds.toFixed(1)} s)`);
      },
      (error: unknown) => {
        if (!stopping) log.error('Seeding the demo exams failed', error);
      },
    );
    // A failure after Ctrl-C (the emulators are gone) is not news; the next start resumes.
    educationData.catch((error: unknown) => {
      if (!stopping) log.error('Seeding the demo education data failed', error);
    });
    // In the background, a data folder already seeded still answers at once (one GetItem).
    const educationSeed = options.seedInBackground
      ? await Promise.race([educationData, sleep(2_000, undefined, { ref: false })])
      : await educationData;
    const seeded = identitySeed
      ? { ...identitySeed, ...(educationSeed ? { learners: educationSeed.learners } : {}) }
      : undefined;

    // Faults begin once the identity and education data are in (the demo exams, records and
    // titles written in the background may meet a few, which the SDK retries).
    chaos?.arm();
    forwardObjectEvents(s3, plan, bucketNames, sqs, queueUrls, log);
    const pollers = startQueuePollers(plan, sqs, queueUrls, invoker, log, options.retryFailedAfterSeconds);
    stops.push(pollers.stop);
    const scheduler = startScheduler(plan, invoker, log);
    stops.push(async () => scheduler.stop());
    // A data folder from before names were filed by word gets its records filed now, in the
    // background (the demo seed files its own, and marks it done: then this is one read).
    if (options.seed !== false)
      educationData
        .then((seeded) => seeded.names)
        .then(() => invoker.invoke('edu-data-file-all-names', { time: new Date().toISOString() }))
        .catch((error: unknown) => {
          if (!stopping) log.error('Filing the names by word failed', error);
        });

    const issuers = {
      staff: { issuer: oidc.issuer, audience: API_AUDIENCE },
      vneid: { issuer: vneid.issuer, audience: API_AUDIENCE },
    };
    const gateway = makeApiGateway({
      plan,
      invoker,
      issuers,
      capacityHeader: options.capacityHeader ?? false,
    });
    let apiWorkers: ApiWorkers | undefined;
    if (apiWorkerCount > 1) {
      apiWorkers = await startApiWorkers(apiWorkerCount, env, {
        issuers,
        capacityHeader: options.capacityHeader ?? false,
      });
      stops.push(apiWorkers.stop);
    }
    const apiRoutes = compileRoutes(plan);
    const isApiPath = (path: string) => apiRoutes.some((r) => r.pattern.test(decodeURIComponent(path)));
    const info: LocalCloudInfo = {
      apiUrl,
      issuer: oidc.issuer,
      audience: API_AUDIENCE,
      portalClientId: PORTAL_CLIENT_ID,
      vneid: { issuer: vneid.issuer, scope: VNEID_SCOPE },
      endpoints: {
        dynamodb: dynamo.endpoint,
        s3: s3.endpoint,
        sqs: sqsLocal.endpoint,
        sfn: sfnEndpoint,
        kms: env.AWS_ENDPOINT_URL_KMS!,
        ses: ses.endpoint,
      },
      mailbox: `${ses.endpoint}/`,
      messages: `${apiUrl}/_local/messages`,
      env,
      scheduled: scheduler.scheduled,
      ...(seeded ? { seeded } : {}),
      ...(chaos
        ? { chaos: { rate: options.chaos!.rate, seed: chaos.figures().seed, endpoints: chaos.endpoints } }
        : {}),
    };
    const server: Server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', apiUrl);
      void (async () => {
        try {
          if (url.pathname === '/_local/tsa' && req.method === 'POST')
            return await timestampAuthority(req, res);
          if (url.pathname.startsWith('/_local/kms') && req.method === 'POST')
            return await kms.handle(req, res);
          // The SDK client posts to its endpoint's path with a trailing slash.
          if (/^\/_local\/application-autoscaling\/?$/.test(url.pathname) && req.method === 'POST')
            return await scaling.handle(req, res);
          if (await sinks.handle(req, res, url)) return;
          if (url.pathname.startsWith('/_local/'))
            return await localControl(req.method ?? 'GET', url, res, req);
          if (url.pathname === '/config.json') return portalConfig(res);
          // CloudFront's behaviour onto the materials bucket's packages (infra/constructs/portal.ts).
          if (url.pathname.startsWith(PACKAGE_PATH) && (req.method === 'GET' || req.method === 'HEAD'))
            return await servePackageFile(req, res, url, `${info.endpoints.s3}/${bucketNames.materials}`);
          // CloudFront's behaviour onto the published admission results (infra/constructs/portal.ts).
          if (
            url.pathname.startsWith(`/${RESULTS_PREFIX}`) &&
            (req.method === 'GET' || req.method === 'HEAD')
          )
            return await servePublishedResult(req, res, `${info.endpoints.s3}/${bucketNames.materials}`);
          // CloudFront's signed behaviour onto the materials' published files. Locally the API
          // answers at the root too, and its /resources/{id} routes share the prefix: a signed
          // request, or one for a path no route has, is the CDN's.
          if (
            // The raw path, as CloudFront matches a behaviour's pattern (dots not resolved yet).
            (req.url ?? '').startsWith(MEDIA_PATH_PREFIX) &&
            (isSignedRequest(url) || !isApiPath(url.pathname)) &&
            (req.method === 'GET' || req.method === 'HEAD')
          )
            return await serveSignedMedia(req, res, {
              bucketUrl: `${info.endpoints.s3}/${bucketNames.materials}`,
              trustedKeys: mediaTrustedKeys,
            });
          // A browser navigating to a portal route (/me, /org-units/…) gets the portal, as it
          // would from CloudFront; API calls and tools (curl, npm run token) get the API.
          if (isPortalNavigation(req, url)) return serveStatic(url, res, info);
          // CloudFront sends /api/* to the API with the prefix stripped; the root paths work too.
          const apiUrlPath = url.pathname.startsWith('/api/')
            ? new URL(url.pathname.slice(4) + url.search, apiUrl)
            : url;
          if (apiWorkers && isApiPath(apiUrlPath.pathname))
            return await apiWorkers.forward(req, res, apiUrlPath.pathname + apiUrlPath.search);
          if (await gateway(req, res, apiUrlPath)) return;
          serveStatic(url, res, info);
        } catch (error) {
          // The browser went away mid-request (a navigation): nobody is waiting for an answer.
          if (req.destroyed || (error as Error).message === 'aborted') return;
          log.error('Local API failed', error);
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: 'Internal Server Error' }));
        }
      })();
    });

    /** The development timestamp authority (RFC 3161 over HTTP, as a real TSA answers). */
    async function timestampAuthority(
      req: import('node:http').IncomingMessage,
      res: import('node:http').ServerResponse,
    ) {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const reply = await answerTimestampRequest(signingBackend(), new Uint8Array(Buffer.concat(chunks)));
      res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
      res.end(Buffer.from(reply));
    }

    /** What the portal reads at boot; in AWS the stack writes the same file into the portal bucket. */
    function portalConfig(res: import('node:http').ServerResponse) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(
        JSON.stringify({
          apiBase: '/api',
          issuer: oidc.issuer,
          clientId: PORTAL_CLIENT_ID,
          audience: API_AUDIENCE,
          redirectPath: '/auth/callback',
          stage: 'local',
          vneid: {
            issuer: vneid.issuer,
            clientId: PORTAL_CLIENT_ID,
            audience: API_AUDIENCE,
            scope: VNEID_SCOPE,
          },
          vapidPublicKey: vapid.publicKey,
        }),
      );
    }

    async function localControl(
      method: string,
      url: URL,
      res: import('node:http').ServerResponse,
      req: import('node:http').IncomingMessage,
    ) {
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const fireMatch = /^\/_local\/fire\/([\w-]+)$/.exec(url.pathname);
      if (method === 'POST' && fireMatch) {
        const fn = plan.functions.find((f) => f.id === fireMatch[1]);
        if (fn?.kind !== 'worker' || fn.definition.trigger.kind !== 'schedule') {
          return json(404, {
            message: `No scheduled worker ${fireMatch[1]}`,
            scheduled: scheduler.scheduled,
          });
        }
        const input = Object.fromEntries(url.searchParams);
        const result = await invoker.invoke(fn.id, { time: new Date().toISOString(), ...input });
        return json(200, { fired: fn.id, result });
      }
      // The population database's stand-in (POPULATION_REGISTRY=local) learns a person: the demo's
      // and the browser tests' children, with their residence and guardians.
      if (method === 'PUT' && url.pathname === '/_local/population') {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        try {
          const record = JSON.parse(Buffer.concat(chunks).toString('utf8')) as PopulationAnswer;
          await makeAdmissionEntities(deps).populationRecord.put(record).go();
          return json(200, { personalId: record.personalId });
        } catch (error) {
          return json(400, { message: String(error) });
        }
      }
      if (method === 'GET' && url.pathname === '/_local/info') return json(200, info);
      if (method === 'GET' && url.pathname === '/_local/chaos') {
        return chaos
          ? json(200, chaos.figures())
          : json(404, { message: 'Chaos is off: npm start -- --chaos 0.1' });
      }
      if (method === 'GET' && url.pathname === '/_local/executions') {
        return json(200, [...stepFunctions.executions.values()]);
      }
      return json(404, { message: 'Unknown local control route' });
    }

    // Idle connections are kept longer than Node's 5 s: a client reusing one just as a busy event
    // loop finally runs the 5 s timer gets ECONNRESET (seen under load on the shared machine).
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(ports.api, '127.0.0.1', resolve);
    });
    stops.push(
      () =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );

    return {
      ...info,
      stepFunctions,
      educationData,
      ...(chaos ? { chaosFigures: chaos.figures } : {}),
      ...(apiWorkers ? { useApiWorkers: apiWorkers.use } : {}),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The id CloudFront gives a public key; the local one is named so. */
const LOCAL_MEDIA_KEY_ID = 'KLOCALMEDIAKEY';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * A file of an unpacked course package, as CloudFront serves it from materials under the portal's
 * origin: read from S3 over its HTTP protocol (ranges passed on), under the packages' own policy
 * (infra/csp.ts). Only paths a package may hold are read: the rest is a 404, as S3 answers
 * CloudFront for a key it cannot see.
 */
async function servePackageFile(
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
  url: URL,
  bucketUrl: string,
) {
  const notFound = () => {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not Found');
  };
  let key: string;
  try {
    key = decodeURIComponent(url.pathname.slice(1));
  } catch {
    return notFound();
  }
  const inPackage = key.slice(PACKAGE_FILES_PREFIX.length);
  if (safeEntryPath(inPackage) !== inPackage) return notFound();
  await forwardObject(
    req,
    res,
    `${bucketUrl}/${key.split('/').map(encodeURIComponent).join('/')}`,
    {
      'content-security-policy': packageContentSecurityPolicy(),
      'x-frame-options': 'SAMEORIGIN',
      'x-content-type-options': 'nosniff',
    },
    notFound,
  );
}

const API_PAGES = new Set(['/docs', '/health', '/openapi.json']);

function isPortalNavigation(req: import('node:http').IncomingMessage, url: URL) {
  return (
    req.method === 'GET' &&
    !url.pathname.startsWith('/api/') &&
    !API_PAGES.has(url.pathname) &&
    (req.headers.accept ?? '').includes('text/html') &&
    existsSync(join(ROOT, 'portal', 'dist', 'index.html'))
  );
}

/** The portal's built files when they exist (as CloudFront serves the bucket), else a signpost page. */
function serveStatic(url: URL, res: import('node:http').ServerResponse, info: LocalCloudInfo) {
  const dist = join(ROOT, 'portal', 'dist');
  if (existsSync(join(dist, 'index.html'))) {
    const requested = normalize(join(dist, url.pathname));
    const file =
      requested.startsWith(dist) && existsSync(requested) && extname(requested)
        ? requested
        : join(dist, 'index.html');
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      // The policy CloudFront sends, with the local issuer and S3 in place of AWS's, so the
      // browser tests run the portal under it.
      'content-security-policy': portalContentSecurityPolicy({
        issuer: info.issuer,
        uploadOrigins: [info.endpoints.s3],
        mediaOrigins: [info.endpoints.s3],
        extraConnectOrigins: [info.vneid.issuer],
      }),
    });
    res.end(readFileSync(file));
    return;
  }
  if (url.pathname !== '/') {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'Not Found' }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>VN Edu Cloud — máy cục bộ</title></head>
<body style="font-family:system-ui;max-width:48rem;margin:2rem auto">
<h1>VN Edu Cloud</h1><p>Nền tảng số ngành Giáo dục — môi trường chạy cục bộ.</p>
<ul><li><a href="/health">/health</a></li><li><a href="/docs">/docs</a> — API reference</li>
<li><a href="/openapi.json">/openapi.json</a></li><li><a href="${info.issuer}/.well-known/openid-configuration">OpenID provider</a></li><li><a href="${info.vneid.issuer}/.well-known/openid-configuration">VNeID (development)</a></li></ul>
</body></html>`);
}

/**
 * What an S3 event notification to SQS does in AWS: s3rver reports each new object, and those
 * under a manifest queue's prefix are sent to that queue in S3's own message format.
 */
function forwardObjectEvents(
  s3: S3Local,
  plan: ReturnType<typeof planPlatform>,
  bucketNames: Record<string, string>,
  sqs: SQSClient,
  queueUrls: Record<string, string>,
  log: WorkerLog,
) {
  const routes = plan.queues.flatMap((q) =>
    q.objectCreated
      ? [
          {
            bucket: bucketNames[q.objectCreated.bucket],
            prefix: q.objectCreated.prefix,
            url: queueUrls[q.name]!,
          },
        ]
      : [],
  );
  if (routes.length === 0) return;
  (s3.server as unknown as import('node:events').EventEmitter).on(
    'event',
    (event: {
      Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string } } }[];
    }) => {
      for (const record of event.Records) {
        if (!record.eventName.startsWith('ObjectCreated')) continue;
        const key = decodeURIComponent(record.s3.object.key);
        for (const route of routes) {
          if (record.s3.bucket.name !== route.bucket || !key.startsWith(route.prefix)) continue;
          const body = JSON.stringify({ Records: [{ ...record, eventName: `s3:${record.eventName}` }] });
          sqs
            .send(new SendMessageCommand({ QueueUrl: route.url, MessageBody: body }))
            .catch((error: unknown) => log.error(`Could not forward the S3 event for ${key}`, error));
        }
      }
    },
  );
}
