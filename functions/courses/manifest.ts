/**
 * Online courses (issue 21; seed 000, seed 004 task 12): the Department's catalogue of
 * professional development (BDTX) modules — programme, periods, audience, open window,
 * prerequisites — and, in the steps to come, the personal plan, learning (video, SCORM and cmi5
 * units), the end-of-module test through exams, evidence, and class courses. docs/courses.md.
 */
import * as z from 'zod';
import { ROLES } from '#shared/auth/permissions.ts';
import { EXAM_ATTEMPT_GRADED } from '#shared/events/exam-attempt-graded.ts';
import { JOB_STATUSES } from '#shared/jobs/attributes.ts';
import { defineContext } from '#shared/manifest.ts';
import { uploadLinkSchema } from '#shared/storage/upload-link.ts';
import { codedIssue } from '#shared/text/issues.ts';
import { LEVEL_GROUPS } from '../edu-data/domain/codes.ts';
import { RESOURCE_PREFIX } from '../repository/messages.ts';
import { classroomRoutes } from './classroom-routes.ts';
import { PROGRAMMES, YEAR_PERIODS } from './domain/bdtx.ts';
import { ITEM_KINDS, MATERIAL_KINDS, MAX_CHAPTERS, MAX_ITEMS_PER_CHAPTER } from './domain/outline.ts';
import { MAX_RUNTIME_CHARS } from './domain/scorm.ts';
import { MAX_DOCUMENT_CHARS, storableProblem } from './domain/storable.ts';
import { coursesText } from './domain/texts.ts';
import { MAX_STRETCHES } from './domain/watched.ts';
import { MODULE_STATUSES, PACKAGE_STATUSES, PLAN_STATUSES } from './entities.ts';
import {
  BDTX_TALLY_QUEUE,
  CERTIFICATE_PREFIX,
  CERTIFICATES_QUEUE,
  CLASS_SUBMISSION_PREFIX,
  COURSE_PACKAGES_QUEUE,
  COURSE_TEST_RESULTS_QUEUE,
  EVIDENCE_EXPORT_PREFIX,
  EVIDENCE_EXPORTS_QUEUE,
  PACKAGE_FILES_PREFIX,
  PACKAGE_UPLOAD_PREFIX,
} from './messages.ts';
import { MAX_PACKAGE_BYTES } from './package-zip.ts';

const tags = ['courses'];
const orgUnitId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/, 'Must be an organisation unit code');
const moduleParams = z.object({ moduleId: z.uuid() });
const isoTime = z.iso.datetime({ offset: true });
const year = z.coerce.number().int().min(2020).max(2100);
const page = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
};
/** Who a module is for: the roles, the school levels (education database codes) and, if any, subjects. */
const audience = z.object({
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  levels: z.array(z.enum(LEVEL_GROUPS)).min(1).max(LEVEL_GROUPS.length),
  subjects: z.array(z.string().trim().min(1).max(60)).max(30).default([]),
});

const moduleFields = {
  title: z.string().trim().min(1).max(300),
  description: z.string().trim().max(5000).optional(),
  programme: z.enum(PROGRAMMES),
  periods: z.number().int().min(1).max(YEAR_PERIODS),
  opensAt: isoTime,
  closesAt: isoTime,
  audience,
  prerequisites: z.array(z.uuid()).max(10).default([]),
};
const windowInOrder = (m: { opensAt?: string; closesAt?: string }) =>
  !m.opensAt || !m.closesAt || Date.parse(m.closesAt) > Date.parse(m.opensAt);
const windowIssue = { ...codedIssue(coursesText('window-order')), path: ['closesAt'] };

/** An item of an outline: a repository material (video, document) or a SCORM package's unit. */
const outlineItemSchema = z.object({
  itemId: z.string(),
  kind: z.enum(ITEM_KINDS),
  title: z.string(),
  resourceId: z.string().optional(),
  durationSeconds: z.number().optional(),
  fileName: z.string().optional(),
  contentType: z.string().optional(),
  size: z.number().optional(),
  packageId: z.string().optional(),
  unitRef: z.string().optional(),
  standard: z.enum(['scorm12', 'scorm2004', 'cmi5']).optional(),
  launch: z.string().optional(),
  unitKind: z.enum(['sco', 'asset', 'au']).optional(),
  /** The module's test: its exam session and rules (as the exams context keeps them). */
  sessionId: z.string().optional(),
  durationMinutes: z.number().optional(),
  passMark: z.number().optional(),
  maxPoints: z.number().optional(),
  attemptsAllowed: z.number().optional(),
});
const itemTitle = z.string().trim().min(1).max(300);
const chapterSchema = z.object({
  chapterId: z.string(),
  title: z.string(),
  items: z.array(outlineItemSchema),
});

const moduleSchema = z
  .object({
    moduleId: z.string(),
    unitId: z.string(),
    code: z.string(),
    title: z.string(),
    description: z.string().optional(),
    programme: z.enum(PROGRAMMES),
    periods: z.number(),
    year: z.number(),
    opensAt: z.string(),
    closesAt: z.string(),
    audience: z.object({
      roles: z.array(z.string()),
      levels: z.array(z.string()),
      subjects: z.array(z.string()),
    }),
    prerequisites: z.array(z.object({ moduleId: z.string(), code: z.string(), title: z.string() })),
    /** The items of its outline. */
    items: z.number(),
    /** Chapters and items: with a single module, not in lists. */
    outline: z.array(chapterSchema).optional(),
    status: z.enum(MODULE_STATUSES),
    /** upcoming / running / finished, by the window and the server's clock. */
    state: z.enum(['upcoming', 'running', 'finished']),
    revision: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    publishedAt: z.string().optional(),
  })
  .meta({ id: 'CourseModule' });
