import { describe, expect, it } from 'vitest';
import { byAvailability, earliestDue, shelvesOf } from '../../functions/library/domain/holdings.ts';

describe('the title page’s holdings', () => {
  it('lists each shelf once, in shelf order, leaving out lost and withdrawn copies', () => {
    expect(
      shelvesOf([
        { status: 'available', location: 'Kệ 10' },
        { status: 'on-loan', location: 'Kệ 9' },
        { status: 'available', location: ' Kệ 9 ' },
        { status: 'lost', location: 'Kệ 1' },
        { status: 'withdrawn', location: 'Kho' },
        { status: 'available' },
        { status: 'available', location: '  ' },
      ]),
    ).toEqual(['Kệ 9', 'Kệ 10']);
  });

  it('gives the earliest due day, or none', () => {
    expect(earliestDue(['2026-12-20', '2026-12-08', '2026-12-31'])).toBe('2026-12-08');
    expect(earliestDue([])).toBeUndefined();
  });

  it('puts schools with a copy on the shelf first, more first, then by name', () => {
    const schools = [
      { name: 'Trường THCS Đằng Giang', available: 0, copies: 3 },
      { name: 'Trường THCS An Biên', available: 1, copies: 2 },
      { name: 'Trường THCS Cát Bi', available: 0, copies: 1 },
      { name: 'Trường THPT Lê Chân', available: 4, copies: 5 },
      { name: 'Trường THCS Bạch Đằng', available: 1, copies: 1 },
    ];
    expect([...schools].sort(byAvailability).map((s) => s.name)).toEqual([
      'Trường THPT Lê Chân',
      'Trường THCS An Biên',
      'Trường THCS Bạch Đằng',
      'Trường THCS Cát Bi',
      'Trường THCS Đằng Giang',
    ]);
  });
});
