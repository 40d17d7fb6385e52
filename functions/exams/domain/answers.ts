/**
 * Where an attempt's answers are kept and which saves may still land. Answers are spread over a
 * few small chunk items by the question's position in the candidate's variant (round robin: a
 * 40-question paper puts five in each chunk, so every chunk stays under 1 KB and an autosave
 * rewrites only the chunks it touches, ~1 write unit each, never the whole answer map). A hash of
 * the question id spread them unevenly: forty random ids could put ten in one chunk, over 1 KB.
 * Each chunk carries a fence: the attempt revision below which saves are refused. Taking over on
 * another device and submitting raise the attempt's revision and then fence every chunk, so a save
 * that read the attempt before either landed before the fence (and counts, for everyone who
 * reads after) or is refused.
 */
import type { SavedAnswer } from './attempts.ts';

/**
 * Chunks per attempt. Measured (tests/unit/exams-answers.test.ts): a chunk item is ~250 bytes of
 * keys and names plus ~70 bytes per choice answer, so eight chunks keep a 40–50 question paper's
 * chunks under 1 KB (one write unit) and a fence writes eight small items.
 */
export const ANSWER_CHUNKS = 8;

/** Question id → chunk, from the variant's questions in paper order (the same on every device and process). */
export type ChunkPlan = ReadonlyMap<string, number>;

export function chunkPlan(questionIds: readonly string[], chunks = ANSWER_CHUNKS): ChunkPlan {
  return new Map(questionIds.map((questionId, position) => [questionId, position % chunks]));
}

/** A save's answers by the chunk they live in, and the questions the paper does not have. */
export function byChunk<T>(
  answers: Record<string, T>,
  plan: ChunkPlan,
): { chunks: Map<number, Record<string, T>>; unknown: string[] } {
  const chunks = new Map<number, Record<string, T>>();
  const unknown: string[] = [];
  for (const [questionId, answer] of Object.entries(answers)) {
    const chunk = plan.get(questionId);
    if (chunk === undefined) unknown.push(questionId);
    else chunks.set(chunk, { ...chunks.get(chunk), [questionId]: answer });
  }
  return { chunks, unknown };
}

export interface AnswerChunk {
  chunk: number;
  /** The attempt the answers belong to (a chunk is reused by the candidate's next attempt). */
  attemptNo?: number;
  answers?: Record<string, SavedAnswer>;
  /** Saves that read the attempt at a lower revision are refused. */
  fence?: number;
  /** Optimistic concurrency between two saves of one chunk. */
  version?: number;
}

/** The answers of attempt `attemptNo` from its chunks (and an older attempt item's own map): per question the highest sequence. */
export function answersOf(
  chunks: readonly AnswerChunk[],
  attemptNo: number,
  legacy: Record<string, SavedAnswer> = {},
): Record<string, SavedAnswer> {
  const answers: Record<string, SavedAnswer> = { ...legacy };
  for (const c of chunks) {
    if (c.attemptNo !== attemptNo) continue;
    for (const [questionId, saved] of Object.entries(c.answers ?? {}))
      if (!answers[questionId] || answers[questionId].seq < saved.seq) answers[questionId] = saved;
  }
  return answers;
}

/** The answers this chunk holds for attempt `attemptNo` (none when it still holds an earlier attempt's). */
export const chunkAnswers = (c: AnswerChunk | undefined, attemptNo: number) =>
  c && c.attemptNo === attemptNo ? (c.answers ?? {}) : {};

/** A save that read the attempt at `revision` may write this chunk only below or at its fence. */
export const fenceAdmits = (c: AnswerChunk | undefined, revision: number) =>
  c?.fence === undefined || c.fence <= revision;

/** The chunks (numbers) not yet fenced at `revision`: missing ones included. */
export function unfenced(chunks: readonly AnswerChunk[], revision: number, count = ANSWER_CHUNKS): number[] {
  const fenced = new Set(chunks.filter((c) => (c.fence ?? 0) >= revision).map((c) => c.chunk));
  return Array.from({ length: count }, (_, n) => n).filter((n) => !fenced.has(n));
}
