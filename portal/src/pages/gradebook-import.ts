/**
 * A grade book filled in a spreadsheet (XLSX import), pure: which header is which of the book's
 * columns, which sheet row is which pupil, each cell's value as the API takes it (text, a decimal
 * comma), and what the import would change, each problem named by its place in the sheet ("Ô E7",
 * "Dòng 9", "Cột H"). The template's table too. Nothing here reads a file (gradebook-xlsx.tsx does,
 * with exceljs) or saves anything (the grid does, gradebook-grid.tsx); the API checks every value.
 */
import { t } from '../i18n/index.ts';

/** A sheet's row as read: its number (from 1) and its cells' values, column A first. */
export interface SheetRow {
  number: number;
  cells: readonly unknown[];
}

export interface ImportPupil {
  learnerId: string;
  fullName: string;
}

/** The book a sheet is imported into. */
export interface ImportBook {
  /** `regular.0`…, `midTerm`, `endTerm`, `pass`, `rating`, `test`, `comment`, in the grid's order. */
  columns: readonly string[];
  pupils: readonly ImportPupil[];
  /** A cell as the grid shows it now ("8,5", "Đ"; empty when there is none). */
  current: (learnerId: string, field: string) => string;
  /**
   * Headers the sheet may use besides the Vietnamese ones known here (the portal's language: the
   * template's own): per column, or `id`, `name`, `ignore`.
   */
  labels?: Readonly<Record<string, readonly string[]>>;
}

/** One cell the import would change. */
export interface ImportChange {
  learnerId: string;
  fullName: string;
  field: string;
  /** As the grid shows it now (empty: none). */
  before: string;
  /** As it goes to the API ("8,5"). */
  value: string;
  /** Where it is in the sheet: "E7". */
  ref: string;
}

export interface ImportPlan {
  changes: ImportChange[];
  /** In Vietnamese (the portal's language), each naming its place: "Ô E7: …", "Dòng 9: …", "Cột H …". */
  problems: string[];
  /** Cells the sheet gives as the book has them already. */
  unchanged: number;
  /** Pupils the sheet's rows were matched to. */
  pupils: number;
  /** The header row's number; undefined when the sheet has none. */
  headerRow?: number;
}

/** 1 → "A", 27 → "AA". */
export function columnLetter(n: number): string {
  let letters = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26))
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

// ——— Values ———

/** A cell as read: its text, or why it cannot be taken (said after "Ô E7: "). */
export type CellRead = { text: string } | { problem: string };

/** A number as schools write it: "8,5" (a decimal comma), a float's noise (8.300000000000001) dropped. */
export const numberText = (value: number) => String(Number(value.toPrecision(12))).replace('.', ',');

/**
 * A cell's value as exceljs gives it, as text: a number with a decimal comma, a text trimmed (NFC),
 * rich text joined, a formula by its result. A date (Excel turns "8.5" into the 8th of May in some
 * locales), an error (#DIV/0!) or a formula without a result is a problem, not a value.
 */
export function readCell(value: unknown): CellRead {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value.normalize('NFC').trim() };
  if (typeof value === 'number')
    return Number.isFinite(value)
      ? { text: numberText(value) }
      : { problem: t('gradebook.import.cellUnreadable') };
  if (value instanceof Date) return { problem: t('gradebook.import.cellDate') };
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v['richText']))
      return readCell((v['richText'] as { text?: unknown }[]).map((r) => String(r.text ?? '')).join(''));
    if (typeof v['error'] === 'string')
      return { problem: t('gradebook.import.cellError', { error: v['error'] }) };
    if ('formula' in v || 'sharedFormula' in v)
      return v['result'] === undefined || v['result'] === null
        ? { problem: t('gradebook.import.cellFormula') }
        : readCell(v['result']);
    if ('text' in v) return readCell(v['text']);
  }
  return { problem: t('gradebook.import.cellUnreadable') };
}

const SCORE_FIELD = /^(regular\.\d+|midTerm|endTerm|test)$/;

/** A value as it goes to the API: a score's decimal point turned into a comma ("8.5" → "8,5"). */
export function importedValue(text: string, field: string): string {
  return SCORE_FIELD.test(field) && /^\d+\.\d+$/.test(text) ? text.replace('.', ',') : text;
}

/** The sheet gives what the book has already: 8 and 8,0 alike, Đ and đ alike. */
export function sameValue(before: string, value: string, field: string): boolean {
  const a = before.trim();
  const b = value.trim();
  if (SCORE_FIELD.test(field)) {
    const number = (s: string) => (/^\d+([.,]\d+)?$/.test(s) ? Number(s.replace(',', '.')) : Number.NaN);
    if (!Number.isNaN(number(a)) && !Number.isNaN(number(b))) return number(a) === number(b);
  }
  if (field === 'comment') return a.normalize('NFC') === b.normalize('NFC');
  return a.normalize('NFC').toLocaleLowerCase('vi') === b.normalize('NFC').toLocaleLowerCase('vi');
}

