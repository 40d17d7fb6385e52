/**
 * The library's pure rules: ISBNs, the words a title is found by, how a query is planned,
 * matched and ranked with or without diacritics, and MARC 21 in both directions.
 */

import { describe, expect, it } from 'vitest';
import { indexTerms, titleAuthorKey, titleInput } from '../../functions/library/domain/catalogue.ts';
import {
  afterReturn,
  cityDay,
  decideHold,
  decideLoan,
  decideRenewal,
  decideStatusChange,
  isOverdueLoan,
  queueOrder,
} from '../../functions/library/domain/circulation.ts';
import { CODE128_PATTERNS, code128Values } from '../../functions/library/domain/code128.ts';
import { decideInterloanStep } from '../../functions/library/domain/interloan.ts';
import { isbn10Of, looksLikeIsbn, parseIsbn } from '../../functions/library/domain/isbn.ts';
import { labelBox } from '../../functions/library/domain/labels.ts';
import { formatOf, titleOfMarc, writeMarc } from '../../functions/library/domain/marc.ts';
import { readMarc } from '../../functions/library/domain/marc-read.ts';
import { driverOf, planQuery, scoreEntry } from '../../functions/library/domain/search.ts';
import { emptyCounts, loansPerLearner, sumCounts } from '../../functions/library/domain/statistics.ts';
import { stocktakeReport } from '../../functions/library/domain/stocktake.ts';
import { libraryText } from '../../functions/library/domain/texts.ts';
import {
  columnsOf,
  rowOfTitle,
  TITLE_COLUMNS,
  titleOfRow,
} from '../../functions/library/domain/title-sheet.ts';
import { renderText } from '../../shared/text/texts.ts';

