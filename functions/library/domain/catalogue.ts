/**
 * The union catalogue's bibliographic record (one per title, city-wide, held by many schools),
 * the keys that find a title again (duplicate detection) and the words it is found by (search).
 * Pure: no storage, no AWS.
 */
import * as z from 'zod';
import { codedIssue } from '#shared/text/issues.ts';
import { searchKey, tidyName } from '#shared/text/vietnamese.ts';
import { parseIsbn } from './isbn.ts';
import { LANGUAGES, TITLE_TYPES } from './kinds.ts';

export { LANGUAGES, TITLE_TYPES, type TitleType } from './kinds.ts';

/** A place in the 2018 general curriculum: subject code, grade 1–12, optionally one lesson. */
export const curriculumRef = z.object({
  subject: z.string().regex(/^[a-z0-9-]{2,32}$/, 'A subject code, e.g. toan, ngu-van'),
  grade: z.number().int().min(1).max(12),
  lessonId: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional(),
});
export type CurriculumRef = z.infer<typeof curriculumRef>;

const text = (max: number) =>
  z
    .string()
    .transform(tidyName)
    .pipe(z.string().min(1, 'Cannot be empty').max(max, `At most ${max} characters`));

export const titleInput = z.object({
  isbn: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v?.trim()) return undefined;
      const parsed = parseIsbn(v);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', ...codedIssue(parsed.text) });
        return z.NEVER;
      }
      return parsed.isbn13;
    }),
  title: text(500),
  subtitle: text(500).optional(),
  authors: z.array(text(200)).max(20).default([]),
  publisher: text(200).optional(),
  year: z.number().int().min(1800).max(2100).optional(),
  language: z.enum(LANGUAGES).default('vie'),
  type: z.enum(TITLE_TYPES).default('book'),
  subjects: z.array(text(200)).max(20).default([]),
  /** DDC (082) or the Vietnamese libraries' 19-class scheme (084): as the cataloguer writes it. */
  classification: text(50).optional(),
  curriculum: z.array(curriculumRef).max(50).default([]),
});
export type TitleInput = z.output<typeof titleInput>;

/** The key that finds the same work again without an ISBN: folded title and first author. */
export const titleAuthorKey = (t: Pick<TitleInput, 'title' | 'authors'>) =>
  `${searchKey(t.title)}|${searchKey(t.authors[0] ?? '')}`;

/** Words too common to be worth an index entry of their own (they still match inside a title). */
const STOP_WORDS = new Set([
  'va',
  'cua',
  'cac',
  'nhung',
  'la',
  'cho',
  'trong',
  'voi',
  'mot',
  'the',
  'and',
  'of',
]);

export const wordsOf = (value: string | undefined) =>
  value ? searchKey(value).split(' ').filter(Boolean) : [];

/** The index term of a curriculum lesson (lesson ids are codes: kept as written, lower case). */
export const lessonTerm = (lessonId: string) => `lesson:${lessonId.toLowerCase()}`;

/** Where a word was found: decides the order of a word's index entries and the score. */
export const FIELD_RANK = { isbn: 0, title: 1, author: 2, other: 3 } as const;
export type Field = keyof typeof FIELD_RANK;

/**
 * The words a title is found by, each with the best field it occurs in: single words, adjacent
 * word pairs of the title (so "toán học" finds fewer than "học"), the ISBN-13, and
 * `lesson:<id>` for each curriculum lesson. Stop words are left out.
 */
export function indexTerms(t: TitleInput): Map<string, Field> {
  const terms = new Map<string, Field>();
  const add = (term: string, field: Field) => {
    const before = terms.get(term);
    if (!before || FIELD_RANK[field] < FIELD_RANK[before]) terms.set(term, field);
  };
  const titleWords = [...wordsOf(t.title), ...wordsOf(t.subtitle)];
  for (const w of titleWords) if (!STOP_WORDS.has(w)) add(w, 'title');
  const main = wordsOf(t.title);
  for (let i = 0; i + 1 < main.length; i++) add(`${main[i]} ${main[i + 1]}`, 'title');
  for (const a of t.authors) {
    for (const w of wordsOf(a)) if (!STOP_WORDS.has(w)) add(w, 'author');
    // The whole name too: "nguyễn văn an" is read from one short list, not from every "an".
    if (wordsOf(a).length > 1) add(searchKey(a), 'author');
  }
  // Publisher and classification are matched (they are in the entries' text) but get no entries
  // of their own: a handful of publishers would each hold a large part of the catalogue.
  for (const w of t.subjects.flatMap(wordsOf)) if (!STOP_WORDS.has(w)) add(w, 'other');
  if (t.isbn) add(t.isbn, 'isbn');
  for (const c of t.curriculum) if (c.lessonId) add(lessonTerm(c.lessonId), 'other');
  return terms;
}

/** The folded text a search result is matched and scored against, by field. */
export const searchTexts = (t: TitleInput) => ({
  ft: [t.title, t.subtitle]
    .map((v) => searchKey(v ?? ''))
    .join(' ')
    .trim(),
  fa: t.authors.map(searchKey).join(' '),
  fo: [
    ...[...t.subjects, t.publisher ?? '', t.classification ?? '', t.isbn ?? ''].map(searchKey),
    ...t.curriculum.filter((c) => c.lessonId).map((c) => lessonTerm(c.lessonId!)),
  ]
    .join(' ')
    .trim(),
});

export const isStopWord = (w: string) => STOP_WORDS.has(w);
