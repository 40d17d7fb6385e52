/**
 * A grade book imported from a spreadsheet (portal/src/pages/gradebook-import.ts): headers as
 * schools write them, cells as exceljs reads them (numbers, text with a decimal comma, rich text,
 * formulas, dates, errors), pupils by id or by name (NFC or not, case, spaces, where the tone mark
 * sits), and the plan — what changes, what is left as it is, each problem by its place in the sheet.
 */
import { describe, expect, it } from 'vitest';
import {
  columnLetter,
  findHeaderRow,
  headerKey,
  headerOf,
  type ImportBook,
  importedValue,
  nameKey,
  planImport,
  readCell,
  type SheetRow,
  sameValue,
  templateTable,
} from '../../portal/src/pages/gradebook-import.ts';

const COLUMNS = ['regular.0', 'regular.1', 'regular.2', 'midTerm', 'endTerm', 'comment'];
const PUPILS = [
  { learnerId: 'L-AN', fullName: 'Nguyễn Văn An' },
  { learnerId: 'L-THUY', fullName: 'Đặng Thị Thuỳ Dương' },
  { learnerId: 'L-BAO', fullName: 'Trần Minh Bảo' },
  { learnerId: 'L-HOA1', fullName: 'Lê Thị Hoà' },
  { learnerId: 'L-HOA2', fullName: 'Lê Thị Hoà' },
];
const stored: Record<string, string> = { 'L-AN/regular.0': '8', 'L-AN/midTerm': '7,5', 'L-BAO/pass': 'Đ' };

const book = (over: Partial<ImportBook> = {}): ImportBook => ({
  columns: COLUMNS,
  pupils: PUPILS,
  current: (learnerId, field) => stored[`${learnerId}/${field}`] ?? '',
  ...over,
});

/** Rows from 1, as exceljs gives them (column A first). */
const sheet = (...rows: unknown[][]): SheetRow[] => rows.map((cells, i) => ({ number: i + 1, cells }));

describe('headers', () => {
  it('reads the Vietnamese ways of writing each column', () => {
    const field = (text: string) => {
      const h = headerOf(text);
      return h?.kind === 'field' ? h.field : h?.kind;
    };
    expect(field('TX1')).toBe('regular.0');
    expect(field(' tx 3 ')).toBe('regular.2');
    expect(field('ĐĐGtx2')).toBe('regular.1');
    expect(field('Đánh giá thường xuyên 4')).toBe('regular.3');
    expect(field('TX0')).toBeUndefined();
    for (const mid of ['GK', 'gk', 'Giữa kỳ', 'Giữa kì', 'Điểm giữa kỳ', 'Đánh giá giữa kì', 'GK (hệ số 2)'])
      expect(field(mid), mid).toBe('midTerm');
    for (const end of ['CK', 'Cuối kỳ', 'Cuối kì', 'ĐIỂM CUỐI KỲ', 'Đánh giá cuối kì'])
      expect(field(end), end).toBe('endTerm');
    expect(field('Đánh giá')).toBe('pass');
    expect(field('Đánh giá (Đạt, Chưa đạt)')).toBe('pass');
    expect(field('Mức')).toBe('rating');
    expect(field('KTĐK')).toBe('test');
    expect(field('Nhận xét')).toBe('comment');
    for (const ignored of ['STT', 'ĐTB', 'Điểm TB', 'Điểm trung bình môn học kì', 'TBM'])
      expect(field(ignored), ignored).toBe('ignore');
    expect(field('Mã HS')).toBe('id');
    expect(field('Họ và tên')).toBe('name');
    expect(field('HỌ TÊN')).toBe('name');
    expect(field('Họ   và\u00a0tên:')).toBe('name');
    expect(field('Điểm 15 phút')).toBeUndefined();
  });

  it('takes the portal’s own labels (the template in English) before its Vietnamese words', () => {
    const labels = { midTerm: ['Mid', 'Mid-term assessment'], name: ['Full name'], id: ['Pupil ID'] };
    expect(headerOf('mid', labels)).toEqual({ kind: 'field', field: 'midTerm' });
    expect(headerOf('Full name', labels)).toEqual({ kind: 'name' });
    expect(headerOf('Pupil ID', labels)).toEqual({ kind: 'id' });
    expect(headerOf('GK', labels)).toEqual({ kind: 'field', field: 'midTerm' });
  });

  it('compares NFC or not, and finds the header row under a title', () => {
    expect(headerKey('Giữa kỳ'.normalize('NFD'))).toBe(headerKey('giữa kì'));
    const rows = sheet(['Sổ điểm Toán — Lớp 10A1'], [], ['STT', 'Họ và tên', 'TX1']);
    expect(findHeaderRow(rows.filter((r) => r.cells.length))?.number).toBe(3);
    expect(findHeaderRow(sheet(['TX1', 'GK'], ['8', '9']))).toBeUndefined();
  });

  it('names columns as a spreadsheet does', () => {
    expect([1, 5, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'E', 'Z', 'AA', 'AZ', 'AAA']);
  });
});

