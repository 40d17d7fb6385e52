/**
 * Class courses' handlers (classroom-routes.ts), part of the courses API. A teacher's routes are
 * checked with `course.teach` on the course's school and its teacher as owner; a pupil's and a
 * guardian's through their links (`course.attend`, `course.submit` on the linked learner), for a
 * learner who is in the course's class in the education database now. Anyone else gets 404.
 */
import type { ItemFacts, OrgTarget } from '#shared/auth/can.ts';
import { can } from '#shared/auth/can.ts';
import type { Permission } from '#shared/auth/permissions.ts';
import { nameBasedId } from '#shared/db/name-based-id.ts';
import { type RouteHandlers, reply } from '#shared/http/api.ts';
import { badRequest, conflict, fieldError, HttpProblem, notFound } from '#shared/http/problem.ts';
import {
  classesOfSchool,
  classList,
  classOf,
  type LinkablePerson,
  linkablePeople,
} from '../edu-data/index.ts';
import { type NotificationMessage, notifyQuietly } from '../notifications/messages.ts';
import { cityMaterials } from '../repository/index.ts';
import {
  type ClassAssignmentItem,
  type ClassCourseItem,
  type ClassLessonItem,
  handedIn,
  lessonView,
  makeClassroom,
  type Pupil,
  submissionView,
} from './classroom.ts';
import type { classroomRoutes } from './classroom-routes.ts';
import { vietnamTime } from './domain/bdtx.ts';
import { attendanceOnJoin, markText } from './domain/classroom.ts';
import { coursesText } from './domain/texts.ts';

const classroom = makeClassroom();

/** Tells pupils and guardians; a failure is logged, never the teacher's error. */
const tell = (messages: NotificationMessage[]) => notifyQuietly(messages, 'Class course notifications');
type Authorize = (permission: Permission, orgUnitId: string, item?: ItemFacts) => Promise<OrgTarget>;
interface Caller {
  sub: string;
  displayName?: string;
  links: readonly { recordId: string; relation: string }[];
}

const actorOf = (principal: { sub: string; displayName?: string }, requestId: string) => ({
  accountId: principal.sub,
  fullName: principal.displayName ?? principal.sub,
  requestId,
});
const pupilsOf = (classId: string): Promise<Pupil[]> => classList(classId);

/** A course the caller teaches (or leads the school of), and its school; else 404. */
async function teachable(courseId: string | undefined, authorize: Authorize) {
  const course = courseId ? await classroom.course(courseId) : undefined;
  if (!course) throw notFound();
  const unit = await authorize('course.teach', course.schoolId, { owner: course.teacherId });
  return { course, unit };
}

/** False when the check answers 404 (an item the caller may not have); other problems propagate. */
const permitted = (check: Promise<unknown>) =>
  check.then(
    () => true,
    (error: unknown) => {
      if (error instanceof HttpProblem && (error.status === 404 || error.status === 403)) return false;
      throw error;
    },
  );

/** The caller's linked learners (themself, their children) in the education database now. */
async function linkedLearners(principal: Caller) {
  const links = principal.links.filter((l) => l.relation === 'self' || l.relation === 'guardian');
  const people = await linkablePeople(links.map((l) => l.recordId));
  return links
    .map((l) => ({ person: people.get(l.recordId), relation: l.relation as 'self' | 'guardian' }))
    .filter((x): x is { person: LinkablePerson; relation: 'self' | 'guardian' } =>
      Boolean(x.person?.classId),
    );
}

/** The caller's linked learners who grant `permission` on them, each with their class. */
async function permittedLearners(principal: Caller, permission: Permission, authorize: Authorize) {
  const found: { learnerId: string; fullName: string; relation: 'self' | 'guardian'; classId: string }[] = [];
  for (const l of await linkedLearners(principal))
    if (await permitted(authorize(permission, l.person.schoolId, { person: l.person.recordId })))
      found.push({
        learnerId: l.person.recordId,
        fullName: l.person.fullName,
        relation: l.relation,
        classId: l.person.classId!,
      });
  return found;
}

