/**
 * The original register of diplomas (sổ gốc cấp văn bằng), pure: what an entry records, how its
 * serial number (số hiệu) is compared for uniqueness, how the register numbers (số vào sổ) of a
 * calendar year must run — consecutive, every gap explained — and the legal trail of a correction,
 * a cancellation and a re-issue. Records kept since 1970 are digitised from paper, so an old
 * entry may know only the holder's year of birth, and its numbers come as the book has them.
 * Text is stored as written (NFC, single spaces); comparison keys fold case and spacing.
 */
import * as z from 'zod';
import { searchKey, tidyName } from '#shared/text/vietnamese.ts';
import {
  CORRECTABLE,
  type CorrectableField,
  DIPLOMA_TYPE_NAMES,
  DIPLOMA_TYPES,
  RANK_NAMES,
  RANKS,
} from './kinds.ts';

export * from './kinds.ts';

const name = z.string().transform(tidyName).pipe(z.string().min(1).max(120));
const text = (max: number) => z.string().transform(tidyName).pipe(z.string().max(max));
/** A full date, or only the year (old registers often record just the year of birth). */
const birthDate = z.string().regex(/^\d{4}(-\d{2}-\d{2})?$/, 'A date (YYYY-MM-DD) or a year (YYYY)');

export const holderSchema = z.object({
  fullName: name,
  birthDate,
  placeOfBirth: text(200).optional(),
  gender: z.enum(['male', 'female']),
  /** The national ethnicity code (01 Kinh …), where the register records it. */
  ethnicity: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  /** The 12-digit personal ID, where known (linked later for most old entries). */
  personalId: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
});
export type Holder = z.output<typeof holderSchema>;

export const entrySchema = z.object({
  holder: holderSchema,
  type: z.enum(DIPLOMA_TYPES),
  /** The year of the graduation the diploma certifies. */
  graduationYear: z.number().int().min(1970).max(2100),
  /** Số hiệu: printed on the diploma, unique across the register. */
  serial: text(30).pipe(z.string().min(1)),
  /** Số vào sổ: its place in the register of the calendar year it was entered. */
  registerYear: z.number().int().min(1970).max(2100),
  registerNumber: z.number().int().min(1).max(999_999),
  /** The school the holder graduated from, and the examination council (hội đồng thi) where one sat. */
  school: text(200).pipe(z.string().min(1)),
  council: text(200).optional(),
  rank: z.enum(RANKS).optional(),
  /** The date the diploma was signed (ngày cấp). */
  issuedOn: z.iso.date(),
});
export type RegisterEntry = z.output<typeof entrySchema>;

/**
 * The key a serial number is unique by: spacing, case and the dashes people type between its
 * letters and digits do not make another diploma ("A 012345", "a-012345" and "A012345" are one).
 */
export const serialKey = (serial: string): string =>
  tidyName(serial)
    .toUpperCase()
    .replace(/[\s\-–./]+/g, '');

/** A register number as the register prints it: "125/2024". */
export const registerNumberText = (e: Pick<RegisterEntry, 'registerNumber' | 'registerYear'>) =>
  `${e.registerNumber}/${e.registerYear}`;

export interface RegisterGap {
  /** The first and last numbers missing (inclusive). */
  from: number;
  to: number;
}

/**
 * The numbers a calendar year's register skips, below its highest: each must be explained (a
 * spoiled form, a page lost) before the year is complete. `used` in any order; duplicates are the
 * caller's to refuse (`duplicateNumbers`).
 */
export function registerGaps(used: readonly number[]): RegisterGap[] {
  const sorted = [...new Set(used)].sort((a, b) => a - b);
  const gaps: RegisterGap[] = [];
  let expected = 1;
  for (const n of sorted) {
    if (n > expected) gaps.push({ from: expected, to: n - 1 });
    expected = n + 1;
  }
  return gaps;
}

/** Register numbers used twice in a year. */
export function duplicateNumbers(used: readonly number[]): number[] {
  const seen = new Set<number>();
  const twice = new Set<number>();
  for (const n of used) (seen.has(n) ? twice : seen).add(n);
  return [...twice].sort((a, b) => a - b);
}

/** The gaps not covered by an explanation (each explanation covers a range of numbers). */
export function unexplainedGaps(
  used: readonly number[],
  explained: readonly { from: number; to: number }[],
): RegisterGap[] {
  const covered = (n: number) => explained.some((e) => n >= e.from && n <= e.to);
  const left: RegisterGap[] = [];
  for (const gap of registerGaps(used)) {
    let start: number | undefined;
    for (let n = gap.from; n <= gap.to + 1; n++) {
      const missing = n <= gap.to && !covered(n);
      if (missing && start === undefined) start = n;
      if (!missing && start !== undefined) {
        left.push({ from: start, to: n - 1 });
        start = undefined;
      }
    }
  }
  return left;
}

