/**
 * The 2018 general education curriculum (Circular 32/2018) as the repository maps resources to
 * it: the subjects with the grades that teach them, lesson ids, and the coverage the city
 * measures — the share of a subject's lessons with at least one approved resource (targets: 50%
 * by 2025, 100% by 2030). The lessons themselves are data the Department keeps. Pure.
 */

export interface CurriculumSubject {
  code: string;
  name: string;
  grades: readonly number[];
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export const CURRICULUM_SUBJECTS: readonly CurriculumSubject[] = [
  { code: 'tieng-viet', name: 'Tiếng Việt', grades: range(1, 5) },
  { code: 'ngu-van', name: 'Ngữ văn', grades: range(6, 12) },
  { code: 'toan', name: 'Toán', grades: range(1, 12) },
  { code: 'tieng-anh', name: 'Tiếng Anh', grades: range(3, 12) },
  { code: 'dao-duc', name: 'Đạo đức', grades: range(1, 5) },
  { code: 'tnxh', name: 'Tự nhiên và Xã hội', grades: range(1, 3) },
  { code: 'khoa-hoc', name: 'Khoa học', grades: range(4, 5) },
  { code: 'lich-su-dia-li', name: 'Lịch sử và Địa lí', grades: range(4, 9) },
  { code: 'khtn', name: 'Khoa học tự nhiên', grades: range(6, 9) },
  { code: 'gdcd', name: 'Giáo dục công dân', grades: range(6, 9) },
  { code: 'gdktpl', name: 'Giáo dục kinh tế và pháp luật', grades: range(10, 12) },
  { code: 'lich-su', name: 'Lịch sử', grades: range(10, 12) },
  { code: 'dia-li', name: 'Địa lí', grades: range(10, 12) },
  { code: 'vat-li', name: 'Vật lí', grades: range(10, 12) },
  { code: 'hoa-hoc', name: 'Hóa học', grades: range(10, 12) },
  { code: 'sinh-hoc', name: 'Sinh học', grades: range(10, 12) },
  { code: 'tin-hoc', name: 'Tin học', grades: range(3, 12) },
  { code: 'cong-nghe', name: 'Công nghệ', grades: range(3, 12) },
  { code: 'gdtc', name: 'Giáo dục thể chất', grades: range(1, 12) },
  { code: 'am-nhac', name: 'Âm nhạc', grades: range(1, 12) },
  { code: 'my-thuat', name: 'Mĩ thuật', grades: range(1, 12) },
  { code: 'hdtn', name: 'Hoạt động trải nghiệm, hướng nghiệp', grades: range(1, 12) },
  { code: 'gdqpan', name: 'Giáo dục quốc phòng và an ninh', grades: range(10, 12) },
];

export const subjectNamed = (code: string) => CURRICULUM_SUBJECTS.find((s) => s.code === code);

/** Whether the curriculum teaches `subject` in `grade`. */
export const teaches = (subject: string, grade: number) =>
  subjectNamed(subject)?.grades.includes(grade) ?? false;

/** The city's targets for the share of lessons with an approved resource. */
export const COVERAGE_TARGETS = [
  { year: 2025, share: 0.5 },
  { year: 2030, share: 1 },
] as const;

export interface CoverageCount {
  subject: string;
  grade: number;
  lessons: number;
  covered: number;
}

/** Lessons and covered lessons summed per subject, with the city's total; shares in 0…1. */
export function summariseCoverage(counts: readonly CoverageCount[]) {
  const bySubject = new Map<string, { lessons: number; covered: number }>();
  for (const c of counts) {
    const s = bySubject.get(c.subject) ?? { lessons: 0, covered: 0 };
    s.lessons += c.lessons;
    s.covered += c.covered;
    bySubject.set(c.subject, s);
  }
  const share = (covered: number, lessons: number) => (lessons ? covered / lessons : 0);
  const subjects = CURRICULUM_SUBJECTS.filter((s) => bySubject.has(s.code)).map((s) => {
    const t = bySubject.get(s.code)!;
    return { subject: s.code, name: s.name, ...t, share: share(t.covered, t.lessons) };
  });
  const lessons = subjects.reduce((n, s) => n + s.lessons, 0);
  const covered = subjects.reduce((n, s) => n + s.covered, 0);
  return { subjects, lessons, covered, share: share(covered, lessons) };
}
