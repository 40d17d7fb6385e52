/**
 * Answers in chunks: which chunk a question lives in, how chunks merge back into the answer map,
 * which saves a fence admits — and how big a chunk item is (what an autosave costs in write units,
 * by DynamoDB's item size rules).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANSWER_CHUNKS,
  type AnswerChunk,
  answersOf,
  byChunk,
  chunkAnswers,
  chunkPlan,
  fenceAdmits,
  unfenced,
} from '../../functions/exams/domain/answers.ts';
import { mergeAutosave, type SavedAnswer } from '../../functions/exams/domain/attempts.ts';

/** DynamoDB's item size: names and values, UTF-8 strings, numbers ~ (digits/2 + 1), maps and lists 3 + 1 per element. */
function sizeOf(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace('.', '').length / 2) + 1;
  if (typeof value === 'boolean' || value === null) return 1;
  if (Array.isArray(value)) return 3 + value.reduce((n: number, v) => n + 1 + sizeOf(v), 0);
  return (
    3 +
    Object.entries(value as Record<string, unknown>).reduce(
      (n, [k, v]) => n + 1 + Buffer.byteLength(k) + sizeOf(v),
      0,
    )
  );
}
const itemSize = (item: Record<string, unknown>) =>
  Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k) + sizeOf(v), 0);

/** A chunk item as ElectroDB writes it (entity answerChunk, keys lower-cased). */
function chunkItem(answers: Record<string, SavedAnswer>) {
  const sessionId = randomUUID();
  const accountId = randomUUID();
  return {
    pk: `$edu#sessionid_${sessionId}`,
    sk: `$answerchunk_1#accountid_${accountId}#chunk_7`,
    sessionId,
    accountId,
    chunk: 7,
    attemptNo: 1,
    answers,
    version: 120,
    fence: 3,
    savedAt: '2026-06-11T02:35:00.000Z',
    __edb_e__: 'answerChunk',
    __edb_v__: '1',
  };
}

const saved = (answer: SavedAnswer['answer'], seq: number): SavedAnswer => ({ answer, seq });

