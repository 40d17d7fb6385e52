/**
 * The rules of teachers' continuous professional development (bồi dưỡng thường xuyên, BDTX;
 * Circular 19/2019 as amended by Circular 17/2022, DOMAIN.md): 120 periods a year in three
 * programmes — 01 (the ministry's tasks) and 02 (the city's), given to everyone they are meant
 * for, and 03, modules each teacher chooses in a personal plan that a school leader approves
 * before 31 May. A module is assessed out of 10 and passed at 5.
 *
 * Pure: the catalogue, the teacher and the clock are given.
 */
import type { CodedText } from '#shared/text/texts.ts';
import { coursesText } from './texts.ts';

export const PROGRAMMES = ['01', '02', '03'] as const;
export type Programme = (typeof PROGRAMMES)[number];
export const YEAR_PERIODS = 120;
export const PASS_MARK = 5;

export interface ModuleFacts {
  moduleId: string;
  code: string;
  programme: Programme;
  periods: number;
  /** The module's open window (ISO instants). */
  opensAt: string;
  closesAt: string;
  /** Who it is for: roles, school levels and, when any, subjects (empty = every subject). */
  audience: { roles: readonly string[]; levels: readonly string[]; subjects: readonly string[] };
  /** Modules to complete before (ids). */
  prerequisites: readonly string[];
}

export interface TeacherFacts {
  roles: readonly string[];
  levels: readonly string[];
  subjects: readonly string[];
}

/** Vietnam has one time zone, UTC+7, without summer time. */
const VN_OFFSET_MS = 7 * 3_600_000;

/** The BDTX year of an instant: the calendar year in Vietnam. */
export const bdtxYear = (iso: string) => new Date(Date.parse(iso) + VN_OFFSET_MS).getUTCFullYear();

/** The days left before a module closes, counted up (a module closing in 6 days 3 hours has 7). */
export const daysLeft = (closesAt: string, now: string) =>
  Math.ceil((Date.parse(closesAt) - Date.parse(now)) / 86_400_000);

/** Reminders go out this many days before a module closes, once each (the sweep runs daily). */
export const REMIND_DAYS_BEFORE: readonly number[] = [7, 1];

