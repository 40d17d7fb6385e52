/**
 * The exam system on the single table.
 *
 * Access patterns:
 * - a question (its current version) by id: GetItem; its earlier versions: Query (`questionVersion`)
 * - a bank: the questions of a unit for a subject and grade, by status, topic and level: gsi1
 * - a paper by id: GetItem (variants live in S3: the candidate's copy without keys, the keys apart)
 * - papers of a unit, newest first: gsi1
 */
import { Entity, Service } from 'electrodb';
import { makeAuditEntity } from '#shared/audit/entity.ts';
import { lazyStore, type TableDeps } from '#shared/db/client.ts';
import { COGNITIVE_LEVELS } from './domain/questions.ts';

const SERVICE = 'edu';
export const QUESTION_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
export const QUESTION_SCOPES = ['department', 'school', 'personal'] as const;

export function makeExamEntities({ client, table }: TableDeps) {
  const question = new Entity(
    {
      model: { entity: 'question', version: '1', service: SERVICE },
      attributes: {
        questionId: { type: 'string', required: true },
        version: { type: 'number', required: true },
        ownerUnitId: { type: 'string', required: true },
        scope: { type: QUESTION_SCOPES, required: true },
        subject: { type: 'string', required: true },
        grade: { type: 'number', required: true },
        topic: { type: 'string', required: true },
        level: { type: COGNITIVE_LEVELS, required: true },
        type: { type: 'string', required: true },
        stem: { type: 'string', required: true },
        /** The question with its key (QuestionBody); never sent to candidates. */
        body: { type: 'any', required: true },
        media: { type: 'list', items: { type: 'string' } },
        status: { type: QUESTION_STATUSES, required: true },
        reviewNote: { type: 'string' },
        authorId: { type: 'string', required: true },
        reviewedBy: { type: 'string' },
        createdAt: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['questionId'] }, sk: { field: 'sk', composite: [] } },
        byBank: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['ownerUnitId', 'subject', 'grade'] },
          sk: { field: 'gsi1sk', composite: ['status', 'topic', 'level', 'questionId'] },
        },
      },
    },
    { client, table },
  );

  const questionVersion = new Entity(
    {
      model: { entity: 'questionVersion', version: '1', service: SERVICE },
      attributes: {
        questionId: { type: 'string', required: true },
        version: { type: 'number', required: true },
        snapshot: { type: 'any', required: true },
        savedAt: { type: 'string', required: true },
      },
      indexes: {
        byQuestion: {
          pk: { field: 'pk', composite: ['questionId'] },
          sk: { field: 'sk', composite: ['version'] },
        },
      },
    },
    { client, table },
  );

  const examPaper = new Entity(
    {
      model: { entity: 'examPaper', version: '1', service: SERVICE },
      attributes: {
        paperId: { type: 'string', required: true },
        ownerUnitId: { type: 'string', required: true },
        title: { type: 'string', required: true },
        subject: { type: 'string', required: true },
        grade: { type: 'number', required: true },
        blueprint: { type: 'any', required: true },
        seed: { type: 'string', required: true },
        /** Per variant, the questions and the versions it used. */
        variants: { type: 'any', required: true },
        maxPoints: { type: 'number', required: true },
        createdBy: { type: 'string', required: true },
        createdAt: { type: 'string', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['paperId'] }, sk: { field: 'sk', composite: [] } },
        byUnit: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['ownerUnitId'] },
          sk: { field: 'gsi1sk', composite: ['createdAt', 'paperId'] },
        },
      },
    },
    { client, table },
  );

  const auditEntry = makeAuditEntity({ client, table });
  const service = new Service({ question, questionVersion, examPaper, auditEntry }, { client, table });
  return { question, questionVersion, examPaper, auditEntry, service };
}

export type ExamEntities = ReturnType<typeof makeExamEntities>;
export const examEntities = lazyStore(makeExamEntities);
