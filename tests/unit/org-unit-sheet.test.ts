import { describe, expect, it } from 'vitest';
import { parseOrgUnitSheet } from '../../functions/identity/domain/org-unit-sheet.ts';

const HEADER = ['Mã định danh', 'Mã đơn vị', 'Tên đơn vị', 'Loại đơn vị', 'Mã định danh đơn vị cấp trên'];

describe('org unit spreadsheet', () => {
  it('matches headers whatever their case, spacing or Unicode form, and maps kind labels', () => {
    const header = HEADER.map((h) => `  ${h.toUpperCase().normalize('NFD')} `);
    const result = parseOrgUnitSheet([
      [],
      header,
      ['THCS-A', '31', 'Trường THCS A', 'trường', 'X-B'],
      ['', '', '', '', ''],
    ]);
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      { orgUnitId: 'THCS-A', code: '31', name: 'Trường THCS A', kind: 'school', parentId: 'X-B' },
    ]);
    expect(result.sheetRows).toEqual([3]);
  });

  it('names missing columns, unknown kinds and empty required cells by row and column', () => {
    expect(parseOrgUnitSheet([HEADER.slice(0, 4)]).errors).toMatchObject([
      { row: 1, column: 'Mã định danh đơn vị cấp trên', message: 'Missing column' },
    ]);
    const result = parseOrgUnitSheet([
      HEADER,
      ['A', '1', 'Trường A', 'Làng', 'X'],
      ['B', '', 'Trường B', 'Xã', 'SGD'],
    ]);
    expect(result.errors).toMatchObject([
      { row: 2, column: 'Loại đơn vị', message: 'Unknown kind “Làng”' },
      { row: 3, column: 'Mã đơn vị', message: 'Required' },
    ]);
  });

  it('stores names in NFC so the same name typed twice is the same text', () => {
    const result = parseOrgUnitSheet([
      HEADER,
      ['A', '1', 'Trường Tiểu học Đông Hải'.normalize('NFD'), 'Trường', 'X'],
    ]);
    expect(result.rows[0]!.name).toBe('Trường Tiểu học Đông Hải'.normalize('NFC'));
  });
});
