/**
 * Exam papers from a blueprint (ma trận đề): how many questions of each topic × cognitive level.
 * `generateVariants` builds N variants that each satisfy the blueprint exactly, spreading the
 * bank's questions across variants as evenly as the pools allow; `candidateOrder` gives each
 * candidate their own order of questions (within a part) and of options — deterministic from the
 * seed, so a reload on another device shows the very same paper.
 */
import type { CognitiveLevel } from './questions.ts';
import { randomFrom, seedOf, shuffled } from './random.ts';

export interface BankEntry {
  questionId: string;
  topic: string;
  level: CognitiveLevel;
}

export interface BlueprintCell {
  topic: string;
  level: CognitiveLevel;
  count: number;
}

export interface Shortfall {
  topic: string;
  level: CognitiveLevel;
  needed: number;
  available: number;
}

export type VariantsResult = { ok: true; variants: string[][] } | { ok: false; shortfalls: Shortfall[] };

export function generateVariants(
  bank: BankEntry[],
  blueprint: BlueprintCell[],
  n: number,
  seed: string,
): VariantsResult {
  const shortfalls: Shortfall[] = [];
  const pools = blueprint.map((cell) => {
    const pool = bank
      .filter((q) => q.topic === cell.topic && q.level === cell.level)
      .map((q) => q.questionId);
    if (pool.length < cell.count) shortfalls.push({ ...cell, needed: cell.count, available: pool.length });
    return shuffled([...new Set(pool)].sort(), randomFrom(seedOf(seed, cell.topic, cell.level)));
  });
  if (shortfalls.length) return { ok: false, shortfalls };
  // Variant v takes the cell's pool from offset v × count (wrapping): distinct questions while
  // the pool lasts, then every question used about equally often.
  const variants = Array.from({ length: n }, (_, v) =>
    blueprint.flatMap((cell, c) => {
      const pool = pools[c]!;
      return Array.from({ length: cell.count }, (_, i) => pool[(v * cell.count + i) % pool.length]!);
    }),
  );
  return { ok: true, variants };
}

export interface PaperQuestion {
  questionId: string;
  /** Questions are shuffled only among those of the same part (the national paper's parts). */
  part: string;
  optionIds?: string[];
}

export interface CandidateQuestion {
  questionId: string;
  optionOrder?: string[];
}

/** The candidate's order: parts stay in order, questions shuffle within a part, options within a question. */
export function candidateOrder(
  paper: PaperQuestion[],
  examSeed: string,
  candidateId: string,
): CandidateQuestion[] {
  const random = randomFrom(seedOf(examSeed, candidateId));
  const parts = [...new Set(paper.map((q) => q.part))];
  return parts.flatMap((part) =>
    shuffled(
      paper.filter((q) => q.part === part),
      random,
    ).map((q) => ({
      questionId: q.questionId,
      ...(q.optionIds ? { optionOrder: shuffled(q.optionIds, random) } : {}),
    })),
  );
}