/** A day as people read it, Vietnam time: `30/06/2033`. */
export const vietnamDay = (iso: string) => {
  const d = new Date(Date.parse(iso) + VN_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
};

/** A time as people read it, Vietnam time: `17:00 10/12/2026`. */
export const vietnamTime = (iso: string) => {
  const d = new Date(Date.parse(iso) + VN_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())} ${vietnamDay(iso)}`;
};

/** The personal plan's deadline: the end of 31 May of the year, Vietnam time. */
export const planDeadline = (year: number) =>
  new Date(Date.UTC(year, 4, 31, 24) - VN_OFFSET_MS).toISOString();

export const inAudience = (module: ModuleFacts, teacher: TeacherFacts) =>
  module.audience.roles.some((r) => teacher.roles.includes(r)) &&
  module.audience.levels.some((l) => teacher.levels.includes(l)) &&
  (module.audience.subjects.length === 0 ||
    module.audience.subjects.some((s) => teacher.subjects.includes(s)));

export type PeriodsByProgramme = Record<Programme, number> & { total: number };

export const periodsOf = (
  modules: readonly Pick<ModuleFacts, 'programme' | 'periods'>[],
): PeriodsByProgramme => {
  const out = { '01': 0, '02': 0, '03': 0, total: 0 };
  for (const m of modules) {
    out[m.programme] += m.periods;
    out.total += m.periods;
  }
  return out;
};

/** Whether a module is meant for the person (`inAudience` with their facts, or the caller's own match). */
export type MeantFor = (module: ModuleFacts) => boolean;

/** The modules of programmes 01 and 02 a teacher is given in a year: all those meant for them. */
export const assignedModules = (catalogue: readonly ModuleFacts[], meantFor: MeantFor, year: number) =>
  catalogue.filter((m) => m.programme !== '03' && bdtxYear(m.opensAt) === year && meantFor(m));

export interface PlanProblem {
  moduleId?: string;
  text: CodedText;
}

export type PlanCheck =
  | { ok: true; periods: PeriodsByProgramme }
  | { ok: false; periods: PeriodsByProgramme; problems: PlanProblem[] };

/**
 * Checks a personal plan: the chosen modules are programme 03, each once, meant for the teacher,
 * open in the year, with their prerequisites completed before or chosen too; with the year's
 * programme 01 and 02 modules they make the 120 periods.
 */
export function checkPlan(args: {
  year: number;
  chosen: readonly ModuleFacts[];
  catalogue: readonly ModuleFacts[];
  meantFor: MeantFor;
  /** Modules the teacher completed in earlier years (ids). */
  completed: ReadonlySet<string>;
}): PlanCheck {
  const { year, chosen, catalogue, meantFor, completed } = args;
  const problems: PlanProblem[] = [];
  const seen = new Set<string>();
  const chosenIds = new Set(chosen.map((m) => m.moduleId));
  const codeOf = (id: string) => catalogue.find((m) => m.moduleId === id)?.code ?? id;
  const valid: ModuleFacts[] = [];
  for (const m of chosen) {
    const before = problems.length;
    const at = (text: CodedText) => problems.push({ moduleId: m.moduleId, text });
    if (seen.has(m.moduleId)) {
      at(coursesText('plan-duplicate', { code: m.code }));
      continue;
    }
    seen.add(m.moduleId);
    if (m.programme !== '03')
      at(coursesText('plan-not-programme-03', { code: m.code, programme: m.programme }));
    if (!meantFor(m)) at(coursesText('plan-not-for-you', { code: m.code }));
    if (bdtxYear(m.opensAt) !== year)
      at(coursesText('plan-not-this-year', { code: m.code, year: String(year) }));
    for (const required of m.prerequisites)
      if (!completed.has(required) && !chosenIds.has(required))
        at(coursesText('plan-prerequisite', { code: m.code, required: codeOf(required) }));
    if (problems.length === before) valid.push(m);
  }
  // Only what may stay in the plan counts towards its periods.
  const periods = periodsOf([...assignedModules(catalogue, meantFor, year), ...valid]);
  if (periods.total < YEAR_PERIODS)
    problems.push({
      text: coursesText('plan-short', {
        periods: periods.total,
        required: YEAR_PERIODS,
        missing: YEAR_PERIODS - periods.total,
      }),
    });
  return problems.length ? { ok: false, periods, problems } : { ok: true, periods };
}

export type PlanStanding = 'none' | 'draft' | 'submitted' | 'returned' | 'approved' | 'overdue';

/**
 * Where a teacher's plan stands for the school and commune lists: approved (on time or not: the
 * approval says which), submitted (waiting for the leaders, even past the deadline), or `overdue`
 * once the deadline passed with the plan neither approved nor sent.
 */
export function planStanding(
  plan: { status: 'draft' | 'submitted' | 'returned' | 'approved' } | undefined,
  year: number,
  now: string,
): PlanStanding {
  if (plan?.status === 'approved' || plan?.status === 'submitted') return plan.status;
  if (now > planDeadline(year)) return 'overdue';
  return plan?.status ?? 'none';
}

/**
 * The modules of a plan the teacher is behind on: their window has closed, or closes within
 * `warnDays`, and they are not completed.
 */
export function behindOn(
  planned: readonly ModuleFacts[],
  completed: ReadonlySet<string>,
  now: string,
  warnDays = 0,
): ModuleFacts[] {
  const horizon = new Date(Date.parse(now) + warnDays * 86_400_000).toISOString();
  return planned.filter((m) => !completed.has(m.moduleId) && m.closesAt <= horizon);
}

export type CourseStatus = 'upcoming' | 'running' | 'finished';

export const courseStatus = (window: { opensAt: string; closesAt: string }, now: string): CourseStatus =>
  now < window.opensAt ? 'upcoming' : now < window.closesAt ? 'running' : 'finished';

export { formatShare } from './share.ts';

/** A test's points as a mark out of 10, to two decimals (half up), and whether it passes (≥ 5). */
export function markOutOf10(points: number, maxPoints: number): { mark: number; passed: boolean } {
  const mark = maxPoints > 0 ? Math.round((points / maxPoints) * 1000 + 1e-9) / 100 : 0;
  return { mark, passed: mark >= PASS_MARK };
}
