/**
 * Reading a scanned diploma from the words OCR found, pure: words grouped into lines, the printed
 * labels ("Họ và tên:", "Ngày sinh:", "Số hiệu:" …) found without regard to diacritics (OCR drops
 * or mistakes them), each label's value the words up to the next label on its line, the title for
 * the diploma's type and the "…, ngày 15 tháng 7 năm 2025" line for the date signed. The result is
 * a proposal in the register's columns as written on paper, each field with its OCR confidence
 * and where it is on the page, for the people who key it: OCR decides nothing.
 */
import { searchKey, tidyName } from '#shared/text/vietnamese.ts';
import type { KeyedRow } from './keying.ts';
import { DIPLOMA_TYPE_NAMES, type DiplomaType, RANK_NAMES } from './kinds.ts';
import type { RegisterField } from './register-sheet.ts';

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
/** A word as OCR read it: text in NFC, confidence 0–100, where it is on the page (pixels). */
export interface OcrWord {
  text: string;
  confidence: number;
  box: Box;
}
export interface FieldReading {
  /** The lowest confidence of its words (0–100): only for ordering what to look at first. */
  confidence: number;
  box: Box;
}
export interface ScanProposal {
  values: KeyedRow;
  fields: Partial<Record<RegisterField, FieldReading>>;
}

export const unionBox = (words: readonly OcrWord[]): Box => ({
  x0: Math.min(...words.map((w) => w.box.x0)),
  y0: Math.min(...words.map((w) => w.box.y0)),
  x1: Math.max(...words.map((w) => w.box.x1)),
  y1: Math.max(...words.map((w) => w.box.y1)),
});

/** Words in reading order, a line at a time: a word joins the line whose middle is nearest its own
 * (within half a typical word's height); marks without a letter or digit (dust, rules) are left out. */
export function groupLines(words: readonly OcrWord[]): OcrWord[][] {
  const real = words.filter((w) => /[\p{L}\p{N}]/u.test(w.text));
  const heights = real.map((w) => w.box.y1 - w.box.y0).sort((a, b) => a - b);
  const typical = heights[Math.floor(heights.length / 2)] ?? 0;
  const middle = (w: OcrWord) => (w.box.y0 + w.box.y1) / 2;
  const lines: { middle: number; words: OcrWord[] }[] = [];
  for (const word of [...real].sort((a, b) => middle(a) - middle(b))) {
    const near = lines
      .map((line) => ({ line, distance: Math.abs(line.middle - middle(word)) }))
      .filter((l) => l.distance <= typical / 2)
      .sort((a, b) => a.distance - b.distance)[0]?.line;
    if (near) {
      near.words.push(word);
      near.middle = near.words.reduce((sum, w) => sum + middle(w), 0) / near.words.length;
    } else lines.push({ middle: middle(word), words: [word] });
  }
  return lines.sort((a, b) => a.middle - b.middle).map((l) => l.words.sort((a, b) => a.box.x0 - b.box.x0));
}

/** Printed labels, folded and without spaces (OCR often runs "Họ và tên:" together), longest first. */
const LABELS: [string, RegisterField][] = (
  [
    ['sovaosocapbang', 'registerNumber'],
    ['hocsinhtruong', 'school'],
    ['namtotnghiep', 'graduationYear'],
    ['xeploaitotnghiep', 'rank'],
    ['hoidongthi', 'council'],
    ['ngaysinh', 'holder.birthDate'],
    ['sinhngay', 'holder.birthDate'],
    ['gioitinh', 'holder.gender'],
    ['sovaoso', 'registerNumber'],
    ['hovaten', 'holder.fullName'],
    ['noisinh', 'holder.placeOfBirth'],
    ['xeploai', 'rank'],
    ['dantoc', 'holder.ethnicity'],
    ['sohieu', 'serial'],
    ['hoten', 'holder.fullName'],
  ] as [string, RegisterField][]
).sort((a, b) => b[0].length - a[0].length);

/** Letters OCR may get wrong in a label and still have read it (Ngày → Ngòy, cấp → cốp). */
const tolerance = (label: string) => Math.floor(label.length / 6);

/** Fields whose words are names, where OCR's lost spaces show as "TrầnVăn": split again before a capital. */
const NAMED: readonly RegisterField[] = ['holder.fullName', 'holder.placeOfBirth', 'school', 'council'];

