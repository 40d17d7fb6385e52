/**
 * `npm run load:exam`: N simulated candidates (default 2,000; LOAD_CANDIDATES) take one exam on a
 * local cloud started here — sign in, start, read the paper, autosave three times, submit — a
 * few dozen at a time (LOAD_CONCURRENCY). Then it waits for the grader and checks that every
 * attempt was graded with exactly the points its saved answers are worth: nothing lost, nothing
 * counted twice. Prints throughput, latency percentiles per step and the grader's rate.
 */
import { performance } from 'node:perf_hooks';
import { type Answer, scoreAnswer } from '../../functions/exams/domain/questions.ts';
import { makeExamEntities } from '../../functions/exams/entities.ts';
import { startLocalCloud } from '../../infra/local/cloud.ts';
import { fetchDevToken } from '../../infra/local/dev-token.ts';
import { makeAuthEntities } from '../../shared/auth/store.ts';
import { documentClient } from '../../shared/db/client.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.LOG_LEVEL = 'SILENT';

const N = Number(process.env.LOAD_CANDIDATES ?? 2_000);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 48);
const SCHOOL = 'THPT-TRANPHU';
const silent = { info() {}, error() {} };

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
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

const cloud = await startLocalCloud({
  ports: { api: 0, oidc: 0, vneid: 0, ses: 0, dynamodb: 0, s3: 0, sqs: 0, sfn: 0 },
  demoLearners: 0,
  demoTitles: 0,
  log: silent,
});
let failed = false;
try {
  const table = cloud.env.TABLE_NAME!;
  const deps = { client: documentClient(), table };
  const auth = makeAuthEntities(deps);
  const exams = makeExamEntities(deps);
  const staffTokens = new Map<string, string>();
  const call = async <T>(token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${cloud.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const as = async (user: string) => {
    if (!staffTokens.has(user)) staffTokens.set(user, await fetchDevToken(cloud.issuer, user));
    return staffTokens.get(user)!;
  };

  // The candidates: student accounts of one school.
  const candidates = Array.from({ length: N }, (_, i) => `ts${String(i + 1).padStart(5, '0')}`);
  const at = new Date().toISOString();
  for (let i = 0; i < N; i += 500) {
    const slice = candidates.slice(i, i + 500);
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

  // The bank, a paper of 12 questions in 4 variants, a session open now.
  const subject = 'Toán';
  const keys = new Map<string, unknown>();
  const question = async (n: number, body: Record<string, unknown>) => {
    const created = await call<{ questionId: string }>(
      await as('teacher1'),
      'POST',
      `/org-units/${SCHOOL}/questions`,
      {
        scope: 'school',
        subject,
        grade: 9,
        topic: n < 100 ? 'Đại số' : 'Hình học',
        level: 'application',
        stem: `Câu ${n}`,
        question: body,
      },
    );
    await call(await as('principal1'), 'POST', `/questions/${created.questionId}/review`, {
      expectedVersion: 1,
      decision: 'approve',
    });
    keys.set(created.questionId, body);
  };
  for (let n = 0; n < 16; n++)
    await question(n, {
      type: 'single',
      options: ['A', 'B', 'C', 'D'].map((id) => ({ id, text: id })),
      correct: 'A',
      points: 0.25,
    });
  for (let n = 100; n < 104; n++)
    await question(n, {
      type: 'true-false-group',
      statements: ['a', 'b', 'c', 'd'].map((id) => ({ id, text: id })),
      correct: { a: true, b: false, c: true, d: false },
      points: 1,
    });
  const paper = await call<{ paperId: string }>(
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
      ],
    },
  );
  const session = await call<{ sessionId: string }>(
    await as('teacher1'),
    'POST',
    `/org-units/${SCHOOL}/exam-sessions`,
    {
      paperId: paper.paperId,
      title: 'Thi thử vào lớp 10',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
      durationMinutes: 120,
      passMark: 2,
      candidates,
    },
  );
  const base = `/exam-sessions/${session.sessionId}/attempt`;

  // Tokens first (sign-in is not the exam's load).
  const tokens: string[] = [];
  await pool(candidates, 16, async (c, i) => {
    tokens[i] = await fetchDevToken(cloud.issuer, c);
  });

  const latency: Record<'start' | 'paper' | 'autosave' | 'submit', number[]> = {
    start: [],
    paper: [],
    autosave: [],
    submit: [],
  };
  const timed = async <T>(step: keyof typeof latency, run: () => Promise<T>) => {
    const t = performance.now();
    const result = await run();
    latency[step].push(performance.now() - t);
    return result;
  };
  const expected = new Map<string, number>();
  let errors = 0;
  const started = performance.now();
  await pool(candidates, CONCURRENCY, async (candidate, i) => {
    const token = tokens[i]!;
    const deviceId = `device-${candidate}`;
    try {
      const view = await timed('start', () =>
        call<{ paperUrl: string; order: { questionId: string }[] }>(token, 'POST', base, { deviceId }),
      );
      await timed('paper', async () => (await fetch(view.paperUrl)).arrayBuffer());
      // Three saves, a third of the questions each; one question changes its answer in a later save.
      const answers = new Map<string, Answer>();
      const ids = view.order.map((q) => q.questionId);
      for (let seq = 1; seq <= 3; seq++) {
        const batch: Record<string, Answer> = {};
        ids.forEach((id, k) => {
          if (k % 3 !== seq - 1 && !(seq === 3 && k === 0)) return;
          const body = keys.get(id) as { type: string };
          const answer: Answer =
            body.type === 'single'
              ? { choice: (i + k + seq) % 3 === 0 ? 'B' : 'A' }
              : { statements: { a: true, b: (i + k) % 2 === 0, c: true, d: false } };
          batch[id] = answer;
          answers.set(id, answer);
        });
        await timed('autosave', () =>
          call(token, 'PUT', `${base}/answers`, { deviceId, seq, answers: batch }),
        );
      }
      await timed('submit', () => call(token, 'POST', `${base}/submit`));
      expected.set(
        candidate,
        [...answers].reduce((n, [id, a]) => n + scoreAnswer(keys.get(id) as never, a).points, 0),
      );
    } catch (error) {
      errors++;
      if (errors <= 3) console.error(`${candidate}: ${(error as Error).message}`);
    }
  });
  const takingSeconds = (performance.now() - started) / 1000;

  // The grader: every attempt graded, each with exactly the points of its saved answers.
  const gradeStarted = performance.now();
  let graded: { accountId: string; status: string; points?: number }[] = [];
  for (;;) {
    const { data } = await exams.attempt.query
      .bySession({ sessionId: session.sessionId })
      .go({ pages: 'all', attributes: ['accountId', 'status', 'points'] });
    graded = data;
    if (
      data.filter((a) => a.status === 'graded').length >= expected.size ||
      performance.now() - gradeStarted > 300_000
    )
      break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const gradeSeconds = (performance.now() - gradeStarted) / 1000;
  const wrong = graded.filter(
    (a) => a.status !== 'graded' || Math.abs((a.points ?? -1) - (expected.get(a.accountId) ?? -2)) > 1e-6,
  );
  const lost = expected.size - graded.filter((a) => expected.has(a.accountId)).length;
  const requests = Object.values(latency).reduce((n, l) => n + l.length, 0);
  const answersSaved = [...expected.keys()].length * 12;

  // The grader alone: every attempt back to `submitted`, then the worker's own handler grades
  // them again from SQS-shaped batches of 10, four batches at a time, as Lambda would.
  const { handler: grade } = await import('../../functions/exams/workers/grade-attempts.ts');
  for (let i = 0; i < graded.length; i += 25)
    await Promise.all(
      graded
        .slice(i, i + 25)
        .map((a) =>
          exams.attempt
            .patch({ sessionId: session.sessionId, accountId: a.accountId })
            .set({ status: 'submitted' })
            .go(),
        ),
    );
  const batches: { sessionId: string; accountId: string }[][] = [];
  for (let i = 0; i < graded.length; i += 10)
    batches.push(
      graded.slice(i, i + 10).map((a) => ({ sessionId: session.sessionId, accountId: a.accountId })),
    );
  const regradeStarted = performance.now();
  await pool(batches, 4, async (batch, b) => {
    await grade(
      {
        Records: batch.map((m, k) => ({
          messageId: `${b}-${k}`,
          receiptHandle: 'load',
          body: JSON.stringify(m),
          attributes: {} as never,
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:local:000000000000:exam-grading',
          awsRegion: 'local',
        })),
      },
      { awsRequestId: `load-${b}`, getRemainingTimeInMillis: () => 60_000 } as never,
    );
  });
  const regradeSeconds = (performance.now() - regradeStarted) / 1000;
  const { data: regraded } = await exams.attempt.query
    .bySession({ sessionId: session.sessionId })
    .go({ pages: 'all', attributes: ['accountId', 'status', 'points'] });
  const changed = regraded.filter(
    (a) => a.status !== 'graded' || Math.abs((a.points ?? -1) - (expected.get(a.accountId) ?? -2)) > 1e-6,
  );

  console.log(
    `\nExam load test: ${N.toLocaleString('en')} candidates, ${CONCURRENCY} at a time, on the local cloud`,
  );
  console.log(
    `  taking the exam   ${takingSeconds.toFixed(1)} s, ${(requests / takingSeconds).toFixed(0)} requests/s (${requests.toLocaleString('en')} requests), ${errors} errors`,
  );
  for (const [step, xs] of Object.entries(latency))
    console.log(
      `  ${step.padEnd(17)} p50 ${percentile(xs, 50).toFixed(0)} ms, p95 ${percentile(xs, 95).toFixed(0)} ms, p99 ${percentile(xs, 99).toFixed(0)} ms`,
    );
  console.log(
    `  grading           all ${graded.filter((a) => a.status === 'graded').length.toLocaleString('en')} attempts graded ${gradeSeconds.toFixed(1)} s after the last submit`,
  );
  console.log(
    `  grader alone      ${(answersSaved / regradeSeconds).toFixed(0)} answers graded/s (${regraded.length.toLocaleString('en')} attempts × 12 answers in ${regradeSeconds.toFixed(1)} s, batches of 10, 4 at a time)`,
  );
  console.log(
    `  checked           ${lost} attempts lost, ${wrong.length} graded wrongly, ${changed.length} changed by grading again`,
  );
  failed = errors > 0 || lost > 0 || wrong.length > 0 || changed.length > 0;
} finally {
  await cloud.stop();
}
process.exit(failed ? 1 : 0);
