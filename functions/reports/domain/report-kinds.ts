/**
 * The periodic statistical reports (Circular 25/2024, which replaced 24/2018): when they fall due
 * and what they are called. Dates are defaults; deployments may change them.
 */
export const REPORT_KINDS = ['school-year-start', 'school-year-end', 'data-completeness'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_TITLES: Record<ReportKind, string> = {
  'school-year-start': 'Báo cáo thống kê đầu năm học',
  'school-year-end': 'Báo cáo thống kê cuối năm học',
  'data-completeness': 'Báo cáo mức độ đầy đủ dữ liệu',
};

export { schoolYearOf } from '#shared/calendar/school-year.ts';

/** Which periodic report is due in a month (1–12), if any: start of year in September, end in May. */
export function periodicReportDue(month: number): ReportKind | undefined {
  if (month === 9) return 'school-year-start';
  if (month === 5) return 'school-year-end';
  return undefined;
}