const yearParams = z.object({ year });
const planParams = z.object({ planId: z.uuid() });
const STANDINGS = ['none', 'draft', 'submitted', 'returned', 'approved', 'overdue'] as const;
const periodsSchema = z.object({ '01': z.number(), '02': z.number(), '03': z.number(), total: z.number() });
const problemSchema = z.object({ moduleId: z.string().optional(), code: z.string(), message: z.string() });
const planSchema = z
  .object({
    planId: z.string(),
    accountId: z.string(),
    fullName: z.string(),
    year: z.number(),
    schoolId: z.string(),
    moduleIds: z.array(z.string()),
    status: z.enum(PLAN_STATUSES),
    periods: periodsSchema,
    history: z.array(
      z.object({
        action: z.string(),
        by: z.string(),
        byName: z.string(),
        at: z.string(),
        reason: z.string().optional(),
      }),
    ),
    returnReason: z.string().optional(),
    submittedAt: z.string().optional(),
    decidedAt: z.string().optional(),
    decidedByName: z.string().optional(),
    late: z.boolean().optional(),
    revision: z.number(),
    updatedAt: z.string(),
  })
  .meta({ id: 'BdtxPlan' });
const namedModule = z.object({
  moduleId: z.string(),
  code: z.string(),
  title: z.string(),
  periods: z.number(),
});
const itemParams = z.object({ moduleId: z.uuid(), itemId: z.uuid() });
const xapiTags = ['xapi'];
/** A statement as sent: its full check is xAPI's (xapi.ts); here only that it is an object. */
const xapiStatementSchema = z
  .record(z.string(), z.unknown())
  .refine((statement) => JSON.stringify(statement).length <= MAX_DOCUMENT_CHARS, {
    ...codedIssue(coursesText('document-unstorable', { chars: MAX_DOCUMENT_CHARS })),
  });
/** JSON from content that DynamoDB can keep as it is (domain/storable.ts), else a 400 on it. */
function storable(maxChars: number) {
  return z.record(z.string(), z.unknown()).refine((value) => !storableProblem(value, maxChars), {
    ...codedIssue(coursesText('document-unstorable', { chars: maxChars })),
  });
}
const stateQuery = z.object({
  activityId: z.string().min(1).max(2000),
  agent: z.string().min(2).max(2000),
  registration: z.uuid().optional(),
  stateId: z.string().min(1).max(200),
});
const threadParams = z.object({ threadId: z.uuid() });
/** A post's text: trimmed, not empty, at most 5,000 characters (a long answer, not a document). */
const postBody = z.string().trim().min(1).max(5000);
const postFields = {
  moduleId: z.string(),
  body: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  createdAt: z.string(),
  hidden: z.boolean(),
  /** Shown to the author and moderators of a hidden post. */
  hiddenAt: z.string().optional(),
  hiddenReason: z.string().optional(),
  /** Written by the reader. */
  mine: z.boolean(),
};
const threadSchema = z
  .object({
    threadId: z.string(),
    title: z.string(),
    replies: z.number(),
    lastPostAt: z.string(),
    ...postFields,
  })
  .meta({ id: 'ForumThread' });
const replySchema = z
  .object({ threadId: z.string(), replyId: z.string(), ...postFields })
  .meta({ id: 'ForumReply' });
const evidenceSchema = z
  .object({
    year: z.number(),
    fullName: z.string(),
    standing: z.enum(STANDINGS),
    modules: z.array(
      z.object({
        moduleId: z.string(),
        code: z.string(),
        title: z.string(),
        programme: z.enum(PROGRAMMES),
        periods: z.number(),
        closesAt: z.string(),
        completed: z.boolean(),
        /** In the person's plan (given or chosen); a module outside it is listed, not counted. */
        inPlan: z.boolean(),
        completedAt: z.string().optional(),
        /** The module's test on the 10-point scale. */
        testScore: z.number().optional(),
        /** The signed certificate's verification code. */
        certificateCode: z.string().optional(),
      }),
    ),
    earned: z.object({ '01': z.number(), '02': z.number(), '03': z.number(), total: z.number() }),
    outcome: z.enum(['complete', 'incomplete']),
    gaps: z.array(z.enum(['plan-not-approved', 'modules-not-completed', 'periods-short'])),
  })
  .meta({ id: 'BdtxEvidence' });
const evidenceExportSchema = z
  .object({
    jobId: z.string(),
    orgUnitId: z.string(),
    year: z.number(),
    status: z.enum(JOB_STATUSES),
    people: z.number().optional(),
    createdAt: z.string(),
    finishedAt: z.string().optional(),
    /** Links valid for five minutes once written. */
    downloadUrl: z.string().optional(),
    pdfUrl: z.string().optional(),
    error: z.string().optional(),
  })
  .meta({ id: 'BdtxEvidenceExport' });
const certificateSchema = z
  .object({
    certificateId: z.string(),
    status: z.enum(['pending', 'signed', 'failed']),
    /** The code printed on it, that `/verify/{code}` answers for. */
    code: z.string(),
    requestedAt: z.string(),
    signedAt: z.string().optional(),
    /** A link valid for five minutes, once signed (the file name says the module). */
    downloadUrl: z.string().optional(),
    /** Why it could not be made, in the caller's language. */
    error: z.string().optional(),
    errorCode: z.string().optional(),
    errorParams: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'CourseCertificate' });
