/**
 * The 8:00 start storm on paper: from what one operation of each exam step costs in DynamoDB
 * units (docs/capacity/units.json, measured by the load test) and an exam's shape, the peak write
 * and read units per second, requests per second (per route, for throttling), the exam API's
 * Lambda concurrency, what to pre-warm and schedule, the quotas to raise, and what one exam costs.
 * Pure: no AWS here; `npm run capacity:doc` prints it into docs/capacity.md, the stack sizes its
 * defaults from it and the exams context schedules provisioned concurrency with it.
 *
 * The model (docs/capacity.md says it in words):
 * - Starts spread evenly over the start window; every candidate then autosaves once per interval
 *   (the ceiling: the exam room saves only when an answer changed, at most every 5 s, so a
 *   candidate who is thinking sends nothing). Deadlines spread as starts did, so the end of the
 *   exam is a second storm: submits (by the room at zero or by the sweeper) and autosaves still
 *   running; grading follows through the queue at the grader's bounded pace.
 * - Each storm's rates are summed as if they overlapped for a whole second: the start storm's
 *   starts and paper loads and the autosaves of everyone already started; the end storm's submits,
 *   grading and autosaves.
 * - "sweep" is one run of the minute sweeper (all its Queries); "marking" one essay script.
 */

export const EXAM_STEPS = ['start', 'paper', 'autosave', 'submit', 'sweep', 'grading', 'marking'] as const;
export type ExamStep = (typeof EXAM_STEPS)[number];

/** Mean units per operation of a step; min* is the theoretical minimum for the same data. */
export interface StepUnits {
  calls: number;
  rru: number;
  wru: number;
  minRru: number;
  minWru: number;
}

/** docs/capacity/units.json. */
export interface ExamUnits {
  source: 'measured' | 'estimate';
  measuredAt: string;
  candidates: number;
  questions: number;
  answerBytes: number;
  steps: Record<ExamStep, StepUnits>;
}

export interface ExamShape {
  candidates: number;
  /** Everyone starts within this window (the 8:00 storm: a minute). */
  startWindowSeconds: number;
  /** A candidate autosaves at most once per interval. */
  autosaveEverySeconds: number;
  durationMinutes: number;
  questions: number;
  /** Essay questions (one script each to mark). */
  essayQuestions: number;
  /**
   * Autosaves per candidate over the whole exam, for its cost. Default: one every interval for the
   * whole duration (the ceiling). `savesOnChange` gives what the exam room really sends.
   */
  savesPerCandidate?: number;
}

/** How the exam API and its workers run (per request, not per step: a first approximation). */
export interface RuntimeShape {
  /** Mean duration of one exam API request, ms (AWS, warm). */
  requestMs: number;
  /** The exam API function's memory, MB. */
  memoryMb: number;
  /** The grader's time per attempt (batches of 10), ms, and its memory. */
  gradeMs: number;
  graderMemoryMb: number;
  /**
   * The grader's concurrent executions at most (the queue's event source): the queue absorbs the
   * end storm and grading runs at this pace, not at the submits' (results need not be instant).
   */
  graderConcurrency: number;
  /** Requests per candidate that are not steps: the briefing page before starting. */
  pageLoads: number;
  /** Mean bytes of one API response (data transfer out of CloudFront). */
  responseBytes: number;
  /** Bytes of one candidate's paper (S3, presigned). */
  paperBytes: number;
  /**
   * CloudWatch Logs bytes per API request: the HTTP API's compact access line (infra/access-log.ts,
   * ~200 bytes with the exam's longest route and values). Lambda's own START/END/REPORT lines are not written
   * (system logs at WARN, infra/logging.ts) and the handlers log nothing per request at INFO.
   */
  accessLogBytes: number;
  /**
   * Per Lambda invocation: its share of the batched EMF line of its units (shared/db/consumed-capacity.ts;
   * a 20-invocation batch's line is ~570 bytes, a full one of 90 ~1,130).
   */
  metricLogBytes: number;
  /** X-Ray's default sampling, which Lambda's active tracing applies: the first request each second, then this share. */
  traceShare: number;
}

/** The grader's event source runs at most this many at once (the manifest sets it in the stack). */
export const GRADER_CONCURRENCY = 10;

