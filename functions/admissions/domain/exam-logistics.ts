/**
 * Grade 10's exam on paper, pure: candidate numbers (số báo danh) and seats. About 33,000
 * candidates sit in some 43 councils (hội đồng thi: upper-secondary schools used as venues) of
 * about 1,100 rooms, at most 24 candidates a room (the exam regulations).
 *
 * Rules, as the Department sets them every year:
 * - numbers run in one order — admission area, lower-secondary school, then the pupils by given
 *   name as Vietnamese lists are ordered (family name last), birth date — from 000001;
 * - a candidate sits in a council of their own admission area;
 * - a lower-secondary school's candidates sit in one council where one has the room (schools
 *   placed largest first into the council with the most places left), split over the fewest
 *   councils otherwise;
 * - in a council, rooms fill in number order, 24 a room, seats 1–24.
 * The same candidates and councils always give the same numbers and seats.
 */

export const ROOM_SIZE = 24;

export interface ExamCandidate {
  applicationId: string;
  area: string;
  /** The lower-secondary school the candidate comes from. */
  schoolId: string;
  fullName: string;
  dateOfBirth: string;
}

export interface ExamCouncil {
  councilId: string;
  area: string;
  /** Rooms the venue gives the exam. */
  rooms: number;
}

export interface Seat {
  candidateNumber: string;
  councilId: string;
  room: number;
  seat: number;
}

export interface SeatingResult {
  seats: Map<string, Seat>;
  councils: { councilId: string; candidates: number; roomsUsed: number }[];
  /** Candidates of an area whose councils lack rooms: none seated, the area named with the places missing. */
  short: { area: string; candidates: number; places: number }[];
}

const VI = new Intl.Collator('vi', { sensitivity: 'base' });
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const givenName = (fullName: string) => fullName.trim().split(/\s+/).at(-1) ?? '';

/** Vietnamese list order: given name, then the whole name (family name first), then birth date; ids last for a total order. */
export function byListOrder(a: ExamCandidate, b: ExamCandidate): number {
  return (
    compareText(a.area, b.area) ||
    compareText(a.schoolId, b.schoolId) ||
    VI.compare(givenName(a.fullName), givenName(b.fullName)) ||
    VI.compare(a.fullName, b.fullName) ||
    compareText(a.dateOfBirth, b.dateOfBirth) ||
    compareText(a.applicationId, b.applicationId)
  );
}

/** Candidate numbers, six digits from 000001, in list order. */
export function candidateNumbers(candidates: readonly ExamCandidate[], width = 6): Map<string, string> {
  const ordered = [...candidates].sort(byListOrder);
  return new Map(ordered.map((c, i) => [c.applicationId, String(i + 1).padStart(width, '0')]));
}

/** Numbers and seats for every candidate, by the rules above. */
export function seatCandidates(
  councils: readonly ExamCouncil[],
  candidates: readonly ExamCandidate[],
  roomSize = ROOM_SIZE,
): SeatingResult {
  const numbers = candidateNumbers(candidates);
  const seats = new Map<string, Seat>();
  const short: SeatingResult['short'] = [];
  const filled = new Map<string, string[]>(); // council → candidates in seat order
  const areas = [...new Set(candidates.map((c) => c.area))].sort(compareText);
  for (const area of areas) {
    const here = councils
      .filter((k) => k.area === area)
      .sort((a, b) => compareText(a.councilId, b.councilId));
    const mine = candidates.filter((c) => c.area === area);
    const places = here.reduce((n, k) => n + k.rooms * roomSize, 0);
    if (places < mine.length) {
      short.push({ area, candidates: mine.length, places });
      continue;
    }
    const left = new Map(here.map((k) => [k.councilId, k.rooms * roomSize]));
    const bySchool = new Map<string, ExamCandidate[]>();
    for (const c of mine) bySchool.set(c.schoolId, [...(bySchool.get(c.schoolId) ?? []), c]);
    // Largest schools first; ties by id: the same order every run.
    const schools = [...bySchool.entries()].sort(
      (a, b) => b[1].length - a[1].length || compareText(a[0], b[0]),
    );
    for (const [, pupils] of schools) {
      const ordered = [...pupils].sort(byListOrder);
      while (ordered.length) {
        // The council with the most places left (ties by id) takes as many as it can.
        const [councilId, free] = [...left.entries()].reduce((best, e) => (e[1] > best[1] ? e : best));
        const taken = ordered.splice(0, Math.min(free, ordered.length));
        left.set(councilId, free - taken.length);
        filled.set(councilId, [...(filled.get(councilId) ?? []), ...taken.map((c) => c.applicationId)]);
      }
    }
  }
  const councilResults: SeatingResult['councils'] = [];
  for (const k of [...councils].sort((a, b) => compareText(a.councilId, b.councilId))) {
    // Rooms fill in candidate-number order.
    const ids = (filled.get(k.councilId) ?? []).sort((a, b) => compareText(numbers.get(a)!, numbers.get(b)!));
    for (const [i, id] of ids.entries()) {
      seats.set(id, {
        candidateNumber: numbers.get(id)!,
        councilId: k.councilId,
        room: Math.floor(i / roomSize) + 1,
        seat: (i % roomSize) + 1,
      });
    }
    councilResults.push({
      councilId: k.councilId,
      candidates: ids.length,
      roomsUsed: Math.ceil(ids.length / roomSize),
    });
  }
  return { seats, councils: councilResults, short };
}
