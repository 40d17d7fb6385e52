/**
 * Class courses (functions/courses/classroom-routes.ts): a teacher's course for a class of the
 * education database — lessons with the repository's materials and live lessons, assignments with
 * hand-ins, marks and feedback — and what the class's pupils and their guardians see of it. The
 * limits and lists come from the courses context's rules (a module without dependencies), so the
 * portal checks a file as the API will.
 */
import type { AttendanceStatus, SubmissionState } from '../../../functions/courses/domain/classroom.ts';
import type { UploadLink } from './client.ts';

export {
  ATTENDANCE_STATUSES,
  type AttendanceStatus,
  JOIN_OPENS_MINUTES,
  MAX_ATTENDANCE_ENTRIES,
  MAX_MATERIALS,
  MAX_SCORE,
  MAX_SUBMISSION_BYTES,
  MAX_SUBMISSION_FILES,
  SUBMISSION_TYPES,
  type SubmissionState,
} from '../../../functions/courses/domain/classroom.ts';

/** A class of the school a course can be opened for (the teacher's picker). */
export interface ClassChoice {
  classId: string;
  name: string;
  grade: number;
  schoolYear: string;
  learners: number;
}

export interface ClassCourse {
  courseId: string;
  schoolId: string;
  classId: string;
  className: string;
  grade: number;
  schoolYear: string;
  title: string;
  subject: string;
  teacherId: string;
  teacherName: string;
  createdAt: string;
}

export interface ClassMaterial {
  resourceId: string;
  title: string;
  /** The repository's kind (video, document…), when the API says it. */
  kind?: string;
}

export interface LiveLesson {
  startsAt: string;
  endsAt: string;
  /** Microsoft Teams, Google Meet or Zoom. */
  provider: string;
  /** The teacher's view only: pupils get it by joining, guardians never. */
  meetingUrl?: string;
}

export interface ClassLesson {
  lessonId: string;
  courseId: string;
  title: string;
  description?: string;
  materials: ClassMaterial[];
  live?: LiveLesson;
  createdAt: string;
}

export interface ClassAssignment {
  assignmentId: string;
  courseId: string;
  title: string;
  instructions?: string;
  dueAt: string;
  maxScore: number;
  createdAt: string;
}

export interface ClassFile {
  fileId: string;
  fileName: string;
  contentType: string;
  size: number;
  /** A 5-minute link to read the file. */
  url: string;
}

export interface ClassSubmission {
  learnerId: string;
  fullName: string;
  state: SubmissionState;
  files: ClassFile[];
  submittedAt?: string;
  score?: number;
  feedback?: string;
  markedAt?: string;
  markedByName?: string;
}

export interface Pupil {
  learnerId: string;
  fullName: string;
}

/** GET /class-courses/{courseId}: the teacher's view. */
export interface TaughtCourse {
  course: ClassCourse;
  lessons: ClassLesson[];
  assignments: (ClassAssignment & { submitted: number; marked: number; learners: number })[];
  learners: Pupil[];
}

/** GET /class-assignments/{assignmentId}/submissions. */
export interface AssignmentHandIns {
  assignment: ClassAssignment;
  course: ClassCourse;
  items: (ClassSubmission & { inClass: boolean })[];
}

/** GET /class-lessons/{lessonId}/attendance. */
export interface LessonAttendance {
  lesson: ClassLesson;
  items: (Pupil & { status?: AttendanceStatus; joinedAt?: string })[];
}

/** A linked learner who follows a course: oneself, or one's child. */
export interface Follower extends Pupil {
  relation: 'self' | 'guardian';
}

/** GET /me/class-courses: a course of one's class (or a child's). */
export interface FollowedCourse extends ClassCourse {
  learners: Follower[];
  assignments: (ClassAssignment & { submissions: ClassSubmission[] })[];
  /** Live lessons to come or under way, soonest first. */
  upcoming: ClassLesson[];
}

/** GET /me/class-courses/{courseId}. */
export interface FollowedCourseDetail extends FollowedCourse {
  lessons: ClassLesson[];
}

/** POST /me/class-assignments/{assignmentId}/files. */
export interface SubmissionUpload {
  fileId: string;
  upload: UploadLink;
}

/** POST /me/class-lessons/{lessonId}/join. */
export interface Joined {
  meetingUrl: string;
  status: AttendanceStatus;
}
