import { describe, expect, it } from 'vitest';
import { HO_CHI_MINH_OFFSET, inZone, parseSchedule } from '../../infra/local/cron.ts';

const at = (iso: string) => new Date(iso);
const matches = (expression: string, localIso: string) => {
  const s = parseSchedule(expression);
  if (s.kind !== 'cron') throw new Error('not cron');
  return s.matches(at(localIso));
};

describe('schedule expressions', () => {
  it('parses rates', () => {
    expect(parseSchedule('rate(5 minutes)')).toEqual({ kind: 'rate', everyMs: 300_000 });
    expect(parseSchedule('rate(1 day)')).toEqual({ kind: 'rate', everyMs: 86_400_000 });
  });

  it('matches six-field cron with ? and names', () => {
    expect(matches('cron(0 1 1 * ? *)', '2026-09-01T01:00:00Z')).toBe(true);
    expect(matches('cron(0 1 1 * ? *)', '2026-09-02T01:00:00Z')).toBe(false);
    expect(matches('cron(30 7 ? * MON-FRI *)', '2026-11-23T07:30:00Z')).toBe(true); // a Monday
    expect(matches('cron(30 7 ? * MON-FRI *)', '2026-11-22T07:30:00Z')).toBe(false); // a Sunday
    expect(matches('cron(*/15 8-10 ? SEP,MAY MON *)', '2026-09-07T09:45:00Z')).toBe(true);
    expect(matches('cron(0 0 15 SEP ? 2027)', '2026-09-15T00:00:00Z')).toBe(false);
  });

  it('evaluates in the city time zone (UTC+7)', () => {
    // 01:00 in Hà Nội on 1 September is 18:00 UTC on 31 August.
    const local = inZone(at('2026-08-31T18:00:00Z'), HO_CHI_MINH_OFFSET);
    const s = parseSchedule('cron(0 1 1 * ? *)');
    expect(s.kind === 'cron' && s.matches(local)).toBe(true);
  });

  it('rejects what it cannot evaluate faithfully', () => {
    expect(() => parseSchedule('cron(0 1 L * ? *)')).toThrow(/not supported/);
    expect(() => parseSchedule('cron(0 1 1 * 1 *)')).toThrow(/must be \?/);
    expect(() => parseSchedule('cron(0 1 * *)')).toThrow();
    expect(() => parseSchedule('cron(61 1 1 * ? *)')).toThrow(/outside/);
    expect(() => parseSchedule('every day')).toThrow();
  });
});
