/**
 * Faults on exam day, against the real grading worker in a process of its own reading a queue
 * with the manifest's visibility timeout (360 s, not 1 s): the process is killed (SIGKILL) in the
 * middle of a batch; messages are delivered twice and out of order; answers were saved out of
 * order. Every attempt ends graded exactly once (its revision moved once) with the points its
 * final answers earn — computed here from the generated key with the national rules written out
 * again, not by the grader's scoring function.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import { createInterface } from 'node:readline';
import {
  ChangeMessageVisibilityBatchCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examEntities } from '../../functions/exams/entities.ts';
import { examsManifest } from '../../functions/exams/manifest.ts';
import { GRADING_QUEUE } from '../../functions/exams/messages.ts';
import { keyPath } from '../../functions/exams/paths.ts';
import { makeSessions, type SessionItem } from '../../functions/exams/sessions.ts';
import { resetConfig } from '../../shared/config.ts';
import { putObject } from '../../shared/storage/s3.ts';
import { cloud, eventually, useCloudEnvironment } from '../support/cloud.ts';
import { putPaperCopy } from '../support/papers.ts';

const SCHOOL = 'THPT-TRANPHU';
const run = Date.now() % 1_000_000;
const CANDIDATES = 30;
const students = Array.from({ length: CANDIDATES }, (_, n) => `gc${run}-${n}`);
const VISIBILITY = examsManifest.queues![GRADING_QUEUE]!.visibilityTimeoutSeconds;

/** The national true/false credit (Quy chế thi tốt nghiệp THPT 2025): 1 → 0.1, 2 → 0.25, 3 → 0.5, 4 → 1. */
const TRUE_FALSE_CREDIT = [0, 0.1, 0.25, 0.5, 1];
const STATEMENTS = ['a', 'b', 'c', 'd'];
const OPTIONS = ['A', 'B', 'C', 'D'];

type Key =
  | { type: 'single'; correct: string; points: number }
  | { type: 'true-false-group'; correct: Record<string, boolean>; points: number };

/** A random paper of 8 single-choice questions (1 point) and 4 true/false groups (1 point). */
function generatedKey(): Map<string, Key> {
  const key = new Map<string, Key>();
  for (let i = 0; i < 8; i++)
    key.set(randomUUID(), { type: 'single', correct: OPTIONS[Math.floor(Math.random() * 4)]!, points: 1 });
  for (let i = 0; i < 4; i++)
    key.set(randomUUID(), {
      type: 'true-false-group',
      correct: Object.fromEntries(STATEMENTS.map((s) => [s, Math.random() < 0.5])),
      points: 1,
    });
  return key;
}

/** Candidate n's final answers, chosen knowing the key, and the points they are worth. */
function answersOf(key: Map<string, Key>, n: number) {
  const answers: Record<string, unknown> = {};
  let points = 0;
  [...key].forEach(([questionId, q], j) => {
    if (q.type === 'single') {
      const right = (n + j) % 3 !== 0;
      answers[questionId] = { choice: right ? q.correct : OPTIONS[(OPTIONS.indexOf(q.correct) + 1) % 4] };
      if (right) points += q.points;
    } else {
      const rightCount = (n + j) % 5;
      answers[questionId] = {
        statements: Object.fromEntries(
          STATEMENTS.map((s, k) => [s, k < rightCount ? q.correct[s] : !q.correct[s]]),
        ),
      };
      points += q.points * TRUE_FALSE_CREDIT[rightCount]!;
    }
  });
  return { answers, points };
}

/** Every answer wrong: what an older save carried. */
function wrongAnswers(key: Map<string, Key>) {
  return Object.fromEntries(
    [...key].map(([questionId, q]) => [
      questionId,
      q.type === 'single'
        ? { choice: OPTIONS[(OPTIONS.indexOf(q.correct) + 2) % 4] }
        : { statements: Object.fromEntries(STATEMENTS.map((s) => [s, !q.correct[s]])) },
    ]),
  );
}

/**
 * DynamoDB for the first grader: forwards its calls one transaction at a time, and after `killAfter`
 * grading transactions have committed kills the grader (SIGKILL) and forwards nothing more.
 */
function killingProxy(target: string, killAfter: number, kill: () => void) {
  let committed = 0;
  let dead = false;
  let chain = Promise.resolve();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const forward = () =>
        new Promise<void>((done) => {
          if (dead) {
            res.destroy();
            return done();
          }
          const url = new URL(target);
          const upstream = request(
            { host: url.hostname, port: url.port, method: req.method, path: req.url, headers: req.headers },
            (up) => {
              const parts: Buffer[] = [];
              up.on('data', (c: Buffer) => parts.push(c));
              up.on('end', () => {
                res.writeHead(up.statusCode ?? 502, up.headers);
                res.end(Buffer.concat(parts));
                done();
              });
            },
          );
          upstream.on('error', () => done());
          upstream.end(body);
        });
      if (String(req.headers['x-amz-target']).endsWith('TransactWriteItems'))
        chain = chain.then(async () => {
          await new Promise((r) => setTimeout(r, 100));
          await forward();
          if (!dead && ++committed === killAfter) {
            dead = true;
            kill();
          }
        });
      else void forward();
    });
  });
  return new Promise<{ url: string; server: Server }>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, server });
    }),
  );
}

