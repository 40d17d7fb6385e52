/**
 * A digital register as a spreadsheet: one diploma a row under Vietnamese headers (matched without
 * regard to case, diacritics or spacing), as offices kept them in Excel before this register. Each
 * cell is read as people write it — dates dd/mm/yyyy (a year alone for a birth), "Nam"/"Nữ", the
 * diploma's short name, the register number "125/1998" — then the entry's own schema checks the
 * whole row as it checks the form. Errors name the column. Pure: the worker reads the workbook.
 */
import { ETHNICITIES } from '#functions/edu-data/domain/codes.ts';
import { parseWithTexts } from '#shared/text/issues.ts';
import type { CodedText, TextParams } from '#shared/text/texts.ts';
import { searchKey, tidyName } from '#shared/text/vietnamese.ts';
import { REGISTER_COLUMNS } from './kinds.ts';
import {
  DIPLOMA_TYPE_NAMES,
  type DiplomaType,
  entrySchema,
  RANK_NAMES,
  type RegisterEntry,
  serialKey,
} from './register.ts';
import { diplomaText } from './texts.ts';

export { REGISTER_COLUMNS } from './kinds.ts';

type Field = (typeof REGISTER_COLUMNS)[number]['field'];

/** Short names offices write for each type, beside the full ones. */
const TYPE_WORDS: Record<string, DiplomaType> = {
  thcs: 'lower-secondary',
  thpt: 'upper-secondary',
  'bt thcs': 'continuing-lower',
  'bt thpt': 'continuing-upper',
  'bo tuc thcs': 'continuing-lower',
  'bo tuc thpt': 'continuing-upper',
  ...Object.fromEntries(Object.entries(DIPLOMA_TYPE_NAMES).map(([code, name]) => [searchKey(name), code])),
};
const RANK_WORDS = Object.fromEntries(
  Object.entries(RANK_NAMES).map(([code, name]) => [searchKey(name), code]),
);
const ETHNICITY_WORDS = new Map<string, string>(
  Object.entries(ETHNICITIES).flatMap(([code, name]) => [
    [searchKey(name), code],
    [code, code],
  ]),
);

/** dd/mm/yyyy (or ISO) → YYYY-MM-DD; with `yearAlone`, a bare year too. */
function dateOf(text: string, yearAlone = false): string | undefined {
  if (yearAlone && /^\d{4}$/.test(text)) return text;
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const iso = dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}` : text.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return undefined;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

export type RegisterField = Field;
export type CellRead = { ok: true; value: unknown } | { ok: false; text: CodedText };

/**
 * One cell as the register reads it (a non-empty cell, trimmed): the date, the code of a gender,
 * a type, a rank or an ethnicity, the register number with its year; other text as written. The
 * spreadsheet import and the double keying of scans read cells alike.
 */
export function readCell(field: Field, cell: string): CellRead {
  const key = searchKey(cell);
  const ok = (value: unknown): CellRead => ({ ok: true, value });
  switch (field) {
    case 'holder.birthDate':
    case 'issuedOn': {
      const d = dateOf(cell, field === 'holder.birthDate');
      return d ? ok(d) : { ok: false, text: diplomaText('cell-date') };
    }
    case 'holder.gender':
      if (key === 'nam') return ok('male');
      if (key === 'nu') return ok('female');
      return { ok: false, text: diplomaText('cell-gender') };
    case 'holder.ethnicity':
      return ok(ETHNICITY_WORDS.get(key) ?? ETHNICITY_WORDS.get(key.padStart(2, '0')) ?? cell);
    case 'type':
      return TYPE_WORDS[key] ? ok(TYPE_WORDS[key]) : { ok: false, text: diplomaText('cell-type') };
    case 'rank':
      return RANK_WORDS[key] ? ok(RANK_WORDS[key]) : { ok: false, text: diplomaText('cell-rank') };
    case 'graduationYear':
      return ok(/^\d{4}$/.test(cell) ? Number(cell) : cell);
    case 'registerNumber': {
      const m = /^(\d{1,6})\s*\/\s*(\d{4})$/.exec(cell);
      return m
        ? ok({ registerNumber: Number(m[1]), registerYear: Number(m[2]) })
        : { ok: false, text: diplomaText('cell-number') };
    }
    default:
      return ok(tidyName(cell));
  }
}

/** Where each column is in a header row (undefined: absent). */
export const columnsOf = (header: readonly string[]) => {
  const at = new Map(header.map((h, i) => [searchKey(h ?? ''), i]));
  return REGISTER_COLUMNS.map((c) => at.get(searchKey(c.header)));
};

/** The required columns a header row lacks, by header. */
export const missingColumns = (positions: readonly (number | undefined)[]) =>
  REGISTER_COLUMNS.filter((c, i) => 'required' in c && positions[i] === undefined).map((c) => c.header);

export interface RowError {
  field: string;
  code: string;
  message: string;
  params?: TextParams;
}
export type RowRead =
  | { row: number; ok: true; entry: RegisterEntry }
  | { row: number; ok: false; errors: RowError[] };

/** One row as a register entry, or each cell that is wrong. */
export function entryOfRow(
  positions: readonly (number | undefined)[],
  row: readonly string[],
  rowNumber: number,
): RowRead {
  const errors: RowError[] = [];
  const headerOf = (field: Field) => REGISTER_COLUMNS.find((c) => c.field === field)!.header;
  const refuse = (field: Field, text: CodedText) => errors.push({ field: headerOf(field), ...text });
  const holder: Record<string, unknown> = {};
  const raw: Record<string, unknown> = { holder };
  for (const [i, column] of REGISTER_COLUMNS.entries()) {
    const p = positions[i];
    const cell = p === undefined ? '' : (row[p] ?? '').trim();
    if (!cell) {
      // An empty required cell is named by the schema (as on the form).
      if ('required' in column && column.field === 'holder.fullName') holder.fullName = '';
      continue;
    }
    const read = readCell(column.field, cell);
    if (!read.ok) {
      refuse(column.field, read.text);
      continue;
    }
    if (column.field === 'registerNumber') Object.assign(raw, read.value);
    else if (column.field.startsWith('holder.')) holder[column.field.slice(7)] = read.value;
    else raw[column.field] = read.value;
  }
  const parsed = parseWithTexts(entrySchema, raw);
  if (!parsed.success)
    for (const issue of parsed.issues) {
      const path = issue.path.join('.');
      const column = REGISTER_COLUMNS.find(
        (c) => c.field === path || (path === 'registerYear' && c.field === 'registerNumber'),
      );
      // A cell refused above is not named twice.
      if (column && errors.some((e) => e.field === column.header)) continue;
      errors.push({ field: column?.header ?? path, ...issue.text });
    }
  if (errors.length || !parsed.success) return { row: rowNumber, ok: false, errors };
  return { row: rowNumber, ok: true, entry: parsed.data };
}

/** Rows whose serial an earlier row of the file has: the second is refused, naming the first. */
export function repeatedSerials(reads: readonly RowRead[]): Map<number, RowError> {
  const first = new Map<string, number>();
  const repeated = new Map<number, RowError>();
  for (const read of reads) {
    if (!read.ok) continue;
    const key = serialKey(read.entry.serial);
    const seen = first.get(key);
    if (seen === undefined) first.set(key, read.row);
    else
      repeated.set(read.row, {
        field: 'Số hiệu',
        ...diplomaText('row-twice', { serial: read.entry.serial, row: seen }),
      });
  }
  return repeated;
}
