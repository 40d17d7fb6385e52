/**
 * Class courses' routes (seed 004 task 12; docs/courses.md, "Class courses"): a teacher's course
 * for a class of the education database — lessons with the repository's materials and live
 * lessons' meeting links and attendance, assignments with file submissions, marks and feedback
 * (what the grade book reads) — and what the class's pupils and their guardians see of it.
 * Part of the courses context's manifest; kept apart because it is a screenful of its own.
 */
import * as z from 'zod';
import type { RouteDefinition } from '#shared/manifest.ts';
import { uploadLinkSchema } from '#shared/storage/upload-link.ts';
import {
  ATTENDANCE_STATUSES,
  MAX_ATTENDANCE_ENTRIES,
  MAX_MATERIALS,
  MAX_SCORE,
  MAX_SUBMISSION_BYTES,
  MAX_SUBMISSION_FILES,
  SUBMISSION_STATES,
  SUBMISSION_TYPES,
} from './domain/classroom.ts';

const tags = ['class courses'];
const orgUnitId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/, 'Must be an organisation unit code');
const isoTime = z.iso.datetime({ offset: true });
const courseParams = z.object({ courseId: z.uuid() });
const assignmentParams = z.object({ assignmentId: z.uuid() });
const lessonParams = z.object({ lessonId: z.uuid() });
/** A score as Vietnamese schools write it: 0–10 with one decimal. */
const score = z
  .number()
  .min(0)
  .max(MAX_SCORE)
  .refine((n) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9, 'At most one decimal place');

const courseSchema = z
  .object({
    courseId: z.string(),
    schoolId: z.string(),
    classId: z.string(),
    className: z.string(),
    grade: z.number(),
    schoolYear: z.string(),
    title: z.string(),
    subject: z.string(),
    teacherId: z.string(),
    teacherName: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'ClassCourse' });
const materialSchema = z.object({ resourceId: z.string(), title: z.string(), kind: z.string() });
const liveSchema = z.object({
  startsAt: z.string(),
  endsAt: z.string(),
  /** Teams, Meet or Zoom. */
  provider: z.string(),
  /** Given to the teacher and, through "join", to the class's pupils; never to guardians. */
  meetingUrl: z.string().optional(),
});
const lessonSchema = z
  .object({
    lessonId: z.string(),
    courseId: z.string(),
    title: z.string(),
    description: z.string().optional(),
    materials: z.array(materialSchema),
    live: liveSchema.optional(),
    createdAt: z.string(),
  })
  .meta({ id: 'ClassLesson' });
const assignmentSchema = z
  .object({
    assignmentId: z.string(),
    courseId: z.string(),
    title: z.string(),
    instructions: z.string().optional(),
    dueAt: z.string(),
    maxScore: z.number(),
    createdAt: z.string(),
  })
  .meta({ id: 'ClassAssignment' });
const fileSchema = z.object({
  fileId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  /** A 5-minute link to read the file (the checked version). */
  url: z.string(),
});
const submissionSchema = z
  .object({
    learnerId: z.string(),
    fullName: z.string(),
    /** missing: nothing handed in (yet); submitted; late: after the due time; marked. */
    state: z.enum(SUBMISSION_STATES),
    files: z.array(fileSchema),
    submittedAt: z.string().optional(),
    score: z.number().optional(),
    feedback: z.string().optional(),
    markedAt: z.string().optional(),
    markedByName: z.string().optional(),
  })
  .meta({ id: 'ClassSubmission' });
const classSchema = z.object({
  classId: z.string(),
  name: z.string(),
  grade: z.number(),
  schoolYear: z.string(),
  learners: z.number(),
});
/** An assignment as its class's learners see it: with each linked learner's hand-in. */
const dueSchema = assignmentSchema.extend({ submissions: z.array(submissionSchema) });
const followedCourseSchema = courseSchema.extend({
  /** The linked learners of this class who follow it: oneself, or one's children. */
  learners: z.array(
    z.object({ learnerId: z.string(), fullName: z.string(), relation: z.enum(['self', 'guardian']) }),
  ),
  assignments: z.array(dueSchema),
  /** Live lessons to come (or under way), soonest first. */
  upcoming: z.array(lessonSchema),
});

