/**
 * What other contexts may ask of the courses context (they never read its items directly): the
 * grade book (issue 22) reads the marks of a class's courses from here; a person's own data export
 * a learner's work in their class's courses.
 */
import { learnerOf } from '../edu-data/index.ts';
import { makeClassroom } from './classroom.ts';

export interface ClassCourseMarks {
  courseId: string;
  title: string;
  subject: string;
  teacherId: string;
  assignments: {
    assignmentId: string;
    title: string;
    dueAt: string;
    maxScore: number;
    /** The marked pupils (learner record ids of the education database), in no set order. */
    marks: { learnerId: string; score: number }[];
  }[];
}

/** Every class course of a class with its assignments and their marks (one Query each). */
export async function classCourseMarks(classId: string): Promise<ClassCourseMarks[]> {
  const classroom = makeClassroom();
  return Promise.all(
    (await classroom.ofClass(classId)).map(async (course) => ({
      courseId: course.courseId,
      title: course.title,
      subject: course.subject,
      teacherId: course.teacherId,
      assignments: await Promise.all(
        (await classroom.assignmentsOf(course.courseId)).map(async (a) => ({
          assignmentId: a.assignmentId,
          title: a.title,
          dueAt: a.dueAt,
          maxScore: a.maxScore,
          marks: (await classroom.submissionsOf(a.assignmentId))
            .filter((s) => s.score !== undefined)
            .map((s) => ({ learnerId: s.learnerId, score: s.score! })),
        })),
      ),
    })),
  );
}

/** A learner's hand-ins, marks and live-lesson attendance, as their own data export lists them. */
export interface ClassWork {
  handIns: {
    course: string;
    assignment: string;
    dueAt: string;
    submittedAt?: string;
    files: string[];
    score?: number;
    maxScore: number;
    feedback?: string;
    markedAt?: string;
  }[];
  attendance: { course: string; lesson: string; startsAt: string; status?: string; joinedAt?: string }[];
}

/**
 * What the class courses hold on a learner: their work in the courses of their class today
 * (hand-ins are kept by assignment, so work in a former class's courses is not found from the
 * learner; the document says so).
 */
export async function classWorkOf(learnerId: string): Promise<ClassWork> {
  const classroom = makeClassroom();
  const learner = await learnerOf(learnerId);
  if (!learner?.classId) return { handIns: [], attendance: [] };
  const work: ClassWork = { handIns: [], attendance: [] };
  for (const course of await classroom.ofClass(learner.classId)) {
    const [assignments, lessons] = await Promise.all([
      classroom.assignmentsOf(course.courseId),
      classroom.lessonsOf(course.courseId),
    ]);
    const handIns = await classroom.submissions(
      assignments.map((a) => ({ assignmentId: a.assignmentId, learnerId })),
    );
    for (const a of assignments) {
      const h = handIns.get(`${a.assignmentId}:${learnerId}`);
      if (!h) continue;
      work.handIns.push({
        course: course.title,
        assignment: a.title,
        dueAt: a.dueAt,
        ...(h.submittedAt ? { submittedAt: h.submittedAt } : {}),
        files: (h.files ?? []).map((f) => f.fileName),
        ...(h.score !== undefined ? { score: h.score, maxScore: a.maxScore } : { maxScore: a.maxScore }),
        ...(h.feedback ? { feedback: h.feedback } : {}),
        ...(h.markedAt ? { markedAt: h.markedAt } : {}),
      });
    }
    for (const l of lessons.filter((x) => x.live)) {
      const present = (await classroom.attendanceOf(l.lessonId)).find((r) => r.learnerId === learnerId);
      if (present)
        work.attendance.push({
          course: course.title,
          lesson: l.title,
          startsAt: l.live!.startsAt,
          ...(present.status ? { status: present.status } : {}),
          ...(present.joinedAt ? { joinedAt: present.joinedAt } : {}),
        });
    }
  }
  return work;
}
