/**
 * Grade-10 allocation, pure and deterministic: applicant-proposing deferred acceptance
 * (Gale–Shapley, as every Vietnamese city's "xét tuyển theo nguyện vọng" means it: a candidate
 * admitted to a higher preference is not considered for the lower ones, and no one is kept out of
 * a school by someone it ranks lower).
 *
 * Each programme (a school's regular classes, a specialised class, an integrated programme) ranks
 * the candidates proposing to it by their admission score there less the points their preference
 * costs (`preferencePenalty`: [0, 100, 200] makes the cut-off one point higher at preference 2 and
 * two at preference 3), then by the tie rule. Its choice among the candidates it holds fills
 * places in a fixed order (slot-specific priorities, Kominers & Sönmez 2016): the open places
 * with the best of everyone, then each reserved group's places with the best of that group, and
 * places a group cannot fill go to the best of the rest when the group releases them. With the
 * tie rule "admit all", candidates tied with the last admitted of a full group are admitted over
 * the quota. Such choice functions are substitutable, so the run ends in the applicant-optimal
 * stable allocation, whatever order the candidates come in (tests/unit/admissions-allocation).
 *
 * Scores are integer hundredths (38.25 → 3825): no float ever decides a place.
 */

/** Cut-off ties: all admitted, broken by the secondary criteria (those still tied all admitted), or by a seeded lottery. */
export const TIE_RULES = ['admit-all', 'secondary', 'lottery'] as const;
export type TieRule = (typeof TIE_RULES)[number];

export interface ReservedPlaces {
  /** The group these places are kept for (e.g. "ethnic-minority"); a candidate lists its groups. */
  category: string;
  places: number;
  /** Places the group cannot fill go to the best of the rest. */
  releaseUnfilled: boolean;
}

export interface ProgrammeSeats {
  id: string;
  /** Every place, reserved ones included. */
  quota: number;
  reserved?: readonly ReservedPlaces[];
}

/** Why a preference could not be considered at all (set by the campaign's rules). */
export type Ineligibility =
  | { code: 'outside-area'; area: string }
  | { code: 'programme-closed' }
  | { code: 'requirement-unmet'; requirement: string };

export interface Preference {
  programmeId: string;
  /** The admission score for this programme, in hundredths (subjects + priority points; a specialised class weights its subject). */
  points: number;
  ineligible?: Ineligibility;
}

/** Why a candidate takes part in no allocation: a paper at or below the disqualifying score, or absent. */
export type Disqualification =
  | { code: 'paper-too-low'; subject: string; score: number }
  | { code: 'absent'; subject: string };

export interface Applicant {
  id: string;
  /** Best first; each programme at most once. */
  preferences: readonly Preference[];
  categories?: readonly string[];
  /** Secondary criteria compared in order, higher first (e.g. priority points, then maths). */
  secondary?: readonly number[];
  /** What the lottery draws on (the child, not the application: applying again draws the same); the id when absent. */
  drawKey?: string;
  disqualified?: Disqualification;
}

export interface AllocationRules {
  /** Points (hundredths) taken from the score at preference 1, 2, 3…: [0, 100, 200]. Missing ranks cost the last. */
  preferencePenalty: readonly number[];
  tieRule: TieRule;
  /** The lottery's seed (tie rule "lottery"): the same seed, the same draw. Kept secret: whoever knows it knows the draw. */
  seed: string;
}

/** How a candidate took a place: an open place, a group's reserved place, or tied with the last admitted. */
export type Seat = { kind: 'open' } | { kind: 'reserved'; category: string } | { kind: 'tied' };

export type Rejection =
  | { code: 'disqualified'; disqualification: Disqualification }
  | { code: 'ineligible'; ineligibility: Ineligibility }
  /** Score below the cut-off at this preference (both as the candidate's score, in hundredths). */
  | { code: 'below-cut-off'; points: number; cutOff: number }
  /** Tied with the cut-off, lost on the secondary criteria or the lottery. */
  | { code: 'lost-tie'; points: number; cutOff: number; criterion: 'secondary' | 'lottery' }
  | { code: 'no-places' };

