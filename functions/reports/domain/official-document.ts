/**
 * A statistical report as a Vietnamese administrative document (Decree 30/2020/NĐ-CP, appendix
 * I): the governing and issuing bodies with the number on the left, the national title and motto
 * with place and date on the right, the title, the figures of the whole scope, then an annex of
 * tables per unit, and the foot with the recipients and the signer. Pure: the worker hands in the
 * names and figures and renders the blocks.
 */
import type { Block } from '#shared/pdf/document.ts';
import { evaluate, type Indicator } from './indicators.ts';

/** An indicator's value as a report prints it (Vietnamese digits, a dash for none). */
export const show = (v: number | null) => (v === null ? '—' : v.toLocaleString('vi-VN'));

/** The city's name as a document's place: "Hải Phòng" from "Sở Giáo dục và Đào tạo thành phố Hải Phòng". */
export function cityOf(departmentName: string | undefined): string {
  const city = /(?:thành phố|tỉnh)\s+(.+)$/iu.exec(departmentName ?? '')?.[1];
  return city?.trim() || 'Thành phố';
}

/** Who the issuing body answers to, as the head's first line. */
export function governingBody(
  kind: string | undefined,
  parentName: string | undefined,
  departmentName: string | undefined,
): string | undefined {
  if (kind === 'department') {
    const city = /((?:thành phố|tỉnh)\s+.+)$/iu.exec(departmentName ?? '')?.[1];
    return city ? `Uỷ ban nhân dân ${city}` : undefined;
  }
  if (kind === 'school') return parentName ? `Uỷ ban nhân dân ${parentName}` : undefined;
  return undefined;
}

/** The issuing body's name on the head: a commune's People's Committee, or the unit itself. */
export function issuerOf(kind: string, name: string): string {
  return ['commune', 'ward', 'special-zone'].includes(kind) ? `Uỷ ban nhân dân ${name}` : name;
}

/** "12/BC-SGDĐT" for the Department; other units number their reports "12/BC". */
export function documentNumberOf(sequence: number, kind: string | undefined): string {
  return `${sequence}/BC${kind === 'department' ? '-SGDĐT' : ''}`;
}

/** Who signs for the issuing body (the capacity lines above the signature). */
export function signerOf(kind: string): string[] {
  if (kind === 'department') return ['GIÁM ĐỐC'];
  if (kind === 'school') return ['HIỆU TRƯỞNG'];
  if (['commune', 'ward', 'special-zone'].includes(kind)) return ['TM. UỶ BAN NHÂN DÂN', 'CHỦ TỊCH'];
  return ['THỦ TRƯỞNG ĐƠN VỊ'];
}

/** At most this many indicators side by side in an annex table (A4 portrait stays legible). */
const PER_TABLE = 5;

export function officialReport(input: {
  title: string;
  scope: { name: string; kind: string };
  governing: string | undefined;
  place: string;
  number: string;
  date: Date;
  schoolYear: string;
  indicators: readonly Indicator[];
  total: unknown;
  units: { name: string; figures: unknown }[];
  learnersPerTeacher: string;
}): Block[] {
  const { indicators, units } = input;
  const annex: Block[] = [];
  for (let i = 0; i < indicators.length; i += PER_TABLE) {
    const group = indicators.slice(i, i + PER_TABLE);
    annex.push({
      kind: 'table',
      columns: [
        { header: 'STT', width: 5, align: 'right' },
        { header: 'Đơn vị', width: 25 },
        ...group.map((g) => ({ header: `${g.code}. ${g.label}`, width: 14, align: 'right' as const })),
      ],
      rows: units.map((u, n) => [
        String(n + 1),
        u.name,
        ...group.map((g) => show(evaluate(g, u.figures as never))),
      ]),
    });
  }
  return [
    {
      kind: 'letterhead',
      ...(input.governing ? { governing: input.governing } : {}),
      issuer: issuerOf(input.scope.kind, input.scope.name),
      number: input.number,
      place: input.place,
      date: input.date,
    },
    { kind: 'title', text: 'Báo cáo' },
    { kind: 'centered', text: `${input.title} năm học ${input.schoolYear}`, bold: true },
    { kind: 'centered', text: input.scope.name },
    { kind: 'space' },
    {
      kind: 'paragraph',
      text: `Số liệu tổng hợp từ ${units.length.toLocaleString('vi-VN')} đơn vị trực thuộc, chỉ tính dữ liệu đã được phê duyệt trên Cơ sở dữ liệu ngành. Tỉ lệ học sinh/giáo viên: ${input.learnersPerTeacher}.`,
    },
    { kind: 'space' },
    { kind: 'paragraph', text: 'I. SỐ LIỆU TỔNG HỢP', bold: true },
    {
      kind: 'table',
      columns: [
        { header: 'STT', width: 6, align: 'right' },
        { header: 'Mã', width: 10 },
        { header: 'Chỉ tiêu', width: 60 },
        { header: 'Giá trị', width: 18, align: 'right' },
      ],
      rows: indicators.map((indicator, n) => [
        String(n + 1),
        indicator.code,
        indicator.label,
        show(evaluate(indicator, input.total as never)),
      ]),
    },
    { kind: 'paragraph', text: 'II. SỐ LIỆU THEO ĐƠN VỊ', bold: true },
    ...annex,
    { kind: 'space' },
    {
      kind: 'signoff',
      recipients: ['Như trên', 'Lưu: VT'],
      capacity: signerOf(input.scope.kind),
      name: '(Ký, ghi rõ họ tên và đóng dấu)',
    },
  ];
}