/** Those of the caller's linked learners in the class who grant `permission` on them. */
async function followersIn(classId: string, principal: Caller, permission: Permission, authorize: Authorize) {
  return (await permittedLearners(principal, permission, authorize))
    .filter((l) => l.classId === classId)
    .map(({ classId: _classId, ...l }) => l);
}

/** The one pupil the caller is in the course's class (their own link), else 404. */
async function pupilIn(course: ClassCourseItem, principal: Caller, authorize: Authorize): Promise<Pupil> {
  const own = (await followersIn(course.classId, principal, 'course.submit', authorize)).find(
    (f) => f.relation === 'self',
  );
  if (!own) throw notFound();
  return { learnerId: own.learnerId, fullName: own.fullName };
}

const courseOf = async (courseId: string) => {
  const course = await classroom.course(courseId);
  if (!course) throw notFound();
  return course;
};
const assignmentOf = async (assignmentId: string) => {
  const assignment = await classroom.assignment(assignmentId);
  if (!assignment) throw notFound();
  return assignment;
};
const lessonOf = async (lessonId: string) => {
  const lesson = await classroom.lesson(lessonId);
  if (!lesson) throw notFound();
  return lesson;
};

/** A course as its class's pupils and guardians see it: their hand-ins, live lessons to come. */
async function followedCourse(
  course: ClassCourseItem,
  learners: { learnerId: string; fullName: string; relation: 'self' | 'guardian' }[],
  lessons: ClassLessonItem[],
) {
  const assignments = await classroom.assignmentsOf(course.courseId);
  const handIns = await classroom.submissions(
    assignments.flatMap((a) =>
      learners.map((l) => ({ assignmentId: a.assignmentId, learnerId: l.learnerId })),
    ),
  );
  const now = Date.now();
  return {
    ...course,
    learners,
    assignments: await Promise.all(
      assignments.map(async (a) => ({
        ...a,
        submissions: await Promise.all(
          learners.map((l) => submissionView(a, l, handIns.get(`${a.assignmentId}:${l.learnerId}`))),
        ),
      })),
    ),
    upcoming: lessons
      .filter((l) => l.live && Date.parse(l.live.endsAt) > now)
      .map((l) => lessonView(l, false)),
  };
}