const shareSchema = {
  /** Items completed (still in the outline), of all its items, and the share (0–1). */
  done: z.number(),
  total: z.number(),
  share: z.number(),
};
const enrolmentSchema = z.object({
  moduleId: z.string(),
  enrolledAt: z.string(),
  completedAt: z.string().optional(),
});
const linkSchema = z.object({
  url: z.string(),
  contentType: z.string(),
  size: z.number(),
  expiresInSeconds: z.number(),
  /** When the module was completed (this opening may have completed it). */
  moduleCompletedAt: z.string().optional(),
  ...shareSchema,
});
const packageParams = z.object({ packageId: z.uuid() });
const packageSchema = z
  .object({
    packageId: z.string(),
    unitId: z.string(),
    fileName: z.string(),
    size: z.number(),
    /** uploading (waiting for the zip or being checked), ready, rejected. */
    status: z.enum(PACKAGE_STATUSES),
    standard: z.enum(['scorm12', 'scorm2004', 'cmi5']).optional(),
    title: z.string().optional(),
    /** The units to launch, in order, each with its file. */
    units: z
      .array(
        z.object({
          id: z.string(),
          title: z.string(),
          launch: z.string(),
          kind: z.enum(['sco', 'asset', 'au']),
          moveOn: z.string().optional(),
          masteryScore: z.number().optional(),
        }),
      )
      .optional(),
    files: z.number().optional(),
    unpackedBytes: z.number().optional(),
    /** Why the package was refused, in the caller's language. */
    problems: z.array(z.object({ code: z.string(), message: z.string() })).optional(),
    createdAt: z.string(),
    finishedAt: z.string().optional(),
  })
  .meta({ id: 'CoursePackage' });
