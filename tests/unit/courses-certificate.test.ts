import { describe, expect, it } from 'vitest';
import {
  certificateBlocks,
  certificateLines,
  scoreText,
  tenPointScore,
} from '../../functions/courses/domain/certificate.ts';
import { detailRows, evidenceOf, summaryRow } from '../../functions/courses/domain/evidence.ts';
import { type TestFacts, testItem } from '../../functions/courses/domain/outline.ts';

const session: TestFacts = {
  sessionId: 's1',
  ownerUnitId: 'SGD',
  opensAt: '2026-12-01T00:00:00.000Z',
  closesAt: '2027-03-01T00:00:00.000Z',
  durationMinutes: 60,
  passMark: 50,
  maxPoints: 100,
  attemptsAllowed: 3,
  openRoll: true,
};
const module = { unitId: 'SGD', closesAt: '2027-02-28T16:59:59.000Z' };
const draft = { itemId: 'i1', kind: 'test' as const, title: 'Bài kiểm tra cuối mô-đun', sessionId: 's1' };

describe('a module’s test', () => {
  it('copies the session’s rules when the session may be the module’s test', () => {
    expect(testItem(draft, session, module)).toEqual({
      item: {
        itemId: 'i1',
        kind: 'test',
        title: 'Bài kiểm tra cuối mô-đun',
        sessionId: 's1',
        durationMinutes: 60,
        passMark: 50,
        maxPoints: 100,
        attemptsAllowed: 3,
      },
    });
  });

  it('refuses an unknown session, a fixed roll, another unit’s, a pass below 5/10 and a test that closes first', () => {
    expect(testItem(draft, undefined, module)).toEqual({ code: 'course-test-unknown' });
    expect(testItem(draft, { ...session, openRoll: false }, module)).toEqual({
      code: 'course-test-not-open-roll',
    });
    expect(testItem(draft, { ...session, ownerUnitId: 'P-NGOQUYEN' }, module)).toEqual({
      code: 'course-test-other-unit',
    });
    // 4.9 of 10 is below the module's pass; exactly half passes.
    expect(testItem(draft, { ...session, passMark: 49 }, module)).toEqual({ code: 'course-test-pass-mark' });
    expect('item' in testItem(draft, { ...session, passMark: 5, maxPoints: 10 }, module)).toBe(true);
    expect(testItem(draft, { ...session, closesAt: '2027-02-01T00:00:00.000Z' }, module)).toEqual({
      code: 'course-test-window',
    });
    expect(testItem(draft, { ...session, opensAt: '2027-03-01T00:00:00.000Z' }, module)).toEqual({
      code: 'course-test-window',
    });
  });
});

describe('a completion certificate', () => {
  const facts = {
    holderName: 'Nguyễn Thị Hoà',
    workplace: 'Trường THPT chuyên Trần Phú',
    moduleCode: 'STEM-THPT',
    moduleTitle: 'Giáo dục STEM trong trường trung học phổ thông',
    programme: '03' as const,
    periods: 15,
    // 23:30 on 4 December in Hải Phòng is still the 4th there.
    completedAt: '2026-12-04T16:30:00.000Z',
    testScore: 8.5,
    unitName: 'Sở Giáo dục và Đào tạo Hải Phòng',
  };

  it('prints scores and days as Vietnamese writes them', () => {
    expect(tenPointScore(17, 20)).toBe(8.5);
    expect(tenPointScore(2, 3)).toBe(6.7);
    expect(scoreText(8.5)).toBe('8,5');
    expect(scoreText(10)).toBe('10,0');
  });

  it('lists what it certifies, with the test only when the module has one', () => {
    expect(certificateLines(facts)).toEqual([
      { label: 'Đơn vị công tác', value: 'Trường THPT chuyên Trần Phú' },
      { label: 'Mô-đun', value: 'STEM-THPT – Giáo dục STEM trong trường trung học phổ thông' },
      { label: 'Chương trình', value: 'Chương trình 03 (mô-đun tự chọn)' },
      { label: 'Số tiết', value: '15' },
      { label: 'Kết quả bài kiểm tra', value: '8,5/10 – Đạt' },
      { label: 'Ngày hoàn thành', value: '04/12/2026' },
    ]);
    const { testScore: _t, workplace: _w, ...plain } = facts;
    expect(certificateLines(plain).map((l) => l.label)).toEqual([
      'Mô-đun',
      'Chương trình',
      'Số tiết',
      'Ngày hoàn thành',
    ]);
  });

  it('is numbered by its verification code, issued by the unit, to the holder', () => {
    const blocks = certificateBlocks(facts, { code: 'K7QM-4XPA-9R', date: new Date('2026-12-05T03:00:00Z') });
    expect(blocks[0]).toMatchObject({
      kind: 'letterhead',
      issuer: 'SỞ GIÁO DỤC VÀ ĐÀO TẠO HẢI PHÒNG',
      number: 'K7QM-4XPA-9R/GCN-BDTX',
    });
    expect(blocks).toContainEqual({ kind: 'centered', text: 'Nguyễn Thị Hoà', bold: true, size: 16 });
    expect(blocks.filter((b) => b.kind === 'field')).toHaveLength(6);
  });
});

