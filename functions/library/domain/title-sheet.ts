/**
 * The union catalogue as a spreadsheet: one title per row under Vietnamese headers (matched
 * without regard to case, diacritics or spacing), for libraries that keep their lists in Excel.
 * Lists in a cell are separated by semicolons; a curriculum mapping is `subject|grade|lesson`.
 * Pure: the worker reads and writes the workbook.
 */
import { parseWithTexts } from '#shared/text/issues.ts';
import { searchKey } from '#shared/text/vietnamese.ts';
import { type TitleInput, titleInput } from './catalogue.ts';
import type { MarcReadResult } from './marc.ts';

type Field = keyof TitleInput;

export const TITLE_COLUMNS: { header: string; field: Field; example: string }[] = [
  { header: 'ISBN', field: 'isbn', example: '978-604-0-00001-3' },
  { header: 'Nhan đề', field: 'title', example: 'Truyện Kiều' },
  { header: 'Phụ đề', field: 'subtitle', example: '' },
  { header: 'Tác giả', field: 'authors', example: 'Nguyễn Du' },
  { header: 'Nhà xuất bản', field: 'publisher', example: 'NXB Giáo dục Việt Nam' },
  { header: 'Năm xuất bản', field: 'year', example: '2020' },
  { header: 'Ngôn ngữ', field: 'language', example: 'vie' },
  { header: 'Loại tài liệu', field: 'type', example: 'book' },
  { header: 'Chủ đề', field: 'subjects', example: 'Văn học Việt Nam; Thơ' },
  { header: 'Phân loại', field: 'classification', example: '895.922' },
  { header: 'Chương trình', field: 'curriculum', example: 'ngu-van|9|NGU-VAN9-B5' },
];
/** Written after the fields on export, ignored on import. */
export const TITLE_ID_HEADER = 'Mã tài liệu';

const list = (cell: string) =>
  cell
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

/** Where each column is in a header row (undefined: absent). */
export const columnsOf = (header: readonly string[]) => {
  const at = new Map(header.map((h, i) => [searchKey(h ?? ''), i]));
  return TITLE_COLUMNS.map((c) => at.get(searchKey(c.header)));
};

/** One row as a title, checked with the form's rules; errors name the column. */
export function titleOfRow(
  positions: readonly (number | undefined)[],
  row: readonly string[],
  rowNumber: number,
): MarcReadResult {
  const cell = (i: number) => {
    const p = positions[i];
    return p === undefined ? '' : (row[p] ?? '').trim();
  };
  const raw: Record<string, unknown> = {};
  for (const [i, c] of TITLE_COLUMNS.entries()) {
    const v = cell(i);
    // An empty title is named as empty (the form's rule), not as a missing value.
    if (!v && c.field === 'title') raw.title = '';
    if (!v) continue;
    if (c.field === 'authors' || c.field === 'subjects') raw[c.field] = list(v);
    else if (c.field === 'year') raw.year = Number(v);
    else if (c.field === 'curriculum')
      raw.curriculum = list(v).map((ref) => {
        const [subject, grade, lessonId] = ref.split('|').map((s) => s.trim());
        return { subject: subject ?? '', grade: Number(grade), ...(lessonId ? { lessonId } : {}) };
      });
    else raw[c.field] = v;
  }
  const parsed = parseWithTexts(titleInput, raw);
  if (parsed.success) return { row: rowNumber, ok: true, input: parsed.data };
  return {
    row: rowNumber,
    ok: false,
    errors: parsed.issues.map((issue) => ({
      field: TITLE_COLUMNS.find((c) => c.field === issue.path[0])?.header ?? String(issue.path[0] ?? ''),
      ...issue.text,
    })),
  };
}

/** A title as a row, in the columns' order, then its id. */
export function rowOfTitle(t: TitleInput & { titleId: string }): string[] {
  const text = (f: Field): string => {
    const v = t[f];
    if (f === 'curriculum')
      return t.curriculum
        .map((c) => [c.subject, c.grade, c.lessonId].filter((x) => x !== undefined).join('|'))
        .join('; ');
    if (Array.isArray(v)) return v.join('; ');
    return v === undefined ? '' : String(v);
  };
  return [...TITLE_COLUMNS.map((c) => text(c.field)), t.titleId];
}
