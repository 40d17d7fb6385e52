/** Seating candidates in exam rooms. */

export interface Candidate {
  accountId: string;
  fullName: string;
  schoolId: string;
  communeId: string;
}

/** Vietnamese rolls go by given name (the last word), then family and middle names. */
export const byVietnameseName = (a: string, b: string) => {
  const given = (name: string) => name.trim().split(/\s+/).at(-1) ?? '';
  return given(a).localeCompare(given(b), 'vi') || a.localeCompare(b, 'vi');
};

/** Candidates into rooms in order of school and name, each room taking an equal run. */
export function seatInRooms<C extends Candidate>(candidates: C[], rooms: string[]): (C & { room: string })[] {
  const ordered = [...candidates].sort(
    (a, b) => a.schoolId.localeCompare(b.schoolId) || byVietnameseName(a.fullName, b.fullName),
  );
  if (rooms.length === 0) return ordered.map((c) => ({ ...c, room: '-' }));
  const perRoom = Math.ceil(ordered.length / rooms.length);
  return ordered.map((c, i) => ({ ...c, room: rooms[Math.floor(i / perRoom)]! }));
}
