/**
 * Double keying of scanned diplomas, pure. OCR only proposes; two people key (or confirm) each
 * record side by side with the scan, each without seeing the other's values. Where they agree
 * field by field the record is agreed; where they differ a third person, who keyed neither, keys
 * it and decides. An agreed record is approved into the register by an officer who keyed none of
 * it, or returned to be keyed again. Fields are compared as the register reads them (a date typed
 * "5/7/1985" is "05/07/1985"; "nữ" is "Nữ"; "B-0123456" is "B 0123456"), names as written (NFC, single spaces).
 */
import { tidyName, toneAlike } from '#shared/text/vietnamese.ts';
import { REGISTER_COLUMNS } from './kinds.ts';
import { serialKey } from './register.ts';
import { entryOfRow, type RegisterField, type RowRead, readCell } from './register-sheet.ts';

export const SCAN_FIELDS = REGISTER_COLUMNS.map((c) => c.field);
/** One record as keyed: the register's columns as written on paper (dates dd/mm/yyyy, "Nam", "125/1998"). */
export type KeyedRow = Partial<Record<RegisterField, string>>;

/** A scanned record's life: OCR reading it (or unable to), then keyed, agreed, approved into the register. */
export const RECORD_STATES = [
  'reading',
  'unreadable',
  'open',
  'keyed-once',
  'disagreed',
  'agreed',
  'approved',
] as const;
export type RecordState = (typeof RECORD_STATES)[number];

export interface Keying {
  by: string;
  at: string;
  values: KeyedRow;
}

export interface KeyingRecord {
  state: RecordState;
  keyings: Keying[];
  /** The fields the first two keyings differ on (a disagreed record). */
  differing?: RegisterField[];
}

/** A field's value as the register reads it, for comparison: empty and absent are the same. */
function comparable(field: RegisterField, text: string | undefined): string {
  // "Hoà" and "Hòa" are one name (the tone mark placed the old way or the new): compared alike.
  const cell = toneAlike(tidyName(text ?? ''));
  if (!cell) return '';
  // A serial is one diploma however its letters and digits are spaced (the register's guard key).
  if (field === 'serial') return serialKey(cell);
  const read = readCell(field, cell);
  return read.ok ? JSON.stringify(read.value) : `?${cell}`;
}

/** The fields two keyings read differently. */
export const differingFields = (a: KeyedRow, b: KeyedRow): RegisterField[] =>
  SCAN_FIELDS.filter((f) => comparable(f, a[f]) !== comparable(f, b[f]));

export type KeyingRefusal = 'not-open' | 'keyed-already' | 'third-keyed-before' | 'approver-keyed';

/** What a keying does to a record: its next state, or why this person may not key it now. */
export function keyRecord(
  record: KeyingRecord,
  keying: Keying,
): { ok: true; record: KeyingRecord } | { ok: false; refusal: KeyingRefusal } {
  const keyers = record.keyings.map((k) => k.by);
  switch (record.state) {
    case 'open':
      return { ok: true, record: { state: 'keyed-once', keyings: [keying] } };
    case 'keyed-once': {
      if (keyers.includes(keying.by)) return { ok: false, refusal: 'keyed-already' };
      const differing = differingFields(record.keyings[0]!.values, keying.values);
      const keyings = [...record.keyings, keying];
      return differing.length
        ? { ok: true, record: { state: 'disagreed', keyings, differing } }
        : { ok: true, record: { state: 'agreed', keyings } };
    }
    case 'disagreed':
      // The third must be someone who keyed neither: their reading decides the fields the two
      // differ on (those the two agreed on stand as they agreed).
      if (keyers.includes(keying.by)) return { ok: false, refusal: 'third-keyed-before' };
      return {
        ok: true,
        record: { state: 'agreed', keyings: [...record.keyings, keying], differing: record.differing ?? [] },
      };
    default:
      return { ok: false, refusal: 'not-open' };
  }
}

/**
 * The values an agreed record stands for: the two that agreed; or, decided by a third, the third's
 * reading of the fields the two differed on and the two's of the rest.
 */
export function agreedValues(record: KeyingRecord): KeyedRow | undefined {
  if (record.state !== 'agreed' && record.state !== 'approved') return undefined;
  const [first, second, third] = record.keyings;
  if (!third) return second?.values;
  const differing = new Set<string>(record.differing ?? []);
  const values: KeyedRow = {};
  for (const field of SCAN_FIELDS) {
    const value = differing.has(field) ? third.values[field] : first!.values[field];
    if (value) values[field] = value;
  }
  return values;
}

/** An approval is by an officer who keyed none of the record (four eyes beyond the keyers'). */
export const mayApprove = (record: KeyingRecord, accountId: string): KeyingRefusal | undefined =>
  record.state !== 'agreed'
    ? 'not-open'
    : record.keyings.some((k) => k.by === accountId)
      ? 'approver-keyed'
      : undefined;

/** The agreed values as a register entry, or each field the register refuses (named by its column). */
export function entryOfKeyed(values: KeyedRow): RowRead {
  return entryOfRow(
    SCAN_FIELDS.map((_, i) => i),
    SCAN_FIELDS.map((f) => values[f] ?? ''),
    1,
  );
}
