/**
 * Online exams (seed 004 tasks 10 and 12): the question bank with review and versions, and exam
 * papers built from a blueprint into pre-built variants. Sessions, attempts and grading follow.
 */
import * as z from 'zod';
import { defineContext } from '#shared/manifest.ts';
import { answerSchema, COGNITIVE_LEVELS, questionBody } from './domain/questions.ts';
import { QUESTION_SCOPES, QUESTION_STATUSES } from './entities.ts';
import { GRADING_QUEUE } from './messages.ts';

const tags = ['exams'];
const orgUnitId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/, 'Must be an organisation unit code');
const unitParams = z.object({ orgUnitId });
const questionParams = z.object({ questionId: z.uuid() });
const subject = z.string().trim().min(1).max(60);
const grade = z.coerce.number().int().min(0).max(12);

const questionInput = z.object({
  scope: z.enum(QUESTION_SCOPES),
  subject,
  grade,
  topic: z.string().trim().min(1).max(120),
  level: z.enum(COGNITIVE_LEVELS),
  stem: z.string().trim().min(1).max(10_000),
  question: questionBody,
  media: z
    .array(z.string().regex(/^exams\/media\/[\w./-]+$/, 'Must be a key under exams/media/'))
    .max(10)
    .optional(),
});

const questionSchema = z
  .object({
    questionId: z.string(),
    version: z.number(),
    ownerUnitId: z.string(),
    scope: z.enum(QUESTION_SCOPES),
    subject: z.string(),
    grade: z.number(),
    topic: z.string(),
    level: z.enum(COGNITIVE_LEVELS),
    type: z.string(),
    stem: z.string(),
    body: z.unknown(),
    status: z.enum(QUESTION_STATUSES),
    reviewNote: z.string().optional(),
    authorId: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Question' });

const blueprintCell = z.object({
  topic: z.string().trim().min(1).max(120),
  level: z.enum(COGNITIVE_LEVELS),
  count: z.number().int().min(1).max(100),
});

const paperSchema = z
  .object({
    paperId: z.string(),
    ownerUnitId: z.string(),
    title: z.string(),
    subject: z.string(),
    grade: z.number(),
    blueprint: z.array(blueprintCell),
    variants: z.array(
      z.object({
        variant: z.number(),
        questions: z.array(z.object({ questionId: z.string(), version: z.number() })),
      }),
    ),
    maxPoints: z.number(),
    createdAt: z.string(),
  })
  .meta({ id: 'ExamPaper' });

const sessionParams = z.object({ sessionId: z.uuid() });
const isoTime = z.iso.datetime({ offset: true });
const deviceId = z.string().regex(/^[\w-]{8,64}$/, 'A device id of 8–64 letters, digits, - or _');

const sessionSchema = z
  .object({
    sessionId: z.string(),
    ownerUnitId: z.string(),
    paperId: z.string(),
    title: z.string(),
    opensAt: z.string(),
    closesAt: z.string(),
    lateEntryUntil: z.string(),
    durationMinutes: z.number(),
    passMark: z.number(),
    maxPoints: z.number(),
    resultsReleaseAt: z.string().optional(),
    candidateCount: z.number(),
  })
  .meta({ id: 'ExamSession' });

const attemptView = z
  .object({
    sessionId: z.string(),
    title: z.string(),
    status: z.enum(['in-progress', 'submitted', 'graded']),
    startedAt: z.string(),
    deadline: z.string(),
    serverTime: z.string(),
    deviceId: z.string(),
    paperUrl: z.string(),
    order: z.array(z.object({ questionId: z.string(), optionOrder: z.array(z.string()).optional() })),
    answers: z.record(z.string(), z.object({ answer: z.unknown(), seq: z.number() })),
    points: z.number().optional(),
    maxPoints: z.number().optional(),
    passed: z.boolean().optional(),
  })
  .meta({ id: 'Attempt' });

export const examsManifest = defineContext({
  name: 'exams',
  description: 'Question bank, exam papers, sessions, attempts, grading and results',
  routes: {
    createQuestion: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/questions',
      permission: 'exam.author',
      summary:
        'Add a question to the bank of a unit (Department or school); shared questions wait for review',
      tags,
      request: { params: unitParams, body: questionInput },
      response: { status: 201, schema: questionSchema },
    },
    listQuestions: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/questions',
      permission: 'exam.author',
      summary: 'A bank’s questions for a subject and grade, by status, topic and cognitive level',
      tags,
      request: {
        params: unitParams,
        query: z.object({
          subject,
          grade,
          status: z.enum(QUESTION_STATUSES).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(25),
          cursor: z.string().max(2048).optional(),
        }),
      },
      response: { schema: z.object({ items: z.array(questionSchema), nextCursor: z.string().optional() }) },
    },
    getQuestion: {
      method: 'GET',
      path: '/questions/{questionId}',
      permission: 'exam.author',
      summary: 'One question with its key (authors and reviewers only)',
      tags,
      request: { params: questionParams },
      response: { schema: questionSchema },
    },
    updateQuestion: {
      method: 'PUT',
      path: '/questions/{questionId}',
      permission: 'exam.author',
      summary: 'A new version of a question; the previous one is kept for the papers that used it',
      tags,
      request: {
        params: questionParams,
        body: questionInput.omit({ scope: true }).extend({ expectedVersion: z.number().int().min(1) }),
      },
      response: { schema: questionSchema },
    },
    reviewQuestion: {
      method: 'POST',
      path: '/questions/{questionId}/review',
      permission: 'exam.review',
      summary: 'Approve or return a question (never one’s own)',
      tags,
      request: {
        params: questionParams,
        body: z
          .object({
            expectedVersion: z.number().int().min(1),
            decision: z.enum(['approve', 'return']),
            note: z.string().trim().min(3).max(1000).optional(),
          })
          .refine((b) => b.decision === 'approve' || b.note, {
            message: 'Say why the question is returned',
            path: ['note'],
          }),
      },
      response: { schema: questionSchema },
    },
    createPaper: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/exam-papers',
      permission: 'exam.author',
      summary: 'Build an exam paper from a blueprint (topic × cognitive level counts) into N variants',
      tags,
      request: {
        params: unitParams,
        body: z.object({
          title: z.string().trim().min(1).max(200),
          subject,
          grade,
          blueprint: z.array(blueprintCell).min(1).max(60),
          variants: z.number().int().min(1).max(48),
          seed: z.string().max(64).optional(),
        }),
      },
      response: { status: 201, schema: paperSchema },
    },
    createSession: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/exam-sessions',
      permission: 'exam.manage',
      summary:
        'Set up an exam session: paper, time window, duration, late-entry cut-off, pass mark, candidates',
      tags,
      request: {
        params: unitParams,
        body: z.object({
          paperId: z.uuid(),
          title: z.string().trim().min(1).max(200),
          opensAt: isoTime,
          closesAt: isoTime,
          lateEntryUntil: isoTime.optional(),
          durationMinutes: z.number().int().min(1).max(600),
          passMark: z.number().min(0),
          resultsReleaseAt: isoTime.optional(),
          candidates: z.array(z.string().min(1).max(128)).min(1).max(2000),
        }),
      },
      response: { status: 201, schema: sessionSchema },
    },
    getSession: {
      method: 'GET',
      path: '/exam-sessions/{sessionId}',
      permission: 'exam.manage',
      summary: 'An exam session as its organisers see it',
      tags,
      request: { params: sessionParams },
      response: { schema: sessionSchema },
    },
    listMySessions: {
      method: 'GET',
      path: '/me/exam-sessions',
      permission: 'exam.take',
      summary: 'The exams I am a candidate of',
      tags,
      response: {
        schema: z.object({
          items: z.array(z.object({ sessionId: z.string(), title: z.string(), opensAt: z.string() })),
        }),
      },
    },
    startAttempt: {
      method: 'POST',
      path: '/exam-sessions/{sessionId}/attempt',
      permission: 'exam.take',
      summary:
        'Start my attempt by the server’s clock, or resume it (on another device, which then takes over the attempt)',
      tags,
      request: { params: sessionParams, body: z.object({ deviceId }) },
      response: { schema: attemptView },
    },
    getAttempt: {
      method: 'GET',
      path: '/exam-sessions/{sessionId}/attempt',
      permission: 'exam.take',
      summary:
        'My attempt: deadline, the paper’s link, my order, my saved answers (and my result once released)',
      tags,
      request: { params: sessionParams },
      response: { schema: attemptView },
    },
    saveAnswers: {
      method: 'PUT',
      path: '/exam-sessions/{sessionId}/attempt/answers',
      permission: 'exam.take',
      summary:
        'Autosave: idempotent and sequence-numbered; per question the highest sequence wins; refused after the deadline',
      tags,
      request: {
        params: sessionParams,
        body: z.object({
          deviceId,
          seq: z.number().int().min(1),
          answers: z
            .record(z.string().max(64), answerSchema)
            .refine((a) => Object.keys(a).length <= 200, 'At most 200 answers'),
        }),
      },
      response: {
        schema: z.object({ accepted: z.array(z.string()), stale: z.array(z.string()), revision: z.number() }),
      },
    },
    submitAttempt: {
      method: 'POST',
      path: '/exam-sessions/{sessionId}/attempt/submit',
      permission: 'exam.take',
      summary: 'Submit my attempt (idempotent); grading follows',
      tags,
      request: { params: sessionParams },
      response: { schema: attemptView },
    },
    getPaper: {
      method: 'GET',
      path: '/exam-papers/{paperId}',
      permission: 'exam.author',
      summary: 'An exam paper: its blueprint and the questions (and versions) of each variant',
      tags,
      request: { params: z.object({ paperId: z.uuid() }) },
      response: { schema: paperSchema },
    },
  },
  queues: {
    [GRADING_QUEUE]: {
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: 5,
      description: 'Submitted attempts waiting to be graded',
    },
  },
  workers: {
    'grade-attempts': {
      file: 'grade-attempts',
      description: 'Grades submitted attempts (objective questions; essays go to markers)',
      trigger: { kind: 'queue', queue: GRADING_QUEUE, batchSize: 10 },
      timeoutSeconds: 60,
    },
    'submit-due-attempts': {
      file: 'submit-due-attempts',
      description: 'Submits the attempts whose time is up, with the answers last saved',
      trigger: { kind: 'schedule', expression: 'rate(1 minute)', description: 'Every minute' },
      timeoutSeconds: 55,
    },
  },
});
