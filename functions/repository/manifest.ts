/**
 * The learning repository (seed 004 task 10, seed 002): e-books, documents, e-lectures, videos
 * and audio with Dublin Core metadata mapped to the 2018 curriculum; uploads checked against
 * their checksums; review before publication at the school, commune or Department; licences and
 * short-lived reading links; curriculum coverage; OAI-PMH 2.0 for harvesters. Published open and
 * city resources are catalogued in the library's union catalogue, so one search finds them.
 */
import * as z from 'zod';
import { ORG_UNIT_MOVED } from '#shared/events/org-unit-moved.ts';
import { defineContext } from '#shared/manifest.ts';
import { uploadLinkSchema } from '#shared/storage/upload-link.ts';
import { codedIssue } from '#shared/text/issues.ts';
import { curriculumRef, LANGUAGES } from '../library/domain/catalogue.ts';
import {
  fileAnnouncement,
  LICENCES,
  RESOURCE_KINDS,
  RESOURCE_STATES,
  resourceInput,
} from './domain/resources.ts';
import { repositoryText } from './domain/texts.ts';
import { ORG_MOVES_QUEUE, RESOURCE_PREFIX, SYNC_QUEUE, UPLOADS_QUEUE } from './messages.ts';

const tags = ['repository'];
const orgUnitId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/, 'Must be an organisation unit code');
const resourceParams = z.object({ resourceId: z.uuid() });
const page = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
};
const subjectCode = z.string().regex(/^[a-z0-9-]{2,32}$/, 'A subject code, e.g. toan, ngu-van');
const curriculumParams = z.object({ subject: subjectCode, grade: z.coerce.number().int().min(1).max(12) });

const metaSchema = z.object({
  kind: z.enum(RESOURCE_KINDS),
  title: z.string(),
  creators: z.array(z.string()),
  description: z.string().optional(),
  subjects: z.array(z.string()),
  publisher: z.string().optional(),
  language: z.enum(LANGUAGES),
  licence: z.enum(LICENCES),
  curriculum: z.array(curriculumRef),
});

