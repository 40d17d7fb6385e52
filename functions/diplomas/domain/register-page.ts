/**
 * Reading a scanned page of a register book (sổ gốc): a ruled table, one diploma a row. OCR reads
 * a ruled page badly (the rules become letters and split the lines), so the page's rules are found
 * first, on its pixels, and erased; OCR reads the page without them; each word then goes to the
 * cell its middle falls in. The header row names the columns (the book's own words, found without
 * regard to diacritics or lost spaces: "Sốvàosổ", "Ngày tháng năm sinh", "Nam/Nữ"); what the page
 * prints above the table (the type in the title, "Trường: …", the date signed) is every row's.
 * The result is a proposal per row, like a scanned diploma's: OCR only proposes.
 *
 * Pure: a grey image as bytes (one a pixel), and the words OCR found.
 */
import { searchKey } from '#shared/text/vietnamese.ts';
import type { RegisterField } from './register-sheet.ts';
import {
  type Box,
  distance,
  fieldValue,
  groupLines,
  minConfidence,
  type OcrWord,
  readDiploma,
  type ScanProposal,
  unionBox,
} from './scan-reading.ts';

export interface GreyImage {
  /** One byte a pixel, row after row. */
  data: Uint8Array;
  width: number;
  height: number;
}

/** A table's rules: the middles of its horizontal and vertical lines, top to bottom, left to right. */
export interface Rules {
  rows: number[];
  columns: number[];
  /** Each rule's extent, to erase it. */
  bands: { axis: 'h' | 'v'; from: number; to: number }[];
}

const DARK = 140;
/** A horizontal rule runs across this share of the page; a vertical one down this share of the table. */
const ACROSS = 0.4;
const DOWN = 0.8;

