/**
 * `npm run load:courses`: N simulated teachers (default 300; LOAD_LEARNERS) learn one BDTX module
 * at once on a local cloud started here: enrol, watch its video lecture reporting what they
 * played every few seconds, open its reading, play its cmi5 lesson (statements to the store),
 * and read their course home back. The clock is the
 * server's, as in production; to keep the run short the video is 45 s long, played at 1.5× and
 * reported every 3 s (a real player: 15 s at 1×, the same share of the budget the server allows).
 *
 * Behaviours: most watch straight through; some seek to the end (must not complete), some lie
 * (report the whole video at once: not credited), some lose reports to the network (sent again
 * with the next one), some reload mid-video (the home must give back where they were), some send
 * a report twice at once (a retry racing its original: one may be refused, nothing lost).
 *
 * The oracle is the simulator's own: each teacher keeps, in half-second ticks, the video it
 * delivered in reports the server accepted (an honest report always fits the budget by design),
 * so the expected coverage and completion never come from the server's code. Fails if any
 * teacher's coverage, completion or share done differs.
 *
 * Prints: requests, latency per step, DynamoDB units per report and per statement (measured from
 * every call's ConsumedCapacity) beside the minimum, and what that means for 20,000 teachers in
 * one window: units per learner-hour, writes per second, cost per learner-hour.
 */
import './exam-load/quiet.ts';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeCourseEntities } from '../../functions/courses/entities.ts';
import { PRICES } from '../../functions/exams/domain/capacity-plan.ts';
import { makeRepositoryEntities } from '../../functions/repository/entities.ts';
import { startLocalCloud } from '../../infra/local/cloud.ts';
import { DEMO_PACKAGES, seedDemoPackages } from '../../infra/local/demo-courses.ts';
import { DEMO_LECTURE, demoResourceId, seedDemoLecture } from '../../infra/local/demo-repository.ts';
import { fetchDevToken } from '../../infra/local/dev-token.ts';
import { makeAuthEntities } from '../../shared/auth/store.ts';
import { documentClient } from '../../shared/db/client.ts';
import { percentile } from './exam-load/report.ts';

const N = Number(process.env.LOAD_LEARNERS ?? 300);
const SCHOOL = 'THPT-TRANPHU';
const DURATION = 45;
const RATE = 1.5;
const REPORT_MS = 3_000;
/** Video played between two reports. */
const STEP = (REPORT_MS / 1000) * RATE;
/** A real player reports every 15 s: reports per learner-hour of watching. */
const REAL_REPORTS_PER_HOUR = 3600 / 15;
const WINDOW_TEACHERS = 20_000;

type Behaviour = 'steady' | 'seeker' | 'cheater' | 'flaky' | 'reloader' | 'double';
const behaviourOf = (i: number): Behaviour =>
  (
    [
      'steady',
      'steady',
      'steady',
      'seeker',
      'steady',
      'cheater',
      'steady',
      'flaky',
      'reloader',
      'double',
    ] as const
  )[i % 10]!;
type Step =
  | 'enrol'
  | 'home'
  | 'report'
  | 'open'
  | 'verify'
  | 'launch'
  | 'fetch'
  | 'state'
  | 'statement'
  | 'cmi5-verb';
/** The cmi5 lesson: statements a unit sends besides cmi5's own (a page read, a question answered). */
const CMI5_EXTRA_STATEMENTS = 6;
const CMI5_VERBS = new Set(['initialized', 'completed', 'passed', 'failed', 'terminated']);
/** A real unit sends about one statement every 30 s while someone learns in it. */
const REAL_STATEMENTS_PER_HOUR = 3600 / 30;

const silent = { info() {}, error() {} };
const fail = (message: string): never => {
  throw new Error(message);
};

