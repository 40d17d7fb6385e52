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

  const examSession = new Entity(
    {
      model: { entity: 'examSession', version: '1', service: SERVICE },
      attributes: {
        sessionId: { type: 'string', required: true },
        ownerUnitId: { type: 'string', required: true },
        paperId: { type: 'string', required: true },
        title: { type: 'string', required: true },
        opensAt: { type: 'string', required: true },
        closesAt: { type: 'string', required: true },
        lateEntryUntil: { type: 'string', required: true },
        durationMinutes: { type: 'number', required: true },
        passMark: { type: 'number', required: true },
        maxPoints: { type: 'number', required: true },
        variantCount: { type: 'number', required: true },
        seed: { type: 'string', required: true },
        resultsReleaseAt: { type: 'string' },
        candidateCount: { type: 'number', required: true },
        createdBy: { type: 'string', required: true },
        createdAt: { type: 'string', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['sessionId'] }, sk: { field: 'sk', composite: [] } },
        byUnit: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['ownerUnitId'] },
          sk: { field: 'gsi1sk', composite: ['opensAt', 'sessionId'] },
        },
      },
    },
    { client, table },
  );

  /** A candidate of a session: found by the candidate (their exams) and by the session (its roll). */
  const sessionCandidate = new Entity(
    {
      model: { entity: 'sessionCandidate', version: '1', service: SERVICE },
      attributes: {
        accountId: { type: 'string', required: true },
        sessionId: { type: 'string', required: true },
        title: { type: 'string', required: true },
        opensAt: { type: 'string', required: true },
      },
      indexes: {
        byCandidate: {
          pk: { field: 'pk', composite: ['accountId'] },
          sk: { field: 'sk', composite: ['sessionId'] },
        },
        bySession: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['sessionId'] },
          sk: { field: 'gsi1sk', composite: ['accountId'] },
        },
      },
    },
    { client, table },
  );

  /** One attempt per candidate and session; its answers travel in the item (a few KB). */
  const attempt = new Entity(
    {
      model: { entity: 'attempt', version: '1', service: SERVICE },
      attributes: {
        sessionId: { type: 'string', required: true },
        accountId: { type: 'string', required: true },
        variant: { type: 'number', required: true },
        startedAt: { type: 'string', required: true },
        deadline: { type: 'string', required: true },
        status: { type: ['in-progress', 'submitted', 'graded'] as const, required: true },
        deviceId: { type: 'string', required: true },
        answers: { type: 'any', required: true },
        revision: { type: 'number', required: true },
        submittedAt: { type: 'string' },
        submittedBy: { type: ['candidate', 'deadline'] as const },
        points: { type: 'number' },
        questionPoints: { type: 'any' },
        needsMarking: { type: 'boolean' },
        gradedAt: { type: 'string' },
      },
      indexes: {
        bySession: {
          pk: { field: 'pk', composite: ['sessionId'] },
          sk: { field: 'sk', composite: ['accountId'] },
        },
      },
    },
    { client, table },
  );

  /**
   * An attempt still running, filed under the minute it is due and one of a few shards: the
   * minute sweeper submits what is due without polling any candidate, and a city-wide exam that
   * ends on one minute spreads over the shards' partitions.
   */
  const attemptDue = new Entity(
    {
      model: { entity: 'attemptDue', version: '1', service: SERVICE },
      attributes: {
        dueMinute: { type: 'string', required: true },
        shard: { type: 'string', required: true },
        sessionId: { type: 'string', required: true },
        accountId: { type: 'string', required: true },
      },
      indexes: {
        byMinute: {
          pk: { field: 'pk', composite: ['dueMinute', 'shard'] },
          sk: { field: 'sk', composite: ['sessionId', 'accountId'] },
        },
      },
    },
    { client, table },
  );

  const auditEntry = makeAuditEntity({ client, table });
  const service = new Service(
    { question, questionVersion, examPaper, examSession, sessionCandidate, attempt, attemptDue, auditEntry },
    { client, table },
  );
  return {
    question,
    questionVersion,
    examPaper,
    examSession,
    sessionCandidate,
    attempt,
    attemptDue,
    auditEntry,
    service,
  };
}

export type ExamEntities = ReturnType<typeof makeExamEntities>;
export const examEntities = lazyStore(makeExamEntities);
