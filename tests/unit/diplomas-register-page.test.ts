/**
 * Reading a register book's page, without OCR: the rules found on the pixels and erased, the
 * columns named by the book's headings however OCR spelled them, each word put in its cell, and
 * what the page prints above the table given to every row.
 */
import { describe, expect, it } from 'vitest';
import {
  columnField,
  eraseRules,
  findRules,
  type GreyImage,
  readRegisterPage,
} from '../../functions/diplomas/domain/register-page.ts';
import type { OcrWord } from '../../functions/diplomas/domain/scan-reading.ts';

/** A white page with a ruled table (rules two pixels thick) and a "letter" in one cell. */
function ruledPage(): GreyImage {
  const width = 600;
  const height = 400;
  const data = new Uint8Array(width * height).fill(235);
  const ink = (x: number, y: number) => {
    data[y * width + x] = 30;
  };
  for (const y of [100, 140, 180, 220]) for (let x = 50; x <= 550; x++) for (const t of [0, 1]) ink(x, y + t);
  for (const x of [50, 200, 400, 550]) for (let y = 100; y <= 221; y++) for (const t of [0, 1]) ink(x + t, y);
  // A letter in the second row, first column: short strokes, no rule.
  for (let y = 150; y < 170; y++) ink(80, y);
  // A title's underline: long, but above the table and shorter than a rule across the page.
  for (let x = 200; x < 400; x++) ink(x, 60);
  return { data, width, height };
}

const word = (text: string, x0: number, y0: number, confidence = 90): OcrWord => ({
  text,
  confidence,
  box: { x0, y0, x1: x0 + text.length * 8, y1: y0 + 16 },
});

describe('a register book’s page', () => {
  it('finds the table’s rules on the pixels, and none on a page without a table', () => {
    const rules = findRules(ruledPage())!;
    // Each rule's middle (two pixels thick: the lower one).
    expect(rules.rows).toEqual([101, 141, 181, 221]);
    expect(rules.columns).toEqual([51, 201, 401, 551]);
    const blank = { data: new Uint8Array(600 * 400).fill(240), width: 600, height: 400 };
    expect(findRules(blank)).toBeUndefined();
  });

  it('erases the rules and keeps the writing', () => {
    const page = ruledPage();
    const erased = eraseRules(page, findRules(page)!);
    expect(erased[140 * 600 + 300]).toBe(255);
    expect(erased[150 * 600 + 200]).toBe(255);
    expect(erased[160 * 600 + 80]).toBe(30);
    expect(erased[60 * 600 + 300]).toBe(30);
  });

  it('names columns by the book’s headings, however OCR ran or spelled them', () => {
    expect(columnField('Sốvàosổ')).toBe('registerNumber');
    expect(columnField('Số vào sổ cấp bằng')).toBe('registerNumber');
    expect(columnField('Họ tên')).toBe('holder.fullName');
    expect(columnField('Ngày tháng năm sinh')).toBe('holder.birthDate');
    expect(columnField('Nam/Nữ')).toBe('holder.gender');
    expect(columnField('Xếp loai')).toBe('rank');
    expect(columnField('Số hiệu văn bằng')).toBe('serial');
    expect(columnField('Ghi chú')).toBeUndefined();
    expect(columnField('Chữ ký')).toBeUndefined();
  });

  it('puts each word in its cell, a proposal a row, with what the page prints above the table', () => {
    const rules = { rows: [100, 140, 180, 220], columns: [50, 200, 400, 550], bands: [] };
    const words = [
      word('SỔ', 150, 20),
      word('GỐC', 180, 20),
      word('CẤP', 215, 20),
      word('BẰNG', 250, 20),
      word('TỐT', 295, 20),
      word('NGHIỆP', 325, 20),
      word('TRUNG', 385, 20),
      word('HỌC', 435, 20),
      word('PHỔ', 470, 20),
      word('THÔNG', 500, 20),
      word('NĂM', 550, 20),
      word('1983', 585, 20),
      word('Trường:', 55, 60),
      word('Trường', 120, 60),
      word('THPT', 175, 60),
      word('Ngô', 215, 60),
      word('Quyền', 245, 60),
      // The date signed, further right on the same line.
      word('Hải', 420, 60),
      word('Phòng,', 450, 60),
      word('ngày', 505, 60),
      word('20', 545, 60),
      word('tháng', 565, 60),
      word('7', 610, 60),
      word('năm', 625, 60),
      word('1983', 660, 60),
      word('Sốvàosổ', 60, 110),
      word('Họ', 210, 110),
      word('và', 232, 110),
      word('tên', 254, 110),
      word('Ghi', 410, 110),
      word('chú', 440, 110),
      word('100/1983', 60, 150),
      word('Nguyễn', 210, 150, 71),
      word('Thị', 270, 150),
      word('Hương', 300, 150),
      word('đã', 410, 150),
      word('nhận', 435, 150),
      word('101/1983', 60, 190),
      word('TrầnVăn', 210, 190),
      word('Đức', 280, 190),
    ];
    const page = readRegisterPage(words, rules);
    expect(page.columns).toEqual(['registerNumber', 'holder.fullName', undefined]);
    expect(page.rows.map((r) => r.row)).toEqual([1, 2]);
    expect(page.rows[0]!.values).toEqual({
      type: 'Bằng tốt nghiệp trung học phổ thông',
      school: 'Trường THPT Ngô Quyền',
      issuedOn: '20/07/1983',
      graduationYear: '1983',
      registerNumber: '100/1983',
      'holder.fullName': 'Nguyễn Thị Hương',
    });
    expect(page.rows[0]!.fields['holder.fullName']).toMatchObject({ confidence: 71 });
    expect(page.rows[0]!.box).toEqual({ x0: 50, y0: 140, x1: 550, y1: 180 });
    // A name whose space OCR lost is split again.
    expect(page.rows[1]!.values['holder.fullName']).toBe('Trần Văn Đức');
  });
});