describe('values', () => {
  it('reads numbers and text with a decimal comma, a float’s noise dropped', () => {
    expect(readCell(8.5)).toEqual({ text: '8,5' });
    expect(readCell(9)).toEqual({ text: '9' });
    expect(readCell(0.1 + 0.2)).toEqual({ text: '0,3' });
    expect(readCell(' 8,5 ')).toEqual({ text: '8,5' });
    expect(readCell(null)).toEqual({ text: '' });
    expect(readCell(undefined)).toEqual({ text: '' });
    expect(readCell({ richText: [{ text: 'Chăm ' }, { text: 'chỉ' }] })).toEqual({ text: 'Chăm chỉ' });
    expect(readCell({ formula: 'AVERAGE(D2:F2)', result: 7.25 })).toEqual({ text: '7,25' });
    expect(readCell({ sharedFormula: 'D2', result: '8' })).toEqual({ text: '8' });
    expect(readCell({ text: 'Tốt', hyperlink: 'https://x' })).toEqual({ text: 'Tốt' });
    expect(readCell('Nguyễn'.normalize('NFD'))).toEqual({ text: 'Nguyễn' });
  });

  it('refuses what is not a value, saying why in Vietnamese', () => {
    expect(readCell(new Date(2026, 4, 8))).toEqual({ problem: expect.stringContaining('ngày tháng') });
    expect(readCell({ error: '#DIV/0!' })).toEqual({ problem: 'ô báo lỗi #DIV/0!.' });
    expect(readCell({ formula: 'A1/0', result: { error: '#DIV/0!' } })).toEqual({
      problem: 'ô báo lỗi #DIV/0!.',
    });
    expect(readCell({ formula: 'SUM(A1:A2)' })).toEqual({ problem: expect.stringContaining('công thức') });
    expect(readCell(Number.NaN)).toEqual({ problem: 'không đọc được giá trị của ô.' });
    expect(readCell(true)).toEqual({ problem: 'không đọc được giá trị của ô.' });
  });

  it('sends a score’s decimal point as a comma, and compares scores as numbers', () => {
    expect(importedValue('8.5', 'regular.0')).toBe('8,5');
    expect(importedValue('8.5', 'comment')).toBe('8.5');
    expect(importedValue('11', 'endTerm')).toBe('11');
    expect(sameValue('8', '8,0', 'midTerm')).toBe(true);
    expect(sameValue('7,5', '7.5', 'midTerm')).toBe(true);
    expect(sameValue('7,5', '7,6', 'midTerm')).toBe(false);
    expect(sameValue('Đ', 'đ', 'pass')).toBe(true);
    expect(sameValue('Tốt', 'tốt', 'comment')).toBe(false);
    expect(sameValue('', '8', 'regular.0')).toBe(false);
  });
});

describe('names', () => {
  it('match whatever the case, the spaces, the normal form or where the tone mark sits', () => {
    const key = nameKey('Đặng Thị Thuỳ Dương');
    expect(nameKey('  đặng   THỊ thuỳ dương ')).toBe(key);
    expect(nameKey('Đặng Thị Thuỳ Dương'.normalize('NFD'))).toBe(key);
    expect(nameKey('Đặng Thị Thùy Dương')).toBe(key);
    expect(nameKey('Lê Thị Hòa')).toBe(nameKey('Lê Thị Hoà'));
    // The letters and their other marks still count.
    expect(nameKey('Đặng Thị Thuy Dương')).not.toBe(key);
    expect(nameKey('Dặng Thị Thuỳ Dương')).not.toBe(key);
    expect(nameKey('Lê Thị Hoa')).not.toBe(nameKey('Lê Thị Hoà'));
  });
});

