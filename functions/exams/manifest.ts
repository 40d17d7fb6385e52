/**
 * Online exams (seed 004 tasks 10 and 12): the question bank with review and versions, and exam
 * papers built from a blueprint into pre-built variants. Sessions, attempts and grading follow.
 */
import * as z from 'zod';
import { defineContext } from '#shared/manifest.ts';
import { COGNITIVE_LEVELS, questionBody } from './domain/questions.ts';
import { QUESTION_SCOPES, QUESTION_STATUSES } from './entities.ts';

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
});
