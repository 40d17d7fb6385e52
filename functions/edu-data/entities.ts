/**
 * The education database on the single table.
 *
 * Access patterns:
 * - a record by id: GetItem (`eduRecord.byId`); its versions: Query (`recordVersion.byRecord`)
 * - a school's records of one kind, listed by folded name: gsi1 `byOwner`
 * - the same under the unit above the schools (a commune's learners): gsi2 `byParent`
 * - by any part of the name (the given name alone…) in a school, under a unit or city-wide:
 *   `nameEntry` items, one per word a name can be searched from, on gsi1/gsi2 beside the records
 *   and on gsi3 by city, partitioned by the word's first two letters so that no index partition
 *   takes a whole city's import
 * - learners of a class: gsi4 `byClass`
 * - a record by natural key (personal ID, staff code…): GetItem on its guard (`recordKey`)
 * - the approval queue of a commune: gsi1 on `approvalEntry`, which exists only while submitted
 * - approved changes since a cursor, for the national system: gsi1 on `syncChange`, one
 *   partition per day and shard (the shard spreads a city-wide import over index partitions)
 * - statistics of a school, and of all schools under a unit: `statsAggregate` by unit / gsi1
 * - a learner's requests to correct their record: by id (`correctionRequest`); a school's by state,
 *   newest first: gsi1; a learner's, newest first: gsi2; the one open request per learner and
 *   field: GetItem on its guard (`correctionGuard`)
 */
import { Entity, Service } from 'electrodb';
import { makeAuditEntity } from '#shared/audit/entity.ts';
import { lazyStore, type TableDeps } from '#shared/db/client.ts';
import { jobAttributes, jobById, jobByRequester } from '#shared/jobs/attributes.ts';
import { CORRECTION_FIELDS, CORRECTION_STATES } from './domain/corrections.ts';
import { RECORD_KINDS } from './domain/records.ts';
import { RECORD_STATUSES, SYNC_EVENTS } from './domain/workflow.ts';

const SERVICE = 'edu';

