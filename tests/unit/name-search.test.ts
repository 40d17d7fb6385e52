/**
 * Finding a record by any part of its name (functions/edu-data/domain/name-words.ts): the entries
 * a name is filed under, which of them a query lists, what a change rewrites, and how an import's
 * changes are packed into transactions. Pure: no AWS.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFirstMatch, MAX_NAME_WORDS, nameSuffixes } from '../../functions/edu-data/domain/name-words.ts';
import {
  type EduRecordItem,
  MAX_TRANSACTION_ITEMS,
  nameEntriesOf,
  nameEntryChanges,
  type RecordChange,
  transactionGroups,
  transactionSize,
} from '../../functions/edu-data/store.ts';
import { searchKey } from '../../shared/text/vietnamese.ts';

const SYLLABLES = [
  'Nguyễn',
  'Thị',
  'Tuyết',
  'Vũ',
  'Hoàng',
  'Yến',
  'Nhi',
  'Anh',
  'An',
  'Long',
  'Đức',
  'Nguyệt',
];
const name = fc.array(fc.constantFrom(...SYLLABLES), { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));

const filed = (fullName: string, over: Partial<EduRecordItem> = {}) => ({
  recordId: 'r1',
  kind: 'student' as const,
  ownerId: 'THPT-TRANPHU',
  parentId: 'P-NGOQUYEN',
  city: 'SGD',
  nameKey: searchKey(fullName),
  ...over,
});

/** What a search for `typed` lists of a name: the entries it begins, only the first of each name. */
const listed = (fullName: string, typed: string) => {
  const q = searchKey(typed);
  return nameEntriesOf(filed(fullName)).filter(
    (e) => e.words.startsWith(q) && isFirstMatch(e.nameKey, e.position, q),
  );
};

describe('names filed by word', () => {
  it('are found by the given name alone, by middle and given name, with or without diacritics', () => {
    for (const typed of ['tuyết', 'Tuyet', 'thị tuyết', 'nguyen thi', 'TUY', 'Nguyễn Thị Tuyết'])
      expect(listed('Nguyễn Thị Tuyết', typed), typed).toHaveLength(1);
    expect(listed('Vũ Hoàng Yến Nhi', 'yến nhi')).toHaveLength(1);
    expect(listed('Vũ Hoàng Yến Nhi', 'nhi')).toHaveLength(1);
    // Words not next to each other, or a word begun in its middle, are not a part of the name.
    for (const typed of ['vu nhi', 'uyet', 'hoang nhi', 'tuyet nguyen'])
      expect(listed('Nguyễn Thị Tuyết Vũ Hoàng Yến Nhi', typed), typed).toHaveLength(0);
  });

  it('list a name once even when the query begins two of its words', () => {
    expect(nameEntriesOf(filed('Nguyễn Thị Nguyệt')).filter((e) => e.words.startsWith('ngu'))).toHaveLength(
      2,
    );
    expect(listed('Nguyễn Thị Nguyệt', 'ngu')).toHaveLength(1);
    expect(listed('Nguyễn Thị Nguyệt', 'ngu')[0]!.position).toBe(0);
  });

  it('match exactly the queries that begin a word of the name and run on from there', () => {
    fc.assert(
      fc.property(name, fc.nat(), fc.nat(), (fullName, from, cut) => {
        const words = searchKey(fullName).split(' ');
        const start = from % Math.min(words.length, MAX_NAME_WORDS);
        const tail = words.slice(start).join(' ');
        const q = tail.slice(0, 1 + (cut % tail.length)).trimEnd();
        expect(listed(fullName, q)).toHaveLength(1);
        // A query no word suffix begins finds nothing.
        expect(listed(fullName, `${q}zq`)).toHaveLength(0);
      }),
    );
  });

  it('keep a long name within a transaction: eight words at most', () => {
    const long = 'Bộ thiết bị dạy học tối thiểu môn Toán lớp mười một';
    expect(nameSuffixes(searchKey(long))).toHaveLength(MAX_NAME_WORDS);
    expect(nameSuffixes(searchKey(long))[0]).toBe(searchKey(long));
  });
});

describe('what a change rewrites of the name entries', () => {
  it('nothing when the name and where the record is listed stay (a submission, an approval)', () => {
    expect(nameEntryChanges(filed('Nguyễn Thị Tuyết'), filed('Nguyễn Thị Tuyết'))).toBeUndefined();
  });

  it('every entry of a new record', () => {
    const changes = nameEntryChanges(undefined, filed('Nguyễn Thị Tuyết'));
    expect(changes?.put.map((e) => e.words)).toEqual(['nguyen thi tuyet', 'thi tuyet', 'tuyet']);
    expect(changes?.remove).toEqual([]);
  });

  it('the new entries, and the positions a shorter name no longer has', () => {
    const changes = nameEntryChanges(filed('Vũ Hoàng Yến Nhi'), filed('Vũ Nhi'));
    expect(changes?.put.map((e) => e.words)).toEqual(['vu nhi', 'nhi']);
    expect(changes?.remove).toEqual([2, 3]);
  });

  it('every entry under the new unit when the record moves (a transfer, a school moving commune)', () => {
    for (const moved of [{ ownerId: 'THCS-LECHAN' }, { parentId: 'X-ANLAO' }]) {
      const changes = nameEntryChanges(filed('Nguyễn Thị Tuyết'), filed('Nguyễn Thị Tuyết', moved));
      expect(changes?.put).toHaveLength(3);
      for (const entry of changes!.put) expect(entry).toMatchObject(moved);
    }
  });
});

describe('an import chunk in transactions', () => {
  const change = (words: number, guard = true): RecordChange => {
    const record = { ...filed(Array.from({ length: words }, () => 'An').join(' ')) } as EduRecordItem;
    return {
      record,
      version: {} as RecordChange['version'],
      audit: {} as RecordChange['audit'],
      ...(guard ? { guard: { create: 'k' } } : {}),
      names: nameEntryChanges(undefined, record),
    };
  };

  it('fits every group, with its one audit entry, in a transaction, in order, nothing left out', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 80 }), (lengths) => {
        const changes = lengths.map((n) => change(n));
        const groups = transactionGroups(changes, (c) => c);
        expect(groups.flat()).toEqual(changes);
        for (const group of groups) {
          expect(group.length).toBeGreaterThan(0);
          const items = 1 + group.reduce((n, c) => n + transactionSize(c, false), 0);
          expect(items).toBeLessThanOrEqual(MAX_TRANSACTION_ITEMS);
        }
      }),
    );
  });

  it('counts a learner of three words as six items: record, version, guard and three entries', () => {
    expect(transactionSize(change(3), false)).toBe(6);
    expect(transactionSize(change(3), true)).toBe(7);
  });
});
