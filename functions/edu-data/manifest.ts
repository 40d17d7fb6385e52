/**
 * The education database (seed 001, 002, 004): schools, classes, learners, staff, facilities and
 * equipment. Schools enter and submit; the unit above them approves or returns; only approved
 * data counts in statistics and flows to the national system through the change feed.
 */

import * as z from 'zod';
import { ORG_UNIT_MOVED } from '#shared/events/org-unit-moved.ts';
import { recentJobsQuery } from '#shared/jobs/schema.ts';
import { defineContext } from '#shared/manifest.ts';
import { CORRECTION_STATES, correctionRequestBody, correctionResolutionBody } from './domain/corrections.ts';
import {
  NAME_ENTRIES_QUEUE,
  ORG_MOVES_QUEUE,
  RECORD_EXPORTS_QUEUE,
  RECORD_IMPORT_PREFIX,
  RECORD_IMPORTS_QUEUE,
  STATISTICS_QUEUE,
} from './messages.ts';
import {
  batchResultSchema,
  cancelRecordBody,
  changesPage,
  changesQuery,
  correctionRequestId,
  correctionRequestSchema,
  decisionBody,
  exportRequestBody,
  exportSchema,
  importRequestBody,
  importSchema,
  kind,
  learnerCorrectionSchema,
  learnerViewSchema,
  listQuery,
  newRecordBody,
  orgUnitId,
  queueEntrySchema,
  recordId,
  recordPage,
  recordSchema,
  searchBody,
  statisticsSchema,
  submissionBody,
  transferBody,
  updateRecordBody,
  versionSchema,
} from './schemas.ts';

const tags = ['edu-data'];
const unitParams = z.object({ orgUnitId });
const recordParams = z.object({ recordId });
const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});