export function makeEduEntities({ client, table }: TableDeps) {
  const eduRecord = new Entity(
    {
      model: { entity: 'eduRecord', version: '1', service: SERVICE },
      attributes: {
        recordId: { type: 'string', required: true },
        kind: { type: RECORD_KINDS, required: true },
        /** The school (or, for school years, the department) the record belongs to. */
        ownerId: { type: 'string', required: true },
        /** The unit directly above the owner: its commune, or the office/department managing it. */
        parentId: { type: 'string', required: true },
        city: { type: 'string', required: true },
        status: { type: RECORD_STATUSES, required: true },
        version: { type: 'number', required: true },
        event: { type: SYNC_EVENTS, required: true },
        data: { type: 'any', required: true },
        approved: { type: 'any' },
        returnReason: { type: 'string' },
        submittedAt: { type: 'string' },
        name: { type: 'string', required: true },
        nameKey: { type: 'string', required: true },
        classKey: { type: 'string', required: true },
        naturalKey: { type: 'string', required: true },
        /** Learners: enrolled / transferred / dropped out / graduated, with dates and schools. */
        statusHistory: { type: 'any' },
        importId: { type: 'string' },
        createdAt: { type: 'string', required: true },
        createdBy: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
        updatedBy: { type: 'string', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['recordId'] }, sk: { field: 'sk', composite: [] } },
        byOwner: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['ownerId', 'kind'] },
          sk: { field: 'gsi1sk', composite: ['nameKey', 'recordId'] },
        },
        byParent: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['parentId', 'kind'] },
          sk: { field: 'gsi2sk', composite: ['nameKey', 'recordId'] },
        },
        byClass: {
          index: 'gsi4',
          pk: { field: 'gsi4pk', composite: ['classKey'] },
          sk: { field: 'gsi4sk', composite: ['nameKey', 'recordId'] },
        },
      },
    },
    { client, table },
  );

  /**
   * A record's name filed from one of its words (domain/name-words.ts), so a search by the given
   * name alone is one Query in the caller's scope. Written in the record's transaction whenever
   * the name or where the record is listed changes; holds only what finds the record.
   */
  const nameEntry = new Entity(
    {
      model: { entity: 'nameEntry', version: '1', service: SERVICE },
      attributes: {
        recordId: { type: 'string', required: true },
        /** Which word the entry starts from (0: the whole name). */
        position: { type: 'number', required: true },
        kind: { type: RECORD_KINDS, required: true },
        ownerId: { type: 'string', required: true },
        parentId: { type: 'string', required: true },
        city: { type: 'string', required: true },
        /** The folded name from that word on. */
        words: { type: 'string', required: true },
        initials: { type: 'string', required: true },
        /** The whole folded name: a name matching from two words is listed once. */
        nameKey: { type: 'string', required: true },
      },
      indexes: {
        byRecord: {
          pk: { field: 'pk', composite: ['recordId'] },
          sk: { field: 'sk', composite: ['position'] },
        },
        byOwner: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['ownerId', 'kind'] },
          sk: { field: 'gsi1sk', composite: ['words', 'recordId'] },
        },
        byParent: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['parentId', 'kind'] },
          sk: { field: 'gsi2sk', composite: ['words', 'recordId'] },
        },
        byCity: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['city', 'kind', 'initials'] },
          sk: { field: 'gsi3sk', composite: ['words', 'recordId'] },
        },
      },
    },
    { client, table },
  );

  const recordVersion = new Entity(
    {
      model: { entity: 'recordVersion', version: '1', service: SERVICE },
      attributes: {
        recordId: { type: 'string', required: true },
        version: { type: 'number', required: true },
        action: {
          type: ['create', 'update', 'cancel', 'submit', 'approve', 'return', 'transfer'],
          required: true,
        },
        status: { type: RECORD_STATUSES, required: true },
        event: { type: SYNC_EVENTS, required: true },
        data: { type: 'any' },
        reason: { type: 'string' },
        ownerId: { type: 'string', required: true },
        importId: { type: 'string' },
        at: { type: 'string', required: true },
        by: { type: 'string', required: true },
        requestId: { type: 'string', required: true },
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

  /** Guard item: one per natural key, written with the record; makes the key unique. */
  const recordKey = new Entity(
    {
      model: { entity: 'recordKey', version: '1', service: SERVICE },
      attributes: {
        naturalKey: { type: 'string', required: true },
        recordId: { type: 'string', required: true },
        kind: { type: RECORD_KINDS, required: true },
      },
      indexes: {
        byKey: { pk: { field: 'pk', composite: ['naturalKey'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );

  const approvalEntry = new Entity(
    {
      model: { entity: 'approvalEntry', version: '1', service: SERVICE },
      attributes: {
        recordId: { type: 'string', required: true },
        parentId: { type: 'string', required: true },
        ownerId: { type: 'string', required: true },
        kind: { type: RECORD_KINDS, required: true },
        name: { type: 'string', required: true },
        version: { type: 'number', required: true },
        event: { type: SYNC_EVENTS, required: true },
        submittedAt: { type: 'string', required: true },
        submittedBy: { type: 'string', required: true },
      },
      indexes: {
        byRecord: { pk: { field: 'pk', composite: ['recordId'] }, sk: { field: 'sk', composite: [] } },
        byParent: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['parentId'] },
          sk: { field: 'gsi1sk', composite: ['ownerId', 'kind', 'submittedAt', 'recordId'] },
        },
      },
    },
    { client, table },
  );

  const syncChange = new Entity(
    {
      model: { entity: 'syncChange', version: '1', service: SERVICE },
      attributes: {
        recordId: { type: 'string', required: true },
        version: { type: 'number', required: true },
        feedDay: { type: 'string', required: true },
        shard: { type: 'string', required: true },
        at: { type: 'string', required: true },
        kind: { type: RECORD_KINDS, required: true },
        ownerId: { type: 'string', required: true },
        event: { type: SYNC_EVENTS, required: true },
        data: { type: 'any', required: true },
      },
      indexes: {
        byRecord: {
          pk: { field: 'pk', composite: ['recordId'] },
          sk: { field: 'sk', composite: ['version'] },
        },
        byDay: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['feedDay', 'shard'] },
          sk: { field: 'gsi1sk', composite: ['at', 'recordId', 'version'] },
        },
      },
    },
    { client, table },
  );

  /** Figures of one school (kept by the statistics worker), found by the unit above it too. */
  const statsAggregate = new Entity(
    {
      model: { entity: 'statsAggregate', version: '1', service: SERVICE },
      attributes: {
        unitId: { type: 'string', required: true },
        parentId: { type: 'string', required: true },
        figures: { type: 'any', required: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byUnit: { pk: { field: 'pk', composite: ['unitId'] }, sk: { field: 'sk', composite: [] } },
        byParent: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['parentId'] },
          sk: { field: 'gsi1sk', composite: ['unitId'] },
        },
      },
    },
    { client, table },
  );

  const eduImport = new Entity(
    {
      model: { entity: 'eduImport', version: '1', service: SERVICE },
      attributes: {
        ...jobAttributes('importId'),
        kind: { type: RECORD_KINDS, required: true },
        submit: { type: 'boolean', required: true },
        reportKey: { type: 'string' },
        totalRows: { type: 'number' },
        processedRows: { type: 'number' },
        created: { type: 'number' },
        updated: { type: 'number' },
        unchanged: { type: 'number' },
        invalid: { type: 'number' },
      },
      indexes: { ...jobById('importId'), ...jobByRequester() },
    },
    { client, table },
  );

  /** An XLSX export of a list, written by a worker into the reports bucket. */
  const recordExport = new Entity(
    {
      model: { entity: 'recordExport', version: '1', service: SERVICE },
      attributes: {
        ...jobAttributes('exportId'),
        kind: { type: RECORD_KINDS, required: true },
        q: { type: 'string' },
        rowCount: { type: 'number' },
        truncated: { type: 'boolean' },
      },
      indexes: jobById('exportId'),
    },
    { client, table },
  );

  /**
   * A learner's (or their guardian's) request to correct part of the learner's record: a task for
   * the school's data officer, kept with its answer. `schoolId` is the learner's school when asked.
   */
  const correctionRequest = new Entity(
    {
      model: { entity: 'correctionRequest', version: '1', service: SERVICE },
      attributes: {
        requestId: { type: 'string', required: true },
        schoolId: { type: 'string', required: true },
        recordId: { type: 'string', required: true },
        learnerName: { type: 'string', required: true },
        field: { type: CORRECTION_FIELDS, required: true },
        message: { type: 'string', required: true },
        state: { type: CORRECTION_STATES, required: true },
        requestedBy: { type: 'string', required: true },
        requesterName: { type: 'string', required: true },
        relation: { type: ['self', 'guardian'] as const, required: true },
        createdAt: { type: 'string', required: true },
        resolvedAt: { type: 'string' },
        resolvedBy: { type: 'string' },
        note: { type: 'string' },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['requestId'] }, sk: { field: 'sk', composite: [] } },
        bySchool: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['schoolId', 'state'] },
          sk: { field: 'gsi1sk', composite: ['createdAt', 'requestId'] },
        },
        byLearner: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['recordId'] },
          sk: { field: 'gsi2sk', composite: ['createdAt', 'requestId'] },
        },
      },
    },
    { client, table },
  );

  /** Exists while a learner has an open request about a field: one at a time per field. */
  const correctionGuard = new Entity(
    {
      model: { entity: 'correctionGuard', version: '1', service: SERVICE },
      attributes: {
        recordId: { type: 'string', required: true },
        field: { type: CORRECTION_FIELDS, required: true },
        requestId: { type: 'string', required: true },
      },
      indexes: {
        byField: {
          pk: { field: 'pk', composite: ['recordId', 'field'] },
          sk: { field: 'sk', composite: [] },
        },
      },
    },
    { client, table },
  );

  const auditEntry = makeAuditEntity({ client, table });

  const service = new Service(
    {
      eduRecord,
      nameEntry,
      recordVersion,
      recordKey,
      approvalEntry,
      syncChange,
      statsAggregate,
      eduImport,
      recordExport,
      correctionRequest,
      correctionGuard,
      auditEntry,
    },
    { client, table },
  );
  return {
    eduRecord,
    nameEntry,
    recordVersion,
    recordKey,
    approvalEntry,
    syncChange,
    statsAggregate,
    eduImport,
    recordExport,
    correctionRequest,
    correctionGuard,
    auditEntry,
    service,
  };
}

export type EduEntities = ReturnType<typeof makeEduEntities>;
export const eduEntities = lazyStore(makeEduEntities);
