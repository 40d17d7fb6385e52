/**
 * An admissions campaign's rules as data, and what follows from them, pure.
 *
 * Grades 1 and 6 (seed 004 task 2, DOMAIN.md "Admissions"): no exam; each commune sets which of
 * its residential areas (tổ dân phố, thôn) each school takes and the school's places; a child is
 * registered at the school of the area the national population database says they live in.
 *
 * Grade 10: an exam of maths, literature and a third subject the Department chooses each year;
 * the admission score is the papers' sum plus the candidate's priority points (by group); a paper
 * at or below the disqualifying score (1.0) or missed takes the candidate out of every allocation;
 * each candidate ranks up to N programmes, each preference with its own rule (preferences 1 and 2
 * in the candidate's admission area, 3 anywhere) and cost (a lower preference needs the cut-off
 * plus 1 or 2 points). Specialised and integrated programmes add a paper of their own (a
 * specialised subject weighted twice). Direct admissions take a place before the allocation.
 *
 * Scores are integer hundredths: 7.25 → 725.
 */
import type {
  AllocationRules,
  Applicant,
  Disqualification,
  Ineligibility,
  ProgrammeSeats,
  ReservedPlaces,
  TieRule,
} from './allocation.ts';

export const ADMISSION_GRADES = [1, 6, 10] as const;
export type AdmissionGrade = (typeof ADMISSION_GRADES)[number];

export interface ExamSubject {
  /** The paper's code: MATH, LIT, and the third (ENG, HIS…). */
  code: string;
  name: string;
}
export interface PriorityGroup {
  code: string;
  name: string;
  /** Hundredths: 2 points → 200. */
  points: number;
}
export interface PreferenceRule {
  /** `own`: the programme must be in the candidate's admission area; `any`: anywhere in the city. */
  area: 'own' | 'any';
  /** Points (hundredths) above the cut-off this preference needs: 0, 100, 200. */
  penalty: number;
}
export interface AdmissionArea {
  code: string;
  name: string;
  /** The communes whose residents (and lower-secondary pupils) belong to it. */
  communeIds: string[];
}

export interface Grade10Rules {
  /** Exactly three: MATH, LIT and the year's third subject. */
  subjects: ExamSubject[];
  priorityGroups: PriorityGroup[];
  /** A paper at or below this (hundredths) disqualifies: 100 = 1.0. */
  disqualifyAtOrBelow: number;
  /** One rule per preference, best first; their number is how many a candidate may list. */
  preferences: PreferenceRule[];
  tieRule: TieRule;
  /** Secondary criteria at a tie, in order: `priority` or a paper's code. */
  secondary: string[];
  areas: AdmissionArea[];
  /** A specialised programme's own paper counts this many times. */
  specialisedWeight: number;
}

export const PROGRAMME_KINDS = ['regular', 'specialised', 'integrated'] as const;
export type ProgrammeKind = (typeof PROGRAMME_KINDS)[number];

export interface Programme {
  programmeId: string;
  schoolId: string;
  kind: ProgrammeKind;
  /** A specialised or integrated programme's own paper (its code: MATH-SPEC, ENG-INT…). */
  paper?: string;
  /** The admission area the school is in (grade 10). */
  area?: string;
  quota: number;
  reserved?: ReservedPlaces[];
}

/** What an allocation needs of one grade-10 candidate. */
export interface Candidate {
  candidateId: string;
  /** The admission area of the candidate's residence (or lower-secondary school). */
  area: string;
  /** Programme ids, best first. */
  preferences: string[];
  /** Paper scores in hundredths by code; `absent` for a paper missed. */
  papers: Record<string, number | 'absent'>;
  priorityGroup?: string;
  categories?: string[];
  /** Admitted directly (tuyển thẳng) to this programme: takes a place before the allocation. */
  direct?: string;
  /** What the lottery draws on: the same child draws the same whatever application they make. */
  drawKey?: string;
}

/** A rule that does not hold, on the field it is about (codes: domain/texts.ts). */
export interface RuleProblem {
  field: string;
  code: string;
  params?: Record<string, string | number>;
}

