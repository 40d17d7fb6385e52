/** What the professional records context says to people (codes: shared/text/texts.ts). */
import { defineTexts } from '#shared/text/texts.ts';

/** Who writes a kind of record, as a word of each language. */
export const AUTHOR_WORDS = {
  'school-board': { vi: 'Ban giám hiệu', en: 'school board' },
  'group-leader': { vi: 'tổ trưởng chuyên môn', en: 'subject group leader' },
  teacher: { vi: 'giáo viên', en: 'teacher' },
} as const;

/** An ISO day as each language writes it: 31/07/2027 and 2027-07-31. */
export const dayWords = (iso: string) => ({ vi: iso.split('-').reverse().join('/'), en: iso });

export const recordText = defineTexts('records', {
  // Writing a record
  'belongs-to-school': {
    en: 'Professional records belong to a school.',
    vi: 'Hồ sơ chuyên môn thuộc về một trường: hãy chọn trường.',
  },
  'not-a-school': { en: 'Not a school', vi: 'Không phải trường' },
  'name-group': {
    en: 'Name the subject group this record belongs to.',
    vi: 'Hãy chọn tổ chuyên môn của hồ sơ này.',
  },
  'not-group-of-school': {
    en: 'Not a subject group of this school.',
    vi: 'Không phải tổ chuyên môn của trường này.',
  },
  'only-author-writes': {
    en: 'Only the {author} writes this record.',
    vi: 'Chỉ {author} mới lập hồ sơ này.',
  },
  'lessons-required': {
    en: 'A teacher’s plan lists its lessons.',
    vi: 'Kế hoạch giáo dục của giáo viên phải liệt kê các bài dạy.',
  },
  'name-lesson': { en: 'Name the lesson and its date.', vi: 'Hãy ghi bài dạy và ngày dạy.' },
  'one-lesson-per-plan': {
    en: 'A lesson plan covers exactly one lesson or topic: one file per lesson.',
    vi: 'Mỗi kế hoạch bài dạy chỉ dành cho một bài học hoặc một chủ đề: mỗi bài một tệp.',
  },
  'lesson-not-planned': {
    en: 'The lesson is not in your approved teaching plan.',
    vi: 'Bài dạy không có trong kế hoạch giáo dục đã được phê duyệt của bạn.',
  },
  'lesson-already-planned': {
    en: 'That lesson already has a lesson plan: submit a new version of it instead.',
    vi: 'Bài dạy này đã có kế hoạch bài dạy: hãy nộp phiên bản mới của kế hoạch đó.',
  },
  // Its file and its submission
  stale: {
    en: 'The record changed since you opened it.',
    vi: 'Hồ sơ đã được thay đổi sau khi bạn mở: hãy tải lại hồ sơ rồi thực hiện lại.',
  },
  'only-author-uploads': {
    en: 'Only the author uploads the record’s file.',
    vi: 'Chỉ người lập hồ sơ mới được tải lên tệp của hồ sơ.',
  },
  'with-approvers': {
    en: 'The record is with its approvers: a new version follows a return.',
    vi: 'Hồ sơ đang được xét duyệt: chỉ nộp phiên bản mới sau khi hồ sơ bị trả lại.',
  },
  'only-author-submits': {
    en: 'Only the author submits the record.',
    vi: 'Chỉ người lập hồ sơ mới được nộp hồ sơ.',
  },
  'already-submitted': { en: 'The record is already submitted.', vi: 'Hồ sơ đã được nộp.' },
  'new-version-needed': {
    en: 'Submit a new version: upload the file again.',
    vi: 'Hãy nộp phiên bản mới: tải tệp lên lại.',
  },
  'not-new-version': { en: 'Not a new version', vi: 'Không phải phiên bản mới' },
  'file-not-uploaded': {
    en: 'The file of this version was not uploaded.',
    vi: 'Tệp của phiên bản này chưa được tải lên: hãy tải tệp lên rồi nộp lại.',
  },
  'not-uploaded': { en: 'Not uploaded', vi: 'Chưa tải lên' },
  'file-too-large': { en: 'The file is larger than {limit}.', vi: 'Tệp lớn hơn {limit}.' },
  'too-large': { en: 'Too large', vi: 'Tệp quá lớn' },
  'wrong-type': {
    en: 'The uploaded file is not of the type announced.',
    vi: 'Tệp đã tải lên không đúng loại tệp đã khai báo.',
  },
  'uploaded-as': { en: 'Uploaded as {type}', vi: 'Tệp tải lên có loại {type}' },
  // Decisions
  'not-waiting': {
    en: 'Only a submitted record waits for a decision.',
    vi: 'Chỉ hồ sơ đã nộp mới chờ quyết định.',
  },
  'not-your-step': {
    en: 'This step is not yours to decide.',
    vi: 'Bạn không phải người quyết định ở bước này.',
  },
  'no-supervisor': {
    en: 'The school’s levels are not in its approved profile in the education database, so the plan has no supervising authority to go to: have the profile approved first.',
    vi: 'Hồ sơ trường đã phê duyệt trong cơ sở dữ liệu giáo dục chưa có cấp học của trường nên kế hoạch chưa có cơ quan quản lý để gửi đến: hãy đề nghị phê duyệt hồ sơ trường trước.',
  },
  // Deadlines
  'deadline-setters': {
    en: 'Deadlines are set by the Department or by a school.',
    vi: 'Hạn nộp do Sở hoặc nhà trường đặt.',
  },
  'department-or-school': { en: 'The Department or a school', vi: 'Phải là Sở hoặc một trường' },
  'date-in-year': {
    en: 'The date must fall within the school year.',
    vi: 'Ngày phải nằm trong năm học.',
  },
  between: { en: 'Between {from} and {to}', vi: 'Từ {from} đến {to}' },
  'lesson-plan-no-deadline': {
    en: 'A lesson plan is due before its lesson.',
    vi: 'Kế hoạch bài dạy phải hoàn thành trước buổi dạy, không đặt hạn nộp chung.',
  },
  'no-fixed-date': { en: 'Has no fixed date', vi: 'Không có hạn cố định' },
  // Signatures
  'no-signature': {
    en: 'No signed document has this verification code.',
    vi: 'Không có văn bản đã ký nào mang mã xác thực này.',
  },
  'no-signed-file': {
    en: 'No signed document matches this file.',
    vi: 'Không tìm thấy văn bản đã ký nào trùng với tệp này.',
  },
  'duplicate-lesson': {
    en: 'Two lessons of the plan have the same id.',
    vi: 'Hai bài trong kế hoạch trùng mã.',
  },
  'file-gone': {
    en: 'The file of version {version} is no longer there: not signed',
    vi: 'Không còn tệp của phiên bản {version}: không ký',
  },
  'file-changed': {
    en: 'The file of version {version} is no longer the file submitted (its SHA-256 differs from the one recorded then): not signed',
    vi: 'Tệp của phiên bản {version} không còn đúng tệp đã nộp (SHA-256 khác với lúc nộp): không ký',
  },
  'signing-not-configured': {
    en: 'No signing service is configured for this deployment, so the file was not signed: tell the system administrator',
    vi: 'Hệ thống chưa được cấu hình dịch vụ ký số nên hồ sơ chưa được ký: hãy báo quản trị hệ thống',
  },
});