/**
 * Where a new entry of a year goes, given the year's highest number so far: the next one, unless
 * the entry brings a number of its own (digitising a paper book) — then the numbers it skips above
 * the highest are reported as gaps to explain. Whether an asked number is used already is the
 * store's to refuse (a guard item per number makes it so under concurrent writers).
 */
export function placeEntry(highest: number, asked?: number): { number: number; skipped: RegisterGap[] } {
  if (asked === undefined) return { number: highest + 1, skipped: [] };
  const skipped = asked > highest + 1 ? [{ from: highest + 1, to: asked - 1 }] : [];
  return { number: asked, skipped };
}

/** A correction's legal trail: the decision that made it and what it changed. */
export interface Correction {
  decisionNumber: string;
  decisionDate: string;
  reason: string;
  changes: { field: string; before: unknown; after: unknown }[];
}

const read = (entry: RegisterEntry, field: CorrectableField): unknown =>
  field.startsWith('holder.')
    ? entry.holder[field.slice('holder.'.length) as keyof Holder]
    : entry[field as 'rank' | 'school' | 'council'];

/**
 * An entry corrected: the new entry (checked like a new one) and the trail listing each field
 * that actually changed, old → new (a value removed is `null` after). A field outside `CORRECTABLE` is refused by name; a
 * correction that changes nothing is refused too (the decision would record nothing).
 */
export function correctEntry(
  entry: RegisterEntry,
  changes: Partial<Record<CorrectableField, unknown>>,
  decision: Omit<Correction, 'changes'>,
): { entry: RegisterEntry; correction: Correction } | { refused: string[] } {
  const unknown = Object.keys(changes).filter((f) => !(CORRECTABLE as readonly string[]).includes(f));
  if (unknown.length) return { refused: unknown };
  const holder: Record<string, unknown> = { ...entry.holder };
  const rest: Record<string, unknown> = { ...entry };
  // null removes a value the register should not have recorded (a personal ID linked by mistake);
  // a required field refuses it like any bad value.
  for (const [field, value] of Object.entries(changes) as [CorrectableField, unknown][]) {
    const [target, key] = field.startsWith('holder.')
      ? [holder, field.slice('holder.'.length)]
      : [rest, field];
    if (value === null) delete target[key];
    else target[key] = value;
  }
  const checked = entrySchema.safeParse({ ...rest, holder });
  if (!checked.success) return { refused: checked.error.issues.map((i) => i.path.join('.')) };
  const next = checked.data;
  const changed = (CORRECTABLE as readonly CorrectableField[])
    .filter((f) => JSON.stringify(read(entry, f)) !== JSON.stringify(read(next, f)))
    .map((field) => ({ field, before: read(entry, field) ?? null, after: read(next, field) ?? null }));
  if (!changed.length) return { refused: ['nothing-changed'] };
  return { entry: next, correction: { ...decision, changes: changed } };
}

/** An entry's life: issued, corrected (still valid), cancelled, or replaced by a re-issue. */
export type EntryState = 'valid' | 'cancelled' | 'replaced';

/**
 * Whether a name typed for a verification is the name the register records: letter case and
 * spacing aside, with its diacritics when the person typed any ("Trịnh Văn Năm" is not "Trịnh
 * Văn Nam"); typed without any (a keyboard without Vietnamese), compared without them.
 */
export function nameMatches(typed: string, recorded: string): boolean {
  const plain = (s: string) => tidyName(s).toLocaleLowerCase('vi');
  const hasMarks = /\p{M}|[đĐ]/u.test(typed.normalize('NFD'));
  return hasMarks ? plain(typed) === plain(recorded) : searchKey(typed) === searchKey(recorded);
}

/** What the public verification may say of an entry: the facts printed on the diploma, nothing else. */
export function printedFacts(entry: RegisterEntry) {
  return {
    type: DIPLOMA_TYPE_NAMES[entry.type],
    fullName: entry.holder.fullName,
    birthDate: entry.holder.birthDate,
    ...(entry.holder.placeOfBirth ? { placeOfBirth: entry.holder.placeOfBirth } : {}),
    graduationYear: entry.graduationYear,
    school: entry.school,
    ...(entry.rank ? { rank: RANK_NAMES[entry.rank] } : {}),
    serial: entry.serial,
    registerNumber: registerNumberText(entry),
    issuedOn: entry.issuedOn,
  };
}
