/**
 * Provisioned concurrency over time when city-wide sessions overlap. Application Auto Scaling's
 * scheduled actions set the capacity outright, so one session's "back to none" would end another's
 * warm-up: the exam API's schedule is therefore one list of steps for all sessions together — at
 * every window's start or end, the sum of what the windows running then need. Pure.
 */

export interface CapacityWindow {
  sessionId: string;
  provisionedConcurrency: number;
  /** ISO instants: warm from, cool at. */
  warmAt: string;
  coolAt: string;
}

export interface CapacityStep {
  /** ISO instant, to the minute. */
  at: string;
  capacity: number;
}

const toMinute = (iso: string) => `${iso.slice(0, 16)}:00.000Z`;
const nextMinute = (iso: string) => toMinute(new Date(Date.parse(iso) + 60_000).toISOString());

/** What the windows need at instant `t` (a window counts from its warm-up to its cool-down). */
export const capacityAt = (windows: readonly CapacityWindow[], t: string) =>
  windows.reduce(
    (sum, w) => (toMinute(w.warmAt) <= t && t < toMinute(w.coolAt) ? sum + w.provisionedConcurrency : sum),
    0,
  );

/**
 * The steps to schedule from `now` on: one at each future window boundary where the total changes,
 * and — when windows are running already — one at the next minute with what they need now (an
 * action cannot be scheduled in the past, and a session published inside its warm-up period must
 * still be warmed). Windows that ended before `now` are ignored.
 */
export function capacitySteps(windows: readonly CapacityWindow[], now: string): CapacityStep[] {
  const first = nextMinute(now);
  const live = windows.filter((w) => toMinute(w.coolAt) > first);
  const boundaries = [
    ...new Set(live.flatMap((w) => [toMinute(w.warmAt), toMinute(w.coolAt)]).filter((t) => t > first)),
  ].sort();
  const steps: CapacityStep[] = [];
  const running = capacityAt(live, first);
  if (running > 0) steps.push({ at: first, capacity: running });
  let last = running;
  for (const at of boundaries) {
    const capacity = capacityAt(live, at);
    if (capacity !== last) steps.push({ at, capacity });
    last = capacity;
  }
  return steps;
}

/** A step's scheduled action: `exam-step-2026-12-15T0030`. */
export const stepActionName = (at: string) => `exam-step-${at.slice(0, 13)}${at.slice(14, 16)}`;

/** The steps read back from scheduled actions (`at(yyyy-mm-ddThh:mm:ss)`, their minimum). */
export function stepsOf(
  actions: readonly { name: string; schedule: string; min?: number }[],
): CapacityStep[] {
  return actions
    .filter((a) => a.name.startsWith('exam-step-'))
    .map((a) => ({ at: `${/^at\((.+)\)$/.exec(a.schedule)?.[1] ?? ''}.000Z`, capacity: a.min ?? 0 }))
    .filter((s) => s.at.length === 24)
    .sort((a, b) => a.at.localeCompare(b.at));
}

/**
 * Whether the scheduled steps give a window at least its concurrency from its warm-up (or, when
 * that has passed, from the next minute: a session published inside its warm-up) to its cool-down
 * — the step in force then, and every step until the cool-down — and bring it down again
 * afterwards (else the capacity, and its cost, would stay).
 */
export function covers(steps: readonly CapacityStep[], w: CapacityWindow, now?: string): boolean {
  const fromNow = now ? nextMinute(now) : '';
  const warm = [toMinute(w.warmAt), fromNow].sort().at(-1)!;
  const cool = toMinute(w.coolAt);
  const inForce = steps.filter((s) => s.at <= warm).at(-1);
  if (!inForce || inForce.capacity < w.provisionedConcurrency) return false;
  if (steps.some((s) => s.at > warm && s.at < cool && s.capacity < w.provisionedConcurrency)) return false;
  return steps.some((s) => s.at >= cool && s.capacity < w.provisionedConcurrency);
}