export type PreferenceOutcome =
  | { programmeId: string; preference: number; outcome: 'admitted'; points: number; seat: Seat }
  | { programmeId: string; preference: number; outcome: 'rejected'; rejection: Rejection }
  /** Admitted to a higher preference: this one was not considered. */
  | { programmeId: string; preference: number; outcome: 'not-considered' };

export interface ApplicantResult {
  applicantId: string;
  /** The admitted programme and preference (1-based), if any. */
  admitted?: { programmeId: string; preference: number };
  preferences: PreferenceOutcome[];
}

export interface ProgrammeResult {
  programmeId: string;
  quota: number;
  admitted: number;
  /** Admitted over the quota because tied with the last admitted (tie rule "admit all"). */
  tiedOverQuota: number;
  /** The lowest score admitted to an open place, less its preference's cost: preference k's cut-off is this + penalty[k]. Absent while open places are left. */
  baseCutOff?: number;
  /** The cut-off at each preference (hundredths), as published. */
  cutOffs?: number[];
  reserved: { category: string; places: number; filled: number; released: number; baseCutOff?: number }[];
}

export interface Allocation {
  applicants: ApplicantResult[];
  programmes: ProgrammeResult[];
  /** Proposal rounds the run took, and proposals made (for the benchmark's figures). */
  rounds: number;
  proposals: number;
}

export class AllocationInputError extends Error {}

