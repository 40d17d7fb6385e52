/**
 * The demo class course: teacher1's "Toán 12A1" for Trần Phú's class 12A1 (whose pupils and
 * fathers have demo accounts, infra/local/demo-links.ts). A reading lesson with a document of the
 * demo repository, a live lesson tomorrow evening on Google Meet, an assignment marked last week
 * (on paper: marks without files) and one due in three days that nobody has handed in yet — so a
 * pupil's home and a guardian's say what is due. Written once (the course's id is derived from its
 * name and it is written last: a second start finds it and writes nothing).
 */
import type { ClassAssignmentItem, ClassLessonItem } from '../../functions/courses/classroom.ts';
import { liveEnd } from '../../functions/courses/domain/classroom.ts';
import type { CourseEntities } from '../../functions/courses/entities.ts';
import type { EduEntities } from '../../functions/edu-data/entities.ts';
import type { RepositoryEntities } from '../../functions/repository/entities.ts';
import { nameBasedId } from '../../shared/db/name-based-id.ts';
import { demoResourceId } from './demo-repository.ts';

const DAY = 86_400_000;
const SCHOOL = 'THPT-TRANPHU';
const TEACHER = { accountId: 'teacher1', fullName: 'Đặng Thị Thuỳ Dương' };

/** 19:30 in Hải Phòng (UTC+7) on the day after `now`. */
const tomorrowEvening = (now: Date) => {
  const local = new Date(now.getTime() + 7 * 3_600_000 + DAY);
  return new Date(
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), 19, 30) - 7 * 3_600_000,
  ).toISOString();
};

export async function seedDemoClassroom(
  courses: CourseEntities,
  edu: EduEntities,
  repository: RepositoryEntities,
  now = new Date(),
): Promise<{ courses: number }> {
  const { data: classes } = await edu.eduRecord.query
    .byOwner({ ownerId: SCHOOL, kind: 'class' })
    .go({ pages: 'all', attributes: ['recordId', 'name', 'data'] });
  const class12A1 = classes.find((c) => (c.data as { code?: string }).code === '12A1');
  if (!class12A1) return { courses: 0 };
  const courseId = nameBasedId(`class-course:demo:${class12A1.recordId}:toan`);
  if ((await courses.classCourse.get({ courseId }).go()).data) return { courses: 0 };
  const { data: learners } = await edu.eduRecord.query
    .byClass({ classKey: class12A1.recordId })
    .go({ pages: 'all', attributes: ['recordId', 'data'] });

  const { data: reading } = await repository.resource.get({ resourceId: demoResourceId(1) }).go();
  const readingTitle =
    (reading as { published?: { meta: { title: string } } } | null)?.published?.meta.title ?? 'Tài liệu đọc';
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  const lesson = (
    n: number,
    item: Omit<ClassLessonItem, 'lessonId' | 'courseId' | 'sortAt' | 'createdAt'>,
  ) => ({
    lessonId: nameBasedId(`class-lesson:demo:${courseId}:${n}`),
    courseId,
    ...item,
    sortAt: item.live?.startsAt ?? at(-14 + n),
    createdAt: at(-14 + n),
  });
  const startsAt = tomorrowEvening(now);
  const lessons: ClassLessonItem[] = [
    lesson(1, {
      title: 'Bài 1. Nguyên hàm',
      description: 'Đọc tài liệu trước buổi học trực tuyến; ghi lại câu hỏi vào vở.',
      materials: [{ resourceId: demoResourceId(1), title: readingTitle, kind: 'document' }],
    }),
    lesson(2, {
      title: 'Giờ học trực tuyến: luyện tập nguyên hàm',
      description: 'Chuẩn bị máy tính cầm tay và vở bài tập.',
      materials: [],
      live: {
        startsAt,
        endsAt: liveEnd(startsAt, 45),
        provider: 'Google Meet',
        meetingUrl: 'https://meet.google.com/vne-duca-12a1',
      },
    }),
  ];
  const assignment = (
    n: number,
    title: string,
    instructions: string,
    dueAt: string,
  ): ClassAssignmentItem => ({
    assignmentId: nameBasedId(`class-assignment:demo:${courseId}:${n}`),
    courseId,
    title,
    instructions,
    dueAt,
    maxScore: 10,
    createdAt: at(-10 + n),
  });
  const marked = assignment(
    1,
    'Bài tập 1: nguyên hàm cơ bản',
    'Làm các bài 1–6 trang 10 sách giáo khoa, nộp vở cho giáo viên.',
    at(-7),
  );
  const due = assignment(
    2,
    'Bài tập 2: phương pháp đổi biến số',
    'Giải các bài 7–12 trang 15; chụp ảnh bài làm hoặc nộp tệp PDF.',
    at(3),
  );

  for (const l of lessons) await courses.classLesson.put(l as never).go();
  await courses.classAssignment.put([marked, due] as never).go();
  // The first assignment, marked from the notebooks handed in (no files).
  const scores = [8.5, 7, 9, 6.5, 10, 7.5, 8, 5.5];
  await courses.classSubmission
    .put(
      learners.slice(0, scores.length).map((l, i) => ({
        assignmentId: marked.assignmentId,
        learnerId: l.recordId,
        courseId,
        fullName: String((l.data as { fullName?: string }).fullName ?? ''),
        score: scores[i]!,
        feedback: i % 2 ? 'Trình bày cẩn thận hơn ở bài 5.' : 'Làm tốt.',
        markedAt: at(-5),
        markedBy: TEACHER.accountId,
        markedByName: TEACHER.fullName,
      })),
    )
    .go();
  // The course last: its presence is what says the demo is seeded.
  await courses.classCourse
    .put({
      courseId,
      schoolId: SCHOOL,
      classId: class12A1.recordId,
      className: class12A1.name,
      grade: 12,
      schoolYear: '2026-2027',
      title: 'Toán 12A1 — Giải tích',
      subject: 'Toán',
      teacherId: TEACHER.accountId,
      teacherName: TEACHER.fullName,
      createdAt: at(-14),
    })
    .go();
  return { courses: 1 };
}