describe('answers in chunks', () => {
  it('deals a paper’s questions round the chunks in paper order, every chunk within one of its share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (n) => {
        const ids = Array.from({ length: n }, () => randomUUID());
        const plan = chunkPlan(ids);
        expect([...plan.keys()]).toEqual(ids);
        // Neighbours in the paper sit in different chunks; the ninth question joins the first.
        for (let i = 1; i < Math.min(n, ANSWER_CHUNKS); i++)
          expect(plan.get(ids[i]!)).not.toBe(plan.get(ids[i - 1]!));
        if (n > ANSWER_CHUNKS) expect(plan.get(ids[ANSWER_CHUNKS]!)).toBe(plan.get(ids[0]!));
        const counts = Array.from(
          { length: ANSWER_CHUNKS },
          (_, c) => [...plan.values()].filter((v) => v === c).length,
        );
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
      }),
      { numRuns: 50 },
    );
  });

  it('sets apart the answers to questions the paper does not have', () => {
    const plan = chunkPlan(['q1', 'q2', 'q3']);
    const { chunks, unknown } = byChunk({ q1: 'A', q3: 'B', zz: 'C', q9: 'D' }, plan);
    expect(unknown).toEqual(['zz', 'q9']);
    expect([...chunks]).toEqual([
      [0, { q1: 'A' }],
      [2, { q3: 'B' }],
    ]);
  });

  it('splits a save by chunk and merges chunks back, the highest sequence winning', () => {
    const paper = Array.from({ length: 12 }, (_, n) => `q${n}`);
    const plan = chunkPlan(paper);
    const questions = fc.constantFrom(...paper);
    const saves = fc.array(
      fc.record({
        seq: fc.integer({ min: 1, max: 60 }),
        q: questions,
        choice: fc.constantFrom('A', 'B', 'C'),
      }),
      { maxLength: 50 },
    );
    fc.assert(
      fc.property(saves, (list) => {
        // Per chunk, as the store keeps them: each save merged into the chunks it touches.
        const chunks = new Map<number, AnswerChunk>();
        let whole: Record<string, SavedAnswer> = {};
        for (const s of list) {
          const answers = { [s.q]: { choice: s.choice } };
          whole = mergeAutosave(whole, { seq: s.seq, answers }).answers;
          for (const [chunk, part] of byChunk(answers, plan).chunks) {
            const current = chunkAnswers(chunks.get(chunk), 1);
            chunks.set(chunk, {
              chunk,
              attemptNo: 1,
              answers: mergeAutosave(current, { seq: s.seq, answers: part }).answers,
            });
          }
        }
        expect(answersOf([...chunks.values()], 1)).toEqual(whole);
      }),
    );
  });

  it('ignores an earlier attempt’s chunk and keeps an older attempt item’s own answers', () => {
    const chunks: AnswerChunk[] = [
      { chunk: 0, attemptNo: 1, answers: { q1: saved({ choice: 'A' }, 4) } },
      { chunk: 1, attemptNo: 2, answers: { q2: saved({ choice: 'B' }, 2) } },
      { chunk: 2, fence: 9 },
    ];
    expect(answersOf(chunks, 2)).toEqual({ q2: saved({ choice: 'B' }, 2) });
    expect(chunkAnswers(chunks[0], 2)).toEqual({});
    expect(answersOf(chunks, 2, { q2: saved({ choice: 'C' }, 1), q3: saved({ value: '2,5' }, 1) })).toEqual({
      q2: saved({ choice: 'B' }, 2),
      q3: saved({ value: '2,5' }, 1),
    });
  });

  it('admits a save only from the revision the chunk is fenced at, or later', () => {
    expect(fenceAdmits(undefined, 1)).toBe(true);
    expect(fenceAdmits({ chunk: 0 }, 1)).toBe(true);
    expect(fenceAdmits({ chunk: 0, fence: 3 }, 3)).toBe(true);
    expect(fenceAdmits({ chunk: 0, fence: 3 }, 4)).toBe(true);
    // The phone read revision 2; the laptop took over at 3: the phone's save is refused.
    expect(fenceAdmits({ chunk: 0, fence: 3 }, 2)).toBe(false);
    expect(
      unfenced(
        [
          { chunk: 0, fence: 3 },
          { chunk: 2, fence: 2 },
          { chunk: 5, fence: 4 },
        ],
        3,
      ),
    ).toEqual([1, 2, 3, 4, 6, 7]);
    expect(
      unfenced(
        Array.from({ length: ANSWER_CHUNKS }, (_, chunk) => ({ chunk, fence: 5 })),
        5,
      ),
    ).toEqual([]);
  });

  it('keeps every chunk of a 50-question paper under 1 KB (one write unit), a whole map at several', () => {
    // Random ids, as a paper's are: the chunk follows the position, so no id can crowd one chunk.
    const ids = Array.from({ length: 50 }, () => randomUUID());
    const choice = (n: number) => saved({ choice: 'ABCD'[n % 4]! }, 100 + n);
    const { chunks } = byChunk(Object.fromEntries(ids.map((id, n) => [id, choice(n)])), chunkPlan(ids));
    const sizes = [...chunks.values()].map((answers) => itemSize(chunkItem(answers)));
    const empty = itemSize(chunkItem({}));
    const perAnswer = itemSize(chunkItem({ [ids[0]!]: choice(0) })) - empty;
    console.log(
      `[answers] chunk item: ${empty} B empty, +${perAnswer} B per choice answer; a 50-question paper's 8 chunks: ${sizes.join(', ')} B`,
    );
    expect(sizes).toHaveLength(ANSWER_CHUNKS);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1024);
    // The whole map in one item (as the attempt held it) costs several write units per save.
    const whole = itemSize(chunkItem(Object.fromEntries(ids.map((id, n) => [id, choice(n)]))));
    expect(Math.ceil(whole / 1024)).toBeGreaterThanOrEqual(3);
  });
});
