/** The digital register's spreadsheet layout: cells read as offices write them, errors by column. */
import { describe, expect, it } from 'vitest';
import {
  columnsOf,
  entryOfRow,
  missingColumns,
  REGISTER_COLUMNS,
  repeatedSerials,
} from '../../functions/diplomas/domain/register-sheet.ts';
import { fitReport } from '../../functions/diplomas/imports.ts';

const headers = REGISTER_COLUMNS.map((c) => c.header);
const positions = columnsOf(headers);
const row = (cells: Partial<Record<string, string>>) =>
  REGISTER_COLUMNS.map((c) => (c.header in cells ? cells[c.header]! : c.example));

describe('a register row', () => {
  it('reads the template’s example row as an entry', () => {
    const read = entryOfRow(positions, row({}), 2);
    expect(read).toEqual({
      row: 2,
      ok: true,
      entry: {
        holder: {
          fullName: 'Nguyễn Thị Hương',
          birthDate: '1985-03-12',
          placeOfBirth: 'Hải Phòng',
          gender: 'female',
          ethnicity: '01',
        },
        type: 'upper-secondary',
        graduationYear: 2003,
        serial: 'B 0123456',
        registerYear: 2003,
        registerNumber: 125,
        school: 'Trường THPT Ngô Quyền',
        council: 'Hội đồng thi THPT Ngô Quyền',
        rank: 'good',
        issuedOn: '2003-07-15',
      },
    });
  });

  it('matches headers without regard to case, diacritics or spacing, and reads what offices write', () => {
    const loose = columnsOf(
      headers.map((h) => `  ${h.toUpperCase().normalize('NFD').replace(/\p{M}/gu, '')} `),
    );
    const read = entryOfRow(
      loose,
      row({
        'Ngày sinh': '1957',
        'Giới tính': 'nam',
        'Dân tộc': 'tay',
        'Loại văn bằng': 'Bằng tốt nghiệp bổ túc trung học cơ sở',
        'Số vào sổ': '7 / 1975',
        'Năm tốt nghiệp': '1975',
        'Ngày cấp': '1/9/1975',
        'Xếp loại': '',
        'Họ và tên': 'Nguyễn Văn  Ba',
      }),
      9,
    );
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.entry).toMatchObject({
      holder: { fullName: 'Nguyễn Văn Ba', birthDate: '1957', gender: 'male', ethnicity: '02' },
      type: 'continuing-lower',
      registerNumber: 7,
      registerYear: 1975,
      issuedOn: '1975-09-01',
    });
    expect(read.entry.rank).toBeUndefined();
  });

  it('names each bad cell by its column, in both languages', () => {
    const read = entryOfRow(
      positions,
      row({
        'Họ và tên': '',
        'Ngày sinh': '31/02/1985',
        'Giới tính': 'X',
        'Loại văn bằng': 'Đại học',
        'Năm tốt nghiệp': '1965',
        'Số vào sổ': '125',
        'Xếp loại': 'Xuất sắc',
        'Số định danh cá nhân': '0311',
      }),
      4,
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.map((e) => e.field).sort()).toEqual(
      [
        'Họ và tên',
        'Ngày sinh',
        'Giới tính',
        'Loại văn bằng',
        'Năm tốt nghiệp',
        'Số vào sổ',
        'Xếp loại',
        'Số định danh cá nhân',
      ].sort(),
    );
    expect(read.errors.find((e) => e.field === 'Giới tính')).toMatchObject({ code: 'diploma.cell-gender' });
    // Each is a coded text: the report shows it in the reader's language.
    for (const e of read.errors) expect(e.code).toMatch(/^(diploma|validation)\./);
  });

  it('lists the required columns a header row lacks', () => {
    expect(missingColumns(columnsOf(['Họ và tên', 'Số hiệu']))).toEqual([
      'Ngày sinh',
      'Giới tính',
      'Loại văn bằng',
      'Năm tốt nghiệp',
      'Số vào sổ',
      'Trường',
      'Ngày cấp',
    ]);
    expect(missingColumns(positions)).toEqual([]);
  });

  it('refuses a serial an earlier row of the file has, however it is typed', () => {
    const reads = [
      entryOfRow(positions, row({ 'Số hiệu': 'A 01' }), 2),
      entryOfRow(positions, row({ 'Số hiệu': 'B 02', 'Số vào sổ': '126/2003' }), 3),
      entryOfRow(positions, row({ 'Số hiệu': 'a-01', 'Số vào sổ': '127/2003' }), 4),
    ];
    const repeated = repeatedSerials(reads);
    expect([...repeated.keys()]).toEqual([4]);
    expect(repeated.get(4)).toMatchObject({
      field: 'Số hiệu',
      code: 'diploma.row-twice',
      params: { row: 2 },
    });
  });
});

describe('an import’s report', () => {
  it('keeps within what the job item holds, saying how many lines it left out', () => {
    const line = (row: number) => ({
      row,
      outcome: 'failed' as const,
      errors: [
        { field: 'Ngày sinh', code: 'diploma.cell-date', message: 'Write a date as dd/mm/yyyy '.repeat(8) },
      ],
    });
    const few = [line(2), line(3)];
    expect(fitReport(few)).toEqual(few);
    const many = Array.from({ length: 20_000 }, (_, i) => line(i + 2));
    const fitted = fitReport(many);
    expect(Buffer.byteLength(JSON.stringify(fitted))).toBeLessThan(300_000);
    const last = fitted.at(-1)!;
    expect(last.row).toBe(0);
    expect(last.errors![0]).toMatchObject({
      code: 'diploma.report-cut',
      params: { shown: fitted.length - 1, more: 20_000 - (fitted.length - 1) },
    });
  });
});
