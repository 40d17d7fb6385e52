/**
 * EventBridge Scheduler expressions, evaluated locally: `rate(n unit)` and six-field
 * `cron(minutes hours day-of-month month day-of-week year)` in the schedule's time zone.
 * Supports *, ?, lists, ranges, steps and names; L, W and # are rejected, not guessed.
 */
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export type Schedule =
  | { kind: 'rate'; everyMs: number }
  | { kind: 'cron'; matches: (local: Date) => boolean };

export function parseSchedule(expression: string): Schedule {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const unit = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[rate[2]!.replace(/s$/, '') as 'minute'];
    const n = Number(rate[1]);
    if (n < 1) throw new Error(`Invalid rate: ${expression}`);
    return { kind: 'rate', everyMs: n * unit };
  }
  const cron = /^cron\((.+)\)$/.exec(expression);
  const fields = cron?.[1]?.trim().split(/\s+/);
  if (fields?.length !== 6) throw new Error(`Not a schedule expression: ${expression}`);
  const [min, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  if (dom !== '?' && dow !== '?')
    throw new Error(`cron: one of day-of-month and day-of-week must be ?: ${expression}`);
  const m = field(min, 0, 59);
  const h = field(hour, 0, 23);
  const d = field(dom, 1, 31);
  const mo = field(month, 1, 12, MONTHS, 1);
  const w = field(dow, 1, 7, DAYS, 1);
  const y = field(year, 1970, 2199);
  return {
    kind: 'cron',
    matches: (t) =>
      m(t.getUTCMinutes()) &&
      h(t.getUTCHours()) &&
      d(t.getUTCDate()) &&
      mo(t.getUTCMonth() + 1) &&
      w(t.getUTCDay() + 1) &&
      y(t.getUTCFullYear()),
  };
}

function field(
  spec: string,
  min: number,
  max: number,
  names: string[] = [],
  nameBase = 0,
): (v: number) => boolean {
  if (spec === '*' || spec === '?') return () => true;
  if (/[LW#]/.test(spec)) throw new Error(`cron: ${spec} (L, W, #) is not supported locally`);
  const value = (token: string) => {
    const named = names.indexOf(token.toUpperCase());
    const n = named >= 0 ? named + nameBase : Number(token);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`cron: ${token} is outside ${min}-${max}`);
    return n;
  };
  const allowed = new Set<number>();
  for (const part of spec.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron: bad step in ${part}`);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [min, max];
    else if (range.includes('-')) [from, to] = range.split('-').map(value) as [number, number];
    else [from, to] = [value(range), stepText === undefined ? value(range) : max];
    for (let v = from; v <= to; v += step) allowed.add(v);
  }
  return (v) => allowed.has(v);
}

/** Wall-clock time in a fixed-offset zone, as a Date whose UTC fields read as local time. */
export const inZone = (at: Date, offsetMinutes: number) => new Date(at.getTime() + offsetMinutes * 60_000);

/** Asia/Ho_Chi_Minh: UTC+7 all year, no daylight saving. */
export const HO_CHI_MINH_OFFSET = 7 * 60;