const longestRun = (length: number, dark: (i: number) => boolean) => {
  let best = 0;
  let run = 0;
  for (let i = 0; i < length; i++) {
    run = dark(i) ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
};

/** Neighbouring lines of pixels (a rule a few pixels thick) as one band. */
const bandsOf = (lines: number[]) => {
  const bands: { from: number; to: number }[] = [];
  for (const at of lines) {
    const last = bands.at(-1);
    if (last && at - last.to <= 3) last.to = at;
    else bands.push({ from: at, to: at });
  }
  return bands;
};

/**
 * The table's rules, or none when the page has no table (fewer than two rows between three
 * horizontal rules, or fewer than three vertical ones): a diploma, a cover, a blank page.
 */
export function findRules({ data, width, height }: GreyImage): Rules | undefined {
  const at = (x: number, y: number) => data[y * width + x]! < DARK;
  const across: number[] = [];
  for (let y = 0; y < height; y++) if (longestRun(width, (x) => at(x, y)) > width * ACROSS) across.push(y);
  const horizontal = bandsOf(across);
  if (horizontal.length < 3) return undefined;
  const top = horizontal[0]!.from;
  const bottom = horizontal.at(-1)!.to;
  const down: number[] = [];
  for (let x = 0; x < width; x++)
    if (longestRun(bottom - top + 1, (i) => at(x, top + i)) > (bottom - top) * DOWN) down.push(x);
  const vertical = bandsOf(down);
  if (vertical.length < 3) return undefined;
  const middle = (b: { from: number; to: number }) => Math.round((b.from + b.to) / 2);
  return {
    rows: horizontal.map(middle),
    columns: vertical.map(middle),
    bands: [
      ...horizontal.map((b) => ({ axis: 'h' as const, ...b })),
      ...vertical.map((b) => ({ axis: 'v' as const, ...b })),
    ],
  };
}

/** The page with its rules painted white (two pixels either side), for OCR to read. */
export function eraseRules({ data, width, height }: GreyImage, rules: Rules): Uint8Array {
  const out = Uint8Array.from(data);
  const top = rules.rows[0]!;
  const bottom = rules.rows.at(-1)!;
  for (const band of rules.bands) {
    for (let line = Math.max(0, band.from - 2); line <= band.to + 2; line++) {
      if (band.axis === 'h' && line < height) out.fill(255, line * width, (line + 1) * width);
      if (band.axis === 'v' && line < width)
        for (let y = Math.max(0, top - 3); y <= Math.min(height - 1, bottom + 3); y++)
          out[y * width + line] = 255;
    }
  }
  return out;
}

/** The words a book heads its columns with, folded and run together, for each field. */
const HEADINGS: [string, RegisterField | undefined][] = [
  ['sovaoso', 'registerNumber'],
  ['sovaosocapbang', 'registerNumber'],
  ['hovaten', 'holder.fullName'],
  ['hoten', 'holder.fullName'],
  ['ngaysinh', 'holder.birthDate'],
  ['ngaythangnamsinh', 'holder.birthDate'],
  ['noisinh', 'holder.placeOfBirth'],
  ['gioitinh', 'holder.gender'],
  ['namnu', 'holder.gender'],
  ['dantoc', 'holder.ethnicity'],
  ['sodinhdanhcanhan', 'holder.personalId'],
  ['loaivanbang', 'type'],
  ['namtotnghiep', 'graduationYear'],
  ['sohieu', 'serial'],
  ['sohieuvanbang', 'serial'],
  ['truong', 'school'],
  ['hocsinhtruong', 'school'],
  ['hoidongthi', 'council'],
  ['xeploai', 'rank'],
  ['ngaycap', 'issuedOn'],
  // Columns no register field keeps.
  ['stt', undefined],
  ['ghichu', undefined],
  ['kynhan', undefined],
  ['nguoinhanky', undefined],
];

/** The field a column heading names: the nearest known heading, a letter in five allowed to differ. */
export function columnField(heading: string): RegisterField | undefined {
  const folded = searchKey(heading).replace(/[^a-z0-9]/g, '');
  if (!folded) return undefined;
  const [best] = HEADINGS.map(([words, field]) => ({
    field,
    off: distance(folded, words) / words.length,
  })).sort((a, b) => a.off - b.off);
  return best && best.off <= 0.2 ? best.field : undefined;
}

export interface RegisterPageReading {
  /** The columns as the header row names them (undefined: a column the register does not keep). */
  columns: (RegisterField | undefined)[];
  /** One proposal a row with writing, top to bottom; the box of the whole row beside it. */
  rows: (ScanProposal & { row: number; box: Box })[];
}

/** The rows of a register page: each word in its cell, the header naming the columns. */
export function readRegisterPage(words: readonly OcrWord[], rules: Rules): RegisterPageReading {
  const { rows: ys, columns: xs } = rules;
  const bandOf = (edges: number[], at: number) => {
    for (let i = 0; i + 1 < edges.length; i++) if (at > edges[i]! && at < edges[i + 1]!) return i;
    return -1;
  };
  const cells = new Map<string, OcrWord[]>();
  const above: OcrWord[] = [];
  for (const word of words) {
    const x = (word.box.x0 + word.box.x1) / 2;
    const y = (word.box.y0 + word.box.y1) / 2;
    if (y < ys[0]!) {
      above.push(word);
      continue;
    }
    const row = bandOf(ys, y);
    const column = bandOf(xs, x);
    if (row < 0 || column < 0) continue;
    const key = `${row}:${column}`;
    cells.set(key, [...(cells.get(key) ?? []), word]);
  }
  const inReadingOrder = (cell: readonly OcrWord[]) =>
    groupLines(cell).flatMap((line) => [...line].sort((a, b) => a.box.x0 - b.box.x0));
  const columns = xs.slice(0, -1).map((_, c) => {
    const heading = inReadingOrder(cells.get(`0:${c}`) ?? []);
    return columnField(heading.map((w) => w.text).join(' '));
  });
  // What the page prints above the table is every row's (the type, the school, the date signed,
  // the year in the title: "SỔ GỐC CẤP BẰNG … NĂM 1983").
  const heading = readDiploma(above);
  for (const line of groupLines(above)) {
    // "Trường: Trường THPT Ngô Quyền" heads a school's book.
    const [label, ...after] = line;
    // Up to a wide gap: the date signed may stand on the same line, further right.
    const height = label ? label.box.y1 - label.box.y0 : 0;
    const gap = after.findIndex((w, i) => i > 0 && w.box.x0 - after[i - 1]!.box.x1 > height * 3);
    const rest = gap < 0 ? after : after.slice(0, gap);
    if (!heading.values.school && label && /^truong:?$/.test(searchKey(label.text)) && rest.length) {
      const school = fieldValue(
        'school',
        rest.map((w) => w.text),
      );
      if (school) {
        heading.values.school = school;
        heading.fields.school = { confidence: minConfidence(rest), box: unionBox(rest) };
      }
    }
  }
  if (!heading.values.graduationYear)
    for (const line of groupLines(above)) {
      const year = /\bnam (19[7-9]\d|20\d\d)\b/.exec(searchKey(line.map((w) => w.text).join(' ')))?.[1];
      if (year) {
        heading.values.graduationYear = year;
        heading.fields.graduationYear = { confidence: minConfidence(line), box: unionBox(line) };
        break;
      }
    }
  const rows: RegisterPageReading['rows'] = [];
  for (let r = 1; r + 1 < ys.length; r++) {
    const proposal: ScanProposal = { values: { ...heading.values }, fields: { ...heading.fields } };
    let written = false;
    for (const [c, field] of columns.entries()) {
      const cell = inReadingOrder(cells.get(`${r}:${c}`) ?? []);
      // A row is written when a column the register keeps is (a numbered empty row is not).
      if (!cell.length || !field) continue;
      const value = fieldValue(
        field,
        cell.map((w) => w.text),
      );
      if (!value) continue;
      written = true;
      proposal.values[field] = value;
      proposal.fields[field] = { confidence: minConfidence(cell), box: unionBox(cell) };
    }
    if (written)
      rows.push({ ...proposal, row: r, box: { x0: xs[0]!, y0: ys[r]!, x1: xs.at(-1)!, y1: ys[r + 1]! } });
  }
  return { columns, rows };
}