export const DEFAULT_RUNTIME: RuntimeShape = {
  requestMs: 50,
  memoryMb: 512,
  gradeMs: 40,
  graderMemoryMb: 512,
  graderConcurrency: GRADER_CONCURRENCY,
  pageLoads: 1,
  responseBytes: 600,
  paperBytes: 40_000,
  accessLogBytes: 210,
  metricLogBytes: 32,
  traceShare: 0.05,
};

/** What CloudWatch Logs counts per log event besides its message (the PutLogEvents batch rule). */
export const LOG_EVENT_BYTES = 26;

/**
 * The exam API's provisioned concurrency is kept for the start storm only: from this long before
 * a session opens until this long after late entry closes. The end storm (submits as deadlines
 * come, spread as the starts were) meets containers the autosaves have kept warm all along, and
 * Lambda adds 1,000 more every 10 s; provisioning the whole exam would cost ~$3.2 more for
 * 100,000 candidates and change nothing the candidates see but a cold start on some submits.
 */
export const WARM_BEFORE_MINUTES = 30;
export const COOL_AFTER_MINUTES = 10;

/** Room above the computed peak for what is sized from it (warm throughput, concurrency, throttles). */
export const HEADROOM = 1.5;

/**
 * US-East (N. Virginia) on-demand prices, as published on 2026-11-01 (ap-southeast-1 is about
 * 14–20% higher). HTTP API: first 300 million requests a month. Lambda: arm64. CloudFront: HTTPS
 * requests and data transfer out, North America/Europe price class.
 */
export const PRICES = {
  asOf: '2026-11-01',
  region: 'us-east-1',
  httpApiPerMillion: 1.0,
  cloudFrontHttpsPerMillion: 1.0,
  cloudFrontPerGbOut: 0.085,
  lambdaRequestPerMillion: 0.2,
  lambdaGbSecond: 0.0000133334,
  /** Provisioned concurrency kept (per GB-s), and the lower duration price while it serves. */
  lambdaProvisionedGbSecond: 0.0000033334,
  lambdaProvisionedDurationGbSecond: 0.0000077778,
  dynamoWruPerMillion: 0.625,
  dynamoRruPerMillion: 0.125,
  sqsPerMillion: 0.4,
  s3GetPerThousand: 0.0004,
  cloudWatchLogsPerGbIngested: 0.5,
  xrayPerMillionTraces: 5.0,
  s3PutPerThousand: 0.005,
} as const;

/** AWS defaults the exam day meets (late 2026), with the Service Quotas codes where one exists. */
export const QUOTAS = {
  apiRequestsPerSecond: { default: 10_000, service: 'apigateway', code: 'L-8A5B8E43' },
  apiBurst: { default: 5_000, service: 'apigateway', code: 'L-CDF5615A' },
  lambdaConcurrency: { default: 1_000, service: 'lambda', code: 'L-B99A9384' },
  /** An on-demand table's own ceiling (per table, reads and writes). */
  tableWriteUnits: { default: 40_000, service: 'dynamodb', code: 'L-AB614373' },
  tableReadUnits: { default: 40_000, service: 'dynamodb', code: 'L-CF0CBE56' },
} as const;

/** What a new on-demand table serves at once, before pre-warming (DESIGN.md). */
export const NEW_TABLE_WARM = { writeUnitsPerSecond: 4_000, readUnitsPerSecond: 12_000 };
/** Lambda adds this much concurrency per function every 10 s. */
export const LAMBDA_SCALING_PER_10_S = 1_000;

/** The exam routes throttled from the plan (manifest route ids of functions/exams). */
export const EXAM_ROUTES = {
  startAttempt: 'POST /exam-sessions/{sessionId}/attempt',
  getAttempt: 'GET /exam-sessions/{sessionId}/attempt',
  saveAnswers: 'PUT /exam-sessions/{sessionId}/attempt/answers',
  submitAttempt: 'POST /exam-sessions/{sessionId}/attempt/submit',
} as const;
export type ExamRoute = keyof typeof EXAM_ROUTES;

export interface Storm {
  requestsPerSecond: number;
  writeUnitsPerSecond: number;
  readUnitsPerSecond: number;
  routes: Partial<Record<ExamRoute, number>>;
}

