/**
 * The exam system on the single table.
 *
 * Access patterns:
 * - a question (its current version) by id: GetItem; its earlier versions: Query (`questionVersion`)
 * - a bank's subjects and grades with their counts: Query (`bankShelf`, kept with each question)
 * - a bank: the questions of a unit for a subject and grade, by status, topic and level: gsi1
 * - a paper by id: GetItem (variants live in S3: the candidate's copy without keys, the keys apart)
 * - papers of a unit, newest first: gsi1
 * - a session's roll (small items, no answers): gsi1; by school: gsi2; by room: gsi3
 * - a candidate's exams by opening time, newest first (a learner's and their guardians' view):
 *   Query on `candidateExam`, written with the roll (sessions and rolls do not change after), so
 *   the roll items written during the exam carry no fourth index
 * - the sessions that use a paper (re-grading after a key correction): gsi2
 * - essay scripts of a session by state (the marking queue): gsi1
 *
 * - an attempt's answers: one Query of its chunk items (`answerChunk`, under the session's partition
 *   beside the attempt); a session's answers, for statistics: the same Query without the candidate
 *
 * Neither the attempt item nor its answer chunks have a secondary index: autosaves write a chunk
 * every 30 s and a GSI would double their write cost. The attempt's progress and result are
 * mirrored on the candidate's small roll item, written at start, submit and grading only.
 */
