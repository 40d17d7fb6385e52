/**
 * Finds English in an answer meant for a Vietnamese reader: the words of English sentences
 * that Vietnamese never writes without diacritics (a list, not a guess: "an", "to", "can",
 * "than", "in", "do" and "may" are Vietnamese words too and are left out). Keys that hold codes, paths or the
 * caller's own values are not read.
 */
const ENGLISH = new Set([
  'the',
  'is',
  'are',
  'not',
  'must',
  'no',
  'of',
  'this',
  'that',
  'with',
  'for',
  'and',
  'or',
  'be',
  'only',
  'already',
  'cannot',
  'should',
  'required',
  'invalid',
  'expected',
  'received',
  'too',
  'found',
  'such',
  'yet',
  'your',
  'you',
  'has',
  'have',
  'was',
  'were',
  'does',
  'it',
  'its',
  'from',
  'into',
  'there',
  'any',
  'been',
  'unknown',
  'missing',
  'allowed',
  'more',
  'least',
  'most',
  'same',
  'none',
  'one',
  'use',
  'ask',
  'will',
  'when',
  'which',
  'who',
  'by',
  'on',
  'at',
  'as',
  'if',
  'out',
  'sign',
  'school',
  'record',
  'records',
  'string',
  'number',
  'array',
  'object',
  'undefined',
  'null',
  'input',
  'value',
  'values',
  'field',
]);

/** Keys whose values are codes, paths, links or what the caller sent. */
const NOT_READ = new Set([
  'type',
  'instance',
  'correlationId',
  'field',
  'code',
  'in',
  'params',
  'errorCode',
  'errorParams',
]);

export function englishIn(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    // Hashes and verification codes are not words: a SHA-256 may spell "add" or "face".
    const words =
      value
        .replace(/\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}\b/g, ' ')
        // A code of capitals and digits (a payment code's "5D73C106BE" spells "be").
        .replace(/\b(?=[0-9A-Z]*[0-9])(?=[0-9A-Z]*[A-Z])[0-9A-Z]{4,}\b/g, ' ')
        .toLowerCase()
        .replace(/\b[0-9a-f]{16,}\b/g, ' ')
        .match(/[a-z]+/g) ?? [];
    if (words.some((w) => ENGLISH.has(w))) found.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) englishIn(v, found);
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) if (!NOT_READ.has(key)) englishIn(v, found);
  }
  return found;
}
