/** What the education database says to people about their records (codes: shared/text/texts.ts). */
import { codedIssue as sharedCodedIssue, textOfIssue } from '#shared/text/issues.ts';
import { type CodedText, defineTexts } from '#shared/text/texts.ts';

/** The kinds of unit that own records. */
export const OWNER_WORDS = {
  department: { vi: 'Sở', en: 'department' },
  school: { vi: 'trường', en: 'school' },
} as const;

export const eduText = defineTexts('edu-data', {
  // Records and their life
  'no-record': { en: 'No record {id}.', vi: 'Không có hồ sơ {id}.' },
  'invalid-data': {
    en: 'The {kind} data has invalid values.',
    vi: 'Dữ liệu {kind} có giá trị không hợp lệ: hãy sửa các mục được đánh dấu.',
  },
  stale: {
    en: 'The record changed since you opened it. Reload it and apply your change again.',
    vi: 'Hồ sơ đã được thay đổi sau khi bạn mở: hãy tải lại hồ sơ và thực hiện lại thay đổi của mình.',
  },
  duplicate: {
    en: 'A {kind} record with this key already exists.',
    vi: 'Đã có hồ sơ {kind} với cùng mã này.',
  },
  'key-taken': { en: 'Already used by another record', vi: 'Đã được dùng cho một hồ sơ khác' },
  'owner-kind': {
    en: 'Only a {wanted} keeps {kind} records, and {unit} is not one.',
    vi: 'Chỉ {wanted} mới quản lý hồ sơ {kind}; {unit} không phải loại đơn vị này.',
  },
  'must-be': { en: 'Must be a {wanted}', vi: 'Phải là {wanted}' },
  'class-not-of-school': {
    en: 'The class is not a class of this school.',
    vi: 'Lớp đã chọn không thuộc trường này.',
  },
  'not-a-class-here': { en: 'Not a class of this school', vi: 'Không phải lớp của trường này' },
  'no-class-here': { en: 'No such class here.', vi: 'Không có lớp này tại đơn vị.' },
  'personal-id-fixed': {
    en: 'A learner’s personal ID never changes once entered.',
    vi: 'Số định danh cá nhân của học sinh không thay đổi sau khi đã nhập.',
  },
  'cannot-change': { en: 'Cannot be changed', vi: 'Không được thay đổi' },
  'learners-not-deleted': {
    en: 'Learner records are never deleted: set the learner’s status (transferred, dropped out…) instead.',
    vi: 'Hồ sơ học sinh không bị xoá: hãy cập nhật tình trạng của học sinh (chuyển trường, thôi học…).',
  },
  'results-from-gradebook': {
    en: 'Learning results are not typed: they come from the grade book once its books are locked.',
    vi: 'Kết quả học tập không nhập tay: kết quả được lấy từ sổ điểm sau khi khoá sổ.',
  },
  'only-learners-transfer': {
    en: 'Only learners are transferred.',
    vi: 'Chỉ học sinh mới được chuyển trường.',
  },
  'already-at-school': {
    en: 'The learner is already at this school.',
    vi: 'Học sinh đang học tại trường này.',
  },
  'same-school': { en: 'Same school', vi: 'Trùng với trường hiện tại' },
  'no-school': { en: 'No such school.', vi: 'Không có trường này.' },
  'unknown-school': { en: 'Unknown school', vi: 'Không có trường với mã này' },
  // The approval workflow
  'edit-while-waiting': {
    en: 'The record is waiting for approval; it can be edited once the commune approves or returns it',
    vi: 'Hồ sơ đang chờ phê duyệt: chỉ sửa được sau khi xã, phường phê duyệt hoặc trả lại',
  },
  'already-cancelled': { en: 'The record was cancelled', vi: 'Hồ sơ đã bị huỷ' },
  'already-waiting': {
    en: 'The record is already waiting for approval',
    vi: 'Hồ sơ đã được gửi và đang chờ phê duyệt',
  },
  'nothing-to-submit': {
    en: 'The record has no changes since it was approved',
    vi: 'Hồ sơ không có thay đổi nào kể từ khi được phê duyệt',
  },
  'approve-not-submitted': {
    en: 'Only a record waiting for approval can be approved',
    vi: 'Chỉ phê duyệt được hồ sơ đang chờ phê duyệt',
  },
  'return-not-submitted': {
    en: 'Only a record waiting for approval can be returned',
    vi: 'Chỉ trả lại được hồ sơ đang chờ phê duyệt',
  },
  // Learners' data
  'personal-id-format': { en: 'Must be exactly 12 digits', vi: 'Phải gồm đúng 12 chữ số' },
  'personal-id-province': {
    en: 'The first 3 digits are not a province code',
    vi: '3 chữ số đầu không phải mã tỉnh, thành phố nơi đăng ký khai sinh',
  },
  'personal-id-birth-year': {
    en: 'Digits 5–6 do not match the year of birth',
    vi: 'Chữ số thứ 5–6 không khớp với năm sinh',
  },
  'personal-id-century-gender': {
    en: 'Digit 4 does not match the gender and century of birth',
    vi: 'Chữ số thứ 4 không khớp với giới tính và thế kỷ sinh',
  },
  'dropout-reason-required': {
    en: 'Required when the learner dropped out',
    vi: 'Bắt buộc khi học sinh thôi học',
  },
  'school-year-dates': {
    en: 'The dates must follow each other: start, end of semester 1, end',
    vi: 'Các ngày phải theo thứ tự: ngày bắt đầu, ngày kết thúc học kỳ I, ngày kết thúc năm học',
  },
  // Corrections asked by learners and guardians
  'correction-pending': {
    en: 'A request about this part of the record is already waiting for the school’s answer.',
    vi: 'Đã có một đề nghị sửa mục này của hồ sơ đang chờ nhà trường trả lời.',
  },
  'correction-answered': {
    en: 'This request has already been answered.',
    vi: 'Đề nghị này đã được trả lời.',
  },
  // Lists and the national feed
  'city-search-short': {
    en: 'City-wide lists need at least two letters of the name.',
    vi: 'Danh sách toàn thành phố cần ít nhất hai chữ cái của tên: hãy nhập thêm.',
  },
  'two-letters': { en: 'At least 2 letters', vi: 'Ít nhất 2 chữ cái' },
  'bad-cursor': {
    en: 'The cursor is not one this feed gave out.',
    vi: 'Con trỏ (cursor) không phải do luồng dữ liệu này cấp.',
  },
  'invalid-cursor': { en: 'Invalid cursor', vi: 'Con trỏ không hợp lệ' },
  'since-or-cursor': {
    en: 'Start from a time (since) or continue from a cursor.',
    vi: 'Hãy cho thời điểm bắt đầu (since) hoặc con trỏ (cursor) để đọc tiếp.',
  },
  'since-required': { en: 'Required without a cursor', vi: 'Bắt buộc khi không có con trỏ (cursor)' },
  // Spreadsheet imports
  'import-into-school': {
    en: 'Spreadsheets are imported into one school.',
    vi: 'Mỗi bảng tính chỉ nhập vào một trường.',
  },
  'entered-by-form': {
    en: 'This kind is entered through its form.',
    vi: 'Loại hồ sơ này được nhập qua biểu mẫu, không nhập từ bảng tính.',
  },
  'not-importable': { en: 'Not importable', vi: 'Không nhập từ bảng tính' },
  'missing-headers': {
    en: 'The first row must hold the template’s headers ({headers})',
    vi: 'Dòng đầu tiên phải là dòng tiêu đề của tệp mẫu ({headers}): hãy dùng tệp mẫu của hệ thống',
  },
  'whole-number': { en: 'Must be a whole number', vi: 'Phải là số nguyên' },
  number: { en: 'Must be a number', vi: 'Phải là số' },
  'date-dmy': { en: 'Must be a date (dd/mm/yyyy)', vi: 'Phải là ngày theo dạng ngày/tháng/năm (dd/mm/yyyy)' },
  'yes-no': { en: 'Must be Có or Không', vi: 'Phải ghi Có hoặc Không' },
  'one-of': { en: 'Must be one of: {choices}', vi: 'Phải là một trong các giá trị: {choices}' },
  'list-item': { en: '“{value}”: {problem}', vi: '“{value}”: {problem}' },
  'no-class-code': { en: 'No class with this code in the school', vi: 'Trường không có lớp với mã này' },
  'same-key-earlier-row': {
    en: 'Same key as an earlier row of this file',
    vi: 'Trùng mã với một dòng phía trên trong tệp',
  },
  'belongs-elsewhere': {
    en: 'This {kind} record belongs to another school; ask for a transfer instead',
    vi: 'Hồ sơ {kind} này đang thuộc trường khác: hãy làm thủ tục chuyển trường',
  },
  'changed-during-import': {
    en: 'The record changed while the file was imported; import it again',
    vi: 'Hồ sơ đã bị thay đổi trong lúc nhập tệp: hãy nhập lại tệp',
  },
});

/** A record schema's own rule as a zod issue with a coded message, at `path` (shared/text/issues.ts). */
export const codedIssue = (path: PropertyKey[], text: CodedText) => ({
  code: 'custom' as const,
  path,
  ...sharedCodedIssue(text),
});

/** The coded message of a zod issue raised by codedIssue. */
export const issueText = textOfIssue;