export interface CapacityPlan {
  shape: ExamShape;
  start: Storm;
  end: Storm;
  peak: { requestsPerSecond: number; writeUnitsPerSecond: number; readUnitsPerSecond: number };
  /** Peak requests per second of each exam route (the larger of the two storms). */
  routes: Record<ExamRoute, number>;
  /** The exam API's concurrent executions at the peak. */
  concurrency: number;
  /** Seconds Lambda needs to scale from nothing to that concurrency (1,000 more every 10 s). */
  scaleUpSeconds: number;
  /** Attempts graded per second, and minutes until the last is graded after the last submit. */
  gradingPerSecond: number;
  gradingMinutes: number;
  /** What to set: the table's warm throughput, provisioned concurrency, throttles (with headroom). */
  settings: {
    warmThroughput: { writeUnitsPerSecond: number; readUnitsPerSecond: number };
    provisionedConcurrency: number;
    routeThrottle: Record<ExamRoute, { rateLimit: number; burstLimit: number }>;
    stageThrottle: { rateLimit: number; burstLimit: number };
  };
  quotas: { name: keyof typeof QUOTAS; default: number; needed: number; raise: boolean }[];
}

const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

/** Autosaves per candidate if the room saves only when an answer changed (1.5 changes a question). */
export const savesOnChange = (shape: Pick<ExamShape, 'questions'>) => Math.ceil(shape.questions * 1.5);
export const savesCeiling = (shape: Pick<ExamShape, 'durationMinutes' | 'autosaveEverySeconds'>) =>
  Math.floor((shape.durationMinutes * 60) / shape.autosaveEverySeconds);

/**
 * The exam API's concurrent executions at the peak (requests/s × duration) and the provisioned
 * concurrency to schedule for it: the requests do not depend on the units, so the exams context
 * sizes a session's schedule from its shape alone.
 */
export function examConcurrency(
  shape: Pick<ExamShape, 'candidates' | 'startWindowSeconds' | 'autosaveEverySeconds'>,
  runtime: Pick<RuntimeShape, 'requestMs'> = DEFAULT_RUNTIME,
) {
  const starts = shape.candidates / shape.startWindowSeconds;
  const saves = shape.candidates / shape.autosaveEverySeconds;
  // The start storm (start, paper, autosaves) is never below the end one (submit, autosaves).
  const requestsPerSecond = starts * 2 + saves;
  const concurrency = Math.ceil((requestsPerSecond * runtime.requestMs) / 1000);
  return { requestsPerSecond, concurrency, provisionedConcurrency: roundUp(concurrency * HEADROOM, 10) };
}