/** A line's letters and digits folded, each knowing the word and character it came from. */
function compactLine(line: readonly OcrWord[]) {
  const letters: string[] = [];
  const from: { word: number; at: number }[] = [];
  for (const [word, w] of line.entries()) {
    let at = 0;
    for (const ch of w.text) {
      const folded = searchKey(ch);
      // A letter OCR mistook for one outside Vietnamese (ð for ă) still holds its place.
      const letter = /^[a-z0-9]$/.test(folded) ? folded : /^\p{L}$/u.test(ch) ? '?' : undefined;
      if (letter) {
        letters.push(letter);
        from.push({ word, at });
      }
      at += ch.length;
    }
  }
  return { text: letters.join(''), from };
}

/** Where each label is on a compact line (a window differing in at most a few letters). */
function labelsOn(compact: string) {
  const taken = new Array<boolean>(compact.length).fill(false);
  const found: { start: number; end: number; field: RegisterField }[] = [];
  for (const [label, field] of LABELS) {
    if (found.some((f) => f.field === field)) continue;
    for (let i = 0; i + label.length <= compact.length; i++) {
      if (taken.slice(i, i + label.length).some(Boolean)) continue;
      let wrong = 0;
      for (let k = 0; k < label.length && wrong <= tolerance(label); k++)
        if (compact[i + k] !== label[k]) wrong++;
      if (wrong > tolerance(label)) continue;
      found.push({ start: i, end: i + label.length, field });
      taken.fill(true, i, i + label.length);
      break;
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * The diploma's type from its title. Big capitals with stacked marks are where OCR slips most
 * ("BẰNG TỐT" read "BANG 1IOI", the marks a line of their own): "bằng … nghiệp" on the line is
 * enough, and "thông" / "cơ sở" tells the level.
 */
const typeOfTitle = (folded: string): string | undefined => {
  if (!/\bbang\b.*\bnghiep\b/.test(folded)) return undefined;
  const continuing = folded.includes('bo tuc');
  // "Phổ thông cơ sở" (the lower level's old name) holds "thông" too: "cơ sở" decides.
  const lower = folded.includes('co so');
  const upper = !lower && /\bthong\b/.test(folded);
  if (!upper && !lower) return undefined;
  const type: DiplomaType = continuing
    ? upper
      ? 'continuing-upper'
      : 'continuing-lower'
    : upper
      ? 'upper-secondary'
      : 'lower-secondary';
  return DIPLOMA_TYPE_NAMES[type];
};

/** The register number as the register writes it ("125/2025"), from how diplomas print it ("125/TN-2025"). */
export function registerNumberOf(text: string): string {
  const m = /(\d{1,6})\s*\/\D*(\d{4})\b/.exec(text);
  return m ? `${Number(m[1])}/${m[2]}` : tidyName(text);
}

/** Letters apart (edit distance): a few only, for words of a vocabulary or headings, folded. */
export function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * A word of a short vocabulary (a rank, a gender) as printed: OCR's reading snapped to the one
 * word it is at most a letter from ("Khó" → "Khá", "Nom" → "Nam"); anything else stays as read.
 */
export function snapTo(vocabulary: readonly string[], text: string): string {
  const near = vocabulary.filter((word) => distance(searchKey(word), searchKey(text)) <= 1);
  return near.length === 1 ? near[0]! : text;
}
const RANK_WORDS = Object.values(RANK_NAMES);
const GENDER_WORDS = ['Nam', 'Nữ'];

/** "…, ngày 15 tháng 7 năm 2025" or "…, ngày 15/07/2025" → 15/07/2025 (a vowel OCR mistook in the words, too). */
function signedDateOf(foldedLine: string): string | undefined {
  const m =
    /ng\S{1,2}y\s*(\d{1,2})\s*th\S{1,2}ng\s*(\d{1,2})\s*n\S{1,2}m\s*(\d{4})/.exec(foldedLine) ??
    /ng\S{1,2}y\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})/.exec(foldedLine);
  return m ? `${m[1]!.padStart(2, '0')}/${m[2]!.padStart(2, '0')}/${m[3]}` : undefined;
}

export const minConfidence = (words: readonly OcrWord[]) =>
  Math.round(Math.min(...words.map((w) => w.confidence)));

/** A word of one or two characters OCR is unsure of: dust or grain read as letters ("R", "mu"). */
const isSpeck = (w: OcrWord) => w.confidence < 50 && [...w.text.replace(/[^\p{L}\p{N}]/gu, '')].length <= 2;
const trimSpecks = <T extends { word: OcrWord }>(parts: T[]) => {
  let from = 0;
  let to = parts.length;
  while (from < to && isSpeck(parts[from]!.word)) from++;
  while (to > from && isSpeck(parts[to - 1]!.word)) to--;
  return parts.slice(from, to);
};

/**
 * A field's value from the pieces OCR read for it: punctuation at the ends dropped, names split
 * where a space was lost ("TrầnVăn"), register numbers as the register writes them, ranks and
 * genders snapped a letter away to the word.
 */
export function fieldValue(field: RegisterField, pieces: readonly string[]): string {
  let text = tidyName(pieces.join(' '))
    .replace(/^[:;.,\s]+/, '')
    .replace(/[\s:;,.!|'"“”‘’]+$/u, '');
  if (NAMED.includes(field)) text = text.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2');
  if (!text) return '';
  return field === 'registerNumber'
    ? registerNumberOf(text)
    : field === 'rank'
      ? snapTo(RANK_WORDS, text)
      : field === 'holder.gender'
        ? snapTo(GENDER_WORDS, text)
        : text;
}

/** The proposal for one scanned diploma. */
export function readDiploma(words: readonly OcrWord[]): ScanProposal {
  const proposal: ScanProposal = { values: {}, fields: {} };
  const propose = (field: RegisterField, value: string, from: readonly OcrWord[]) => {
    if (!value || proposal.values[field] || !from.length) return;
    proposal.values[field] = value;
    proposal.fields[field] = { confidence: minConfidence(from), box: unionBox(from) };
  };
  for (const line of groupLines(words)) {
    const lineText = line.map((w) => w.text).join(' ');
    const type = typeOfTitle(searchKey(lineText));
    if (type) propose('type', type, line);
    const compact = compactLine(line);
    const labels = labelsOn(compact.text);
    if (!labels.length) {
      const signed = signedDateOf(searchKey(lineText));
      if (signed) propose('issuedOn', signed, line);
      continue;
    }
    for (const [k, label] of labels.entries()) {
      // The value: from just after the label's last letter to just before the next label's first.
      const after = compact.from[label.end - 1]!;
      const next = labels[k + 1] ? compact.from[labels[k + 1]!.start]! : undefined;
      let parts: { piece: string; word: OcrWord }[] = [];
      for (let word = after.word; word < (next ? next.word + 1 : line.length); word++) {
        const text = line[word]!.text;
        const begin = word === after.word ? after.at + (text.codePointAt(after.at)! > 0xffff ? 2 : 1) : 0;
        const end = next && word === next.word ? next.at : text.length;
        const piece = text.slice(begin, end);
        if (/[\p{L}\p{N}]/u.test(piece)) parts.push({ piece, word: line[word]! });
      }
      // Dust read as letters at either end goes, unless it is all there is ("Nữ" read unsure).
      const kept = trimSpecks(parts);
      if (kept.length) parts = kept;
      // A serial is capitals and digits: lower-case words after it are dust read as letters.
      if (label.field === 'serial')
        while (parts.length > 1 && /^\p{Ll}+$/u.test(parts.at(-1)!.piece.replace(/[^\p{L}]/gu, '')))
          parts.pop();
      const used = parts.map((p) => p.word);
      const value = fieldValue(
        label.field,
        parts.map((p) => p.piece),
      );
      if (value) propose(label.field, value, used);
    }
  }
  return proposal;
}

/** Characters a field can hold, for reading its box again with only them (dates and numbers). */
export const FIELD_CHARACTERS: Partial<Record<RegisterField, string>> = {
  'holder.birthDate': '0123456789/',
  issuedOn: '0123456789/',
  graduationYear: '0123456789',
  'holder.personalId': '0123456789',
  registerNumber: '0123456789/',
};

const PARSES: Partial<Record<RegisterField, RegExp>> = {
  'holder.birthDate': /^(\d{1,2}\/\d{1,2}\/)?\d{4}$/,
  issuedOn: /^\d{1,2}\/\d{1,2}\/\d{4}$/,
  graduationYear: /^(19[7-9]\d|2\d{3})$/,
  'holder.personalId': /^\d{12}$/,
  registerNumber: /^\d{1,6}\/(19[7-9]\d|2\d{3})$/,
};

/** A field read again with its characters only: taken where it parses and the first reading did not. */
export function preferReread(
  field: RegisterField,
  first: string | undefined,
  again: string,
): string | undefined {
  const pattern = PARSES[field];
  const cleaned = again.replace(/\s+/g, '');
  if (!pattern) return first;
  if (first && pattern.test(first)) return first;
  return pattern.test(cleaned) ? cleaned : first;
}
