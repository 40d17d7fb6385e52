/**
 * The capacity plan (functions/exams/domain/capacity-plan.ts) against figures worked out by hand
 * from the units of docs/capacity.md's first estimate, and docs/capacity.md against
 * docs/capacity/units.json (the doc's tables are generated; they may not drift).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CITY_EXAM,
  type ExamUnits,
  examCost,
  planCapacity,
} from '../../functions/exams/domain/capacity-plan.ts';
import { isReady, type ReadinessFacts, readinessChecks } from '../../functions/exams/domain/readiness.ts';
import { capacityScheduleOf } from '../../functions/exams/exam-capacity.ts';
import { BEGIN, CAPACITY_DOC, END, readUnits, updateCapacityDoc } from '../bench/capacity-doc.ts';

const step = (rru: number, wru: number) => ({ calls: 1, rru, wru, minRru: rru, minWru: 1 });
const estimate: Pick<ExamUnits, 'steps'> = {
  steps: {
    start: step(1.5, 9),
    paper: step(0, 0),
    autosave: step(0.5, 3),
    submit: step(0.5, 13),
    sweep: step(44, 0),
    grading: step(2.5, 11),
    marking: step(1, 8),
  },
};
const city = (candidates: number) => ({ ...CITY_EXAM, candidates });

describe('capacity plan', () => {
  it('sizes the 100,000-candidate start and end storms', () => {
    const p = planCapacity(estimate, city(100_000));
    // 1,666.7 starts/s (each with its paper) and 3,333.3 autosaves/s.
    expect(p.start.requestsPerSecond).toBeCloseTo(6_666.67, 1);
    expect(p.start.writeUnitsPerSecond).toBeCloseTo(15_000 + 10_000, 6);
    expect(p.start.readUnitsPerSecond).toBeCloseTo(2_500 + 1_666.67, 1);
    // 1,666.7 submits/s, grading at 10 × 1000 / 40 ms = 250 attempts/s, the autosaves still going.
    expect(p.gradingPerSecond).toBe(250);
    expect(p.end.writeUnitsPerSecond).toBeCloseTo(21_666.67 + 2_750 + 10_000, 1);
    expect(p.end.readUnitsPerSecond).toBeCloseTo(833.33 + 625 + 1_666.67, 1);
    expect(p.peak.writeUnitsPerSecond).toBeCloseTo(34_416.67, 1);
    // 6,666.7 requests/s × 50 ms = 333.3; × 1.5 = 500 → 510 (tens).
    expect(p.concurrency).toBe(334);
    expect(p.settings.provisionedConcurrency).toBe(510);
    // 34,417 × 1.5 = 51,625 → 52,000; reads stay at what a new table serves anyway.
    expect(p.settings.warmThroughput).toEqual({ writeUnitsPerSecond: 52_000, readUnitsPerSecond: 12_000 });
    expect(p.settings.routeThrottle.saveAnswers).toEqual({ rateLimit: 5_000, burstLimit: 10_000 });
    expect(p.settings.routeThrottle.startAttempt).toEqual({ rateLimit: 2_500, burstLimit: 5_000 });
    const raise = Object.fromEntries(p.quotas.map((q) => [q.name, q.raise]));
    expect(raise).toMatchObject({ lambdaConcurrency: true, tableWriteUnits: true, tableReadUnits: false });
  });

  it('needs no more than a new table serves for a school-sized exam', () => {
    const p = planCapacity(estimate, city(600));
    expect(p.settings.warmThroughput).toEqual({ writeUnitsPerSecond: 4_000, readUnitsPerSecond: 12_000 });
    expect(p.quotas.every((q) => !q.raise)).toBe(true);
  });

  it('costs one exam from the units per step', () => {
    const cost = examCost(estimate, city(100_000));
    const line = (item: string) => cost.lines.find((l) => l.item === item)!.usd;
    // 180 autosaves (90 min ÷ 30 s) + briefing, start, paper, submit = 184 requests a candidate.
    expect(cost.savesPerCandidate).toBe(180);
    expect(cost.requests).toBe(18_400_000);
    expect(line('HTTP API')).toBeCloseTo(18.4, 6);
    // (9 + 180 × 3 + 13 + 11) WRU × 100,000 = 57.3 M WRU at $0.625 a million.
    expect(line('DynamoDB writes')).toBeCloseTo(35.8125, 6);
    // Provisioned concurrency for the start storm only: 510 × (30 + 10 min + 60 s) × 0.5 GB.
    expect(line('Provisioned concurrency')).toBeCloseTo(510 * 2_460 * 0.5 * 0.0000033334, 6);
    // Logs: an access line of 210 bytes + 26 per request (18.4 M), and 32 bytes of batched EMF per
    // invocation (18.4 M requests + 10,000 grader batches + 101 sweeps), $0.50 a GB.
    expect(line('CloudWatch Logs')).toBeCloseTo(((18_400_000 * 236 + 18_410_101 * 32) * 0.5) / 1e9, 6);
    // X-Ray: a trace each second of the 5,460 s exam, then 5 % of the rest, $5 a million.
    expect(line('X-Ray')).toBeCloseTo(((5_460 + (18_400_000 - 5_460) * 0.05) * 5) / 1e6, 6);
    expect(cost.totalUsd).toBeCloseTo(
      cost.lines.reduce((sum, l) => sum + l.usd, 0),
      9,
    );
  });

  it('grows with every unit and every candidate (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 200_000 }),
        fc.double({ min: 0.5, max: 20, noNaN: true }),
        (candidates, wru) => {
          const more = { steps: { ...estimate.steps, autosave: step(0.5, wru + 1) } };
          const base = { steps: { ...estimate.steps, autosave: step(0.5, wru) } };
          expect(examCost(more, city(candidates)).totalUsd).toBeGreaterThan(
            examCost(base, city(candidates)).totalUsd,
          );
          expect(planCapacity(base, city(candidates + 100)).peak.writeUnitsPerSecond).toBeGreaterThan(
            planCapacity(base, city(candidates)).peak.writeUnitsPerSecond,
          );
        },
      ),
    );
  });
});

describe('docs/capacity.md', () => {
  it('holds the tables docs/capacity/units.json gives (npm run capacity:doc)', () => {
    const doc = readFileSync(CAPACITY_DOC, 'utf8');
    expect(doc).toContain(BEGIN);
    expect(doc).toContain(END);
    expect(doc).toContain('## Load test');
    expect(updateCapacityDoc(doc, readUnits())).toBe(doc);
  });

  it('would change with the units (the check is not vacuous)', () => {
    const doc = readFileSync(CAPACITY_DOC, 'utf8');
    const units = readUnits();
    const changed = {
      ...units,
      steps: { ...units.steps, autosave: { ...units.steps.autosave, wru: units.steps.autosave.wru + 1 } },
    };
    expect(updateCapacityDoc(doc, changed)).not.toBe(doc);
  });
});

describe('readiness checks and the capacity schedule', () => {
  const plan = planCapacity(estimate, city(5_000));
  const facts: ReadinessFacts = {
    now: '2026-12-14T20:00:00.000Z',
    session: {
      sessionId: 's',
      title: 'Thi thử',
      opensAt: '2026-12-15T01:00:00.000Z',
      candidateCount: 5_000,
      variantCount: 2,
      rooms: [{ name: 'P.1', supervisors: ['gv1'] }],
    },
    variants: [
      { variant: 0, paper: true, keys: true },
      { variant: 1, paper: true, keys: true },
    ],
    roll: { candidates: 5_000, withoutRoom: 0 },
    schedule: {
      provisionedConcurrency: 30,
      warmAt: '2026-12-15T00:30:00.000Z',
      coolAt: '2026-12-15T03:10:00.000Z',
    },
    scheduledActions: [
      { name: 'exam-step-2026-12-15T0030', schedule: 'at(2026-12-15T00:30:00)', min: 30 },
      { name: 'exam-step-2026-12-15T0310', schedule: 'at(2026-12-15T03:10:00)', min: 0 },
    ],
  };

  it('passes a session with everything in place (the AWS-only facts shown as not checked here)', () => {
    const checks = readinessChecks(facts, plan);
    expect(isReady(checks)).toBe(true);
    expect(checks.filter((c) => c.state === 'not-here').length).toBe(1 + plan.quotas.length);
  });

  it('fails, saying what to do, on a missing key, an unseated candidate, a missing action, a low quota', () => {
    const broken: ReadinessFacts = {
      ...facts,
      variants: [facts.variants[0]!, { variant: 1, paper: true, keys: false }],
      roll: { candidates: 5_000, withoutRoom: 3 },
      scheduledActions: [facts.scheduledActions![1]!],
      warmThroughput: { writeUnitsPerSecond: 4_000, readUnitsPerSecond: 12_000 },
      quotas: { lambdaConcurrency: 10 },
    };
    const failed = readinessChecks(broken, plan).filter((c) => c.state === 'failed');
    expect(failed.map((c) => c.what.split(' (')[0]!.split(':')[0])).toEqual(
      expect.arrayContaining([
        'papers built for every variant',
        'rooms assigned',
        'provisioned concurrency scheduled',
        'quota lambdaConcurrency 10',
      ]),
    );
    expect(failed.every((c) => c.todo)).toBe(true);
    expect(failed.find((c) => c.what.startsWith('papers'))!.todo).toContain('variant(s) 1');
  });

  it('schedules a city-wide session from 30 minutes before it opens to 10 after late entry closes', () => {
    const s = capacityScheduleOf({
      sessionId: 's',
      opensAt: '2026-12-15T01:00:00.000Z',
      closesAt: '2026-12-15T04:00:00.000Z',
      lateEntryUntil: '2026-12-15T01:15:00.000Z',
      durationMinutes: 90,
      candidateCount: 100_000,
    })!;
    expect(s.warmAt).toBe('2026-12-15T00:30:00.000Z');
    // The start storm ends when late entry closes (01:15, before the close); + 10 min. The end
    // storm meets containers the autosaves keep warm.
    expect(s.coolAt).toBe('2026-12-15T01:25:00.000Z');
    expect(s.provisionedConcurrency).toBe(510);
    expect(
      capacityScheduleOf({
        ...facts.session,
        closesAt: '',
        lateEntryUntil: '',
        durationMinutes: 60,
        candidateCount: 40,
      }),
    ).toBeUndefined();
  });
});