export const classroomHandlers: RouteHandlers<typeof classroomRoutes> = {
  async listClassCourseClasses({ params, authorize }) {
    await authorize('course.teach', params.orgUnitId);
    return { items: await classesOfSchool(params.orgUnitId) };
  },

  async listClassCourses({ params, principal, authorize }) {
    const unit = await authorize('course.teach', params.orgUnitId);
    const courses = await classroom.ofSchool(params.orgUnitId);
    return {
      items: courses.filter((c) => can(principal, 'course.teach', { ...unit, item: { owner: c.teacherId } })),
    };
  },

  async createClassCourse({ params, body, principal, correlationId, authorize }) {
    const unit = await authorize('course.teach', params.orgUnitId, { owner: principal.sub });
    const cls = await classOf(body.classId);
    if (cls?.schoolId !== unit.orgUnitId)
      throw badRequest(coursesText('class-not-of-school'), [
        fieldError('body', 'classId', coursesText('class-not-of-school')),
      ]);
    const course = await classroom.create(unit, cls, body, actorOf(principal, correlationId));
    return reply(201, course);
  },

  async getClassCourse({ params, authorize }) {
    const { course } = await teachable(params.courseId, authorize);
    const [lessons, assignments, learners] = await Promise.all([
      classroom.lessonsOf(course.courseId),
      classroom.assignmentsOf(course.courseId),
      pupilsOf(course.classId),
    ]);
    const inClass = new Set(learners.map((l) => l.learnerId));
    return {
      course,
      lessons: lessons.map((l) => lessonView(l, true)),
      assignments: await Promise.all(
        assignments.map(async (a) => {
          const handIns = (await classroom.submissionsOf(a.assignmentId)).filter((s) =>
            inClass.has(s.learnerId),
          );
          return {
            ...a,
            submitted: handIns.filter(handedIn).length,
            marked: handIns.filter((s) => s.score !== undefined).length,
            learners: learners.length,
          };
        }),
      ),
      learners,
    };
  },

  async addClassLesson({ params, body, principal, correlationId, authorize }) {
    const { course, unit } = await teachable(params.courseId, authorize);
    const found = await cityMaterials(body.resourceIds);
    const missing = body.resourceIds.findIndex((id) => !found.has(id));
    if (missing >= 0)
      throw badRequest(coursesText('unknown-material'), [
        fieldError('body', `resourceIds.${missing}`, coursesText('unknown-material')),
      ]);
    const lesson = await classroom.addLesson(
      course,
      unit,
      {
        title: body.title,
        ...(body.description ? { description: body.description } : {}),
        materials: body.resourceIds.map((id) => {
          const m = found.get(id)!;
          return { resourceId: id, title: m.title, kind: m.kind };
        }),
        ...(body.live ? { live: body.live } : {}),
      },
      actorOf(principal, correlationId),
    );
    return reply(201, lessonView(lesson, true));
  },

  async addClassAssignment({ params, body, principal, correlationId, authorize }) {
    const { course, unit } = await teachable(params.courseId, authorize);
    const assignment = await classroom.addAssignment(course, unit, body, actorOf(principal, correlationId));
    // Each pupil of the class and their guardians are told (`edu:` reaches the linked accounts).
    const pupils = await pupilsOf(course.classId);
    await tell(
      pupils.map((p) => ({
        notificationId: nameBasedId(`class-assignment-set:${assignment.assignmentId}:${p.learnerId}`),
        channel: 'app' as const,
        recipientId: `edu:${p.learnerId}`,
        template: 'class-assignment-set',
        data: { course: course.title, title: assignment.title, due: vietnamTime(assignment.dueAt) },
      })),
    );
    return reply(201, assignment);
  },

  async listClassSubmissions({ params, authorize }) {
    const assignment = await assignmentOf(params.assignmentId);
    const { course } = await teachable(assignment.courseId, authorize);
    const [pupils, handIns] = await Promise.all([
      pupilsOf(course.classId),
      classroom.submissionsOf(assignment.assignmentId),
    ]);
    const byLearner = new Map(handIns.map((s) => [s.learnerId, s]));
    const inClass = new Set(pupils.map((p) => p.learnerId));
    // Those who left the class after handing in keep their row, marked as no longer in the class.
    const left = handIns
      .filter((s) => !inClass.has(s.learnerId))
      .map((s) => ({ learnerId: s.learnerId, fullName: s.fullName }));
    return {
      assignment,
      course,
      items: await Promise.all([
        ...pupils.map(async (p) => ({
          ...(await submissionView(assignment, p, byLearner.get(p.learnerId))),
          inClass: true,
        })),
        ...left.map(async (p) => ({
          ...(await submissionView(assignment, p, byLearner.get(p.learnerId))),
          inClass: false,
        })),
      ]),
    };
  },

  async markClassSubmission({ params, body, principal, correlationId, authorize }) {
    const assignment = await assignmentOf(params.assignmentId);
    const { course, unit } = await teachable(assignment.courseId, authorize);
    const key = `${assignment.assignmentId}:${body.learnerId}`;
    const [pupils, handIns] = await Promise.all([
      pupilsOf(course.classId),
      classroom.submissions([{ assignmentId: assignment.assignmentId, learnerId: body.learnerId }]),
    ]);
    const seen = handIns.get(key);
    const pupil = pupils.find((p) => p.learnerId === body.learnerId) ?? seen;
    if (!pupil)
      throw badRequest(coursesText('not-in-class'), [
        fieldError('body', 'learnerId', coursesText('not-in-class')),
      ]);
    const marked = await classroom.mark(
      assignment,
      unit,
      { learnerId: pupil.learnerId, fullName: pupil.fullName },
      {
        score: body.score,
        ...(body.feedback ? { feedback: body.feedback } : {}),
        ...(body.submittedAt ? { submittedAt: new Date(body.submittedAt).toISOString() } : {}),
      },
      actorOf(principal, correlationId),
      seen,
    );
    await tell([
      {
        // A new mark is told again: its time is in the id.
        notificationId: nameBasedId(
          `class-work-marked:${assignment.assignmentId}:${pupil.learnerId}:${marked.markedAt}`,
        ),
        channel: 'app',
        recipientId: `edu:${pupil.learnerId}`,
        template: 'class-work-marked',
        data: {
          course: course.title,
          title: assignment.title,
          score: markText(body.score, assignment.maxScore),
        },
      },
    ]);
    return submissionView(assignment, pupil, marked);
  },

  async getClassAttendance({ params, authorize }) {
    const lesson = await lessonOf(params.lessonId);
    const { course } = await teachable(lesson.courseId, authorize);
    if (!lesson.live) throw conflict(coursesText('not-live'));
    const [pupils, records] = await Promise.all([
      pupilsOf(course.classId),
      classroom.attendanceOf(lesson.lessonId),
    ]);
    const byLearner = new Map(records.map((r) => [r.learnerId, r]));
    return {
      lesson: lessonView(lesson, true),
      items: pupils.map((p) => {
        const r = byLearner.get(p.learnerId);
        return {
          ...p,
          ...(r?.status ? { status: r.status } : {}),
          ...(r?.joinedAt ? { joinedAt: r.joinedAt } : {}),
        };
      }),
    };
  },

  async recordClassAttendance({ params, body, principal, correlationId, authorize }) {
    const lesson = await lessonOf(params.lessonId);
    const { course, unit } = await teachable(lesson.courseId, authorize);
    if (!lesson.live) throw conflict(coursesText('not-live'));
    const inClass = new Set((await pupilsOf(course.classId)).map((p) => p.learnerId));
    const stranger = body.entries.findIndex((e) => !inClass.has(e.learnerId));
    if (stranger >= 0)
      throw badRequest(coursesText('not-in-class'), [
        fieldError('body', `entries.${stranger}.learnerId`, coursesText('not-in-class')),
      ]);
    // The last word for a pupil named twice.
    const entries = [...new Map(body.entries.map((e) => [e.learnerId, e])).values()];
    return {
      recorded: await classroom.recordAttendance(lesson, unit, entries, actorOf(principal, correlationId)),
    };
  },

  async listMyClassCourses({ principal, authorize }) {
    const byClass = new Map<
      string,
      { learnerId: string; fullName: string; relation: 'self' | 'guardian' }[]
    >();
    for (const { classId, ...l } of await permittedLearners(principal, 'course.attend', authorize))
      byClass.set(classId, [...(byClass.get(classId) ?? []), l]);
    const perClass = await Promise.all(
      [...byClass].map(async ([classId, learners]) =>
        Promise.all(
          (await classroom.ofClass(classId)).map(async (course) =>
            followedCourse(course, learners, await classroom.lessonsOf(course.courseId)),
          ),
        ),
      ),
    );
    return { items: perClass.flat() };
  },

  async getMyClassCourse({ params, principal, authorize }) {
    const course = await courseOf(params.courseId);
    const learners = await followersIn(course.classId, principal, 'course.attend', authorize);
    if (!learners.length) throw notFound();
    const lessons = await classroom.lessonsOf(course.courseId);
    return {
      ...(await followedCourse(course, learners, lessons)),
      lessons: lessons.map((l) => lessonView(l, false)),
    };
  },

  async requestSubmissionUpload({ params, body, principal, authorize }) {
    const assignment = await assignmentOf(params.assignmentId);
    const pupil = await pupilIn(await courseOf(assignment.courseId), principal, authorize);
    return reply(201, await classroom.uploadFor(assignment, pupil, body));
  },

  async submitClassAssignment({ params, body, principal, authorize }) {
    const assignment: ClassAssignmentItem = await assignmentOf(params.assignmentId);
    const pupil = await pupilIn(await courseOf(assignment.courseId), principal, authorize);
    const handIn = await classroom.submit(assignment, pupil, body.files, principal.sub);
    return submissionView(assignment, pupil, handIn);
  },

  async joinClassLesson({ params, principal, authorize }) {
    const lesson = await lessonOf(params.lessonId);
    const pupil = await pupilIn(await courseOf(lesson.courseId), principal, authorize);
    if (!lesson.live) throw conflict(coursesText('not-live'));
    const status = attendanceOnJoin(lesson.live, new Date());
    if (!status) throw conflict(coursesText('join-closed'));
    return {
      meetingUrl: lesson.live.meetingUrl,
      status: await classroom.join(lesson, pupil.learnerId, status),
    };
  },
};
