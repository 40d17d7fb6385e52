/**
 * The end-of-module test of the demo STEM module, through the exam services themselves: ten
 * questions of the Department's bank (written by the admin, approved by the Department's leader),
 * a paper of one variant, and an exam session with an open roll — teachers join it from the
 * course — open while the module is, passed at 5/10, three attempts. Written once per data folder:
 * the first question's id comes from its content, so a second start finds it and stops.
 */
import { makeBank } from '../../functions/exams/bank.ts';
import type { QuestionBody } from '../../functions/exams/domain/questions.ts';
import { contentId } from '../../functions/exams/domain/random.ts';
import type { ExamEntities } from '../../functions/exams/entities.ts';
import { makeSessions } from '../../functions/exams/sessions.ts';

const DEPARTMENT = { orgUnitId: 'SGD', lineage: ['SGD'], kind: 'department' };
export const COURSE_TEST_SUBJECT = 'Bồi dưỡng thường xuyên';
const GRADE = 12;
const TOPIC = 'Giáo dục STEM';

/** Each question with its options and the right one (the first option is never always right). */
export const COURSE_TEST_QUESTIONS: { stem: string; options: string[]; correct: number }[] = [
  {
    stem: 'STEM là viết tắt của các lĩnh vực nào?',
    options: [
      'Khoa học, Công nghệ, Kỹ thuật, Toán học',
      'Khoa học, Công nghệ, Kinh tế, Toán học',
      'Sinh học, Công nghệ, Kỹ thuật, Tin học',
      'Khoa học, Thể thao, Kỹ thuật, Âm nhạc',
    ],
    correct: 0,
  },
  {
    stem: 'Bài học STEM theo quy trình thiết kế kỹ thuật bắt đầu bằng bước nào?',
    options: ['Chế tạo mẫu', 'Xác định vấn đề', 'Đánh giá sản phẩm', 'Trình bày kết quả'],
    correct: 1,
  },
  {
    stem: 'Hình thức nào KHÔNG phải là hình thức tổ chức giáo dục STEM trong trường trung học?',
    options: [
      'Dạy học các môn khoa học theo bài học STEM',
      'Hoạt động trải nghiệm STEM',
      'Nghiên cứu khoa học, kỹ thuật',
      'Kiểm tra trắc nghiệm cuối kỳ',
    ],
    correct: 3,
  },
  {
    stem: 'Trong bài học STEM, sản phẩm của học sinh được đánh giá chủ yếu dựa vào',
    options: [
      'Số trang báo cáo',
      'Tiêu chí đã thống nhất từ đầu',
      'Ý kiến của phụ huynh',
      'Thời gian hoàn thành',
    ],
    correct: 1,
  },
  {
    stem: 'Vai trò chính của giáo viên trong bài học STEM là',
    options: [
      'Giảng giải toàn bộ kiến thức',
      'Tổ chức, hướng dẫn và hỗ trợ học sinh',
      'Làm sản phẩm mẫu cho học sinh chép',
      'Chấm điểm sản phẩm đẹp nhất',
    ],
    correct: 1,
  },
  {
    stem: 'Bước "đề xuất giải pháp" trong bài học STEM yêu cầu học sinh',
    options: [
      'Vận dụng kiến thức để đưa ra và lựa chọn phương án',
      'Trình bày sản phẩm hoàn chỉnh',
      'Nộp bài kiểm tra',
      'Sao chép sản phẩm có sẵn',
    ],
    correct: 0,
  },
  {
    stem: 'Một chủ đề STEM phù hợp cần gắn với',
    options: [
      'Nội dung ngoài chương trình',
      'Vấn đề thực tiễn và kiến thức trong chương trình',
      'Chỉ môn Toán',
      'Chỉ hoạt động ngoại khoá',
    ],
    correct: 1,
  },
  {
    stem: 'Khi sản phẩm mẫu chưa đạt tiêu chí, học sinh nên',
    options: [
      'Bỏ dở và làm chủ đề khác',
      'Điều chỉnh, cải tiến rồi thử nghiệm lại',
      'Nộp ngay cho giáo viên',
      'Đổi tiêu chí đánh giá',
    ],
    correct: 1,
  },
  {
    stem: 'Văn bản hướng dẫn triển khai giáo dục STEM trong giáo dục trung học hiện hành là',
    options: [
      'Công văn 3089/BGDĐT-GDTrH',
      'Thông tư 22/2021/TT-BGDĐT',
      'Thông tư 32/2020/TT-BGDĐT',
      'Luật Giáo dục 2019',
    ],
    correct: 0,
  },
  {
    stem: 'Làm việc nhóm trong bài học STEM giúp học sinh phát triển chủ yếu',
    options: [
      'Năng lực hợp tác và giao tiếp',
      'Khả năng ghi nhớ máy móc',
      'Tốc độ làm bài thi',
      'Kỹ năng chép bài',
    ],
    correct: 0,
  },
];

const body = (q: (typeof COURSE_TEST_QUESTIONS)[number]): QuestionBody => ({
  type: 'single',
  options: q.options.map((text, i) => ({ id: 'ABCD'[i]!, text })),
  correct: 'ABCD'[q.correct]!,
  points: 1,
});

/**
 * The Department's bank of the questions and a paper of them all (10 points): the admin writes,
 * the leader approves (nobody approves their own question). `subject` keeps a test run's bank apart.
 */
export async function courseTestPaper(exams: () => ExamEntities, subject = COURSE_TEST_SUBJECT) {
  const bank = makeBank(exams);
  for (const q of [...COURSE_TEST_QUESTIONS.slice(1), COURSE_TEST_QUESTIONS[0]!]) {
    const questionId = contentId('SGD', { demo: q.stem, subject });
    const created =
      (await bank.get(questionId)) ??
      (await bank.create(
        DEPARTMENT,
        {
          scope: 'department',
          subject,
          grade: GRADE,
          topic: TOPIC,
          level: 'comprehension',
          stem: q.stem,
          question: body(q),
        },
        { sub: 'admin', requestId: 'demo-seed', questionId },
      ));
    if (created.status === 'submitted')
      await bank.review(created, created.version, 'approve', undefined, { sub: 'leader1' });
  }
  return bank.buildPaper(
    DEPARTMENT,
    {
      title: 'Kiểm tra cuối mô-đun STEM-THPT',
      subject,
      grade: GRADE,
      blueprint: [{ topic: TOPIC, level: 'comprehension', count: COURSE_TEST_QUESTIONS.length }],
      variants: 1,
      seed: `course-test-${subject}`,
    },
    { sub: 'admin' },
  );
}

/** The demo module's test: the session teachers join from the course, open through its window. */
export async function seedDemoCourseTest(
  exams: () => ExamEntities,
  window: { opensAt: string; closesAt: string },
) {
  const paper = await courseTestPaper(exams);
  const session = await makeSessions(exams).create(
    DEPARTMENT,
    {
      paperId: paper.paperId,
      title: 'Kiểm tra cuối mô-đun STEM-THPT',
      opensAt: window.opensAt,
      closesAt: window.closesAt,
      durationMinutes: 15,
      passMark: 5,
      attemptsAllowed: 3,
      openRoll: true,
    },
    paper,
    { sub: 'admin', requestId: 'demo-seed' },
  );
  return {
    sessionId: session.sessionId,
    durationMinutes: session.durationMinutes,
    passMark: session.passMark,
    maxPoints: session.maxPoints,
    attemptsAllowed: session.attemptsAllowed,
  };
}