describe('a year’s BDTX evidence', () => {
  const mod = (moduleId: string, programme: '01' | '02' | '03', periods: number) => ({
    moduleId,
    code: moduleId.toUpperCase(),
    title: `Mô-đun ${moduleId}`,
    programme,
    periods,
    closesAt: '2026-12-31T16:59:59.000Z',
  });
  const planned = [mod('c', '03', 40), mod('a', '01', 40), mod('b', '02', 40)];
  const done = (...ids: string[]) =>
    new Map(ids.map((id) => [id, { completedAt: '2026-11-20T03:00:00.000Z', testScore: 7.5 }]));

  it('is complete with an approved plan, every module done and 120 periods', () => {
    const e = evidenceOf(planned, done('a', 'b', 'c'), true);
    expect(e).toMatchObject({
      outcome: 'complete',
      gaps: [],
      earned: { '01': 40, '02': 40, '03': 40, total: 120 },
    });
    // By programme, then code.
    expect(e.modules.map((m) => m.moduleId)).toEqual(['a', 'b', 'c']);
  });

  it('says what is missing otherwise', () => {
    expect(evidenceOf(planned, done('a', 'b', 'c'), false).gaps).toEqual(['plan-not-approved']);
    const short = evidenceOf(planned, done('a', 'b'), true);
    expect(short).toMatchObject({ outcome: 'incomplete', gaps: ['modules-not-completed', 'periods-short'] });
    expect(short.earned.total).toBe(80);
    // Every module done, but a plan of 100 periods is still short of the year's 120.
    expect(evidenceOf([mod('a', '01', 40), mod('b', '02', 60)], done('a', 'b'), true).gaps).toEqual([
      'periods-short',
    ]);
  });

  it('lists a module completed outside the plan without counting it', () => {
    const e = evidenceOf([mod('a', '01', 40)], done('a', 'x'), true, [
      mod('x', '03', 40),
      mod('y', '03', 10),
    ]);
    expect(e.modules.map((m) => [m.moduleId, m.inPlan])).toEqual([
      ['a', true],
      ['x', false],
    ]);
    expect(e.earned.total).toBe(40);
    expect(e.gaps).toEqual(['periods-short']);
  });

  it('fills the school’s sheet in Vietnamese', () => {
    const person = {
      ...evidenceOf(planned, done('a', 'b'), true),
      fullName: 'Lê Văn An',
      year: 2026,
      standing: 'approved',
    };
    expect(summaryRow(person)).toEqual([
      'Lê Văn An',
      'Đã phê duyệt',
      40,
      40,
      0,
      80,
      '2/3',
      'Chưa hoàn thành kế hoạch BDTX',
      'còn mô-đun chưa hoàn thành; chưa đủ 120 tiết',
    ]);
    expect(detailRows(person)[2]).toEqual([
      'Lê Văn An',
      'C',
      'Mô-đun c',
      '03',
      40,
      'Chưa hoàn thành',
      '',
      '',
      'Có',
    ]);
    expect(detailRows(person)[0]!.slice(5, 7)).toEqual(['20/11/2026', '7,5']);
  });
});
