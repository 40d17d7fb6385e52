/** The second round's rules (functions/admissions/domain/second-round.ts), pure. */
import { describe, expect, it } from 'vitest';
import {
  eligibleForSecondRound,
  openRefusal,
  placesLeft,
  type SecondRound,
  secondRoundPhase,
  windowRefusal,
} from '../../functions/admissions/domain/second-round.ts';

const timetable = {
  applyFrom: '2027-05-01T00:00:00Z',
  applyUntil: '2027-05-10T00:00:00Z',
  publishAt: '2027-07-01T03:00:00Z',
  confirmUntil: '2027-07-05T10:00:00Z',
};
const round: SecondRound = {
  applyFrom: '2027-07-07T00:00:00Z',
  applyUntil: '2027-07-09T10:00:00Z',
  confirmUntil: '2027-07-12T10:00:00Z',
  places: { a: 3 },
  openedAt: '2027-07-06T00:00:00Z',
  openedByName: 'Phòng Quản lý thi',
};
const at = (iso: string) => new Date(iso);

describe('the second round', () => {
  it('offers each programme its quota less the enrolments confirmed, programmes with places only', () => {
    expect(
      placesLeft([
        { programmeId: 'a', quota: 45, confirmed: 42 },
        { programmeId: 'b', quota: 40, confirmed: 40 },
        { programmeId: 'c', quota: 30 },
        { programmeId: 'd', quota: 10, confirmed: 12 },
      ]),
    ).toEqual({ a: 3, c: 30 });
  });

  it('opens once, after the first round’s confirmation deadline, with places to fill', () => {
    const published = { state: 'published', timetable };
    expect(openRefusal(published, { a: 3 }, at('2027-07-05T10:00:01Z'))).toBeUndefined();
    expect(openRefusal(published, { a: 3 }, at('2027-07-05T10:00:00Z'))).toBe('round-one-open');
    expect(openRefusal({ state: 'open', timetable }, { a: 3 }, at('2027-08-01T00:00:00Z'))).toBe(
      'not-published',
    );
    expect(openRefusal({ ...published, secondRound: round }, { a: 3 }, at('2027-08-01T00:00:00Z'))).toBe(
      'second-round-opened',
    );
    expect(openRefusal(published, {}, at('2027-08-01T00:00:00Z'))).toBe('no-places-left');
  });

  it('needs a window that ends after it starts and a deadline after the window', () => {
    expect(windowRefusal(round)).toBeUndefined();
    expect(windowRefusal({ ...round, applyUntil: round.applyFrom })).toEqual({
      field: 'applyUntil',
      code: 'second-window-order',
    });
    expect(windowRefusal({ ...round, confirmUntil: round.applyUntil })).toEqual({
      field: 'confirmUntil',
      code: 'second-confirm-order',
    });
  });

  it('takes applications in its window, then closes, then is published', () => {
    expect(secondRoundPhase(undefined, at('2027-07-08T00:00:00Z'))).toBe('none');
    expect(secondRoundPhase(round, at('2027-07-06T23:59:59Z'))).toBe('before');
    expect(secondRoundPhase(round, at('2027-07-09T10:00:00Z'))).toBe('accepting');
    expect(secondRoundPhase(round, at('2027-07-09T10:00:01Z'))).toBe('closed');
    expect(
      secondRoundPhase({ ...round, publishedAt: '2027-07-10T00:00:00Z' }, at('2027-07-08T00:00:00Z')),
    ).toBe('published');
  });

  it('is for verified candidates without a confirmed place', () => {
    expect(eligibleForSecondRound({ state: 'verified' })).toBe(true);
    expect(eligibleForSecondRound({ state: 'verified', confirmation: { at: '2027-07-02' } })).toBe(false);
    expect(eligibleForSecondRound({ state: 'withdrawn' })).toBe(false);
    expect(eligibleForSecondRound({ state: 'returned' })).toBe(false);
  });
});