// ——— Names ———

/** The five tone marks (decomposed): a syllable carries one, written on one vowel or the next. */
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * A pupil's name compared: NFC or not, case, spaces, and where the tone mark sits (Thùy and Thuỳ,
 * Hòa and Hoà, both spellings in use) do not matter; the letters and their marks do.
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.replace(TONES, '') + (word.match(TONES) ?? []).join(''))
    .join(' ');
}

// ——— Headers ———

/** What a header names: the pupil's id or name, a column to leave (STT, ĐTB), or one of the book's. */
export type Header = { kind: 'id' | 'name' | 'ignore' } | { kind: 'field'; field: string };

/** A header compared: case, spaces, "kỳ"/"kì", a note in brackets, a leading "Điểm" do not matter. */
export function headerKey(text: string): string {
  return text
    .normalize('NFC')
    .toLocaleLowerCase('vi')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/kỳ/g, 'kì')
    .replace(/[\s_]+/g, ' ')
    .replace(/[\s:*.]+$/, '')
    .trim()
    .replace(/^điểm (?=\S)/, '');
}

const FIELD_WORDS: [RegExp, string][] = [
  [/^(gk|đggk|giữa kì|đánh giá giữa kì|kiểm tra giữa kì|ktgk)$/, 'midTerm'],
  [/^(ck|đgck|cuối kì|đánh giá cuối kì|kiểm tra cuối kì|ktck)$/, 'endTerm'],
  [/^(ktđk|kiểm tra định kì|bài kiểm tra định kì)$/, 'test'],
  [/^(đánh giá|đạt\/chưa đạt)$/, 'pass'],
  [/^(mức|mức đạt được|mức đánh giá)$/, 'rating'],
  [/^(nhận xét|nhận xét của giáo viên|lời nhận xét)$/, 'comment'],
];

/** The column a header names, the Vietnamese ways schools write them; undefined when none. */
export function headerOf(text: string, labels: ImportBook['labels'] = {}): Header | undefined {
  const key = headerKey(text);
  if (!key) return undefined;
  for (const [name, list] of Object.entries(labels))
    if (list.some((label) => headerKey(label) === key))
      return name === 'id' || name === 'name' || name === 'ignore'
        ? { kind: name }
        : { kind: 'field', field: name };
  if (/^(stt|tt|số tt|số thứ tự)$/.test(key)) return { kind: 'ignore' };
  // The semester average is worked out by the book, never entered.
  if (
    /^(đtb|tb|tbm|đtbm|tbhk|đtbhk|đtb môn|tb môn|trung bình|trung bình môn|trung bình môn học kì)$/.test(key)
  )
    return { kind: 'ignore' };
  if (/^(mã hs|mã học sinh|mã số học sinh|mã định danh|mã định danh học sinh|learnerid)$/.test(key))
    return { kind: 'id' };
  if (/^(họ và tên|họ tên|học sinh|tên học sinh|họ và tên học sinh|họ tên học sinh)$/.test(key))
    return { kind: 'name' };
  const regular = /^(?:đ?đg ?tx|tx|(?:đánh giá )?thường xuyên) ?(\d{1,2})$/.exec(key);
  if (regular)
    return Number(regular[1]) >= 1
      ? { kind: 'field', field: `regular.${Number(regular[1]) - 1}` }
      : undefined;
  for (const [words, field] of FIELD_WORDS) if (words.test(key)) return { kind: 'field', field };
  return undefined;
}

/** The header row: the first (of the first 20) naming the pupils' names or ids. */
export function findHeaderRow(
  sheet: readonly SheetRow[],
  labels?: ImportBook['labels'],
): SheetRow | undefined {
  return sheet
    .filter((row) => row.number <= 20)
    .find((row) =>
      row.cells.some((value) => {
        const read = readCell(value);
        const kind = 'text' in read ? headerOf(read.text, labels)?.kind : undefined;
        return kind === 'id' || kind === 'name';
      }),
    );
}

// ——— The plan ———

/**
 * What importing a sheet would change in the book, and what it cannot take. A row is a pupil by
 * its id (the template's "Mã HS") when it has one, else by name; a row with no value in the
 * book's columns is left alone (a pupil not assessed yet, a signature line). An empty cell leaves
 * the book's cell as it is: a sheet clears nothing.
 */
