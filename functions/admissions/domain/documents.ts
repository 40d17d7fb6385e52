/**
 * The admissions documents families and councils print, as blocks of shared/pdf/document.ts
 * (pure: no AWS, no PDF library): the receipt of an application (phiếu tiếp nhận hồ sơ), a grade-10
 * candidate's admission ticket (giấy báo dự thi) and a council's room lists (danh sách thí sinh
 * từng phòng thi), one room a page with a column for candidates to sign.
 */
import { cityTime } from '#shared/calendar/school-year.ts';
import type { Block } from '#shared/pdf/document.ts';

const GOVERNING = 'ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG';
const ISSUER = 'SỞ GIÁO DỤC VÀ ĐÀO TẠO';
const PLACE = 'Hải Phòng';

const RELATIONS: Record<string, string> = { father: 'Cha', mother: 'Mẹ', guardian: 'Người giám hộ' };
const STATES: Record<string, string> = {
  submitted: 'Đã nộp, chờ nhà trường xác nhận',
  verified: 'Nhà trường đã xác nhận',
  returned: 'Nhà trường trả lại để bổ sung',
  withdrawn: 'Gia đình đã rút hồ sơ',
};
const KINDS: Record<string, string> = {
  regular: 'Lớp thường',
  specialised: 'Lớp chuyên',
  integrated: 'Lớp tích hợp',
};

/** dd/mm/yyyy from an ISO date. */
const day = (iso: string) => iso.slice(0, 10).split('-').reverse().join('/');
/** A personal ID as a printed receipt shows it: enough for the family to recognise, not to copy. */
export const maskedPersonalId = (id: string) =>
  `${id.slice(0, 3)}${'•'.repeat(Math.max(0, id.length - 6))}${id.slice(-3)}`;
/** The application's short reference (its id's first group), as the school and family quote it. */
export const applicationReference = (applicationId: string) => applicationId.slice(0, 8).toUpperCase();

export interface ReceiptFacts {
  applicationId: string;
  version: number;
  campaignName: string;
  grade: number;
  childName: string;
  dateOfBirth: string;
  gender: 'male' | 'female';
  personalId: string;
  address: string;
  /** Grade 10: the lower-secondary school that verifies it; grades 1 and 6: the catchment school. */
  schoolName: string;
  guardianName: string;
  relation: string;
  phone?: string;
  submittedAt: string;
  updatedAt: string;
  state: string;
  preferences: { schoolName: string; kind: string; paperName?: string }[];
  priorityGroup?: string;
}

export function receiptDocument(r: ReceiptFacts, now: Date): { title: string; blocks: Block[] } {
  const reference = applicationReference(r.applicationId);
  return {
    title: `Phiếu tiếp nhận hồ sơ tuyển sinh ${reference}`,
    blocks: [
      {
        kind: 'letterhead',
        governing: GOVERNING,
        issuer: ISSUER,
        number: `${reference}/PTN-TS${r.grade}`,
        place: PLACE,
        date: now,
      },
      { kind: 'space', lines: 2 },
      { kind: 'title', text: 'PHIẾU TIẾP NHẬN HỒ SƠ TUYỂN SINH' },
      { kind: 'centered', text: r.campaignName, bold: true },
      { kind: 'space' },
      { kind: 'field', label: 'Mã hồ sơ', value: `${reference} (lần cập nhật thứ ${r.version})` },
      { kind: 'field', label: 'Họ và tên học sinh', value: r.childName },
      { kind: 'field', label: 'Ngày sinh', value: day(r.dateOfBirth) },
      { kind: 'field', label: 'Giới tính', value: r.gender === 'male' ? 'Nam' : 'Nữ' },
      { kind: 'field', label: 'Số định danh cá nhân', value: maskedPersonalId(r.personalId) },
      { kind: 'field', label: 'Nơi cư trú', value: r.address },
      {
        kind: 'field',
        label: r.grade === 10 ? 'Trường THCS xác nhận hồ sơ' : 'Trường đăng ký theo tuyến',
        value: r.schoolName,
      },
      {
        kind: 'field',
        label: 'Người nộp',
        value: `${r.guardianName} (${RELATIONS[r.relation] ?? r.relation})`,
      },
      ...(r.phone ? [{ kind: 'field', label: 'Điện thoại liên hệ', value: r.phone } as Block] : []),
      ...(r.priorityGroup
        ? [{ kind: 'field', label: 'Đối tượng ưu tiên', value: r.priorityGroup } as Block]
        : []),
      { kind: 'field', label: 'Nộp lúc', value: cityTime(r.submittedAt) },
      ...(r.updatedAt !== r.submittedAt
        ? [{ kind: 'field', label: 'Cập nhật lần cuối', value: cityTime(r.updatedAt) } as Block]
        : []),
      { kind: 'field', label: 'Tình trạng', value: STATES[r.state] ?? r.state },
      ...(r.preferences.length
        ? ([
            { kind: 'space' },
            { kind: 'paragraph', text: 'Nguyện vọng đăng ký:', bold: true },
            {
              kind: 'table',
              columns: [
                { header: 'NV', width: 40 },
                { header: 'Trường', width: 290 },
                { header: 'Loại lớp', width: 145 },
              ],
              rows: r.preferences.map((p, i) => [
                String(i + 1),
                p.schoolName,
                `${KINDS[p.kind] ?? p.kind}${p.paperName ? ` (${p.paperName})` : ''}`,
              ]),
            },
          ] as Block[])
        : []),
      { kind: 'space' },
      {
        kind: 'paragraph',
        text:
          'Phiếu được cấp tự động từ Cổng tuyển sinh trực tuyến và ghi nhận hồ sơ đúng như tại thời điểm in. ' +
          'Gia đình theo dõi tình trạng hồ sơ và kết quả tại mục “Tuyển sinh đầu cấp” trên cổng; ' +
          'mọi thay đổi đều được ghi nhật ký.',
      },
    ],
  };
}

