/**
 * Finding a record by any part of its name. People look a learner up by the given name alone
 * ("Tuyết"), by middle and given name ("Yến Nhi") or from the family name; DynamoDB only answers
 * "begins with" on a sort key. So each name is filed once per word it can be searched from: the
 * folded name from each word to its end ("nguyen thi tuyet", "thi tuyet", "tuyet"), and a query
 * is a prefix of one of these.
 */

/**
 * How many words of a name are filed. A person's name has two to five; a longer one (a piece of
 * equipment) is still found by its first eight words, and a record stays well inside a
 * transaction's hundred items.
 */
export const MAX_NAME_WORDS = 8;

/** The folded name from each word to its end: "nguyen thi tuyet" → those three. */
export function nameSuffixes(nameKey: string): string[] {
  const words = nameKey.split(' ').filter(Boolean);
  return words.slice(0, MAX_NAME_WORDS).map((_, i) => words.slice(i).join(' '));
}

/**
 * Whether the entry at `position` is the first of its name that the query matches. "Nguyễn Thị
 * Nguyệt" matches "ngu" from its first and its third word; only the first is a result, so the
 * name is listed once.
 */
export function isFirstMatch(nameKey: string, position: number, query: string): boolean {
  const suffixes = nameSuffixes(nameKey);
  return suffixes.findIndex((s) => s.startsWith(query)) === position;
}
