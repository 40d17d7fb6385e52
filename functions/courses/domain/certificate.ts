/**
 * A completion certificate of a BDTX module: what it certifies, as the PDF prints it and the
 * public verification page shows it. The document is in Vietnamese, whoever reads the API.
 *
 * Pure: the certificate's facts and the date are given.
 */
import type { Block } from '#shared/pdf/document.ts';
import type { Programme } from './bdtx.ts';

export interface CertificateFacts {
  holderName: string;
  /** The holder's unit (school) when they have one. */
  workplace?: string;
  moduleCode: string;
  moduleTitle: string;
  programme: Programme;
  periods: number;
  completedAt: string;
  /** The module's test on a 10-point scale, when it has one. */
  testScore?: number;
  unitName: string;
}

const PROGRAMME_NAMES: Record<Programme, string> = {
  '01': 'Chương trình 01 (nhiệm vụ của Bộ Giáo dục và Đào tạo)',
  '02': 'Chương trình 02 (nhiệm vụ của địa phương)',
  '03': 'Chương trình 03 (mô-đun tự chọn)',
};

/** "8,5": a score as Vietnamese writes it, to one decimal. */
export const scoreText = (score: number) =>
  new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(score);

/** "05/12/2026": a day in the city's time zone. */
export const dayText = (iso: string) =>
  new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(iso));

/** A score on the 10-point scale from points out of a maximum, rounded to a tenth. */
export const tenPointScore = (points: number, maxPoints: number) =>
  maxPoints > 0 ? Math.round((points / maxPoints) * 100) / 10 : 0;

export const certificateTitle = (moduleCode: string) => `Giấy chứng nhận hoàn thành mô-đun ${moduleCode}`;

/** The facts printed on the certificate, label by label (the verification page shows the same). */
export function certificateLines(c: CertificateFacts): { label: string; value: string }[] {
  return [
    ...(c.workplace ? [{ label: 'Đơn vị công tác', value: c.workplace }] : []),
    { label: 'Mô-đun', value: `${c.moduleCode} – ${c.moduleTitle}` },
    { label: 'Chương trình', value: PROGRAMME_NAMES[c.programme] },
    { label: 'Số tiết', value: String(c.periods) },
    ...(c.testScore !== undefined
      ? [{ label: 'Kết quả bài kiểm tra', value: `${scoreText(c.testScore)}/10 – Đạt` }]
      : []),
    { label: 'Ngày hoàn thành', value: dayText(c.completedAt) },
  ];
}

/**
 * The certificate as a document (Decree 30/2020's layout: letterhead, title, body, sign-off). Its
 * number is the verification code, so the number printed and the page it leads to are one.
 */
export function certificateBlocks(c: CertificateFacts, at: { code: string; date: Date }): Block[] {
  return [
    {
      kind: 'letterhead',
      governing: 'ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG',
      issuer: c.unitName.toLocaleUpperCase('vi-VN'),
      number: `${at.code}/GCN-BDTX`,
      place: 'Hải Phòng',
      date: at.date,
    },
    { kind: 'space', lines: 2 },
    { kind: 'title', text: 'GIẤY CHỨNG NHẬN' },
    { kind: 'centered', text: 'Hoàn thành mô-đun bồi dưỡng thường xuyên', bold: true },
    { kind: 'space' },
    { kind: 'paragraph', text: `${c.unitName} chứng nhận:` },
    { kind: 'centered', text: c.holderName, bold: true, size: 16 },
    { kind: 'space' },
    ...certificateLines(c).map((l): Block => ({ kind: 'field', label: l.label, value: l.value })),
    { kind: 'space' },
    {
      kind: 'paragraph',
      text: 'Giấy chứng nhận được ký số; tra cứu tính xác thực bằng mã QR hoặc mã số in trên giấy.',
    },
    { kind: 'space' },
    {
      kind: 'signoff',
      recipients: ['Người được cấp', 'Lưu: VT'],
      capacity: [c.unitName.toLocaleUpperCase('vi-VN')],
      name: '(Đã ký số)',
    },
  ];
}
