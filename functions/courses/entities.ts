/**
 * The courses context on the single table.
 *
 * Access patterns:
 * - a module by id: GetItem
 * - the modules of a BDTX year, by programme and code (the Department's list, and each person's
 *   catalogue filtered by audience): gsi1 by year
 * - a module code is unique in its year: a guard item (`moduleCode`) created in the same
 *   transaction as the module
 * - a person's BDTX plan of a year: GetItem by its id, derived from the account and the year
 *   (`planIdOf`), so "my plan" needs no index
 * - a school's plans of a year, by name: gsi1 by school and year
 * - a person's enrolment in a module: GetItem by account and module; their enrolments of a year:
 *   gsi1 by account and year
 * - a person's progress in a module's items: one item per (account, module, item), all of a
 *   module's in one Query; a video report rewrites only its own item (about every 15 s)
 * - a SCORM/cmi5 package by id: GetItem; a unit's packages, newest first: gsi1 by unit
 * - a person's rating of a module: GetItem by its id (a hash of module and account); a module's
 *   ratings, newest first: gsi1 by module; their count and sum: one tally item per module, added
 *   to in each rating's transaction (a rating is once per person: no hot item)
 * - the people whose approved plan holds a module: one Query of its `plannedModule` items (written
 *   with the approval; the reminders before it closes)
 * - a cmi5 session by id: GetItem (every statement of the unit reads it; it expires by TTL)
 * - an xAPI statement by id: GetItem; a registration's statements, newest first: gsi1 by
 *   registration (a unit reads only its own registration's)
 * - a state document: GetItem by registration, activity and state id (a registration is one
 *   learner's, so the agent is implied)
 * - a person's completion certificate of a module: GetItem by account and module (beside their
 *   enrolment); its signature in the shared registry (shared/signing/registry.ts)
 * - an evidence export (a job): GetItem by id
 * - a module's forum: its threads newest first (gsi1 by module); a thread and its replies in one
 *   partition (the thread's id), replies in order of their time-sortable ids
 * - class courses: a course, lesson or assignment by id (GetItem); a school's courses (gsi1 by
 *   school), a class's (gsi2 by class); a course's lessons by time and assignments by due time
 *   (gsi1 by course); an assignment's hand-ins and a live lesson's attendance, one partition each
 *   (a pupil's own by GetItem)
 * - the BDTX dashboards: each school's tally of a year (a worker recounts it), all of a year's in
 *   one Query (about a thousand small items)
 */
import { Entity, Service } from 'electrodb';
import { makeAuditEntity } from '#shared/audit/entity.ts';
import { lazyStore, type TableDeps } from '#shared/db/client.ts';
import { jobAttributes, jobById } from '#shared/jobs/attributes.ts';
import { makeSignatureEntities } from '#shared/signing/registry.ts';

const SERVICE = 'edu';
export const MODULE_STATUSES = ['draft', 'published'] as const;
export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
export const PACKAGE_STATUSES = ['uploading', 'ready', 'rejected'] as const;

/** What a forum post holds, question or reply: its text, author, time, and why it was hidden. */
const postAttributes = {
  body: { type: 'string', required: true },
  authorId: { type: 'string', required: true },
  authorName: { type: 'string', required: true },
  createdAt: { type: 'string', required: true },
  hiddenAt: { type: 'string' },
  hiddenBy: { type: 'string' },
  hiddenReason: { type: 'string' },
} as const;

