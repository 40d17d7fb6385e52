/**
 * Demo data of the exam system, through the exam services themselves: a maths bank of Trường THPT
 * chuyên Trần Phú (approved by the principal), a paper of two variants from a blueprint, a
 * mid-term test that 30 students of class 12A1 already took (graded, ready for statistics), and a
 * practice exam open for a month for student1 and the class. Written once per data folder: the
 * first question's id comes from its content, so a second start finds it and stops.
 */
import { makeBank } from '../../functions/exams/bank.ts';
import type { QuestionBody } from '../../functions/exams/domain/questions.ts';
import { contentId, randomFrom } from '../../functions/exams/domain/random.ts';
import type { ExamEntities } from '../../functions/exams/entities.ts';
import { makeGrading } from '../../functions/exams/grading.ts';
import { makeSessions } from '../../functions/exams/sessions.ts';
import type { AuthEntities } from '../../shared/auth/store.ts';

const SCHOOL = 'THPT-TRANPHU';
const SUBJECT = 'Toán';
const GRADE = 12;
const owner = { orgUnitId: SCHOOL, lineage: ['SGD', 'P-NGOQUYEN', SCHOOL], kind: 'school' };

const single = (stem: string, options: string[], correct: number) => ({
  stem,
  question: {
    type: 'single' as const,
    options: options.map((text, i) => ({ id: 'ABCD'[i]!, text })),
    correct: 'ABCD'[correct]!,
    points: 0.25,
  },
});

const BANK: {
  topic: string;
  level: 'recognition' | 'comprehension' | 'application';
  stem: string;
  question: unknown;
}[] = [
  {
    topic: 'Hàm số',
    level: 'recognition',
    ...single('Hàm số y = x³ − 3x có bao nhiêu điểm cực trị?', ['0', '1', '2', '3'], 2),
  },
  {
    topic: 'Hàm số',
    level: 'recognition',
    ...single(
      'Đường tiệm cận đứng của đồ thị hàm số y = (2x + 1)/(x − 1) là',
      ['x = 1', 'x = −1', 'y = 2', 'y = 1'],
      0,
    ),
  },
  {
    topic: 'Hàm số',
    level: 'recognition',
    ...single(
      'Hàm số y = −x⁴ + 2x² đồng biến trên khoảng nào?',
      ['(−∞; −1)', '(−1; 0)', '(0; 1)', '(1; +∞)'],
      0,
    ),
  },
  {
    topic: 'Hàm số',
    level: 'recognition',
    ...single('Giá trị lớn nhất của hàm số y = −x² + 4x trên ℝ là', ['2', '4', '0', '8'], 1),
  },
  {
    topic: 'Hàm số',
    level: 'comprehension',
    stem: 'Cho hàm số y = x³ − 3x² + 2. Xét tính đúng sai của các mệnh đề sau.',
    question: {
      type: 'true-false-group',
      statements: [
        { id: 'a', text: 'Hàm số đạt cực đại tại x = 0.' },
        { id: 'b', text: 'Hàm số nghịch biến trên khoảng (0; 2).' },
        { id: 'c', text: 'Giá trị cực tiểu của hàm số bằng 2.' },
        { id: 'd', text: 'Đồ thị hàm số cắt trục hoành tại ba điểm phân biệt.' },
      ],
      correct: { a: true, b: true, c: false, d: true },
      points: 1,
    },
  },
  {
    topic: 'Hàm số',
    level: 'comprehension',
    stem: 'Cho hàm số y = (x + 1)/(x − 2). Xét tính đúng sai của các mệnh đề sau.',
    question: {
      type: 'true-false-group',
      statements: [
        { id: 'a', text: 'Tập xác định của hàm số là ℝ \\ {2}.' },
        { id: 'b', text: 'Hàm số đồng biến trên từng khoảng xác định.' },
        { id: 'c', text: 'Đồ thị có tiệm cận ngang y = 1.' },
        { id: 'd', text: 'Đồ thị đi qua điểm (0; −1/2).' },
      ],
      correct: { a: true, b: false, c: true, d: true },
      points: 1,
    },
  },
  {
    topic: 'Mũ và lôgarit',
    level: 'recognition',
    ...single('Giá trị của log₂ 8 là', ['2', '3', '4', '8'], 1),
  },
  {
    topic: 'Mũ và lôgarit',
    level: 'recognition',
    ...single('Tập xác định của hàm số y = ln(x − 1) là', ['(1; +∞)', '[1; +∞)', 'ℝ', '(0; +∞)'], 0),
  },
  {
    topic: 'Mũ và lôgarit',
    level: 'recognition',
    ...single('Nghiệm của phương trình 3ˣ = 9 là', ['x = 3', 'x = 2', 'x = 1', 'x = 9'], 1),
  },
  {
    topic: 'Mũ và lôgarit',
    level: 'recognition',
    ...single('Với a > 0, biểu thức a² · a³ bằng', ['a⁵', 'a⁶', 'a', 'a⁸'], 0),
  },
  {
    topic: 'Mũ và lôgarit',
    level: 'application',
    stem: 'Một khoản tiền 100 triệu đồng gửi ngân hàng lãi kép 6%/năm. Sau 2 năm số tiền (triệu đồng, làm tròn đến hàng phần mười) là bao nhiêu?',
    question: { type: 'short-numeric', accepted: [112.4], tolerance: 0.05, points: 0.5 },
  },
  {
    topic: 'Mũ và lôgarit',
    level: 'application',
    stem: 'Tổng các nghiệm của phương trình log₂(x² − 3x + 4) = 1 là bao nhiêu?',
    question: { type: 'short-numeric', accepted: [3], tolerance: 0, points: 0.5 },
  },
  {
    topic: 'Hình học không gian',
    level: 'recognition',
    ...single('Thể tích khối lập phương cạnh 2 bằng', ['4', '6', '8', '16'], 2),
  },
  {
    topic: 'Hình học không gian',
    level: 'recognition',
    ...single('Khối chóp có diện tích đáy B, chiều cao h có thể tích là', ['Bh', 'Bh/2', 'Bh/3', '3Bh'], 2),
  },
  {
    topic: 'Hình học không gian',
    level: 'recognition',
    ...single('Số mặt của hình bát diện đều là', ['6', '8', '12', '20'], 1),
  },
  {
    topic: 'Hình học không gian',
    level: 'application',
    stem: 'Cho hình chóp tứ giác đều có cạnh đáy 3 và chiều cao 4. Thể tích khối chóp là bao nhiêu?',
    question: { type: 'short-numeric', accepted: [12], tolerance: 0, points: 0.5 },
  },
  {
    topic: 'Hình học không gian',
    level: 'application',
    stem: 'Một khối trụ có bán kính đáy 1 và chiều cao 3. Thể tích khối trụ (làm tròn đến hàng phần trăm) là bao nhiêu?',
    question: { type: 'short-numeric', accepted: [9.42], tolerance: 0.01, points: 0.5 },
  },
];

