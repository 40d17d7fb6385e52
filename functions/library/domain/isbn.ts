/**
 * ISBNs as cataloguers type them: hyphens and spaces ignored, ISBN-10 (check digit 0–9 or X,
 * mod 11) and ISBN-13 (978/979, mod 10) checked, and one canonical form — the ISBN-13 — that
 * duplicate detection and search use.
 */
import type { CodedText } from '#shared/text/texts.ts';
import { libraryText } from './texts.ts';

const digitsOf = (input: string) => input.replace(/[\s-]/g, '').toUpperCase();

function isbn10Valid(s: string): boolean {
  if (!/^\d{9}[\dX]$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (s[i] === 'X' ? 10 : Number(s[i])) * (10 - i);
  return sum % 11 === 0;
}

const isbn13Check = (first12: string) => {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
};

function isbn13Valid(s: string): boolean {
  return /^97[89]\d{10}$/.test(s) && isbn13Check(s.slice(0, 12)) === s[12];
}

export type IsbnResult = { ok: true; isbn13: string } | { ok: false; text: CodedText };

/** The ISBN-13 of a typed ISBN-10 or ISBN-13, or why it is not one. */
export function parseIsbn(input: string): IsbnResult {
  const s = digitsOf(input);
  if (s.length === 13) {
    return isbn13Valid(s) ? { ok: true, isbn13: s } : { ok: false, text: libraryText('isbn13-invalid') };
  }
  if (s.length === 10) {
    if (!isbn10Valid(s)) return { ok: false, text: libraryText('isbn10-invalid') };
    const twelve = `978${s.slice(0, 9)}`;
    return { ok: true, isbn13: twelve + isbn13Check(twelve) };
  }
  return { ok: false, text: libraryText('isbn-length') };
}

/** The ISBN-10 of a 978 ISBN-13 (979 numbers have none), for records that still use it. */
export function isbn10Of(isbn13: string): string | undefined {
  if (!isbn13.startsWith('978')) return undefined;
  const nine = isbn13.slice(3, 12);
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return nine + (check === 10 ? 'X' : String(check));
}

/** Whether a search query is an ISBN (then it is looked up, not tokenised). */
export const looksLikeIsbn = (q: string) => /^[\d\s-]{9,17}[\dXx]$/.test(q.trim()) && parseIsbn(q).ok;