const ratingSchema = z
  .object({
    ratingId: z.string(),
    fullName: z.string(),
    stars: z.number(),
    comment: z.string().optional(),
    /** Hidden by a moderator: the comment is not shown. */
    hidden: z.boolean(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ModuleRating' });
/** A unit's BDTX figures on the dashboards (domain/dashboard.ts). */
const dashboardRow = z.object({
  orgUnitId: z.string(),
  name: z.string(),
  kind: z.string(),
  schools: z.number(),
  /** Schools with figures this year. */
  schoolsCounted: z.number(),
  people: z.number(),
  approved: z.number(),
  submitted: z.number(),
  notApproved: z.number(),
  overdue: z.number(),
  reached: z.number(),
  behind: z.number(),
  periods: z.number(),
  approvedPct: z.number(),
  reachedPct: z.number(),
  averagePeriods: z.number(),
});
const list = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });

export const coursesManifest = defineContext({
  name: 'courses',
  description: 'Online courses: the professional development catalogue, and class courses',
  api: {
    access: {
      table: 'readwrite',
      // Links to the repository's published files (a course's videos and documents) are signed here.
      buckets: [
        { bucket: 'materials', prefix: RESOURCE_PREFIX, access: 'read' },
        // The upload form of a package's zip is signed here.
        { bucket: 'documents', prefix: PACKAGE_UPLOAD_PREFIX, access: 'write' },
        // A learner's signed certificate: the download link is signed here.
        { bucket: 'documents', prefix: CERTIFICATE_PREFIX, access: 'read' },
        // An evidence export's files: their download links are signed here.
        { bucket: 'reports', prefix: EVIDENCE_EXPORT_PREFIX, access: 'read' },
        // Pupils' hand-ins: the upload form, the check at hand-in and the teacher's links.
        { bucket: 'documents', prefix: CLASS_SUBMISSION_PREFIX, access: 'readwrite' },
      ],
      // A video's link goes through the portal's CDN, signed with the media key.
      signsMediaLinks: true,
      // A plan's decision is told to the teacher; certificates and evidence are made by workers; a
      // plan sent or decided has its school's dashboard figures recounted.
      sendsTo: ['notifications', CERTIFICATES_QUEUE, EVIDENCE_EXPORTS_QUEUE, BDTX_TALLY_QUEUE],
    },
  },
  routes: {
    ...classroomRoutes,
    createCourseModule: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/course-modules',
      permission: 'course.manage',
      summary: 'Add a module to the Department’s catalogue, as a draft (its code is unique in its year)',
      tags,
      request: {
        params: z.object({ orgUnitId }),
        body: z
          .object({
            code: z.string().trim().min(1).max(40),
            ...moduleFields,
          })
          .refine(windowInOrder, windowIssue),
      },
      response: { status: 201, schema: moduleSchema },
    },
    listCourseModules: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/course-modules',
      permission: 'course.manage',
      summary: 'The Department’s modules of a year, drafts too, by programme and code',
      tags,
      request: { params: z.object({ orgUnitId }), query: z.object({ year, ...page }) },
      response: { schema: list(moduleSchema) },
    },
    listMyCourseModules: {
      method: 'GET',
      path: '/me/course-modules',
      permission: 'course.read',
      summary: 'The published modules of a year meant for me (my roles, my schools’ levels, my subjects)',
      tags,
      request: { query: z.object({ year, ...page }) },
      response: { schema: list(moduleSchema) },
    },
    getCourseModule: {
      method: 'GET',
      path: '/course-modules/{moduleId}',
      permission: 'course.read',
      summary: 'A module: published ones for everyone in education, drafts for the catalogue’s managers',
      tags,
      request: { params: moduleParams },
      response: { schema: moduleSchema },
    },
    updateCourseModule: {
      method: 'PUT',
      path: '/course-modules/{moduleId}',
      permission: 'course.manage',
      summary: 'Change a module (not its code), conditional on the revision read',
      tags,
      request: {
        params: moduleParams,
        body: z
          .object({ ...moduleFields, expectedRevision: z.number().int().min(1) })
          .refine(windowInOrder, windowIssue),
      },
      response: { schema: moduleSchema },
    },
    publishCourseModule: {
      method: 'POST',
      path: '/course-modules/{moduleId}/publish',
      permission: 'course.manage',
      summary:
        'Publish a draft module: its audience sees it in their catalogue (its prerequisites must be published)',
      tags,
      request: { params: moduleParams, body: z.object({ expectedRevision: z.number().int().min(1) }) },
      response: { schema: moduleSchema },
    },
    saveCourseOutline: {
      method: 'PUT',
      path: '/course-modules/{moduleId}/outline',
      permission: 'course.manage',
      summary:
        'Replace a module’s chapters and items (videos and documents published in the repository for the city); saved ids keep learners’ progress',
      tags,
      request: {
        params: moduleParams,
        body: z.object({
          chapters: z
            .array(
              z.object({
                chapterId: z.uuid().optional(),
                title: z.string().trim().min(1).max(300),
                items: z
                  .array(
                    z.discriminatedUnion('kind', [
                      z.object({
                        itemId: z.uuid().optional(),
                        kind: z.enum(MATERIAL_KINDS),
                        title: itemTitle,
                        resourceId: z.uuid(),
                        durationSeconds: z
                          .number()
                          .int()
                          .min(1)
                          .max(24 * 3600)
                          .optional(),
                      }),
                      z.object({
                        itemId: z.uuid().optional(),
                        kind: z.literal('package'),
                        title: itemTitle,
                        packageId: z.uuid(),
                        unitRef: z.string().min(1).max(400),
                      }),
                      z.object({
                        itemId: z.uuid().optional(),
                        kind: z.literal('test'),
                        title: itemTitle,
                        /** An exam session of the module's unit set up as a course's test. */
                        sessionId: z.uuid(),
                      }),
                    ]),
                  )
                  .max(MAX_ITEMS_PER_CHAPTER),
              }),
            )
            .max(MAX_CHAPTERS),
          expectedRevision: z.number().int().min(1),
        }),
      },
      response: { schema: moduleSchema },
    },
    listMyCourses: {
      method: 'GET',
      path: '/me/courses',
      permission: 'course.read',
      summary: 'The modules I enrolled in during a year, newest first, with the share done',
      tags,
      request: { query: z.object({ year, ...page }) },
      response: {
        schema: list(
          enrolmentSchema.extend({
            code: z.string(),
            title: z.string(),
            programme: z.enum(PROGRAMMES),
            periods: z.number(),
            state: z.enum(['upcoming', 'running', 'finished']),
            closesAt: z.string(),
            ...shareSchema,
          }),
        ),
      },
    },
    getMyCourse: {
      method: 'GET',
      path: '/me/courses/{moduleId}',
      permission: 'course.read',
      summary:
        'A module’s home for me: the module, whether I may enrol, my enrolment, the share done, the outline with my progress in each item',
      tags,
      request: { params: moduleParams },
      response: {
        schema: z.object({
          module: moduleSchema,
          enrolment: enrolmentSchema.optional(),
          rating: z.object({ count: z.number(), average: z.number() }),
          ...shareSchema,
          chapters: z.array(
            chapterSchema.extend({
              items: z.array(
                outlineItemSchema.extend({
                  complete: z.boolean(),
                  covered: z.number().optional(),
                  position: z.number().optional(),
                  /** The module's test: where I stand (the result once released). */
                  test: z
                    .object({
                      state: z.enum(['not-joined', 'not-started', 'in-progress', 'submitted', 'graded']),
                      attemptsUsed: z.number(),
                      attemptsAllowed: z.number(),
                      points: z.number().optional(),
                      maxPoints: z.number(),
                      passed: z.boolean().optional(),
                    })
                    .optional(),
                }),
              ),
            }),
          ),
        }),
      },
    },
    startCourseTest: {
      method: 'POST',
      path: '/me/courses/{moduleId}/items/{itemId}/test',
      permission: 'course.read',
      summary:
        'Start the module’s test once every other item is complete: I join its exam session’s roll (again: nothing changes) and go to the exam room',
      tags,
      request: { params: itemParams },
      response: {
        schema: z.object({
          sessionId: z.string(),
          title: z.string(),
          opensAt: z.string(),
          closesAt: z.string(),
        }),
      },
    },
    requestCourseCertificate: {
      method: 'POST',
      path: '/me/courses/{moduleId}/certificate',
      permission: 'course.read',
      summary:
        'Ask for the certificate of a module I completed (again: the one there is); it is made and signed in the background',
      tags,
      request: { params: moduleParams },
      response: { status: 202, schema: certificateSchema },
    },
    getCourseCertificate: {
      method: 'GET',
      path: '/me/courses/{moduleId}/certificate',
      permission: 'course.read',
      summary:
        'My certificate of a module: its state, its verification code, and a short download link once signed',
      tags,
      request: { params: moduleParams },
      response: { schema: certificateSchema },
    },
    enrolMyCourse: {
      method: 'POST',
      path: '/me/courses/{moduleId}/enrolment',
      permission: 'course.read',
      summary:
        'Enrol in a published module meant for me, while it is open, once its prerequisites are completed (again: the enrolment there is)',
      tags,
      request: { params: moduleParams },
      response: { schema: enrolmentSchema },
    },
    reportWatched: {
      method: 'POST',
      path: '/me/courses/{moduleId}/items/{itemId}/watched',
      permission: 'course.read',
      summary:
        'The stretches of a video played since the last report (about every 15 s) and where the player is: credited as far as the time since the last report allows',
      tags,
      request: {
        params: itemParams,
        body: z.object({
          stretches: z.array(z.tuple([z.number().min(0), z.number().min(0)])).max(MAX_STRETCHES),
          position: z.number().min(0),
        }),
      },
      response: {
        schema: z.object({
          covered: z.number(),
          complete: z.boolean(),
          /** Stretches not credited (longer than could have played). */
          dropped: z.number(),
          moduleCompletedAt: z.string().optional(),
          ...shareSchema,
        }),
      },
    },
    openCourseItem: {
      method: 'POST',
      path: '/me/courses/{moduleId}/items/{itemId}/open',
      permission: 'course.read',
      summary:
        'A short-lived link to an item’s file (range requests work on it); opening a document completes it',
      tags,
      request: { params: itemParams },
      response: { schema: linkSchema },
    },
    launchCourseUnit: {
      method: 'POST',
      path: '/me/courses/{moduleId}/items/{itemId}/launch',
      permission: 'course.read',
      summary:
        'Launch a SCORM unit: the file to load in the portal’s runtime, the learner as the unit sees them, and what it saved last time (an asset completes on launch)',
      tags,
      request: { params: itemParams },
      response: {
        schema: z.object({
          standard: z.enum(['scorm12', 'scorm2004', 'cmi5']),
          unitKind: z.enum(['sco', 'asset', 'au']),
          /** On the portal's own origin, so the unit finds the runtime in its parent window. */
          launchUrl: z.string(),
          learner: z.object({ id: z.string(), name: z.string() }).optional(),
          /** What the runtime starts from: where the learner was, what the unit saved. */
          cmi: z.record(z.string(), z.unknown()).optional(),
          /** The sequence of the runtime data kept: the next commit's is above it. */
          seq: z.number().optional(),
          complete: z.boolean().optional(),
          moduleCompletedAt: z.string().optional(),
          ...shareSchema,
        }),
      },
    },
    commitCourseUnit: {
      method: 'PUT',
      path: '/me/courses/{moduleId}/items/{itemId}/runtime',
      permission: 'course.read',
      summary:
        'A SCORM unit’s commit (on its commit, on leaving the page): its runtime data kept to resume from; the unit completed when it reports completed or passed',
      tags,
      request: {
        params: itemParams,
        body: z.object({
          cmi: storable(MAX_RUNTIME_CHARS),
          /** The runtime's commit number, increasing (a commit older than the data kept adds only its completion). */
          seq: z.number().int().min(0),
        }),
      },
      response: {
        schema: z.object({
          complete: z.boolean(),
          status: z.string(),
          score: z.number().optional(),
          moduleCompletedAt: z.string().optional(),
          ...shareSchema,
        }),
      },
    },
    rateMyCourse: {
      method: 'PUT',
      path: '/me/courses/{moduleId}/rating',
      permission: 'course.read',
      summary:
        'Rate a module I am enrolled in, 1–5 stars with a comment if I like (again: changes my rating)',
      tags,
      request: {
        params: moduleParams,
        body: z.object({
          stars: z.number().int().min(1).max(5),
          comment: z.string().trim().max(1000).optional(),
        }),
      },
      response: { schema: ratingSchema },
    },
    listModuleRatings: {
      method: 'GET',
      path: '/course-modules/{moduleId}/ratings',
      permission: 'course.read',
      summary:
        'A module’s ratings: the count and average, mine, and the comments newest first (a hidden one without its text)',
      tags,
      request: { params: moduleParams, query: z.object(page) },
      response: {
        schema: z.object({
          count: z.number(),
          average: z.number(),
          mine: ratingSchema.optional(),
          items: z.array(ratingSchema),
          nextCursor: z.string().optional(),
        }),
      },
    },
    hideModuleRating: {
      method: 'POST',
      path: '/module-ratings/{ratingId}/hide',
      permission: 'course.manage',
      summary: 'Hide a rating’s comment, with the reason (its stars still count); audited',
      tags,
      request: {
        params: z.object({ ratingId: z.uuid() }),
        body: z.object({ reason: z.string().trim().min(3).max(500) }),
      },
      response: { schema: ratingSchema },
    },
    listCourseTests: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/course-tests',
      permission: 'course.manage',
      summary:
        'The unit’s exam sessions set up as courses’ tests (open roll) and not closed: what a module’s outline may name as its test',
      tags,
      request: { params: z.object({ orgUnitId }) },
      response: {
        schema: z.object({
          items: z.array(
            z.object({
              sessionId: z.string(),
              title: z.string(),
              opensAt: z.string(),
              closesAt: z.string(),
              durationMinutes: z.number(),
              passMark: z.number(),
              maxPoints: z.number(),
              attemptsAllowed: z.number(),
            }),
          ),
        }),
      },
    },
    listForumThreads: {
      method: 'GET',
      path: '/course-modules/{moduleId}/forum',
      permission: 'course.read',
      summary:
        'A module’s forum, newest questions first: to its enrolled learners and its managers (a hidden question without its text, but to its author)',
      tags,
      request: { params: moduleParams, query: z.object(page) },
      response: {
        schema: z.object({
          /** The reader moderates (the module's managers). */
          moderator: z.boolean(),
          /** The forum takes posts (the module is open). */
          open: z.boolean(),
          items: z.array(threadSchema),
          nextCursor: z.string().optional(),
        }),
      },
    },
    askInForum: {
      method: 'POST',
      path: '/course-modules/{moduleId}/forum',
      permission: 'course.read',
      summary: 'Ask a question in a module’s forum (its learners and managers, while the module is open)',
      tags,
      request: {
        params: moduleParams,
        body: z.object({ title: z.string().trim().min(3).max(200), body: postBody }),
      },
      response: { status: 201, schema: threadSchema },
    },
    getForumThread: {
      method: 'GET',
      path: '/forum-threads/{threadId}',
      permission: 'course.read',
      summary: 'A question of a module’s forum and its replies, oldest first',
      tags,
      request: { params: threadParams, query: z.object(page) },
      response: {
        schema: z.object({
          moderator: z.boolean(),
          open: z.boolean(),
          thread: threadSchema,
          items: z.array(replySchema),
          nextCursor: z.string().optional(),
        }),
      },
    },
    replyInForum: {
      method: 'POST',
      path: '/forum-threads/{threadId}/replies',
      permission: 'course.read',
      summary: 'Answer a question of a module’s forum',
      tags,
      request: { params: threadParams, body: z.object({ body: postBody }) },
      response: { status: 201, schema: replySchema },
    },
    hideForumPost: {
      method: 'POST',
      path: '/forum-threads/{threadId}/hide',
      permission: 'course.manage',
      summary:
        'Hide a question (with its replies) or one reply of a module’s forum, with the reason (its author still sees it); audited',
      tags,
      request: {
        params: threadParams,
        body: z.object({
          /** A reply of the thread; without it, the question itself. */
          replyId: z.string().min(1).max(64).optional(),
          reason: z.string().trim().min(3).max(500),
        }),
      },
      response: { schema: z.object({ hiddenAt: z.string(), hiddenReason: z.string() }) },
    },
    createCoursePackage: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/course-packages',
      permission: 'course.manage',
      summary:
        'Announce a SCORM 1.2/2004 or cmi5 package (a zip): answers with the form to upload it to; a worker checks and unpacks it',
      tags,
      request: {
        params: z.object({ orgUnitId }),
        body: z.object({
          fileName: z
            .string()
            .trim()
            .min(5)
            .max(200)
            .regex(/\.zip$/i, { ...codedIssue(coursesText('package-not-zip-name')) }),
          size: z.number().int().min(22).max(MAX_PACKAGE_BYTES),
        }),
      },
      response: { status: 201, schema: z.object({ package: packageSchema, upload: uploadLinkSchema }) },
    },
    listCoursePackages: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/course-packages',
      permission: 'course.manage',
      summary: 'The unit’s packages, newest first',
      tags,
      request: { params: z.object({ orgUnitId }), query: z.object(page) },
      response: { schema: list(packageSchema) },
    },
    getCoursePackage: {
      method: 'GET',
      path: '/course-packages/{packageId}',
      permission: 'course.manage',
      summary: 'A package: while it is checked, its units when ready, or why it was refused',
      tags,
      request: { params: packageParams },
      response: { schema: packageSchema },
    },
    getMyBdtxPlan: {
      method: 'GET',
      path: '/me/bdtx-plans/{year}',
      permission: 'course.plan',
      summary:
        'My BDTX plan of a year: the modules given to me (programmes 01, 02), those I may choose (03), my choice, the periods, the problems, the deadline',
      tags,
      request: { params: yearParams },
      response: {
        schema: z.object({
          year: z.number(),
          deadline: z.string(),
          standing: z.enum(STANDINGS),
          plan: planSchema.optional(),
          periods: periodsSchema,
          /** Periods of the plan's modules completed so far, by programme. */
          earned: periodsSchema,
          completedModuleIds: z.array(z.string()),
          /** Planned modules not completed whose window has closed or closes within 14 days. */
          behind: z.array(z.string()),
          problems: z.array(problemSchema),
          given: z.array(moduleSchema),
          choosable: z.array(moduleSchema),
          chosen: z.array(moduleSchema),
          schools: z.array(z.object({ orgUnitId: z.string(), name: z.string() })),
        }),
      },
    },
    saveMyBdtxPlan: {
      method: 'PUT',
      path: '/me/bdtx-plans/{year}',
      permission: 'course.plan',
      summary: 'Save my choice of programme 03 modules as a draft (it may be short of 120 periods)',
      tags,
      request: {
        params: yearParams,
        body: z.object({
          moduleIds: z.array(z.uuid()).max(30),
          /** 0 for a plan not saved yet. */
          expectedRevision: z.number().int().min(0),
        }),
      },
      response: { schema: planSchema },
    },
    submitMyBdtxPlan: {
      method: 'POST',
      path: '/me/bdtx-plans/{year}/submit',
      permission: 'course.plan',
      summary: 'Send my plan to my school’s leaders: it must make the year’s 120 periods',
      tags,
      request: {
        params: yearParams,
        body: z.object({ expectedRevision: z.number().int().min(1), schoolId: orgUnitId.optional() }),
      },
      response: { schema: planSchema },
    },
    getMyBdtxEvidence: {
      method: 'GET',
      path: '/me/bdtx-evidence/{year}',
      permission: 'course.read',
      summary:
        'My BDTX evidence of a year: the modules of my plan with completion, test score and certificate, periods by programme, and the outcome',
      tags,
      request: { params: yearParams },
      response: { schema: evidenceSchema },
    },
    exportMyBdtxEvidence: {
      method: 'POST',
      path: '/me/bdtx-evidence/{year}/exports',
      permission: 'course.read',
      summary: 'Export my BDTX evidence of a year (XLSX and PDF, written in the background)',
      tags,
      request: { params: yearParams },
      response: { status: 202, schema: evidenceExportSchema },
    },
    exportSchoolBdtxEvidence: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/bdtx-evidence/exports',
      permission: 'course.approve-plan',
      summary:
        'Export the BDTX evidence of everyone who must plan at a school for a year (XLSX and PDF): the school’s evaluation evidence',
      tags,
      request: { params: z.object({ orgUnitId }), body: z.object({ year }) },
      response: { status: 202, schema: evidenceExportSchema },
    },
    getBdtxEvidenceExport: {
      method: 'GET',
      path: '/bdtx-evidence-exports/{jobId}',
      permission: 'course.read',
      summary:
        'An evidence export I asked for: its state, then links to the XLSX and the PDF (404 to anyone else)',
      tags,
      request: { params: z.object({ jobId: z.uuid() }) },
      response: { schema: evidenceExportSchema },
    },
    listSchoolBdtxPlans: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/bdtx-plans',
      permission: 'course.approve-plan',
      summary: 'Everyone who must plan at a school, by name, with where their plan of the year stands',
      tags,
      request: { params: z.object({ orgUnitId }), query: z.object({ year }) },
      response: {
        schema: z.object({
          deadline: z.string(),
          items: z.array(
            z.object({
              accountId: z.string(),
              fullName: z.string(),
              standing: z.enum(STANDINGS),
              /** Periods of planned modules completed; planned modules the person is behind on. */
              earned: z.number(),
              behind: z.number(),
              planId: z.string().optional(),
              periods: z.number().optional(),
              late: z.boolean().optional(),
              submittedAt: z.string().optional(),
            }),
          ),
        }),
      },
    },
    getBdtxPlanSummary: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/bdtx-plan-summary',
      permission: 'course.oversee',
      summary:
        'A commune’s schools and where the year’s BDTX plans stand in each: who must plan, approved, submitted, not approved, overdue',
      tags,
      request: { params: z.object({ orgUnitId }), query: z.object({ year }) },
      response: {
        schema: z.object({
          deadline: z.string(),
          schools: z.array(
            z.object({
              orgUnitId: z.string(),
              name: z.string(),
              people: z.number(),
              approved: z.number(),
              submitted: z.number(),
              notApproved: z.number(),
              overdue: z.number(),
            }),
          ),
        }),
      },
    },
    getBdtxDashboard: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/bdtx-dashboard',
      permission: 'course.oversee',
      summary:
        'The year’s BDTX figures of the units under a unit (the city’s communes, a commune’s schools), from the schools’ nightly tallies: plans, periods, who reached 120, who is behind',
      tags,
      request: { params: z.object({ orgUnitId }), query: z.object({ year }) },
      response: {
        schema: z.object({
          year: z.number(),
          deadline: z.string(),
          total: dashboardRow.omit({ orgUnitId: true, name: true, kind: true }),
          rows: z.array(dashboardRow),
          /** When the newest tally counted was made; absent before any. */
          computedAt: z.string().optional(),
        }),
      },
    },
    getBdtxPlan: {
      method: 'GET',
      path: '/bdtx-plans/{planId}',
      permission: 'course.approve-plan',
      summary: 'A plan submitted to the school, its modules named, for the leaders’ decision',
      tags,
      request: { params: planParams },
      response: { schema: planSchema.extend({ modules: z.array(namedModule), standing: z.enum(STANDINGS) }) },
    },
    fetchCmi5Token: {
      method: 'POST',
      path: '/cmi5/fetch/{sessionId}',
      permission: 'public',
      summary:
        'cmi5’s fetch URL: a launched unit trades its one-time code for the token of its session (once; again is cmi5’s error 1)',
      tags: xapiTags,
      request: {
        params: z.object({ sessionId: z.uuid() }),
        query: z.object({ code: z.string().min(16).max(64) }),
      },
      response: { schema: z.record(z.string(), z.string()) },
    },
    getXapiAbout: {
      method: 'GET',
      path: '/xapi/about',
      permission: 'public',
      summary: 'The xAPI versions the statement store speaks',
      tags: xapiTags,
      response: { schema: z.object({ version: z.array(z.string()) }) },
    },
    postXapiStatements: {
      method: 'POST',
      path: '/xapi/statements',
      permission: 'public',
      summary:
        'Store a cmi5 unit’s statements (its session’s token as Basic auth): validated and held to cmi5’s rules, all or none; answers their ids',
      tags: xapiTags,
      request: { body: z.union([xapiStatementSchema, z.array(xapiStatementSchema).min(1)]) },
      response: { schema: z.array(z.string()) },
    },
    putXapiStatement: {
      method: 'PUT',
      path: '/xapi/statements',
      permission: 'public',
      summary: 'Store one statement under its id (again with the same content: accepted; other content: 409)',
      tags: xapiTags,
      request: { query: z.object({ statementId: z.uuid() }), body: xapiStatementSchema },
      response: { status: 204 },
    },
    getXapiStatements: {
      method: 'GET',
      path: '/xapi/statements',
      permission: 'public',
      summary: 'One statement of the session’s registration by id, or its statements newest first',
      tags: xapiTags,
      request: {
        query: z.object({
          statementId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(100).default(25),
          cursor: z.string().max(2048).optional(),
        }),
      },
      response: { schema: z.record(z.string(), z.unknown()) },
    },
    getXapiState: {
      method: 'GET',
      path: '/xapi/activities/state',
      permission: 'public',
      summary:
        'A state document of the session’s learner and registration (cmi5’s LMS.LaunchData among them)',
      tags: xapiTags,
      request: { query: stateQuery },
      response: { schema: z.record(z.string(), z.unknown()) },
    },
    putXapiState: {
      method: 'PUT',
      path: '/xapi/activities/state',
      permission: 'public',
      summary: 'Write a state document (JSON) of the session’s learner and registration',
      tags: xapiTags,
      request: { query: stateQuery, body: storable(MAX_DOCUMENT_CHARS) },
      response: { status: 204 },
    },
    postXapiState: {
      method: 'POST',
      path: '/xapi/activities/state',
      permission: 'public',
      summary: 'Merge into a state document (JSON objects) of the session’s learner and registration',
      tags: xapiTags,
      request: { query: stateQuery, body: storable(MAX_DOCUMENT_CHARS) },
      response: { status: 204 },
    },
    deleteXapiState: {
      method: 'DELETE',
      path: '/xapi/activities/state',
      permission: 'public',
      summary: 'Delete a state document of the session’s learner and registration',
      tags: xapiTags,
      request: { query: stateQuery },
      response: { status: 204 },
    },
    getXapiAgentProfile: {
      method: 'GET',
      path: '/xapi/agents/profile',
      permission: 'public',
      summary: 'cmi5’s learner preferences of the session’s learner (Vietnamese, audio on); no other profile',
      tags: xapiTags,
      request: { query: z.object({ agent: z.string().max(2000), profileId: z.string().max(200) }) },
      response: { schema: z.record(z.string(), z.unknown()) },
    },
    decideBdtxPlan: {
      method: 'POST',
      path: '/bdtx-plans/{planId}/decision',
      permission: 'course.approve-plan',
      summary: 'Approve a submitted plan, or return it with the reason',
      tags,
      request: {
        params: planParams,
        body: z.object({
          decision: z.enum(['approve', 'return']),
          reason: z.string().trim().max(1000).optional(),
          expectedRevision: z.number().int().min(1),
        }),
      },
      response: { schema: planSchema },
    },
  },
  queues: {
    [COURSE_PACKAGES_QUEUE]: {
      description: 'SCORM and cmi5 packages uploaded for import (S3 notifications)',
      visibilityTimeoutSeconds: 1800,
      maxReceiveCount: 3,
      objectCreated: { bucket: 'documents', prefix: PACKAGE_UPLOAD_PREFIX },
    },
    [EVIDENCE_EXPORTS_QUEUE]: {
      description: 'BDTX evidence exports waiting to be written',
      visibilityTimeoutSeconds: 1800,
      maxReceiveCount: 3,
    },
    [BDTX_TALLY_QUEUE]: {
      description:
        'Schools whose BDTX figures of a year are to be recounted (nightly, and after plans are sent or decided)',
      visibilityTimeoutSeconds: 720,
      maxReceiveCount: 5,
    },
    [COURSE_TEST_RESULTS_QUEUE]: {
      description:
        'Course tests graded in the exam room (exam.attempt-graded), waiting to be recorded in the course',
      visibilityTimeoutSeconds: 360,
      maxReceiveCount: 5,
      subscribes: [EXAM_ATTEMPT_GRADED],
    },
    [CERTIFICATES_QUEUE]: {
      description: 'Completion certificates asked for, waiting to be made and signed',
      visibilityTimeoutSeconds: 540,
      maxReceiveCount: 5,
    },
  },
  workers: {
    'remind-closing-modules': {
      file: 'remind-closing-modules',
      description:
        'Reminds the people whose approved plan holds a module closing in 7 days, and the day before, if not completed',
      trigger: {
        kind: 'schedule',
        expression: 'cron(0 8 * * ? *)',
        description: 'Every day at 08:00 Hải Phòng time',
      },
      timeoutSeconds: 600,
      access: { table: 'read', sendsTo: ['notifications'] },
    },
    'remind-plan-deadline': {
      file: 'remind-plan-deadline',
      description:
        'Reminds everyone who must plan and has not sent a plan, 7 days and 1 day before the plans’ deadline (31 May)',
      trigger: {
        kind: 'schedule',
        expression: 'cron(0 8 * * ? *)',
        description: 'Every day at 08:00 Hải Phòng time',
      },
      timeoutSeconds: 900,
      access: { table: 'read', sendsTo: ['notifications'] },
    },
    'tally-school-bdtx': {
      file: 'tally-school-bdtx',
      description:
        'Recounts a school’s BDTX figures of a year (plans, periods, who reached 120, who is behind) into its tally',
      trigger: { kind: 'queue', queue: BDTX_TALLY_QUEUE, batchSize: 10, maxConcurrency: 5 },
      timeoutSeconds: 120,
      access: { table: 'readwrite' },
    },
    'tally-all-bdtx': {
      file: 'tally-all-bdtx',
      description: 'Nightly: asks for every school’s BDTX figures of the year to be recounted',
      trigger: { kind: 'schedule', expression: 'cron(45 0 * * ? *)', description: 'Every night at 00:45' },
      timeoutSeconds: 300,
      access: { table: 'read', sendsTo: [BDTX_TALLY_QUEUE] },
    },
    'record-course-test-pass': {
      file: 'record-course-test-pass',
      description:
        'Records a course test passed in the exam room as the test item’s completion (and the module’s)',
      trigger: { kind: 'queue', queue: COURSE_TEST_RESULTS_QUEUE, batchSize: 10 },
      timeoutSeconds: 60,
      access: { table: 'readwrite' },
    },
    'issue-course-certificate': {
      file: 'issue-course-certificate',
      description:
        'Makes a completion certificate: the PDF, signed PAdES in the issuing unit’s name with the QR code of its verification page',
      trigger: { kind: 'queue', queue: CERTIFICATES_QUEUE, batchSize: 1 },
      timeoutSeconds: 90,
      memoryMb: 1024,
      bundlePdfFonts: true,
      signs: true,
      access: {
        table: 'readwrite',
        buckets: [{ bucket: 'documents', prefix: CERTIFICATE_PREFIX, access: 'write' }],
      },
    },
    'export-bdtx-evidence': {
      file: 'export-bdtx-evidence',
      description:
        'Writes a BDTX evidence export: the XLSX (summary and modules) and the PDF (a sheet per person)',
      trigger: { kind: 'queue', queue: EVIDENCE_EXPORTS_QUEUE, batchSize: 1 },
      timeoutSeconds: 300,
      memoryMb: 1024,
      bundlePdfFonts: true,
      access: {
        table: 'readwrite',
        buckets: [{ bucket: 'reports', prefix: EVIDENCE_EXPORT_PREFIX, access: 'write' }],
      },
    },
    'import-course-package': {
      file: 'import-course-package',
      description: 'Checks an uploaded SCORM or cmi5 package and unpacks it into the materials bucket',
      trigger: { kind: 'queue', queue: COURSE_PACKAGES_QUEUE, batchSize: 1 },
      timeoutSeconds: 300,
      memoryMb: 2048,
      access: {
        table: 'readwrite',
        buckets: [
          { bucket: 'documents', prefix: PACKAGE_UPLOAD_PREFIX, access: 'read' },
          { bucket: 'materials', prefix: PACKAGE_FILES_PREFIX, access: 'write' },
        ],
      },
    },
  },
});
