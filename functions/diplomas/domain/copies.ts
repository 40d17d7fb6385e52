/**
 * Copies from the register (bản sao văn bằng từ sổ gốc), pure: who may ask (the holder, a
 * representative with an authorisation, an heir with the death certificate and proof of kinship —
 * each signed in with the national identity), the documents each must bring, the fee (the
 * Department's schedule, as data), the 5 working days the office has from a complete, paid request,
 * and the copy as printed: the register's entry, word for word, under the Department's signature.
 */
import type { Block } from '#shared/pdf/document.ts';
import type { Attestation } from '#shared/signing/registry.ts';
import { DIPLOMA_TYPE_NAMES, RANK_NAMES } from './kinds.ts';
import { printedFacts, type RegisterEntry, registerNumberText } from './register.ts';

export const COPY_RELATIONS = ['holder', 'representative', 'heir'] as const;
export type CopyRelation = (typeof COPY_RELATIONS)[number];

export const COPY_DOCUMENT_KINDS = ['authorisation', 'death-certificate', 'kinship'] as const;
export type CopyDocumentKind = (typeof COPY_DOCUMENT_KINDS)[number];

/** What each requester brings besides their verified identity. */
export const DOCUMENTS_NEEDED: Record<CopyRelation, readonly CopyDocumentKind[]> = {
  holder: [],
  representative: ['authorisation'],
  heir: ['death-certificate', 'kinship'],
};

/** The documents' names, as the copy and the office's screen print them. */
export const DOCUMENT_NAMES: Record<CopyDocumentKind, string> = {
  authorisation: 'Giấy uỷ quyền',
  'death-certificate': 'Giấy chứng tử của người được cấp văn bằng',
  kinship: 'Giấy tờ chứng minh quan hệ thừa kế',
};
export const RELATION_NAMES: Record<CopyRelation, string> = {
  holder: 'người được cấp văn bằng',
  representative: 'người đại diện theo uỷ quyền',
  heir: 'người thừa kế',
};

export const COPY_DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const MAX_COPY_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** The fee per copy, in đồng: the Department's schedule (data, not a rule). */
export const COPY_FEE_PER_COPY_VND = 20_000;
export const MAX_COPIES = 10;
export const feeOf = (copies: number) => copies * COPY_FEE_PER_COPY_VND;

/** The Department, as the copies and their signatures name it. */
export const DEPARTMENT_NAME = 'Sở Giáo dục và Đào tạo thành phố Hải Phòng';

/** Working days the office has from a complete, paid request. */
export const COPY_WORKING_DAYS = 5;

export const COPY_STATES = [
  // Waiting for the requester: documents, then the fee.
  'awaiting-documents',
  'awaiting-payment',
  // With the office, the clock running.
  'submitted',
  // Approved: the signed copy is being made.
  'approved',
  'issued',
  'refused',
] as const;
export type CopyState = (typeof COPY_STATES)[number];

/** A request still with the office past its due date (a city date, YYYY-MM-DD). */
export const isOverdue = (state: CopyState, dueOn: string | undefined, today: string) =>
  (state === 'submitted' || state === 'approved') && !!dueOn && today > dueOn;

/** The payment reference the requester's bank transfer or payment gateway carries. */
export const paymentReference = (requestId: string) =>
  `SGD-BS-${requestId.replace(/-/g, '').slice(0, 10).toUpperCase()}`;

const dmy = (iso: string) => (iso.length === 4 ? iso : iso.split('-').reverse().join('/'));

export interface CopyFacts {
  entry: RegisterEntry;
  requesterName: string;
  relation: CopyRelation;
  copies: number;
  /** The copy's number in the book of copies (its short verification code). */
  code: string;
  date: Date;
}

/**
 * What a signed document made from an entry attests on the public verification page: the facts
 * the diploma prints that identify it (never the birth date or place).
 */
export function entryAttestation(
  kind: 'diploma-copy' | 'digital-diploma',
  title: string,
  entry: RegisterEntry,
  more: Attestation['facts'] = [],
): Attestation {
  const facts = printedFacts(entry);
  return {
    kind,
    title: `${title}: ${facts.type}`,
    holder: facts.fullName,
    issuer: DEPARTMENT_NAME,
    facts: [
      { label: 'Số hiệu', value: facts.serial },
      { label: 'Số vào sổ cấp bằng', value: facts.registerNumber },
      { label: 'Năm tốt nghiệp', value: String(facts.graduationYear) },
      { label: 'Trường', value: facts.school },
      ...more,
    ],
  };
}

/** An entry's facts, label by label, as a copy and a digital diploma print them. */
export function entryFieldBlocks(e: RegisterEntry): Block[] {
  return [
    { kind: 'field', label: 'Họ và tên', value: e.holder.fullName },
    { kind: 'field', label: 'Ngày sinh', value: dmy(e.holder.birthDate) },
    ...(e.holder.placeOfBirth
      ? [{ kind: 'field' as const, label: 'Nơi sinh', value: e.holder.placeOfBirth }]
      : []),
    { kind: 'field', label: 'Giới tính', value: e.holder.gender === 'male' ? 'Nam' : 'Nữ' },
    { kind: 'field', label: 'Trường', value: e.school },
    ...(e.council ? [{ kind: 'field' as const, label: 'Hội đồng thi', value: e.council }] : []),
    { kind: 'field', label: 'Năm tốt nghiệp', value: String(e.graduationYear) },
    ...(e.rank ? [{ kind: 'field' as const, label: 'Xếp loại', value: RANK_NAMES[e.rank] }] : []),
    { kind: 'field', label: 'Số hiệu văn bằng', value: e.serial },
    { kind: 'field', label: 'Số vào sổ cấp bằng', value: registerNumberText(e) },
    { kind: 'field', label: 'Ngày cấp', value: dmy(e.issuedOn) },
  ];
}

/** The copy as printed: letterhead, title, the entry's facts as the register holds them, and for whom. */
export function copyBlocks(c: CopyFacts): Block[] {
  const e = c.entry;
  return [
    {
      kind: 'letterhead',
      governing: 'ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG',
      issuer: 'SỞ GIÁO DỤC VÀ ĐÀO TẠO',
      number: `${c.code}/SY-SGDĐT`,
      place: 'Hải Phòng',
      date: c.date,
    },
    { kind: 'space', lines: 1 },
    { kind: 'title', text: 'BẢN SAO VĂN BẰNG TỪ SỔ GỐC' },
    { kind: 'centered', text: DIPLOMA_TYPE_NAMES[e.type], bold: true },
    { kind: 'space' },
    ...entryFieldBlocks(e),
    { kind: 'space' },
    {
      kind: 'paragraph',
      text:
        `Bản sao này được cấp từ sổ gốc cấp văn bằng do Sở Giáo dục và Đào tạo lưu giữ, theo yêu cầu của ` +
        `${c.requesterName} (${RELATION_NAMES[c.relation]}); số bản: ${c.copies}. Bản sao cấp từ sổ gốc có ` +
        'giá trị sử dụng thay cho bản chính. Kiểm tra chữ ký số và nội dung bằng mã ở chân trang.',
    },
    {
      kind: 'signoff',
      recipients: ['Người yêu cầu', 'Lưu: VT, sổ cấp bản sao'],
      capacity: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'],
      name: '(Đã ký số)',
    },
  ];
}
