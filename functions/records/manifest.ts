/**
 * Teachers' professional records (seed 003, Official Letter 5512): plans and lesson plans with
 * their files and versions, the approval chains, signatures by the approvers, and public
 * verification of a signature.
 */
import * as z from 'zod';
import { defineContext } from '#shared/manifest.ts';
import { uploadLinkSchema } from '#shared/storage/upload-link.ts';
import { FILE_TYPES, type FileType, RECORD_KINDS } from './domain/records.ts';
import { RECORD_STATUSES } from './entities.ts';
import { SIGNING_QUEUE, TALLY_QUEUE } from './messages.ts';

const tags = ['records'];
const orgUnitId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/, 'Must be an organisation unit code');
const recordParams = z.object({ recordId: z.uuid() });
const schoolYear = z.string().regex(/^(\d{4})-(\d{4})$/, 'A school year such as 2026-2027');
const page = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
};

const recordSchema = z
  .object({
    recordId: z.string(),
    kind: z.enum(RECORD_KINDS),
    schoolId: z.string(),
    groupId: z.string().optional(),
    subject: z.string().optional(),
    authorId: z.string(),
    authorName: z.string(),
    schoolYear: z.string(),
    title: z.string(),
    lessons: z
      .array(
        z.object({
          lessonId: z.string(),
          title: z.string(),
          week: z.number().optional(),
          periods: z.number().optional(),
        }),
      )
      .optional(),
    lessonId: z.string().optional(),
    lessonDate: z.string().optional(),
    deadline: z.string().optional(),
    status: z.enum(RECORD_STATUSES),
    step: z.number(),
    /** The record waits at a step the caller decides (never on the author's own work). */
    yourStep: z.boolean().optional(),
    fileVersion: z.number(),
    history: z.array(
      z.object({
        action: z.string(),
        by: z.string(),
        byName: z.string(),
        at: z.string(),
        version: z.number().optional(),
        comment: z.string().optional(),
      }),
    ),
    signatures: z.array(
      z.object({
        signatureId: z.string(),
        signerName: z.string(),
        version: z.number(),
        at: z.string(),
        /** The short verification code on the stamp (`K7QM4XPA9R`, shown grouped). */
        code: z.string().optional(),
      }),
    ),
    revision: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ProfessionalRecord' });

const counts = z.object({
  draft: z.number(),
  submitted: z.number(),
  approved: z.number(),
  returned: z.number(),
  overdue: z.number(),
});

const deadlineSchema = z
  .object({ kind: z.enum(RECORD_KINDS), date: z.string(), setBy: z.string(), setAt: z.string() })
  .meta({ id: 'RecordDeadline' });

const fileSchema = z.object({
  version: z.number(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  uploadedAt: z.string(),
  url: z.string(),
  signedUrl: z.string().optional(),
});

const verificationSchema = z
  .object({
    signatureId: z.string(),
    /** The short code printed on the stamp (`K7QM-4XPA-9R`); none on signatures made before codes. */
    code: z.string().optional(),
    status: z.enum(['pending', 'signed', 'failed']),
    kind: z.enum(['pades', 'detached']).optional(),
    signer: z.string(),
    reason: z.string(),
    signedAt: z.string().optional(),
    /** Why the file was not signed (status failed), in the caller's language. */
    error: z.string().optional(),
    /** The code of that reason in the message catalogue, with its parameters. */
    errorCode: z.string().optional(),
    errorParams: z.record(z.string(), z.unknown()).optional(),
    documentSha256: z.string(),
    signedSha256: z.string().optional(),
    /** The document no longer stands (a digital diploma revoked), and under which decision. */
    revokedAt: z.string().optional(),
    revocation: z.object({ decisionNumber: z.string(), decisionDate: z.string() }).optional(),
    /** A professional record's signature: the record signed. */
    record: z
      .object({
        kind: z.enum(RECORD_KINDS),
        title: z.string(),
        schoolYear: z.string(),
        school: z.string(),
        version: z.number(),
      })
      .optional(),
    /** Any other signed document (a course's completion certificate): what it attests. */
    document: z
      .object({
        kind: z.enum(['course-certificate', 'transcript', 'diploma-copy', 'digital-diploma']),
        title: z.string(),
        holder: z.string(),
        issuer: z.string(),
        facts: z.array(z.object({ label: z.string(), value: z.string() })),
      })
      .optional(),
  })
  .meta({ id: 'SignatureVerification' });

export const recordsManifest = defineContext({
  name: 'records',
  description: 'Teachers’ professional records: plans, lesson plans, approval chains, signatures',
  api: {
    access: {
      table: 'readwrite',
      buckets: [{ bucket: 'documents', prefix: 'records/', access: 'readwrite' }],
      sendsTo: ['record-signing', 'record-tallies'],
    },
  },
  routes: {
    createRecord: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/professional-records',
      permission: 'records.write',
      summary: 'Start a record (a plan or a lesson plan) of a school; the file is uploaded next',
      tags,
      request: {
        params: z.object({ orgUnitId }),
        body: z.object({
          kind: z.enum(RECORD_KINDS),
          schoolYear,
          title: z.string().trim().min(3).max(300),
          groupId: orgUnitId.optional(),
          subject: z.string().trim().min(1).max(40).optional(),
          lessons: z
            .array(
              z.object({
                /** Made by the system when left out (the portal leaves it out). */
                lessonId: z.string().trim().min(1).max(40).optional(),
                title: z.string().trim().min(1).max(300),
                week: z.number().int().min(1).max(52).optional(),
                periods: z.number().int().min(1).max(20).optional(),
              }),
            )
            .max(400)
            .optional(),
          lessonId: z.string().trim().min(1).max(40).optional(),
          lessonDate: z.iso.date().optional(),
        }),
      },
      response: { status: 201, schema: recordSchema },
    },
    listRecords: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/professional-records',
      permission: 'records.read',
      summary: 'A school’s records for a school year, by status — only those the caller may see',
      tags,
      request: {
        params: z.object({ orgUnitId }),
        query: z.object({
          ...page,
          schoolYear,
          status: z.enum(RECORD_STATUSES).optional(),
          /** `me`: only the records waiting at a step the caller decides (an approver's queue). */
          awaiting: z.literal('me').optional(),
        }),
      },
      response: { schema: z.object({ items: z.array(recordSchema), nextCursor: z.string().optional() }) },
    },
    listMyRecords: {
      method: 'GET',
      path: '/me/professional-records',
      permission: 'records.write',
      summary: 'My records, newest school year first',
      tags,
      request: { query: z.object(page) },
      response: { schema: z.object({ items: z.array(recordSchema), nextCursor: z.string().optional() }) },
    },
    listPlannedLessons: {
      method: 'GET',
      path: '/me/planned-lessons',
      permission: 'records.write',
      summary:
        'The lessons of my approved teacher’s plans of a school year, each saying whether it has a lesson plan (what a lesson plan is chosen from)',
      tags,
      request: { query: z.object({ schoolYear }) },
      response: {
        schema: z.object({
          items: z.array(
            z.object({
              lessonId: z.string(),
              title: z.string(),
              week: z.number().optional(),
              periods: z.number().optional(),
              /** A lesson plan of mine already covers it (one file per lesson). */
              planned: z.boolean(),
              plan: z.object({
                recordId: z.string(),
                title: z.string(),
                schoolId: z.string(),
                groupId: z.string().optional(),
                subject: z.string().optional(),
              }),
            }),
          ),
        }),
      },
    },
    getRecord: {
      method: 'GET',
      path: '/professional-records/{recordId}',
      permission: 'records.read',
      summary: 'A record with its history, signatures and file versions (to those seed 003 names)',
      tags,
      request: { params: recordParams },
      response: { schema: recordSchema.extend({ files: z.array(fileSchema) }) },
    },
    requestRecordUpload: {
      method: 'POST',
      path: '/professional-records/{recordId}/uploads',
      permission: 'records.write',
      summary: 'A link to upload the next version of the record’s file (PDF, DOCX or ODT, up to 20 MB)',
      tags,
      request: {
        params: recordParams,
        body: z.object({
          fileName: z.string().trim().min(1).max(200),
          contentType: z.enum(Object.keys(FILE_TYPES) as [FileType, ...FileType[]]),
        }),
      },
      response: {
        status: 201,
        schema: z.object({
          version: z.number(),
          maxBytes: z.number(),
          upload: uploadLinkSchema,
        }),
      },
    },
    submitRecord: {
      method: 'POST',
      path: '/professional-records/{recordId}/submit',
      permission: 'records.write',
      summary: 'Submit an uploaded version for approval (the file is checked and hashed)',
      tags,
      request: {
        params: recordParams,
        body: z.object({ version: z.number().int().min(1), expectedRevision: z.number().int().min(1) }),
      },
      response: { schema: recordSchema },
    },
    decideRecord: {
      method: 'POST',
      path: '/professional-records/{recordId}/decisions',
      permission: 'records.approve',
      summary: 'Approve (the approver signs) or return with comments, at the record’s current step',
      tags,
      request: {
        params: recordParams,
        body: z
          .object({
            decision: z.enum(['approve', 'return']),
            comment: z.string().trim().min(3).max(2000).optional(),
            expectedRevision: z.number().int().min(1),
          })
          .refine((b) => b.decision === 'approve' || b.comment, {
            message: 'Say why the record is returned',
            path: ['comment'],
          }),
      },
      response: { schema: recordSchema },
    },
    listSchoolPlanApprovals: {
      method: 'GET',
      path: '/me/record-approvals',
      permission: 'records.approve',
      summary:
        'School plans sent to me as their supervising authority (the Department or a commune), waiting for a decision',
      tags,
      request: { query: z.object({ schoolYear }) },
      response: { schema: z.object({ items: z.array(recordSchema) }) },
    },
    getOversight: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/record-oversight',
      permission: 'records.approve',
      summary:
        'Submission status of a school (by kind, group and teacher; overdue; teachers without a plan), of a commune’s schools, or of the city’s communes',
      tags,
      request: { params: z.object({ orgUnitId }), query: z.object({ schoolYear }) },
      response: {
        schema: z
          .object({
            total: counts,
            byKind: z.record(z.string(), counts),
            byGroup: z.record(z.string(), counts),
            byAuthor: z.record(z.string(), counts.extend({ name: z.string() })),
            overdue: z.array(
              z.object({
                recordId: z.string(),
                kind: z.enum(RECORD_KINDS),
                title: z.string(),
                authorName: z.string(),
                deadline: z.string(),
                status: z.enum(RECORD_STATUSES),
              }),
            ),
            missingTeacherPlans: z
              .array(z.object({ accountId: z.string(), fullName: z.string() }))
              .optional(),
            schools: z.array(counts.extend({ schoolId: z.string(), name: z.string() })),
            /** The city: each commune-level unit, from its schools' tallies as of `computedAt`. */
            units: z
              .array(
                counts.extend({
                  unitId: z.string(),
                  name: z.string(),
                  schools: z.number(),
                  schoolsCounted: z.number(),
                }),
              )
              .optional(),
            computedAt: z.string().optional(),
          })
          .meta({ id: 'RecordOversight' }),
      },
    },
    listDeadlines: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/record-deadlines',
      permission: 'records.read',
      summary: 'The deadlines a unit set for a school year (the Department’s apply to every school)',
      tags,
      request: { params: z.object({ orgUnitId }), query: z.object({ schoolYear }) },
      response: { schema: z.object({ items: z.array(deadlineSchema) }) },
    },
    setDeadline: {
      method: 'PUT',
      path: '/org-units/{orgUnitId}/record-deadlines',
      permission: 'records.deadlines',
      summary:
        'Set the deadline of a kind of record for a school year (the Department for all, a school for itself)',
      tags,
      request: {
        params: z.object({ orgUnitId }),
        body: z.object({
          schoolYear,
          kind: z.enum(RECORD_KINDS),
          date: z.iso.date(),
        }),
      },
      response: { schema: deadlineSchema },
    },
    verifySignature: {
      method: 'GET',
      path: '/verify/{code}',
      permission: 'public',
      summary:
        'What a signature attests: signer, time, document hash and the record — by the short code on the stamp (any case, with or without dashes) or a signature id (the QR code’s page)',
      tags,
      request: { params: z.object({ code: z.string().trim().min(1).max(64) }) },
      response: { schema: verificationSchema },
    },
    verifyByFile: {
      method: 'POST',
      path: '/verify/by-file',
      permission: 'public',
      summary:
        'The signed documents whose file has this SHA-256 (computed by the browser; the file is never sent), each as its code answers',
      tags,
      request: {
        body: z.object({ sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'A SHA-256 in hexadecimal') }),
      },
      response: { schema: z.object({ items: z.array(verificationSchema) }) },
    },
  },
  queues: {
    [SIGNING_QUEUE]: {
      visibilityTimeoutSeconds: 540,
      maxReceiveCount: 5,
      description: 'Approved records waiting for the approver’s signature',
    },
    [TALLY_QUEUE]: {
      visibilityTimeoutSeconds: 360,
      maxReceiveCount: 5,
      description: 'Schools whose records changed, waiting for their tally to be recounted',
    },
  },
  workers: {
    'remind-record-deadlines': {
      file: 'remind-record-deadlines',
      description:
        'Reminds authors of records due within three days or late, and teachers who have not started their plan (notifications queue)',
      trigger: {
        kind: 'schedule',
        expression: 'cron(0 8 * * ? *)',
        description: 'Every day at 08:00 Hải Phòng time',
      },
      timeoutSeconds: 300,
      access: { table: 'read', sendsTo: ['notifications'] },
    },
    'sign-record': {
      file: 'sign-record',
      description: 'Signs an approved record: PAdES for PDFs (with the QR code), detached CAdES otherwise',
      trigger: { kind: 'queue', queue: SIGNING_QUEUE, batchSize: 1 },
      timeoutSeconds: 90,
      memoryMb: 1024,
      bundlePdfFonts: true,
      signs: true,
      access: {
        table: 'readwrite',
        buckets: [{ bucket: 'documents', prefix: 'records/', access: 'readwrite' }],
      },
    },
    'tally-school-records': {
      file: 'tally-school-records',
      description:
        'Recounts a school’s records of a year by kind and subject, and its teachers without a plan',
      trigger: { kind: 'queue', queue: TALLY_QUEUE, batchSize: 10 },
      timeoutSeconds: 60,
      access: { table: 'readwrite' },
    },
    'tally-all-records': {
      file: 'tally-all-records',
      description: 'Nightly: asks for every school’s tally of the school year to be recounted',
      trigger: { kind: 'schedule', expression: 'cron(30 0 * * ? *)', description: 'Every night at 00:30' },
      timeoutSeconds: 300,
      access: { table: 'read', sendsTo: ['record-tallies'] },
    },
  },
});
