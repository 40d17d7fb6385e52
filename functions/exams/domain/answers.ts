/**
 * Where an attempt's answers are kept and which saves may still land. Answers are spread over a
 * few small chunk items by a hash of the question (an autosave rewrites only the chunks it
 * touches, ~1 write unit each, never the whole answer map), and each chunk carries a fence: the
 * attempt revision below which saves are refused. Taking over on another device and submitting
 * raise the attempt's revision and then fence every chunk, so a save that read the attempt before
 * either either landed before the fence (and counts, for everyone who reads after) or is refused.
 */
import type { SavedAnswer } from './attempts.ts';

/**
 * Chunks per attempt. Measured (tests/unit/exams-answers.test.ts): a chunk item is ~250 bytes of
 * keys and names plus ~70 bytes per choice answer, so eight chunks keep a 40–50 question paper's
 * chunks under 1 KB (one write unit) and a fence writes eight small items.
 */
export const ANSWER_CHUNKS = 8;

/** FNV-1a over the question id: the same chunk on every device and in every process. */
export function chunkOf(questionId: string, chunks = ANSWER_CHUNKS): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < questionId.length; i++) {
    hash ^= questionId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % chunks;
}

/** A save's answers by the chunk they live in. */
export function byChunk<T>(
  answers: Record<string, T>,
  chunks = ANSWER_CHUNKS,
): Map<number, Record<string, T>> {
  const out = new Map<number, Record<string, T>>();
  for (const [questionId, answer] of Object.entries(answers)) {
    const chunk = chunkOf(questionId, chunks);
    out.set(chunk, { ...out.get(chunk), [questionId]: answer });
  }
  return out;
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
