import * as z from 'zod';
import { jobSchema } from '#shared/jobs/schema.ts';
import { CORRECTION_FIELDS, CORRECTION_STATES } from './domain/corrections.ts';
import { RECORD_KINDS } from './domain/records.ts';
import { RECORD_STATUSES, SYNC_EVENTS } from './domain/workflow.ts';

export const recordId = z.uuid();
export const orgUnitId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/, 'Must be an organisation unit code');
export const kind = z.enum(RECORD_KINDS);
export const expectedVersion = z.number().int().min(1);
const reason = z.string().trim().min(3, 'Say why, in a few words').max(500);

export const recordSchema = z
  .object({
    recordId: z.string(),
    kind,
    schoolId: z.string(),
    status: z.enum(RECORD_STATUSES),
    version: z.number(),
    event: z.enum(SYNC_EVENTS),
    name: z.string(),
    data: z.record(z.string(), z.unknown()),
    approved: z
      .object({
        data: z.unknown(),
        version: z.number(),
        event: z.enum(SYNC_EVENTS),
        approvedAt: z.string(),
        approvedBy: z.string(),
      })
      .optional(),
    returnReason: z.string().optional(),
    submittedAt: z.string().optional(),
    statusHistory: z
      .array(
        z.object({ status: z.string(), on: z.string(), schoolId: z.string(), note: z.string().optional() }),
      )
      .optional(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .meta({ id: 'EduRecord' });

/** In lists: where the record is, by name (a learner's class; the school), to tell two apart. */
export const listedRecordSchema = recordSchema
  .extend({ schoolName: z.string().optional(), className: z.string().optional() })
  .meta({ id: 'EduRecordListed' });

export const recordPage = z.object({ items: z.array(listedRecordSchema), nextCursor: z.string().optional() });

/** Search words — a name or a 12-digit ID code — are personal data: never in a web address. */
export const SEARCH_IN_BODY =
  'Search in the body of POST …/records/{kind}/search: names and ID codes never go in a web address';

export const listQuery = z.object({
  // Refused rather than dropped: an ignored q would answer an unfiltered list.
  q: z
    .string()
    .refine(() => false, SEARCH_IN_BODY)
    .optional()
    .meta({ description: 'Not accepted here: search with POST …/search' }),
  classId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});

export const searchBody = z.object({
  /** Part of a name, with or without diacritics, or a learner's 12-digit ID code. */
  q: z.string().trim().max(100).optional(),
  classId: z.uuid().optional(),
  limit: z.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});

export const newRecordBody = z.object({ data: z.record(z.string(), z.unknown()) });
export const updateRecordBody = z.object({ expectedVersion, data: z.record(z.string(), z.unknown()) });
export const cancelRecordBody = z.object({ expectedVersion, reason });
export const transferBody = z.object({ expectedVersion, toSchoolId: orgUnitId, on: z.iso.date(), reason });

const batch = z
  .array(z.object({ recordId, expectedVersion }))
  .min(1)
  .max(100)
  .refine((items) => new Set(items.map((i) => i.recordId)).size === items.length, 'Each record at most once');

export const submissionBody = z.object({ records: batch });
export const decisionBody = z
  .object({ decision: z.enum(['approve', 'return']), reason: reason.optional(), records: batch })
  .refine((d) => d.decision === 'approve' || d.reason, {
    message: 'Say why the records are returned',
    path: ['reason'],
  });

export const batchResultSchema = z
  .object({
    results: z.array(
      z.object({
        recordId: z.string(),
        ok: z.boolean(),
        record: recordSchema.optional(),
        /** Why this record did not move, in the caller's language, with its code when it has one. */
        problem: z
          .object({
            status: z.number(),
            title: z.string(),
            detail: z.string().optional(),
            code: z.string().optional(),
            params: z.record(z.string(), z.unknown()).optional(),
          })
          .optional(),
      }),
    ),
  })
  .meta({ id: 'BatchResult' });

export const versionSchema = z.object({
  version: z.number(),
  action: z.string(),
  status: z.enum(RECORD_STATUSES),
  event: z.enum(SYNC_EVENTS),
  data: z.unknown().optional(),
  reason: z.string().optional(),
  schoolId: z.string(),
  importId: z.string().optional(),
  at: z.string(),
  by: z.string(),
  byName: z
    .string()
    .optional()
    .meta({ description: 'Who made the version, by name (absent for the system)' }),
});

export const queueEntrySchema = z.object({
  recordId: z.string(),
  schoolId: z.string(),
  /** The school's name, as the queue shows it. */
  schoolName: z.string().optional(),
  kind,
  name: z.string(),
  version: z.number(),
  event: z.enum(SYNC_EVENTS),
  submittedAt: z.string(),
  submittedBy: z.string(),
});

export const changeSchema = z.object({
  recordId: z.string(),
  kind,
  schoolId: z.string(),
  event: z.enum(SYNC_EVENTS),
  version: z.number(),
  updatedAt: z.string(),
  data: z.unknown(),
});

export const changesQuery = z.object({
  since: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const changesPage = z
  .object({ items: z.array(changeSchema), nextCursor: z.string(), caughtUp: z.boolean() })
  .meta({ id: 'ChangeFeedPage' });

export const statisticsSchema = z
  .object({
    orgUnitId: z.string(),
    figures: z.record(z.string(), z.unknown()),
    children: z.array(
      z.object({
        orgUnitId: z.string(),
        /** The unit's name and kind, from the tree: every unit under the one asked for is listed. */
        name: z.string(),
        kind: z.string(),
        /** False for a unit with no approved record yet (its figures are zeros). */
        hasData: z.boolean(),
        figures: z.record(z.string(), z.unknown()),
        updatedAt: z.string().optional(),
      }),
    ),
    updatedAt: z.string().optional(),
  })
  .meta({ id: 'Statistics' });

export const importRequestBody = z.object({ kind, submit: z.boolean().default(false) });

export const importSchema = jobSchema('importId')
  .extend({
    /** The school imported into (also its orgUnitId). */
    schoolId: z.string(),
    kind,
    submit: z.boolean(),
    totalRows: z.number().optional(),
    processedRows: z.number().optional(),
    created: z.number().optional(),
    updated: z.number().optional(),
    unchanged: z.number().optional(),
    invalid: z.number().optional(),
    reportUrl: z.string().optional(),
  })
  .meta({ id: 'RecordImport' });

export const exportRequestBody = z.object({ kind, q: z.string().trim().max(100).optional() });

export const exportSchema = jobSchema('exportId')
  .extend({
    kind,
    q: z.string().optional(),
    rowCount: z.number().optional(),
    truncated: z.boolean().optional(),
  })
  .meta({ id: 'RecordExport' });

/** A learner as they and their guardians see them (official data only; guardians' IDs masked). */
export const learnerViewSchema = z
  .object({
    recordId: z.string(),
    fullName: z.string(),
    dateOfBirth: z.string(),
    gender: z.string(),
    grade: z.number().int(),
    status: z.string(),
    schoolId: z.string(),
    schoolName: z.string(),
    schoolYear: z.string(),
    className: z.string().optional(),
    homeroomTeacher: z.string().optional(),
    /** The official record, as approved; a correction is asked of the school. */
    profile: z.record(z.string(), z.unknown()),
    /** The record has changes waiting for approval: what is shown is the last approved copy. */
    pendingChanges: z.boolean(),
  })
  .meta({ id: 'LearnerView' });

export const correctionRequestId = z.uuid();

/** A request to correct a learner's record, as the school's data officer sees it. */
export const correctionRequestSchema = z
  .object({
    requestId: z.string(),
    recordId: z.string(),
    learnerName: z.string(),
    schoolId: z.string(),
    field: z.enum(CORRECTION_FIELDS),
    message: z.string(),
    state: z.enum(CORRECTION_STATES),
    /** Who asked: the learner themself or a guardian, and their name. */
    relation: z.enum(['self', 'guardian']),
    requesterName: z.string(),
    createdAt: z.string(),
    resolvedAt: z.string().optional(),
    note: z.string().optional(),
  })
  .meta({ id: 'CorrectionRequest' });

/** The same request as the learner and their guardians see it: no names, whether the caller asked. */
export const learnerCorrectionSchema = z
  .object({
    requestId: z.string(),
    field: z.enum(CORRECTION_FIELDS),
    message: z.string(),
    state: z.enum(CORRECTION_STATES),
    relation: z.enum(['self', 'guardian']),
    mine: z.boolean(),
    createdAt: z.string(),
    resolvedAt: z.string().optional(),
    note: z.string().optional(),
  })
  .meta({ id: 'LearnerCorrectionRequest' });