const BLUEPRINT = [
  { topic: 'Hàm số', level: 'recognition' as const, count: 2 },
  { topic: 'Hàm số', level: 'comprehension' as const, count: 1 },
  { topic: 'Mũ và lôgarit', level: 'recognition' as const, count: 2 },
  { topic: 'Mũ và lôgarit', level: 'application' as const, count: 1 },
  { topic: 'Hình học không gian', level: 'recognition' as const, count: 2 },
  { topic: 'Hình học không gian', level: 'application' as const, count: 1 },
];

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Đức', 'Thu', 'Quang', 'Hải'];
const GIVEN = [
  'An',
  'Bình',
  'Chi',
  'Dũng',
  'Giang',
  'Hà',
  'Hiếu',
  'Khánh',
  'Linh',
  'Minh',
  'Nam',
  'Phương',
  'Quân',
  'Sơn',
  'Trang',
];

/** The class that sits the demo exams: 30 student accounts (they can sign in, password `demo`). */
function demoStudents() {
  const random = randomFrom(12_2026);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: 30 }, (_, i) => ({
    accountId: `hs.12a1.${String(i + 1).padStart(2, '0')}`,
    fullName: `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`,
  }));
}

/** A plausible answer by a student of the given ability (the chance of knowing each item). */
function answerOf(q: QuestionBody, ability: number, random: () => number) {
  const knows = random() < ability;
  switch (q.type) {
    case 'single':
      return { choice: knows ? q.correct : q.options[Math.floor(random() * q.options.length)]!.id };
    case 'true-false-group':
      return {
        statements: Object.fromEntries(
          q.statements.map((s) => [s.id, random() < ability ? q.correct[s.id]! : random() < 0.5]),
        ),
      };
    case 'short-numeric':
      return { value: knows ? String(q.accepted[0]).replace('.', ',') : String(Math.round(random() * 20)) };
    default:
      return undefined;
  }
}

