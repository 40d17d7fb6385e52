/**
 * Working days in the city: Monday to Friday, less the public holidays (Labour Code 2019, Art. 112)
 * as the government announces them each year — Tết's days and the days swapped or given in
 * compensation included. Data, not rules: a year's list is added when it is announced (the office
 * counts on it for deadlines such as the 5 working days of a copy from the diploma register).
 */
import { cityDate } from './school-year.ts';

/** Days off that fall on a weekday, by year (YYYY-MM-DD, the city's calendar). */
export const PUBLIC_HOLIDAYS: Record<number, readonly string[]> = {
  2025: [
    '2025-01-01',
    // Tết Ất Tỵ: 25 January – 2 February
    '2025-01-27',
    '2025-01-28',
    '2025-01-29',
    '2025-01-30',
    '2025-01-31',
    // Giỗ Tổ Hùng Vương (10/3 âm lịch)
    '2025-04-07',
    // 30/4 and 1/5, with 2 May swapped for Saturday 26 April
    '2025-04-30',
    '2025-05-01',
    '2025-05-02',
    // Quốc khánh: 1–2 September
    '2025-09-01',
    '2025-09-02',
  ],
  2026: [
    '2026-01-01',
    // Tết Bính Ngọ: 14–22 February
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    // Giỗ Tổ Hùng Vương falls on Sunday 26 April: Monday off in compensation
    '2026-04-27',
    '2026-04-30',
    '2026-05-01',
    // Quốc khánh: 1–2 September
    '2026-09-01',
    '2026-09-02',
  ],
  2027: [
    '2027-01-01',
    // Tết Đinh Mùi (lunar new year 6 February): to be confirmed when announced
    '2027-02-04',
    '2027-02-05',
    '2027-02-08',
    '2027-02-09',
    '2027-02-10',
    '2027-04-16',
    '2027-04-30',
    // 1 May falls on a Saturday: Monday off in compensation
    '2027-05-03',
    '2027-09-02',
    '2027-09-03',
  ],
};

/** Weekend days worked in exchange for a day off (2 May 2025 was swapped for Saturday 26 April). */
export const WORKED_WEEKEND_DAYS: readonly string[] = ['2025-04-26'];

const holidays = new Set(Object.values(PUBLIC_HOLIDAYS).flat());
const worked = new Set(WORKED_WEEKEND_DAYS);

/** Whether a city date (YYYY-MM-DD) is a working day. */
export function isWorkingDay(day: string, off: ReadonlySet<string> = holidays): boolean {
  if (worked.has(day)) return true;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !off.has(day);
}

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The city date by which something received at `at` is due, `days` working days later: the days
 * are counted from the day after it is received, so a request in on Monday with 5 days is due the
 * next Monday (a holiday between pushes it on).
 */
export function workingDaysAfter(at: Date, days: number, off: ReadonlySet<string> = holidays): string {
  let day = cityDate(at);
  for (let counted = 0; counted < days; ) {
    day = nextDay(day);
    if (isWorkingDay(day, off)) counted++;
  }
  return day;
}

/** Working days from `from` (exclusive) to `to` (inclusive), negative when `to` is before it. */
export function workingDaysBetween(from: string, to: string, off: ReadonlySet<string> = holidays): number {
  if (to < from) return -workingDaysBetween(to, from, off);
  let n = 0;
  for (let day = from; day < to; ) {
    day = nextDay(day);
    if (isWorkingDay(day, off)) n++;
  }
  return n;
}
