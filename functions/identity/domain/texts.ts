/** What the identity context says to people about their data (codes: shared/text/texts.ts). */
import { defineTexts } from '#shared/text/texts.ts';
import type { OrgUnitKind } from './delegation.ts';

/** A unit kind as a word of each language, for messages that name one. */
export const KIND_WORDS: Record<OrgUnitKind, { vi: string; en: string }> = {
  department: { vi: 'Sở', en: 'department' },
  office: { vi: 'phòng', en: 'office' },
  ward: { vi: 'phường', en: 'ward' },
  commune: { vi: 'xã', en: 'commune' },
  'special-zone': { vi: 'đặc khu', en: 'special zone' },
  school: { vi: 'trường', en: 'school' },
  'subject-group': { vi: 'tổ chuyên môn', en: 'subject group' },
};

export const identityText = defineTexts('identity', {
  'sheet-empty': { en: 'The sheet is empty', vi: 'Bảng tính không có dữ liệu' },
  'missing-column': { en: 'Missing column', vi: 'Thiếu cột này' },
  'unknown-kind': {
    en: 'Unknown kind “{value}”',
    vi: 'Không có loại đơn vị “{value}”: ghi Sở, Phòng, Xã, Phường, Đặc khu, Trường hoặc Tổ chuyên môn',
  },
  required: { en: 'Required', vi: 'Bắt buộc' },
  'no-units': { en: 'No units in the sheet', vi: 'Bảng tính không có đơn vị nào' },
  'too-many-units': { en: 'At most {max} units in one file', vi: 'Mỗi tệp tối đa {max} đơn vị' },
  'twice-in-file': { en: 'Appears twice in the file', vi: 'Xuất hiện hai lần trong tệp' },
  'no-parent': {
    en: 'No such unit, and none earlier in the file',
    vi: 'Không có đơn vị này, kể cả ở các dòng trước trong tệp',
  },
  'outside-root': {
    en: 'Outside {root}, where this import applies',
    vi: 'Nằm ngoài {root}, đơn vị mà lần nhập này áp dụng',
  },
  'kind-not-under': { en: 'A {parent} cannot contain a {child}', vi: 'Trong {parent} không thể có {child}' },
  'kind-not-under-detail': {
    en: 'A {parent} cannot contain a {child}.',
    vi: 'Trong {parent} không thể có {child}.',
  },
  'rows-rejected': {
    en: '{count} row(s) cannot be imported; nothing was written.',
    vi: '{count} dòng không nhập được; chưa có gì được ghi.',
  },
  'under-itself': { en: 'A unit cannot move under itself.', vi: 'Không thể chuyển một đơn vị vào chính nó.' },
  'already-there': { en: 'The unit is already there.', vi: 'Đơn vị đã ở đó.' },
  'no-unit': { en: 'No organisation unit {id}.', vi: 'Không có đơn vị {id}.' },
  'id-taken': { en: 'The id {id} is taken.', vi: 'Mã định danh {id} đã được dùng.' },
  'subtree-too-large': {
    en: 'More than {max} units hang from this one; move its parts first.',
    vi: 'Đơn vị này có hơn {max} đơn vị trực thuộc: hãy chuyển từng phần trước.',
  },
  'not-allowed-under': { en: 'Not allowed under a {parent}', vi: 'Không được đặt trong {parent}' },
  'exists-elsewhere': {
    en: 'The unit exists under another parent: move it instead',
    vi: 'Đơn vị đã có ở nơi khác: hãy dùng chức năng chuyển đơn vị',
  },
  'exists-as': { en: 'The unit exists as a {kind}', vi: 'Đơn vị đã có với loại {kind}' },
});
