/**
 * The exam API's provisioned concurrency as one list of steps for all city-wide sessions:
 * overlapping windows add up, one session's end never takes another's capacity, and the readiness
 * check reads the steps back. Expected values are worked out by hand from the windows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CapacityWindow,
  capacityAt,
  capacitySteps,
  covers,
  stepActionName,
  stepsOf,
} from '../../functions/exams/domain/capacity-steps.ts';

const w = (
  sessionId: string,
  provisionedConcurrency: number,
  warm: string,
  cool: string,
): CapacityWindow => ({
  sessionId,
  provisionedConcurrency,
  warmAt: `2026-12-15T${warm}:00.000Z`,
  coolAt: `2026-12-15T${cool}:00.000Z`,
});
const at = (hhmm: string) => `2026-12-15T${hhmm}:00.000Z`;
const NIGHT = '2026-12-14T20:00:00.000Z';

describe('capacity steps', () => {
  it('adds overlapping sessions, so the first one’s end leaves the second its capacity', () => {
    // Maths 07:30–10:10 (510), English 09:30–11:40 (150): an action per session would have set
    // 150 at 09:30 (starving maths) and 0 at 10:10 (starving English).
    const windows = [w('maths', 510, '07:30', '10:10'), w('english', 150, '09:30', '11:40')];
    expect(capacitySteps(windows, NIGHT)).toEqual([
      { at: at('07:30'), capacity: 510 },
      { at: at('09:30'), capacity: 660 },
      { at: at('10:10'), capacity: 150 },
      { at: at('11:40'), capacity: 0 },
    ]);
  });

  it('keeps back-to-back sessions warm without a dip, and merges equal neighbours', () => {
    const windows = [w('a', 100, '07:00', '09:00'), w('b', 100, '09:00', '11:00')];
    expect(capacitySteps(windows, NIGHT)).toEqual([
      { at: at('07:00'), capacity: 100 },
      { at: at('11:00'), capacity: 0 },
    ]);
  });

  it('warms at the next minute a session published inside its warm-up, and forgets ended ones', () => {
    const windows = [w('old', 300, '01:00', '03:00'), w('soon', 200, '07:30', '10:10')];
    expect(capacitySteps(windows, at('07:45'))).toEqual([
      { at: at('07:46'), capacity: 200 },
      { at: at('10:10'), capacity: 0 },
    ]);
  });

  it('names each step by its minute and reads the steps back from the scheduled actions', () => {
    expect(stepActionName(at('07:30'))).toBe('exam-step-2026-12-15T0730');
    const actions = [
      { name: 'exam-step-2026-12-15T1010', schedule: 'at(2026-12-15T10:10:00)', min: 0 },
      { name: 'exam-step-2026-12-15T0730', schedule: 'at(2026-12-15T07:30:00)', min: 510 },
      { name: 'someone-else', schedule: 'at(2026-12-15T08:00:00)', min: 5 },
    ];
    expect(stepsOf(actions)).toEqual([
      { at: at('07:30'), capacity: 510 },
      { at: at('10:10'), capacity: 0 },
    ]);
  });

  it('finds a window covered only with its capacity throughout and a step down after', () => {
    const maths = w('maths', 510, '07:30', '10:10');
    const steps = [
      { at: at('07:30'), capacity: 510 },
      { at: at('09:30'), capacity: 660 },
      { at: at('10:10'), capacity: 150 },
    ];
    expect(covers(steps, maths)).toBe(true);
    // Late: warmed at 07:45, not 07:30.
    expect(covers([{ at: at('07:45'), capacity: 510 }, ...steps.slice(1)], maths)).toBe(false);
    // A dip in the middle (the old per-session actions: English's warm-up set 150).
    expect(covers([steps[0]!, { at: at('09:30'), capacity: 150 }, steps[2]!], maths)).toBe(false);
    // Never brought down: the capacity (and its cost) would stay.
    expect(covers(steps.slice(0, 2), maths)).toBe(false);
    // Published at 07:45, inside its warm-up: warmed from the next minute, which is all it can be.
    const late = [{ at: at('07:46'), capacity: 510 }, steps[2]!];
    expect(covers(late, maths)).toBe(false);
    expect(covers(late, maths, '2026-12-15T07:45:20.000Z')).toBe(true);
    expect(covers(late, maths, '2026-12-15T08:30:00.000Z')).toBe(true);
  });

  it('gives every moment the sum of the windows running then, for any set of windows', () => {
    const minute = fc.integer({ min: 0, max: 23 * 60 });
    const hhmm = (m: number) =>
      `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const windows = fc.array(
      fc
        .tuple(minute, fc.integer({ min: 1, max: 600 }), fc.integer({ min: 10, max: 1000 }))
        .map(([start, length, pc]) =>
          w(`s${start}`, pc, hhmm(start), hhmm(Math.min(start + length, 23 * 60 + 59))),
        ),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(windows, minute, (ws, probe) => {
        const steps = capacitySteps(ws, NIGHT);
        const t = at(hhmm(probe));
        const inForce = steps.filter((s) => s.at <= t).at(-1)?.capacity ?? 0;
        // Summed here by hand, not by capacityAt.
        const expected = ws
          .filter((x) => x.warmAt <= t && t < x.coolAt)
          .reduce((sum, x) => sum + x.provisionedConcurrency, 0);
        expect(inForce).toBe(expected);
        expect(capacityAt(ws, t)).toBe(expected);
        for (const x of ws) if (x.warmAt < x.coolAt) expect(covers(steps, x)).toBe(true);
      }),
    );
  });
});
