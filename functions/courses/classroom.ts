/**
 * Class courses on the table (seed 004 task 12): a teacher's course for a class, its lessons,
 * assignments, pupils' hand-ins with their marks, and live lessons' attendance. Who the pupils are
 * is the education database's class list at the time of asking (the caller passes it): a pupil
 * who moves class leaves the course, and their hand-ins stay where they were. Changes a teacher
 * makes are audited in the same transaction; a hand-in's files are checked (present, size, type)
 * and their S3 versions recorded, so what the teacher reads is what was handed in.
 */
import { randomUUID } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { isConditionFailure } from '#shared/db/errors.ts';
import { badRequest, conflict, fieldError } from '#shared/http/problem.ts';
import { headObject, presignDownload } from '#shared/storage/s3.ts';
import { uploadLink } from '#shared/storage/upload-link.ts';
import {
  type AttendanceStatus,
  dueFits,
  liveEnd,
  liveStartFits,
  MAX_SUBMISSION_BYTES,
  meetingProvider,
  SUBMISSION_TYPES,
  scoreFits,
  submissionState,
} from './domain/classroom.ts';
import { coursesText } from './domain/texts.ts';
import { type CourseEntities, courseEntities } from './entities.ts';
import { CLASS_SUBMISSION_PREFIX } from './messages.ts';

