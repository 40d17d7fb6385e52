/**
 * The handover of a commune's administrator account (seed 001): who received it, when, on which
 * introduction letter, and the minutes (biên bản bàn giao) both sides sign.
 */
import type { Block } from '#shared/pdf/document.ts';

export interface Handover {
  handoverId: string;
  orgUnitId: string;
  orgUnitName: string;
  departmentName: string;
  accountId: string;
  roleLabel: string;
  handedOverBy: { accountId: string; fullName: string };
  receivingOfficer: { fullName: string; position: string; phone?: string };
  /** ISO date, yyyy-mm-dd */
  handedOverOn: string;
  introductionLetter: { number: string; date: string; issuer: string };
  notes?: string;
}

const vnDate = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return { d: d!, m: m!, y: y!, text: `${d}/${m}/${y}` };
};

export function handoverMinutes(h: Handover): { title: string; blocks: Block[] } {
  const on = vnDate(h.handedOverOn);
  const title = 'Biên bản bàn giao tài khoản quản trị cơ sở dữ liệu ngành giáo dục';
  return {
    title,
    blocks: [
      { kind: 'centered', text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true },
      { kind: 'centered', text: 'Độc lập – Tự do – Hạnh phúc', bold: true },
      { kind: 'space' },
      { kind: 'title', text: title },
      { kind: 'centered', text: `Số: ${h.handoverId.slice(0, 8).toUpperCase()}/BB-BGTK` },
      { kind: 'space' },
      {
        kind: 'paragraph',
        text: `Hôm nay, ngày ${on.d} tháng ${on.m} năm ${on.y}, tại ${h.departmentName}, chúng tôi gồm:`,
      },
      { kind: 'paragraph', text: `Bên giao: ${h.departmentName}`, bold: true },
      { kind: 'field', label: 'Đại diện', value: h.handedOverBy.fullName },
      { kind: 'paragraph', text: `Bên nhận: ${h.orgUnitName}`, bold: true },
      { kind: 'field', label: 'Đại diện', value: h.receivingOfficer.fullName },
      { kind: 'field', label: 'Chức vụ', value: h.receivingOfficer.position },
      ...(h.receivingOfficer.phone
        ? [{ kind: 'field' as const, label: 'Điện thoại', value: h.receivingOfficer.phone }]
        : []),
      {
        kind: 'paragraph',
        text: `Căn cứ Giấy giới thiệu số ${h.introductionLetter.number} ngày ${vnDate(h.introductionLetter.date).text} của ${h.introductionLetter.issuer}, hai bên thống nhất bàn giao:`,
      },
      { kind: 'field', label: 'Tài khoản', value: h.accountId },
      { kind: 'field', label: 'Vai trò', value: h.roleLabel },
      { kind: 'field', label: 'Phạm vi', value: h.orgUnitName },
      {
        kind: 'paragraph',
        text: 'Bên nhận có trách nhiệm giữ bí mật thông tin tài khoản, không chia sẻ cho người khác, sử dụng dữ liệu đúng mục đích và phân quyền cho các trường trên địa bàn theo hướng dẫn của Sở.',
      },
      ...(h.notes ? [{ kind: 'field' as const, label: 'Ghi chú', value: h.notes }] : []),
      { kind: 'paragraph', text: 'Biên bản được lập thành 02 bản, mỗi bên giữ 01 bản có giá trị như nhau.' },
      { kind: 'space' },
      {
        kind: 'signatures',
        left: { title: 'ĐẠI DIỆN BÊN NHẬN', name: h.receivingOfficer.fullName },
        right: { title: 'ĐẠI DIỆN BÊN GIAO', name: h.handedOverBy.fullName },
      },
    ],
  };
}
