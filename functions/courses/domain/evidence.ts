/**
 * A person's BDTX evidence for a year (Circular 19/2019 as amended by 17/2022): the modules of their
 * plan — given (programmes 01, 02) and chosen (03) — each with its completion, test result and
 * certificate, the periods earned by programme, and the year's outcome as the school records it:
 * "complete" when the plan was approved and every module of it was completed (each passed at
 * 5/10), the year's 120 periods reached; otherwise "incomplete", with what is missing.
 *
 * Pure: the plan, the modules and what the person completed are given.
 */
import type { Block } from '#shared/pdf/document.ts';
import { type PeriodsByProgramme, type Programme, periodsOf, YEAR_PERIODS } from './bdtx.ts';
import { dayText, scoreText } from './certificate.ts';

export interface EvidenceModule {
  moduleId: string;
  code: string;
  title: string;
  programme: Programme;
  periods: number;
  closesAt: string;
}

export interface Completion {
  completedAt: string;
  /** The module's test on the 10-point scale, when it has one. */
  testScore?: number;
  /** The certificate's verification code, once signed. */
  certificateCode?: string;
}

export type EvidenceGap = 'plan-not-approved' | 'modules-not-completed' | 'periods-short';

export interface Evidence {
  /** The plan's modules, then any other completed in the year (`inPlan` false: not counted). */
  modules: (EvidenceModule & Partial<Completion> & { completed: boolean; inPlan: boolean })[];
  earned: PeriodsByProgramme;
  outcome: 'complete' | 'incomplete';
  gaps: EvidenceGap[];
}

const inOrder = (a: EvidenceModule, b: EvidenceModule) =>
  a.programme.localeCompare(b.programme) || a.code.localeCompare(b.code, 'vi');

/**
 * `others`: modules completed in the year outside the plan — listed (their certificates are the
 * person's) but not counted: only planned modules make the year's periods.
 */
export function evidenceOf(
  planned: readonly EvidenceModule[],
  completions: ReadonlyMap<string, Completion>,
  planApproved: boolean,
  others: readonly EvidenceModule[] = [],
): Evidence {
  const inPlan = new Set(planned.map((m) => m.moduleId));
  const modules = [
    ...[...planned].sort(inOrder).map((m) => ({ m, inPlan: true })),
    ...others
      .filter((m) => !inPlan.has(m.moduleId) && completions.has(m.moduleId))
      .sort(inOrder)
      .map((m) => ({ m, inPlan: false })),
  ].map(({ m, inPlan }) => {
    const done = completions.get(m.moduleId);
    return { ...m, ...done, completed: Boolean(done), inPlan };
  });
  const counted = modules.filter((m) => m.inPlan);
  const earned = periodsOf(counted.filter((m) => m.completed));
  const gaps: EvidenceGap[] = [
    ...(planApproved ? [] : ['plan-not-approved' as const]),
    ...(counted.every((m) => m.completed) ? [] : ['modules-not-completed' as const]),
    ...(earned.total >= YEAR_PERIODS ? [] : ['periods-short' as const]),
  ];
  return { modules, earned, outcome: gaps.length ? 'incomplete' : 'complete', gaps };
}

/** The outcome as the school's sheet says it. */
export const OUTCOME_WORDS: Record<Evidence['outcome'], string> = {
  complete: 'Hoàn thành kế hoạch BDTX',
  incomplete: 'Chưa hoàn thành kế hoạch BDTX',
};

export const GAP_WORDS: Record<EvidenceGap, string> = {
  'plan-not-approved': 'kế hoạch chưa được phê duyệt',
  'modules-not-completed': 'còn mô-đun chưa hoàn thành',
  'periods-short': `chưa đủ ${YEAR_PERIODS} tiết`,
};

/** What the sheet says of a plan's standing. */
export const STANDING_WORDS: Record<string, string> = {
  none: 'Chưa lập',
  draft: 'Đang soạn',
  submitted: 'Chờ phê duyệt',
  returned: 'Bị trả lại',
  approved: 'Đã phê duyệt',
  overdue: 'Quá hạn',
};

