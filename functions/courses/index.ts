/**
 * What other contexts may ask of the courses context (they never read its items directly): the
 * grade book (issue 22) reads the marks of a class's courses from here.
 */
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
