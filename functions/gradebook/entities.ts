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
 *   time: gsi1; a book's, newest first: gsi2; a teacher's own, newest first: gsi3
 * - a learner's transcripts (học bạ), one a school year: Query (`transcript`, partition = the
 *   learner); a class's: gsi1; a school's grade of a year by state (the principal's batch): gsi2
 * - a year-end run sending results to the education database: GetItem (`resultRun`, a job);
 *   a requester's, newest first: gsi1
 * - the statistics of results: a school's classes' tallies of a year and period, Query
 *   (`classTally`); a school's sum, GetItem/BatchGet (`schoolTally`; a commune's or the city's
 *   schools are read from the org tree at request time)
 * - a school's lock deadlines, by year and semester: Query (`lockDeadline`); those not yet
 *   applied, by day: gsi1 (sparse: only waiting ones carry the index's key)
 * - the signatures, their verification codes and signed files' hashes: the platform's registry
 *   (shared/signing/registry.ts)
 */
import { Entity, Service } from 'electrodb';
import { makeAuditEntity } from '#shared/audit/entity.ts';
import { lazyStore, type TableDeps } from '#shared/db/client.ts';
import { jobAttributes, jobById, jobByRequester } from '#shared/jobs/attributes.ts';
import { makeSignatureEntities } from '#shared/signing/registry.ts';
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
        byRequester: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['requestedBy'] },
          sk: { field: 'gsi3sk', composite: ['requestedAt', 'requestId'] },
        },
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
        /** Circular 27: quality or competency code → T / D / CCG (checked by domain/book.ts). */
        qualities: { type: 'any' },
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

  /**
   * A learner's transcript for a school year: its content fixed when the homeroom teacher approves
   * it (again while not yet signed), then signed by the principal and sealed by the school in one
   * job, which writes the PDF and the XML (by the transcript's id, nothing personal in the keys).
   */
  const transcript = new Entity(
    {
      model: { entity: 'transcript', version: '1', service: SERVICE },
      attributes: {
        learnerId: { type: 'string', required: true },
        /** '2026-2027'. */
        schoolYear: { type: 'string', required: true },
        transcriptId: { type: 'string', required: true },
        classId: { type: 'string', required: true },
        schoolId: { type: 'string', required: true },
        grade: { type: 'number', required: true },
        /** What it says (domain/transcript.ts), as approved. */
        content: { type: 'any', required: true },
        state: { type: ['approved', 'signing', 'signed', 'failed'] as const, required: true },
        /** The short code printed on it; its signature (the school's seal) is the registry's. */
        code: { type: 'string', required: true },
        signatureId: { type: 'string', required: true },
        approvedBy: { type: 'string', required: true },
        approvedByName: { type: 'string', required: true },
        approvedAt: { type: 'string', required: true },
        principalId: { type: 'string' },
        principalName: { type: 'string' },
        signRequestedAt: { type: 'string' },
        signedAt: { type: 'string' },
        pdfSha256: { type: 'string' },
        xmlSha256: { type: 'string' },
        /** The S3 versions written (AWS; none locally): links read exactly what was recorded. */
        pdfVersionId: { type: 'string' },
        xmlVersionId: { type: 'string' },
        /** The ministry's transcript store's receipt, once exported; why the last try failed, until then. */
        exportReceipt: { type: 'string' },
        exportError: { type: 'string' },
        error: { type: 'string' },
        errorCode: { type: 'string' },
        errorParams: { type: 'any' },
        version: { type: 'number', required: true },
      },
      indexes: {
        byLearner: {
          pk: { field: 'pk', composite: ['learnerId'] },
          sk: { field: 'sk', composite: ['schoolYear'] },
        },
        byClass: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['classId'] },
          sk: { field: 'gsi1sk', composite: ['learnerId'] },
        },
        bySchoolGrade: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['schoolId', 'schoolYear', 'grade'] },
          sk: { field: 'gsi2sk', composite: ['state', 'learnerId'] },
        },
      },
    },
    { client, table },
  );

  /**
   * A run sending every class's results of a period under a unit to the education database (the
   * year-end run, a state machine): its schools, how many are done, and the figures added up.
   */
  const resultRun = new Entity(
    {
      model: { entity: 'resultRun', version: '1', service: SERVICE },
      attributes: {
        ...jobAttributes('runId'),
        schoolYear: { type: 'string', required: true },
        period: { type: ['1', '2', 'year'] as const, required: true },
        totalSchools: { type: 'number' },
        completedSchools: { type: 'number' },
        classes: { type: 'number' },
        submitted: { type: 'number' },
        unchanged: { type: 'number' },
        pending: { type: 'number' },
        rejected: { type: 'number' },
        skipped: { type: 'number' },
        /** Classes not sent because a book of the period is still open. */
        openClasses: { type: 'number' },
      },
      indexes: { ...jobById('runId'), ...jobByRequester() },
    },
    { client, table },
  );

  /** A school's share of a run, written once: a retried task finds it and does not count twice. */
  const resultRunPart = new Entity(
    {
      model: { entity: 'resultRunPart', version: '1', service: SERVICE },
      attributes: {
        runId: { type: 'string', required: true },
        schoolId: { type: 'string', required: true },
        figures: { type: 'any', required: true },
        ttl: { type: 'number' },
      },
      indexes: {
        byRun: { pk: { field: 'pk', composite: ['runId'] }, sk: { field: 'sk', composite: ['schoolId'] } },
      },
    },
    { client, table },
  );

  /**
   * The statistics of a class's results of a period (domain/statistics.ts), written when they are
   * sent to the education database; a school's are its classes' added up, written after them.
   */
  const classTally = new Entity(
    {
      model: { entity: 'classTally', version: '1', service: SERVICE },
      attributes: {
        schoolId: { type: 'string', required: true },
        schoolYear: { type: 'string', required: true },
        period: { type: ['1', '2', 'year'] as const, required: true },
        classId: { type: 'string', required: true },
        className: { type: 'string', required: true },
        tally: { type: 'any', required: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        bySchool: {
          pk: { field: 'pk', composite: ['schoolId'] },
          sk: { field: 'sk', composite: ['schoolYear', 'period', 'classId'] },
        },
      },
    },
    { client, table },
  );
  const schoolTally = new Entity(
    {
      model: { entity: 'schoolTally', version: '1', service: SERVICE },
      attributes: {
        schoolId: { type: 'string', required: true },
        schoolYear: { type: 'string', required: true },
        period: { type: ['1', '2', 'year'] as const, required: true },
        classes: { type: 'number', required: true },
        tally: { type: 'any', required: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byKey: {
          pk: { field: 'pk', composite: ['schoolId', 'schoolYear', 'period'] },
          sk: { field: 'sk', composite: [] },
        },
      },
    },
    { client, table },
  );

  /**
   * A school's deadline for locking a semester's books: on that day (Hải Phòng time) the books
   * still open are locked by the daily schedule. `queue` is set while it waits, so the schedule's
   * Query on gsi1 sees only the deadlines not yet applied (a sparse index).
   */
  const lockDeadline = new Entity(
    {
      model: { entity: 'lockDeadline', version: '1', service: SERVICE },
      attributes: {
        schoolId: { type: 'string', required: true },
        schoolYear: { type: 'string', required: true },
        semester: { type: 'number', required: true },
        /** YYYY-MM-DD: the books lock at the start of this day. */
        lockOn: { type: 'string', required: true },
        setBy: { type: 'string', required: true },
        setAt: { type: 'string', required: true },
        queue: { type: ['pending'] as const },
        appliedAt: { type: 'string' },
        lockedBooks: { type: 'number' },
      },
      indexes: {
        bySchool: {
          pk: { field: 'pk', composite: ['schoolId'] },
          sk: { field: 'sk', composite: ['schoolYear', 'semester'] },
        },
        due: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['queue'] },
          sk: { field: 'gsi1sk', composite: ['lockOn', 'schoolId', 'semester'] },
        },
      },
    },
    { client, table },
  );

  const { recordSignature, verificationCode, signedFileHash } = makeSignatureEntities({ client, table });
  const auditEntry = makeAuditEntity({ client, table });
  const service = new Service(
    {
      gradeBook,
      scoreRow,
      scoreChange,
      homeroomRow,
      transcript,
      resultRun,
      resultRunPart,
      classTally,
      schoolTally,
      lockDeadline,
      recordSignature,
      verificationCode,
      signedFileHash,
      auditEntry,
    },
    { client, table },
  );
  return {
    gradeBook,
    scoreRow,
    scoreChange,
    homeroomRow,
    transcript,
    resultRun,
    resultRunPart,
    classTally,
    schoolTally,
    lockDeadline,
    recordSignature,
    verificationCode,
    signedFileHash,
    auditEntry,
    service,
  };
}

export type GradebookEntities = ReturnType<typeof makeGradebookEntities>;
export const gradebookEntities = lazyStore(makeGradebookEntities);