/** A person's evidence as the sheets and the PDF show it. */
export interface EvidenceSheetPerson extends Evidence {
  fullName: string;
  year: number;
  standing: string;
}

const remark = (p: Evidence) => p.gaps.map((g) => GAP_WORDS[g]).join('; ');

export const SUMMARY_COLUMNS = [
  'Họ và tên',
  'Kế hoạch',
  'Chương trình 01 (tiết)',
  'Chương trình 02 (tiết)',
  'Chương trình 03 (tiết)',
  'Tổng số tiết',
  'Mô-đun hoàn thành',
  'Kết quả',
  'Ghi chú',
] as const;

export const summaryRow = (p: EvidenceSheetPerson) => [
  p.fullName,
  STANDING_WORDS[p.standing] ?? p.standing,
  p.earned['01'],
  p.earned['02'],
  p.earned['03'],
  p.earned.total,
  `${p.modules.filter((m) => m.inPlan && m.completed).length}/${p.modules.filter((m) => m.inPlan).length}`,
  OUTCOME_WORDS[p.outcome],
  remark(p),
];

export const DETAIL_COLUMNS = [
  'Họ và tên',
  'Mã mô-đun',
  'Tên mô-đun',
  'Chương trình',
  'Số tiết',
  'Ngày hoàn thành',
  'Điểm bài kiểm tra',
  'Mã giấy chứng nhận',
  'Trong kế hoạch',
] as const;

export const detailRows = (p: EvidenceSheetPerson) =>
  p.modules.map((m) => [
    p.fullName,
    m.code,
    m.title,
    m.programme,
    m.periods,
    m.completedAt ? dayText(m.completedAt) : 'Chưa hoàn thành',
    m.testScore !== undefined ? scoreText(m.testScore) : '',
    m.certificateCode ?? '',
    m.inPlan ? 'Có' : 'Ngoài kế hoạch (không tính tiết)',
  ]);

/** One person's evidence sheet in the PDF: the summary, then a table of the plan's modules. */
export function evidenceBlocks(p: EvidenceSheetPerson, unitName: string): Block[] {
  return [
    { kind: 'centered', text: unitName.toLocaleUpperCase('vi-VN'), bold: true },
    { kind: 'title', text: `PHIẾU KẾT QUẢ BỒI DƯỠNG THƯỜNG XUYÊN NĂM ${p.year}` },
    { kind: 'field', label: 'Họ và tên', value: p.fullName },
    { kind: 'field', label: 'Kế hoạch cá nhân', value: STANDING_WORDS[p.standing] ?? p.standing },
    {
      kind: 'field',
      label: 'Số tiết đã hoàn thành',
      value: `${p.earned.total}/${YEAR_PERIODS} (01: ${p.earned['01']}, 02: ${p.earned['02']}, 03: ${p.earned['03']})`,
    },
    {
      kind: 'field',
      label: 'Kết quả',
      value: OUTCOME_WORDS[p.outcome] + (p.gaps.length ? ` (${remark(p)})` : ''),
    },
    { kind: 'space' },
    {
      kind: 'table',
      columns: [
        { header: 'Mô-đun', width: 0.42 },
        { header: 'CT', width: 0.07 },
        { header: 'Tiết', width: 0.08, align: 'right' },
        { header: 'Hoàn thành', width: 0.15 },
        { header: 'Điểm', width: 0.09, align: 'right' },
        { header: 'Mã chứng nhận', width: 0.19 },
      ],
      rows: p.modules.map((m) => [
        `${m.code} – ${m.title}${m.inPlan ? '' : ' (ngoài kế hoạch)'}`,
        m.programme,
        String(m.periods),
        m.completedAt ? dayText(m.completedAt) : '—',
        m.testScore !== undefined ? scoreText(m.testScore) : '',
        m.certificateCode ?? '',
      ]),
    },
  ];
}