export const eduDataManifest = defineContext({
  name: 'edu-data',
  description: 'The education database: entry, approval, search, statistics, change feed',
  api: {
    access: {
      table: 'readwrite',
      buckets: [
        { bucket: 'documents', prefix: 'imports/edu-data/', access: 'write' },
        { bucket: 'documents', prefix: 'reports/edu-data-imports/', access: 'read' },
        { bucket: 'reports', prefix: 'exports/edu-data/', access: 'read' },
      ],
      sendsTo: ['edu-data-exports', 'edu-data-statistics', 'notifications'],
    },
  },
  routes: {
    listRecords: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/records/{kind}',
      permission: 'edudata.read',
      summary:
        'Records of a kind under a school or commune, or of a class, by name. No search words here: ' +
        'names and ID codes go in the body of the search (POST …/search)',
      tags,
      request: { params: z.object({ orgUnitId, kind }), query: listQuery },
      response: { schema: recordPage },
    },
    searchRecords: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/records/{kind}/search',
      permission: 'edudata.read',
      summary:
        'Search records of a kind under a unit by name (with or without diacritics), 12-digit ID code or ' +
        'class, the words in the body; city-wide searches need at least two letters of the name. A learner ' +
        'outside the unit, or outside your scope, is as absent as one who does not exist',
      tags,
      request: { params: z.object({ orgUnitId, kind }), body: searchBody },
      response: { schema: recordPage },
    },
    createRecord: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/records/{kind}',
      permission: 'edudata.write',
      summary: 'Enter a new record as a draft of the school (or, for school years, of the department)',
      tags,
      request: { params: z.object({ orgUnitId, kind }), body: newRecordBody },
      response: { status: 201, schema: recordSchema },
    },
    getRecord: {
      method: 'GET',
      path: '/records/{recordId}',
      permission: 'edudata.read',
      summary: 'One record: its working copy, its approved copy and its status',
      tags,
      request: { params: recordParams },
      response: { schema: recordSchema },
    },
    getLearner: {
      method: 'GET',
      path: '/learners/{recordId}',
      permission: 'learner.read',
      signIn: 'any',
      summary:
        'A learner as they and their linked guardians see them: official profile, school, class and homeroom teacher (read-only)',
      tags,
      request: { params: recordParams },
      response: { schema: learnerViewSchema },
    },
    requestCorrection: {
      method: 'POST',
      path: '/learners/{recordId}/correction-requests',
      permission: 'learner.request-correction',
      signIn: 'any',
      summary:
        'Ask the school to correct part of a learner’s record (the learner or a linked guardian): one open request per field; the school’s data officers are notified',
      tags,
      request: { params: recordParams, body: correctionRequestBody },
      response: { status: 201, schema: learnerCorrectionSchema },
    },
    listLearnerCorrections: {
      method: 'GET',
      path: '/learners/{recordId}/correction-requests',
      permission: 'learner.read',
      signIn: 'any',
      summary: 'A learner’s requests to correct their record and the school’s answers, newest first',
      tags,
      request: { params: recordParams, query: pageQuery },
      response: {
        schema: z.object({ items: z.array(learnerCorrectionSchema), nextCursor: z.string().optional() }),
      },
    },
    listCorrectionRequests: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/correction-requests',
      permission: 'edudata.write',
      summary:
        'Requests from a school’s learners and guardians to correct their records, by state (open by default), newest first',
      tags,
      request: {
        params: unitParams,
        query: pageQuery.extend({ state: z.enum(CORRECTION_STATES).default('open') }),
      },
      response: {
        schema: z.object({ items: z.array(correctionRequestSchema), nextCursor: z.string().optional() }),
      },
    },
    resolveCorrectionRequest: {
      method: 'POST',
      path: '/correction-requests/{requestId}/resolve',
      permission: 'edudata.write',
      summary:
        'Answer a correction request: done (the record was corrected through its approval) or rejected, with a note to the requester',
      tags,
      request: { params: z.object({ requestId: correctionRequestId }), body: correctionResolutionBody },
      response: { schema: correctionRequestSchema },
    },
    updateRecord: {
      method: 'PUT',
      path: '/records/{recordId}',
      permission: 'edudata.write',
      summary: 'Edit a record: the change is a draft until it is submitted and approved',
      tags,
      request: { params: recordParams, body: updateRecordBody },
      response: { schema: recordSchema },
    },
    cancelRecord: {
      method: 'POST',
      path: '/records/{recordId}/cancel',
      permission: 'edudata.write',
      summary: 'Propose cancelling a record entered by mistake (never a learner: set their status instead)',
      tags,
      request: { params: recordParams, body: cancelRecordBody },
      response: { schema: recordSchema },
    },
    transferRecord: {
      method: 'POST',
      path: '/records/{recordId}/transfer',
      permission: 'edudata.write',
      summary:
        'Transfer a learner to another school, keeping the whole history; the new school’s commune approves',
      tags,
      request: { params: recordParams, body: transferBody },
      response: { schema: recordSchema },
    },
    listRecordVersions: {
      method: 'GET',
      path: '/records/{recordId}/versions',
      permission: 'edudata.read',
      summary: 'Every version of a record, newest first: who changed what, when, and why',
      tags,
      request: { params: recordParams, query: pageQuery },
      response: { schema: z.object({ items: z.array(versionSchema), nextCursor: z.string().optional() }) },
    },
    submitRecords: {
      method: 'POST',
      path: '/records/submissions',
      permission: 'edudata.write',
      summary: 'Submit up to 100 drafts for approval; each record succeeds or fails on its own',
      tags,
      request: { body: submissionBody },
      response: { schema: batchResultSchema },
    },
    decideRecords: {
      method: 'POST',
      path: '/records/decisions',
      permission: 'edudata.approve',
      summary: 'Approve or return (with a reason) up to 100 submitted records',
      tags,
      request: { body: decisionBody },
      response: { schema: batchResultSchema },
    },
    listApprovalQueue: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/approval-queue',
      permission: 'edudata.approve',
      summary: 'Records waiting for this unit’s approval, by school and kind',
      tags,
      request: { params: unitParams, query: pageQuery.extend({ schoolId: orgUnitId.optional() }) },
      response: { schema: z.object({ items: z.array(queueEntrySchema), nextCursor: z.string().optional() }) },
    },
    listChanges: {
      method: 'GET',
      path: '/edu-data/changes',
      permission: 'edudata.feed',
      summary:
        'Approved changes since a cursor (or a time), oldest first, with the sync envelope (event, version, ' +
        'updated-at): for the national education database to consume',
      tags,
      request: { query: changesQuery },
      response: { schema: changesPage },
    },
    getStatistics: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/statistics',
      permission: 'report.read',
      summary:
        'Official figures of a unit (approved data only) and of each unit under it, with data completeness',
      tags,
      request: { params: unitParams },
      response: { schema: statisticsSchema },
    },
    requestRecordImport: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/record-imports',
      permission: 'edudata.write',
      summary: 'Start a spreadsheet import into a school: answers with a link to upload the XLSX to',
      tags,
      request: { params: unitParams, body: importRequestBody },
      response: { status: 201, schema: importSchema },
    },
    requestRecordExport: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/record-exports',
      permission: 'edudata.read',
      summary: 'Export a list (a kind under a unit, optionally filtered by name) to XLSX; a worker writes it',
      tags,
      request: { params: unitParams, body: exportRequestBody },
      response: { status: 202, schema: exportSchema },
    },
    getRecordExport: {
      method: 'GET',
      path: '/record-exports/{exportId}',
      permission: 'edudata.read',
      summary: 'An export and, once written, a short-lived download link',
      tags,
      request: { params: z.object({ exportId: z.uuid() }) },
      response: { schema: exportSchema },
    },
    listMyRecordImports: {
      method: 'GET',
      path: '/me/record-imports',
      permission: 'edudata.write',
      summary:
        'My own spreadsheet imports of the last days (7 unless asked, at most 30), newest first, each with ' +
        'its school’s name and, once done, the link to its per-row report — only in schools I still enter data for',
      tags,
      request: { query: recentJobsQuery },
      response: { schema: z.object({ items: z.array(importSchema.extend({ orgUnitName: z.string() })) }) },
    },
    getRecordImport: {
      method: 'GET',
      path: '/record-imports/{importId}',
      permission: 'edudata.read',
      summary: 'Progress of an import and, when done, the link to its per-row report',
      tags,
      request: { params: z.object({ importId: z.uuid() }) },
      response: { schema: importSchema },
    },
  },
  queues: {
    [STATISTICS_QUEUE]: {
      visibilityTimeoutSeconds: 360,
      maxReceiveCount: 5,
      description: 'Schools whose official figures changed, and units whose totals must be rolled up',
    },
    [RECORD_EXPORTS_QUEUE]: {
      visibilityTimeoutSeconds: 5400,
      maxReceiveCount: 3,
      description: 'Lists waiting to be written to XLSX',
    },
    [RECORD_IMPORTS_QUEUE]: {
      visibilityTimeoutSeconds: 5400,
      maxReceiveCount: 3,
      description: 'Uploaded record spreadsheets (S3 notifications)',
      objectCreated: { bucket: 'documents', prefix: RECORD_IMPORT_PREFIX },
    },
    [ORG_MOVES_QUEUE]: {
      visibilityTimeoutSeconds: 1800,
      maxReceiveCount: 5,
      description: 'Units moved in the org tree: their records, approval-queue entries and figures follow',
      subscribes: [ORG_UNIT_MOVED],
    },
    [NAME_ENTRIES_QUEUE]: {
      visibilityTimeoutSeconds: 5400,
      maxReceiveCount: 5,
      description: 'Units whose older records are to be filed by each word of their names',
    },
  },
  workers: {
    'follow-org-moves': {
      file: 'follow-org-moves',
      description: 'Re-keys a moved school’s records, queued submissions and figures under its new parent',
      trigger: { kind: 'queue', queue: ORG_MOVES_QUEUE, batchSize: 1 },
      timeoutSeconds: 300,
      access: { table: 'readwrite', sendsTo: [STATISTICS_QUEUE] },
    },
    'refresh-statistics': {
      file: 'refresh-statistics',
      description: 'Recomputes a school’s official figures from its approved records and rolls them up',
      trigger: { kind: 'queue', queue: STATISTICS_QUEUE, batchSize: 10 },
      timeoutSeconds: 60,
      access: { table: 'readwrite', sendsTo: ['edu-data-statistics'] },
    },
    'file-names': {
      file: 'file-names',
      description: 'Files the names of a unit’s older records by word, so that any part of a name finds them',
      trigger: { kind: 'queue', queue: NAME_ENTRIES_QUEUE, batchSize: 1 },
      timeoutSeconds: 900,
      access: { table: 'readwrite' },
    },
    'file-all-names': {
      file: 'file-all-names',
      description:
        'Nightly until done once: asks for every unit’s older records to be filed by word (a marker then says so)',
      trigger: { kind: 'schedule', expression: 'cron(30 3 * * ? *)', description: 'Every night at 03:30' },
      timeoutSeconds: 300,
      access: { table: 'readwrite', sendsTo: [NAME_ENTRIES_QUEUE] },
    },
    'refresh-all-statistics': {
      file: 'refresh-all-statistics',
      description:
        'Nightly: asks for every school’s official figures to be recomputed (a lost message is made good)',
      trigger: { kind: 'schedule', expression: 'cron(0 3 * * ? *)', description: 'Every night at 03:00' },
      timeoutSeconds: 300,
      access: { table: 'read', sendsTo: ['edu-data-statistics'] },
    },
    'export-records': {
      file: 'export-records',
      description: 'Writes a list of records to an XLSX file in the reports bucket (the import layout)',
      trigger: { kind: 'queue', queue: RECORD_EXPORTS_QUEUE, batchSize: 1 },
      timeoutSeconds: 900,
      memoryMb: 2048,
      access: {
        table: 'readwrite',
        buckets: [{ bucket: 'reports', prefix: 'exports/edu-data/', access: 'write' }],
      },
    },
    'import-record-sheet': {
      file: 'import-record-sheet',
      description:
        'Validates every row of an uploaded spreadsheet, applies the valid ones, writes the error report',
      trigger: { kind: 'queue', queue: RECORD_IMPORTS_QUEUE, batchSize: 1 },
      timeoutSeconds: 900,
      memoryMb: 2048,
      access: {
        table: 'readwrite',
        buckets: [
          { bucket: 'documents', prefix: 'imports/edu-data/', access: 'read' },
          { bucket: 'documents', prefix: 'reports/edu-data-imports/', access: 'write' },
        ],
      },
    },
  },
});
