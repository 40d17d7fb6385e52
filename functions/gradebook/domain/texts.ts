/** What the grade book says to teachers, school leaders, pupils and guardians (codes: shared/text/texts.ts). */
import { defineTexts } from '#shared/text/texts.ts';

export const gradebookText = defineTexts('gradebook', {
  'no-rules': {
    en: 'No assessment rules for grade {grade} in the school year {schoolYear}: that year was assessed under an earlier circular, which this platform does not hold.',
    vi: 'Không có quy định đánh giá cho khối {grade} năm học {schoolYear}: năm học đó đánh giá theo thông tư trước, nền tảng không lưu quy định này.',
  },
  'no-book': {
    en: 'No such grade book.',
    vi: 'Không có sổ điểm này.',
  },
  locked: {
    en: 'This grade book is locked: a change now needs the principal’s approval.',
    vi: 'Sổ điểm đã khoá: muốn sửa phải được Hiệu trưởng duyệt.',
  },
  'not-in-class': {
    en: 'This pupil is not in the class.',
    vi: 'Học sinh này không có trong lớp.',
  },
  'row-changed': {
    en: 'Someone changed this pupil’s scores meanwhile: reload the grade book and enter again.',
    vi: 'Điểm của học sinh này vừa được người khác sửa: hãy tải lại sổ điểm rồi nhập lại.',
  },
  'cells-refused': {
    en: '{count} cells were not saved: see each one.',
    vi: '{count} ô chưa được lưu: xem lỗi ở từng ô.',
  },
  'unknown-field': {
    en: 'This grade book has no such column.',
    vi: 'Sổ điểm này không có cột này.',
  },
  'bad-score': {
    en: 'A score is from 0 to 10 with at most one decimal, e.g. 8,5.',
    vi: 'Điểm từ 0 đến 10, tối đa một chữ số thập phân, ví dụ 8,5.',
  },
  'bad-whole-score': {
    en: 'A periodic test is scored in whole numbers from 0 to 10.',
    vi: 'Điểm bài kiểm tra định kì là số nguyên từ 0 đến 10.',
  },
  'bad-pass': {
    en: 'Enter Đ (Đạt) or CĐ (Chưa đạt).',
    vi: 'Nhập Đ (Đạt) hoặc CĐ (Chưa đạt).',
  },
  'bad-rating': {
    en: 'Enter HTT (Hoàn thành tốt), HT (Hoàn thành) or CHT (Chưa hoàn thành).',
    vi: 'Nhập HTT (Hoàn thành tốt), HT (Hoàn thành) hoặc CHT (Chưa hoàn thành).',
  },
  'bad-conduct': {
    en: 'Enter T (Tốt), K (Khá), Đ (Đạt) or CĐ (Chưa đạt).',
    vi: 'Nhập T (Tốt), K (Khá), Đ (Đạt) hoặc CĐ (Chưa đạt).',
  },
  'bad-quality': {
    en: 'Enter T (Tốt), Đ (Đạt) or CCG (Cần cố gắng).',
    vi: 'Nhập T (Tốt), Đ (Đạt) hoặc CCG (Cần cố gắng).',
  },
  'bad-absence': {
    en: 'Half-days absent: a whole number from 0 to 200.',
    vi: 'Số buổi nghỉ: số nguyên từ 0 đến 200.',
  },
  'no-homeroom': {
    en: 'This class has no homeroom teacher in the education database.',
    vi: 'Lớp chưa có giáo viên chủ nhiệm trong cơ sở dữ liệu giáo dục.',
  },
  'homeroom-locked': {
    en: 'The semester’s lock deadline has come: the homeroom rows are locked, and a school leader corrects them now.',
    vi: 'Đã đến hạn khoá sổ của học kì: phần chủ nhiệm đã khoá, nay chỉ lãnh đạo nhà trường sửa được.',
  },
  'homeroom-open': {
    en: 'The semester’s lock deadline has not come yet: the homeroom teacher enters the rows directly.',
    vi: 'Chưa đến hạn khoá sổ của học kì: giáo viên chủ nhiệm nhập trực tiếp.',
  },
  'cell-twice': {
    en: 'This cell is already changed in this request.',
    vi: 'Ô này đã có trong lần lưu này.',
  },
  'own-change': {
    en: 'Someone other than the teacher who asked decides this change.',
    vi: 'Yêu cầu sửa điểm phải do người khác với người đề nghị duyệt.',
  },
  'too-many-rows': {
    en: 'At most {max} pupils’ rows can be saved at once.',
    vi: 'Mỗi lần chỉ lưu được tối đa {max} học sinh.',
  },
  'not-locked': {
    en: 'This grade book is not locked: enter the change in it directly.',
    vi: 'Sổ điểm chưa khoá: hãy sửa trực tiếp trong sổ.',
  },
  'change-decided': {
    en: 'This request has already been decided.',
    vi: 'Yêu cầu này đã được xử lý.',
  },
  'no-change-request': {
    en: 'No such change request.',
    vi: 'Không có yêu cầu sửa điểm này.',
  },
  'comment-long': {
    en: 'A comment is at most 500 characters.',
    vi: 'Nhận xét tối đa 500 ký tự.',
  },
  'books-open': {
    en: 'Transcripts are approved once every grade book of the year is locked; still open: {books}.',
    vi: 'Chỉ duyệt học bạ khi mọi sổ điểm của năm học đã khoá; còn mở: {books}.',
  },
  'no-transcript': {
    en: 'No such transcript.',
    vi: 'Không có học bạ này.',
  },
  'transcript-signing-off': {
    en: 'The transcript was not signed: this deployment has no signing backend.',
    vi: 'Chưa ký được học bạ: hệ thống chưa cấu hình dịch vụ ký số.',
  },
  'transcript-not-made': {
    en: 'The transcript could not be made after several tries; ask to sign it again.',
    vi: 'Chưa tạo được học bạ sau nhiều lần thử; hãy ký lại.',
  },
  'deadline-outside-year': {
    en: 'The lock deadline must be a day of the school year {schoolYear} (5 September to 31 August).',
    vi: 'Hạn khoá sổ phải là một ngày trong năm học {schoolYear} (từ 05/9 đến 31/8).',
  },
  'deadline-school': {
    en: 'A lock deadline is set for a school.',
    vi: 'Hạn khoá sổ được đặt cho một trường.',
  },
});
