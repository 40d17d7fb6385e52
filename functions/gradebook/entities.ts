/**
 * The grade books on the single table.
 *
 * Access patterns:
 * - a class's books (one per subject and semester, written when first entered or locked): Query
 *   (`gradeBook`, partition = the class)
 * - a book's rows, one per pupil: Query (`scoreRow`, partition = class × subject × semester)
 * - a row by pupil: GetItem
 */
import { Entity, Service } from 'electrodb';
import { makeAuditEntity } from '#shared/audit/entity.ts';
import { lazyStore, type TableDeps } from '#shared/db/client.ts';
import { SUBJECT_RATINGS } from './domain/rules.ts';
import { ASSESSMENTS } from './domain/subjects.ts';

const SERVICE = 'edu';

export function makeGradebookEntities({ client, table }: TableDeps) {
  /** A subject's book for a class and semester: its shape (fixed when first written) and lock. */
  const gradeBook = new Entity(
    {
      model: { entity: 'gradeBook', version: '1', service: SERVICE },
      attributes: {
        classId: { type: 'string', required: true },
        subject: { type: 'string', required: true },
        semester: { type: 'number', required: true },
        schoolId: { type: 'string', required: true },
        /** The year the school year starts (2025 = 2025–2026). */
        schoolYear: { type: 'number', required: true },
        grade: { type: 'number', required: true },
        ruleSetId: { type: 'string', required: true },
        assessment: { type: ASSESSMENTS, required: true },
        regularScores: { type: 'number', required: true },
        periodicTest: { type: 'boolean', required: true },
        lockedAt: { type: 'string' },
        lockedBy: { type: 'string' },
        lockedByName: { type: 'string' },
        createdAt: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byClass: {
          pk: { field: 'pk', composite: ['classId'] },
          sk: { field: 'sk', composite: ['subject', 'semester'] },
        },
      },
    },
    { client, table },
  );

  /** One pupil's cells of a book; `version` counts its writes (two tabs cannot overwrite each other). */
  const scoreRow = new Entity(
    {
      model: { entity: 'scoreRow', version: '1', service: SERVICE },
      attributes: {
        classId: { type: 'string', required: true },
        subject: { type: 'string', required: true },
        semester: { type: 'number', required: true },
        learnerId: { type: 'string', required: true },
        /** Regular scores in tenths, null where not given yet. */
        regular: { type: 'any', required: true },
        midTerm: { type: 'number' },
        endTerm: { type: 'number' },
        pass: { type: ['D', 'CD'] as const },
        rating: { type: SUBJECT_RATINGS },
        test: { type: 'number' },
        comment: { type: 'string' },
        version: { type: 'number', required: true },
        updatedAt: { type: 'string', required: true },
        updatedBy: { type: 'string', required: true },
      },
      indexes: {
        byBook: {
          pk: { field: 'pk', composite: ['classId', 'subject', 'semester'] },
          sk: { field: 'sk', composite: ['learnerId'] },
        },
      },
    },
    { client, table },
  );

  const auditEntry = makeAuditEntity({ client, table });
  const service = new Service({ gradeBook, scoreRow, auditEntry }, { client, table });
  return { gradeBook, scoreRow, auditEntry, service };
}

export type GradebookEntities = ReturnType<typeof makeGradebookEntities>;
export const gradebookEntities = lazyStore(makeGradebookEntities);