import { Entity, Service } from 'electrodb';
import { makeAuditEntity } from '#shared/audit/entity.ts';
import { lazyStore, type TableDeps } from '#shared/db/client.ts';
import { jobAttributes, jobById } from '#shared/jobs/attributes.ts';
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

  /**
   * How many questions a bank holds for a subject and grade, and how many of them are approved:
   * one small item per (unit, subject, grade), changed with ADD in the transaction that changes a
   * question, so the bank's subjects and grades are one Query on the unit (never a Scan).
   */
  const bankShelf = new Entity(
    {
      model: { entity: 'bankShelf', version: '1', service: SERVICE },
      attributes: {
        ownerUnitId: { type: 'string', required: true },
        subject: { type: 'string', required: true },
        grade: { type: 'number', required: true },
        questions: { type: 'number' },
        approved: { type: 'number' },
      },
      indexes: {
        byUnit: {
          pk: { field: 'pk', composite: ['ownerUnitId'] },
          sk: { field: 'sk', composite: ['subject', 'grade'] },
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
        /** Bumped by each key correction; keys live at exams/keys/{paperId}/v{keyVersion}/. */
        keyVersion: { type: 'number', required: true, default: 1 },
        corrections: { type: 'any' },
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
        attemptsAllowed: { type: 'number', required: true, default: 1 },
        /** sha256 of the session id and the code; the code itself is never stored. */
        accessCodeHash: { type: 'string' },
        rooms: { type: 'any' },
        markers: { type: 'list', items: { type: 'string' } },
        doubleMarking: { type: 'boolean', required: true, default: false },
        markingTolerance: { type: 'number', required: true, default: 0.5 },
        /** A practice session (not an official exam): its candidates may review, if allowed. */
        practice: { type: 'boolean' },
        /** Practice only: after submitting, the candidate sees the keys and explanations. */
        reviewAfterSubmit: { type: 'boolean' },
        /** A course's test: learners join the roll as they start it (no roll made in advance). */
        openRoll: { type: 'boolean' },
        /** Learners of the chosen classes without an account of their own (not on the roll). */
        learnersWithoutAccount: { type: 'number' },
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
        byPaper: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['paperId'] },
          sk: { field: 'gsi2sk', composite: ['sessionId'] },
        },
      },
    },
    { client, table },
  );

  /**
   * A candidate of a session: found by the candidate (their exams) and by the session (its roll,
   * per school, per room). Carries the attempt's state and result, so rolls, results and
   * statistics never read the attempts' answers.
   */
  const sessionCandidate = new Entity(
    {
      model: { entity: 'sessionCandidate', version: '1', service: SERVICE },
      attributes: {
        accountId: { type: 'string', required: true },
        sessionId: { type: 'string', required: true },
        title: { type: 'string', required: true },
        opensAt: { type: 'string', required: true },
        fullName: { type: 'string', required: true, default: '' },
        schoolId: { type: 'string', required: true, default: '-' },
        communeId: { type: 'string', required: true, default: '-' },
        room: { type: 'string', required: true, default: '-' },
        state: {
          type: ['not-started', 'in-progress', 'submitted', 'graded'] as const,
          required: true,
          default: 'not-started',
        },
        attemptNo: { type: 'number' },
        points: { type: 'number' },
        pendingScripts: { type: 'number' },
        submittedAt: { type: 'string' },
        /** Who put an open roll's learner on it (courses: `course:<moduleId>`), echoed when graded. */
        origin: { type: 'string' },
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
        bySchool: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['sessionId', 'schoolId'] },
          sk: { field: 'gsi2sk', composite: ['fullName', 'accountId'] },
        },
        byRoom: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['sessionId', 'room'] },
          sk: { field: 'gsi3sk', composite: ['fullName', 'accountId'] },
        },
      },
    },
    { client, table },
  );

  /** A candidate's exam by opening time: the roll item's index for the candidate's history. */
  const candidateExam = new Entity(
    {
      model: { entity: 'candidateExam', version: '1', service: SERVICE },
      attributes: {
        accountId: { type: 'string', required: true },
        opensAt: { type: 'string', required: true },
        sessionId: { type: 'string', required: true },
      },
      indexes: {
        byCandidate: {
          pk: { field: 'pk', composite: ['accountId'] },
          sk: { field: 'sk', composite: ['opensAt', 'sessionId'] },
        },
      },
    },
    { client, table },
  );

  /**
   * The candidate's current attempt of a session (a few hundred bytes): its answers are in
   * `answerChunk` items; attempts written before those kept theirs in `answers`, still read.
   * An earlier attempt (when more than one is allowed) is kept as a `pastAttempt`.
   */
  const attempt = new Entity(
    {
      model: { entity: 'attempt', version: '1', service: SERVICE },
      attributes: {
        sessionId: { type: 'string', required: true },
        accountId: { type: 'string', required: true },
        attemptNo: { type: 'number', required: true, default: 1 },
        variant: { type: 'number', required: true },
        /** The session's paper: an autosave finds the chunk of each answer from its outline. */
        paperId: { type: 'string' },
        /** The minute of the due entry that checks this submitted attempt was graded. */
        gradingCheck: { type: 'string' },
        startedAt: { type: 'string', required: true },
        deadline: { type: 'string', required: true },
        status: { type: ['in-progress', 'submitted', 'graded'] as const, required: true },
        deviceId: { type: 'string', required: true },
        /** Only on attempts saved before answers moved to chunks (read, never written). */
        answers: { type: 'any' },
        revision: { type: 'number', required: true },
        submittedAt: { type: 'string' },
        submittedBy: { type: ['candidate', 'deadline'] as const },
        /** Objective points (by the key of `keyVersion`) plus essay points as scripts are marked. */
        points: { type: 'number' },
        objectivePoints: { type: 'number' },
        essayPoints: { type: 'number' },
        pendingScripts: { type: 'number' },
        keyVersion: { type: 'number' },
        questionPoints: { type: 'any' },
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
   * A few of an attempt's answers (domain/answers.ts: the chunk is the question's position in the variant, round robin), so an
   * autosave writes only the chunks it changes (~1 WRU each). `fence` is the attempt revision
   * below which saves are refused (set on takeover and submit); `version` orders two saves.
   */
  const answerChunk = new Entity(
    {
      model: { entity: 'answerChunk', version: '1', service: SERVICE },
      attributes: {
        sessionId: { type: 'string', required: true },
        accountId: { type: 'string', required: true },
        chunk: { type: 'number', required: true },
        attemptNo: { type: 'number' },
        answers: { type: 'any' },
        version: { type: 'number' },
        fence: { type: 'number' },
        savedAt: { type: 'string' },
      },
      indexes: {
        byAttempt: {
          pk: { field: 'pk', composite: ['sessionId'] },
          sk: { field: 'sk', composite: ['accountId', 'chunk'] },
        },
      },
    },
    { client, table },
  );

  /** An earlier attempt of a candidate, kept when they start another (attempts allowed > 1). */
  const pastAttempt = new Entity(
    {
      model: { entity: 'pastAttempt', version: '1', service: SERVICE },
      attributes: {
        sessionId: { type: 'string', required: true },
        accountId: { type: 'string', required: true },
        attemptNo: { type: 'number', required: true },
        snapshot: { type: 'any', required: true },
      },
      indexes: {
        byCandidate: {
          pk: { field: 'pk', composite: ['sessionId', 'accountId'] },
          sk: { field: 'sk', composite: ['attemptNo'] },
        },
      },
    },
    { client, table },
  );

  /**
   * An essay answer waiting for (or done with) its marks. Markers see it by `scriptId` only, never
   * by the candidate's name; the queue lists a session's scripts by state and question.
   */
  const essayScript = new Entity(
    {
      model: { entity: 'essayScript', version: '1', service: SERVICE },
      attributes: {
        sessionId: { type: 'string', required: true },
        scriptId: { type: 'string', required: true },
        questionId: { type: 'string', required: true },
        accountId: { type: 'string', required: true },
        attemptNo: { type: 'number', required: true },
        text: { type: 'string', required: true },
        criteria: { type: 'any', required: true },
        requiredMarks: { type: 'number', required: true },
        marks: { type: 'any', required: true },
        state: { type: ['open', 'disputed', 'done'] as const, required: true },
        finalPoints: { type: 'number' },
        revision: { type: 'number', required: true },
        createdAt: { type: 'string', required: true },
      },
      indexes: {
        byId: {
          pk: { field: 'pk', composite: ['sessionId'] },
          sk: { field: 'sk', composite: ['scriptId'] },
        },
        byState: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['sessionId', 'state'] },
          sk: { field: 'gsi1sk', composite: ['questionId', 'scriptId'] },
        },
      },
    },
    { client, table },
  );

  /** The statistics and results workbook of a session, computed by a worker on request. */
  const sessionStatistics = new Entity(
    {
      model: { entity: 'sessionStatistics', version: '1', service: SERVICE },
      attributes: {
        sessionId: { type: 'string', required: true },
        status: { type: ['pending', 'ready', 'failed'] as const, required: true },
        requestedBy: { type: 'string', required: true },
        requestedAt: { type: 'string', required: true },
        computedAt: { type: 'string' },
        /** In the reports bucket: the figures (JSON) and the results workbook (XLSX). */
        figuresKey: { type: 'string' },
        workbookKey: { type: 'string' },
        /** Why it failed, in English; the code and parameters let the API say it in Vietnamese. */
        error: { type: 'string' },
        errorCode: { type: 'string' },
        errorParams: { type: 'any' },
      },
      indexes: {
        bySession: {
          pk: { field: 'pk', composite: ['sessionId'] },
          sk: { field: 'sk', composite: [] },
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
        /** Absent: the attempt's deadline. `grading`: check, after a submit, that it was graded. */
        check: { type: ['grading'] as const },
        resends: { type: 'number' },
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

  /**
   * A city-wide session's window of provisioned concurrency (exam-capacity.ts): all of them are
   * read, by cool-down time, to schedule the exam API's capacity as one list of steps.
   */
  const capacityWindow = new Entity(
    {
      model: { entity: 'capacityWindow', version: '1', service: SERVICE },
      attributes: {
        sessionId: { type: 'string', required: true },
        provisionedConcurrency: { type: 'number', required: true },
        warmAt: { type: 'string', required: true },
        coolAt: { type: 'string', required: true },
      },
      indexes: {
        byCoolDown: {
          pk: { field: 'pk', composite: [] },
          sk: { field: 'sk', composite: ['coolAt', 'sessionId'] },
        },
      },
    },
    { client, table },
  );

  /**
   * How many times the capacity windows changed: a reschedule reads it before the windows and again
   * after applying their steps, and starts over when another publication changed them meanwhile.
   */
  const capacityVersion = new Entity(
    {
      model: { entity: 'capacityVersion', version: '1', service: SERVICE },
      attributes: { version: { type: 'number', required: true, default: 0 } },
      indexes: {
        only: { pk: { field: 'pk', composite: [] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );

  /** A question sheet import or export and how it went. */
  const questionSheetJob = new Entity(
    {
      model: { entity: 'questionSheetJob', version: '1', service: SERVICE },
      attributes: {
        ...jobAttributes('jobId'),
        kind: { type: ['import', 'export'] as const, required: true },
        subject: { type: 'string' },
        grade: { type: 'number' },
        rows: { type: 'number' },
        created: { type: 'number' },
        duplicates: { type: 'number' },
        failed: { type: 'number' },
        errors: { type: 'any' },
      },
      indexes: jobById('jobId'),
    },
    { client, table },
  );

  const auditEntry = makeAuditEntity({ client, table });
  const service = new Service(
    {
      question,
      bankShelf,
      questionVersion,
      examPaper,
      examSession,
      sessionCandidate,
      candidateExam,
      attempt,
      answerChunk,
      pastAttempt,
      attemptDue,
      capacityWindow,
      capacityVersion,
      essayScript,
      sessionStatistics,
      questionSheetJob,
      auditEntry,
    },
    { client, table },
  );
  return {
    question,
    bankShelf,
    questionVersion,
    examPaper,
    examSession,
    sessionCandidate,
    candidateExam,
    attempt,
    answerChunk,
    pastAttempt,
    attemptDue,
    capacityWindow,
    capacityVersion,
    essayScript,
    sessionStatistics,
    questionSheetJob,
    auditEntry,
    service,
  };
}

export type ExamEntities = ReturnType<typeof makeExamEntities>;
export const examEntities = lazyStore(makeExamEntities);
