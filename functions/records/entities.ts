/**
 * Professional records on the single table.
 *
 * Access patterns:
 * - a record by id: GetItem; its file versions: Query (`recordFile`)
 * - my records for a school year: gsi1 (author, year, kind)
 * - a school's records for a year, by status: gsi2 — the board's and group leaders' queues
 * - records of a year by status, kind and deadline, city-wide: gsi3 — the daily reminders and
 *   the supervising authorities' queue of school plans
 * - signatures and their verification: the shared registry (shared/signing/registry.ts)
 */
import { Entity, Service } from 'electrodb';
import { makeAuditEntity } from '#shared/audit/entity.ts';
import { lazyStore, type TableDeps } from '#shared/db/client.ts';
import { makeSignatureEntities } from '#shared/signing/registry.ts';
import { RECORD_KINDS } from './domain/records.ts';

const SERVICE = 'edu';
export const RECORD_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;

export function makeRecordEntities({ client, table }: TableDeps) {
  const proRecord = new Entity(
    {
      model: { entity: 'proRecord', version: '1', service: SERVICE },
      attributes: {
        recordId: { type: 'string', required: true },
        kind: { type: RECORD_KINDS, required: true },
        schoolId: { type: 'string', required: true },
        /** Kept on items written before the org tree was read at request time; never trusted. */
        lineage: { type: 'list', items: { type: 'string' } },
        level: { type: 'string' },
        groupId: { type: 'string' },
        subject: { type: 'string' },
        authorId: { type: 'string', required: true },
        authorName: { type: 'string', required: true },
        schoolYear: { type: 'string', required: true },
        title: { type: 'string', required: true },
        /** A teacher's plan: its lessons; a lesson plan: the one lesson it covers. */
        lessons: { type: 'any' },
        lessonId: { type: 'string' },
        lessonDate: { type: 'string' },
        deadline: { type: 'string', required: true },
        status: { type: RECORD_STATUSES, required: true },
        step: { type: 'number', required: true },
        fileVersion: { type: 'number', required: true },
        history: { type: 'any', required: true },
        signatures: { type: 'any', required: true },
        revision: { type: 'number', required: true },
        createdAt: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['recordId'] }, sk: { field: 'sk', composite: [] } },
        byAuthor: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['authorId'] },
          sk: { field: 'gsi1sk', composite: ['schoolYear', 'kind', 'recordId'] },
        },
        bySchool: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['schoolId', 'schoolYear'] },
          sk: { field: 'gsi2sk', composite: ['status', 'kind', 'recordId'] },
        },
        /**
         * City-wide by status, kind and deadline: the daily reminders of what is due or late, and
         * the supervising authorities' queue of school plans.
         */
        byDue: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['schoolYear', 'status'] },
          sk: { field: 'gsi3sk', composite: ['kind', 'deadline', 'recordId'] },
        },
      },
    },
    { client, table },
  );

  /** One uploaded version of a record's file (the old ones stay readable). */
  const recordFile = new Entity(
    {
      model: { entity: 'recordFile', version: '1', service: SERVICE },
      attributes: {
        recordId: { type: 'string', required: true },
        version: { type: 'number', required: true },
        fileName: { type: 'string', required: true },
        contentType: { type: 'string', required: true },
        size: { type: 'number' },
        sha256: { type: 'string' },
        /** The S3 version that was hashed at submit (AWS; the local S3 has no versions). */
        objectVersionId: { type: 'string' },
        uploadedAt: { type: 'string' },
        requestedAt: { type: 'string', required: true },
      },
      indexes: {
        byRecord: {
          pk: { field: 'pk', composite: ['recordId'] },
          sk: { field: 'sk', composite: ['version'] },
        },
      },
    },
    { client, table },
  );

  const { recordSignature, verificationCode, signedFileHash } = makeSignatureEntities({ client, table });

  /**
   * A deadline set for a kind of record and a school year, by the Department (for every school)
   * or by a school (for itself); without one the kind's default applies.
   */
  const recordDeadline = new Entity(
    {
      model: { entity: 'recordDeadline', version: '1', service: SERVICE },
      attributes: {
        orgUnitId: { type: 'string', required: true },
        schoolYear: { type: 'string', required: true },
        kind: { type: RECORD_KINDS, required: true },
        date: { type: 'string', required: true },
        setBy: { type: 'string', required: true },
        setAt: { type: 'string', required: true },
      },
      indexes: {
        byUnit: {
          pk: { field: 'pk', composite: ['orgUnitId', 'schoolYear'] },
          sk: { field: 'sk', composite: ['kind'] },
        },
      },
    },
    { client, table },
  );

  /**
   * A school's counts for a school year by kind and subject, and its teachers without a plan:
   * recomputed by a worker a little after its records change (and nightly). The city-wide
   * overview reads one partition per year — about a thousand small items — instead of records.
   */
  const recordTally = new Entity(
    {
      model: { entity: 'recordTally', version: '1', service: SERVICE },
      attributes: {
        schoolYear: { type: 'string', required: true },
        schoolId: { type: 'string', required: true },
        /**
         * Kept on tallies written before the overview read the org tree at request time; the
         * school's commune is looked up when the tallies are summed.
         */
        unitId: { type: 'string' },
        lineage: { type: 'list', items: { type: 'string' } },
        level: { type: 'string' },
        counts: { type: 'any', required: true },
        withoutPlan: { type: 'list', items: { type: 'string' }, required: true },
        /** The school's teacher-plan deadline this year (the reminders' day). */
        planDeadline: { type: 'string', required: true },
        computedAt: { type: 'string', required: true },
      },
      indexes: {
        byYear: {
          pk: { field: 'pk', composite: ['schoolYear'] },
          sk: { field: 'sk', composite: ['schoolId'] },
        },
      },
    },
    { client, table },
  );

  const auditEntry = makeAuditEntity({ client, table });
  const service = new Service(
    {
      proRecord,
      recordFile,
      recordSignature,
      verificationCode,
      signedFileHash,
      recordDeadline,
      recordTally,
      auditEntry,
    },
    { client, table },
  );
  return {
    proRecord,
    recordFile,
    recordSignature,
    verificationCode,
    signedFileHash,
    recordDeadline,
    recordTally,
    auditEntry,
    service,
  };
}

export type RecordEntities = ReturnType<typeof makeRecordEntities>;
export const recordEntities = lazyStore(makeRecordEntities);
