/**
 * Searching the catalogue with the index entries the table keeps (one item per word and title,
 * see catalogue.ts): the query is folded like the index, the rarest of its words (by the counts
 * kept per word) is read, and its entries are matched against the other words and scored in
 * memory. Pure: the service reads, this decides.
 */
import { searchKey } from '#shared/text/vietnamese.ts';
import { isStopWord, lessonTerm, wordsOf } from './catalogue.ts';

export interface QueryPlan {
  /** Folded words that must all occur (stop words dropped unless nothing else is left). */
  words: string[];
  /** The index terms that could drive the search: the words and adjacent pairs. */
  candidates: string[];
  /** The query as typed, lower case with its diacritics: an exact match ranks higher. */
  exact: string[];
}

/** The plan of a query typed in `q`, optionally narrowed to one curriculum lesson. */
export function planQuery(q: string, lessonId?: string): QueryPlan {
  const all = wordsOf(q).slice(0, 12);
  const meaningful = all.filter((w) => !isStopWord(w));
  const words = [...(meaningful.length ? meaningful : all), ...(lessonId ? [lessonTerm(lessonId)] : [])];
  const pairs = all.slice(0, -1).map((w, i) => `${w} ${all[i + 1]}`);
  // The whole query, when it could be a person's name (authors have an entry for their full name).
  if (all.length > 2 && all.length <= 5) pairs.unshift(all.join(' '));
  const exact = q
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return { words, candidates: [...pairs, ...words], exact };
}

/** The term to read: the one with the fewest entries; a pair wins ties (it is more precise). */
export function driverOf(plan: QueryPlan, counts: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  let bestCount = Number.POSITIVE_INFINITY;
  for (const term of plan.candidates) {
    const n = counts.get(term) ?? 0;
    if (n === 0 && !term.includes(' ')) return term; // a word found nowhere: nothing matches
    if (n > 0 && n < bestCount) {
      best = term;
      bestCount = n;
    }
  }
  return best;
}

/** What an index entry carries to be matched, scored and shown without reading the title. */
export interface IndexEntry {
  id: string;
  /** Folded title (+ subtitle), authors, and other words. */
  ft: string;
  fa: string;
  fo: string;
  /** As written, for display and for the exact-diacritics bonus. */
  title: string;
  authors: string[];
}

const hasWord = (text: string, word: string) => ` ${text} `.includes(` ${word} `);

/**
 * The entry's score for the query, or undefined when a word is missing. Title words weigh most,
 * then authors, then subjects and the rest; the query's word pairs found in the title, the whole
 * query as a phrase, and words typed with the title's own diacritics add to it.
 */
export function scoreEntry(entry: IndexEntry, plan: QueryPlan): number | undefined {
  let score = 0;
  for (const w of plan.words) {
    if (hasWord(entry.ft, w)) score += 4;
    else if (hasWord(entry.fa, w)) score += 3;
    else if (hasWord(entry.fo, w)) score += 1;
    else return undefined;
  }
  for (const pair of plan.candidates.filter((t) => t.includes(' ')))
    if (` ${entry.ft} `.includes(` ${pair} `) || ` ${entry.fa} `.includes(` ${pair} `)) score += 2;
  const phrase = plan.words.join(' ');
  if (plan.words.length > 1 && entry.ft.includes(phrase)) score += 3;
  if (entry.ft === phrase) score += 5;
  const written = entry.title.normalize('NFC').toLowerCase();
  for (const w of plan.exact)
    if (w !== searchKey(w) && written.split(/[^\p{L}\p{N}]+/u).includes(w)) score += 1;
  return score;
}
