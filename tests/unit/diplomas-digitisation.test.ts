/**
 * Digitisation's pure rules: reading a diploma from OCR's words (labels found however OCR ran
 * them together or mistook a letter, dust left out), and double keying (two agree, a third
 * decides a disagreement, an approver who keyed none of it).
 */
import { describe, expect, it } from 'vitest';
import {
  agreedValues,
  differingFields,
  entryOfKeyed,
  type KeyedRow,
  type KeyingRecord,
  keyRecord,
  mayApprove,
} from '../../functions/diplomas/domain/keying.ts';
import {
  groupLines,
  type OcrWord,
  preferReread,
  readDiploma,
  registerNumberOf,
  snapTo,
} from '../../functions/diplomas/domain/scan-reading.ts';

/** A line of words as OCR gives them: text, confidence, and boxes laid left to right at height y. */
function line(y: number, ...words: (string | [string, number])[]): OcrWord[] {
  let x = 100;
  return words.map((w) => {
    const [text, confidence] = typeof w === 'string' ? [w, 95] : w;
    const width = 22 * [...text].length;
    const word = { text, confidence, box: { x0: x, y0: y, x1: x + width, y1: y + 40 } };
    x += width + 18;
    return word;
  });
}

describe('reading a scanned diploma', () => {
  const words = [
    ...line(100, 'CỘNG', 'HÒA', 'XÃ', 'HỘI', 'CHỦ', 'NGHĨA', 'VIỆT', 'NAM'),
    ...line(200, 'BẰNG', 'TỐT', 'NGHIỆP', 'TRUNG', 'HỌC', 'PHỔ', 'THÔNG'),
    // OCR ran the label and the name together, and lost a space inside the name.
    ...line(300, ['Họ', 60], 'vàtên:TrầnVăn', ['Đức', 70]),
    // A letter of the label misread (a → ò), the value glued to it.
    ...line(400, 'Ngòy', 'sinh:02/02/1961'),
    // Dust read as a letter at the end of the line.
    ...line(500, 'Nơi', 'sinh:', 'Thái', 'Bình', ['R', 12]),
    // Two labels on one line.
    ...line(600, 'Giới', 'tính:', 'Nam', 'Dân', 'tộc:', 'Kinh'),
    ...line(700, 'Học', 'sinh', 'trường:', 'Trường', 'THPT', 'Trần', 'Phú'),
    ...line(800, 'Năm', 'tốt', 'nghiệp:', '1979', 'Xếp', 'loại:', 'Giỏi'),
    ...line(900, 'Hải', 'Phòng,', 'ngày', '6', 'tháng', '7', 'năm', '1979'),
    // Dust after the serial, read with some confidence: not a serial's (lower-case) word.
    ...line(1500, 'Số', 'hiệu:', 'B', '7000001', ['mu', 30], ['n', 70]),
    ...line(1600, 'Số', 'vào', 'sổ', 'cấp', 'bằng:', '101/TN-1979'),
  ];

  it('proposes every printed field in the register’s columns, as the keying form writes them', () => {
    const { values } = readDiploma(words);
    expect(values).toEqual({
      type: 'Bằng tốt nghiệp trung học phổ thông',
      'holder.fullName': 'Trần Văn Đức',
      'holder.birthDate': '02/02/1961',
      'holder.placeOfBirth': 'Thái Bình',
      'holder.gender': 'Nam',
      'holder.ethnicity': 'Kinh',
      school: 'Trường THPT Trần Phú',
      graduationYear: '1979',
      rank: 'Giỏi',
      issuedOn: '06/07/1979',
      serial: 'B 7000001',
      registerNumber: '101/1979',
    });
  });

  it('gives each field its lowest word confidence and the box of its words', () => {
    const { fields } = readDiploma(words);
    // "Họ" (60) is the label's; the value's words are "vàtên:TrầnVăn" (95) and "Đức" (70).
    expect(fields['holder.fullName']!.confidence).toBe(70);
    // The serial's box spans "B 7000001" and not the speck after it.
    const serialWords = words.filter((w) => w.text === 'B' || w.text === '7000001');
    expect(fields.serial!.box).toEqual({
      x0: serialWords[0]!.box.x0,
      y0: 1500,
      x1: serialWords[1]!.box.x1,
      y1: 1540,
    });
  });

  it('snaps a rank or a gender OCR read a letter wrong to the word it is; reads a lower-secondary title', () => {
    const { values } = readDiploma([
      ...line(100, 'BẰNG', 'TỐT', 'NGHIỆP', 'TRUNG', 'HỌC', 'CƠ', 'SỞ'),
      ...line(200, 'Xếp', 'loại:', 'Khó'),
      ...line(300, 'Giới', 'tính:', 'Nom'),
    ]);
    expect(values.type).toBe('Bằng tốt nghiệp trung học cơ sở');
    expect(values.rank).toBe('Khá');
    expect(values['holder.gender']).toBe('Nam');
    // Further than a letter from every word: left as read, for people to see.
    expect(snapTo(['Giỏi', 'Khá', 'Trung bình'], 'Kém')).toBe('Kém');
  });

  it('reads the type from a title whose stacked marks OCR lost (BẰNG TỐT read "BANG 1IOI")', () => {
    const { values } = readDiploma([
      ...line(100, 'ˆ', 'ˆ'),
      ...line(200, 'BANG', '1IOI', 'NGHIỆP', 'TRUNG', 'HỌQC', 'PHO', 'THONG'),
      ...line(300, 'Năm', 'tốt', 'nghiệp:', '1990'),
    ]);
    expect(values.type).toBe('Bằng tốt nghiệp trung học phổ thông');
    // The lower level's old name, "phổ thông cơ sở", is the lower level.
    expect(readDiploma(line(100, 'BẰNG', 'TỐT', 'NGHIỆP', 'PHỔ', 'THÔNG', 'CƠ', 'SỞ')).values.type).toBe(
      'Bằng tốt nghiệp trung học cơ sở',
    );
    // "Năm tốt nghiệp" is no title.
    expect(readDiploma(line(300, 'Năm', 'tốt', 'nghiệp:', '1990')).values.type).toBeUndefined();
  });

  it('keeps a short value OCR was unsure of when it is all the field has', () => {
    const { values } = readDiploma(line(100, 'Giới', 'tính:', ['Nữ', 40]));
    expect(values['holder.gender']).toBe('Nữ');
  });

  it('finds labels and the date signed through a vowel OCR mistook (ă read as ð, á as ó)', () => {
    const { values } = readDiploma([
      ...line(100, 'Nðm', 'tốt', 'nghiệp:', '1980'),
      ...line(200, 'Hỏi', 'Phòng,', 'ngày', '7', 'thóng', '7', 'nðm', '1980'),
    ]);
    expect(values).toMatchObject({ graduationYear: '1980', issuedOn: '07/07/1980' });
  });

  it('proposes nothing from a page without labels', () => {
    expect(readDiploma(line(100, 'Một', 'trang', 'trắng')).values).toEqual({});
  });

  it('groups words into lines on a slightly turned page, leaving out marks without letters', () => {
    const skewed = [
      { text: 'Họ', confidence: 90, box: { x0: 100, y0: 300, x1: 150, y1: 340 } },
      { text: 'và', confidence: 90, box: { x0: 170, y0: 304, x1: 220, y1: 344 } },
      { text: '|', confidence: 60, box: { x0: 240, y0: 200, x1: 245, y1: 500 } },
      { text: 'tên', confidence: 90, box: { x0: 240, y0: 309, x1: 300, y1: 349 } },
      { text: 'Ngày', confidence: 90, box: { x0: 100, y0: 400, x1: 180, y1: 440 } },
    ];
    expect(groupLines(skewed).map((l) => l.map((w) => w.text).join(' '))).toEqual(['Họ và tên', 'Ngày']);
  });

  it('writes a register number as the register does', () => {
    expect(registerNumberOf('125/TN-2025')).toBe('125/2025');
    expect(registerNumberOf('0125 / 1998')).toBe('125/1998');
    expect(registerNumberOf('không rõ')).toBe('không rõ');
  });

  it('takes a field read again with its characters only where it parses and the first did not', () => {
    expect(preferReread('issuedOn', '6 7 1979', '06/07/1979')).toBe('06/07/1979');
    expect(preferReread('issuedOn', '06/07/1979', '0607/1979')).toBe('06/07/1979');
    expect(preferReread('holder.birthDate', 'I96I', '1961')).toBe('1961');
    expect(preferReread('graduationYear', 'l979', '19 79')).toBe('1979');
    expect(preferReread('holder.fullName', 'Trần', 'x')).toBe('Trần');
  });
});