export function planImport(sheet: readonly SheetRow[], book: ImportBook): ImportPlan {
  const problems: string[] = [];
  const header = findHeaderRow(sheet, book.labels);
  if (!header) return { changes: [], problems: [t('gradebook.import.noHeader')], unchanged: 0, pupils: 0 };

  // The columns, by their headers.
  let idColumn: number | undefined;
  let nameColumn: number | undefined;
  const fields: { column: number; field: string }[] = [];
  const firstOf = new Map<string, number>();
  header.cells.forEach((value, i) => {
    const column = i + 1;
    const read = readCell(value);
    const text = 'text' in read ? read.text : '';
    if (!text) return;
    const h = headerOf(text, book.labels);
    const named = { column: columnLetter(column), header: text };
    if (h && h.kind !== 'field') {
      if (h.kind === 'id') idColumn ??= column;
      else if (h.kind === 'name') nameColumn ??= column;
    } else if (!h || !book.columns.includes(h.field))
      problems.push(t('gradebook.import.unknownColumn', named));
    else if (firstOf.has(h.field))
      problems.push(
        t('gradebook.import.duplicateColumn', { ...named, first: columnLetter(firstOf.get(h.field)!) }),
      );
    else {
      firstOf.set(h.field, column);
      fields.push({ column, field: h.field });
    }
  });
  if (fields.length === 0) problems.push(t('gradebook.import.noColumns'));

  // The rows, each a pupil of the class.
  const byId = new Map(book.pupils.map((p) => [p.learnerId, p]));
  const byName = new Map<string, ImportPupil[]>();
  for (const p of book.pupils)
    byName.set(nameKey(p.fullName), [...(byName.get(nameKey(p.fullName)) ?? []), p]);
  const seen = new Map<string, number>();
  const changes: ImportChange[] = [];
  let unchanged = 0;
  for (const row of sheet) {
    if (row.number <= header.number) continue;
    const textAt = (column: number | undefined) => {
      if (column === undefined) return '';
      const read = readCell(row.cells[column - 1]);
      return 'text' in read ? read.text : '';
    };
    const values = fields
      .map(({ column, field }) => ({ column, field, read: readCell(row.cells[column - 1]) }))
      .filter(({ read }) => !('text' in read) || read.text !== '');
    if (values.length === 0) continue;
    const at = { row: String(row.number) };
    const id = textAt(idColumn);
    const name = textAt(nameColumn);
    let pupil: ImportPupil | undefined;
    if (id) {
      pupil = byId.get(id);
      if (!pupil) {
        problems.push(t('gradebook.import.unknownId', { ...at, id }));
        continue;
      }
      if (name && nameKey(name) !== nameKey(pupil.fullName)) {
        problems.push(t('gradebook.import.idNameMismatch', { ...at, id, name, fullName: pupil.fullName }));
        continue;
      }
    } else if (name) {
      const found = byName.get(nameKey(name)) ?? [];
      if (found.length !== 1) {
        problems.push(
          found.length === 0
            ? t('gradebook.import.unknownPupil', { ...at, name })
            : t('gradebook.import.sameName', { ...at, name, n: found.length }),
        );
        continue;
      }
      pupil = found[0]!;
    } else {
      problems.push(t('gradebook.import.noName', at));
      continue;
    }
    const first = seen.get(pupil.learnerId);
    if (first !== undefined) {
      problems.push(t('gradebook.import.twice', { ...at, name: pupil.fullName, first: String(first) }));
      continue;
    }
    seen.set(pupil.learnerId, row.number);
    for (const { column, field, read } of values) {
      const ref = `${columnLetter(column)}${row.number}`;
      if (!('text' in read)) {
        problems.push(t('gradebook.import.cell', { ref, problem: read.problem }));
        continue;
      }
      const value = importedValue(read.text, field);
      const before = book.current(pupil.learnerId, field);
      if (sameValue(before, value, field)) unchanged++;
      else changes.push({ learnerId: pupil.learnerId, fullName: pupil.fullName, field, before, value, ref });
    }
  }
  return { changes, problems, unchanged, pupils: seen.size, headerRow: header.number };
}

// ——— The template ———

/**
 * The template's table: STT, Mã HS (the learner's id, which the import matches first), Họ và tên,
 * then the book's columns by their headers ("TX1", "GK", "Nhận xét"), one row per pupil with their
 * cells as the grid shows them ("8,5": text, as typed).
 */
export function templateTable(
  book: ImportBook,
  headerOfField: (field: string) => string,
): { headers: string[]; rows: (string | number)[][] } {
  return {
    headers: [
      t('gradebook.import.colNumber'),
      t('gradebook.import.colId'),
      t('gradebook.import.colName'),
      ...book.columns.map(headerOfField),
    ],
    rows: book.pupils.map((p, i) => [
      i + 1,
      p.learnerId,
      p.fullName,
      ...book.columns.map((field) => book.current(p.learnerId, field)),
    ]),
  };
}
