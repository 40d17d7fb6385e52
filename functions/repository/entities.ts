/**
 * The learning repository's items on the single table.
 *
 * Access patterns:
 * - a resource by id: GetItem (`resource`); its versions: Query (`resourceVersion`)
 * - a unit's resources, newest change first: gsi1; a reviewing unit's queue by state: gsi2; an
 *   author's resources: gsi3
 * - resources mapped to a curriculum lesson (coverage): Query on the lesson (`lessonResource`)
 * - published open and city resources of a grade, by subject and title (a learner's view): Query
 *   on the grade (`gradeResource`), kept by the sync worker like the lesson links
 * - OAI-PMH: a set's entries in datestamp order (`oaiEntry`, partition `*` for all)
 * - the curriculum's lessons of a subject and grade: Query (`curriculumLesson`)
 * - coverage per subject and grade: one partition (`coverage`)
 * - resources whose publication has not reached the catalogue, OAI and coverage yet:
 *   one partition (`resourceSync`), swept nightly
 */
import { Entity, Service } from 'electrodb';
import { makeAuditEntity } from '#shared/audit/entity.ts';
import { lazyStore, type TableDeps } from '#shared/db/client.ts';
import { RESOURCE_STATES } from './domain/resources.ts';

const SERVICE = 'edu';

export const VERSION_STATUSES = ['uploading', 'ready', 'rejected'] as const;

