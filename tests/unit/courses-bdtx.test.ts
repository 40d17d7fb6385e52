/**
 * The BDTX rules (functions/courses/domain/bdtx.ts) against DOMAIN.md's figures, worked by hand:
 * 120 periods in programmes 01/02/03, the plan approved before 31 May (Vietnam time), pass at 5/10,
 * "8,33%" on the course home.
 */
import { describe, expect, it } from 'vitest';
import {
  assignedModules,
  behindOn,
  checkPlan,
  courseStatus,
  daysLeft,
  formatShare,
  inAudience,
  type ModuleFacts,
  markOutOf10,
  planDeadline,
  planStanding,
  REMIND_DAYS_BEFORE,
  vietnamDay,
} from '../../functions/courses/domain/bdtx.ts';

const teacher = { roles: ['teacher'], levels: ['THCS'], subjects: ['Toán'] };
const meantFor = (m: ModuleFacts) => inAudience(m, teacher);
let n = 0;
const mod = (over: Partial<ModuleFacts>): ModuleFacts => ({
  moduleId: `m${++n}`,
  code: `MĐ${n}`,
  programme: '03',
  periods: 10,
  opensAt: '2026-04-01T00:00:00.000Z',
  closesAt: '2026-06-30T00:00:00.000Z',
  audience: { roles: ['teacher'], levels: ['THCS'], subjects: [] },
  prerequisites: [],
  ...over,
});

const p01 = mod({ programme: '01', periods: 40 });
const p02 = mod({ programme: '02', periods: 40 });
const preschool01 = mod({
  programme: '01',
  periods: 40,
  audience: { roles: ['teacher'], levels: ['MN'], subjects: [] },
});
const pick = [1, 2, 3, 4].map(() => mod({ periods: 10 }));
const catalogue = [p01, p02, preschool01, ...pick];
const codes = (check: ReturnType<typeof checkPlan>) =>
  check.ok ? [] : check.problems.map((p) => p.text.code);

describe('the personal BDTX plan', () => {
  it('gives a teacher the programme 01 and 02 modules meant for them, not the preschool ones', () => {
    expect(assignedModules(catalogue, meantFor, 2026).map((m) => m.moduleId)).toEqual([
      p01.moduleId,
      p02.moduleId,
    ]);
  });

  it('accepts 80 given periods and 40 chosen: 120', () => {
    const check = checkPlan({ year: 2026, chosen: pick, catalogue, meantFor, completed: new Set() });
    expect(check).toEqual({ ok: true, periods: { '01': 40, '02': 40, '03': 40, total: 120 } });
  });

  it('says how many periods are missing', () => {
    const check = checkPlan({
      year: 2026,
      chosen: pick.slice(0, 3),
      catalogue,
      meantFor,
      completed: new Set(),
    });
    expect(check.ok).toBe(false);
    expect(codes(check)).toEqual(['courses.plan-short']);
    if (!check.ok)
      expect(check.problems[0]!.text.params).toEqual({ periods: 110, required: 120, missing: 10 });
  });

  it('refuses a programme 01 module, a duplicate, another level’s, another year’s, and a missing prerequisite', () => {
    const otherYear = mod({ opensAt: '2025-04-01T00:00:00.000Z', closesAt: '2025-06-30T00:00:00.000Z' });
    const needs = mod({ prerequisites: [pick[0]!.moduleId] });
    const chosen = [
      p01,
      pick[1]!,
      pick[1]!,
      mod({ audience: { roles: ['principal'], levels: ['THCS'], subjects: [] } }),
      otherYear,
      needs,
    ];
    const check = checkPlan({
      year: 2026,
      chosen,
      catalogue: [...catalogue, needs],
      meantFor,
      completed: new Set(),
    });
    expect(codes(check)).toEqual([
      'courses.plan-not-programme-03',
      'courses.plan-duplicate',
      'courses.plan-not-for-you',
      'courses.plan-not-this-year',
      'courses.plan-prerequisite',
      'courses.plan-short',
    ]);
    if (!check.ok) expect(check.problems[4]!.text.params).toMatchObject({ required: pick[0]!.code });
    // The prerequisite completed in an earlier year, or chosen too, is enough.
    const met = checkPlan({
      year: 2026,
      chosen: [...pick.slice(1), needs],
      catalogue: [...catalogue, needs],
      meantFor,
      completed: new Set([pick[0]!.moduleId]),
    });
    expect(met.ok).toBe(true);
  });

  it('reads a module’s year in Vietnam time: opening at 17:00 UTC on 31 December is the next year', () => {
    const newYear = mod({ opensAt: '2025-12-31T17:00:00.000Z' });
    const check = checkPlan({
      year: 2026,
      chosen: [...pick.slice(0, 3), newYear],
      catalogue,
      meantFor,
      completed: new Set(),
    });
    expect(check.ok).toBe(true);
  });

  it('is due by the end of 31 May, Vietnam time, and overdue after unless sent or approved', () => {
    expect(planDeadline(2026)).toBe('2026-05-31T17:00:00.000Z');
    expect(planStanding(undefined, 2026, '2026-05-31T16:59:59.000Z')).toBe('none');
    expect(planStanding({ status: 'submitted' }, 2026, '2026-05-31T16:59:59.000Z')).toBe('submitted');
    expect(planStanding({ status: 'draft' }, 2026, '2026-05-31T17:00:01.000Z')).toBe('overdue');
    expect(planStanding({ status: 'returned' }, 2026, '2026-05-31T17:00:01.000Z')).toBe('overdue');
    // Sent in time or not, a plan waiting for the leaders says so.
    expect(planStanding({ status: 'submitted' }, 2026, '2026-05-31T17:00:01.000Z')).toBe('submitted');
    expect(planStanding({ status: 'approved' }, 2026, '2026-07-01T00:00:00.000Z')).toBe('approved');
  });

  it('finds the planned modules a teacher is behind on', () => {
    const early = mod({ closesAt: '2026-05-01T00:00:00.000Z' });
    const soon = mod({ closesAt: '2026-05-20T00:00:00.000Z' });
    const done = mod({ closesAt: '2026-05-01T00:00:00.000Z' });
    const now = '2026-05-15T00:00:00.000Z';
    expect(behindOn([early, soon, done, pick[0]!], new Set([done.moduleId]), now)).toEqual([early]);
    expect(behindOn([early, soon, done], new Set([done.moduleId]), now, 7)).toEqual([early, soon]);
  });
});

