/**
 * Whether a JSON document sent by content (a SCORM unit's runtime data, an xAPI state document)
 * can be kept as DynamoDB keeps it: not too long, not nested deeper than DynamoDB's 32 levels
 * allow (16 here, with room for the item's own), numbers DynamoDB's JavaScript client converts
 * exactly (within ±2^53), no empty names. What cannot be kept is a 400 on the request, never a
 * 500 from the database.
 *
 * Pure: no I/O.
 */
export const MAX_DEPTH = 16;
/** The longest xAPI statement or state document kept (as JSON characters; a merged document too). */
export const MAX_DOCUMENT_CHARS = 64_000;

export type StorableProblem = 'too-large' | 'too-deep' | 'number' | 'empty-name';

export function storableProblem(value: unknown, maxChars: number): StorableProblem | undefined {
  if (JSON.stringify(value).length > maxChars) return 'too-large';
  const walk = (v: unknown, depth: number): StorableProblem | undefined => {
    if (typeof v === 'number') return Math.abs(v) <= Number.MAX_SAFE_INTEGER ? undefined : 'number';
    if (!v || typeof v !== 'object') return undefined;
    if (depth > MAX_DEPTH) return 'too-deep';
    for (const [key, inner] of Object.entries(v)) {
      if (!Array.isArray(v) && key === '') return 'empty-name';
      const problem = walk(inner, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  };
  return walk(value, 1);
}
