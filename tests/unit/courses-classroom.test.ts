/** Class courses' rules (functions/courses/domain/classroom.ts): meeting links, joining, lateness, marks. */
import { describe, expect, it } from 'vitest';
import {
  attendanceOnJoin,
  dueFits,
  liveEnd,
  liveStartFits,
  meetingProvider,
  scoreFits,
  submissionState,
} from '../../functions/courses/domain/classroom.ts';

describe('a live lesson’s meeting link', () => {
  it.each([
    ['https://meet.google.com/abc-defg-hij', 'Google Meet'],
    ['https://teams.microsoft.com/l/meetup-join/19%3ameeting_x', 'Microsoft Teams'],
    ['https://teams.live.com/meet/9312345', 'Microsoft Teams'],
    ['https://us02web.zoom.us/j/81234567890?pwd=abc', 'Zoom'],
    ['https://zoom.us/j/81234567890', 'Zoom'],
  ])('takes %s (%s)', (link, provider) => {
    expect(meetingProvider(link)).toBe(provider);
  });

  it.each([
    'http://meet.google.com/abc-defg-hij',
    'https://meet.google.com.evil.example/abc',
    'https://evilzoom.us/j/1',
    'https://user:pw@zoom.us/j/1',
    'javascript:alert(1)',
    'meet.google.com/abc',
    'https://example.com/room',
  ])('refuses %s', (link) => {
    expect(meetingProvider(link)).toBeUndefined();
  });
});

describe('joining a live lesson', () => {
  const startsAt = '2026-12-07T01:00:00.000Z';
  const live = { startsAt, endsAt: liveEnd(startsAt, 45) };
  const at = (minutes: number) => new Date(Date.parse(startsAt) + minutes * 60_000);

  it('opens 15 minutes ahead and closes at the end', () => {
    expect(live.endsAt).toBe('2026-12-07T01:45:00.000Z');
    expect(attendanceOnJoin(live, at(-16))).toBeUndefined();
    expect(attendanceOnJoin(live, at(-15))).toBe('present');
    expect(attendanceOnJoin(live, at(45))).toBe('late');
    expect(attendanceOnJoin(live, at(46))).toBeUndefined();
  });

  it('counts as late after 10 minutes', () => {
    expect(attendanceOnJoin(live, at(10))).toBe('present');
    expect(attendanceOnJoin(live, at(11))).toBe('late');
  });
});

describe('a hand-in’s state', () => {
  const dueAt = '2026-12-08T10:00:00.000Z';
  it('is missing, submitted, late or marked', () => {
    expect(submissionState(undefined, dueAt)).toBe('missing');
    expect(submissionState({}, dueAt)).toBe('missing');
    expect(submissionState({ submittedAt: '2026-12-08T09:59:59.000Z' }, dueAt)).toBe('submitted');
    expect(submissionState({ submittedAt: '2026-12-08T10:00:01.000Z' }, dueAt)).toBe('late');
    expect(submissionState({ submittedAt: '2026-12-09T00:00:00.000Z', score: 6 }, dueAt)).toBe('marked');
    // Work marked on paper, never handed in here.
    expect(submissionState({ score: 0 }, dueAt)).toBe('marked');
  });
});

describe('a mark', () => {
  it('fits the assignment’s maximum with at most one decimal', () => {
    expect(scoreFits(8.5, 10)).toBe(true);
    expect(scoreFits(0, 10)).toBe(true);
    expect(scoreFits(10, 10)).toBe(true);
    // 0.1 + 0.2 is 0.30000000000000004 in floating point: still the 0.3 a teacher typed.
    expect(scoreFits(0.1 + 0.2, 10)).toBe(true);
    expect(scoreFits(0.35, 10)).toBe(false);
    expect(scoreFits(8.25, 10)).toBe(false);
    expect(scoreFits(6, 5)).toBe(false);
    expect(scoreFits(-1, 10)).toBe(false);
  });
});

describe('the dates of a class course', () => {
  const now = new Date('2026-12-05T08:00:00.000Z');
  it('take an assignment due later, not one due already or years away', () => {
    expect(dueFits('2026-12-05T08:00:01.000Z', now)).toBe(true);
    expect(dueFits('2026-12-05T08:00:00.000Z', now)).toBe(false);
    expect(dueFits('2026-12-04T17:00:00.000Z', now)).toBe(false);
    expect(dueFits('2031-12-01T00:00:00.000Z', now)).toBe(true);
    expect(dueFits('2062-12-01T00:00:00.000Z', now)).toBe(false);
  });
  it('take a live lesson recorded within 30 days, or ahead', () => {
    expect(liveStartFits('2026-11-06T08:00:00.000Z', now)).toBe(true);
    expect(liveStartFits('2026-11-04T08:00:00.000Z', now)).toBe(false);
    expect(liveStartFits('2027-01-10T12:30:00.000Z', now)).toBe(true);
    expect(liveStartFits('2206-01-10T12:30:00.000Z', now)).toBe(false);
  });
});