export const classroomRoutes = {
  listClassCourseClasses: {
    method: 'GET',
    path: '/org-units/{orgUnitId}/class-course-classes',
    permission: 'course.teach',
    summary: 'The school’s classes of the education database a class course can be opened for',
    tags,
    request: { params: z.object({ orgUnitId }) },
    response: { schema: z.object({ items: z.array(classSchema) }) },
  },
  listClassCourses: {
    method: 'GET',
    path: '/org-units/{orgUnitId}/class-courses',
    permission: 'course.teach',
    summary:
      'A school’s class courses the caller teaches (all of them for the school’s leaders), newest first',
    tags,
    request: { params: z.object({ orgUnitId }) },
    response: { schema: z.object({ items: z.array(courseSchema) }) },
  },
  createClassCourse: {
    method: 'POST',
    path: '/org-units/{orgUnitId}/class-courses',
    permission: 'course.teach',
    summary:
      'Open a course for a class of the school (its pupils follow the class list as it changes); audited',
    tags,
    request: {
      params: z.object({ orgUnitId }),
      body: z.object({
        classId: z.uuid(),
        title: z.string().trim().min(3).max(200),
        subject: z.string().trim().min(1).max(60),
      }),
    },
    response: { status: 201, schema: courseSchema },
  },
  getClassCourse: {
    method: 'GET',
    path: '/class-courses/{courseId}',
    permission: 'course.teach',
    summary:
      'A class course as its teacher sees it: lessons, assignments with hand-in counts, and the class list today',
    tags,
    request: { params: courseParams },
    response: {
      schema: z.object({
        course: courseSchema,
        lessons: z.array(lessonSchema),
        assignments: z.array(
          assignmentSchema.extend({ submitted: z.number(), marked: z.number(), learners: z.number() }),
        ),
        learners: z.array(z.object({ learnerId: z.string(), fullName: z.string() })),
      }),
    },
  },
  addClassLesson: {
    method: 'POST',
    path: '/class-courses/{courseId}/lessons',
    permission: 'course.teach',
    summary:
      'Add a lesson: materials from the learning repository and, for a live lesson, its time and a Teams, Meet or Zoom link',
    tags,
    request: {
      params: courseParams,
      body: z.object({
        title: z.string().trim().min(3).max(200),
        description: z.string().trim().max(5000).optional(),
        resourceIds: z.array(z.uuid()).max(MAX_MATERIALS).default([]),
        live: z
          .object({
            startsAt: isoTime,
            durationMinutes: z.number().int().min(10).max(240),
            meetingUrl: z.string().trim().max(500),
          })
          .optional(),
      }),
    },
    response: { status: 201, schema: lessonSchema },
  },
  addClassAssignment: {
    method: 'POST',
    path: '/class-courses/{courseId}/assignments',
    permission: 'course.teach',
    summary: 'Set an assignment: its instructions, due time and the score it is marked out of',
    tags,
    request: {
      params: courseParams,
      body: z.object({
        title: z.string().trim().min(3).max(200),
        instructions: z.string().trim().max(5000).optional(),
        dueAt: isoTime,
        maxScore: z.number().int().min(1).max(MAX_SCORE).default(MAX_SCORE),
      }),
    },
    response: { status: 201, schema: assignmentSchema },
  },
  listClassSubmissions: {
    method: 'GET',
    path: '/class-assignments/{assignmentId}/submissions',
    permission: 'course.teach',
    summary:
      'An assignment’s hand-ins, one row per pupil of the class today (and any who left after handing in), by name',
    tags,
    request: { params: assignmentParams },
    response: {
      schema: z.object({
        assignment: assignmentSchema,
        course: courseSchema,
        items: z.array(submissionSchema.extend({ inClass: z.boolean() })),
      }),
    },
  },
  markClassSubmission: {
    method: 'POST',
    path: '/class-assignments/{assignmentId}/marks',
    permission: 'course.teach',
    summary: 'Mark a pupil’s hand-in: the score and feedback (marked again, the last mark holds); audited',
    tags,
    request: {
      params: assignmentParams,
      body: z.object({
        learnerId: z.uuid(),
        score,
        feedback: z.string().trim().max(2000).optional(),
        /** The hand-in the teacher marked, by its time; absent when there was none (work on paper). */
        submittedAt: z.iso.datetime().optional(),
      }),
    },
    response: { schema: submissionSchema },
  },
  getClassAttendance: {
    method: 'GET',
    path: '/class-lessons/{lessonId}/attendance',
    permission: 'course.teach',
    summary:
      'A live lesson’s attendance, one row per pupil of the class: who joined, when, and what the teacher set',
    tags,
    request: { params: lessonParams },
    response: {
      schema: z.object({
        lesson: lessonSchema,
        items: z.array(
          z.object({
            learnerId: z.string(),
            fullName: z.string(),
            status: z.enum(ATTENDANCE_STATUSES).optional(),
            joinedAt: z.string().optional(),
          }),
        ),
      }),
    },
  },
  recordClassAttendance: {
    method: 'PUT',
    path: '/class-lessons/{lessonId}/attendance',
    permission: 'course.teach',
    summary:
      'Record a live lesson’s attendance for pupils of the class (present, late, excused, absent); audited',
    tags,
    request: {
      params: lessonParams,
      body: z.object({
        entries: z
          .array(z.object({ learnerId: z.uuid(), status: z.enum(ATTENDANCE_STATUSES) }))
          .min(1)
          // One transaction with the audit entry (at most 100 items); a class has at most 45 pupils.
          .max(MAX_ATTENDANCE_ENTRIES),
      }),
    },
    response: { schema: z.object({ recorded: z.number() }) },
  },
  listMyClassCourses: {
    method: 'GET',
    path: '/me/class-courses',
    permission: 'course.attend',
    signIn: 'any',
    summary:
      'The class courses of one’s class, or of one’s children’s classes: assignments with each one’s hand-in, live lessons to come',
    tags,
    response: { schema: z.object({ items: z.array(followedCourseSchema) }) },
  },
  getMyClassCourse: {
    method: 'GET',
    path: '/me/class-courses/{courseId}',
    permission: 'course.attend',
    signIn: 'any',
    summary:
      'A class course of one’s class (or a child’s): its lessons and materials, assignments and hand-ins',
    tags,
    request: { params: courseParams },
    response: { schema: followedCourseSchema.extend({ lessons: z.array(lessonSchema) }) },
  },
  requestSubmissionUpload: {
    method: 'POST',
    path: '/me/class-assignments/{assignmentId}/files',
    permission: 'course.submit',
    signIn: 'any',
    summary: 'A form to upload one file of one’s hand-in (PDF, Word, image; at most 20 MB)',
    tags,
    request: {
      params: assignmentParams,
      body: z.object({
        fileName: z.string().trim().min(1).max(200),
        contentType: z.enum(SUBMISSION_TYPES),
        size: z.number().int().min(1).max(MAX_SUBMISSION_BYTES),
      }),
    },
    response: { status: 201, schema: z.object({ fileId: z.string(), upload: uploadLinkSchema }) },
  },
  submitClassAssignment: {
    method: 'PUT',
    path: '/me/class-assignments/{assignmentId}/submission',
    permission: 'course.submit',
    signIn: 'any',
    summary:
      'Hand in (or hand in again, until it is marked) the uploaded files; after the due time the hand-in is late',
    tags,
    request: {
      params: assignmentParams,
      body: z.object({
        files: z
          .array(z.object({ fileId: z.uuid(), fileName: z.string().trim().min(1).max(200) }))
          .min(1)
          .max(MAX_SUBMISSION_FILES),
      }),
    },
    response: { schema: submissionSchema },
  },
  joinClassLesson: {
    method: 'POST',
    path: '/me/class-lessons/{lessonId}/join',
    permission: 'course.submit',
    signIn: 'any',
    summary:
      'Join a live lesson (from 15 minutes before it starts until it ends): attendance is recorded and the meeting link given',
    tags,
    request: { params: lessonParams },
    response: { schema: z.object({ meetingUrl: z.string(), status: z.enum(ATTENDANCE_STATUSES) }) },
  },
} satisfies Record<string, RouteDefinition>;
