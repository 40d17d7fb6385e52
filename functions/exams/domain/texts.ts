/** What the exams context says to people: authors, organisers, markers, candidates (shared/text/texts.ts). */
import { defineTexts } from '#shared/text/texts.ts';

export const examsText = defineTexts('exams', {
  // The question sheet (domain/question-sheet.ts), cell by cell
  required: { en: 'Required', vi: 'Không được để trống' },
  'one-of': { en: 'One of: {values}', vi: 'Ghi một trong các giá trị: {values}' },
  'grade-range': { en: 'A number from 0 to 12', vi: 'Ghi một số từ 0 đến 12' },
  'true-false-key': {
    en: 'Four values Đ (true) or S (false), e.g. Đ, S, Đ, S',
    vi: 'Ghi bốn giá trị Đ hoặc S, ví dụ: Đ, S, Đ, S',
  },
  'numeric-key': { en: 'Numbers separated by ;', vi: 'Ghi các số, cách nhau bởi dấu ;' },
  'rubric-lines': {
    en: 'One line per criterion: criterion | points',
    vi: 'Mỗi dòng một tiêu chí: tiêu chí | điểm',
  },
  'points-number': { en: 'A number, e.g. 0,25', vi: 'Ghi một số, ví dụ: 0,25' },
  'missing-column': { en: 'Missing column', vi: 'Thiếu cột này' },

  // A question's own rules (domain/questions.ts)
  'option-ids-differ': { en: 'Option ids must differ', vi: 'Mã các phương án phải khác nhau' },
  'key-not-option': {
    en: 'The key must be one of the options',
    vi: 'Đáp án phải là một trong các phương án',
  },
  'keys-not-options': {
    en: 'Every key must be one of the options',
    vi: 'Mọi đáp án phải nằm trong các phương án',
  },
  'true-false-each': {
    en: 'Say true or false for each of the four statements',
    vi: 'Hãy ghi Đúng hoặc Sai cho cả bốn ý',
  },
  'rubric-sum': {
    en: 'The rubric must add up to the question’s points',
    vi: 'Tổng điểm các tiêu chí phải bằng điểm của câu hỏi',
  },
  'correction-type': {
    en: 'A correction keeps the question’s type.',
    vi: 'Khi sửa đáp án, hãy giữ nguyên dạng câu hỏi.',
  },
  'correction-points': {
    en: 'A correction keeps the question’s points.',
    vi: 'Khi sửa đáp án, hãy giữ nguyên điểm của câu hỏi.',
  },
  'correction-options': {
    en: 'A correction keeps the options candidates saw.',
    vi: 'Khi sửa đáp án, hãy giữ nguyên các phương án thí sinh đã thấy.',
  },
  'correction-same': {
    en: 'The corrected key is the same as the current one.',
    vi: 'Đáp án sửa giống đáp án hiện tại: không có gì để thay đổi.',
  },

  // The bank (bank.ts, media.ts)
  'question-changed': {
    en: 'The question changed since you opened it.',
    vi: 'Câu hỏi đã được thay đổi từ khi bạn mở: hãy tải lại câu hỏi.',
  },
  'scope-mismatch': {
    en: 'Department questions belong to the Department; school and personal ones to a school.',
    vi: 'Câu hỏi của Sở thuộc ngân hàng của Sở; câu hỏi của trường và câu hỏi cá nhân thuộc ngân hàng của một trường.',
  },
  'scope-department-only': {
    en: 'Only Department questions go in the Department’s bank',
    vi: 'Ngân hàng câu hỏi của Sở chỉ nhận câu hỏi của Sở',
  },
  'scope-not-department': {
    en: 'Department questions go in the Department’s bank only',
    vi: 'Câu hỏi của Sở chỉ thuộc ngân hàng câu hỏi của Sở',
  },
  'share-author-only': {
    en: 'Only its author shares a personal question with the school.',
    vi: 'Chỉ tác giả mới chia sẻ được câu hỏi cá nhân với trường.',
  },
  'share-approved-only': {
    en: 'A school shares its approved questions with the Department.',
    vi: 'Trường chỉ chia sẻ với Sở những câu hỏi đã được duyệt.',
  },
  'already-shared': {
    en: 'This version is already shared with the Department.',
    vi: 'Phiên bản này đã được chia sẻ với Sở.',
  },
  'review-submitted-only': {
    en: 'Only a question waiting for review can be reviewed.',
    vi: 'Chỉ duyệt được câu hỏi đang chờ duyệt.',
  },
  'return-note': { en: 'Say why the question is returned', vi: 'Hãy ghi lý do trả lại câu hỏi' },
  'review-not-author': {
    en: 'A question is reviewed by someone other than its author.',
    vi: 'Câu hỏi phải do người khác duyệt, không phải tác giả.',
  },
  'blueprint-shortfall': {
    en: 'Too few approved questions for the blueprint: {shortfalls}',
    vi: 'Ngân hàng chưa đủ câu hỏi đã duyệt cho ma trận đề: {shortfalls}',
  },
  shortfall: {
    en: '{topic} × {level}: {needed} needed, {available} approved',
    vi: '{topic} × {level}: cần {needed} câu, có {available} câu đã duyệt',
  },
  'not-on-paper': { en: 'That question is not on this paper.', vi: 'Câu hỏi này không có trong đề.' },
  'not-on-paper-field': { en: 'Not on the paper', vi: 'Không có trong đề' },
  'key-corrected-meanwhile': {
    en: 'The key was corrected meanwhile by someone else; reload the paper.',
    vi: 'Đáp án vừa được người khác sửa; hãy tải lại đề.',
  },
  'media-unusable': {
    en: 'A media file of the question cannot be used.',
    vi: 'Không dùng được một tệp hình ảnh hoặc âm thanh của câu hỏi.',
  },
  'media-not-own': {
    en: 'Not a file of this unit’s bank',
    vi: 'Không phải tệp của ngân hàng câu hỏi đơn vị này',
  },
  'media-not-uploaded': { en: 'Not uploaded (yet)', vi: 'Tệp chưa được tải lên' },
  'media-wrong-type': {
    en: 'Not an image or sound ({type})',
    vi: 'Không phải tệp hình ảnh hoặc âm thanh ({type})',
  },
  'media-too-large': { en: 'Larger than {max} MB', vi: 'Tệp lớn hơn {max} MB' },

  // Sessions and candidates (sessions.ts, candidates.ts, api.ts)
  'closes-before-opens': {
    en: 'The exam must close after it opens.',
    vi: 'Giờ kết thúc kỳ thi phải sau giờ mở.',
  },
  'after-opening': { en: 'After the opening time', vi: 'Phải sau giờ mở' },
  'late-entry-outside': {
    en: 'Late entry must end within the exam’s window.',
    vi: 'Hạn vào thi muộn phải nằm trong thời gian mở kỳ thi.',
  },
  'between-open-close': {
    en: 'Between opening and closing',
    vi: 'Trong khoảng từ giờ mở đến giờ kết thúc',
  },
  'pass-mark-too-high': {
    en: 'The pass mark is above the paper’s points.',
    vi: 'Điểm đạt cao hơn tổng điểm của đề.',
  },
  'at-most': { en: 'At most {max}', vi: 'Tối đa {max}' },
  'rooms-same-name': { en: 'Two rooms have the same name.', vi: 'Có hai phòng thi trùng tên.' },
  'names-differ': { en: 'Names must differ', vi: 'Tên các phòng thi phải khác nhau' },
  'no-paper': { en: 'No such paper for this unit.', vi: 'Đơn vị không có đề thi này.' },
  'unknown-paper': { en: 'Unknown paper', vi: 'Không có đề thi này' },
  'no-candidates': {
    en: 'Name at least one candidate, a class or a school with students.',
    vi: 'Hãy chọn ít nhất một thí sinh, một lớp hoặc một trường có học sinh.',
  },
  'no-candidates-field': { en: 'No candidates', vi: 'Chưa có thí sinh' },
  'open-roll-no-candidates': {
    en: 'A course’s test has no roll in advance: its learners join as they start it',
    vi: 'Bài kiểm tra của khoá học không lập danh sách trước: học viên tự vào khi bắt đầu làm bài',
  },
  'open-roll-not-practice': {
    en: 'A course’s test is not a practice session',
    vi: 'Bài kiểm tra cuối mô-đun không phải kỳ luyện tập',
  },
  'results-pending': {
    en: 'The results are not out yet: you may take the test again once they are',
    vi: 'Chưa công bố kết quả: có thể làm lại khi đã có kết quả',
  },
  'already-passed': {
    en: 'You have passed this test already',
    vi: 'Bạn đã đạt bài kiểm tra này',
  },
  'not-open-roll': {
    en: 'This exam session is not a course’s test',
    vi: 'Kỳ thi này không phải bài kiểm tra của khoá học',
  },
  'unknown-class': { en: 'No such class', vi: 'Không có lớp này' },
  'review-needs-practice': {
    en: 'Only a practice session may show the answers after submitting',
    vi: 'Chỉ kỳ luyện tập mới được cho xem lại đáp án',
  },
  'review-practice-only': {
    en: 'Answers can be reviewed only after a practice session',
    vi: 'Chỉ bài luyện tập mới được xem lại đáp án',
  },
  'review-not-allowed': {
    en: 'The teacher has not allowed reviewing the answers of this session.',
    vi: 'Giáo viên không cho phép xem lại đáp án của kỳ thi này.',
  },
  'review-after-submit': {
    en: 'The answers can be reviewed once the attempt is submitted.',
    vi: 'Chỉ xem lại đáp án sau khi đã nộp bài.',
  },
  'too-many-candidates': {
    en: 'At most {max} candidates per request.',
    vi: 'Mỗi lần gửi tối đa {max} thí sinh.',
  },
  'too-many': { en: 'Too many', vi: 'Quá nhiều' },
  'unknown-accounts': { en: 'No such account: {ids}', vi: 'Không có tài khoản: {ids}' },
  'unknown-accounts-count': {
    en: '{count} unknown accounts',
    vi: '{count} tài khoản không có trong hệ thống',
  },
  'outside-unit': { en: 'Not under {unit}: {ids}', vi: 'Không thuộc đơn vị {unit}: {ids}' },
  'outside-unit-count': {
    en: '{count} accounts outside the organising unit',
    vi: '{count} tài khoản không thuộc đơn vị tổ chức thi',
  },
  'not-running': {
    en: 'You do not take part in running this exam.',
    vi: 'Bạn không tham gia tổ chức kỳ thi này.',
  },
  'school-outside-scope': {
    en: 'This school is outside your scope.',
    vi: 'Trường này nằm ngoài phạm vi của bạn.',
  },

  // The candidate's attempt (sessions.ts)
  'not-open-yet': { en: 'The exam has not opened yet.', vi: 'Kỳ thi chưa mở: hãy chờ đến giờ thi.' },
  'late-entry-closed': {
    en: 'Late entry has closed for this exam.',
    vi: 'Đã hết thời gian vào thi muộn của kỳ thi này.',
  },
  closed: { en: 'The exam has closed.', vi: 'Kỳ thi đã kết thúc.' },
  'access-code': {
    en: 'Enter the access code your supervisor announces in the exam room.',
    vi: 'Hãy nhập mã vào thi do cán bộ coi thi công bố tại phòng thi.',
  },
  'attempt-open': {
    en: 'Your last attempt is not marked yet.',
    vi: 'Bài làm lần trước của bạn chưa được chấm xong.',
  },
  'no-attempts-left': {
    en: 'This exam allows {count} attempt(s); you have used them all.',
    vi: 'Kỳ thi cho phép làm bài {count} lần; bạn đã dùng hết số lần làm bài.',
  },
  'no-attempt': {
    en: 'No attempt: start the exam first.',
    vi: 'Chưa có bài làm: hãy bắt đầu làm bài trước.',
  },
  'unknown-questions': {
    en: 'These answers are to questions not in your paper: {questions}.',
    vi: 'Có câu trả lời cho câu hỏi không có trong đề của bạn: {questions}.',
  },
  'not-in-paper': { en: 'Not a question of this paper.', vi: 'Không phải câu hỏi của đề này.' },
  'no-attempt-yet': { en: 'No attempt yet: start the exam.', vi: 'Chưa có bài làm: hãy bắt đầu làm bài.' },
  submitted: {
    en: 'The exam was submitted: answers can no longer change.',
    vi: 'Bài thi đã nộp: không thể thay đổi câu trả lời.',
  },
  'time-up': {
    en: 'Time is up: the answers saved before the deadline count.',
    vi: 'Đã hết giờ làm bài: các câu trả lời đã lưu trước khi hết giờ được tính.',
  },
  'device-replaced': {
    en: 'The exam continues on another device; this one is closed.',
    vi: 'Bài thi đang được làm tiếp trên thiết bị khác; thiết bị này đã đóng.',
  },
  busy: {
    en: 'Several saves arrived at once; send this one again.',
    vi: 'Nhiều lần lưu đến cùng lúc: hãy gửi lại lần lưu này.',
  },

  // Marking (domain/marking.ts, marking.ts)
  'marking-done': { en: 'This script is already marked.', vi: 'Bài này đã được chấm xong.' },
  'marking-chief-only': {
    en: 'The two marks differ too much: the chief marker decides this script.',
    vi: 'Hai lần chấm chênh lệch quá mức cho phép: trưởng ban chấm quyết định điểm bài này.',
  },
  'marking-already-marked': {
    en: 'You have marked this script; another marker follows.',
    vi: 'Bạn đã chấm bài này; bài sẽ được giám khảo khác chấm tiếp.',
  },
  'marking-count': {
    en: 'Give a mark for each of the {count} criteria.',
    vi: 'Hãy cho điểm đủ {count} tiêu chí.',
  },
  'marking-criterion': {
    en: 'Criterion {n}: a mark from 0 to {max} in steps of {step}.',
    vi: 'Tiêu chí {n}: cho điểm từ 0 đến {max}, mỗi bậc {step} điểm.',
  },
  'marking-changed': {
    en: 'Someone marked this script meanwhile; open it again.',
    vi: 'Bài vừa được người khác chấm; hãy mở lại bài.',
  },

  // Statistics (workers/compute-statistics.ts)
  'statistics-failed': {
    en: 'The statistics could not be computed: ask for them again',
    vi: 'Không tính được thống kê: hãy yêu cầu tính lại',
  },
});