export interface ClassCourseItem {
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
export interface Material {
  resourceId: string;
  title: string;
  kind: string;
}
export interface LiveLesson {
  startsAt: string;
  endsAt: string;
  provider: string;
  meetingUrl: string;
}
export interface ClassLessonItem {
  lessonId: string;
  courseId: string;
  title: string;
  description?: string;
  materials: Material[];
  live?: LiveLesson;
  sortAt: string;
  createdAt: string;
}
export interface ClassAssignmentItem {
  assignmentId: string;
  courseId: string;
  title: string;
  instructions?: string;
  dueAt: string;
  maxScore: number;
  createdAt: string;
}
export interface HandedInFile {
  fileId: string;
  fileName: string;
  contentType: string;
  size: number;
  versionId?: string;
}
export interface ClassSubmissionItem {
  assignmentId: string;
  learnerId: string;
  courseId: string;
  fullName: string;
  files: HandedInFile[];
  submittedAt?: string;
  submittedBy?: string;
  score?: number;
  feedback?: string;
  markedAt?: string;
  markedBy?: string;
  markedByName?: string;
}
export interface AttendanceItem {
  lessonId: string;
  learnerId: string;
  status?: AttendanceStatus;
  joinedAt?: string;
  recordedBy?: string;
  recordedAt?: string;
}
/** A pupil of the class, as the education database names them. */
export interface Pupil {
  learnerId: string;
  fullName: string;
}
export interface Actor {
  accountId: string;
  fullName: string;
  requestId: string;
}

/** Where a hand-in's file is uploaded (documents bucket): by ids only, nothing personal in the key. */
export const submissionFileKey = (assignmentId: string, learnerId: string, fileId: string) =>
  `${CLASS_SUBMISSION_PREFIX}${assignmentId}/${learnerId}/${fileId}`;
const UPLOAD_SECONDS = 900;

/** A hand-in as people read it: its state against the due time, and 5-minute links to its files. */
export async function submissionView(
  assignment: ClassAssignmentItem,
  pupil: Pupil,
  item: ClassSubmissionItem | undefined,
) {
  const files = await Promise.all(
    (item?.files ?? []).map(async (f) => ({
      fileId: f.fileId,
      fileName: f.fileName,
      contentType: f.contentType,
      size: f.size,
      url: await presignDownload(
        'documents',
        submissionFileKey(assignment.assignmentId, pupil.learnerId, f.fileId),
        300,
        f.fileName,
        f.versionId,
      ),
    })),
  );
  return {
    learnerId: pupil.learnerId,
    fullName: pupil.fullName,
    state: submissionState(item, assignment.dueAt),
    files,
    ...(item?.submittedAt ? { submittedAt: item.submittedAt } : {}),
    ...(item?.score !== undefined ? { score: item.score } : {}),
    ...(item?.feedback ? { feedback: item.feedback } : {}),
    ...(item?.markedAt ? { markedAt: item.markedAt } : {}),
    ...(item?.markedByName ? { markedByName: item.markedByName } : {}),
  };
}

/** A lesson as people read it: the meeting link only to those who may join or run it. */
export function lessonView(l: ClassLessonItem, withLink: boolean) {
  const { sortAt: _sortAt, live, ...rest } = l;
  if (!live) return rest;
  if (withLink) return { ...rest, live };
  const { meetingUrl: _meetingUrl, ...when } = live;
  return { ...rest, live: when };
}

export function makeClassroom(entities: () => CourseEntities = courseEntities) {
  const audit = (
    unit: OrgTarget,
    actor: Actor,
    action: string,
    targetType: string,
    targetId: string,
    changes: Record<string, unknown>,
  ) =>
    auditEntry({
      actorId: actor.accountId,
      action,
      targetType,
      targetId,
      orgUnit: unit,
      requestId: actor.requestId,
      changes,
    });

  return {
    async course(courseId: string): Promise<ClassCourseItem | undefined> {
      const { data } = await entities().classCourse.get({ courseId }).go();
      return (data as ClassCourseItem | null) ?? undefined;
    },
    async lesson(lessonId: string): Promise<ClassLessonItem | undefined> {
      const { data } = await entities().classLesson.get({ lessonId }).go();
      return (data as ClassLessonItem | null) ?? undefined;
    },
    async assignment(assignmentId: string): Promise<ClassAssignmentItem | undefined> {
      const { data } = await entities().classAssignment.get({ assignmentId }).go();
      return (data as ClassAssignmentItem | null) ?? undefined;
    },

    /** A school's class courses, newest first. */
    async ofSchool(schoolId: string): Promise<ClassCourseItem[]> {
      const { data } = await entities()
        .classCourse.query.bySchool({ schoolId })
        .go({ pages: 'all', order: 'desc' });
      return data as ClassCourseItem[];
    },
    /** A class's courses, newest first. */
    async ofClass(classId: string): Promise<ClassCourseItem[]> {
      const { data } = await entities()
        .classCourse.query.byClass({ classId })
        .go({ pages: 'all', order: 'desc' });
      return data as ClassCourseItem[];
    },
    async lessonsOf(courseId: string): Promise<ClassLessonItem[]> {
      const { data } = await entities().classLesson.query.byCourse({ courseId }).go({ pages: 'all' });
      return data as ClassLessonItem[];
    },
    async assignmentsOf(courseId: string): Promise<ClassAssignmentItem[]> {
      const { data } = await entities().classAssignment.query.byCourse({ courseId }).go({ pages: 'all' });
      return data as ClassAssignmentItem[];
    },
    async submissionsOf(assignmentId: string): Promise<ClassSubmissionItem[]> {
      const { data } = await entities()
        .classSubmission.query.byAssignment({ assignmentId })
        .go({ pages: 'all' });
      return data as ClassSubmissionItem[];
    },
    /** Hand-ins by (assignment, pupil): one BatchGet for a pupil's (or a family's) view. */
    async submissions(keys: readonly { assignmentId: string; learnerId: string }[]) {
      const found = new Map<string, ClassSubmissionItem>();
      for (let i = 0; i < keys.length; i += 100) {
        const { data } = await entities()
          .classSubmission.get(keys.slice(i, i + 100).map((k) => ({ ...k })))
          .go();
        for (const s of data as ClassSubmissionItem[]) found.set(`${s.assignmentId}:${s.learnerId}`, s);
      }
      return found;
    },
    async attendanceOf(lessonId: string): Promise<AttendanceItem[]> {
      const { data } = await entities().classAttendance.query.byLesson({ lessonId }).go({ pages: 'all' });
      return data as AttendanceItem[];
    },

    /** Opens a course for a class (the class checked by the caller as the school's own), audited. */
    async create(
      unit: OrgTarget,
      cls: { classId: string; name: string; grade: number; schoolYear: string },
      input: { title: string; subject: string },
      actor: Actor,
    ) {
      const item: ClassCourseItem = {
        courseId: randomUUID(),
        schoolId: unit.orgUnitId,
        classId: cls.classId,
        className: cls.name,
        grade: cls.grade,
        schoolYear: cls.schoolYear,
        title: input.title,
        subject: input.subject,
        teacherId: actor.accountId,
        teacherName: actor.fullName,
        createdAt: new Date().toISOString(),
      };
      await entities()
        .service.transaction.write(({ classCourse, auditEntry: log }) => [
          classCourse.create(item).commit(),
          log
            .create(
              audit(unit, actor, 'class-course.create', 'class-course', item.courseId, {
                classId: cls.classId,
                title: input.title,
                subject: input.subject,
              }),
            )
            .commit(),
        ])
        .go();
      return item;
    },

    /** Adds a lesson; a live lesson's link must be Teams, Meet or Zoom over https. */
    async addLesson(
      course: ClassCourseItem,
      unit: OrgTarget,
      input: {
        title: string;
        description?: string;
        materials: Material[];
        live?: { startsAt: string; durationMinutes: number; meetingUrl: string };
      },
      actor: Actor,
    ) {
      let live: LiveLesson | undefined;
      if (input.live && !liveStartFits(input.live.startsAt, new Date()))
        throw badRequest(coursesText('live-out-of-range'), [
          fieldError('body', 'live.startsAt', coursesText('live-out-of-range')),
        ]);
      if (input.live) {
        const provider = meetingProvider(input.live.meetingUrl);
        if (!provider)
          throw badRequest(coursesText('meeting-link'), [
            fieldError('body', 'live.meetingUrl', coursesText('meeting-link')),
          ]);
        live = {
          startsAt: new Date(input.live.startsAt).toISOString(),
          endsAt: liveEnd(input.live.startsAt, input.live.durationMinutes),
          provider,
          meetingUrl: input.live.meetingUrl,
        };
      }
      const at = new Date().toISOString();
      const item: ClassLessonItem = {
        lessonId: randomUUID(),
        courseId: course.courseId,
        title: input.title,
        ...(input.description ? { description: input.description } : {}),
        materials: input.materials,
        ...(live ? { live } : {}),
        sortAt: live?.startsAt ?? at,
        createdAt: at,
      };
      await entities()
        .service.transaction.write(({ classLesson, auditEntry: log }) => [
          classLesson.create(item as never).commit(),
          log
            .create(
              audit(unit, actor, 'class-lesson.create', 'class-lesson', item.lessonId, {
                courseId: course.courseId,
                title: item.title,
                ...(live ? { startsAt: live.startsAt, provider: live.provider } : {}),
              }),
            )
            .commit(),
        ])
        .go();
      return item;
    },

    async addAssignment(
      course: ClassCourseItem,
      unit: OrgTarget,
      input: { title: string; instructions?: string; dueAt: string; maxScore: number },
      actor: Actor,
    ) {
      if (!dueFits(input.dueAt, new Date()))
        throw badRequest(coursesText('due-out-of-range'), [
          fieldError('body', 'dueAt', coursesText('due-out-of-range')),
        ]);
      const item: ClassAssignmentItem = {
        assignmentId: randomUUID(),
        courseId: course.courseId,
        title: input.title,
        ...(input.instructions ? { instructions: input.instructions } : {}),
        dueAt: new Date(input.dueAt).toISOString(),
        maxScore: input.maxScore,
        createdAt: new Date().toISOString(),
      };
      await entities()
        .service.transaction.write(({ classAssignment, auditEntry: log }) => [
          classAssignment.create(item as never).commit(),
          log
            .create(
              audit(unit, actor, 'class-assignment.create', 'class-assignment', item.assignmentId, {
                courseId: course.courseId,
                title: item.title,
                dueAt: item.dueAt,
                maxScore: item.maxScore,
              }),
            )
            .commit(),
        ])
        .go();
      return item;
    },

    /** A form to upload one file of a pupil's hand-in (the key is the pupil's own). */
    async uploadFor(
      assignment: ClassAssignmentItem,
      pupil: Pupil,
      file: { contentType: string; size: number },
    ) {
      const fileId = randomUUID();
      return {
        fileId,
        upload: await uploadLink(
          'documents',
          submissionFileKey(assignment.assignmentId, pupil.learnerId, fileId),
          file.contentType,
          { maxBytes: MAX_SUBMISSION_BYTES },
          UPLOAD_SECONDS,
        ),
      };
    },

    /**
     * Hands in the uploaded files (again, until marked). Each file must be there, within the size
     * and of a type accepted; its version is recorded. A marked hand-in is not replaced.
     */
    async submit(
      assignment: ClassAssignmentItem,
      pupil: Pupil,
      files: readonly { fileId: string; fileName: string }[],
      accountId: string,
    ) {
      if (new Set(files.map((f) => f.fileId)).size !== files.length)
        throw badRequest(coursesText('file-twice'), [fieldError('body', 'files', coursesText('file-twice'))]);
      const checked: HandedInFile[] = [];
      for (const [i, f] of files.entries()) {
        const head = await headObject(
          'documents',
          submissionFileKey(assignment.assignmentId, pupil.learnerId, f.fileId),
        );
        const where = `files.${i}.fileId`;
        if (!head)
          throw badRequest(coursesText('file-not-uploaded'), [
            fieldError('body', where, coursesText('file-not-uploaded')),
          ]);
        if (
          head.size > MAX_SUBMISSION_BYTES ||
          !(SUBMISSION_TYPES as readonly string[]).includes(head.contentType)
        )
          throw badRequest(coursesText('file-refused'), [
            fieldError('body', where, coursesText('file-refused')),
          ]);
        checked.push({
          fileId: f.fileId,
          fileName: f.fileName,
          contentType: head.contentType,
          size: head.size,
          ...(head.versionId ? { versionId: head.versionId } : {}),
        });
      }
      const at = new Date().toISOString();
      try {
        await entities()
          .classSubmission.upsert({
            assignmentId: assignment.assignmentId,
            learnerId: pupil.learnerId,
            courseId: assignment.courseId,
            fullName: pupil.fullName,
            files: checked,
            submittedAt: at,
            submittedBy: accountId,
          })
          .where((x, op) => op.notExists(x.score))
          .go();
      } catch (error) {
        if (isConditionFailure(error)) throw conflict(coursesText('already-marked'));
        throw error;
      }
      const { data } = await entities()
        .classSubmission.get({ assignmentId: assignment.assignmentId, learnerId: pupil.learnerId })
        .go({ consistent: true });
      return data as ClassSubmissionItem;
    },

    /**
     * Marks a pupil's work (handed in here or not: work on paper is marked too), audited with the
     * hand-in marked. The teacher names the hand-in they saw (its time): one handed in again since
     * is not marked unseen (409).
     */
    async mark(
      assignment: ClassAssignmentItem,
      unit: OrgTarget,
      pupil: Pupil,
      input: { score: number; feedback?: string; submittedAt?: string },
      actor: Actor,
      seen?: ClassSubmissionItem,
    ) {
      if (!scoreFits(input.score, assignment.maxScore))
        throw badRequest(coursesText('score-above', { max: assignment.maxScore }), [
          fieldError('body', 'score', coursesText('score-above', { max: assignment.maxScore })),
        ]);
      const at = new Date().toISOString();
      const key = { assignmentId: assignment.assignmentId, learnerId: pupil.learnerId };
      const result = await entities()
        .service.transaction.write(({ classSubmission, auditEntry: log }) => [
          classSubmission
            .upsert({
              ...key,
              courseId: assignment.courseId,
              fullName: pupil.fullName,
              score: input.score,
              feedback: input.feedback ?? '',
              markedAt: at,
              markedBy: actor.accountId,
              markedByName: actor.fullName,
            })
            .where((x, op) =>
              input.submittedAt ? op.eq(x.submittedAt, input.submittedAt) : op.notExists(x.submittedAt),
            )
            .commit(),
          log
            .create(
              audit(
                unit,
                actor,
                'class-submission.mark',
                'class-submission',
                `${assignment.assignmentId}:${pupil.learnerId}`,
                {
                  score: input.score,
                  ...(input.submittedAt ? { submittedAt: input.submittedAt } : {}),
                  fileIds: (seen?.files ?? []).map((f) => f.fileId),
                },
              ),
            )
            .commit(),
        ])
        .go();
      if (result.canceled) throw conflict(coursesText('handed-in-again'));
      const { data } = await entities().classSubmission.get(key).go({ consistent: true });
      return data as ClassSubmissionItem;
    },

    /** The teacher's record of a live lesson's attendance (their word over a join's), audited. */
    async recordAttendance(
      lesson: ClassLessonItem,
      unit: OrgTarget,
      entries: readonly { learnerId: string; status: AttendanceStatus }[],
      actor: Actor,
    ) {
      const at = new Date().toISOString();
      await entities()
        .service.transaction.write(({ classAttendance, auditEntry: log }) => [
          ...entries.map((e) =>
            classAttendance
              .upsert({
                lessonId: lesson.lessonId,
                learnerId: e.learnerId,
                status: e.status,
                recordedBy: actor.accountId,
                recordedAt: at,
              })
              .commit(),
          ),
          log
            .create(
              audit(unit, actor, 'class-attendance.record', 'class-lesson', lesson.lessonId, {
                entries: entries.map((e) => `${e.learnerId}:${e.status}`),
              }),
            )
            .commit(),
        ])
        .go();
      return entries.length;
    },

    /**
     * A pupil joins: the first join's time is kept, and the status it gives unless the teacher
     * already recorded one. Answers the status that holds.
     */
    async join(lesson: ClassLessonItem, learnerId: string, status: AttendanceStatus) {
      const at = new Date().toISOString();
      const key = { lessonId: lesson.lessonId, learnerId };
      try {
        await entities()
          .classAttendance.create({ ...key, status, joinedAt: at })
          .go();
        return status;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const { data } = await entities().classAttendance.get(key).go({ consistent: true });
      const held = data as AttendanceItem;
      if (!held.joinedAt)
        await entities()
          .classAttendance.patch(key)
          .set({ joinedAt: at })
          .where((x, op) => op.notExists(x.joinedAt))
          .go()
          .catch((error: unknown) => {
            // Another join of the same pupil set it first: the first time stands.
            if (!isConditionFailure(error)) throw error;
          });
      return held.status ?? status;
    },
  };
}
export type Classroom = ReturnType<typeof makeClassroom>;

/** Whether a hand-in counts as submitted in the teacher's counts. */
export const handedIn = (s: ClassSubmissionItem) => Boolean(s.submittedAt);
