/**
 * The school year a date falls in: it starts on 5 September (the Vietnamese school calendar's
 * opening day), so the official reports and the library's yearly counts agree on it.
 */
export function schoolYearOf(date: Date): string {
  const year = date.getUTCFullYear();
  const startsThisYear = date.getUTCMonth() > 8 || (date.getUTCMonth() === 8 && date.getUTCDate() >= 5);
  const first = startsThisYear ? year : year - 1;
  return `${first}-${first + 1}`;
}

/** The first day of a school year `YYYY-YYYY` (ISO date). */
export const schoolYearStart = (schoolYear: string) => `${schoolYear.slice(0, 4)}-09-05`;

/** The city's date of an instant, YYYY-MM-DD (Hải Phòng keeps UTC+7 all year). */
export const cityDate = (at: Date): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(at);

const CITY_TIME = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/** An instant on the city's clock as Vietnamese documents write it: "08:30 14/07/2027". */
export const cityTime = (at: Date | string): string => CITY_TIME.format(new Date(at));
