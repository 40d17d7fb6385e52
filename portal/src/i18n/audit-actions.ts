/**
 * Audit actions in words ("Phê duyệt hồ sơ dữ liệu ngành"), never their codes
 * (`edu-record.approve`): a code is `<thing>.<verb>`, each half said in the interface language.
 * A code whose halves are not known reads "Thao tác khác"; the page keeps the code in a tooltip
 * for the administrator looking for it.
 */
import { lang } from './index.ts';

type Words = readonly [vi: string, en: string];

const THINGS: Record<string, Words> = {
  account: ['tài khoản', 'account'],
  'admission-application': ['hồ sơ tuyển sinh', 'admission application'],
  'admission-campaign': ['kỳ tuyển sinh', 'admissions campaign'],
  'admission-catchment': ['phân tuyến tuyển sinh', 'admission catchment'],
  'admission-programme': ['chỉ tiêu tuyển sinh của trường', 'school’s admission places'],
  announcement: ['thông báo', 'announcement'],
  'bdtx-plan': ['kế hoạch bồi dưỡng thường xuyên', 'professional development plan'],
  'course-module': ['mô-đun bồi dưỡng thường xuyên', 'professional development module'],
  curriculum: ['kế hoạch dạy học', 'curriculum'],
  diploma: ['văn bằng', 'diploma'],
  'diploma-register': ['sổ gốc văn bằng', 'diploma register'],
  'diploma-scan': ['lô số hoá văn bằng', 'diploma digitisation batch'],
  'diploma-copy': ['yêu cầu cấp bản sao văn bằng', 'request for a diploma copy'],
  'diploma-authority': ['hệ thống tra cứu văn bằng của cơ quan', 'authority’s diploma verification system'],
  'edu-record': ['hồ sơ dữ liệu ngành', 'education record'],
  'exam-paper': ['đề thi', 'exam paper'],
  'exam-session': ['ca thi', 'exam session'],
  gradebook: ['sổ điểm', 'grade book'],
  'grade-book': ['sổ điểm', 'grade book'],
  learner: ['hồ sơ người học', 'learner record'],
  'library-stocktake': ['đợt kiểm kê thư viện', 'library stock-taking'],
  'library-title': ['tài liệu thư viện', 'library title'],
  'library-copy': ['bản sách', 'library copy'],
  orgUnit: ['đơn vị', 'organisation unit'],
  student: ['hồ sơ học sinh', 'student record'],
  staff: ['hồ sơ cán bộ', 'staff record'],
  'library-interloan': ['mượn liên thư viện', 'inter-library loan'],
  'library-loan': ['lượt mượn sách', 'library loan'],
  notification: ['thông báo', 'notification'],
  orgunit: ['đơn vị', 'organisation unit'],
  'personal-data': ['dữ liệu cá nhân', 'personal data'],
  question: ['câu hỏi', 'question'],
  'record-deadline': ['hạn nộp hồ sơ', 'record deadline'],
  'professional-record': ['hồ sơ chuyên môn', 'professional record'],
  resource: ['học liệu', 'learning resource'],
  role: ['vai trò', 'role'],
  report: ['báo cáo', 'report'],
};

