/**
 * Vietnamese text as people type it and as the platform compares it. Names are stored as written
 * (NFC, single spaces); searches compare a folded key without diacritics, so "Nguyen Van An",
 * "nguyễn văn an" and a decomposed "Nguyễn" typed on a phone all find the same learner.
 */

import * as z from 'zod';

/** NFC, trimmed, inner whitespace collapsed: how a name is stored. */
export const tidyName = (value: string): string => value.normalize('NFC').trim().replace(/\s+/g, ' ');

/** Lower case, no diacritics, đ → d, single spaces: how names are compared and indexed. */
export const searchKey = (value: string): string =>
  value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');

/** Vietnamese collation for sorting lists of names. */
export const compareVietnamese = (a: string, b: string): number => a.localeCompare(b, 'vi');

/** Characters that have no place in text typed by a person: controls other than tab and line breaks. */
const isControl = (ch: string) => {
  const code = ch.codePointAt(0)!;
  return (code < 0x20 && ch !== '\t' && ch !== '\n' && ch !== '\r') || code === 0x7f;
};

/** A Vietnamese mobile number: 0 or +84, then nine digits. */
export const vietnamesePhone = z
  .string()
  .trim()
  .regex(/^(0|\+84)[35789]\d{8}$/, 'A Vietnamese mobile number, e.g. 0912345678');

/** Free text a person writes (a request, an announcement): NFC, trimmed, 1–max characters. */
export const typedText = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(1, 'Write a few words')
        .max(max, `At most ${max.toLocaleString('en')} characters`)
        .refine((s) => ![...s].some(isControl), 'Only letters, digits, punctuation and line breaks'),
    );

/**
 * One placement of the tone mark for the pairs Vietnamese writes two ways — "hoà"/"hòa",
 * "khoẻ"/"khỏe", "thuỷ"/"thủy": the mark moved onto the second vowel (NFC out). For comparing
 * what two people typed, not for storing: a name is kept as written.
 */
export const toneAlike = (value: string): string =>
  value
    .normalize('NFD')
    .replace(/([oO])([\u0300\u0301\u0303\u0309\u0323])([aeAE])/g, '$1$3$2')
    .replace(/([uU])([\u0300\u0301\u0303\u0309\u0323])([yY])/g, '$1$3$2')
    .normalize('NFC');