describe('the plan', () => {
  it('takes the template back: rows by id, changes old → new with their cells, the rest unchanged', () => {
    const table = templateTable(
      book(),
      (f) => ({ midTerm: 'GK', endTerm: 'CK', comment: 'Nhận xét' })[f] ?? f,
    );
    expect(table.headers).toEqual([
      'STT',
      'Mã HS',
      'Họ và tên',
      'regular.0',
      'regular.1',
      'regular.2',
      'GK',
      'CK',
      'Nhận xét',
    ]);
    expect(table.rows[0]).toEqual([1, 'L-AN', 'Nguyễn Văn An', '8', '', '', '7,5', '', '']);
    const headers = ['STT', 'Mã HS', 'Họ và tên', 'TX1', 'TX2', 'TX3', 'GK', 'CK', 'Nhận xét'];
    const plan = planImport(
      sheet(
        headers,
        [1, 'L-AN', 'Nguyễn Văn An', 8, '9', 8.5, '7,5', '8.25', 'Chăm chỉ'],
        [2, 'L-THUY', 'Đặng Thị Thuỳ Dương', '', null, '', '', '11'],
      ),
      book(),
    );
    expect(plan.problems).toEqual([]);
    expect(plan.headerRow).toBe(1);
    expect(plan.pupils).toBe(2);
    expect(plan.unchanged).toBe(2);
    expect(plan.changes.map((c) => [c.ref, c.learnerId, c.field, c.before, c.value])).toEqual([
      ['E2', 'L-AN', 'regular.1', '', '9'],
      ['F2', 'L-AN', 'regular.2', '', '8,5'],
      ['H2', 'L-AN', 'endTerm', '', '8,25'],
      ['I2', 'L-AN', 'comment', '', 'Chăm chỉ'],
      ['H3', 'L-THUY', 'endTerm', '', '11'],
    ]);
  });

  it('names each problem by its place in the sheet, and imports the rest', () => {
    const plan = planImport(
      sheet(
        ['Sổ điểm Toán'],
        ['STT', 'Họ và tên', 'Giữa kỳ', 'Cuối kỳ', 'ĐTB', 'Điểm 15 phút', 'CK', 'TX5', 'Đánh giá'],
        [1, 'nguyễn  văn AN', 8, 9, 8.6, 10],
        [2, 'Nguyễn Văn X', 7, 7],
        [3, 'Lê Thị Hòa', 6],
        [4, '', 5],
        [5, 'Nguyễn Văn An', 10],
        [6, 'Trần Minh Bảo', new Date(2026, 4, 8), { error: '#REF!' }],
        [7, 'Đặng Thị Thùy Dương'],
        [],
        ['', 'Giáo viên bộ môn'],
      ),
      book(),
    );
    expect(plan.problems).toEqual([
      'Cột F “Điểm 15 phút” không có trong sổ.',
      'Cột G “CK” trùng với cột D: chỉ nhập cột D.',
      'Cột H “TX5” không có trong sổ.',
      'Cột I “Đánh giá” không có trong sổ.',
      'Dòng 4: không tìm thấy học sinh “Nguyễn Văn X” trong lớp.',
      'Dòng 5: lớp có 2 học sinh tên “Lê Thị Hòa”; hãy dùng tệp mẫu của sổ (có cột Mã HS) để phân biệt.',
      'Dòng 6: không có họ tên học sinh.',
      'Dòng 7: học sinh Nguyễn Văn An đã có ở dòng 3; dòng này không được nhập.',
      'Ô C8: ô là ngày tháng, không phải điểm. Hãy định dạng ô là Văn bản (Text) rồi nhập lại, ví dụ 8,5.',
      'Ô D8: ô báo lỗi #REF!.',
    ]);
    // An's GK is 7,5 in the book: 8 changes it; the ĐTB column is left alone.
    expect(plan.changes.map((c) => `${c.ref} ${c.field} ${c.before}→${c.value}`)).toEqual([
      'C3 midTerm 7,5→8',
      'D3 endTerm →9',
    ]);
    // An and Bảo; Dương's row gives nothing to enter, nor does the signature line.
    expect(plan.pupils).toBe(2);
  });

  it('matches by id before name, and refuses an id of another class or of another pupil', () => {
    const plan = planImport(
      sheet(
        ['Mã HS', 'Họ và tên', 'CK'],
        ['L-BAO', '', 9],
        ['L-OTHER', 'Nguyễn Văn An', 9],
        ['L-AN', 'Trần Minh Bảo', 9],
        ['', 'Đặng Thị Thuỳ Dương', 9],
      ),
      book(),
    );
    expect(plan.problems).toEqual([
      'Dòng 3: không tìm thấy học sinh có mã “L-OTHER” trong lớp.',
      'Dòng 4: mã “L-AN” là của học sinh Nguyễn Văn An, không phải “Trần Minh Bảo”; dòng này không được nhập.',
    ]);
    expect(plan.changes.map((c) => c.learnerId)).toEqual(['L-BAO', 'L-THUY']);
  });

  it('says when the sheet has no header row or none of the book’s columns', () => {
    expect(planImport(sheet(['8', '9']), book()).problems).toEqual([
      expect.stringMatching(/^Không tìm thấy dòng tiêu đề/),
    ]);
    const plan = planImport(sheet(['Họ và tên', 'Đánh giá'], ['Nguyễn Văn An', 'Đ']), book());
    expect(plan.problems).toEqual([
      'Cột B “Đánh giá” không có trong sổ.',
      'Tệp không có cột điểm nào của sổ này.',
    ]);
    expect(plan.changes).toEqual([]);
  });

  it('imports a comment-only book’s Đánh giá, Đ as the book has it left unchanged', () => {
    const plan = planImport(
      sheet(
        ['Họ và tên', 'Đánh giá', 'Nhận xét'],
        ['Trần Minh Bảo', 'đ', 'Tiến bộ'],
        ['Nguyễn Văn An', 'CĐ'],
      ),
      book({ columns: ['pass', 'comment'] }),
    );
    expect(plan.problems).toEqual([]);
    expect(plan.unchanged).toBe(1);
    expect(plan.changes.map((c) => `${c.learnerId} ${c.field} ${c.value}`)).toEqual([
      'L-BAO comment Tiến bộ',
      'L-AN pass CĐ',
    ]);
  });
});
