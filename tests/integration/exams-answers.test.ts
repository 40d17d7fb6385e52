/**
 * What an autosave costs and what it keeps: answers live in small chunk items under the attempt,
 * so saving a changed answer writes one small item (1 WRU), never the whole answer map; the
 * attempt's revision still fences saves from a replaced device or after submitting.
 * Units come from DynamoDB Local's ReturnConsumedCapacity (checked first against items of known
 * size).
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_CHUNKS, chunkPlan } from '../../functions/exams/domain/answers.ts';
import { makeExamEntities } from '../../functions/exams/entities.ts';
import { makeSessions, type SessionItem } from '../../functions/exams/sessions.ts';
import { resetConfig } from '../../shared/config.ts';
import { measuringClient } from '../support/capacity.ts';
import { cloud, useCloudEnvironment } from '../support/cloud.ts';
import { putPaperCopy } from '../support/papers.ts';

const SCHOOL = 'THPT-TRANPHU';
const run = Date.now() % 1_000_000;
const students = Array.from({ length: 24 }, (_, n) => `tk${run}-${n}`);

/** The session's paper: 40 questions (random ids, as a paper's are), five in each chunk by position. */
const PAPER = Array.from({ length: 40 }, () => randomUUID());
const plan = chunkPlan(PAPER);
const chunkOf = (questionId: string) => plan.get(questionId)!;

/** The paper's forty answers, as a candidate near the end holds them. */
const fortyAnswers = () =>
  Object.fromEntries(PAPER.map((id, n) => [id, { choice: ['A', 'B', 'C', 'D'][n % 4]! }]));

