/**
 * `npm run load:exam`: N simulated candidates (default 2,000; LOAD_CANDIDATES) take one exam on
 * a local cloud started here, the API in LOAD_WORKERS processes (default 2), a few dozen
 * candidates at a time (LOAD_CONCURRENCY). The test writes the bank itself, so it knows every
 * key: each candidate is given a target score and answers to reach it (right, wrong, blank,
 * changes of mind, essays the marker will mark with known points), and the expected score comes
 * from the rules as docs/exams.md states them — never from the grader's code.
 *
 * Some candidates reload mid-exam (the attempt fetched again, the paper read again), some switch
 * device (the new one takes over; the old one's next save must be refused), some lose the
 * network for a minute (LOAD_OFFLINE_SECONDS; their answers wait in the exam room's queue and
 * are sent again when they are back), and some never submit: the deadline sweeper
 * (LOAD_DURATION_MINUTES after their start) must submit them with their last saved answers.
 * Saves follow the exam room: the first third of the paper at the exam's pace, a save after each
 * answer (the `autosave` step, what a save every 30 s carries); the rest in two catching-up saves
 * of several answers and changes of mind (`autosave-batch`).
 * After grading and marking, every candidate's attempt is read back through the API: every
 * answer as they last gave it, every score equal to its target.
 *
 * Prints: the API's throughput at 1, 2 and 4 worker processes (a 10 s autosave probe; with
 * LOAD_PROBE=1, or by default from 1,000 candidates), latency per step and per 10 s window,
 * and DynamoDB capacity units per step (measured: every call reports ConsumedCapacity) beside
 * the theoretical minimum for the same data. Writes a chart of requests/s and p95 over time to
 * .bench/load-exam/ (git-ignored) and, from 1,000 candidates or with LOAD_WRITE_UNITS=1, the
 * measured units to docs/capacity/units.json (docs/capacity.md is made from it).
 */
import './exam-load/quiet.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeExamEntities } from '../../functions/exams/entities.ts';
import { ROOT, startLocalCloud } from '../../infra/local/cloud.ts';
import { fetchDevToken } from '../../infra/local/dev-token.ts';
import { makeAuthEntities } from '../../shared/auth/store.ts';
import { documentClient } from '../../shared/db/client.ts';
import type { CapacityRecord } from '../../shared/db/consumed-capacity.ts';
import {
  type Answer,
  type Behaviour,
  type Key,
  marksInEssay,
  type Plan,
  planCandidate,
  Room,
} from './exam-load/candidates.ts';
import { coresBetween, cpuByPart } from './exam-load/cpu.ts';
import {
  chartPage,
  emptyUnits,
  minReadUnits,
  minWriteUnits,
  percentile,
  type Sample,
  type StepUnits,
  unitsJson,
  unitsTable,
  utf8Bytes,
  windows,
} from './exam-load/report.ts';

const N = Number(process.env.LOAD_CANDIDATES ?? 2_000);
const FULL = N >= 1_000;
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 48);
const WORKERS = Number(process.env.LOAD_WORKERS ?? 2);
const PROBE = process.env.LOAD_PROBE ? process.env.LOAD_PROBE === '1' : FULL;
const WRITE_UNITS = process.env.LOAD_WRITE_UNITS ? process.env.LOAD_WRITE_UNITS === '1' : FULL;
const OFFLINE_SECONDS = Number(process.env.LOAD_OFFLINE_SECONDS ?? (FULL ? 60 : 15));
const DURATION_MINUTES = Number(process.env.LOAD_DURATION_MINUTES ?? (FULL ? 3 : 1));
/** The server takes saves this long after the deadline (domain/attempts.ts, NETWORK_ALLOWANCE_MS). */
const ALLOWANCE_MS = 5_000;
/** The sweeper runs every minute: an attempt left open is submitted within this after its deadline. */
const SWEEP_WITHIN_MS = 60_000 + ALLOWANCE_MS + 10_000;
const PROBE_CANDIDATES = 64;
const PROBE_SECONDS = 10;
const SCHOOL = 'THPT-TRANPHU';
const OUT = join(ROOT, '.bench', 'load-exam');
const UNITS_FILE = join(ROOT, 'docs', 'capacity', 'units.json');
const STEPS = ['start', 'paper', 'autosave', 'submit', 'sweep', 'grading', 'marking'] as const;
type Step =
  | (typeof STEPS)[number]
  | 'swept-attempt'
  | 'autosave-batch'
  | 'reload'
  | 'takeover'
  | 'refused-save'
  | 'marking-queue'
  | 'verify';

