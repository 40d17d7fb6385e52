/**
 * The API's field names as people call them, for the errors a form cannot put beside a field of
 * its own ("Lý do trả lại: Bắt buộc", never "reason: Required"). A path is looked up whole
 * (`introductionLetter.number`), then by its last and first names; list positions are said as
 * "mục 3". A field nobody named here is left out rather than shown as a programmer's name.
 */
import { lang } from './index.ts';

type Label = readonly [vi: string, en: string];

const LABELS: Record<string, Label> = {
  accessCode: ['Mã vào phòng thi', 'Access code'],
  accountId: ['Tài khoản', 'Account'],
  answers: ['Câu trả lời', 'Answers'],
  attemptsAllowed: ['Số lần làm bài', 'Attempts allowed'],
  audience: ['Người nhận', 'Recipients'],
  'audience.classId': ['Lớp', 'Class'],
  authors: ['Tác giả', 'Authors'],
  barcode: ['Mã vạch', 'Barcode'],
  barcodes: ['Mã vạch', 'Barcodes'],
  blueprint: ['Ma trận đề', 'Blueprint'],
  'blueprint.count': ['Số câu', 'Number of questions'],
  'blueprint.level': ['Mức độ', 'Level'],
  'blueprint.topic': ['Chủ đề', 'Topic'],
  candidates: ['Thí sinh', 'Candidates'],
  card: ['Mã thẻ thư viện', 'Library card'],
  categories: ['Loại thông báo', 'Categories'],
  channels: ['Kênh nhận', 'Channels'],
  childPersonalId: ['Số định danh của con', 'Child’s personal ID'],
  classId: ['Lớp', 'Class'],
  classes: ['Lớp dự thi', 'Classes'],
  classification: ['Phân loại', 'Classification'],
  closesAt: ['Giờ đóng', 'Closes at'],
  code: ['Mã', 'Code'],
  comment: ['Ý kiến', 'Comment'],
  condition: ['Tình trạng', 'Condition'],
  contacts: ['Liên hệ', 'Contacts'],
  copies: ['Bản sách', 'Copies'],
  creators: ['Tác giả', 'Creators'],
  curriculum: ['Bài học', 'Lessons'],
  data: ['Hồ sơ', 'Record'],
  date: ['Ngày', 'Date'],
  decision: ['Quyết định', 'Decision'],
  description: ['Mô tả', 'Description'],
  digest: ['Gộp thông báo trong ngày', 'Daily digest'],
  doubleMarking: ['Chấm hai vòng', 'Double marking'],
  durationMinutes: ['Thời gian làm bài (phút)', 'Duration (minutes)'],
  email: ['Thư điện tử', 'E-mail'],
  explanation: ['Lời giải', 'Explanation'],
  expectedVersion: ['Phiên bản', 'Version'],
  field: ['Mục cần sửa', 'Field'],
  fileName: ['Tên tệp', 'File name'],
  format: ['Định dạng', 'Format'],
  from: ['Từ ngày', 'From'],
  fullName: ['Họ và tên', 'Full name'],
  grade: ['Khối lớp', 'Grade'],
  handedOverOn: ['Ngày bàn giao', 'Handed over on'],
  holdShelfDays: ['Số ngày giữ sách đặt', 'Hold shelf days'],
  introductionLetter: ['Giấy giới thiệu', 'Introduction letter'],
  'introductionLetter.date': ['Ngày giấy giới thiệu', 'Letter date'],
  'introductionLetter.issuer': ['Nơi cấp giấy giới thiệu', 'Letter issuer'],
  'introductionLetter.number': ['Số giấy giới thiệu', 'Letter number'],
  isbn: ['ISBN', 'ISBN'],
  kind: ['Loại', 'Kind'],
  language: ['Ngôn ngữ', 'Language'],
  lateEntryUntil: ['Cho vào muộn đến', 'Late entry until'],
  lenderSchoolId: ['Trường cho mượn', 'Lending school'],
  lessonDate: ['Ngày dạy', 'Lesson date'],
  lessonId: ['Bài học', 'Lesson'],
  lessons: ['Bài học', 'Lessons'],
  level: ['Mức độ', 'Level'],
  licence: ['Giấy phép', 'Licence'],
  location: ['Vị trí xếp giá', 'Shelf location'],
  markers: ['Giám khảo', 'Markers'],
  markingTolerance: ['Độ lệch cho phép giữa hai vòng chấm', 'Marking tolerance'],
  message: ['Nội dung', 'Message'],
  name: ['Tên', 'Name'],
  newParentId: ['Đơn vị cấp trên mới', 'New parent unit'],
  note: ['Ghi chú', 'Note'],
  notes: ['Ghi chú', 'Notes'],
  opensAt: ['Giờ mở', 'Opens at'],
  orgUnitId: ['Đơn vị', 'Unit'],
  outcome: ['Kết quả', 'Outcome'],
  paperId: ['Đề thi', 'Paper'],
  passMark: ['Điểm đạt', 'Pass mark'],
  periods: ['Số tiết', 'Periods'],
  personalId: ['Số định danh cá nhân', 'Personal ID'],
  phone: ['Số điện thoại', 'Phone'],
  position: ['Chức vụ', 'Position'],
  practice: ['Bài luyện tập', 'Practice'],
  publisher: ['Nhà xuất bản', 'Publisher'],
  q: ['Từ khoá', 'Search words'],
  question: ['Câu hỏi', 'Question'],
  'question.correct': ['Đáp án đúng', 'Correct answer'],
  'question.options': ['Phương án', 'Options'],
  'question.points': ['Điểm', 'Points'],
  'question.rubric': ['Hướng dẫn chấm', 'Rubric'],
  'question.statements': ['Các ý', 'Statements'],
  reason: ['Lý do', 'Reason'],
  reviewAfterSubmit: ['Xem lại đáp án sau khi nộp', 'Review after submitting'],
  receivingOfficer: ['Người nhận bàn giao', 'Receiving officer'],
  records: ['Hồ sơ', 'Records'],
  resultsReleaseAt: ['Giờ công bố kết quả', 'Results released at'],
  role: ['Vai trò', 'Role'],
  rooms: ['Phòng thi', 'Rooms'],
  'rooms.name': ['Tên phòng thi', 'Room name'],
  'rooms.supervisors': ['Giám thị', 'Supervisors'],
  schoolId: ['Trường', 'School'],
  schoolYear: ['Năm học', 'School year'],
  schools: ['Trường', 'Schools'],
  scope: ['Phạm vi', 'Scope'],
  staff: ['Cán bộ', 'Staff'],
  staffCode: ['Mã cán bộ', 'Staff code'],
  status: ['Trạng thái', 'Status'],
  stem: ['Nội dung câu hỏi', 'Question text'],
  student: ['Học sinh', 'Students'],
  subject: ['Môn học', 'Subject'],
  subjects: ['Môn học', 'Subjects'],
  subtitle: ['Phụ đề', 'Subtitle'],
  text: ['Nội dung', 'Text'],
  title: ['Tiêu đề', 'Title'],
  titleId: ['Tài liệu', 'Title'],
  to: ['Đến ngày', 'To'],
  toSchoolId: ['Trường chuyển đến', 'Receiving school'],
  topic: ['Chủ đề', 'Topic'],
  type: ['Dạng', 'Type'],
  units: ['Đơn vị', 'Units'],
  variants: ['Số mã đề', 'Variants'],
  version: ['Phiên bản', 'Version'],
  year: ['Năm', 'Year'],
};

/** The label of an API field path in the interface language, or '' when it has none. */
export function fieldLabel(path: string): string {
  const names = path.split('.').filter((p) => p && !/^\d+$/.test(p));
  const positions = path.split('.').filter((p) => /^\d+$/.test(p));
  const label =
    LABELS[names.join('.')] ??
    LABELS[names.slice(-2).join('.')] ??
    LABELS[names.at(-1) ?? ''] ??
    LABELS[names[0] ?? ''];
  if (!label) return '';
  const [vi, en] = label;
  const position = positions.length
    ? ` (${lang() === 'vi' ? 'mục' : 'item'} ${Number(positions.at(-1)) + 1})`
    : '';
  return (lang() === 'vi' ? vi : en) + position;
}
