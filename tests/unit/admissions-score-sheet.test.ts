/** The grade-10 score sheet (functions/admissions/domain/score-sheet.ts): the national scale, by cell. */
import { describe, expect, it } from 'vitest';
import { parseScoreSheet, scoreOf } from '../../functions/admissions/domain/score-sheet.ts';

const papers = [
  { code: 'MATH', name: 'Toán' },
  { code: 'LIT', name: 'Ngữ văn' },
  { code: 'ENG', name: 'Tiếng Anh' },
];

describe('a score', () => {
  it('is 0 to 10 in steps of 0.25, with a comma or a point, or absent', () => {
    expect(scoreOf('8,25')).toBe(825);
    expect(scoreOf('8.5')).toBe(850);
    expect(scoreOf('10')).toBe(1000);
    expect(scoreOf('0')).toBe(0);
    expect(scoreOf('Vắng')).toBe('absent');
    expect(scoreOf('vang')).toBe('absent');
    for (const bad of ['8,3', '10,25', '11', '-1', '8,125', 'tám', ''])
      expect(scoreOf(bad), bad).toBeUndefined();
    // A number cell computed by a formula is the score it stands for.
    expect(scoreOf(String(7.7 + 0.05))).toBe(775);
    expect(scoreOf('7.749999999999999')).toBe(775);
  });
});

describe('a score sheet', () => {
  it('finds its columns by Vietnamese name (any case or tone) or code, and reads each row', () => {
    const { rows, errors } = parseScoreSheet(
      [
        ['SỐ BÁO DANH', 'toan', 'Ngữ Văn', 'ENG'],
        ['12', '7,75', '6', 'vắng'],
      ],
      papers,
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { row: 2, candidateNumber: '000012', papers: { MATH: 775, LIT: 600, ENG: 'absent' } },
    ]);
  });

  it('finds the header below the title rows, and papers named with other words', () => {
    const { rows, errors } = parseScoreSheet(
      [
        ['SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ HẢI PHÒNG'],
        ['DANH SÁCH ĐIỂM THI TUYỂN SINH LỚP 10'],
        [],
        ['STT', 'Số báo danh', 'Họ và tên', 'Điểm Toán', 'Điểm Ngữ văn', 'Điểm Tiếng Anh'],
        ['1', '000031', 'Nguyễn Văn A', '6,5', '7', '8,25'],
      ],
      papers,
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([{ row: 5, candidateNumber: '000031', papers: { MATH: 650, LIT: 700, ENG: 825 } }]);
  });

  it('gives a specialised class’s own paper its column, not the paper it shares a word with', () => {
    const { rows } = parseScoreSheet(
      [
        ['SBD', 'Toán chuyên', 'Toán'],
        ['7', '9', '8'],
      ],
      [...papers, { code: 'MATH-SPEC', name: 'Toán chuyên' }],
    );
    expect(rows[0]!.papers).toEqual({ 'MATH-SPEC': 900, MATH: 800 });
  });

  it('refuses a sheet without its columns, and names each bad row by its cell', () => {
    expect(parseScoreSheet([['Họ tên', 'Toán']], papers).errors[0]).toMatchObject({
      row: 1,
      problem: 'score-sheet-no-number-column',
    });
    expect(parseScoreSheet([['SBD', 'Vật lý']], papers).errors[0]).toMatchObject({
      problem: 'score-sheet-no-paper-column',
    });
    const { rows, errors } = parseScoreSheet(
      [
        ['SBD', 'Toán', 'Ngữ văn'],
        ['000001', '8', '8'],
        ['000001', '9', '9'],
        ['x1', '9', '9'],
        ['000002', '9', '8,1'],
        ['000003', '', ''],
        ['', '', ''],
      ],
      papers,
    );
    expect(rows.map((r) => r.candidateNumber)).toEqual(['000001']);
    expect(errors).toEqual([
      { row: 3, column: 'Số báo danh', problem: 'score-sheet-duplicate-number', value: '2' },
      { row: 4, column: 'Số báo danh', problem: 'score-sheet-bad-number', value: 'x1' },
      { row: 5, column: 'Ngữ văn', problem: 'score-sheet-bad-score', value: '8,1' },
      { row: 6, column: 'Số báo danh', problem: 'score-sheet-empty-row', value: '000003' },
    ]);
  });
});