export async function seedDemoExams(exams: () => ExamEntities, auth: AuthEntities) {
  const started = performance.now();
  const bank = makeBank(exams);
  const firstId = contentId(SCHOOL, { demo: BANK[0]!.stem });
  if (await bank.get(firstId)) return { questions: 0, seconds: 0, skipped: true };

  const at = '2026-10-01T01:00:00.000Z';
  const students = demoStudents();
  await auth.account
    .put(
      students.map((s) => ({
        ...s,
        status: 'active' as const,
        homeOrgUnitId: SCHOOL,
        createdAt: at,
        updatedAt: at,
      })),
    )
    .go();
  await auth.roleAssignment
    .put(
      students.map((s) => ({
        accountId: s.accountId,
        assignmentId: 'demo-student',
        role: 'student' as const,
        scopeOrgUnitId: SCHOOL,
        grantedBy: 'principal1',
        grantedAt: at,
      })),
    )
    .go();

  // The bank: written by the maths group's teacher, approved by the principal. The first question
  // goes last, as the marker that the whole bank is in.
  const actor = { sub: 'teacher1', requestId: 'demo-seed' };
  for (const q of [...BANK.slice(1), BANK[0]!]) {
    const questionId = contentId(SCHOOL, { demo: q.stem });
    const created = await bank
      .create(
        owner,
        {
          scope: 'school',
          subject: SUBJECT,
          grade: GRADE,
          topic: q.topic,
          level: q.level,
          stem: q.stem,
          question: q.question as QuestionBody,
        },
        { ...actor, questionId },
      )
      // An interrupted seed: the question is there already.
      .catch(async () => (await bank.get(questionId))!);
    if (created.status === 'submitted')
      await bank.review(created, created.version, 'approve', undefined, { sub: 'principal1' });
  }
  const paper = await bank.buildPaper(
    owner,
    {
      title: 'Đề kiểm tra giữa học kỳ I – Toán 12',
      subject: SUBJECT,
      grade: GRADE,
      blueprint: BLUEPRINT,
      variants: 2,
      seed: 'demo-giua-ky-1',
    },
    { sub: 'teacher1' },
  );

  // The mid-term, taken on 20 October 2026 by the class and graded.
  const opensAt = new Date('2026-10-20T01:00:00.000Z');
  let clock = opensAt.getTime() + 20 * 60_000;
  const sessions = makeSessions(exams, () => new Date(clock));
  const midterm = await sessions.create(
    owner,
    {
      paperId: paper.paperId,
      title: 'Kiểm tra giữa học kỳ I – Toán 12A1',
      opensAt: opensAt.toISOString(),
      closesAt: '2026-10-20T02:00:00.000Z',
      durationMinutes: 45,
      passMark: 1.75,
      rooms: [{ name: 'Phòng 201', supervisors: ['teacher1'] }],
      candidates: students.map((s) => s.accountId),
    },
    paper,
    actor,
  );
  const grading = makeGrading(exams);
  const random = randomFrom(20_10_2026);
  const abilities = students.map(() => 0.35 + random() * 0.6);
  // Six candidates at a time: the seed runs beside the platform starting up.
  for (let i = 0; i < students.length; i += 6)
    await Promise.all(
      students.slice(i, i + 6).map(async (s, k) => {
        const answerRandom = randomFrom(i + k + 1);
        const candidate = (await sessions.candidateOf(midterm.sessionId, s.accountId))!;
        const attempt = await sessions.start(midterm, candidate, `demo-${s.accountId}`);
        const keys = paper.variants.find((v) => v.variant === attempt.variant)!.questions;
        const bodies = await Promise.all(keys.map(async (q) => (await bank.get(q.questionId))!));
        const answers = Object.fromEntries(
          bodies
            .map(
              (q) =>
                [q.questionId, answerOf(q.body as QuestionBody, abilities[i + k]!, answerRandom)] as const,
            )
            .filter(([, a]) => a !== undefined),
        );
        await sessions.autosave(midterm.sessionId, s.accountId, {
          deviceId: `demo-${s.accountId}`,
          seq: 1,
          answers: answers as never,
        });
        await sessions.submit(midterm.sessionId, s.accountId);
        await grading.grade({ sessionId: midterm.sessionId, accountId: s.accountId });
      }),
    );

  // A practice exam open for a month, for student1 and the class.
  const now = Date.now();
  clock = now;
  await sessions.create(
    owner,
    {
      paperId: paper.paperId,
      title: 'Thi thử Toán 12 – luyện tập',
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 30 * 86_400_000).toISOString(),
      durationMinutes: 45,
      passMark: 1.75,
      attemptsAllowed: 3,
      candidates: ['student1', ...students.map((s) => s.accountId)],
    },
    paper,
    actor,
  );
  return { questions: BANK.length, seconds: (performance.now() - started) / 1000, skipped: false };
}
