/**
 * Grade 10's candidate numbers and seats (functions/admissions/domain/exam-logistics.ts): checked
 * against the rules as stated — every candidate seated once in a council of their area, no room
 * over 24, rooms in number order, numbers in Vietnamese list order — whatever order the input
 * comes in, and a worked example of schools kept whole.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  candidateNumbers,
  type ExamCandidate,
  type ExamCouncil,
  ROOM_SIZE,
  seatCandidates,
} from '#functions/admissions/domain/exam-logistics.ts';

const GIVEN = ['An', 'Ánh', 'Bình', 'Chi', 'Dũng', 'Đức', 'Hà', 'Hằng', 'Yến'];
const city = fc
  .record({
    councils: fc.array(
      fc.record({ area: fc.constantFrom('KV1', 'KV2'), rooms: fc.integer({ min: 0, max: 4 }) }),
      {
        minLength: 1,
        maxLength: 6,
      },
    ),
    candidates: fc.array(
      fc.record({
        area: fc.constantFrom('KV1', 'KV2'),
        school: fc.integer({ min: 0, max: 5 }),
        family: fc.constantFrom('Nguyễn', 'Trần', 'Lê', 'Phạm'),
        given: fc.constantFrom(...GIVEN),
        born: fc.integer({ min: 1, max: 28 }),
      }),
      { maxLength: 220 },
    ),
  })
  .map(({ councils, candidates }) => ({
    councils: councils.map((k, i): ExamCouncil => ({ councilId: `HD${String(i).padStart(2, '0')}`, ...k })),
    candidates: candidates.map(
      (c, i): ExamCandidate => ({
        applicationId: `A${String(i).padStart(4, '0')}`,
        area: c.area,
        schoolId: `THCS-${c.area}-${c.school}`,
        fullName: `${c.family} Thị ${c.given}`,
        dateOfBirth: `2011-02-${String(c.born).padStart(2, '0')}`,
      }),
    ),
  }));

describe('exam seating: properties', () => {
  it('seats every candidate of an area with room once, in a council of their area, 24 a room at most', () => {
    fc.assert(
      fc.property(city, ({ councils, candidates }) => {
        const { seats, short } = seatCandidates(councils, candidates);
        const shortAreas = new Set(short.map((s) => s.area));
        for (const area of ['KV1', 'KV2']) {
          const places = councils.filter((k) => k.area === area).reduce((n, k) => n + k.rooms * ROOM_SIZE, 0);
          const count = candidates.filter((c) => c.area === area).length;
          expect(shortAreas.has(area)).toBe(count > places);
        }
        for (const c of candidates) {
          const seat = seats.get(c.applicationId);
          if (shortAreas.has(c.area)) expect(seat).toBeUndefined();
          else expect(councils.find((k) => k.councilId === seat?.councilId)?.area).toBe(c.area);
        }
        const rooms = new Map<string, number[]>();
        for (const s of seats.values()) {
          const council = councils.find((k) => k.councilId === s.councilId)!;
          expect(s.room).toBeGreaterThanOrEqual(1);
          expect(s.room).toBeLessThanOrEqual(council.rooms);
          rooms.set(`${s.councilId}/${s.room}`, [...(rooms.get(`${s.councilId}/${s.room}`) ?? []), s.seat]);
        }
        for (const seatList of rooms.values()) {
          expect(seatList.length).toBeLessThanOrEqual(ROOM_SIZE);
          expect([...seatList].sort((a, b) => a - b)).toEqual(seatList.map((_, i) => i + 1));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('fills a council’s rooms in candidate-number order', () => {
    fc.assert(
      fc.property(city, ({ councils, candidates }) => {
        const { seats } = seatCandidates(councils, candidates);
        for (const k of councils) {
          const inside = [...seats.values()].filter((s) => s.councilId === k.councilId);
          const byNumber = [...inside].sort((a, b) => a.candidateNumber.localeCompare(b.candidateNumber));
          expect(byNumber.map((s) => [s.room, s.seat])).toEqual(
            byNumber.map((_, i) => [Math.floor(i / 24) + 1, (i % 24) + 1]),
          );
        }
      }),
      { numRuns: 100 },
    );
  });

  it('numbers candidates 000001… by area, school, given name (Vietnamese order), name and birth date', () => {
    fc.assert(
      fc.property(city, ({ candidates }) => {
        const numbers = candidateNumbers(candidates);
        const expected = [...candidates].sort(
          (a, b) =>
            a.area.localeCompare(b.area) ||
            a.schoolId.localeCompare(b.schoolId) ||
            a.fullName.split(' ').at(-1)!.localeCompare(b.fullName.split(' ').at(-1)!, 'vi') ||
            a.fullName.localeCompare(b.fullName, 'vi') ||
            a.dateOfBirth.localeCompare(b.dateOfBirth) ||
            a.applicationId.localeCompare(b.applicationId),
        );
        expect(expected.map((c) => numbers.get(c.applicationId))).toEqual(
          expected.map((_, i) => String(i + 1).padStart(6, '0')),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same numbers and seats whatever order the input comes in', () => {
    fc.assert(
      fc.property(city, fc.func(fc.integer()), ({ councils, candidates }, key) => {
        const shuffled = [...candidates].sort((a, b) => key(a.applicationId) - key(b.applicationId));
        expect(seatCandidates([...councils].reverse(), shuffled)).toEqual(
          seatCandidates(councils, candidates),
        );
      }),
      { numRuns: 100 },
    );
  });
});

describe('exam seating: a worked example', () => {
  const pupils = (schoolId: string, n: number, area = 'KV1') =>
    Array.from(
      { length: n },
      (_, i): ExamCandidate => ({
        applicationId: `${schoolId}-${i}`,
        area,
        schoolId,
        fullName: `Nguyễn Văn ${GIVEN[i % GIVEN.length]} ${i}`,
        dateOfBirth: '2011-01-01',
      }),
    );

  it('keeps each lower-secondary school in one council where one has room, and names an area short of rooms', () => {
    const councils: ExamCouncil[] = [
      { councilId: 'HD01', area: 'KV1', rooms: 2 },
      { councilId: 'HD02', area: 'KV1', rooms: 2 },
      { councilId: 'HD03', area: 'KV2', rooms: 1 },
    ];
    const result = seatCandidates(councils, [
      ...pupils('THCS-A', 30),
      ...pupils('THCS-B', 20),
      ...pupils('THCS-C', 30, 'KV2'),
    ]);
    const councilOf = (school: string) =>
      new Set(
        [...result.seats.entries()].filter(([id]) => id.startsWith(school)).map(([, s]) => s.councilId),
      );
    expect(councilOf('THCS-A')).toEqual(new Set(['HD01']));
    expect(councilOf('THCS-B')).toEqual(new Set(['HD02']));
    expect(result.councils).toEqual([
      { councilId: 'HD01', candidates: 30, roomsUsed: 2 },
      { councilId: 'HD02', candidates: 20, roomsUsed: 1 },
      { councilId: 'HD03', candidates: 0, roomsUsed: 0 },
    ]);
    expect(result.short).toEqual([{ area: 'KV2', candidates: 30, places: 24 }]);
    expect(result.seats.get('THCS-A-0')).toMatchObject({
      candidateNumber: '000001',
      councilId: 'HD01',
      room: 1,
      seat: 1,
    });
  });
});
