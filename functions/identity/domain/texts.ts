/** What the identity context says to people about their data (codes: shared/text/texts.ts). */
import { ROLE_LABELS, type Role } from '#shared/auth/permissions.ts';
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

const ROLE_NAMES_EN: Record<Role, string> = {
  'department-admin': 'Department administrator',
  'department-leader': 'Department leader',
  'department-specialist': 'Department specialist',
  'commune-admin': 'commune administrator',
  'commune-officer': 'commune officer',
  'school-leader': 'school leader',
  'school-data-officer': 'school data officer',
  'diploma-officer': 'diploma officer',
  'diploma-keyer': 'diploma keyer',
  librarian: 'librarian',
  'group-leader': 'subject group leader',
  teacher: 'teacher',
  staff: 'staff member',
  student: 'learner',
  parent: 'parent',
  citizen: 'citizen',
};

/** A role as a word of each language: the portal's Vietnamese label, an English name. */
export const ROLE_WORDS = Object.fromEntries(
  Object.entries(ROLE_LABELS).map(([role, vi]) => [role, { vi, en: ROLE_NAMES_EN[role as Role] }]),
) as Record<Role, { vi: string; en: string }>;

/** Words of a list in each language: “a, b or c”. */
export function wordList(words: readonly { vi: string; en: string }[]) {
  const join = (items: string[], or: string) =>
    items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${or} ${items.at(-1)}`;
  return {
    vi: join(
      words.map((w) => w.vi),
      'hoặc',
    ),
    en: join(
      words.map((w) => w.en),
      'or',
    ),
  };
}

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
  // Accounts
  'no-account': { en: 'No account {id}.', vi: 'Không có tài khoản {id}.' },
  'no-account-match': { en: 'No account matches.', vi: 'Không tìm thấy tài khoản phù hợp.' },
  'values-taken': {
    en: 'Another account already uses these values.',
    vi: 'Thông tin này đã được dùng cho một tài khoản khác.',
  },
  'used-by-another-account': {
    en: 'Already used by another account',
    vi: 'Đã được dùng cho một tài khoản khác',
  },
  'account-disabled': {
    en: 'That account is disabled.',
    vi: 'Tài khoản này đã bị khoá: hãy mở lại tài khoản trước khi giao vai trò.',
  },
  // Roles and their delegation
  'role-held': {
    en: 'The account already holds this role on this unit.',
    vi: 'Tài khoản đã có vai trò này tại đơn vị này.',
  },
  'no-assignment': { en: 'No such role assignment.', vi: 'Không có phân công vai trò này.' },
  'revocation-too-large': {
    en: '{count} assignments hang from this one; revoke the ones granted through it first (at most {max} at once).',
    vi: 'Có {count} phân công vai trò gắn với phân công này: hãy thu hồi trước các vai trò đã được giao qua nó (mỗi lần tối đa {max}).',
  },
  'may-not-grant': {
    en: 'You may not grant this role: {reason}.',
    vi: 'Bạn không được giao vai trò này: {reason}.',
  },
  'grant-outside-scope': {
    en: 'your role {grantor} at {scope} does not cover {target}',
    vi: 'vai trò {grantor} của bạn tại {scope} không bao gồm đơn vị {target}',
  },
  'grant-not-delegable': {
    en: 'a {grantor} may not grant the role {role}',
    vi: 'vai trò {grantor} không được giao vai trò {role}',
  },
  'grant-wrong-kind': {
    en: 'the role {role} is granted on a {kinds}, not on a {kind}',
    vi: 'vai trò {role} chỉ được giao tại {kinds}, không giao tại {kind}',
  },
  'grant-more-than-held': {
    en: 'the role {role} carries {permissions}, which {grantor} lacks',
    vi: 'vai trò {role} có các quyền {permissions} mà vai trò {grantor} không có',
  },
  'specialist-needs-subject': {
    en: 'a Department specialist needs the subject they cover',
    vi: 'cần ghi môn học mà chuyên viên Sở phụ trách',
  },
  'no-granting-role': {
    en: 'you hold no role that may grant roles',
    vi: 'bạn không có vai trò nào được phép giao vai trò',
  },
  // The audit trail
  'audit-scope': {
    en: 'The audit trail is kept per commune and for the whole city.',
    vi: 'Nhật ký thay đổi được lưu cho từng xã, phường, đặc khu và cho toàn thành phố.',
  },
  'audit-scope-unit': {
    en: 'Choose the department or a commune, ward or special zone',
    vi: 'Hãy chọn Sở hoặc một xã, phường, đặc khu',
  },
  'range-too-long': {
    en: 'At most {max} days in one export',
    vi: 'Mỗi lần xuất tối đa {max} ngày: hãy chọn khoảng thời gian ngắn hơn',
  },
  'start-after-end': { en: 'The start date is after the end date', vi: 'Ngày bắt đầu sau ngày kết thúc' },
  // Handovers of commune admin accounts
  'handover-unit': {
    en: 'Handovers are recorded for communes, wards, special zones and offices.',
    vi: 'Việc bàn giao chỉ được ghi nhận cho xã, phường, đặc khu và phòng.',
  },
  'not-commune-level': { en: 'Not a commune-level unit', vi: 'Không phải đơn vị cấp xã' },
  'handover-by-level-above': {
    en: 'The handover of a commune admin account is recorded by the level above the commune.',
    vi: 'Việc bàn giao tài khoản quản trị cấp xã do cấp trên của xã ghi nhận.',
  },
  'handover-needs-role': {
    en: 'Grant {account} the commune admin role on {unit} before handing the account over.',
    vi: 'Hãy giao vai trò Quản trị cấp xã tại {unit} cho tài khoản {account} trước khi bàn giao.',
  },
  // Links between accounts and people of the education database
  'no-person-match': {
    en: 'No learner or staff member matches these details, or you are not recorded for them.',
    vi: 'Không tìm thấy học sinh, cán bộ hoặc giáo viên khớp với thông tin này, hoặc hồ sơ chưa ghi nhận bạn: hãy kiểm tra lại thông tin hoặc liên hệ nhà trường.',
  },
  'under-14': {
    en: 'Learners under 14 use the platform through a parent’s or guardian’s account.',
    vi: 'Học sinh dưới 14 tuổi sử dụng hệ thống qua tài khoản của cha mẹ hoặc người giám hộ.',
  },
  'no-verified-id': {
    en: 'Your account has no verified personal ID: sign in with the national identity (VNeID), or use the code your school gave you.',
    vi: 'Tài khoản của bạn chưa có số định danh cá nhân đã xác thực: hãy đăng nhập bằng định danh điện tử VNeID, hoặc dùng mã liên kết do nhà trường cấp.',
  },
  'already-linked': {
    en: 'Your account is already linked to this learner.',
    vi: 'Tài khoản của bạn đã được liên kết với học sinh này.',
  },
  'link-code-format': {
    en: 'A link code is 12 letters and digits, as printed: ABCD-EFGH-JKMN.',
    vi: 'Mã liên kết gồm 12 chữ và số, như in trên phiếu: ABCD-EFGH-JKMN.',
  },
  'link-code-field': {
    en: '12 letters and digits, as on the slip',
    vi: 'Mã liên kết gồm 12 chữ và số, như trên phiếu',
  },
});
