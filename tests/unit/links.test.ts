import { describe, expect, it } from 'vitest';
import {
  ageOn,
  guardianLinkRefusal,
  hashLinkCode,
  newLinkCode,
  normalizeLinkCode,
  selfLinkRefusal,
} from '../../functions/identity/domain/links.ts';

const learner = (dateOfBirth: string, personalId = '031310000001', guardianIds = ['031085000002']) => ({
  kind: 'student' as const,
  dateOfBirth,
  personalId,
  guardianIds,
});

describe('link codes', () => {
  it('are 12 unambiguous characters in three groups, different each time', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newLinkCode()));
    expect(codes.size).toBe(200);
    for (const code of codes)
      expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
  });

  it('read back whatever the case, spaces and dashes; anything else is no code', () => {
    expect(normalizeLinkCode(' abcd efgh-jkmn ')).toBe('ABCD-EFGH-JKMN');
    expect(normalizeLinkCode('ABCD-EFGH-JKM')).toBeUndefined();
    // 0, O, 1 and I are not in the alphabet: they would be misread.
    expect(normalizeLinkCode('ABCD-EFGH-JKM0')).toBeUndefined();
    expect(normalizeLinkCode('ABCD-EFGH-JKMI')).toBeUndefined();
  });

  it('are kept as a hash that does not show the code', () => {
    const hash = hashLinkCode('ABCD-EFGH-JKMN');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('ABCD');
    expect(hashLinkCode('ABCD-EFGH-JKMP')).not.toBe(hash);
  });
});

describe('who may link to whom', () => {
  it('counts full years: the day before the 14th birthday is 13', () => {
    expect(ageOn('2012-12-04', '2026-12-03')).toBe(13);
    expect(ageOn('2012-12-03', '2026-12-03')).toBe(14);
    expect(ageOn('2012-02-29', '2026-02-28')).toBe(13);
  });

  it('links a learner to themself from 14, by the same personal ID only', () => {
    expect(selfLinkRefusal(learner('2010-01-01'), '031310000001', '2026-12-03')).toBeUndefined();
    expect(selfLinkRefusal(learner('2010-01-01'), '031310000009', '2026-12-03')).toBe('no-match');
    expect(selfLinkRefusal(learner('2013-01-01'), '031310000001', '2026-12-03')).toBe('under-age');
    expect(selfLinkRefusal(undefined, '031310000001', '2026-12-03')).toBe('no-match');
  });

  it('links a guardian recorded on the learner, never the learner as their own guardian', () => {
    expect(guardianLinkRefusal(learner('2016-01-01'), '031085000002')).toBeUndefined();
    expect(guardianLinkRefusal(learner('2016-01-01'), '031085000003')).toBe('no-match');
    expect(guardianLinkRefusal(learner('2016-01-01', '031085000002'), '031085000002')).toBe('no-match');
    expect(guardianLinkRefusal({ ...learner('1990-01-01'), kind: 'staff' }, '031085000002')).toBe('no-match');
  });
});