export function makeRepositoryEntities({ client, table }: TableDeps) {
  const resource = new Entity(
    {
      model: { entity: 'resource', version: '1', service: SERVICE },
      attributes: {
        resourceId: { type: 'string', required: true },
        /** The unit that owns it (the author's school, commune or the Department), and its lineage. */
        unitId: { type: 'string', required: true },
        /** Kept on resources written before the org tree was read at request time; never trusted. */
        lineage: { type: 'list', items: { type: 'string' } },
        /** Where it is reviewed, chosen by its licence when it is submitted. */
        reviewUnitId: { type: 'string', required: true },
        authorId: { type: 'string', required: true },
        authorName: { type: 'string', required: true },
        state: { type: RESOURCE_STATES, required: true },
        /** The metadata being edited (the next version's). */
        meta: { type: 'any', required: true },
        /** The newest version with a file (0: none yet). */
        latestVersion: { type: 'number', required: true },
        /** What the public sees: the approved version's file and metadata. */
        published: { type: 'any' },
        sortTitle: { type: 'string', required: true },
        submittedAt: { type: 'string' },
        history: { type: 'any', required: true },
        /** What the last sync wrote: lessons linked, OAI datestamp and sets, catalogued. */
        synced: { type: 'any' },
        createdAt: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
        revision: { type: 'number', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['resourceId'] }, sk: { field: 'sk', composite: [] } },
        byUnit: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['unitId'] },
          sk: { field: 'gsi1sk', composite: ['updatedAt', 'resourceId'] },
        },
        byReviewer: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['reviewUnitId'] },
          sk: { field: 'gsi2sk', composite: ['state', 'updatedAt', 'resourceId'] },
        },
        byAuthor: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['authorId'] },
          sk: { field: 'gsi3sk', composite: ['updatedAt', 'resourceId'] },
        },
      },
    },
    { client, table },
  );

  /** A file of a resource: announced with its checksum, then verified by a worker. */
  const resourceVersion = new Entity(
    {
      model: { entity: 'resourceVersion', version: '1', service: SERVICE },
      attributes: {
        resourceId: { type: 'string', required: true },
        version: { type: 'number', required: true },
        fileName: { type: 'string', required: true },
        contentType: { type: 'string', required: true },
        size: { type: 'number', required: true },
        sha256: { type: 'string', required: true },
        objectKey: { type: 'string', required: true },
        objectVersionId: { type: 'string' },
        status: { type: VERSION_STATUSES, required: true },
        /** Why the file was rejected, in English; the code and parameters let the API say it in Vietnamese. */
        problem: { type: 'string' },
        problemCode: { type: 'string' },
        problemParams: { type: 'any' },
        uploadedBy: { type: 'string', required: true },
        requestedAt: { type: 'string', required: true },
        verifiedAt: { type: 'string' },
      },
      indexes: {
        byResource: {
          pk: { field: 'pk', composite: ['resourceId'] },
          sk: { field: 'sk', composite: ['version'] },
        },
      },
    },
    { client, table },
  );

  const lessonResource = new Entity(
    {
      model: { entity: 'lessonResource', version: '1', service: SERVICE },
      attributes: {
        lessonId: { type: 'string', required: true },
        resourceId: { type: 'string', required: true },
        title: { type: 'string', required: true },
        kind: { type: 'string', required: true },
      },
      indexes: {
        byLesson: {
          pk: { field: 'pk', composite: ['lessonId'] },
          sk: { field: 'sk', composite: ['resourceId'] },
        },
      },
    },
    { client, table },
  );

  /** A published resource shared with the city or the public, filed under a grade it is mapped to. */
  const gradeResource = new Entity(
    {
      model: { entity: 'gradeResource', version: '1', service: SERVICE },
      attributes: {
        grade: { type: 'number', required: true },
        subject: { type: 'string', required: true },
        sortTitle: { type: 'string', required: true },
        resourceId: { type: 'string', required: true },
        title: { type: 'string', required: true },
        kind: { type: 'string', required: true },
        licence: { type: 'string', required: true },
        creators: { type: 'list', items: { type: 'string' }, required: true },
        unitId: { type: 'string', required: true },
        publishedAt: { type: 'string', required: true },
      },
      indexes: {
        byGrade: {
          pk: { field: 'pk', composite: ['grade'] },
          sk: { field: 'sk', composite: ['subject', 'sortTitle', 'resourceId'] },
        },
      },
    },
    { client, table },
  );

  const oaiEntry = new Entity(
    {
      model: { entity: 'oaiEntry', version: '1', service: SERVICE },
      attributes: {
        setSpec: { type: 'string', required: true },
        stamp: { type: 'string', required: true },
        resourceId: { type: 'string', required: true },
        sets: { type: 'list', items: { type: 'string' }, required: true },
        deleted: { type: 'boolean', required: true },
        dc: { type: 'any' },
      },
      indexes: {
        bySet: {
          pk: { field: 'pk', composite: ['setSpec'] },
          sk: { field: 'sk', composite: ['stamp', 'resourceId'] },
        },
      },
    },
    { client, table },
  );

  const curriculumLesson = new Entity(
    {
      model: { entity: 'curriculumLesson', version: '1', service: SERVICE },
      attributes: {
        subject: { type: 'string', required: true },
        grade: { type: 'number', required: true },
        position: { type: 'number', required: true },
        lessonId: { type: 'string', required: true },
        title: { type: 'string', required: true },
      },
      indexes: {
        bySubjectGrade: {
          pk: { field: 'pk', composite: ['subject', 'grade'] },
          sk: { field: 'sk', composite: ['position'] },
        },
      },
    },
    { client, table },
  );

  const coverage = new Entity(
    {
      model: { entity: 'coverage', version: '1', service: SERVICE },
      attributes: {
        city: { type: 'string', required: true },
        subject: { type: 'string', required: true },
        grade: { type: 'number', required: true },
        lessons: { type: 'number', required: true },
        covered: { type: 'number', required: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byCity: {
          pk: { field: 'pk', composite: ['city'] },
          sk: { field: 'sk', composite: ['subject', 'grade'] },
        },
      },
    },
    { client, table },
  );

  const resourceSync = new Entity(
    {
      model: { entity: 'resourceSync', version: '1', service: SERVICE },
      attributes: {
        queue: { type: 'string', required: true },
        resourceId: { type: 'string', required: true },
        revision: { type: 'number', required: true },
        at: { type: 'string', required: true },
      },
      indexes: {
        byQueue: {
          pk: { field: 'pk', composite: ['queue'] },
          sk: { field: 'sk', composite: ['resourceId'] },
        },
      },
    },
    { client, table },
  );

  const auditEntry = makeAuditEntity({ client, table });
  const service = new Service(
    {
      resource,
      resourceVersion,
      lessonResource,
      gradeResource,
      oaiEntry,
      curriculumLesson,
      coverage,
      resourceSync,
      auditEntry,
    },
    { client, table },
  );
  return {
    resource,
    resourceVersion,
    lessonResource,
    gradeResource,
    oaiEntry,
    curriculumLesson,
    coverage,
    resourceSync,
    auditEntry,
    service,
  };
}

export type RepositoryEntities = ReturnType<typeof makeRepositoryEntities>;
export const repositoryEntities = lazyStore(makeRepositoryEntities);