/** The rules' own consistency: what a form's schema cannot see. */
export function checkGrade10Rules(rules: Grade10Rules): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const codes = rules.subjects.map((s) => s.code);
  if (
    rules.subjects.length !== 3 ||
    !codes.includes('MATH') ||
    !codes.includes('LIT') ||
    new Set(codes).size !== 3
  )
    problems.push({ field: 'rules.subjects', code: 'three-subjects' });
  if (new Set(rules.priorityGroups.map((g) => g.code)).size !== rules.priorityGroups.length)
    problems.push({ field: 'rules.priorityGroups', code: 'duplicate-code' });
  rules.preferences.forEach((p, i) => {
    if (i > 0 && p.penalty < rules.preferences[i - 1]!.penalty)
      problems.push({ field: `rules.preferences.${i}.penalty`, code: 'penalty-decreasing' });
  });
  for (const [i, c] of rules.secondary.entries())
    if (c !== 'priority' && !codes.includes(c))
      problems.push({ field: `rules.secondary.${i}`, code: 'unknown-criterion' });
  const seen = new Map<string, string>();
  rules.areas.forEach((a, i) => {
    for (const commune of a.communeIds) {
      if (seen.has(commune))
        problems.push({
          field: `rules.areas.${i}.communeIds`,
          code: 'commune-in-two-areas',
          params: { commune, area: seen.get(commune)! },
        });
      seen.set(commune, a.code);
    }
  });
  if (new Set(rules.areas.map((a) => a.code)).size !== rules.areas.length)
    problems.push({ field: 'rules.areas', code: 'duplicate-code' });
  return problems;
}

/** The admission area a commune belongs to, if any. */
export const areaOfCommune = (rules: Grade10Rules, communeId: string): string | undefined =>
  rules.areas.find((a) => a.communeIds.includes(communeId))?.code;

/** Why a candidate takes part in no allocation, if they do not. */
export function disqualification(
  rules: Grade10Rules,
  papers: Candidate['papers'],
): Disqualification | undefined {
  for (const s of rules.subjects) {
    const score = papers[s.code];
    if (score === undefined || score === 'absent') return { code: 'absent', subject: s.code };
  }
  for (const s of rules.subjects) {
    const score = papers[s.code] as number;
    if (score <= rules.disqualifyAtOrBelow) return { code: 'paper-too-low', subject: s.code, score };
  }
  return undefined;
}

export const priorityPoints = (rules: Grade10Rules, group: string | undefined): number =>
  group ? (rules.priorityGroups.find((g) => g.code === group)?.points ?? 0) : 0;

/** The papers' sum plus priority points: the score of a regular programme (hundredths). */
export function baseScore(
  rules: Grade10Rules,
  candidate: Pick<Candidate, 'papers' | 'priorityGroup'>,
): number {
  let sum = priorityPoints(rules, candidate.priorityGroup);
  for (const s of rules.subjects) {
    const score = candidate.papers[s.code];
    sum += typeof score === 'number' ? score : 0;
  }
  return sum;
}

/** The score at one programme: a specialised or integrated one adds its own paper (weighted); missing it, the preference cannot count. */
export function programmeScore(
  rules: Grade10Rules,
  programme: Programme,
  candidate: Pick<Candidate, 'papers' | 'priorityGroup'>,
): { points: number } | { ineligible: Ineligibility } {
  const base = baseScore(rules, candidate);
  if (programme.kind === 'regular' || !programme.paper) return { points: base };
  const own = candidate.papers[programme.paper];
  if (typeof own !== 'number')
    return { ineligible: { code: 'requirement-unmet', requirement: programme.paper } };
  const weight = programme.kind === 'specialised' ? rules.specialisedWeight : 1;
  return { points: base + weight * own };
}

/** The secondary criteria's values for a candidate, in the rules' order. */
export const secondaryValues = (
  rules: Grade10Rules,
  candidate: Pick<Candidate, 'papers' | 'priorityGroup'>,
): number[] =>
  rules.secondary.map((c) => {
    if (c === 'priority') return priorityPoints(rules, candidate.priorityGroup);
    const score = candidate.papers[c];
    return typeof score === 'number' ? score : 0;
  });

export interface PreparedAllocation {
  seats: ProgrammeSeats[];
  applicants: Applicant[];
  rules: AllocationRules;
  /** Direct admissions, already placed (each took a place of its programme's quota). */
  direct: { candidateId: string; programmeId: string }[];
}

/**
 * The allocation's input from the campaign: each programme's places (less direct admissions,
 * never below zero), each candidate's preferences with their scores and rules.
 */