describe('autosave at one write unit', () => {
  const measured = measuringClient();
  let table: string;
  let sessionId: string;
  const entities = () => makeExamEntities({ client: measured.client, table });
  let sessions: ReturnType<typeof makeSessions>;
  let session: SessionItem;

  beforeAll(async () => {
    useCloudEnvironment();
    resetConfig();
    table = cloud().env.TABLE_NAME!;
    sessions = makeSessions(entities);
    // The session and its roll written as the organiser's request writes them: starting and
    // saving read nothing else (the paper stays in S3, untouched here).
    sessionId = randomUUID();
    const at = new Date();
    const paperId = randomUUID();
    await putPaperCopy(paperId, 1, PAPER);
    session = {
      sessionId,
      ownerUnitId: SCHOOL,
      paperId,
      title: 'Chi phí lưu bài',
      opensAt: new Date(at.getTime() - 60_000).toISOString(),
      closesAt: new Date(at.getTime() + 3_600_000).toISOString(),
      lateEntryUntil: new Date(at.getTime() + 3_600_000).toISOString(),
      durationMinutes: 60,
      passMark: 1,
      maxPoints: 40,
      variantCount: 1,
      seed: `seed:${sessionId}`,
      candidateCount: students.length,
      attemptsAllowed: 1,
      doubleMarking: false,
      markingTolerance: 0.5,
      createdBy: 'teacher1',
      createdAt: at.toISOString(),
    };
    await entities()
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
    await entities().examSession.create(session).go();
  });

  const begin = async (who: string, deviceId: string) => {
    const candidate = (await sessions.candidateOf(sessionId, who))!;
    return sessions.start(session, candidate, deviceId);
  };

  it('reads consumed units from DynamoDB Local as AWS bills them', async () => {
    const put = async (bytes: number) => {
      measured.reset();
      await measured.client.send(
        new PutCommand({
          TableName: table,
          Item: { pk: `capacity-check#${run}`, sk: String(bytes), filler: 'x'.repeat(bytes) },
        }),
      );
      return measured.units.write;
    };
    // An item's size is its attribute names and values: ~40 bytes of keys and names here.
    expect(await put(900)).toBe(1);
    expect(await put(1_100)).toBe(2);
    expect(await put(2_500)).toBe(3);
  });

  it('saves a changed answer for one write unit, without rewriting the attempt', async () => {
    const who = students[0]!;
    await begin(who, 'device-cost-0001');
    const answers = fortyAnswers();
    await sessions.autosave(sessionId, who, { deviceId: 'device-cost-0001', seq: 1, answers });
    const before = (await sessions.attemptOf(sessionId, who, true))!;
    const [first, ...rest] = Object.keys(answers);
    measured.reset();
    const saved = await sessions.autosave(sessionId, who, {
      deviceId: 'device-cost-0001',
      seq: 2,
      answers: { [first!]: { choice: 'D' } },
    });
    expect(saved.accepted).toEqual([first]);
    const one = { ...measured.units };
    // Three answers in three different chunks: one small item each.
    const spread: string[] = [];
    for (const id of rest)
      if (!spread.some((q) => chunkOf(q) === chunkOf(id)) && chunkOf(id) !== chunkOf(first!)) spread.push(id);
    measured.reset();
    await sessions.autosave(sessionId, who, {
      deviceId: 'device-cost-0001',
      seq: 3,
      answers: Object.fromEntries(spread.slice(0, 3).map((q) => [q, { choice: 'B' }])),
    });
    const three = { ...measured.units };
    console.log(
      `[answers] one changed answer of 40: ${one.write} WRU, ${one.read} RRU (${one.calls.join(', ')}); three in three chunks: ${three.write} WRU, ${three.read} RRU`,
    );
    expect(one.write).toBe(1);
    expect(one.read).toBe(1);
    expect(three.write).toBe(3);
    // The attempt item was not written: same revision, no answers on it.
    const after = (await sessions.attemptOf(sessionId, who, true))!;
    expect(after).toEqual(before);
    expect(after.answers).toBeUndefined();

    // Read back in one Query: every answer, the last save of each winning.
    measured.reset();
    const read = await sessions.withAnswers(after);
    expect(measured.units.calls).toEqual(['Query']);
    expect(Object.keys(read.answers).sort()).toEqual(Object.keys(answers).sort());
    expect(read.answers[first!]).toMatchObject({ seq: 2, answer: { choice: 'D' } });
    expect(read.answers[spread[0]!]).toMatchObject({ seq: 3, answer: { choice: 'B' } });
    expect(read.answers[rest.find((q) => !spread.slice(0, 3).includes(q))!]).toMatchObject({ seq: 1 });
  });

  it('refuses a save that lost the race to a takeover, or shows it on the new device', async () => {
    // Each candidate's phone saves while the laptop takes over: whichever lands first, the
    // answer is either acknowledged and on the laptop's screen, or refused and nowhere.
    const outcomes = await Promise.all(
      students.slice(1, 9).map(async (who, n) => {
        const phone = `device-phone-${n}-00`;
        await begin(who, phone);
        const q = PAPER[n]!;
        await sessions.autosave(sessionId, who, {
          deviceId: phone,
          seq: 1,
          answers: { [PAPER[20 + n]!]: { choice: 'A' } },
        });
        const candidate = (await sessions.candidateOf(sessionId, who))!;
        const [saved, taken] = await Promise.all([
          sessions
            .autosave(sessionId, who, { deviceId: phone, seq: 2, answers: { [q]: { choice: 'C' } } })
            .then(
              () => 'saved' as const,
              (e: { type?: string }) => `refused ${e.type}`,
            ),
          sessions.start(session, candidate, `device-laptop-${n}-0`),
        ]);
        const shown = (await sessions.withAnswers(taken)).answers[q];
        if (saved === 'saved') expect(shown, who).toMatchObject({ seq: 2, answer: { choice: 'C' } });
        else expect(shown, `${who}: ${saved}`).toBeUndefined();
        if (saved !== 'saved') expect(saved).toMatch(/exam-device-replaced/);
        // Whatever the race: the phone is refused from now on.
        await expect(
          sessions.autosave(sessionId, who, { deviceId: phone, seq: 3, answers: { [q]: { choice: 'D' } } }),
        ).rejects.toMatchObject({ status: 409, type: expect.stringContaining('exam-device-replaced') });
        // Also with nothing to save (the check is the attempt's, not the chunks').
        await expect(
          sessions.autosave(sessionId, who, { deviceId: phone, seq: 4, answers: {} }),
        ).rejects.toMatchObject({ status: 409 });
        const stored = (await sessions.withAnswers((await sessions.attemptOf(sessionId, who, true))!))
          .answers[q];
        expect(stored?.answer ?? null).toEqual(saved === 'saved' ? { choice: 'C' } : null);
        return saved;
      }),
    );
    console.log(
      `[answers] saves racing a takeover: ${outcomes.filter((o) => o === 'saved').length} landed first, ${outcomes.filter((o) => o !== 'saved').length} refused`,
    );
  }, 120_000);

  it('refuses answers to questions not in the paper and writes none of the save', async () => {
    const who = students[13]!;
    const device = 'device-unknown-01';
    await begin(who, device);
    measured.reset();
    await expect(
      sessions.autosave(sessionId, who, {
        deviceId: device,
        seq: 1,
        answers: { [PAPER[0]!]: { choice: 'A' }, [randomUUID()]: { choice: 'B' } },
      }),
    ).rejects.toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'answers' })] });
    expect(measured.units.write).toBe(0);
    const { data } = await entities()
      .answerChunk.query.byAttempt({ sessionId, accountId: who })
      .go({ consistent: true });
    expect(data).toHaveLength(0);
    // The paper's questions alone are saved, one chunk per position's share.
    const saved = await sessions.autosave(sessionId, who, {
      deviceId: device,
      seq: 2,
      answers: fortyAnswers(),
    });
    expect(saved.accepted).toHaveLength(PAPER.length);
    const chunks = await entities()
      .answerChunk.query.byAttempt({ sessionId, accountId: who })
      .go({ consistent: true });
    expect(chunks.data.map((c) => Object.keys(c.answers as object).length)).toEqual(
      Array(ANSWER_CHUNKS).fill(PAPER.length / ANSWER_CHUNKS),
    );
  });

  it('fences the answers before grading even when the submit died before it', async () => {
    const who = students[12]!;
    const device = 'device-fence-001';
    const a = await begin(who, device);
    const q = PAPER[5]!;
    await sessions.autosave(sessionId, who, { deviceId: device, seq: 1, answers: { [q]: { choice: 'A' } } });
    // The submit's transaction without its fence (the process died between the two).
    await entities()
      .attempt.patch({ sessionId, accountId: who })
      .set({
        status: 'submitted',
        submittedAt: new Date().toISOString(),
        submittedBy: 'candidate',
        revision: a.revision + 1,
      })
      .go();
    const submitted = (await sessions.attemptOf(sessionId, who, true))!;
    const graded = await sessions.withAnswers(submitted, { fenced: true });
    expect(graded.answers[q]).toMatchObject({ seq: 1, answer: { choice: 'A' } });
    // A save that read the attempt before the submit now finds every chunk fenced.
    const { data } = await entities()
      .answerChunk.query.byAttempt({ sessionId, accountId: who })
      .go({ consistent: true });
    expect(data.map((c) => c.chunk).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(data.every((c) => (c.fence ?? 0) >= submitted.revision)).toBe(true);
    await expect(
      entities()
        .answerChunk.patch({ sessionId, accountId: who, chunk: chunkOf(q) })
        .set({ answers: { [q]: { answer: { choice: 'B' }, seq: 2 } } })
        .where((x, op) => `${op.notExists(x.fence)} OR ${op.lte(x.fence, a.revision)}`)
        .go(),
    ).rejects.toThrow(/conditional/i);
  });
});