export function planCapacity(
  units: Pick<ExamUnits, 'steps'>,
  shape: ExamShape,
  runtime: RuntimeShape = DEFAULT_RUNTIME,
): CapacityPlan {
  const u = units.steps;
  const n = shape.candidates;
  const starts = n / shape.startWindowSeconds;
  const saves = n / shape.autosaveEverySeconds;
  const submits = n / shape.startWindowSeconds;
  const grading = Math.min(submits, (runtime.graderConcurrency * 1000) / runtime.gradeMs);
  const start: Storm = {
    routes: { startAttempt: starts, getAttempt: starts, saveAnswers: saves },
    requestsPerSecond: starts * 2 + saves,
    writeUnitsPerSecond: starts * (u.start.wru + u.paper.wru) + saves * u.autosave.wru,
    readUnitsPerSecond: starts * (u.start.rru + u.paper.rru) + saves * u.autosave.rru,
  };
  const end: Storm = {
    routes: { submitAttempt: submits, saveAnswers: saves },
    requestsPerSecond: submits + saves,
    writeUnitsPerSecond: submits * u.submit.wru + grading * u.grading.wru + saves * u.autosave.wru,
    readUnitsPerSecond: submits * u.submit.rru + grading * u.grading.rru + saves * u.autosave.rru,
  };
  const peak = {
    requestsPerSecond: Math.max(start.requestsPerSecond, end.requestsPerSecond),
    writeUnitsPerSecond: Math.max(start.writeUnitsPerSecond, end.writeUnitsPerSecond),
    readUnitsPerSecond: Math.max(start.readUnitsPerSecond, end.readUnitsPerSecond),
  };
  const routes = Object.fromEntries(
    (Object.keys(EXAM_ROUTES) as ExamRoute[]).map((r) => [
      r,
      Math.max(start.routes[r] ?? 0, end.routes[r] ?? 0),
    ]),
  ) as Record<ExamRoute, number>;
  const { concurrency, provisionedConcurrency } = examConcurrency(shape, runtime);
  const throttle = (rate: number) => {
    const rateLimit = roundUp(rate * HEADROOM, 100);
    // A token bucket: the burst lets the first seconds of the storm (everyone pressing Start at
    // 8:00:00) through at twice the steady rate.
    return { rateLimit, burstLimit: rateLimit * 2 };
  };
  const routeThrottle = Object.fromEntries(
    (Object.keys(routes) as ExamRoute[]).map((r) => [r, throttle(routes[r])]),
  ) as Record<ExamRoute, { rateLimit: number; burstLimit: number }>;
  // The stage carries the other routes too (the portal's pages, other contexts): 1,000 requests/s
  // more, and never under the 5,000 it had before the plan.
  const stageRate = Math.max(5_000, roundUp(peak.requestsPerSecond * HEADROOM + 1_000, 1000));
  const settings = {
    warmThroughput: {
      writeUnitsPerSecond: Math.max(
        NEW_TABLE_WARM.writeUnitsPerSecond,
        roundUp(peak.writeUnitsPerSecond * HEADROOM, 1000),
      ),
      readUnitsPerSecond: Math.max(
        NEW_TABLE_WARM.readUnitsPerSecond,
        roundUp(peak.readUnitsPerSecond * HEADROOM, 1000),
      ),
    },
    provisionedConcurrency,
    routeThrottle,
    stageThrottle: { rateLimit: stageRate, burstLimit: Math.min(stageRate, QUOTAS.apiBurst.default * 2) },
  };
  const needed = {
    apiRequestsPerSecond: stageRate,
    apiBurst: settings.stageThrottle.burstLimit,
    // Provisioned concurrency counts against the account's; the grader and the platform's other
    // functions need room beside it (~500).
    lambdaConcurrency: roundUp(provisionedConcurrency + runtime.graderConcurrency + 500, 1000),
    tableWriteUnits: settings.warmThroughput.writeUnitsPerSecond,
    tableReadUnits: settings.warmThroughput.readUnitsPerSecond,
  };
  const quotas = (Object.keys(QUOTAS) as (keyof typeof QUOTAS)[]).map((name) => ({
    name,
    default: QUOTAS[name].default,
    needed: needed[name],
    raise: needed[name] > QUOTAS[name].default,
  }));
  return {
    shape,
    start,
    end,
    peak,
    routes,
    concurrency,
    scaleUpSeconds: Math.ceil(concurrency / LAMBDA_SCALING_PER_10_S) * 10,
    gradingPerSecond: grading,
    gradingMinutes: Math.max(0, n / grading - shape.startWindowSeconds) / 60,
    settings,
    quotas,
  };
}

export interface ExamCost {
  savesPerCandidate: number;
  requests: number;
  lines: { item: string; quantity: string; usd: number }[];
  totalUsd: number;
}