const cloud = await startLocalCloud({
  ports: { api: 0, oidc: 0, vneid: 0, ses: 0, dynamodb: 0, s3: 0, sqs: 0, sfn: 0 },
  demoLearners: 0,
  demoTitles: 0,
  demoDiplomas: 0,
  log: silent,
  apiWorkers: 2,
  capacityHeader: true,
});
let failed = false;
try {
  const deps = { client: documentClient(), table: cloud.env.TABLE_NAME! };
  await seedDemoLecture(() => makeRepositoryEntities(deps));
  await seedDemoPackages(() => makeCourseEntities(deps));

  // ---- Requests, their latency and units ----
  const latency = new Map<Step, number[]>();
  const units = new Map<Step, { calls: number; rru: number; wru: number }>();
  let refused = 0;
  const call = async <T>(
    step: Step,
    token: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = { authorization: `Bearer ${token}` },
  ) => {
    const t = performance.now();
    const res = await fetch(`${cloud.apiUrl}${path}`, {
      method,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const json = (text ? JSON.parse(text) : undefined) as T;
    if (!latency.has(step)) latency.set(step, []);
    latency.get(step)!.push(performance.now() - t);
    const consumed = res.headers.get('x-consumed-capacity');
    if (consumed) {
      const c = JSON.parse(consumed) as { rru: number; wru: number };
      const u = units.get(step) ?? { calls: 0, rru: 0, wru: 0 };
      units.set(step, { calls: u.calls + 1, rru: u.rru + c.rru, wru: u.wru + c.wru });
    }
    return { status: res.status, body: json };
  };
  const ok = async <T>(
    step: Step,
    token: string,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => {
    const res = await call<T>(step, token, method, path, body, headers);
    if (res.status >= 300) fail(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  // ---- The teachers' accounts ----
  const auth = makeAuthEntities(deps);
  const teachers = Array.from({ length: N }, (_, i) => `lgv${String(i + 1).padStart(5, '0')}`);
  const at = new Date().toISOString();
  for (let i = 0; i < N; i += 500) {
    const slice = teachers.slice(i, i + 500);
    await auth.account
      .put(
        slice.map((accountId) => ({
          accountId,
          fullName: `Giáo viên ${accountId}`,
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
          assignmentId: 'bdtx',
          role: 'teacher' as const,
          scopeOrgUnitId: SCHOOL,
          grantedBy: 'load',
          grantedAt: at,
        })),
      )
      .go({ concurrency: 8 });
  }

  // ---- The module: a 45-second lecture and a reading ----
  const admin = await fetchDevToken(cloud.issuer, 'admin');
  const created = await ok<{ moduleId: string; revision: number }>(
    'enrol',
    admin,
    'POST',
    '/org-units/SGD/course-modules',
    {
      code: `LOAD-${Date.now() % 100_000}`,
      title: 'Tổ chức hoạt động giáo dục STEM (tải thử)',
      programme: '03',
      periods: 15,
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      audience: { roles: ['teacher'], levels: ['04'], subjects: [] },
    },
  );
  const outlined = await ok<{ revision: number; outline: { items: { itemId: string; kind: string }[] }[] }>(
    'enrol',
    admin,
    'PUT',
    `/course-modules/${created.moduleId}/outline`,
    {
      chapters: [
        {
          title: 'Chương 1',
          items: [
            {
              kind: 'video',
              title: 'Bài giảng',
              resourceId: DEMO_LECTURE.resourceId,
              durationSeconds: DURATION,
            },
            { kind: 'document', title: 'Tài liệu đọc', resourceId: demoResourceId(1) },
            {
              kind: 'package',
              title: 'Bài học cmi5',
              packageId: DEMO_PACKAGES.cmi5.packageId,
              unitRef: DEMO_PACKAGES.cmi5.unitRef,
            },
          ],
        },
      ],
      expectedRevision: created.revision,
    },
  );
  await ok('enrol', admin, 'POST', `/course-modules/${created.moduleId}/publish`, {
    expectedRevision: outlined.revision,
  });
  units.clear();
  latency.clear();
  const items = outlined.outline[0]!.items;
  const video = items.find((i) => i.kind === 'video')!.itemId;
  const reading = items.find((i) => i.kind === 'document')!.itemId;
  const lesson = items.find((i) => i.kind === 'package')!.itemId;
  let statementsSent = 0;
  let statementsRefused = 0;
  const base = `/me/courses/${created.moduleId}`;

  interface Home {
    done: number;
    total: number;
    enrolment?: { completedAt?: string };
    chapters: { items: { itemId: string; complete: boolean; covered?: number; position?: number }[] }[];
  }
  const problems: string[] = [];
  let reports = 0;

  /** One teacher: its oracle is the ticks of video it delivered in accepted reports. */
  async function learn(account: string, i: number) {
    const behaviour = behaviourOf(i);
    const token = await fetchDevToken(cloud.issuer, account);
    const credited = new Set<number>();
    const credit = ([a, b]: number[]) => {
      for (let t = Math.round(a! * 2); t < Math.round(b! * 2); t++) credited.add(t);
    };
    let lastPosition = 0;
    let held: number[][] = [];
    const report = async (stretches: number[][], position: number, lie = false) => {
      const res = await call<{ complete: boolean; dropped: number; title?: string }>(
        'report',
        token,
        'POST',
        `${base}/items/${video}/watched`,
        { stretches, position },
      );
      reports++;
      if (res.status === 409) {
        refused++;
        return false;
      }
      if (res.status !== 200) fail(`${account}: report ${res.status} ${JSON.stringify(res.body)}`);
      if (!lie) for (const s of stretches) credit(s);
      lastPosition = position;
      return true;
    };

    await sleep(Math.random() * REPORT_MS);
    await ok('enrol', token, 'POST', `${base}/enrolment`);
    const first = await ok<Home>('home', token, 'GET', base);
    if (first.done !== 0) problems.push(`${account}: ${first.done} done before learning`);
    await report([], 0);
    let pos = 0;
    let n = 0;
    while (pos < DURATION) {
      await sleep(REPORT_MS);
      n++;
      let from = pos;
      if (behaviour === 'seeker' && n === 2) from = DURATION - STEP; // a seek: the skipped part is not played
      const to = Math.min(DURATION, from + STEP);
      pos = to;
      const stretches = [...held, [from, to]];
      held = [];
      if (behaviour === 'cheater' && n === 2) {
        await report([[0, DURATION]], DURATION, true);
        break;
      }
      if (behaviour === 'flaky' && n % 3 === 0) {
        held = stretches; // lost on the way: the player keeps it for the next report
        continue;
      }
      if (behaviour === 'reloader' && n === 4) {
        const home = await ok<Home>('home', token, 'GET', base);
        const item = home.chapters[0]!.items.find((x) => x.itemId === video)!;
        if (item.position !== lastPosition)
          problems.push(`${account}: resumed at ${item.position}, left at ${lastPosition}`);
      }
      if (behaviour === 'double' && n === 3) {
        const [a, b] = await Promise.all([report(stretches, to), report(stretches, to)]);
        if (!a && !b) held = stretches;
        continue;
      }
      if (!(await report(stretches, to))) held = stretches;
    }
    if (held.length) {
      await sleep(REPORT_MS);
      if (!(await report(held, pos))) problems.push(`${account}: the last report was refused twice`);
    }
    await ok('open', token, 'POST', `${base}/items/${reading}/open`);
    await playCmi5(account, token, behaviour);

    const home = await ok<Home>('verify', token, 'GET', base);
    const item = home.chapters[0]!.items.find((x) => x.itemId === video)!;
    const expected = credited.size / 2;
    const complete = expected >= 0.9 * DURATION;
    if (Math.abs((item.covered ?? 0) - expected) > 0.05)
      problems.push(`${account} (${behaviour}): covered ${item.covered}, played ${expected}`);
    if (item.complete !== complete)
      problems.push(`${account} (${behaviour}): complete ${item.complete}, expected ${complete}`);
    if ((behaviour === 'seeker' || behaviour === 'cheater') && item.complete)
      problems.push(`${account} (${behaviour}): completed without watching`);
    const done = (complete ? 1 : 0) + 2;
    if (home.done !== done || home.total !== 3)
      problems.push(`${account}: ${home.done}/${home.total} done, expected ${done}/3`);
    if (Boolean(home.enrolment?.completedAt) !== complete)
      problems.push(`${account}: module completion ${home.enrolment?.completedAt}, expected ${complete}`);
    return behaviour;
  }

  /**
   * The cmi5 lesson, as its unit does it: launch, the token fetched once, LaunchData, initialized,
   * a statement every moment, completed, passed, terminated. Its oracle: the statements the
   * teacher had accepted, which the registration's list must hold exactly once each (with the
   * LMS's launched and satisfied), and the item complete.
   */
  async function playCmi5(account: string, token: string, behaviour: Behaviour) {
    const launched = await ok<{ launchUrl: string }>(
      'launch',
      token,
      'POST',
      `${base}/items/${lesson}/launch`,
    );
    const q = new URL(launched.launchUrl, cloud.apiUrl).searchParams;
    const fetchUrl = new URL(q.get('fetch')!);
    const fetched = await ok<{ 'auth-token': string }>(
      'fetch',
      '',
      'POST',
      `${fetchUrl.pathname}${fetchUrl.search}`,
      undefined,
      {},
    );
    const xapi = {
      authorization: `Basic ${fetched['auth-token']}`,
      'x-experience-api-version': '1.0.3',
    };
    const actor = JSON.parse(q.get('actor')!);
    const where = new URLSearchParams({
      activityId: q.get('activityId')!,
      agent: q.get('actor')!,
      registration: q.get('registration')!,
      stateId: 'LMS.LaunchData',
    });
    const launchData = await ok<{ contextTemplate: { extensions: Record<string, string> } }>(
      'state',
      '',
      'GET',
      `/api/xapi/activities/state?${where}`,
      undefined,
      xapi,
    );
    const sessionExt = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
    const statement = (verb: string, extra: Record<string, unknown> = {}) => ({
      id: crypto.randomUUID(),
      actor,
      verb: { id: verb.startsWith('http') ? verb : `http://adlnet.gov/expapi/verbs/${verb}` },
      object: { id: q.get('activityId')! },
      context: {
        registration: q.get('registration')!,
        extensions: { [sessionExt]: launchData.contextTemplate.extensions[sessionExt] },
      },
      ...extra,
    });
    const accepted = new Set<string>();
    /** Sends a statement until it is answered (a racing twin may make it wait its turn once or twice). */
    const send = async (s: ReturnType<typeof statement>, expect = 200) => {
      for (let attempt = 1; attempt <= 5; attempt++) {
        // cmi5's own verbs are read, checked and written with the session; the rest are written alone.
        const step = CMI5_VERBS.has(s.verb.id.split('/').pop()!) ? 'cmi5-verb' : 'statement';
        const res = await call<unknown>(step, '', 'POST', '/api/xapi/statements', s, xapi);
        statementsSent++;
        if (res.status === expect) {
          if (expect === 200) accepted.add(s.id);
          else statementsRefused++;
          return;
        }
        if (res.status !== 409) break;
        await sleep(50 * attempt);
      }
      problems.push(`${account}: statement ${s.verb.id.split('/').pop()} not answered ${expect}`);
    };
    await send(statement('initialized'));
    for (let k = 1; k <= CMI5_EXTRA_STATEMENTS; k++) {
      await sleep(200);
      const s = statement('experienced', { object: { id: `${q.get('activityId')}/trang-${k}` } });
      if (behaviour === 'double' && k === 2) await Promise.all([send(s), send(s)]);
      else await send(s);
    }
    if (behaviour === 'cheater') {
      await send(statement('voided', { object: { objectType: 'StatementRef', id: [...accepted][0] } }), 403);
      await send(statement('passed', { result: { success: true, score: { scaled: 0.1 } } }), 403);
    }
    await send(statement('completed'));
    await send(statement('passed', { result: { success: true, score: { scaled: 0.9 } } }));
    await send(statement('terminated'));

    const list = await ok<{ statements: { id: string; verb: { id: string } }[] }>(
      'verify',
      '',
      'GET',
      '/api/xapi/statements?limit=100',
      undefined,
      xapi,
    );
    const ids = list.statements.map((s) => s.id);
    const verbs = list.statements.map((s) => s.verb.id.split('/').pop());
    if (new Set(ids).size !== ids.length) problems.push(`${account}: a statement stored twice`);
    for (const id of accepted)
      if (!ids.includes(id)) problems.push(`${account}: accepted statement ${id} lost`);
    if (ids.length !== accepted.size + 2 || !verbs.includes('launched') || !verbs.includes('satisfied'))
      problems.push(
        `${account}: ${ids.length} statements stored (${verbs.join(' ')}), expected ${accepted.size} + launched + satisfied`,
      );
  }

  console.log(`\nCourses load test: ${N.toLocaleString('en')} teachers learning one module at once`);
  const started = performance.now();
  const outcomes = await Promise.allSettled(teachers.map((t, i) => learn(t, i)));
  const seconds = (performance.now() - started) / 1000;
  const errors = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
  for (const e of errors.slice(0, 5)) problems.push(String(e.reason));

  const requests = [...latency.values()].reduce((n, l) => n + l.length, 0);
  console.log(
    `  run               ${seconds.toFixed(1)} s, ${requests.toLocaleString('en')} requests (${(requests / seconds).toFixed(0)}/s), ${reports.toLocaleString('en')} video reports, ${refused} refused as racing (sent again)`,
  );
  console.log('  latency (ms)      step      count     p50     p95     p99');
  for (const [step, ms] of latency)
    console.log(
      `                    ${step.padEnd(8)} ${String(ms.length).padStart(6)} ${percentile(ms, 50).toFixed(0).padStart(7)} ${percentile(ms, 95).toFixed(0).padStart(7)} ${percentile(ms, 99).toFixed(0).padStart(7)}`,
    );
  console.log(
    '  units per call    step      RRU     WRU   (minimum: a report reads and writes the one progress item, < 1 KB: 0.5 RRU, 1 WRU)',
  );
  for (const [step, u] of units)
    console.log(
      `                    ${step.padEnd(8)} ${(u.rru / u.calls).toFixed(2).padStart(6)} ${(u.wru / u.calls).toFixed(2).padStart(7)}`,
    );
  const r = units.get('report');
  if (r) {
    const rru = r.rru / r.calls;
    const wru = r.wru / r.calls;
    const perHour = { rru: rru * REAL_REPORTS_PER_HOUR, wru: wru * REAL_REPORTS_PER_HOUR };
    const usd = (perHour.rru * PRICES.dynamoRruPerMillion + perHour.wru * PRICES.dynamoWruPerMillion) / 1e6;
    console.log(
      `  per learner-hour  ${REAL_REPORTS_PER_HOUR} reports (one per 15 s): ${perHour.rru.toFixed(0)} RRU + ${perHour.wru.toFixed(0)} WRU (minimum 120 + 240), DynamoDB $${usd.toFixed(5)} — an upper bound: the completing report (a transaction with the enrolment, once per video) is 1 in 10 here, 1 in 60 for a 15-minute lecture`,
    );
    console.log(
      `  ${WINDOW_TEACHERS.toLocaleString('en')} watching   ${((WINDOW_TEACHERS / 15) * wru).toFixed(0)} WRU/s and ${((WINDOW_TEACHERS / 15) * rru).toFixed(0)} RRU/s, each on the teacher's own partition (no hot item); $${(usd * WINDOW_TEACHERS).toFixed(2)} an hour`,
    );
  }
  const st = units.get('statement');
  const verbs = units.get('cmi5-verb');
  if (st && verbs) {
    // A real lesson: its four cmi5 verbs once, the rest of its hour's statements plain.
    const plain = REAL_STATEMENTS_PER_HOUR - 4;
    const rru =
      (st.rru / st.calls) * (plain / REAL_STATEMENTS_PER_HOUR) +
      (verbs.rru / verbs.calls) * (4 / REAL_STATEMENTS_PER_HOUR);
    const wru =
      (st.wru / st.calls) * (plain / REAL_STATEMENTS_PER_HOUR) +
      (verbs.wru / verbs.calls) * (4 / REAL_STATEMENTS_PER_HOUR);
    const perHour = { rru: rru * REAL_STATEMENTS_PER_HOUR, wru: wru * REAL_STATEMENTS_PER_HOUR };
    const usd = (perHour.rru * PRICES.dynamoRruPerMillion + perHour.wru * PRICES.dynamoWruPerMillion) / 1e6;
    console.log(
      `  statement store   ${statementsSent.toLocaleString('en')} statements sent one per request (${statementsRefused} refused as they must be): a plain one ${(st.rru / st.calls).toFixed(2)} RRU + ${(st.wru / st.calls).toFixed(2)} WRU (minimum: 0.5 RRU to read the session, 1 WRU for the statement, 1 for its index entry), one of cmi5's verbs ${(verbs.rru / verbs.calls).toFixed(2)} RRU + ${(verbs.wru / verbs.calls).toFixed(2)} WRU (with the session, in a transaction)`,
    );
    console.log(
      `  per learner-hour  ${REAL_STATEMENTS_PER_HOUR} statements (one per 30 s, four of them cmi5's): ${perHour.rru.toFixed(0)} RRU + ${perHour.wru.toFixed(0)} WRU, DynamoDB $${usd.toFixed(5)}; ${WINDOW_TEACHERS.toLocaleString('en')} in cmi5 units at once: ${((WINDOW_TEACHERS / 30) * wru).toFixed(0)} WRU/s, $${(usd * WINDOW_TEACHERS).toFixed(2)} an hour`,
    );
  }
  const byBehaviour = new Map<string, number>();
  for (const o of outcomes)
    if (o.status === 'fulfilled') byBehaviour.set(o.value, (byBehaviour.get(o.value) ?? 0) + 1);
  console.log(
    `  checked           ${[...byBehaviour].map(([b, n]) => `${n} ${b}`).join(', ')}: ${problems.length} problems (progress lost, credited wrongly, completed wrongly)`,
  );
  for (const line of problems.slice(0, 20)) console.log(`    ${line}`);
  failed = problems.length > 0 || errors.length > 0;
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await cloud.stop();
}
process.exit(failed ? 1 : 0);