/** cyrb53: a 53-bit string hash; the lottery's draw for one candidate under a seed. */
export function lotteryDraw(seed: string, applicantId: string): number {
  const text = `${seed}\u0000${applicantId}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The cost (hundredths) of ranking a programme at 0-based preference `rank`. */
export const penaltyAt = (rules: AllocationRules, rank: number): number =>
  rules.preferencePenalty.length === 0
    ? 0
    : (rules.preferencePenalty[Math.min(rank, rules.preferencePenalty.length - 1)] ?? 0);

interface Slots {
  open: number;
  groups: { category: string; places: number; release: boolean }[];
}

function checkInput(programmes: readonly ProgrammeSeats[], applicants: readonly Applicant[]): void {
  const seen = new Set<string>();
  for (const p of programmes) {
    if (seen.has(p.id)) throw new AllocationInputError(`programme ${p.id} listed twice`);
    seen.add(p.id);
    if (!Number.isInteger(p.quota) || p.quota < 0)
      throw new AllocationInputError(`programme ${p.id}: bad quota`);
    const reserved = (p.reserved ?? []).reduce((n, r) => n + r.places, 0);
    if (reserved > p.quota)
      throw new AllocationInputError(`programme ${p.id}: more places reserved than its quota`);
  }
  const ids = new Set<string>();
  for (const a of applicants) {
    if (ids.has(a.id)) throw new AllocationInputError(`applicant ${a.id} listed twice`);
    ids.add(a.id);
    const listed = new Set<string>();
    for (const pref of a.preferences) {
      if (!seen.has(pref.programmeId))
        throw new AllocationInputError(`applicant ${a.id}: unknown programme ${pref.programmeId}`);
      if (listed.has(pref.programmeId))
        throw new AllocationInputError(`applicant ${a.id}: programme ${pref.programmeId} listed twice`);
      if (!Number.isInteger(pref.points))
        throw new AllocationInputError(`applicant ${a.id}: points not in hundredths`);
      listed.add(pref.programmeId);
    }
  }
}

/**
 * Runs the allocation. Input order does not matter: the result lists applicants and programmes
 * by id, and the same input (and seed) always gives the same result.
 */
export function allocate(
  programmeSeats: readonly ProgrammeSeats[],
  applicantList: readonly Applicant[],
  rules: AllocationRules,
): Allocation {
  checkInput(programmeSeats, applicantList);
  const programmes = [...programmeSeats].sort((a, b) => compareText(a.id, b.id));
  const applicants = [...applicantList].sort((a, b) => compareText(a.id, b.id));
  const programmeIndex = new Map(programmes.map((p, i) => [p.id, i]));
  const slots: Slots[] = programmes.map((p) => {
    const groups = (p.reserved ?? []).map((r) => ({
      category: r.category,
      places: r.places,
      release: r.releaseUnfilled,
    }));
    return { open: p.quota - groups.reduce((n, g) => n + g.places, 0), groups };
  });

  const n = applicants.length;
  // Per applicant: the programme index and effective points of each preference (−1: not eligible).
  const prefProgramme = applicants.map((a) => a.preferences.map((p) => programmeIndex.get(p.programmeId)!));
  const prefEffective = applicants.map((a) => a.preferences.map((p, k) => p.points - penaltyAt(rules, k)));
  const draws =
    rules.tieRule === 'lottery' ? applicants.map((a) => lotteryDraw(rules.seed, a.drawKey ?? a.id)) : [];
  const secondaries = applicants.map((a) => a.secondary ?? []);
  const categories = applicants.map((a) => new Set(a.categories ?? []));
  /** The 0-based preference each applicant is proposing at now (−1: none yet). */
  const current = new Int32Array(n).fill(-1);
  const effectiveNow = new Float64Array(n);

  /** Priority order at a programme: > 0 when x ranks below y. Ties by rule, then by id (an order only). */
  const tieCompare = (x: number, y: number): number => {
    if (rules.tieRule === 'secondary') {
      const sx = secondaries[x]!;
      const sy = secondaries[y]!;
      const len = Math.max(sx.length, sy.length);
      for (let i = 0; i < len; i++) {
        const d = (sy[i] ?? 0) - (sx[i] ?? 0);
        if (d !== 0) return d;
      }
    } else if (rules.tieRule === 'lottery') {
      const d = draws[x]! - draws[y]!;
      if (d !== 0) return d;
    }
    return 0;
  };
  const priority = (x: number, y: number): number =>
    effectiveNow[y]! - effectiveNow[x]! || tieCompare(x, y) || x - y;
  const tied = (x: number, y: number): boolean =>
    effectiveNow[x] === effectiveNow[y] && tieCompare(x, y) === 0;

  /** A programme's choice among the applicants it holds and those proposing now. */
  const choose = (pi: number, pool: number[]): { chosen: number[]; seats: Map<number, Seat> } => {
    pool.sort(priority);
    const s = slots[pi]!;
    const seats = new Map<number, Seat>();
    let openTaken = 0;
    let lastOpen = -1;
    for (const a of pool) {
      if (openTaken >= s.open) break;
      seats.set(a, { kind: 'open' });
      openTaken++;
      lastOpen = a;
    }
    // Per group, once full: the last admitted of its members, and of the others on its released places.
    const lastMember: (number | undefined)[] = [];
    const lastReleased: (number | undefined)[] = [];
    for (const g of s.groups) {
      let taken = 0;
      let member: number | undefined;
      let released: number | undefined;
      for (const a of pool) {
        if (taken >= g.places) break;
        if (seats.has(a) || !categories[a]!.has(g.category)) continue;
        seats.set(a, { kind: 'reserved', category: g.category });
        taken++;
        member = a;
      }
      if (g.release) {
        for (const a of pool) {
          if (taken >= g.places) break;
          if (seats.has(a)) continue;
          seats.set(a, { kind: 'reserved', category: g.category });
          taken++;
          released = a;
        }
      }
      const full = g.places > 0 && taken >= g.places;
      lastMember.push(full ? member : undefined);
      lastReleased.push(full ? released : undefined);
    }
    if (rules.tieRule !== 'lottery') {
      // Admit all still tied with the last admitted of places they could have taken: the open
      // places, their groups' places, a group's places released to others.
      for (const a of pool) {
        if (seats.has(a)) continue;
        const withOpen = s.open > 0 && openTaken >= s.open && lastOpen >= 0 && tied(a, lastOpen);
        const withGroup = s.groups.some((g, gi) => {
          const member = lastMember[gi];
          const released = lastReleased[gi];
          return (
            (member !== undefined && categories[a]!.has(g.category) && tied(a, member)) ||
            (released !== undefined && tied(a, released))
          );
        });
        if (withOpen || withGroup) seats.set(a, { kind: 'tied' });
      }
    }
    return { chosen: pool.filter((a) => seats.has(a)), seats };
  };

  const held: number[][] = programmes.map(() => []);
  const seatsOf: Map<number, Seat>[] = programmes.map(() => new Map());
  let free: number[] = [];
  for (let a = 0; a < n; a++) if (!applicants[a]!.disqualified) free.push(a);
  let rounds = 0;
  let proposals = 0;
  while (free.length > 0) {
    rounds++;
    const proposing = new Map<number, number[]>();
    for (const a of free) {
      const prefs = applicants[a]!.preferences;
      let k = current[a]! + 1;
      while (k < prefs.length && prefs[k]!.ineligible) k++;
      current[a] = k;
      if (k >= prefs.length) continue; // no preference left: not admitted
      effectiveNow[a] = prefEffective[a]![k]!;
      const pi = prefProgramme[a]![k]!;
      const list = proposing.get(pi);
      if (list) list.push(a);
      else proposing.set(pi, [a]);
      proposals++;
    }
    free = [];
    for (const [pi, newcomers] of proposing) {
      const pool = held[pi]!.concat(newcomers);
      const { chosen, seats } = choose(pi, pool);
      if (chosen.length < pool.length) {
        for (const a of pool) if (!seats.has(a)) free.push(a);
      }
      held[pi] = chosen;
      seatsOf[pi] = seats;
    }
  }

  return explain(
    programmes,
    applicants,
    slots,
    held,
    seatsOf,
    current,
    rules,
    { effectiveNow, prefEffective, tieCompare },
    rounds,
    proposals,
  );
}

function explain(
  programmes: readonly ProgrammeSeats[],
  applicants: readonly Applicant[],
  slots: readonly Slots[],
  held: readonly number[][],
  seatsOf: readonly Map<number, Seat>[],
  current: Int32Array,
  rules: AllocationRules,
  keys: {
    effectiveNow: Float64Array;
    prefEffective: readonly number[][];
    tieCompare: (x: number, y: number) => number;
  },
  rounds: number,
  proposals: number,
): Allocation {
  const programmeIndex = new Map(programmes.map((p, i) => [p.id, i]));
  // Per programme: the lowest admitted (an applicant index) in the open places and, per group, the
  // lowest of its members and of the others given its released places. `held` is sorted best first
  // by the programme's last choice, so the last of each kind is its lowest.
  const lowest = programmes.map((_, pi) => {
    const s = slots[pi]!;
    let open: number | undefined;
    const member: (number | undefined)[] = s.groups.map(() => undefined);
    const other: (number | undefined)[] = s.groups.map(() => undefined);
    const released: number[] = s.groups.map(() => 0);
    const filled: number[] = s.groups.map(() => 0);
    for (const a of held[pi]!) {
      const seat = seatsOf[pi]!.get(a)!;
      if (seat.kind === 'open') open = a;
      else if (seat.kind === 'reserved') {
        const gi = s.groups.findIndex((g) => g.category === seat.category);
        filled[gi] = filled[gi]! + 1;
        if ((applicants[a]!.categories ?? []).includes(seat.category)) member[gi] = a;
        else {
          other[gi] = a;
          released[gi] = released[gi]! + 1;
        }
      }
    }
    return { open, member, other, filled, released };
  });
  const penalties = (base: number, count: number) =>
    Array.from({ length: count }, (_, k) => base + penaltyAt(rules, k));
  const maxPrefs = applicants.reduce((m, a) => Math.max(m, a.preferences.length), 0) || 1;

  const programmeResults: ProgrammeResult[] = programmes.map((p, pi) => {
    const s = slots[pi]!;
    const low = lowest[pi]!;
    const tiedOverQuota = held[pi]!.filter((a) => seatsOf[pi]!.get(a)!.kind === 'tied').length;
    // The general cut-off (what anyone outside the groups needed): the lowest of the open places
    // and of places released to others, once all of those are full.
    const openFull =
      s.open === 0 || held[pi]!.filter((a) => seatsOf[pi]!.get(a)!.kind === 'open').length >= s.open;
    const releasing = s.groups.flatMap((g, gi) => (g.release && g.places > 0 ? [gi] : []));
    const generalFull = openFull && releasing.every((gi) => low.filled[gi]! >= s.groups[gi]!.places);
    const lowestGeneral = [
      ...(s.open > 0 && low.open !== undefined ? [low.open] : []),
      ...releasing.flatMap((gi) => (low.other[gi] !== undefined ? [low.other[gi]!] : [])),
    ];
    const baseCutOff =
      generalFull && lowestGeneral.length
        ? Math.min(...lowestGeneral.map((a) => keys.effectiveNow[a]!))
        : undefined;
    return {
      programmeId: p.id,
      quota: p.quota,
      admitted: held[pi]!.length,
      tiedOverQuota,
      ...(baseCutOff === undefined ? {} : { baseCutOff, cutOffs: penalties(baseCutOff, maxPrefs) }),
      reserved: s.groups.map((g, gi) => {
        const last = low.member[gi];
        const full = low.filled[gi]! >= g.places && low.released[gi] === 0;
        return {
          category: g.category,
          places: g.places,
          filled: low.filled[gi]!,
          released: low.released[gi]!,
          ...(full && last !== undefined ? { baseCutOff: keys.effectiveNow[last]! } : {}),
        };
      }),
    };
  });

  const applicantResults: ApplicantResult[] = applicants.map((a, ai) => {
    const k = current[ai]!;
    const admittedAt = k >= 0 && k < a.preferences.length ? k : -1;
    const preferences: PreferenceOutcome[] = a.preferences.map((pref, rank) => {
      const base = { programmeId: pref.programmeId, preference: rank + 1 };
      if (a.disqualified)
        return {
          ...base,
          outcome: 'rejected',
          rejection: { code: 'disqualified', disqualification: a.disqualified },
        };
      if (admittedAt >= 0 && rank > admittedAt) return { ...base, outcome: 'not-considered' };
      const pi = programmeIndex.get(pref.programmeId)!;
      if (rank === admittedAt)
        return { ...base, outcome: 'admitted', points: pref.points, seat: seatsOf[pi]!.get(ai)! };
      if (pref.ineligible)
        return {
          ...base,
          outcome: 'rejected',
          rejection: { code: 'ineligible', ineligibility: pref.ineligible },
        };
      return { ...base, outcome: 'rejected', rejection: rejectionAt(pi, ai, rank) };
    });
    return {
      applicantId: a.id,
      ...(admittedAt >= 0
        ? { admitted: { programmeId: a.preferences[admittedAt]!.programmeId, preference: admittedAt + 1 } }
        : {}),
      preferences,
    };
  });

  /**
   * Why applicant `ai` is not at programme `pi` at 0-based preference `rank`: the lowest admitted
   * among the places it could have taken (open, its groups', and groups' released places) ranks
   * above it. Scores are shown as at that preference: the cut-off plus the preference's cost.
   */
  function rejectionAt(pi: number, ai: number, rank: number): Rejection {
    const s = slots[pi]!;
    const low = lowest[pi]!;
    const mine = new Set(applicants[ai]!.categories ?? []);
    const candidates: number[] = [];
    if (s.open > 0 && low.open !== undefined) candidates.push(low.open);
    s.groups.forEach((g, gi) => {
      // A member needed to beat the group's lowest member (members fill it first); anyone else the
      // lowest of those given its released places — none released, none reachable.
      const last = mine.has(g.category) ? low.member[gi] : g.release ? low.other[gi] : undefined;
      if (last !== undefined) candidates.push(last);
    });
    const reachable = s.open > 0 || s.groups.some((g) => g.places > 0 && (mine.has(g.category) || g.release));
    if (!reachable || candidates.length === 0) return { code: 'no-places' };
    // The weakest of those it would have had to beat.
    const effective = keys.prefEffective[ai]![rank]!;
    const weakest = candidates.reduce((w, c) => (keys.effectiveNow[c]! < keys.effectiveNow[w]! ? c : w));
    const cost = penaltyAt(rules, rank);
    const points = effective + cost;
    const cutOff = keys.effectiveNow[weakest]! + cost;
    if (effective < keys.effectiveNow[weakest]!) return { code: 'below-cut-off', points, cutOff };
    return {
      code: 'lost-tie',
      points,
      cutOff,
      criterion: rules.tieRule === 'lottery' ? 'lottery' : 'secondary',
    };
  }

  return { applicants: applicantResults, programmes: programmeResults, rounds, proposals };
}

/** Ids compared by code unit: the same order on every machine (no locale). */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
