/**
 * The original register of diplomas (functions/diplomas/domain/register.ts): serial numbers the
 * same however typed, a year's register numbers consecutive with every gap found (checked against
 * an independent count: every number from 1 to the highest is either used or in a gap), gaps
 * explained by range, a correction's trail listing only what changed, and the public facts never
 * carrying the personal ID.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  correctEntry,
  duplicateNumbers,
  entrySchema,
  nameMatches,
  placeEntry,
  printedFacts,
  type RegisterEntry,
  registerGaps,
  serialKey,
  unexplainedGaps,
} from '../../functions/diplomas/domain/register.ts';

const entry: RegisterEntry = entrySchema.parse({
  holder: {
    fullName: '  Nguyễn   Thị Hương ',
    birthDate: '1985-03-12',
    placeOfBirth: 'Hải Phòng',
    gender: 'female',
    ethnicity: '01',
    personalId: '031185004521',
  },
  type: 'upper-secondary',
  graduationYear: 2003,
  serial: 'B 0123456',
  registerYear: 2003,
  registerNumber: 125,
  school: 'Trường THPT Trần Phú',
  rank: 'good',
  issuedOn: '2003-07-20',
});

describe('the register’s entries', () => {
  it('stores names as written (NFC, single spaces) and accepts a year of birth alone', () => {
    expect(entry.holder.fullName).toBe('Nguyễn Thị Hương');
    const old = entrySchema.safeParse({ ...entry, holder: { ...entry.holder, birthDate: '1956' } });
    expect(old.success).toBe(true);
    expect(
      entrySchema.safeParse({ ...entry, holder: { ...entry.holder, birthDate: '12/03/1985' } }).success,
    ).toBe(false);
    expect(entrySchema.safeParse({ ...entry, graduationYear: 1969 }).success).toBe(false);
  });

  it('compares serial numbers however they were typed', () => {
    expect(serialKey('B 0123456')).toBe('B0123456');
    expect(serialKey('b-0123456')).toBe(serialKey(' B0123456 '));
    expect(serialKey('B0123456')).not.toBe(serialKey('B0123457'));
  });
});

describe('a year’s register numbers', () => {
  it('finds the gaps and the numbers used twice, by hand', () => {
    expect(registerGaps([1, 2, 5, 6, 9])).toEqual([
      { from: 3, to: 4 },
      { from: 7, to: 8 },
    ]);
    expect(registerGaps([3])).toEqual([{ from: 1, to: 2 }]);
    expect(registerGaps([])).toEqual([]);
    expect(duplicateNumbers([4, 1, 4, 2, 2, 2])).toEqual([2, 4]);
  });

  it('leaves no number from 1 to the highest unaccounted for', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 80 }), (used) => {
        const gaps = registerGaps(used);
        const inGaps = gaps.flatMap((g) => Array.from({ length: g.to - g.from + 1 }, (_, i) => g.from + i));
        const highest = used.length ? Math.max(...used) : 0;
        for (let n = 1; n <= highest; n++) expect(used.includes(n) !== inGaps.includes(n)).toBe(true);
        expect(inGaps.every((n) => n < highest)).toBe(true);
      }),
    );
  });

  it('asks only for the gaps no explanation covers', () => {
    expect(unexplainedGaps([1, 2, 10], [{ from: 3, to: 5 }])).toEqual([{ from: 6, to: 9 }]);
    expect(unexplainedGaps([1, 10], [{ from: 4, to: 4 }])).toEqual([
      { from: 2, to: 3 },
      { from: 5, to: 9 },
    ]);
    expect(unexplainedGaps([1, 10], [{ from: 2, to: 9 }])).toEqual([]);
  });

  it('places a new entry after the highest, or where the paper book has it', () => {
    expect(placeEntry(3)).toEqual({ number: 4, skipped: [] });
    expect(placeEntry(0)).toEqual({ number: 1, skipped: [] });
    expect(placeEntry(2, 6)).toEqual({ number: 6, skipped: [{ from: 3, to: 5 }] });
    expect(placeEntry(6, 4)).toEqual({ number: 4, skipped: [] });
    expect(placeEntry(2, 3)).toEqual({ number: 3, skipped: [] });
  });
});

describe('a correction', () => {
  const decision = { decisionNumber: '125/QĐ-SGDĐT', decisionDate: '2026-11-20', reason: 'Sai ngày sinh' };

  it('records only what changed, old → new, under its decision', () => {
    const done = correctEntry(
      entry,
      { 'holder.birthDate': '1985-03-21', 'holder.gender': 'female' },
      decision,
    );
    if (!('entry' in done)) throw new Error(done.refused.join());
    expect(done.entry.holder.birthDate).toBe('1985-03-21');
    expect(done.correction).toEqual({
      ...decision,
      changes: [{ field: 'holder.birthDate', before: '1985-03-12', after: '1985-03-21' }],
    });
    // The serial and the register number are the register's own: never corrected.
    expect(entry.serial).toBe('B 0123456');
  });

  it('refuses what it may not change, a value that does not hold, and a correction of nothing', () => {
    expect(correctEntry(entry, { serial: 'B 999' } as never, decision)).toEqual({ refused: ['serial'] });
    expect(correctEntry(entry, { 'holder.birthDate': 'hôm qua' }, decision)).toEqual({
      refused: ['holder.birthDate'],
    });
    expect(correctEntry(entry, { 'holder.fullName': 'Nguyễn  Thị Hương' }, decision)).toEqual({
      refused: ['nothing-changed'],
    });
  });
});

describe('what the public verification may say', () => {
  it('gives the facts printed on the diploma, never the personal ID, gender or ethnicity', () => {
    const facts = printedFacts(entry);
    expect(facts).toMatchObject({
      type: 'Bằng tốt nghiệp trung học phổ thông',
      fullName: 'Nguyễn Thị Hương',
      rank: 'Khá',
      registerNumber: '125/2003',
    });
    const text = JSON.stringify(facts);
    expect(text).not.toContain('031185004521');
    expect(Object.keys(facts)).not.toContain('gender');
    expect(Object.keys(facts)).not.toContain('ethnicity');
  });
});

describe('a name typed for a verification', () => {
  it('is the recorded name with its diacritics when typed with them, or without them when typed plain', () => {
    expect(nameMatches('  trịnh   VĂN nam ', 'Trịnh Văn Nam')).toBe(true);
    expect(nameMatches('Trinh Van Nam', 'Trịnh Văn Nam')).toBe(true);
    expect(nameMatches('Trịnh Văn Năm', 'Trịnh Văn Nam')).toBe(false);
    expect(nameMatches('Trinh Van Nam', 'Trịnh Văn Năm')).toBe(true);
    // A name typed decomposed (as some phones do) is the same name.
    expect(nameMatches('Trịnh Văn Nam'.normalize('NFD'), 'Trịnh Văn Nam')).toBe(true);
    expect(nameMatches('Trịnh Văn', 'Trịnh Văn Nam')).toBe(false);
  });
});