const fileSchema = z.object({
  version: z.number(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
});

const resourceSchema = z
  .object({
    resourceId: z.string(),
    unitId: z.string(),
    reviewUnitId: z.string(),
    authorName: z.string(),
    state: z.enum(RESOURCE_STATES),
    meta: metaSchema,
    latestVersion: z.number(),
    published: fileSchema
      .extend({ meta: metaSchema, publishedAt: z.string(), approvedBy: z.string() })
      .optional(),
    submittedAt: z.string().optional(),
    history: z.array(
      z.object({
        action: z.string(),
        byName: z.string(),
        at: z.string(),
        version: z.number().optional(),
        comment: z.string().optional(),
      }),
    ),
    createdAt: z.string(),
    updatedAt: z.string(),
    revision: z.number(),
  })
  .meta({ id: 'LearningResource' });

const versionSchema = fileSchema
  .extend({
    status: z.enum(['uploading', 'ready', 'rejected']),
    /** Why the file was rejected, in the caller's language. */
    problem: z.string().optional(),
    /** The problem's code in the message catalogue, with its parameters. */
    problemCode: z.string().optional(),
    problemParams: z.record(z.string(), z.unknown()).optional(),
    requestedAt: z.string(),
    verifiedAt: z.string().optional(),
  })
  .meta({ id: 'ResourceVersion' });

const publicResourceSchema = z
  .object({
    resourceId: z.string(),
    unitId: z.string(),
    unitName: z.string().optional(),
    meta: metaSchema,
    file: fileSchema,
    publishedAt: z.string(),
    /** `open`: anyone may open it; `sign-in`: people of the city's platform. */
    access: z.enum(['open', 'sign-in']),
    dublinCore: z.record(z.string(), z.array(z.string())),
  })
  .meta({ id: 'PublicLearningResource' });

const linkSchema = z
  .object({
    url: z.string(),
    contentType: z.string(),
    size: z.number(),
    version: z.number(),
    expiresInSeconds: z.number(),
  })
  .meta({ id: 'ResourceLink' });

const list = (item: z.ZodType) => z.object({ items: z.array(item), nextCursor: z.string().optional() });

const coverageSchema = z
  .object({
    lessons: z.number(),
    covered: z.number(),
    share: z.number(),
    targets: z.array(z.object({ year: z.number(), share: z.number() })),
    subjects: z.array(
      z.object({
        subject: z.string(),
        name: z.string(),
        lessons: z.number(),
        covered: z.number(),
        share: z.number(),
      }),
    ),
    grades: z.array(
      z.object({ subject: z.string(), grade: z.number(), lessons: z.number(), covered: z.number() }),
    ),
  })
  .meta({ id: 'CurriculumCoverage' });

const xml = {
  contentType: 'text/xml',
  description: 'An OAI-PMH 2.0 response (errors included, as the protocol answers them)',
};
const oaiQuery = z.object({
  verb: z.string().optional(),
  identifier: z.string().optional(),
  metadataPrefix: z.string().optional(),
  from: z.string().optional(),
  until: z.string().optional(),
  set: z.string().optional(),
  resumptionToken: z.string().optional(),
});

export const repositoryManifest = defineContext({
  name: 'repository',
  description:
    'The learning repository: digital resources with Dublin Core and curriculum mapping, review and publication, licences, coverage, OAI-PMH',
  api: {
    access: {
      table: 'readwrite',
      buckets: [{ bucket: 'materials', prefix: 'resources/', access: 'readwrite' }],
      sendsTo: ['repository-sync'],
    },
  },
  routes: {
    createResource: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/resources',
      permission: 'repository.contribute',
      summary: 'Start a learning resource of a unit (its metadata); its file is uploaded next',
      tags,
      request: { params: z.object({ orgUnitId }), body: resourceInput },
      response: { status: 201, schema: resourceSchema },
    },
    listUnitResources: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/resources',
      permission: 'repository.review',
      summary: 'A unit’s resources, most recently changed first',
      tags,
      request: { params: z.object({ orgUnitId }), query: z.object(page) },
      response: { schema: list(resourceSchema) },
    },
    listResourceReviews: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/resource-reviews',
      permission: 'repository.review',
      summary: 'The resources a unit reviews, by state (the queue: submitted, oldest first)',
      tags,
      request: {
        params: z.object({ orgUnitId }),
        query: z.object({ ...page, state: z.enum(RESOURCE_STATES).default('submitted') }),
      },
      response: { schema: list(resourceSchema) },
    },
    listMyResources: {
      method: 'GET',
      path: '/me/resources',
      permission: 'repository.contribute',
      summary: 'My resources, most recently changed first',
      tags,
      request: { query: z.object(page) },
      response: { schema: list(resourceSchema) },
    },
    listLearnerResources: {
      method: 'GET',
      path: '/learners/{recordId}/resources',
      permission: 'learner.read',
      signIn: 'any',
      summary:
        'Published learning resources of a learner’s grade (shared with the city or open to all), by subject and title, for the learner and their linked guardians',
      tags,
      request: {
        params: z.object({ recordId: z.uuid() }),
        query: z.object({ ...page, subject: subjectCode.optional() }),
      },
      response: {
        schema: list(
          z
            .object({
              resourceId: z.string(),
              title: z.string(),
              kind: z.enum(RESOURCE_KINDS),
              creators: z.array(z.string()),
              subject: z.string(),
              subjectName: z.string(),
              grade: z.number(),
              licence: z.enum(LICENCES),
              /** `open`: anyone opens it (the public page); `sign-in`: people of the city's platform. */
              access: z.enum(['open', 'sign-in']),
              publishedAt: z.string(),
            })
            .meta({ id: 'GradeResource' }),
        ).extend({ grade: z.number() }),
      },
    },
    getResource: {
      method: 'GET',
      path: '/resources/{resourceId}',
      permission: 'repository.read',
      summary: 'A resource with its draft, history and review state (its author and its reviewers)',
      tags,
      request: { params: resourceParams },
      response: { schema: resourceSchema },
    },
    updateResource: {
      method: 'PUT',
      path: '/resources/{resourceId}',
      permission: 'repository.contribute',
      summary:
        'Change a resource’s metadata (a published one keeps its published version until approved again)',
      tags,
      request: {
        params: resourceParams,
        body: resourceInput.extend({ expectedRevision: z.number().int().min(1) }),
      },
      response: { schema: resourceSchema },
    },
    requestResourceUpload: {
      method: 'POST',
      path: '/resources/{resourceId}/uploads',
      permission: 'repository.contribute',
      summary:
        'A link to upload the next version’s file, announced with its name, type, size and SHA-256 (checked after upload)',
      tags,
      request: { params: resourceParams, body: fileAnnouncement },
      response: { status: 201, schema: z.object({ version: versionSchema, upload: uploadLinkSchema }) },
    },
    listResourceVersions: {
      method: 'GET',
      path: '/resources/{resourceId}/versions',
      permission: 'repository.read',
      summary: 'A resource’s file versions with their checks (its author and its reviewers)',
      tags,
      request: { params: resourceParams },
      response: { schema: z.object({ items: z.array(versionSchema) }) },
    },
    submitResource: {
      method: 'POST',
      path: '/resources/{resourceId}/submit',
      permission: 'repository.contribute',
      summary: 'Send the latest version for review at the unit its licence names',
      tags,
      request: { params: resourceParams },
      response: { schema: resourceSchema },
    },
    reviewResource: {
      method: 'POST',
      path: '/resources/{resourceId}/review',
      permission: 'repository.review',
      summary: 'Approve (publish) or return a submitted resource, at its reviewing unit or above',
      tags,
      request: {
        params: resourceParams,
        body: z.object({
          decision: z.enum(['approve', 'return']),
          comment: z.string().trim().max(2000).optional(),
        }),
      },
      response: { schema: resourceSchema },
    },
    withdrawResource: {
      method: 'POST',
      path: '/resources/{resourceId}/withdraw',
      permission: 'repository.read',
      summary: 'Take a resource out of the collection (its author, or a reviewer over its unit)',
      tags,
      request: {
        params: resourceParams,
        body: z.object({ reason: z.string().trim().min(3).max(2000) }),
      },
      response: { schema: resourceSchema },
    },
    openResource: {
      method: 'GET',
      path: '/resources/{resourceId}/content',
      permission: 'repository.read',
      summary:
        'A short-lived link to read or play a resource as its licence allows (a version: its author and reviewers); range requests work on it',
      tags,
      request: {
        params: resourceParams,
        query: z.object({ version: z.coerce.number().int().min(1).optional() }),
      },
      response: { schema: linkSchema },
    },
    getPublicResource: {
      method: 'GET',
      path: '/library/resources/{resourceId}',
      permission: 'public',
      summary: 'A published open or city resource: its Dublin Core metadata and how it may be opened',
      tags,
      request: { params: resourceParams },
      response: { schema: publicResourceSchema },
    },
    openPublicResource: {
      method: 'GET',
      path: '/library/resources/{resourceId}/content',
      permission: 'public',
      summary: 'A short-lived link to read or play an open resource (range requests work on it)',
      tags,
      request: { params: resourceParams },
      response: { schema: linkSchema },
    },
    getCoverage: {
      method: 'GET',
      path: '/library/coverage',
      permission: 'public',
      summary:
        'Curriculum coverage: per subject and grade, lessons with at least one published resource, against the city’s targets',
      tags,
      response: { schema: coverageSchema },
    },
    listCurriculumLessons: {
      method: 'GET',
      path: '/curriculum/{subject}/{grade}/lessons',
      permission: 'public',
      summary: 'The lessons of a subject and grade in the 2018 curriculum, in teaching order',
      tags,
      request: { params: curriculumParams },
      response: {
        schema: z.object({ items: z.array(z.object({ lessonId: z.string(), title: z.string() })) }),
      },
    },
    replaceCurriculumLessons: {
      method: 'PUT',
      path: '/curriculum/{subject}/{grade}/lessons',
      permission: 'repository.curriculum',
      summary: 'Replace a subject and grade’s lessons (the Department); coverage is recounted',
      tags,
      request: {
        params: curriculumParams,
        body: z.object({
          lessons: z
            .array(
              z.object({
                lessonId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'A lesson code: letters, digits, . _ -'),
                title: z.string().trim().min(1).max(300),
              }),
            )
            .max(200)
            .refine(
              (l) => new Set(l.map((x) => x.lessonId)).size === l.length,
              codedIssue(repositoryText('lesson-twice')),
            ),
        }),
      },
      response: {
        schema: z.object({ items: z.array(z.object({ lessonId: z.string(), title: z.string() })) }),
      },
    },
    oaiGet: {
      method: 'GET',
      path: '/oai',
      permission: 'public',
      summary: 'OAI-PMH 2.0 over the public digital collection (oai_dc)',
      tags: ['oai-pmh'],
      request: { query: oaiQuery },
      response: xml,
    },
    oaiPost: {
      method: 'POST',
      path: '/oai',
      permission: 'public',
      summary: 'OAI-PMH 2.0 with the arguments in a form body (application/x-www-form-urlencoded)',
      tags: ['oai-pmh'],
      response: xml,
    },
  },
  queues: {
    [UPLOADS_QUEUE]: {
      visibilityTimeoutSeconds: 5400,
      maxReceiveCount: 3,
      description: 'Uploaded resource files, announced by S3: checked (size, SHA-256, content)',
      objectCreated: { bucket: 'materials', prefix: RESOURCE_PREFIX },
    },
    [SYNC_QUEUE]: {
      visibilityTimeoutSeconds: 360,
      maxReceiveCount: 5,
      description: 'Publications and withdrawals to carry into the catalogue, OAI-PMH and coverage',
    },
    [ORG_MOVES_QUEUE]: {
      visibilityTimeoutSeconds: 1800,
      maxReceiveCount: 5,
      description: 'Units moved in the org tree: their resources’ review queue follows them',
      subscribes: [ORG_UNIT_MOVED],
    },
  },
  workers: {
    'follow-org-moves': {
      file: 'follow-org-moves',
      description: 'Re-keys the review unit of a moved unit’s resources (and its schools’) from the tree',
      trigger: { kind: 'queue', queue: ORG_MOVES_QUEUE, batchSize: 1 },
      timeoutSeconds: 300,
      access: { table: 'readwrite' },
    },
    'verify-upload': {
      file: 'verify-upload',
      description: 'Checks an uploaded file against its announcement (size, SHA-256, first bytes)',
      trigger: { kind: 'queue', queue: UPLOADS_QUEUE, batchSize: 1 },
      timeoutSeconds: 900,
      memoryMb: 512,
      access: {
        table: 'readwrite',
        buckets: [{ bucket: 'materials', prefix: 'resources/', access: 'read', delete: true }],
      },
    },
    'sync-resource': {
      file: 'sync-resource',
      description: 'Carries a publication into the catalogue, OAI-PMH, lesson links and coverage',
      trigger: { kind: 'queue', queue: SYNC_QUEUE, batchSize: 5 },
      timeoutSeconds: 60,
      access: { table: 'readwrite', sendsTo: ['library-tallies'] },
    },
    'sweep-repository': {
      file: 'sweep-repository',
      description: 'Nightly: syncs publications whose sync did not finish',
      trigger: { kind: 'schedule', expression: 'cron(30 2 * * ? *)', description: '02:30 every night' },
      timeoutSeconds: 300,
      access: { table: 'readwrite', sendsTo: ['library-tallies'] },
    },
  },
});