describe('the grader on exam day', () => {
  const key = generatedKey();
  const expected = new Map<string, number>();
  const submittedRevision = new Map<string, number>();
  const children: ChildProcess[] = [];
  let sqs: SQSClient;
  let queueUrl: string;
  let dlqUrl: string;
  let sessionId: string;
  let proxy: Server | undefined;

  function grader(env: Record<string, string>) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/grader-process.ts'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, LOG_LEVEL: 'ERROR', GRADER_QUEUE_URL: queueUrl, ...env },
    });
    children.push(child);
    const received: string[][] = [];
    /** The accounts of each batch received, in the same order. */
    const accounts: string[][] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('received ')) received.push(JSON.parse(line.slice('received '.length)) as string[]);
      if (line.startsWith('bodies '))
        accounts.push(
          (JSON.parse(line.slice('bodies '.length)) as string[]).map(
            (b) => (JSON.parse(b) as { accountId: string }).accountId,
          ),
        );
    });
    return { child, received, accounts };
  }

  const attempts = async () => {
    const { data } = await examEntities()
      .attempt.query.bySession({ sessionId })
      .go({ pages: 'all', consistent: true });
    return data;
  };
  const gradedCount = async () => (await attempts()).filter((a) => a.status === 'graded').length;

  beforeAll(async () => {
    useCloudEnvironment();
    sqs = new SQSClient({});
    const names = `exam-grading-crash-${run}`;
    dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${names}-dlq` }))).QueueUrl!;
    const dlqArn = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))
    ).Attributes!.QueueArn!;
    queueUrl = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: names,
          Attributes: {
            VisibilityTimeout: String(VISIBILITY),
            RedrivePolicy: JSON.stringify({
              deadLetterTargetArn: dlqArn,
              maxReceiveCount: examsManifest.queues![GRADING_QUEUE]!.maxReceiveCount,
            }),
          },
        }),
      )
    ).QueueUrl!;
    // Submits in this process send their grading messages to this queue, not the local cloud's.
    process.env.QUEUE_URLS = JSON.stringify({
      ...JSON.parse(cloud().env.QUEUE_URLS!),
      [GRADING_QUEUE]: queueUrl,
    });
    resetConfig();

    // The paper's keys where the grader reads them, the session and its roll (as the API writes them).
    const paperId = randomUUID();
    sessionId = randomUUID();
    await putObject(
      'materials',
      keyPath(paperId, 1, 1),
      JSON.stringify(
        Object.fromEntries(
          [...key].map(([id, q]) => [
            id,
            q.type === 'single'
              ? { ...q, options: OPTIONS.map((o) => ({ id: o, text: o })) }
              : { ...q, statements: STATEMENTS.map((s) => ({ id: s, text: s })) },
          ]),
        ),
      ),
      'application/json',
    );
    await putPaperCopy(paperId, 1, [...key.keys()]);
    const at = Date.now();
    const session: SessionItem = {
      sessionId,
      ownerUnitId: SCHOOL,
      paperId,
      title: 'Thi thử toàn thành phố',
      opensAt: new Date(at - 60_000).toISOString(),
      closesAt: new Date(at + 3_600_000).toISOString(),
      lateEntryUntil: new Date(at + 3_600_000).toISOString(),
      durationMinutes: 50,
      passMark: 5,
      maxPoints: 12,
      variantCount: 1,
      seed: `seed:${sessionId}`,
      candidateCount: CANDIDATES,
      attemptsAllowed: 1,
      doubleMarking: false,
      markingTolerance: 0.5,
      createdBy: 'teacher1',
      createdAt: new Date(at).toISOString(),
    };
    await examEntities()
      .sessionCandidate.put(
        students.map((accountId, n) => ({
          accountId,
          sessionId,
          title: session.title,
          opensAt: session.opensAt,
          fullName: `Thí Sinh ${n + 1}`,
          schoolId: SCHOOL,
          communeId: 'PHUONG-1',
          room: '-',
          state: 'not-started' as const,
        })),
      )
      .go();
    await examEntities().examSession.create(session).go();

    // Each candidate starts, saves the final answers in two saves, then an older save (all wrong)
    // arrives late; then submits.
    const sessions = makeSessions();
    await Promise.all(
      students.map(async (who, n) => {
        const device = `device-${who}`;
        await sessions.start(session, (await sessions.candidateOf(sessionId, who))!, device);
        const final = answersOf(key, n);
        expected.set(who, final.points);
        const ids = Object.keys(final.answers);
        const half = (from: number, to: number) =>
          Object.fromEntries(ids.slice(from, to).map((q) => [q, final.answers[q]])) as never;
        await sessions.autosave(sessionId, who, { deviceId: device, seq: 4, answers: half(0, 6) });
        await sessions.autosave(sessionId, who, { deviceId: device, seq: 5, answers: half(6, 12) });
        const late = await sessions.autosave(sessionId, who, {
          deviceId: device,
          seq: 3,
          answers: wrongAnswers(key) as never,
        });
        expect(late.stale).toHaveLength(12);
        const submitted = await sessions.submit(sessionId, who);
        expect(submitted.status).toBe('submitted');
        submittedRevision.set(who, submitted.revision);
      }),
    );
  }, 120_000);

  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    proxy?.close();
  });

  it('loses nothing and grades once when the grader is killed mid-batch, with duplicates and late messages', async () => {
    // 1. The first grader is killed after three attempts of its first batch of ten were written.
    let first: ReturnType<typeof grader> | undefined;
    const started = await killingProxy(cloud().env.AWS_ENDPOINT_URL_DYNAMODB!, 3, () =>
      first!.child.kill('SIGKILL'),
    );
    proxy = started.server;
    first = grader({ AWS_ENDPOINT_URL_DYNAMODB: started.url });
    await new Promise((resolve) => first!.child.once('exit', resolve));
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(first.received).toHaveLength(1);
    const inFlight = first.received[0]!;
    expect(inFlight).toHaveLength(10);
    expect(await gradedCount()).toBe(3);

    // 2. Duplicates: a graded attempt's message twice more, two attempts not yet received twice
    // each (in one batch); and a message for an older key version than the attempt's.
    const graded = (await attempts()).filter((a) => a.status === 'graded').map((a) => a.accountId);
    // Two whose messages the killed grader never received (the queue's order is not the send's).
    const inFlightAccounts = new Set(first.accounts[0]);
    const waiting = students.filter((s) => !inFlightAccounts.has(s)).slice(-2);
    expect(waiting).toHaveLength(2);
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [graded[0]!, graded[0]!, ...waiting, ...waiting].map((accountId, i) => ({
          Id: String(i),
          MessageBody: JSON.stringify({ sessionId, accountId, ...(i === 1 ? { keyVersion: 1 } : {}) }),
        })),
      }),
    );

    // 3. A second grader grades what is not in flight; the killed batch's other seven stay
    // hidden for the queue's visibility timeout (360 s), not redelivered early.
    const second = grader({});
    await eventually(async () => ((await gradedCount()) === CANDIDATES - 7 ? true : undefined), 90_000, 500);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await gradedCount()).toBe(CANDIDATES - 7);
    const hidden = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(Number(hidden.Attributes!.ApproximateNumberOfMessagesNotVisible)).toBeGreaterThanOrEqual(7);

    // 4. The visibility timeout ends (the emulator's timers cannot be advanced, so the test stands
    // in for the six minutes: the dead grader's messages become visible, as SQS makes them).
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: inFlight.map((handle, i) => ({
          Id: String(i),
          ReceiptHandle: handle,
          VisibilityTimeout: 0,
        })),
      }),
    );
    await eventually(async () => ((await gradedCount()) === CANDIDATES ? true : undefined), 90_000, 500);
    await eventually(
      async () => {
        const left = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queueUrl,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        const { ApproximateNumberOfMessages: visible, ApproximateNumberOfMessagesNotVisible: hiddenNow } =
          left.Attributes!;
        return Number(visible) + Number(hiddenNow) === 0 ? true : undefined;
      },
      60_000,
      500,
    );
    second.child.kill('SIGTERM');

    // 5. Every attempt graded once (its revision moved once past the submit), with the points
    // its final answers earn; the roll agrees; nothing dead-lettered.
    for (const a of await attempts()) {
      expect({ who: a.accountId, status: a.status, revision: a.revision }).toEqual({
        who: a.accountId,
        status: 'graded',
        revision: submittedRevision.get(a.accountId)! + 1,
      });
      expect(a.points, a.accountId).toBeCloseTo(expected.get(a.accountId)!, 9);
    }
    const { data: roll } = await examEntities()
      .sessionCandidate.query.bySession({ sessionId })
      .go({ pages: 'all' });
    for (const c of roll) {
      expect(c.state).toBe('graded');
      expect(c.points!).toBeCloseTo(expected.get(c.accountId)!, 9);
    }
    const dead = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(Number(dead.Attributes!.ApproximateNumberOfMessages)).toBe(0);
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    console.log(
      `[grader] ${CANDIDATES} attempts, killed after 3 of a batch of 10, 6 duplicate/late messages: all graded once, ${total.toFixed(2)} points in all as expected; visibility timeout ${VISIBILITY} s`,
    );
  }, 180_000);
});
