/**
 * The indicators of the periodic statistical reports, as data: a code, a Vietnamese label, and a
 * formula over the official figures (paths like `learnersByGrade.10`). A deployment changes the
 * lists below (or loads its own) without touching the code that evaluates them.
 */
import type { ReportKind } from './report-kinds.ts';

export type Formula =
  | { sum: string[] }
  /** numerator / denominator, one decimal; empty when the denominator is 0. */
  | { ratio: [string, string] }
  /** 100 × part / whole, one decimal. */
  | { percent: [string, string] }
  | { difference: [string, string[]] };

export interface Indicator {
  code: string;
  label: string;
  formula: Formula;
}

const grades = (from: number, to: number): Indicator[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({
    code: `HS1${String(from + i).padStart(2, '0')}`,
    label: `Học sinh khối ${from + i}`,
    formula: { sum: [`learnersByGrade.${from + i}`] },
  }));

const CORE: Indicator[] = [
  { code: 'TR01', label: 'Số trường', formula: { sum: ['schools'] } },
  { code: 'TR02', label: 'Trường mầm non', formula: { sum: ['schoolsByLevel.01'] } },
  { code: 'TR03', label: 'Trường tiểu học', formula: { sum: ['schoolsByLevel.02'] } },
  { code: 'TR04', label: 'Trường trung học cơ sở', formula: { sum: ['schoolsByLevel.03'] } },
  { code: 'TR05', label: 'Trường trung học phổ thông', formula: { sum: ['schoolsByLevel.04'] } },
  { code: 'TR06', label: 'Trung tâm giáo dục thường xuyên', formula: { sum: ['schoolsByLevel.05'] } },
  { code: 'TR07', label: 'Trường phổ thông có nhiều cấp học', formula: { sum: ['schoolsByLevel.multi'] } },
  { code: 'LH01', label: 'Số lớp', formula: { sum: ['classes'] } },
  { code: 'LH02', label: 'Sĩ số bình quân/lớp', formula: { ratio: ['learnersInClasses', 'classes'] } },
  { code: 'HS01', label: 'Tổng số học sinh', formula: { sum: ['learners'] } },
  { code: 'HS02', label: 'Học sinh nữ', formula: { sum: ['learnersByGender.female'] } },
  {
    code: 'HS03',
    label: 'Học sinh dân tộc thiểu số',
    formula: { difference: ['learners', ['learnersByEthnicity.01']] },
  },
  { code: 'HS04', label: 'Học sinh khuyết tật', formula: { sum: ['learnersByPolicyGroup.disability'] } },
  {
    code: 'HS05',
    label: 'Học sinh thuộc hộ nghèo',
    formula: { sum: ['learnersByPolicyGroup.poor-household'] },
  },
  {
    code: 'HS06',
    label: 'Học sinh được miễn học phí',
    formula: { sum: ['learnersByPolicyGroup.fee-exemption'] },
  },
  { code: 'HS07', label: 'Học sinh mầm non', formula: { sum: ['learnersByLevel.01'] } },
  { code: 'HS08', label: 'Học sinh tiểu học', formula: { sum: ['learnersByLevel.02'] } },
  { code: 'HS09', label: 'Học sinh trung học cơ sở', formula: { sum: ['learnersByLevel.03'] } },
  { code: 'HS10', label: 'Học sinh trung học phổ thông', formula: { sum: ['learnersByLevel.04'] } },
  ...grades(1, 12),
  { code: 'GV01', label: 'Cán bộ, giáo viên, nhân viên', formula: { sum: ['staff'] } },
  { code: 'GV02', label: 'Giáo viên', formula: { sum: ['teachers'] } },
  { code: 'GV03', label: 'Tỉ lệ học sinh/giáo viên', formula: { ratio: ['learners', 'teachers'] } },
  { code: 'CS01', label: 'Số phòng', formula: { sum: ['rooms'] } },
  { code: 'CS02', label: 'Diện tích phòng (m²)', formula: { sum: ['roomAreaM2'] } },
  { code: 'TB01', label: 'Thiết bị dạy học (đơn vị)', formula: { sum: ['equipmentItems'] } },
  { code: 'TB02', label: 'Thiết bị hỏng', formula: { sum: ['equipmentBroken'] } },
];

const YEAR_END: Indicator[] = [
  { code: 'KT01', label: 'Học sinh tốt nghiệp', formula: { sum: ['learnersByStatus.graduated'] } },
  { code: 'KT02', label: 'Học sinh bỏ học', formula: { sum: ['learnersByStatus.dropped-out'] } },
  { code: 'KT03', label: 'Học sinh chuyển trường', formula: { sum: ['learnersByStatus.transferred'] } },
];

const COMPLETENESS: Indicator[] = [
  { code: 'DL01', label: 'Số trường', formula: { sum: ['schools'] } },
  {
    code: 'DL02',
    label: 'Trường đã có hồ sơ trường được duyệt',
    formula: { sum: ['schoolsWithApproved.school'] },
  },
  {
    code: 'DL03',
    label: 'Trường đã có dữ liệu học sinh được duyệt',
    formula: { sum: ['schoolsWithApproved.student'] },
  },
  {
    code: 'DL04',
    label: 'Trường đã có dữ liệu giáo viên được duyệt',
    formula: { sum: ['schoolsWithApproved.staff'] },
  },
  { code: 'DL05', label: 'Hồ sơ đang soạn hoặc bị trả lại', formula: { sum: ['drafts'] } },
  { code: 'DL06', label: 'Hồ sơ chờ phê duyệt', formula: { sum: ['submitted'] } },
  {
    code: 'DL07',
    label: 'Mức đầy đủ thông tin học sinh (%)',
    formula: { percent: ['learnerFieldsFilled', 'learnerFieldsExpected'] },
  },
  {
    code: 'DL08',
    label: 'Tỉ lệ trường có dữ liệu học sinh (%)',
    formula: { percent: ['schoolsWithApproved.student', 'schools'] },
  },
];

export const REPORT_INDICATORS: Record<ReportKind, Indicator[]> = {
  'school-year-start': CORE,
  'school-year-end': [...CORE, ...YEAR_END],
  'data-completeness': COMPLETENESS,
};

const valueAt = (figures: unknown, path: string): number => {
  const value = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], figures);
  return typeof value === 'number' ? value : 0;
};
const oneDecimal = (n: number) => Math.round(n * 10) / 10;

/** An indicator's value for a set of figures; null where a ratio has nothing to divide by. */
export function evaluate(indicator: Indicator, figures: unknown): number | null {
  const f = indicator.formula;
  if ('sum' in f) return f.sum.reduce((n, p) => n + valueAt(figures, p), 0);
  if ('difference' in f)
    return valueAt(figures, f.difference[0]) - f.difference[1].reduce((n, p) => n + valueAt(figures, p), 0);
  const [top, bottom] = 'ratio' in f ? f.ratio : f.percent;
  const divisor = valueAt(figures, bottom);
  if (divisor === 0) return null;
  return oneDecimal((('percent' in f ? 100 : 1) * valueAt(figures, top)) / divisor);
}