export function makeCourseEntities({ client, table }: TableDeps) {
  const courseModule = new Entity(
    {
      model: { entity: 'courseModule', version: '1', service: SERVICE },
      attributes: {
        moduleId: { type: 'string', required: true },
        /** The Department that publishes it. */
        unitId: { type: 'string', required: true },
        code: { type: 'string', required: true },
        title: { type: 'string', required: true },
        description: { type: 'string' },
        programme: { type: ['01', '02', '03'] as const, required: true },
        periods: { type: 'number', required: true },
        /** The BDTX year (the opening's calendar year in Vietnam). */
        year: { type: 'number', required: true },
        opensAt: { type: 'string', required: true },
        closesAt: { type: 'string', required: true },
        audience: { type: 'any', required: true },
        prerequisites: { type: 'list', items: { type: 'string' }, required: true },
        /** Chapters of items (domain/outline.ts); empty until its managers add some. */
        outline: { type: 'any', required: true, default: () => [] },
        status: { type: MODULE_STATUSES, required: true },
        revision: { type: 'number', required: true },
        createdBy: { type: 'string', required: true },
        createdAt: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
        publishedAt: { type: 'string' },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['moduleId'] }, sk: { field: 'sk', composite: [] } },
        byYear: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['year'] },
          sk: { field: 'gsi1sk', composite: ['programme', 'code', 'moduleId'] },
        },
      },
    },
    { client, table },
  );

  /** A module code taken in a year. */
  const moduleCode = new Entity(
    {
      model: { entity: 'moduleCode', version: '1', service: SERVICE },
      attributes: {
        year: { type: 'number', required: true },
        code: { type: 'string', required: true },
        moduleId: { type: 'string', required: true },
      },
      indexes: {
        byCode: { pk: { field: 'pk', composite: ['year', 'code'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );

  /** A teacher's (or school leader's) personal BDTX plan of a year: the programme 03 modules chosen. */
  const bdtxPlan = new Entity(
    {
      model: { entity: 'bdtxPlan', version: '1', service: SERVICE },
      attributes: {
        planId: { type: 'string', required: true },
        accountId: { type: 'string', required: true },
        fullName: { type: 'string', required: true },
        year: { type: 'number', required: true },
        /** The school that approves it (set at submission; '-' before). */
        schoolId: { type: 'string', required: true, default: '-' },
        moduleIds: { type: 'list', items: { type: 'string' }, required: true },
        status: { type: PLAN_STATUSES, required: true },
        /** The periods by programme when last saved (the plan's own and the given modules). */
        periods: { type: 'any', required: true },
        history: { type: 'any', required: true },
        returnReason: { type: 'string' },
        submittedAt: { type: 'string' },
        decidedAt: { type: 'string' },
        decidedBy: { type: 'string' },
        decidedByName: { type: 'string' },
        /** Approved after the 31 May deadline. */
        late: { type: 'boolean' },
        revision: { type: 'number', required: true },
        createdAt: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['planId'] }, sk: { field: 'sk', composite: [] } },
        bySchool: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['schoolId', 'year'] },
          sk: { field: 'gsi1sk', composite: ['fullName', 'accountId'] },
        },
      },
    },
    { client, table },
  );

  /** A person learning a module: the items they completed, and when they completed the module. */
  const enrolment = new Entity(
    {
      model: { entity: 'enrolment', version: '1', service: SERVICE },
      attributes: {
        accountId: { type: 'string', required: true },
        moduleId: { type: 'string', required: true },
        fullName: { type: 'string', required: true },
        year: { type: 'number', required: true },
        completedItems: { type: 'list', items: { type: 'string' }, required: true },
        completedAt: { type: 'string' },
        enrolledAt: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
        revision: { type: 'number', required: true },
      },
      indexes: {
        byLearner: {
          pk: { field: 'pk', composite: ['accountId', 'moduleId'] },
          sk: { field: 'sk', composite: [] },
        },
        byYear: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['accountId', 'year'] },
          sk: { field: 'gsi1sk', composite: ['enrolledAt', 'moduleId'] },
        },
      },
    },
    { client, table },
  );

  /** A person's progress in one item of a module: for a video, what was played (domain/watched.ts). */
  const itemProgress = new Entity(
    {
      model: { entity: 'itemProgress', version: '1', service: SERVICE },
      attributes: {
        accountId: { type: 'string', required: true },
        moduleId: { type: 'string', required: true },
        itemId: { type: 'string', required: true },
        played: { type: 'any', required: true },
        lastReportAt: { type: 'number' },
        /** Where the player was at the last report (to resume there). */
        position: { type: 'number', required: true },
        covered: { type: 'number', required: true },
        complete: { type: 'boolean', required: true },
        completedAt: { type: 'string' },
        /** A SCORM unit's last committed runtime data (domain/scorm.ts), its status and score. */
        runtime: { type: 'any' },
        runtimeSeq: { type: 'number' },
        status: { type: 'string' },
        score: { type: 'number' },
        /** Reports accepted: each write is conditional on the count read. */
        reports: { type: 'number', required: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byItem: {
          pk: { field: 'pk', composite: ['accountId', 'moduleId'] },
          sk: { field: 'sk', composite: ['itemId'] },
        },
      },
    },
    { client, table },
  );

  /**
   * A SCORM or cmi5 package uploaded by the catalogue's managers: its zip checked and unpacked by
   * a worker (workers/import-course-package.ts) into the materials bucket, or refused with why.
   */
  const coursePackage = new Entity(
    {
      model: { entity: 'coursePackage', version: '1', service: SERVICE },
      attributes: {
        packageId: { type: 'string', required: true },
        unitId: { type: 'string', required: true },
        fileName: { type: 'string', required: true },
        size: { type: 'number', required: true },
        status: { type: PACKAGE_STATUSES, required: true },
        objectKey: { type: 'string', required: true },
        /** When imported: what the manifest says, and what was unpacked. */
        standard: { type: ['scorm12', 'scorm2004', 'cmi5'] as const },
        title: { type: 'string' },
        units: { type: 'any' },
        files: { type: 'number' },
        unpackedBytes: { type: 'number' },
        /** When refused: the problems, each a coded text (code, parameters, English message). */
        problems: { type: 'any' },
        createdBy: { type: 'string', required: true },
        createdAt: { type: 'string', required: true },
        finishedAt: { type: 'string' },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['packageId'] }, sk: { field: 'sk', composite: [] } },
        byUnit: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['unitId'] },
          sk: { field: 'gsi1sk', composite: ['createdAt', 'packageId'] },
        },
      },
    },
    { client, table },
  );

  /** A learner's rating of a module (1–5) with a comment; moderators may hide the comment. */
  const moduleRating = new Entity(
    {
      model: { entity: 'moduleRating', version: '1', service: SERVICE },
      attributes: {
        ratingId: { type: 'string', required: true },
        moduleId: { type: 'string', required: true },
        accountId: { type: 'string', required: true },
        fullName: { type: 'string', required: true },
        stars: { type: 'number', required: true },
        comment: { type: 'string' },
        hiddenAt: { type: 'string' },
        hiddenReason: { type: 'string' },
        createdAt: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['ratingId'] }, sk: { field: 'sk', composite: [] } },
        byModule: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['moduleId'] },
          sk: { field: 'gsi1sk', composite: ['updatedAt', 'ratingId'] },
        },
      },
    },
    { client, table },
  );

  /** A module's ratings summed (count and stars by value), added to in each rating's transaction. */
  const ratingTally = new Entity(
    {
      model: { entity: 'ratingTally', version: '1', service: SERVICE },
      attributes: {
        moduleId: { type: 'string', required: true },
        count: { type: 'number', required: true, default: 0 },
        sum: { type: 'number', required: true, default: 0 },
      },
      indexes: {
        byModule: { pk: { field: 'pk', composite: ['moduleId'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );

  /**
   * A module in someone's approved plan: written with the approval (an approved plan no longer
   * changes), so the reminders before a module closes find its planners in one Query.
   */
  const plannedModule = new Entity(
    {
      model: { entity: 'plannedModule', version: '1', service: SERVICE },
      attributes: {
        moduleId: { type: 'string', required: true },
        accountId: { type: 'string', required: true },
        planId: { type: 'string', required: true },
        year: { type: 'number', required: true },
      },
      indexes: {
        byModule: {
          pk: { field: 'pk', composite: ['moduleId'] },
          sk: { field: 'sk', composite: ['accountId'] },
        },
      },
    },
    { client, table },
  );

  /**
   * A cmi5 launch: a unit's session, its one-time fetch code and then its token (both kept as
   * hashes), and where the session stands (cmi5's verbs in order). Gone a day after its launch.
   */
  const cmi5Session = new Entity(
    {
      model: { entity: 'cmi5Session', version: '1', service: SERVICE },
      attributes: {
        sessionId: { type: 'string', required: true },
        accountId: { type: 'string', required: true },
        moduleId: { type: 'string', required: true },
        itemId: { type: 'string', required: true },
        registration: { type: 'string', required: true },
        activityId: { type: 'string', required: true },
        actorName: { type: 'string', required: true },
        moveOn: { type: 'string', required: true },
        masteryScore: { type: 'number' },
        fetchCodeHash: { type: 'string', required: true },
        tokenHash: { type: 'string' },
        initialized: { type: 'boolean', required: true },
        terminated: { type: 'boolean', required: true },
        statements: { type: 'number', required: true },
        launchedAt: { type: 'string', required: true },
        ttl: { type: 'number', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['sessionId'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );

  /**
   * An xAPI statement as stored: its JSON deflated (`packed`: a statement's ~1 KB of JSON in
   * ~0.4 KB, so the item and its index entry cost one write unit each), the stored time; the
   * authority and version are the store's and added on reading. Read by id, or a registration's
   * newest first. Statements are immutable: the id is taken once.
   */
  const xapiStatement = new Entity(
    {
      model: { entity: 'xapiStatement', version: '1', service: SERVICE },
      attributes: {
        statementId: { type: 'string', required: true },
        registration: { type: 'string', required: true },
        packed: { type: 'any', required: true },
        stored: { type: 'string', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['statementId'] }, sk: { field: 'sk', composite: [] } },
        byRegistration: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['registration'] },
          sk: { field: 'gsi1sk', composite: ['stored', 'statementId'] },
        },
      },
    },
    { client, table },
  );

  /** An xAPI state document of a learner's registration in an activity (cmi5's LMS.LaunchData, the unit's own). */
  const xapiState = new Entity(
    {
      model: { entity: 'xapiState', version: '1', service: SERVICE },
      attributes: {
        registration: { type: 'string', required: true },
        activityId: { type: 'string', required: true },
        stateId: { type: 'string', required: true },
        document: { type: 'any', required: true },
        contentType: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byRegistration: {
          pk: { field: 'pk', composite: ['registration', 'activityId'] },
          sk: { field: 'sk', composite: ['stateId'] },
        },
      },
    },
    { client, table },
  );

  /**
   * A learner's certificate of completing a module, made once: what it certifies is copied when
   * it is asked for (the module may change later; the certificate does not).
   */
  const courseCertificate = new Entity(
    {
      model: { entity: 'courseCertificate', version: '1', service: SERVICE },
      attributes: {
        accountId: { type: 'string', required: true },
        moduleId: { type: 'string', required: true },
        certificateId: { type: 'string', required: true },
        year: { type: 'number', required: true },
        holderName: { type: 'string', required: true },
        moduleCode: { type: 'string', required: true },
        moduleTitle: { type: 'string', required: true },
        programme: { type: ['01', '02', '03'] as const, required: true },
        periods: { type: 'number', required: true },
        completedAt: { type: 'string', required: true },
        /** The module's test on a 10-point scale, when it has one. */
        testScore: { type: 'number' },
        /** The issuing unit (the module's) and its name. */
        unitId: { type: 'string', required: true },
        unitName: { type: 'string', required: true },
        signatureId: { type: 'string', required: true },
        code: { type: 'string', required: true },
        status: { type: ['pending', 'signed', 'failed'] as const, required: true },
        requestedAt: { type: 'string', required: true },
        signedAt: { type: 'string' },
        error: { type: 'string' },
        errorCode: { type: 'string' },
        errorParams: { type: 'any' },
      },
      indexes: {
        byLearner: {
          pk: { field: 'pk', composite: ['accountId', 'moduleId'] },
          sk: { field: 'sk', composite: [] },
        },
      },
    },
    { client, table },
  );

  /**
   * An export of BDTX evidence (a school's people, or one person's own): the XLSX and the PDF a
   * worker writes to the reports bucket, read by the requester alone.
   */
  const evidenceExport = new Entity(
    {
      model: { entity: 'evidenceExport', version: '1', service: SERVICE },
      attributes: {
        ...jobAttributes('jobId'),
        year: { type: 'number', required: true },
        /** One person's own export; without it, everyone's at the unit (a school). */
        accountId: { type: 'string' },
        people: { type: 'number' },
      },
      indexes: jobById('jobId'),
    },
    { client, table },
  );

  /** A question (a thread) in a module's forum; its replies share its partition. */
  const forumThread = new Entity(
    {
      model: { entity: 'forumThread', version: '1', service: SERVICE },
      attributes: {
        threadId: { type: 'string', required: true },
        moduleId: { type: 'string', required: true },
        title: { type: 'string', required: true },
        replies: { type: 'number', required: true, default: 0 },
        lastPostAt: { type: 'string', required: true },
        ...postAttributes,
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['threadId'] }, sk: { field: 'sk', composite: [] } },
        byModule: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['moduleId'] },
          sk: { field: 'gsi1sk', composite: ['createdAt', 'threadId'] },
        },
      },
    },
    { client, table },
  );

  /** A reply in a thread: its id sorts by time, so a thread's replies are one Query in order. */
  const forumReply = new Entity(
    {
      model: { entity: 'forumReply', version: '1', service: SERVICE },
      attributes: {
        threadId: { type: 'string', required: true },
        replyId: { type: 'string', required: true },
        moduleId: { type: 'string', required: true },
        ...postAttributes,
      },
      indexes: {
        byThread: {
          pk: { field: 'pk', composite: ['threadId'] },
          sk: { field: 'sk', composite: ['replyId'] },
        },
      },
    },
    { client, table },
  );

  /**
   * A teacher's course for a class of the education database. Its pupils are the class's learners
   * as the education database has them now (read at each request), so transfers need no sync.
   */
  const classCourse = new Entity(
    {
      model: { entity: 'classCourse', version: '1', service: SERVICE },
      attributes: {
        courseId: { type: 'string', required: true },
        schoolId: { type: 'string', required: true },
        classId: { type: 'string', required: true },
        className: { type: 'string', required: true },
        grade: { type: 'number', required: true },
        schoolYear: { type: 'string', required: true },
        title: { type: 'string', required: true },
        subject: { type: 'string', required: true },
        teacherId: { type: 'string', required: true },
        teacherName: { type: 'string', required: true },
        createdAt: { type: 'string', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['courseId'] }, sk: { field: 'sk', composite: [] } },
        bySchool: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['schoolId'] },
          sk: { field: 'gsi1sk', composite: ['createdAt', 'courseId'] },
        },
        byClass: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['classId'] },
          sk: { field: 'gsi2sk', composite: ['createdAt', 'courseId'] },
        },
      },
    },
    { client, table },
  );

  /** A lesson of a class course: materials and, for a live lesson, its time and meeting link. */
  const classLesson = new Entity(
    {
      model: { entity: 'classLesson', version: '1', service: SERVICE },
      attributes: {
        lessonId: { type: 'string', required: true },
        courseId: { type: 'string', required: true },
        title: { type: 'string', required: true },
        description: { type: 'string' },
        materials: { type: 'any', required: true, default: () => [] },
        /** `{ startsAt, endsAt, provider, meetingUrl }` for a live lesson. */
        live: { type: 'any' },
        /** The live lesson's start, else when it was added: the course's lessons sort by it. */
        sortAt: { type: 'string', required: true },
        createdAt: { type: 'string', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['lessonId'] }, sk: { field: 'sk', composite: [] } },
        byCourse: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['courseId'] },
          sk: { field: 'gsi1sk', composite: ['sortAt', 'lessonId'] },
        },
      },
    },
    { client, table },
  );

  /** An assignment of a class course, due at a time, marked out of `maxScore`. */
  const classAssignment = new Entity(
    {
      model: { entity: 'classAssignment', version: '1', service: SERVICE },
      attributes: {
        assignmentId: { type: 'string', required: true },
        courseId: { type: 'string', required: true },
        title: { type: 'string', required: true },
        instructions: { type: 'string' },
        dueAt: { type: 'string', required: true },
        maxScore: { type: 'number', required: true },
        createdAt: { type: 'string', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['assignmentId'] }, sk: { field: 'sk', composite: [] } },
        byCourse: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['courseId'] },
          sk: { field: 'gsi1sk', composite: ['dueAt', 'assignmentId'] },
        },
      },
    },
    { client, table },
  );

  /** A pupil's hand-in of an assignment (all of an assignment's in one partition), and its mark. */
  const classSubmission = new Entity(
    {
      model: { entity: 'classSubmission', version: '1', service: SERVICE },
      attributes: {
        assignmentId: { type: 'string', required: true },
        learnerId: { type: 'string', required: true },
        courseId: { type: 'string', required: true },
        fullName: { type: 'string', required: true },
        /** `{ fileId, fileName, contentType, size, versionId }`, as checked at hand-in (none for work marked on paper). */
        files: { type: 'any' },
        submittedAt: { type: 'string' },
        submittedBy: { type: 'string' },
        score: { type: 'number' },
        feedback: { type: 'string' },
        markedAt: { type: 'string' },
        markedBy: { type: 'string' },
        markedByName: { type: 'string' },
      },
      indexes: {
        byAssignment: {
          pk: { field: 'pk', composite: ['assignmentId'] },
          sk: { field: 'sk', composite: ['learnerId'] },
        },
      },
    },
    { client, table },
  );

  /** A pupil's attendance at a live lesson: when they joined, and what the teacher recorded. */
  const classAttendance = new Entity(
    {
      model: { entity: 'classAttendance', version: '1', service: SERVICE },
      attributes: {
        lessonId: { type: 'string', required: true },
        learnerId: { type: 'string', required: true },
        status: { type: ['present', 'late', 'excused', 'absent'] as const },
        joinedAt: { type: 'string' },
        recordedBy: { type: 'string' },
        recordedAt: { type: 'string' },
      },
      indexes: {
        byLesson: {
          pk: { field: 'pk', composite: ['lessonId'] },
          sk: { field: 'sk', composite: ['learnerId'] },
        },
      },
    },
    { client, table },
  );

  /** A school's BDTX figures of a year, recounted by a worker: every school of a year in one partition. */
  const bdtxTally = new Entity(
    {
      model: { entity: 'bdtxTally', version: '1', service: SERVICE },
      attributes: {
        year: { type: 'number', required: true },
        schoolId: { type: 'string', required: true },
        /** domain/dashboard.ts BdtxCounts. */
        counts: { type: 'any', required: true },
        computedAt: { type: 'string', required: true },
      },
      indexes: {
        byYear: { pk: { field: 'pk', composite: ['year'] }, sk: { field: 'sk', composite: ['schoolId'] } },
      },
    },
    { client, table },
  );

  const { recordSignature, verificationCode, signedFileHash } = makeSignatureEntities({ client, table });
  const auditEntry = makeAuditEntity({ client, table });
  const service = new Service(
    {
      courseModule,
      moduleCode,
      bdtxPlan,
      enrolment,
      itemProgress,
      coursePackage,
      moduleRating,
      ratingTally,
      plannedModule,
      cmi5Session,
      xapiStatement,
      xapiState,
      courseCertificate,
      evidenceExport,
      forumThread,
      forumReply,
      classCourse,
      classLesson,
      classAssignment,
      classSubmission,
      classAttendance,
      bdtxTally,
      recordSignature,
      verificationCode,
      signedFileHash,
      auditEntry,
    },
    { client, table },
  );
  return {
    courseModule,
    moduleCode,
    bdtxPlan,
    enrolment,
    itemProgress,
    coursePackage,
    moduleRating,
    ratingTally,
    plannedModule,
    cmi5Session,
    xapiStatement,
    xapiState,
    courseCertificate,
    evidenceExport,
    forumThread,
    forumReply,
    classCourse,
    classLesson,
    classAssignment,
    classSubmission,
    classAttendance,
    bdtxTally,
    recordSignature,
    verificationCode,
    signedFileHash,
    auditEntry,
    service,
  };
}

export type CourseEntities = ReturnType<typeof makeCourseEntities>;
export const courseEntities = lazyStore(makeCourseEntities);