const silent = { info() {}, error() {} };
const fail = (message: string): never => {
  throw new Error(message);
};

async function pool<T>(items: T[], width: number, run: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await run(items[i]!, i);
      }
    }),
  );
}

// Units of the workers (sweeper, grader): heard from the local cloud, per invocation.
const workerRecords: { functionId: string; at: number; record: CapacityRecord }[] = [];
const apiWorkers = PROBE ? Math.max(4, WORKERS) : WORKERS;
const cloudStarted = performance.now();
const cloud = await startLocalCloud({
  ports: { api: 0, oidc: 0, vneid: 0, ses: 0, dynamodb: 0, s3: 0, sqs: 0, sfn: 0 },
  demoLearners: 0,
  demoTitles: 0,
  demoDiplomas: 0,
  log: silent,
  apiWorkers,
  capacityHeader: true,
  onCapacity: (functionId, record) => {
    if (functionId.endsWith('-grade-attempts') || functionId.endsWith('-submit-due-attempts'))
      workerRecords.push({ functionId, at: performance.now(), record });
  },
});
let failed = false;
try {
  const table = cloud.env.TABLE_NAME!;
  const deps = { client: documentClient(), table };
  const auth = makeAuthEntities(deps);
  const exams = makeExamEntities(deps);
  const sweeperId = cloud.scheduled.find((s) => s.id.endsWith('-submit-due-attempts'))?.id;
  if (!sweeperId) fail('No submit-due-attempts schedule in the plan');
  console.log(
    `\nExam load test: ${N.toLocaleString('en')} candidates, ${CONCURRENCY} at a time, API in ${WORKERS} worker process(es) (local cloud up in ${((performance.now() - cloudStarted) / 1000).toFixed(1)} s)`,
  );

  // ---- Requests, their latency and the units each one consumed ----
  const samples: Sample[] = [];
  const units = new Map<Step, StepUnits>();
  const unitsOf = (step: Step) => {
    if (!units.has(step)) units.set(step, emptyUnits());
    return units.get(step)!;
  };
  const minimum = (step: Step, minRru: number, minWru: number) => {
    const u = unitsOf(step);
    u.minRru += minRru;
    u.minWru += minWru;
  };
  let examStarted = performance.now();
  let recording = false;

  interface Answered<T> {
    status: number;
    body: T;
  }
  const call = async <T>(
    step: Step,
    token: string,
    method: string,
    path: string,
    body?: unknown,
    options: { expect?: number } = {},
  ): Promise<Answered<T>> => {
    const t = performance.now();
    const send = (bearer: string) =>
      fetch(`${cloud.apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${bearer}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    let res = await send(token);
    // A long run outlives the hour a token lasts: sign in again, as the portal would.
    const account = accountOfToken.get(token);
    if (res.status === 401 && account) {
      const fresh = await fetchDevToken(cloud.issuer, account);
      for (const [c, old] of tokenOf) if (old === token) tokenOf.set(c, fresh);
      accountOfToken.set(fresh, account);
      res = await send(fresh);
    }
    const json = (await res.json()) as T;
    const ms = performance.now() - t;
    const ok = res.status === (options.expect ?? res.status) && (options.expect !== undefined || res.ok);
    if (recording) samples.push({ step, at: performance.now() - examStarted, ms, ok });
    const consumed = res.headers.get('x-consumed-capacity');
    if (recording && consumed) {
      const c = JSON.parse(consumed) as { rru: number; wru: number };
      const u = unitsOf(step);
      u.calls++;
      u.rru += c.rru;
      u.wru += c.wru;
    }
    if (!ok) fail(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return { status: res.status, body: json };
  };
  const staffTokens = new Map<string, string>();
  const tokenOf = new Map<string, string>();
  const accountOfToken = new Map<string, string>();
  const as = async (user: string) => {
    if (!staffTokens.has(user)) staffTokens.set(user, await fetchDevToken(cloud.issuer, user));
    return staffTokens.get(user)!;
  };

  // ---- The candidates' accounts (and the probe's) ----
  const candidates = Array.from({ length: N }, (_, i) => `ts${String(i + 1).padStart(5, '0')}`);
  const probeCandidates = PROBE
    ? Array.from({ length: PROBE_CANDIDATES }, (_, i) => `tp${String(i + 1).padStart(5, '0')}`)
    : [];
  const at = new Date().toISOString();
  const everyone = [...candidates, ...probeCandidates];
  for (let i = 0; i < everyone.length; i += 500) {
    const slice = everyone.slice(i, i + 500);
    await auth.account
      .put(
        slice.map((accountId) => ({
          accountId,
          fullName: `Thí sinh ${accountId}`,
          status: 'active' as const,
          homeOrgUnitId: SCHOOL,
          createdAt: at,
          updatedAt: at,
        })),
      )
      .go({ concurrency: 8 });
    await auth.roleAssignment
      .put(
        slice.map((accountId) => ({
          accountId,
          assignmentId: 'exam',
          role: 'student' as const,
          scopeOrgUnitId: SCHOOL,
          grantedBy: 'load',
          grantedAt: at,
        })),
      )
      .go({ concurrency: 8 });
  }

  // ---- The bank: every question's key is the test's own ----
  const subject = 'Toán';
  const keys = new Map<string, Key>();
  const question = async (n: number, topic: string, body: Record<string, unknown>, key: Key) => {
    const created = await call<{ questionId: string }>(
      'verify',
      await as('teacher1'),
      'POST',
      `/org-units/${SCHOOL}/questions`,
      { scope: 'school', subject, grade: 9, topic, level: 'application', stem: `Câu ${n}`, question: body },
    );
    await call('verify', await as('principal1'), 'POST', `/questions/${created.body.questionId}/review`, {
      expectedVersion: 1,
      decision: 'approve',
    });
    keys.set(created.body.questionId, key);
  };
  const letters = ['A', 'B', 'C', 'D'];
  for (let n = 0; n < 16; n++) {
    const correct = letters[n % 4]!;
    await question(
      n,
      'Đại số',
      { type: 'single', options: letters.map((id) => ({ id, text: id })), correct, points: 0.25 },
      { type: 'single', options: letters, correct, points: 0.25 },
    );
  }
  for (let n = 0; n < 4; n++) {
    const statements = ['a', 'b', 'c', 'd'];
    const correct = Object.fromEntries(statements.map((s, k) => [s, (n + k) % 2 === 0]));
    await question(
      100 + n,
      'Hình học',
      {
        type: 'true-false-group',
        statements: statements.map((id) => ({ id, text: id })),
        correct,
        points: 1,
      },
      { type: 'true-false-group', statements, correct, points: 1 },
    );
  }
  for (let n = 0; n < 4; n++) {
    const accepted = 3.5 + n;
    await question(
      200 + n,
      'Số học',
      { type: 'short-numeric', accepted: [accepted], tolerance: 0, points: 0.5 },
      { type: 'short-numeric', accepted, points: 0.5 },
    );
  }
  for (let n = 0; n < 2; n++)
    await question(
      300 + n,
      'Tự luận',
      {
        type: 'essay',
        rubric: [
          { criterion: 'Lập luận', points: 0.5 },
          { criterion: 'Kết quả', points: 0.5 },
        ],
        points: 1,
      },
      { type: 'essay', rubric: [0.5, 0.5], points: 1 },
    );
  const QUESTIONS = 15;
  const paper = await call<{ paperId: string }>(
    'verify',
    await as('teacher1'),
    'POST',
    `/org-units/${SCHOOL}/exam-papers`,
    {
      title: 'Thi thử vào lớp 10',
      subject,
      grade: 9,
      variants: 4,
      blueprint: [
        { topic: 'Đại số', level: 'application', count: 10 },
        { topic: 'Hình học', level: 'application', count: 2 },
        { topic: 'Số học', level: 'application', count: 2 },
        { topic: 'Tự luận', level: 'application', count: 1 },
      ],
    },
  );
  const sessionInput = (title: string, accounts: string[], durationMinutes: number) => ({
    paperId: paper.body.paperId,
    title,
    opensAt: new Date(Date.now() - 60_000).toISOString(),
    closesAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
    durationMinutes,
    passMark: 3,
    markers: ['teacher1'],
    candidates: accounts,
  });
  const newSession = async (title: string, accounts: string[], durationMinutes: number) => {
    if (accounts.length <= 2_000)
      return (
        await call<{ sessionId: string }>(
          'verify',
          await as('teacher1'),
          'POST',
          `/org-units/${SCHOOL}/exam-sessions`,
          sessionInput(title, accounts, durationMinutes),
        )
      ).body.sessionId;
    // A city-sized roll takes longer to write than the API's 10 s on this shared machine: the
    // session is made by the same code the route calls (setting up is not the exam's load).
    const { makeSessions } = await import('../../functions/exams/sessions.ts');
    const { makeBank } = await import('../../functions/exams/bank.ts');
    const { orgTree } = await import('../../shared/auth/principal-loader.ts');
    const owner = (await orgTree()(SCHOOL)) ?? fail(`No org unit ${SCHOOL}`);
    const built = (await makeBank().paper(paper.body.paperId)) ?? fail('The paper is not there');
    const item = await makeSessions().create(owner, sessionInput(title, accounts, durationMinutes), built, {
      sub: 'teacher1',
      requestId: 'load-exam',
    });
    return item.sessionId;
  };
  const sessionId = await newSession('Thi thử vào lớp 10', candidates, DURATION_MINUTES);
  const base = `/exam-sessions/${sessionId}/attempt`;

  // Tokens first (sign-in is not the exam's load).
  await pool(everyone, 16, async (c) => {
    const token = await fetchDevToken(cloud.issuer, c);
    tokenOf.set(c, token);
    accountOfToken.set(token, c);
  });

  // ---- The throughput probe: autosaves at 1, 2 and 4 API worker processes ----
  const probe: { workers: number; perSecond: number; p50: number; p95: number; cores: string }[] = [];
  if (PROBE && cloud.useApiWorkers) {
    const probeSession = await newSession('Đo thông lượng', probeCandidates, 120);
    const probeBase = `/exam-sessions/${probeSession}/attempt`;
    const firstQuestion = new Map<string, string>();
    await pool(probeCandidates, 8, async (c) => {
      const view = await call<{ order: { questionId: string }[] }>(
        'verify',
        tokenOf.get(c)!,
        'POST',
        probeBase,
        {
          deviceId: `probe-${c}`,
        },
      );
      firstQuestion.set(c, view.body.order[0]!.questionId);
    });
    const seqOf = new Map<string, number>();
    const run = async (workers: number, seconds: number) => {
      cloud.useApiWorkers!(workers);
      const latencies: number[] = [];
      const until = performance.now() + seconds * 1000;
      let k = 0;
      const started = performance.now();
      const cpuBefore = cpuByPart();
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (performance.now() < until) {
            const c = probeCandidates[k++ % probeCandidates.length]!;
            const seq = (seqOf.get(c) ?? 0) + 1;
            seqOf.set(c, seq);
            const t = performance.now();
            await call('verify', tokenOf.get(c)!, 'PUT', `${probeBase}/answers`, {
              deviceId: `probe-${c}`,
              seq,
              answers: { [firstQuestion.get(c)!]: { choice: letters[seq % 4]! } },
            });
            latencies.push(performance.now() - t);
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      return {
        workers,
        perSecond: latencies.length / elapsed,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        cores: coresBetween(cpuBefore, cpuByPart(), elapsed),
      };
    };
    await run(apiWorkers, 3); // every worker loads its modules first
    for (const workers of [1, 2, 4]) probe.push(await run(workers, PROBE_SECONDS));
    console.log(
      `  API throughput    (autosaves, 32 in flight, ${PROBE_SECONDS} s each; CPU in cores of ${availableParallelism()}, by part)`,
    );
    for (const p of probe)
      console.log(
        `    ${p.workers} worker${p.workers > 1 ? 's' : ' '}         ${p.perSecond.toFixed(0)} requests/s, p50 ${p.p50.toFixed(0)} ms, p95 ${p.p95.toFixed(0)} ms${p.cores ? `; CPU ${p.cores}` : ''}`,
      );
    cloud.useApiWorkers(WORKERS);
  }

  // ---- The exam ----
  const behaviourOf = (i: number): Behaviour => {
    // Never-submitters early in the exam, so their deadlines pass while the others still write.
    if (i % 31 === 7 && i < N * (FULL ? 0.8 : 0.3)) return 'never-submit';
    if (i % 10 === 3) return 'reload';
    if (i % 20 === 9) return 'switch-device';
    if (i % 33 === 5) return 'offline';
    return 'plain';
  };
  const plans = new Map<string, Plan>();
  const deadlines = new Map<string, string>();
  const finalAnswerBytes: number[] = [];
  let offlineFailures = 0;
  let errors = 0;
  const errorLines: string[] = [];
  const background: Promise<void>[] = [];
  type View = {
    deviceId: string;
    deadline: string;
    paperUrl: string;
    order: { questionId: string }[];
    answers: Record<string, { answer: Answer; seq: number }>;
    attemptNo: number;
    startedAt: string;
    status: string;
    points?: number;
  };

  const fetchPaper = async (url: string) => {
    const t = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    const ms = performance.now() - t;
    samples.push({ step: 'paper', at: performance.now() - examStarted, ms, ok: res.ok });
    const u = unitsOf('paper');
    u.calls++; // S3 (CloudFront on AWS): no table units, and none are the minimum either.
    if (!res.ok) fail(`paper: ${res.status}`);
  };

  /**
   * One save from the room's queue, as the exam room's flush sends it: `autosave` when it carries
   * the one answer changed since the last (the room's pace: a save every 30 s, a question every
   * minute or two), `autosave-batch` when it catches up several at once.
   */
  const flush = async (token: string, room: Room, step: 'autosave' | 'autosave-batch' = 'autosave-batch') => {
    const save = room.nextSave();
    if (!save) return;
    const result = await call<{ accepted: string[]; stale: string[] }>(
      step,
      token,
      'PUT',
      `${base}/answers`,
      save.body,
    );
    minimum(step, 0.5, minWriteUnits(utf8Bytes(save.body.answers)));
    room.acknowledge(save, result.body);
  };
  /** A save while the network is down: it fails like fetch fails offline, and stays queued. */
  const flushOffline = async (room: Room) => {
    if (!room.nextSave()) return;
    try {
      await fetch('http://127.0.0.1:9/unreachable', { method: 'PUT' });
    } catch {
      offlineFailures++;
    }
  };

  const journey = async (candidate: string, i: number, releaseSlot: () => void) => {
    const token = tokenOf.get(candidate)!;
    const behaviour = behaviourOf(i);
    let room = new Room(`device-${candidate}-1`);
    const started = await call<View>('start', token, 'POST', base, { deviceId: room.deviceId });
    const view = started.body;
    minimum(
      'start',
      0.5,
      minWriteUnits(
        utf8Bytes({
          sessionId,
          accountId: candidate,
          attemptNo: view.attemptNo,
          startedAt: view.startedAt,
          deadline: view.deadline,
          status: view.status,
          deviceId: room.deviceId,
        }),
      ),
    );
    deadlines.set(candidate, view.deadline);
    room.adopt(view.answers);
    await fetchPaper(view.paperUrl);
    const ids = view.order.map((q) => q.questionId);
    const plan = planCandidate(i, ids, keys, behaviour);
    plans.set(candidate, plan);
    const give = (r: Room, id: string, first: boolean) => {
      const answer = first ? (plan.firstThoughts.get(id) ?? plan.final.get(id)) : plan.final.get(id);
      if (answer) r.answer(id, answer);
    };
    const third = Math.ceil(ids.length / 3);
    const [part1, part2, part3] = [ids.slice(0, third), ids.slice(third, 2 * third), ids.slice(2 * third)];
    const changes = (part: string[]) => part.filter((id) => plan.firstThoughts.has(id));

    // The first third at the exam's pace: a save after each answer (some to be changed later).
    for (const id of part1) {
      give(room, id, true);
      await flush(token, room, 'autosave');
    }

    if (behaviour === 'reload') {
      // The page is reloaded: the attempt fetched again (the queue survives in localStorage).
      const again = await call<View>('reload', token, 'GET', base);
      minimum('reload', minReadUnits(utf8Bytes(again.body.answers)), 0);
      for (const [id, saved] of room.server)
        if (JSON.stringify(again.body.answers[id]?.answer) !== JSON.stringify(saved.answer))
          fail(`${candidate}: the reloaded attempt lost or changed the answer to ${id}`);
      room.adopt(again.body.answers);
      await fetchPaper(again.body.paperUrl);
    }

    // Save 2: the second third, and the first third's changes of mind.
    for (const id of part2) give(room, id, true);
    for (const id of changes(part1)) give(room, id, false);
    await flush(token, room);

    if (behaviour === 'switch-device') {
      // Another device opens the room, sees the attempt is elsewhere, and takes it over.
      const second = new Room(`device-${candidate}-2`);
      const seen = await call<View>('reload', token, 'GET', base);
      if (seen.body.deviceId !== room.deviceId) fail(`${candidate}: the attempt is not on the first device`);
      minimum('reload', minReadUnits(utf8Bytes(seen.body.answers)), 0);
      const taken = await call<View>('takeover', token, 'POST', base, { deviceId: second.deviceId });
      minimum('takeover', minReadUnits(utf8Bytes(taken.body.answers)), 1);
      if (taken.body.deviceId !== second.deviceId)
        fail(`${candidate}: the takeover did not move the attempt`);
      second.adopt(taken.body.answers);
      // The first device, still open, saves once more: refused, and it must not count.
      const old = part1[0]!;
      const key = keys.get(old)!;
      room.answer(old, key.type === 'essay' ? { text: 'máy cũ' } : { value: '99' });
      const save = room.nextSave()!;
      const refused = await call<{ type?: string }>(
        'refused-save',
        token,
        'PUT',
        `${base}/answers`,
        save.body,
        {
          expect: 409,
        },
      );
      minimum('refused-save', 0.5, 0);
      if (!JSON.stringify(refused.body).includes('device-replaced'))
        fail(`${candidate}: the replaced device's save was refused for another reason`);
      room = second;
    }

    if (behaviour === 'offline') {
      // The network drops: answers go on, into the queue; the saves fail.
      for (const id of part3) give(room, id, false);
      await flushOffline(room);
      for (const id of changes(part2)) give(room, id, false);
      await flushOffline(room);
      // Away for a while: the candidate's place goes to the next one meanwhile.
      releaseSlot();
      await sleep(OFFLINE_SECONDS * 1000);
      // Back: the queued answers are sent again, in one save.
      await flush(token, room);
    } else {
      // Save 3: the last third, and the second third's changes of mind.
      for (const id of part3) give(room, id, false);
      for (const id of changes(part2)) give(room, id, false);
      await flush(token, room);
    }
    if (room.pending.size > 0) fail(`${candidate}: ${room.pending.size} answers never acknowledged`);
    finalAnswerBytes.push(utf8Bytes(Object.fromEntries(plan.final)));
    if (behaviour === 'never-submit') return; // the browser is closed: the sweeper's job now
    await call('submit', token, 'POST', `${base}/submit`);
    minimum('submit', 0.5, 1);
  };

  recording = true;
  examStarted = performance.now();
  await pool(candidates, CONCURRENCY, async (candidate, i) => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const done = journey(candidate, i, release).catch((error: unknown) => {
      errors++;
      if (errorLines.length < 5) errorLines.push(`${candidate}: ${(error as Error).message}`);
    });
    background.push(done);
    await Promise.race([done, released]);
  });
  await Promise.all(background);
  const takingSeconds = (performance.now() - examStarted) / 1000;
  const lastSubmit = performance.now();

  // ---- The sweeper: attempts left open are submitted at their deadline ----
  const neverSubmitted = candidates.filter((c) => plans.get(c)?.behaviour === 'never-submit');
  const lastDeadline = Math.max(0, ...neverSubmitted.map((c) => Date.parse(deadlines.get(c)!)));
  const waitMs = lastDeadline + ALLOWANCE_MS - Date.now();
  if (waitMs > 0) await sleep(waitMs + 500);
  // A short run ends before the minute's sweep: fire it now (the same worker, as the schedule does).
  if (!FULL) await fetch(`${cloud.apiUrl}/_local/fire/${sweeperId}`, { method: 'POST' });

  // ---- Grading: every attempt, including the swept ones ----
  const started = candidates.filter((c) => plans.has(c));
  const gradeStarted = performance.now();
  type Row = {
    accountId: string;
    status: string;
    points?: number;
    submittedBy?: string;
    submittedAt?: string;
    deadline: string;
  };
  let rows: Row[] = [];
  for (;;) {
    const { data } = await exams.attempt.query.bySession({ sessionId }).go({
      pages: 'all',
      attributes: ['accountId', 'status', 'points', 'submittedBy', 'submittedAt', 'deadline'],
    });
    rows = data as Row[];
    if (rows.filter((a) => a.status === 'graded').length >= started.length) break;
    if (performance.now() - gradeStarted > SWEEP_WITHIN_MS + 240_000) break;
    await sleep(1_000);
  }
  const gradedSeconds = (performance.now() - lastSubmit) / 1000;

  // ---- Marking: the marker reads each essay (anonymous) and gives the marks it asks for ----
  const markStarted = performance.now();
  let marked = 0;
  const marker = await as('teacher1');
  for (;;) {
    const page = await call<{ items: { scriptId: string; text: string }[] }>(
      'marking-queue',
      marker,
      'GET',
      `/exam-sessions/${sessionId}/scripts?state=open&limit=100`,
    );
    minimum('marking-queue', minReadUnits(utf8Bytes(page.body.items)), 0);
    if (page.body.items.length === 0) break;
    await pool(page.body.items, 8, async (script) => {
      const criterionPoints =
        marksInEssay(script.text) ?? fail(`Script ${script.scriptId} has no marks to give`);
      await call('marking', marker, 'POST', `/exam-sessions/${sessionId}/scripts/${script.scriptId}/marks`, {
        criterionPoints,
      });
      minimum('marking', 0.5, minWriteUnits(utf8Bytes({ markerId: 'teacher1', criterionPoints, at })));
      marked++;
    });
  }
  const markSeconds = (performance.now() - markStarted) / 1000;
  recording = false;

  // ---- Checks: every attempt read back through the API ----
  const rowOf = new Map(rows.map((r) => [r.accountId, r]));
  let lost = 0;
  let wrong = 0;
  let notGraded = 0;
  let sweptLate = 0;
  let sweptWrongly = 0;
  const problems: string[] = [];
  const note = (line: string) => {
    if (problems.length < 8) problems.push(line);
  };
  await pool(started, 16, async (candidate) => {
    const plan = plans.get(candidate)!;
    const { body: view } = await call<View>('verify', tokenOf.get(candidate)!, 'GET', base);
    if (view.status !== 'graded') {
      notGraded++;
      return note(`${candidate}: ${view.status}, not graded`);
    }
    const saved = Object.keys(view.answers);
    const missing = [...plan.final].filter(
      ([id, answer]) => JSON.stringify(view.answers[id]?.answer) !== JSON.stringify(answer),
    );
    if (missing.length > 0 || saved.some((id) => !plan.final.has(id))) {
      lost++;
      note(`${candidate}: ${missing.length} answers lost or not as last given`);
    }
    if (view.points === undefined || Math.abs(view.points - plan.expected) > 1e-6) {
      wrong++;
      note(`${candidate}: ${view.points} points, expected ${plan.expected} (${plan.behaviour})`);
    }
    const row = rowOf.get(candidate);
    if (plan.behaviour === 'never-submit') {
      const late = row?.submittedAt ? Date.parse(row.submittedAt) - Date.parse(row.deadline) : Number.NaN;
      if (row?.submittedBy !== 'deadline') {
        sweptWrongly++;
        note(`${candidate}: never submitted, yet submitted by ${row?.submittedBy}`);
      } else if (!(late > 0 && late <= SWEEP_WITHIN_MS)) {
        sweptLate++;
        note(`${candidate}: swept ${(late / 1000).toFixed(0)} s after the deadline`);
      }
    } else if (row?.submittedBy !== 'candidate') {
      sweptWrongly++;
      note(`${candidate}: submitted by ${row?.submittedBy}, not by the candidate`);
    }
  });

  // ---- Units of the workers: the sweeper's per run (and per attempt it submitted), the grader's per attempt ----
  const workerUnits = (suffix: string, from: number) =>
    workerRecords
      .filter((w) => w.functionId.endsWith(suffix) && w.at >= from)
      .reduce((n, w) => ({ runs: n.runs + 1, rru: n.rru + w.record.rru, wru: n.wru + w.record.wru }), {
        runs: 0,
        rru: 0,
        wru: 0,
      });
  const swept = rows.filter((r) => r.submittedBy === 'deadline').length;
  // Sweeps from the exam's start: the minutes before it are the setup's, not the exam's. One
  // operation is one run of the minute sweeper (as the capacity plan counts it): at least one
  // Query for the minute's due entries, and per attempt it submits a read and a write.
  const sweep = workerUnits('-submit-due-attempts', examStarted);
  Object.assign(unitsOf('sweep'), {
    calls: sweep.runs,
    rru: sweep.rru,
    wru: sweep.wru,
    minRru: sweep.runs * 0.5 + swept * 0.5,
    minWru: swept,
  });
  Object.assign(unitsOf('swept-attempt'), {
    calls: swept,
    rru: sweep.rru,
    wru: sweep.wru,
    minRru: sweep.runs * 0.5 + swept * 0.5,
    minWru: swept,
  });
  const graded = rows.filter((r) => r.status === 'graded').length;
  const grading = workerUnits('-grade-attempts', 0);
  const gradingUnits = unitsOf('grading');
  Object.assign(gradingUnits, { calls: graded, rru: grading.rru, wru: grading.wru });
  for (const candidate of started) {
    const plan = plans.get(candidate)!;
    // Read every answer once, consistently (the last save must be seen); write the result once.
    gradingUnits.minRru += minReadUnits(utf8Bytes(Object.fromEntries(plan.final)), true);
    gradingUnits.minWru += minWriteUnits(
      utf8Bytes({
        status: 'graded',
        points: plan.expected,
        questionPoints: Object.fromEntries([...plan.final.keys()].map((q) => [q, 0.25])),
      }),
    );
  }

  // ---- Figures ----
  const examSamples = samples.filter((s) => s.step !== 'verify');
  const apiSamples = examSamples.filter((s) => s.step !== 'paper');
  const requests = examSamples.filter((s) => s.at <= takingSeconds * 1000).length;
  console.log(
    `  taking the exam   ${takingSeconds.toFixed(1)} s, ${(requests / takingSeconds).toFixed(0)} requests/s (${requests.toLocaleString('en')} requests), ${errors} candidates failed`,
  );
  for (const line of errorLines) console.log(`    ${line}`);
  const bySteps = [
    'start',
    'paper',
    'reload',
    'takeover',
    'autosave',
    'autosave-batch',
    'refused-save',
    'submit',
    'marking-queue',
    'marking',
  ];
  for (const step of bySteps) {
    const xs = examSamples.filter((s) => s.step === step).map((s) => s.ms);
    if (xs.length)
      console.log(
        `  ${step.padEnd(17)} ${xs.length.toLocaleString('en').padStart(7)} × p50 ${percentile(xs, 50).toFixed(0)} ms, p95 ${percentile(xs, 95).toFixed(0)} ms, p99 ${percentile(xs, 99).toFixed(0)} ms`,
      );
  }
  const count = (b: Behaviour) => started.filter((c) => plans.get(c)!.behaviour === b).length;
  console.log(
    `  candidates        ${count('reload')} reloaded, ${count('switch-device')} switched device, ${count('offline')} offline for ${OFFLINE_SECONDS} s (${offlineFailures} saves failed and were sent again), ${count('never-submit')} never submitted`,
  );
  console.log(
    `  sweeper           ${swept} attempts submitted at their deadline (${neverSubmitted.length} left open)`,
  );
  console.log(
    `  grading           ${graded.toLocaleString('en')} attempts graded, the last ${gradedSeconds.toFixed(1)} s after the last candidate left`,
  );
  console.log(
    `  marking           ${marked.toLocaleString('en')} essays marked in ${markSeconds.toFixed(1)} s`,
  );

  const series = windows(apiSamples);
  console.log(
    '  per 10 s          requests/s    p50     p95     p99   (API requests of the exam and marking)',
  );
  for (const w of series.filter((w) => w.requests > 0))
    console.log(
      `    ${`${w.from.toFixed(0)} s`.padStart(7)}       ${w.perSecond.toFixed(0).padStart(6)}  ${w.p50.toFixed(0).padStart(5)}  ${w.p95.toFixed(0).padStart(6)}  ${w.p99.toFixed(0).padStart(6)}${w.errors ? `   ${w.errors} errors` : ''}`,
    );

  const steps = Object.fromEntries(STEPS.map((s) => [s, unitsOf(s)])) as Record<string, StepUnits>;
  const otherSteps = Object.fromEntries(
    (['swept-attempt', 'autosave-batch', 'reload', 'takeover', 'refused-save', 'marking-queue'] as const).map(
      (s) => [s, unitsOf(s)],
    ),
  ) as Record<string, StepUnits>;
  console.log(
    '  DynamoDB units per operation, measured (ConsumedCapacity) and the minimum for the same data',
  );
  for (const line of unitsTable({ ...steps, ...otherSteps })) console.log(line);
  const answerBytes = Math.round(
    finalAnswerBytes.reduce((n, b) => n + b, 0) / Math.max(1, finalAnswerBytes.length),
  );
  console.log(
    `  answers           ${answerBytes} bytes per candidate's answer map on average (${QUESTIONS} questions)`,
  );

  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'windows.json'), JSON.stringify({ probe, windows: series }, null, 2));
  writeFileSync(
    join(OUT, 'chart.html'),
    chartPage(
      `Exam load test: ${N.toLocaleString('en')} candidates`,
      `${WORKERS} API worker process(es), ${CONCURRENCY} candidates at a time, ${new Date().toISOString()}: requests/s and latency per 10 s window`,
      series,
    ),
  );
  console.log(`  chart             ${join(OUT, 'chart.html')} (requests/s and p95 per 10 s)`);
  if (WRITE_UNITS) {
    mkdirSync(dirname(UNITS_FILE), { recursive: true });
    writeFileSync(
      UNITS_FILE,
      `${JSON.stringify(unitsJson({ candidates: N, questions: QUESTIONS, answerBytes }, steps, otherSteps), null, 2)}\n`,
    );
    console.log(`  units             written to ${UNITS_FILE}`);
  }
  console.log(
    `  checked           ${started.length.toLocaleString('en')} attempts read back: ${lost} with answers lost, ${wrong} graded wrongly, ${notGraded} not graded, ${sweptWrongly} submitted by the wrong party, ${sweptLate} swept late`,
  );
  for (const line of problems) console.log(`    ${line}`);
  failed =
    errors > 0 ||
    started.length !== N ||
    lost + wrong + notGraded + sweptWrongly + sweptLate > 0 ||
    swept !== neverSubmitted.length;
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await cloud.stop();
}
process.exit(failed ? 1 : 0);