export function prepareAllocation(
  rules: Grade10Rules,
  programmes: readonly Programme[],
  candidates: readonly Candidate[],
  options: { seed: string; quotas?: Record<string, number> },
): PreparedAllocation {
  const byId = new Map(programmes.map((p) => [p.programmeId, p]));
  const direct = candidates.flatMap((c) =>
    c.direct && byId.has(c.direct) ? [{ candidateId: c.candidateId, programmeId: c.direct }] : [],
  );
  const directCount = new Map<string, number>();
  for (const d of direct) directCount.set(d.programmeId, (directCount.get(d.programmeId) ?? 0) + 1);
  const seats = programmes.map((p): ProgrammeSeats => {
    const quota = Math.max(
      0,
      (options.quotas?.[p.programmeId] ?? p.quota) - (directCount.get(p.programmeId) ?? 0),
    );
    const reserved = (p.reserved ?? []).map((r) => ({ ...r }));
    // Fewer places than reserved (direct admissions, a what-if): the reserved shrink, last group first.
    let excess = reserved.reduce((n, r) => n + r.places, 0) - quota;
    for (let i = reserved.length - 1; i >= 0 && excess > 0; i--) {
      const cut = Math.min(excess, reserved[i]!.places);
      reserved[i]!.places -= cut;
      excess -= cut;
    }
    return { id: p.programmeId, quota, ...(reserved.length ? { reserved } : {}) };
  });
  // A preference naming a programme the campaign no longer has keeps its rank, refused as closed.
  const missing = new Set(
    candidates.flatMap((c) => c.preferences.slice(0, rules.preferences.length).filter((id) => !byId.has(id))),
  );
  for (const id of missing) seats.push({ id, quota: 0 });
  const applicants = candidates
    .filter((c) => !(c.direct && byId.has(c.direct)))
    .map((c): Applicant => {
      const out = disqualification(rules, c.papers);
      const preferences = [...new Set(c.preferences.slice(0, rules.preferences.length))].map((id, k) => {
        const programme = byId.get(id);
        if (!programme)
          return { programmeId: id, points: 0, ineligible: { code: 'programme-closed' as const } };
        const rule = rules.preferences[k]!;
        const score = programmeScore(rules, programme, c);
        if ('ineligible' in score) return { programmeId: id, points: 0, ineligible: score.ineligible };
        if (rule.area === 'own' && programme.area !== c.area)
          return {
            programmeId: id,
            points: score.points,
            ineligible: { code: 'outside-area' as const, area: c.area },
          };
        return { programmeId: id, points: score.points };
      });
      return {
        id: c.candidateId,
        preferences,
        secondary: secondaryValues(rules, c),
        ...(c.drawKey ? { drawKey: c.drawKey } : {}),
        ...(c.categories?.length ? { categories: c.categories } : {}),
        ...(out ? { disqualified: out } : {}),
      };
    });
  return {
    seats,
    applicants,
    rules: {
      preferencePenalty: rules.preferences.map((p) => p.penalty),
      tieRule: rules.tieRule,
      seed: options.seed,
    },
    direct,
  };
}

/** Grades 1 and 6: a commune's catchment — which school takes which of its residential areas, and its places. */
export interface CatchmentSchool {
  schoolId: string;
  places: number;
  /** Residential areas (tổ dân phố, thôn) as the population database names them; `*`: the rest of the commune. */
  areas: string[];
}

/** The school a child living in `area` of the commune is registered at, if the commune assigned one. */
export function catchmentSchool(
  schools: readonly CatchmentSchool[],
  area: string,
): CatchmentSchool | undefined {
  const key = foldArea(area);
  return (
    schools.find((s) => s.areas.some((a) => a !== '*' && foldArea(a) === key)) ??
    schools.find((s) => s.areas.includes('*'))
  );
}

/** Areas compared as names: case, spacing and Unicode form aside ("Tổ dân phố  số 3" is "tổ dân phố số 3"). */
export const foldArea = (area: string): string =>
  area.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();

/** A commune's catchment's own consistency: every area taken by one school at most. */
export function checkCatchment(schools: readonly CatchmentSchool[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const owner = new Map<string, string>();
  schools.forEach((s, i) => {
    for (const a of s.areas) {
      const key = foldArea(a);
      const before = owner.get(key);
      if (before && before !== s.schoolId)
        problems.push({ field: `schools.${i}.areas`, code: 'area-in-two-schools', params: { area: a } });
      owner.set(key, s.schoolId);
    }
  });
  if (new Set(schools.map((s) => s.schoolId)).size !== schools.length)
    problems.push({ field: 'schools', code: 'school-twice' });
  return problems;
}

/** The city-time days (YYYY-MM-DD) an application window touches. */
export function windowDays(from: string, until: string, timeZoneOffsetMinutes = 7 * 60): string[] {
  const day = (iso: string) =>
    new Date(Date.parse(iso) + timeZoneOffsetMinutes * 60_000).toISOString().slice(0, 10);
  const days: string[] = [];
  for (let d = day(from); d <= day(until); ) {
    days.push(d);
    d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  }
  return days;
}