export interface TicketFacts {
  applicationId: string;
  campaignName: string;
  candidateNumber: string;
  childName: string;
  dateOfBirth: string;
  gender: 'male' | 'female';
  lowerSecondaryName: string;
  councilName: string;
  room: number;
  seat: number;
  papers: string[];
}

export const roomLabel = (room: number) => String(room).padStart(3, '0');

export function ticketDocument(t: TicketFacts, now: Date): { title: string; blocks: Block[] } {
  return {
    title: `Giấy báo dự thi ${t.candidateNumber}`,
    blocks: [
      {
        kind: 'letterhead',
        governing: GOVERNING,
        issuer: ISSUER,
        number: `${t.candidateNumber}/GBDT`,
        place: PLACE,
        date: now,
      },
      { kind: 'space', lines: 2 },
      { kind: 'title', text: 'GIẤY BÁO DỰ THI' },
      { kind: 'centered', text: t.campaignName, bold: true },
      { kind: 'space' },
      { kind: 'field', label: 'Số báo danh', value: t.candidateNumber },
      { kind: 'field', label: 'Họ và tên thí sinh', value: t.childName },
      { kind: 'field', label: 'Ngày sinh', value: day(t.dateOfBirth) },
      { kind: 'field', label: 'Giới tính', value: t.gender === 'male' ? 'Nam' : 'Nữ' },
      { kind: 'field', label: 'Học sinh trường', value: t.lowerSecondaryName },
      { kind: 'field', label: 'Hội đồng thi', value: t.councilName },
      { kind: 'field', label: 'Phòng thi', value: `${roomLabel(t.room)}, chỗ ngồi số ${t.seat}` },
      { kind: 'field', label: 'Bài thi', value: t.papers.join(', ') },
      { kind: 'space' },
      {
        kind: 'paragraph',
        text:
          'Thí sinh mang theo giấy báo dự thi và căn cước (hoặc giấy tờ tùy thân có ảnh), có mặt tại hội đồng thi ' +
          'trước giờ thi theo lịch Sở công bố. Thí sinh không mang điện thoại và thiết bị thu phát vào phòng thi.',
      },
      { kind: 'space' },
      {
        kind: 'signoff',
        recipients: ['Thí sinh', 'Hội đồng thi'],
        capacity: [ISSUER],
        name: '(Cấp tự động từ Cổng tuyển sinh)',
      },
    ],
  };
}

export interface RoomListFacts {
  campaignName: string;
  councilName: string;
  rooms: {
    room: number;
    candidates: {
      seat: number;
      candidateNumber: string;
      childName: string;
      dateOfBirth: string;
      schoolName: string;
    }[];
  }[];
}

/** A council's room lists: one room a page, candidates by seat, a column to sign at each paper. */
export function roomListDocument(l: RoomListFacts, now: Date): { title: string; blocks: Block[] } {
  return {
    title: `Danh sách thí sinh theo phòng thi – ${l.councilName}`,
    blocks: l.rooms.flatMap((r, i): Block[] => [
      ...(i > 0 ? [{ kind: 'page-break' } as Block] : []),
      {
        kind: 'letterhead',
        governing: ISSUER,
        issuer: `HỘI ĐỒNG THI ${l.councilName.toLocaleUpperCase('vi-VN')}`,
        number: `Phòng thi ${roomLabel(r.room)}`,
        place: PLACE,
        date: now,
      },
      { kind: 'space' },
      { kind: 'title', text: 'DANH SÁCH THÍ SINH' },
      { kind: 'centered', text: `${l.campaignName} – Phòng thi ${roomLabel(r.room)}`, bold: true },
      { kind: 'space' },
      {
        kind: 'table',
        columns: [
          { header: 'Chỗ', width: 32, align: 'right' },
          { header: 'Số báo danh', width: 70 },
          { header: 'Họ và tên', width: 140 },
          { header: 'Ngày sinh', width: 66 },
          { header: 'Trường THCS', width: 112 },
          { header: 'Ký tên', width: 55 },
        ],
        rows: r.candidates.map((c) => [
          String(c.seat),
          c.candidateNumber,
          c.childName,
          day(c.dateOfBirth),
          c.schoolName,
          '',
        ]),
      },
      { kind: 'space' },
      {
        kind: 'paragraph',
        text: `Số thí sinh của phòng: ${r.candidates.length}. Số có mặt: ……  Số vắng: ……`,
      },
      {
        kind: 'signatures',
        left: { title: 'Cán bộ coi thi 1', name: '' },
        right: { title: 'Cán bộ coi thi 2', name: '' },
      },
    ]),
  };
}
