/**
 * Scores as whole tenths (8.3 is 83): every average of the grade book is computed on integers and
 * rounded half up once, where the circular rounds, so 8.25 is 8.3 and no binary fraction ever
 * decides a pupil's level. Teachers type scores with a decimal comma ("8,5") or point.
 */

/** A score of 0–10 with at most one decimal, as whole tenths (0–100). */
export type Tenths = number;

export const MAX_TENTHS = 100;

/**
 * `numerator / denominator` rounded half up to a whole number (both non-negative integers,
 * denominator positive): (2n + d) div 2d, exact on integers.
 */
export function divideHalfUp(numerator: number, denominator: number): number {
  if (
    !Number.isSafeInteger(numerator) ||
    !Number.isSafeInteger(denominator) ||
    denominator <= 0 ||
    numerator < 0
  )
    throw new RangeError(`divideHalfUp(${numerator}, ${denominator}): non-negative integers only`);
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** "8,5", "8.5", "10", "7," → tenths; undefined when it is not a score of 0–10 with one decimal at most. */
export function parseScore(text: string): Tenths | undefined {
  const m = /^\s*(\d{1,2})(?:[.,](\d)?)?\s*$/.exec(text);
  if (!m) return undefined;
  const tenths = Number(m[1]) * 10 + Number(m[2] ?? 0);
  return tenths <= MAX_TENTHS ? tenths : undefined;
}

/** A whole-number score of 0–10 (primary periodic tests, Circular 27): "7" → 70; "7,5" refused. */
export function parseWholeScore(text: string): Tenths | undefined {
  const m = /^\s*(\d{1,2})\s*$/.exec(text);
  if (!m || Number(m[1]) > 10) return undefined;
  return Number(m[1]) * 10;
}

/** Tenths as people read them in Vietnam: 83 → "8,3", 100 → "10,0". */
export const formatScore = (tenths: Tenths): string => `${Math.floor(tenths / 10)},${tenths % 10}`;