describe('ISBN', () => {
  it('checks ISBN-10 and ISBN-13 and keeps the ISBN-13', () => {
    expect(parseIsbn('0-306-40615-2')).toEqual({ ok: true, isbn13: '9780306406157' });
    expect(parseIsbn('978-0-306-40615-7')).toEqual({ ok: true, isbn13: '9780306406157' });
    expect(parseIsbn('080442957X')).toEqual({ ok: true, isbn13: '9780804429573' });
    expect(parseIsbn('978-0-306-40615-8').ok).toBe(false);
    expect(parseIsbn('0-306-40615-3').ok).toBe(false);
    expect(parseIsbn('12345').ok).toBe(false);
    expect(isbn10Of('9780804429573')).toBe('080442957X');
    expect(looksLikeIsbn('978-0-306-40615-7')).toBe(true);
    expect(looksLikeIsbn('toán 10')).toBe(false);
  });

  it('refuses a title with a bad ISBN, naming the rule', () => {
    const bad = titleInput.safeParse({ title: 'Sách', isbn: '978-0-306-40615-8' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({
      message: expect.stringContaining('Not a valid ISBN-13'),
      params: { text: { code: 'library.isbn13-invalid' } },
    });
    expect(parseIsbn('12345')).toEqual({ ok: false, text: libraryText('isbn-length') });
  });
});

const sgk = titleInput.parse({
  isbn: '978-0-306-40615-7',
  title: '  Toán  10 ',
  subtitle: 'Tập một',
  authors: ['Hà Huy Khoái', 'Cung Thế Anh'],
  publisher: 'Nhà xuất bản Giáo dục Việt Nam',
  year: 2022,
  type: 'textbook',
  subjects: ['Toán học', 'Sách giáo khoa'],
  curriculum: [{ subject: 'toan', grade: 10, lessonId: 'TOAN10-B1' }],
});

describe('index terms', () => {
  it('indexes folded words with their best field, title word pairs, the ISBN and lessons', () => {
    expect(sgk.title).toBe('Toán 10');
    const terms = indexTerms(sgk);
    expect(terms.get('toan')).toBe('title');
    expect(terms.get('toan 10')).toBe('title');
    expect(terms.get('khoai')).toBe('author');
    expect(terms.get('giao')).toBe('other');
    expect(terms.get('9780306406157')).toBe('isbn');
    expect(terms.get('lesson:toan10-b1')).toBe('other');
    expect(titleAuthorKey(sgk)).toBe('toan 10|ha huy khoai');
  });

  it('leaves out stop words as terms of their own', () => {
    const terms = indexTerms(titleInput.parse({ title: 'Truyện Kiều và các bài thơ' }));
    expect(terms.has('va')).toBe(false);
    expect(terms.has('cac')).toBe(false);
    expect(terms.has('kieu')).toBe(true);
    expect(terms.has('kieu va')).toBe(true); // pairs keep them: "Kiều và" is a phrase
  });
});

describe('search', () => {
  const entry = (title: string, authors: string[] = [], other = '') => {
    const t = titleInput.parse({ title, authors, subjects: other ? [other] : [] });
    const fold = (v: string) => v.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase();
    return { id: title, ft: fold(t.title), fa: authors.map(fold).join(' '), fo: fold(other), title, authors };
  };

  it('finds with or without diacritics, and ranks the diacritics typed higher', () => {
    const plan = planQuery('toan hoc');
    const withMarks = planQuery('toán học');
    const a = entry('Toán học 10');
    expect(scoreEntry(a, plan)).toBeGreaterThan(0);
    expect(scoreEntry(a, withMarks)!).toBeGreaterThan(scoreEntry(a, plan)!);
    // "Tóan" is not how the title writes it: matched, with the bonus for "học" only.
    expect(scoreEntry(a, planQuery('tóan học'))).toBe(scoreEntry(a, plan)! + 1);
    expect(scoreEntry(a, planQuery('tóan học'))!).toBeLessThan(scoreEntry(a, withMarks)!);
  });

  it('needs every word, and ranks title over author over subject', () => {
    const plan = planQuery('nguyen nhat anh');
    expect(scoreEntry(entry('Mắt biếc', ['Nguyễn Nhật Ánh']), plan)).toBeGreaterThan(0);
    expect(scoreEntry(entry('Mắt biếc', ['Nguyễn Du']), plan)).toBeUndefined();
    const q = planQuery('kieu');
    const inTitle = scoreEntry(entry('Truyện Kiều', ['Nguyễn Du']), q)!;
    const inAuthor = scoreEntry(entry('Thơ', ['Kiều Phong']), q)!;
    const inSubject = scoreEntry(entry('Văn học trung đại', [], 'Kiều học'), q)!;
    expect(inTitle).toBeGreaterThan(inAuthor);
    expect(inAuthor).toBeGreaterThan(inSubject);
    // The whole title typed exactly outranks a longer title containing the words.
    expect(scoreEntry(entry('Truyện Kiều'), planQuery('truyện kiều'))!).toBeGreaterThan(
      scoreEntry(entry('Truyện Kiều và thơ chữ Hán'), planQuery('truyện kiều'))!,
    );
  });

  it('reads the rarest term, a pair before its words, and nothing when a word is unknown', () => {
    const plan = planQuery('toán học 10');
    const counts = new Map([
      ['toan', 9_000],
      ['hoc', 120_000],
      ['10', 30_000],
      ['toan hoc', 2_000],
      ['hoc 10', 800],
    ]);
    expect(driverOf(plan, counts)).toBe('hoc 10');
    expect(driverOf(planQuery('toán xyzw'), counts)).toBe('xyzw');
    expect(driverOf(planQuery('và'), new Map([['va', 0]]))).toBe('va');
  });
});

describe('MARC 21', () => {
  it('writes and reads ISO 2709 and MARCXML with Vietnamese text, title for title', async () => {
    const titles = [
      { ...sgk, titleId: 'T1' },
      {
        ...titleInput.parse({ title: 'Dế Mèn phiêu lưu ký', authors: ['Tô Hoài'], year: 1941 }),
        titleId: 'T2',
      },
    ];
    for (const format of ['iso2709', 'marcxml'] as const) {
      const bytes = new TextEncoder().encode(writeMarc(titles, format));
      expect(formatOf(bytes)).toBe(format);
      const records = await readMarc(bytes, format);
      expect(records).toHaveLength(2);
      const back = records.map((r, i) => titleOfMarc(r, i + 1));
      expect(back.map((b) => b.ok)).toEqual([true, true]);
      expect(back[0]!.controlNumber).toBe('T1');
      const { titleId: _, ...first } = titles[0]!;
      expect({ ...back[0]!.input, type: first.type }).toEqual(first);
      expect(back[1]!.input).toMatchObject({
        title: 'Dế Mèn phiêu lưu ký',
        authors: ['Tô Hoài'],
        year: 1941,
      });
    }
  });

  it('names the MARC field of a bad value', () => {
    const r = titleOfMarc(
      {
        leader: '00000nam a2200000 a 4500',
        fields: [
          ['001', 'X9'],
          ['020', '  ', 'a', '978-0-306-40615-8'],
          ['245', '10', 'a', 'Sách lỗi /'],
        ],
      },
      3,
    );
    expect(r).toMatchObject({ ok: false, row: 3, controlNumber: 'X9' });
    expect(r.errors![0]!.field).toBe('020');
  });
});

describe('circulation rules', () => {
  const base = {
    today: '2026-11-27',
    borrowerType: 'student' as const,
    openLoans: 0,
    overdueLoans: 0,
    copyStatus: 'available' as const,
    borrowerId: 'hs1',
  };

  it('lends for the borrower type’s days, within the limit, and not to someone with overdue books', () => {
    expect(decideLoan(base)).toEqual({ ok: true, dueOn: '2026-12-11' });
    expect(decideLoan({ ...base, borrowerType: 'staff' })).toEqual({ ok: true, dueOn: '2026-12-27' });
    expect(decideLoan({ ...base, openLoans: 3 })).toMatchObject({ ok: false, code: 'limit' });
    expect(decideLoan({ ...base, overdueLoans: 1 })).toMatchObject({ ok: false, code: 'overdue' });
    expect(decideLoan({ ...base, copyStatus: 'on-loan' })).toMatchObject({ ok: false, code: 'copy-on-loan' });
    // A copy on the hold shelf goes only to the borrower it is kept for.
    expect(decideLoan({ ...base, copyStatus: 'on-hold-shelf', keptFor: 'hs2' })).toMatchObject({
      ok: false,
      code: 'copy-kept',
    });
    expect(decideLoan({ ...base, copyStatus: 'on-hold-shelf', keptFor: 'hs1' }).ok).toBe(true);
  });

  it('renews from today, never shortening, up to the limit, and not when someone waits or it is late', () => {
    const loan = {
      today: '2026-12-01',
      dueOn: '2026-12-11',
      renewals: 0,
      borrowerType: 'student' as const,
      othersWaiting: 0,
    };
    expect(decideRenewal(loan)).toEqual({ ok: true, dueOn: '2026-12-15' });
    expect(decideRenewal({ ...loan, today: '2026-11-20', dueOn: '2026-12-11' })).toEqual({
      ok: true,
      dueOn: '2026-12-11',
    });
    expect(decideRenewal({ ...loan, renewals: 2 })).toMatchObject({ ok: false, code: 'renewals' });
    expect(decideRenewal({ ...loan, othersWaiting: 1 })).toMatchObject({ ok: false, code: 'held' });
    expect(decideRenewal({ ...loan, today: '2026-12-12' })).toMatchObject({ ok: false, code: 'overdue' });
  });

  it('serves holds first come, first served, one per borrower, and keeps a returned copy for the first', () => {
    const holds = [
      { holdId: 'h2', borrowerId: 'b', placedAt: '2026-11-02T08:00:00Z', status: 'waiting' as const },
      { holdId: 'h1', borrowerId: 'a', placedAt: '2026-11-01T08:00:00Z', status: 'waiting' as const },
      { holdId: 'h0', borrowerId: 'z', placedAt: '2026-10-01T08:00:00Z', status: 'cancelled' as const },
    ];
    expect(queueOrder(holds).map((h) => h.borrowerId)).toEqual(['a', 'b']);
    expect(afterReturn('2026-11-27', holds)).toMatchObject({
      status: 'on-hold-shelf',
      hold: { holdId: 'h1' },
      readyUntil: '2026-11-30',
    });
    expect(afterReturn('2026-11-27', [])).toEqual({ status: 'available' });
    expect(decideHold({ borrowerId: 'a', holds, borrowerHasCopy: false })).toMatchObject({
      ok: false,
      code: 'already-held',
    });
    expect(decideHold({ borrowerId: 'z', holds, borrowerHasCopy: false }).ok).toBe(true);
    expect(decideHold({ borrowerId: 'z', holds, borrowerHasCopy: true })).toMatchObject({
      ok: false,
      code: 'has-copy',
    });
    expect(isOverdueLoan({ dueOn: '2026-11-26' }, '2026-11-27')).toBe(true);
    expect(isOverdueLoan({ dueOn: '2026-11-26', returnedAt: '2026-11-27T01:00:00Z' }, '2026-11-27')).toBe(
      false,
    );
    expect(cityDay(new Date('2026-11-26T18:30:00Z'))).toBe('2026-11-27');
  });
});

describe('copies, stock-taking, inter-school loans and statistics', () => {
  it('moves the school’s counts when a copy is withdrawn, lost or found, and never a copy that is out', () => {
    expect(decideStatusChange('available', 'withdrawn')).toEqual({ ok: true, copies: -1, available: -1 });
    expect(decideStatusChange('lost', 'available')).toEqual({ ok: true, copies: 1, available: 1 });
    expect(decideStatusChange('lost', 'withdrawn')).toEqual({ ok: true, copies: 0, available: 0 });
    expect(decideStatusChange('on-loan', 'lost')).toMatchObject({ ok: false, code: 'copy-busy' });
    expect(decideStatusChange('lent-out', 'available')).toMatchObject({ ok: false });
  });

  it('keeps a copy on the hold shelf for as many days as the school says', () => {
    const hold = {
      holdId: 'h',
      borrowerId: 'b',
      placedAt: '2026-11-01T00:00:00Z',
      status: 'waiting' as const,
    };
    expect(afterReturn('2026-11-27', [hold], 5)).toMatchObject({
      status: 'on-hold-shelf',
      readyUntil: '2026-12-02',
    });
  });

  it('reports a stock-taking: found, missing, out but on the shelf, found again, unknown', () => {
    const report = stocktakeReport(
      [
        { barcode: 'A', titleId: 't', status: 'available', location: 'Kệ 1' },
        { barcode: 'B', titleId: 't', status: 'available' },
        { barcode: 'C', titleId: 't', status: 'on-loan' },
        { barcode: 'D', titleId: 't', status: 'on-loan' },
        { barcode: 'E', titleId: 't', status: 'lost' },
        { barcode: 'F', titleId: 't', status: 'withdrawn' },
      ],
      new Set(['A', 'C', 'E', 'Z']),
    );
    expect(report).toMatchObject({
      held: 4,
      scanned: 4,
      found: 1,
      onLoan: 1,
      missing: 1,
      onShelfButOut: 1,
      foundAgain: 1,
      unknown: 1,
    });
    expect(report.lists.missing).toEqual([{ barcode: 'B', titleId: 't' }]);
    expect(report.lists.unknown).toEqual(['Z']);
  });

  it('lets each side of an inter-school loan take only its own steps, in order', () => {
    expect(decideInterloanStep('requested', 'accept', 'lender')).toEqual({ ok: true, to: 'accepted' });
    expect(decideInterloanStep('requested', 'accept', 'borrower').ok).toBe(false);
    expect(decideInterloanStep('requested', 'ship', 'lender').ok).toBe(false);
    expect(decideInterloanStep('shipped', 'receive', 'borrower')).toEqual({ ok: true, to: 'received' });
    expect(decideInterloanStep('shipped', 'cancel', 'borrower').ok).toBe(false);
  });

  it('says why a step or a loan is refused in the librarian’s language', () => {
    const early = decideInterloanStep('requested', 'ship', 'lender');
    if (early.ok) throw new Error('shipped before it was accepted');
    expect(early.text.message).toBe('A request that is requested cannot be shipped now.');
    expect(renderText(early.text.code, early.text.params, 'vi')).toBe(
      'Đề nghị đang ở trạng thái “đã gửi đề nghị”: chưa thể chuyển sang “đã gửi sách”.',
    );
    const wrongSide = decideInterloanStep('requested', 'accept', 'borrower');
    expect(wrongSide).toEqual({ ok: false, text: libraryText('lender-step') });

    const full = decideLoan({
      today: '2026-11-27',
      borrowerType: 'student',
      openLoans: 3,
      overdueLoans: 0,
      copyStatus: 'available',
      borrowerId: 'hs1',
    });
    if (full.ok) throw new Error('lent over the limit');
    expect(full.text).toEqual({
      code: 'library.limit',
      params: { max: 3 },
      message: 'The reader already has 3 books, the most allowed.',
    });
    expect(renderText(full.text.code, full.text.params, 'vi')).toBe('Bạn đọc đã mượn tối đa 3 cuốn.');
  });

  it('sums schools’ figures and counts loans per learner', () => {
    const a = { ...emptyCounts(), titles: 10, loansYear: 30, learners: 100, digital: { video: 2 } };
    const b = { ...emptyCounts(), titles: 5, loansYear: 10, learners: 300, digital: { video: 1, ebook: 4 } };
    const total = sumCounts([a, b]);
    expect(total).toMatchObject({
      titles: 15,
      loansYear: 40,
      learners: 400,
      digital: { video: 3, ebook: 4 },
    });
    expect(loansPerLearner(total)).toBe(0.1);
    expect(loansPerLearner(emptyCounts())).toBe(0);
  });
});

describe('label sheets', () => {
  it('encodes Code 128 B with its check symbol and well-formed symbols', () => {
    // Every symbol has 11 modules (the stop 13) and an even number of bar modules.
    for (const [i, p] of CODE128_PATTERNS.entries()) {
      const widths = [...p].map(Number);
      expect(
        widths.reduce((a, b) => a + b, 0),
        `symbol ${i}`,
      ).toBe(i === 106 ? 13 : 11);
      expect(widths.filter((_, k) => k % 2 === 0).reduce((a, b) => a + b, 0) % 2, `symbol ${i}`).toBe(0);
    }
    // "PJJ123C" in code set B: start 104, data, check (104 + Σ value × position) mod 103.
    const values = code128Values('PJJ123C');
    expect(values.slice(0, 8)).toEqual([104, 48, 42, 42, 17, 18, 19, 35]);
    expect(values.at(-1)).toBe((104 + 48 + 42 * 2 + 42 * 3 + 17 * 4 + 18 * 5 + 19 * 6 + 35 * 7) % 103);
    expect(() => code128Values('Sách')).toThrow();
  });

  it('fills A4 sheets three by eight from the top left', () => {
    expect(labelBox(0)).toMatchObject({ page: 0, x: 0 });
    expect(labelBox(1).x).toBeCloseTo(labelBox(0).width);
    expect(labelBox(3).y).toBeLessThan(labelBox(0).y);
    expect(labelBox(24)).toMatchObject({ page: 1, x: 0, y: labelBox(0).y });
  });
});

describe('catalogue spreadsheets', () => {
  it('reads a row under headers typed any way, and names the column of each bad cell', () => {
    const positions = columnsOf(['nhan de', 'Tác  giả', 'ISBN', 'CHƯƠNG TRÌNH']);
    const good = titleOfRow(positions, ['Truyện Kiều', 'Nguyễn Du; Đào Duy Anh', '', 'ngu-van|9|NV9-B5'], 2);
    expect(good.ok).toBe(true);
    expect(good.input).toMatchObject({
      title: 'Truyện Kiều',
      authors: ['Nguyễn Du', 'Đào Duy Anh'],
      curriculum: [{ subject: 'ngu-van', grade: 9, lessonId: 'NV9-B5' }],
    });
    const bad = titleOfRow(positions, ['', 'Ai đó', '978-0-00-000000-1', ''], 3);
    expect(bad.ok).toBe(false);
    expect(bad.errors!.map((e) => e.field).sort()).toEqual(['ISBN', 'Nhan đề']);
    // Each error reads in the reader's language: the ISBN rule by its code, the empty title (a
    // check's plain sentence) in both languages.
    const said = (language: 'vi' | 'en') =>
      Object.fromEntries(bad.errors!.map((e) => [e.field, renderText(e.code!, e.params, language)]));
    expect(said('vi')).toEqual({
      ISBN: 'ISBN-13 không hợp lệ (sai chữ số kiểm tra hoặc không bắt đầu bằng 978/979)',
      'Nhan đề': 'Không được để trống',
    });
    expect(said('en')).toEqual({
      ISBN: 'Not a valid ISBN-13 (wrong check digit, or not starting with 978 or 979)',
      'Nhan đề': 'Cannot be empty',
    });
    expect(bad.errors!.find((e) => e.field === 'ISBN')?.code).toBe('library.isbn13-invalid');
    const row = rowOfTitle({ ...good.input!, titleId: 't1' });
    expect(row.at(-1)).toBe('t1');
    expect(row[TITLE_COLUMNS.findIndex((c) => c.field === 'curriculum')]).toBe('ngu-van|9|NV9-B5');
  });
});