const VERBS: Record<string, Words> = {
  activate: ['Kích hoạt', 'Activate'],
  adopt: ['Chọn kết quả xét tuyển của', 'Adopt the allocation of'],
  approve: ['Phê duyệt', 'Approve'],
  'batch-create': ['Tạo', 'Create'],
  'bind-vneid': ['Liên kết VNeID với', 'Bind VNeID to'],
  'record-payment': ['Ghi nhận phí đã nộp của', 'Record the fee paid for'],
  cancel: ['Huỷ', 'Cancel'],
  consent: ['Đồng ý nhận', 'Consent to'],
  correct: ['Chỉnh sửa', 'Correct'],
  confirm: ['Xác nhận nhập học theo', 'Confirm the enrolment of'],
  'correct-key': ['Sửa đáp án', 'Correct the key of'],
  'correction-request': ['Đề nghị sửa', 'Ask to correct'],
  'correction-resolve': ['Trả lời đề nghị sửa', 'Answer a correction of'],
  create: ['Tạo', 'Create'],
  'credential-batch': ['Cấp văn bằng số hàng loạt cho', 'Issue digital diplomas at once for'],
  'credential-issue': ['Cấp văn bằng số cho', 'Issue a digital diploma of'],
  'credential-revoke': ['Thu hồi văn bằng số của', 'Revoke the digital diploma of'],
  'create-by-vneid': ['Tạo qua VNeID', 'Create through VNeID'],
  delete: ['Xoá', 'Delete'],
  enter: ['Nhập điểm vào', 'Enter scores in'],
  'explain-gap': ['Giải trình số bỏ trống của', 'Explain the skipped numbers of'],
  export: ['Tải xuống', 'Export'],
  finish: ['Kết thúc', 'Finish'],
  grant: ['Giao', 'Grant'],
  handover: ['Bàn giao', 'Hand over'],
  import: ['Nhập từ tệp', 'Import'],
  link: ['Liên kết', 'Link'],
  lock: ['Khoá', 'Lock'],
  homeroom: ['Nhập phần chủ nhiệm của', 'Enter the homeroom rows of'],
  'homeroom-correct': [
    'Sửa sau hạn khoá sổ phần chủ nhiệm của',
    'Correct after the deadline the homeroom rows of',
  ],
  'link-code': ['Cấp mã liên kết', 'Issue a link code for'],
  move: ['Chuyển', 'Move'],
  open: ['Mở', 'Open'],
  publish: ['Công bố', 'Publish'],
  register: ['Vào sổ', 'Enter in the register'],
  reissue: ['Cấp lại', 'Re-issue'],
  refuse: ['Từ chối', 'Refuse'],
  'record-read': ['Xem', 'Read'],
  release: ['Công bố kết quả', 'Release results of'],
  'replace-lessons': ['Cập nhật bài học của', 'Replace the lessons of'],
  request: ['Đề nghị', 'Request'],
  return: ['Trả lại', 'Return'],
  revoke: ['Thu hồi', 'Revoke'],
  'publication-failed': ['Dừng chuẩn bị công bố kết quả của', 'Give up preparing the results of'],
  'schedule-publication': ['Hẹn giờ công bố kết quả của', 'Schedule the results of'],
  seat: ['Xếp phòng thi cho', 'Seat the candidates of'],
  send: ['Gửi', 'Send'],
  'send-back': ['Trả lại để nhập lại bản ghi của', 'Send back a record of'],
  set: ['Đặt', 'Set'],
  start: ['Bắt đầu', 'Start'],
  submit: ['Gửi duyệt', 'Submit'],
  suspend: ['Tạm dừng', 'Suspend'],
  transfer: ['Chuyển trường', 'Transfer'],
  update: ['Sửa', 'Update'],
  upload: ['Tải lên', 'Upload'],
  verify: ['Xác thực', 'Verify'],
  withdraw: ['Rút', 'Withdraw'],
};

export function auditActionLabel(code: string): string {
  const at = lang() === 'vi' ? 0 : 1;
  const [thing = '', rawVerb = ''] = code.includes('.') ? code.split('.', 2) : ['', code];
  // `edu-record.import-submit`: an import's step, said as the step.
  const verb = rawVerb.startsWith('import-') ? rawVerb.slice('import-'.length) : rawVerb;
  const v = VERBS[verb];
  const th = THINGS[thing];
  if (!v) return at === 0 ? 'Thao tác khác' : 'Other action';
  const said = th ? `${v[at]} ${th[at]}` : v[at];
  const viaImport = rawVerb.startsWith('import-') ? (at === 0 ? ' (nhập từ tệp)' : ' (import)') : '';
  return at === 0 ? said + viaImport : said.charAt(0).toUpperCase() + said.slice(1) + viaImport;
}

/** What an audit entry was about, as a word ("hồ sơ học sinh"); the id stays in a tooltip. */
export function auditTargetLabel(type: string): string {
  const words = THINGS[type];
  if (!words) return lang() === 'vi' ? 'Dữ liệu khác' : 'Other data';
  const said = words[lang() === 'vi' ? 0 : 1];
  return said.charAt(0).toUpperCase() + said.slice(1);
}