describe('double keying', () => {
  const full: KeyedRow = {
    'holder.fullName': 'Trần Văn Đức',
    'holder.birthDate': '02/02/1961',
    'holder.gender': 'Nam',
    type: 'THPT',
    graduationYear: '1979',
    serial: 'B 7000001',
    registerNumber: '101/1979',
    school: 'Trường THPT Trần Phú',
    issuedOn: '06/07/1979',
  };
  const open: KeyingRecord = { state: 'open', keyings: [] };
  const key = (record: KeyingRecord, by: string, values: KeyedRow) => {
    const next = keyRecord(record, { by, at: '2026-12-05T10:00:00Z', values });
    if (!next.ok) throw new Error(next.refusal);
    return next.record;
  };

  it('agrees when the second keying reads every field as the first (however dates and words are typed)', () => {
    const once = key(open, 'a', full);
    expect(once.state).toBe('keyed-once');
    const twice = key(once, 'b', {
      ...full,
      'holder.birthDate': '2/2/1961',
      'holder.gender': 'nam',
      type: 'Bằng tốt nghiệp trung học phổ thông',
      school: ' Trường  THPT Trần Phú ',
      serial: 'b-7000001',
    });
    expect(twice.state).toBe('agreed');
    expect(agreedValues(twice)!['holder.birthDate']).toBe('2/2/1961');
  });

  it('refuses a second keying by the first keyer', () => {
    expect(keyRecord(key(open, 'a', full), { by: 'a', at: '', values: full })).toEqual({
      ok: false,
      refusal: 'keyed-already',
    });
  });

  it('names the fields two keyings differ on, a name differing only in its diacritics included', () => {
    const disagreed = key(key(open, 'a', full), 'b', {
      ...full,
      'holder.fullName': 'Trần Văn Dức',
      registerNumber: '107/1979',
      'holder.placeOfBirth': 'Thái Bình',
    });
    expect(disagreed.state).toBe('disagreed');
    expect(disagreed.differing).toEqual(['holder.fullName', 'holder.placeOfBirth', 'registerNumber']);
    expect(agreedValues(disagreed)).toBeUndefined();
    // Neither of the two decides; a third does, and their reading is what was agreed.
    for (const by of ['a', 'b'])
      expect(keyRecord(disagreed, { by, at: '', values: full })).toEqual({
        ok: false,
        refusal: 'third-keyed-before',
      });
    const decided = key(disagreed, 'c', full);
    expect(decided.state).toBe('agreed');
    expect(agreedValues(decided)).toEqual(full);
    expect(keyRecord(decided, { by: 'd', at: '', values: full })).toEqual({ ok: false, refusal: 'not-open' });
  });

  it('takes the third keyer’s reading only of the fields the two differed on', () => {
    const disagreed = key(key(open, 'a', full), 'b', { ...full, 'holder.placeOfBirth': 'Thái Bình' });
    expect(disagreed.differing).toEqual(['holder.placeOfBirth']);
    const decided = key(disagreed, 'c', {
      ...full,
      'holder.placeOfBirth': 'Thái Bình',
      school: 'Trường khác',
    });
    expect(agreedValues(decided)).toEqual({ ...full, 'holder.placeOfBirth': 'Thái Bình' });
  });

  it('reads a name with its tone mark placed the old way or the new as one name', () => {
    expect(differingFields({ 'holder.fullName': 'Lê Thị Hòa' }, { 'holder.fullName': 'Lê Thị Hoà' })).toEqual(
      [],
    );
    expect(
      differingFields({ school: 'Trường THPT Thủy Nguyên' }, { school: 'Trường THPT Thuỷ Nguyên' }),
    ).toEqual([]);
    expect(differingFields({ 'holder.fullName': 'Lê Thị Hoà' }, { 'holder.fullName': 'Lê Thị Hoa' })).toEqual(
      ['holder.fullName'],
    );
  });

  it('treats an empty field and an absent one alike, and a value the register cannot read as its text', () => {
    expect(differingFields({ council: '' }, {})).toEqual([]);
    expect(differingFields({ 'holder.gender': 'Nam' }, { 'holder.gender': 'Male' })).toEqual([
      'holder.gender',
    ]);
    expect(differingFields({ issuedOn: '31/02/1979' }, { issuedOn: '31/02/1979' })).toEqual([]);
  });

  it('is approved only when agreed, and only by someone who keyed none of it', () => {
    const agreed = key(key(open, 'a', full), 'b', full);
    expect(mayApprove(agreed, 'a')).toBe('approver-keyed');
    expect(mayApprove(agreed, 'officer')).toBeUndefined();
    expect(mayApprove(key(open, 'a', full), 'officer')).toBe('not-open');
    expect(mayApprove({ state: 'reading', keyings: [] }, 'officer')).toBe('not-open');
  });

  it('makes the agreed values a register entry, or names each column the register refuses', () => {
    const read = entryOfKeyed(full);
    expect(read.ok && read.entry).toMatchObject({
      holder: { fullName: 'Trần Văn Đức', birthDate: '1961-02-02', gender: 'male' },
      type: 'upper-secondary',
      registerYear: 1979,
      registerNumber: 101,
      issuedOn: '1979-07-06',
    });
    const bad = entryOfKeyed({ ...full, 'holder.gender': 'Không rõ', registerNumber: '101' });
    expect(!bad.ok && bad.errors.map((e) => e.field).sort()).toEqual(['Giới tính', 'Số vào sổ']);
  });
});
