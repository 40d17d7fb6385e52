/**
 * Org units from a spreadsheet: one header row in Vietnamese (matched without regard to case,
 * spacing or Unicode form), one unit per row. Kinds may be written as Vietnamese labels ("Xã",
 * "Trường") or as the platform's ids. Pure: the worker hands in the cell texts.
 */

import type { TextParams } from '#shared/text/texts.ts';
import type { OrgUnitKind } from './delegation.ts';
import type { UnitRow } from './org-tree.ts';
import { identityText } from './texts.ts';

export const ORG_UNIT_SHEET_COLUMNS = [
  { key: 'orgUnitId', header: 'Mã định danh' },
  { key: 'code', header: 'Mã đơn vị' },
  { key: 'name', header: 'Tên đơn vị' },
  { key: 'kind', header: 'Loại đơn vị' },
  { key: 'parentId', header: 'Mã định danh đơn vị cấp trên' },
] as const satisfies readonly { key: keyof UnitRow; header: string }[];

export const MAX_SHEET_ROWS = 1000;

export interface SheetError {
  /** The spreadsheet's own row number (the header is row 1 when it is the first row). */
  row: number;
  column?: string;
  message: string;
  code?: string;
  params?: TextParams;
}

const fold = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');

const KIND_NAMES: Record<string, OrgUnitKind> = {
  sở: 'department',
  'sở giáo dục và đào tạo': 'department',
  phòng: 'office',
  'văn phòng': 'office',
  phường: 'ward',
  xã: 'commune',
  'đặc khu': 'special-zone',
  trường: 'school',
  'tổ chuyên môn': 'subject-group',
  department: 'department',
  office: 'office',
  ward: 'ward',
  commune: 'commune',
  'special-zone': 'special-zone',
  school: 'school',
  'subject-group': 'subject-group',
};

export function parseOrgUnitSheet(cells: string[][]): {
  rows: UnitRow[];
  sheetRows: number[];
  errors: SheetError[];
} {
  const headerIndex = cells.findIndex((row) => row.some((c) => c.trim() !== ''));
  if (headerIndex < 0)
    return { rows: [], sheetRows: [], errors: [{ row: 1, ...identityText('sheet-empty') }] };
  const header = cells[headerIndex]!.map(fold);
  const columnOf = new Map<string, number>();
  const errors: SheetError[] = [];
  for (const column of ORG_UNIT_SHEET_COLUMNS) {
    const at = header.indexOf(fold(column.header));
    if (at < 0)
      errors.push({ row: headerIndex + 1, column: column.header, ...identityText('missing-column') });
    else columnOf.set(column.key, at);
  }
  if (errors.length) return { rows: [], sheetRows: [], errors };

  const rows: UnitRow[] = [];
  const sheetRows: number[] = [];
  cells.slice(headerIndex + 1).forEach((row, i) => {
    const sheetRow = headerIndex + 2 + i;
    const value = (key: keyof UnitRow) => (row[columnOf.get(key)!] ?? '').normalize('NFC').trim();
    if (ORG_UNIT_SHEET_COLUMNS.every((c) => value(c.key) === '')) return;
    const kind = KIND_NAMES[fold(value('kind'))];
    if (!kind) {
      errors.push({
        row: sheetRow,
        column: 'Loại đơn vị',
        ...identityText('unknown-kind', { value: value('kind') }),
      });
      return;
    }
    for (const column of ORG_UNIT_SHEET_COLUMNS) {
      if (value(column.key) === '')
        errors.push({ row: sheetRow, column: column.header, ...identityText('required') });
    }
    rows.push({
      orgUnitId: value('orgUnitId'),
      code: value('code'),
      name: value('name'),
      kind,
      parentId: value('parentId'),
    });
    sheetRows.push(sheetRow);
  });
  if (rows.length === 0 && errors.length === 0)
    errors.push({ row: headerIndex + 2, ...identityText('no-units') });
  if (rows.length > MAX_SHEET_ROWS) {
    errors.push({
      row: sheetRows[MAX_SHEET_ROWS]!,
      ...identityText('too-many-units', { max: MAX_SHEET_ROWS }),
    });
  }
  return { rows, sheetRows, errors };
}

/** The column header for a field of a unit row, to put an API error on the right cell. */
export const headerOf = (field: string): string | undefined =>
  ORG_UNIT_SHEET_COLUMNS.find((c) => c.key === field)?.header;
