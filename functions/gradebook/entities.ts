/**
 * The grade books on the single table.
 *
 * Access patterns:
 * - a class's books (one per subject and semester, written when first entered or locked): Query
 *   (`gradeBook`, partition = the class)
 * - a book's rows, one per pupil: Query (`scoreRow`, partition = class × subject × semester)
 * - a row by pupil: GetItem
 * - a class's homeroom rows for a semester (conduct, absences): Query (`homeroomRow`)
 * - a change asked after a book was locked: GetItem (`scoreChange`); a school's, by state then
 *   time: gsi1; a book's, newest first: gsi2
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

  /** A cell's change asked by the subject's teacher once the book is locked, decided by a school leader. */
  const scoreChange = new Entity(
    {
      model: { entity: 'scoreChange', version: '1', service: SERVICE },
      attributes: {
        requestId: { type: 'string', required: true },
        schoolId: { type: 'string', required: true },
        classId: { type: 'string', required: true },
        className: { type: 'string', required: true },
        subject: { type: 'string', required: true },
        subjectName: { type: 'string', required: true },
        semester: { type: 'number', required: true },
        learnerId: { type: 'string', required: true },
        fullName: { type: 'string', required: true },
        field: { type: 'string', required: true },
        /** The cell as stored when asked (tenths, a code, a comment; null when empty). */
        before: { type: 'any' },
        /** The value as the teacher typed it ("" clears). */
        value: { type: 'string', required: true },
        reason: { type: 'string', required: true },
        state: { type: ['pending', 'approved', 'rejected'] as const, required: true },
        requestedBy: { type: 'string', required: true },
        requestedByName: { type: 'string', required: true },
        requestedAt: { type: 'string', required: true },
        decidedBy: { type: 'string' },
        decidedByName: { type: 'string' },
        decidedAt: { type: 'string' },
        note: { type: 'string' },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['requestId'] }, sk: { field: 'sk', composite: [] } },
        bySchool: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['schoolId'] },
          sk: { field: 'gsi1sk', composite: ['state', 'requestedAt', 'requestId'] },
        },
        byBook: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['classId', 'subject', 'semester'] },
          sk: { field: 'gsi2sk', composite: ['requestedAt', 'requestId'] },
        },
      },
    },
    { client, table },
  );

  /** What the homeroom teacher records of one pupil in a semester: conduct, half-days absent, a comment. */
  const homeroomRow = new Entity(
    {
      model: { entity: 'homeroomRow', version: '1', service: SERVICE },
      attributes: {
        classId: { type: 'string', required: true },
        semester: { type: 'number', required: true },
        learnerId: { type: 'string', required: true },
        conduct: { type: ['T', 'K', 'D', 'CD'] as const },
        absentHalfDays: { type: 'number' },
        comment: { type: 'string' },
        version: { type: 'number', required: true },
        updatedAt: { type: 'string', required: true },
        updatedBy: { type: 'string', required: true },
      },
      indexes: {
        byClass: {
          pk: { field: 'pk', composite: ['classId', 'semester'] },
          sk: { field: 'sk', composite: ['learnerId'] },
        },
      },
    },
    { client, table },
  );

  const auditEntry = makeAuditEntity({ client, table });
  const service = new Service(
    { gradeBook, scoreRow, scoreChange, homeroomRow, auditEntry },
    { client, table },
  );
  return { gradeBook, scoreRow, scoreChange, homeroomRow, auditEntry, service };
}

export type GradebookEntities = ReturnType<typeof makeGradebookEntities>;
export const gradebookEntities = lazyStore(makeGradebookEntities);