describe('courses', () => {
  it('are upcoming, running or finished by their window', () => {
    const w = { opensAt: '2026-04-01T00:00:00.000Z', closesAt: '2026-06-30T00:00:00.000Z' };
    expect(courseStatus(w, '2026-03-31T23:59:59.000Z')).toBe('upcoming');
    expect(courseStatus(w, '2026-04-01T00:00:00.000Z')).toBe('running');
    expect(courseStatus(w, '2026-06-30T00:00:00.000Z')).toBe('finished');
  });

  it('show their share done as the platform does: 1 of 12 is “8,33%”', () => {
    expect(formatShare(1, 12, 'vi')).toBe('8,33%');
    expect(formatShare(1, 12, 'en')).toBe('8.33%');
    expect(formatShare(0, 0, 'vi')).toBe('0%');
    expect(formatShare(13, 12, 'vi')).toBe('100%');
  });

  it('mark a test out of 10 and pass it at 5', () => {
    expect(markOutOf10(50, 100)).toEqual({ mark: 5, passed: true });
    expect(markOutOf10(49, 100)).toEqual({ mark: 4.9, passed: false });
    expect(markOutOf10(1, 3)).toEqual({ mark: 3.33, passed: false });
    expect(markOutOf10(2, 3)).toEqual({ mark: 6.67, passed: true });
    // Half up: 0.125 of 10 is 1.25, and 0.005 × 10 → 0.05.
    expect(markOutOf10(1, 8).mark).toBe(1.25);
    expect(markOutOf10(1, 200).mark).toBe(0.05);
  });
});

describe('reminders before a module closes', () => {
  const closes = '2033-06-30T23:59:00+07:00';
  it('counts the days left up, so a daily run at 08:00 hits 7 and 1 once each', () => {
    const runs = Array.from(
      { length: 10 },
      (_, i) => `2033-06-${String(21 + i).padStart(2, '0')}T08:00:00+07:00`,
    );
    const left = runs.map((at) => daysLeft(closes, at));
    expect(left).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(left.filter((d) => REMIND_DAYS_BEFORE.includes(d))).toEqual([7, 1]);
    expect(daysLeft(closes, '2033-07-01T08:00:00+07:00')).toBeLessThan(1);
  });

  it('says the day as Vietnamese readers write it, in Vietnam time', () => {
    expect(vietnamDay(closes)).toBe('30/06/2033');
    expect(vietnamDay('2033-06-30T17:30:00Z')).toBe('01/07/2033');
  });
});