/** What one exam costs on AWS at on-demand prices (PRICES), from the units per step. */
export function examCost(
  units: Pick<ExamUnits, 'steps'>,
  shape: ExamShape,
  runtime: RuntimeShape = DEFAULT_RUNTIME,
): ExamCost {
  const u = units.steps;
  const n = shape.candidates;
  const plan = planCapacity(units, shape, runtime);
  const S = shape.savesPerCandidate ?? savesCeiling(shape);
  const perCandidate = runtime.pageLoads + 1 + 1 + S + 1; // briefing, start, paper, saves, submit
  const requests = n * perCandidate;
  // The sweeper runs every minute from the first start to the last deadline (and 10 minutes on).
  const sweeps = Math.ceil(shape.startWindowSeconds / 60 + shape.durationMinutes + 10);
  const scripts = n * shape.essayQuestions;
  const wru =
    n * (u.start.wru + u.paper.wru + S * u.autosave.wru + u.submit.wru + u.grading.wru) +
    scripts * u.marking.wru +
    sweeps * u.sweep.wru;
  const rru =
    n * (u.start.rru + u.paper.rru + S * u.autosave.rru + u.submit.rru + u.grading.rru) +
    scripts * u.marking.rru +
    sweeps * u.sweep.rru;
  const gb = runtime.memoryMb / 1024;
  // The start storm's requests (briefing, start, paper) run on provisioned concurrency, billed at
  // its lower duration price; saves and submits on demand.
  const stormRequests = n * (runtime.pageLoads + 2);
  const apiGbSeconds = (requests * runtime.requestMs * gb) / 1000;
  const stormGbSeconds = (stormRequests * runtime.requestMs * gb) / 1000;
  const graderGbSeconds = (n * runtime.gradeMs * (runtime.graderMemoryMb / 1024)) / 1000;
  // Provisioned concurrency kept from its warm-up through the start window and its cool-down.
  const pcSeconds = (WARM_BEFORE_MINUTES + COOL_AFTER_MINUTES) * 60 + shape.startWindowSeconds;
  const pcGbSeconds = plan.settings.provisionedConcurrency * gb * pcSeconds;
  const lambdaInvocations = requests + n / 10 + sweeps;
  const sqs = n * (1 + 0.1 + 0.1); // one send each; receive and delete in batches of 10
  const outGb = (requests * runtime.responseBytes) / 1e9;
  // Each log event also counts 26 bytes towards what CloudWatch Logs ingests (PutLogEvents' batch
  // size); EMF lines are batched, so theirs is shared.
  const logGb =
    (requests * (runtime.accessLogBytes + LOG_EVENT_BYTES) + lambdaInvocations * runtime.metricLogBytes) /
    1e9;
  // The exam's span in seconds: a trace each second at least, then the sampled share.
  const spanSeconds = shape.startWindowSeconds + shape.durationMinutes * 60;
  const traces = Math.min(requests, spanSeconds) + Math.max(0, requests - spanSeconds) * runtime.traceShare;
  const m = 1e6;
  const lines = [
    {
      item: 'CloudFront (/api/*)',
      quantity: `${fmtM(requests)} HTTPS requests, ${outGb.toFixed(1)} GB out`,
      usd: (requests / m) * PRICES.cloudFrontHttpsPerMillion + outGb * PRICES.cloudFrontPerGbOut,
    },
    {
      item: 'HTTP API',
      quantity: `${fmtM(requests)} requests`,
      usd: (requests / m) * PRICES.httpApiPerMillion,
    },
    {
      item: 'Lambda requests',
      quantity: `${fmtM(lambdaInvocations)} invocations`,
      usd: (lambdaInvocations / m) * PRICES.lambdaRequestPerMillion,
    },
    {
      item: 'Lambda duration',
      quantity: `${fmtK(apiGbSeconds + graderGbSeconds)} GB-s (the start storm on provisioned concurrency, the rest on demand)`,
      usd:
        stormGbSeconds * PRICES.lambdaProvisionedDurationGbSecond +
        (apiGbSeconds - stormGbSeconds + graderGbSeconds) * PRICES.lambdaGbSecond,
    },
    {
      item: 'Provisioned concurrency',
      quantity: `${plan.settings.provisionedConcurrency} × ${(pcSeconds / 3600).toFixed(1)} h × ${gb} GB`,
      usd: pcGbSeconds * PRICES.lambdaProvisionedGbSecond,
    },
    { item: 'DynamoDB writes', quantity: `${fmtM(wru)} WRU`, usd: (wru / m) * PRICES.dynamoWruPerMillion },
    { item: 'DynamoDB reads', quantity: `${fmtM(rru)} RRU`, usd: (rru / m) * PRICES.dynamoRruPerMillion },
    { item: 'SQS (grading)', quantity: `${fmtM(sqs)} requests`, usd: (sqs / m) * PRICES.sqsPerMillion },
    {
      item: 'CloudWatch Logs',
      quantity: `${logGb.toFixed(1)} GB (access logs, EMF)`,
      usd: logGb * PRICES.cloudWatchLogsPerGbIngested,
    },
    { item: 'X-Ray', quantity: `${fmtK(traces)} traces`, usd: (traces / m) * PRICES.xrayPerMillionTraces },
    {
      item: 'S3 (papers)',
      quantity: `${fmtK(n)} GETs, ${((n * runtime.paperBytes) / 1e9).toFixed(1)} GB out`,
      usd:
        (n / 1000) * PRICES.s3GetPerThousand + ((n * runtime.paperBytes) / 1e9) * PRICES.cloudFrontPerGbOut,
    },
  ];
  return {
    savesPerCandidate: S,
    requests,
    lines,
    totalUsd: lines.reduce((s, l) => s + l.usd, 0),
  };
}

const fmtM = (x: number) => `${(x / 1e6).toFixed(1)} M`;
const fmtK = (x: number) => `${Math.round(x / 1000).toLocaleString('en')} k`;

/** The city-wide exam the platform is sized for (DOMAIN.md): 90 minutes, 40 questions. */
export const CITY_EXAM: Omit<ExamShape, 'candidates'> = {
  startWindowSeconds: 60,
  autosaveEverySeconds: 30,
  durationMinutes: 90,
  questions: 40,
  essayQuestions: 0,
};
