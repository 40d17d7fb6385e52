/**
 * Online exams (seed 004 tasks 10 and 12): the question bank (review, versions, spreadsheets),
 * papers built from a blueprint into pre-built variants, sessions (rooms, supervisors, access
 * code, attempts), the candidate's attempt, grading, essay marking, results and statistics.
 */
import * as z from 'zod';
import { EXAM_ATTEMPT_GRADED } from '#shared/events/exam-attempt-graded.ts';
import { jobSchema, sheetErrorSchema } from '#shared/jobs/schema.ts';
import { defineContext } from '#shared/manifest.ts';
import { uploadLinkSchema } from '#shared/storage/upload-link.ts';
import { codedIssue } from '#shared/text/issues.ts';
import { GRADER_CONCURRENCY } from './domain/capacity-plan.ts';
import { answerSchema, COGNITIVE_LEVELS, questionBody } from './domain/questions.ts';
import { examsText } from './domain/texts.ts';
import { QUESTION_SCOPES, QUESTION_STATUSES } from './entities.ts';
import { MEDIA_TYPES, type MediaType } from './media.ts';
import {
  GRADING_QUEUE,
  QUESTION_EXPORTS_QUEUE,
  QUESTION_IMPORT_PREFIX,
  QUESTION_IMPORTS_QUEUE,
  REGRADING_QUEUE,
  STATISTICS_QUEUE,
} from './messages.ts';

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
const accountId = z.string().min(1).max(128);
const page = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
};
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
    attemptsAllowed: z.number(),
    hasAccessCode: z.boolean(),
    rooms: z.array(z.object({ name: z.string(), supervisors: z.array(z.string()) })).optional(),
    markers: z.array(z.string()).optional(),
    doubleMarking: z.boolean(),
    markingTolerance: z.number(),
    practice: z.boolean().optional(),
    reviewAfterSubmit: z.boolean().optional(),
    /** A course's end-of-module test: learners join the roll as they start it. */
    openRoll: z.boolean().optional(),
    /** Learners of the chosen classes without an account of their own: not on the roll. */
    learnersWithoutAccount: z.number().optional(),
    /** The names of the supervisors and markers, by account. */
    names: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'ExamSession' });

const rollLine = z
  .object({
    accountId: z.string(),
    fullName: z.string(),
    schoolId: z.string(),
    communeId: z.string(),
    room: z.string(),
    state: z.enum(['not-started', 'in-progress', 'submitted', 'graded']),
    attemptNo: z.number().optional(),
    points: z.number().optional(),
    pendingScripts: z.number().optional(),
    passed: z.boolean().optional(),
  })
  .meta({ id: 'ExamRollLine' });

const scriptView = z
  .object({
    scriptId: z.string(),
    questionId: z.string(),
    text: z.string(),
    criteria: z.array(z.object({ criterion: z.string(), points: z.number() })),
    state: z.enum(['open', 'disputed', 'done']),
    requiredMarks: z.number(),
    marksGiven: z.number(),
    markedByMe: z.boolean(),
    marks: z
      .array(
        z.object({ points: z.number(), criterionPoints: z.array(z.number()), chief: z.boolean().optional() }),
      )
      .optional(),
    finalPoints: z.number().optional(),
  })
  .meta({ id: 'EssayScript' });

const statisticsView = z
  .object({
    status: z.enum(['none', 'pending', 'ready', 'failed']),
    requestedAt: z.string().optional(),
    computedAt: z.string().optional(),
    figures: z.unknown().optional(),
    workbookUrl: z.string().optional(),
    /** Why it failed, in the caller's language. */
    error: z.string().optional(),
    /** The failure's code in the message catalogue, with its parameters. */
    errorCode: z.string().optional(),
    errorParams: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'ExamStatistics' });

const questionSheetSchema = jobSchema('jobId')
  .extend({
    kind: z.enum(['import', 'export']),
    subject: z.string().optional(),
    grade: z.number().optional(),
    rows: z.number().optional(),
    created: z.number().optional(),
    duplicates: z.number().optional(),
    failed: z.number().optional(),
    errors: z.array(sheetErrorSchema),
  })
  .meta({ id: 'QuestionSheetJob' });

const paperSummary = z.object({
  paperId: z.string(),
  ownerUnitId: z.string(),
  title: z.string(),
  subject: z.string(),
  grade: z.number(),
  maxPoints: z.number(),
  keyVersion: z.number().optional(),
  createdAt: z.string(),
});

const attemptView = z
  .object({
    sessionId: z.string(),
    title: z.string(),
    status: z.enum(['in-progress', 'submitted', 'graded']),
    attemptNo: z.number(),
    attemptsAllowed: z.number(),
    startedAt: z.string(),
    deadline: z.string(),
    serverTime: z.string(),
    deviceId: z.string(),
    paperUrl: z.string(),
    order: z.array(z.object({ questionId: z.string(), optionOrder: z.array(z.string()).optional() })),
    /** Short-lived links to the paper's images and sounds, by their key in the paper. */
    media: z.record(z.string(), z.string()),
    answers: z.record(z.string(), z.object({ answer: z.unknown(), seq: z.number() })),
    /** Graded, and the result waits for essay marking or for its release time. */
    awaiting: z.enum(['marking', 'release']).optional(),
    points: z.number().optional(),
    maxPoints: z.number().optional(),
    passed: z.boolean().optional(),
    questionPoints: z.record(z.string(), z.number()).optional(),
  })
  .meta({ id: 'Attempt' });

export const examsManifest = defineContext({
  name: 'exams',
  description: 'Question bank, exam papers, sessions, attempts, grading and results',
  api: {
    access: {
      table: 'readwrite',
      buckets: [
        { bucket: 'materials', prefix: 'exams/papers/', access: 'readwrite' },
        { bucket: 'materials', prefix: 'exams/keys/', access: 'readwrite' },
        { bucket: 'materials', prefix: 'exams/media/', access: 'readwrite' },
        { bucket: 'documents', prefix: 'imports/questions/', access: 'write' },
        { bucket: 'reports', prefix: 'exports/questions/', access: 'read' },
        { bucket: 'reports', prefix: 'exams/', access: 'read' },
      ],
      sendsTo: ['exam-grading', 'exam-regrading', 'exam-statistics', 'exam-question-exports'],
    },
  },
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
            ...codedIssue(examsText('return-note')),
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
          attemptsAllowed: z.number().int().min(1).max(10).optional(),
          accessCode: z
            .string()
            .regex(/^[A-Za-z0-9]{4,16}$/, '4–16 letters or digits')
            .optional(),
          rooms: z
            .array(
              z.object({
                name: z.string().trim().min(1).max(40),
                supervisors: z.array(accountId).max(10).default([]),
              }),
            )
            .max(2000)
            .optional(),
          markers: z.array(accountId).max(500).optional(),
          doubleMarking: z.boolean().optional(),
          markingTolerance: z.number().min(0).max(10).optional(),
          /** Accounts one by one (e.g. pasted from a list) and whole schools' students. */
          candidates: z.array(accountId).max(20_000).optional(),
          schools: z.array(orgUnitId).max(200).optional(),
          /** Classes of the education database: their learners' own accounts. */
          classes: z.array(z.string().min(1).max(64)).max(200).optional(),
          /** A practice session; with `reviewAfterSubmit`, candidates see the keys after submitting. */
          practice: z.boolean().optional(),
          reviewAfterSubmit: z.boolean().optional(),
          /**
           * A course's end-of-module test: no candidates now; each learner of a module that names
           * it joins the roll when they start the test from the course.
           */
          openRoll: z.boolean().optional(),
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
          items: z.array(
            z.object({
              sessionId: z.string(),
              title: z.string(),
              opensAt: z.string(),
              state: z.enum(['not-started', 'in-progress', 'submitted', 'graded']),
            }),
          ),
        }),
      },
    },
    listLearnerExams: {
      method: 'GET',
      path: '/learners/{recordId}/exams',
      permission: 'learner.read',
      signIn: 'any',
      summary:
        'A learner’s exams, newest first, as they and their linked guardians see them: the state, and the result once released to candidates',
      tags,
      request: { params: z.object({ recordId: z.uuid() }), query: z.object(page) },
      response: {
        schema: z.object({
          items: z.array(
            z
              .object({
                sessionId: z.string(),
                title: z.string(),
                opensAt: z.string(),
                closesAt: z.string(),
                durationMinutes: z.number(),
                state: z.enum(['not-started', 'in-progress', 'submitted', 'graded']),
                /** Graded, and the result waits for essay marking or for its release time. */
                awaiting: z.enum(['marking', 'release']).optional(),
                result: z
                  .object({ points: z.number(), maxPoints: z.number(), passed: z.boolean() })
                  .optional(),
              })
              .meta({ id: 'LearnerExam' }),
          ),
          nextCursor: z.string().optional(),
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
      request: {
        params: sessionParams,
        body: z.object({
          deviceId,
          accessCode: z.string().max(16).optional(),
          /** Start the next attempt when the session allows more than one. */
          newAttempt: z.boolean().optional(),
        }),
      },
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
    getExamBriefing: {
      method: 'GET',
      path: '/exam-sessions/{sessionId}/briefing',
      permission: 'exam.take',
      summary:
        'What I read before starting: title, duration, number of questions, late entry, attempts, and whether I may review',
      tags,
      request: { params: sessionParams },
      response: {
        schema: z
          .object({
            sessionId: z.string(),
            title: z.string(),
            opensAt: z.string(),
            closesAt: z.string(),
            lateEntryUntil: z.string(),
            durationMinutes: z.number(),
            questionCount: z.number(),
            maxPoints: z.number(),
            passMark: z.number(),
            attemptsAllowed: z.number(),
            attemptsUsed: z.number(),
            hasAccessCode: z.boolean(),
            practice: z.boolean(),
            reviewAfterSubmit: z.boolean(),
            /** A course's end-of-module test (passed once, it is not taken again). */
            courseTest: z.boolean(),
            serverTime: z.string(),
          })
          .meta({ id: 'ExamBriefing' }),
      },
    },
    reviewAttempt: {
      method: 'GET',
      path: '/exam-sessions/{sessionId}/attempt/review',
      permission: 'exam.take',
      summary:
        'My submitted practice attempt with the keys and explanations, when the session allows it (never an official exam)',
      tags,
      request: { params: sessionParams },
      response: {
        schema: z
          .object({
            sessionId: z.string(),
            attemptNo: z.number(),
            questions: z.record(
              z.string(),
              z.object({
                /** The question's key: correct, accepted and tolerance, or the rubric. */
                key: z.record(z.string(), z.unknown()),
                explanation: z.string().optional(),
                earned: z.number().optional(),
              }),
            ),
          })
          .meta({ id: 'ExamReview' }),
      },
    },
    listBankShelves: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/question-shelves',
      permission: 'exam.author',
      summary:
        'The subjects and grades a unit’s bank holds questions of, with how many (and how many approved)',
      tags,
      request: { params: unitParams },
      response: {
        schema: z.object({
          items: z.array(
            z.object({ subject: z.string(), grade: z.number(), questions: z.number(), approved: z.number() }),
          ),
        }),
      },
    },
    listQuestionTopics: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/question-topics',
      permission: 'exam.author',
      summary:
        'The topics a paper of the unit may draw on for a subject and grade, with approved questions per cognitive level',
      tags,
      request: { params: unitParams, query: z.object({ subject, grade }) },
      response: {
        schema: z.object({
          items: z.array(
            z.object({
              topic: z.string(),
              levels: z.record(z.enum(COGNITIVE_LEVELS), z.number()),
              total: z.number(),
            }),
          ),
        }),
      },
    },
    listExamClasses: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/exam-classes',
      permission: 'edudata.read',
      summary: 'A school’s classes (education database) with their learners, to choose exam candidates from',
      tags,
      request: { params: unitParams },
      response: {
        schema: z.object({
          items: z.array(
            z.object({
              classId: z.string(),
              name: z.string(),
              grade: z.number(),
              schoolYear: z.string(),
              learners: z.number(),
            }),
          ),
        }),
      },
    },
    searchExamPeople: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/exam-people/search',
      permission: 'exam.manage',
      summary:
        'People with an account at a unit whose name has every word given (with or without accents): candidates, supervisors, markers',
      tags,
      request: {
        params: unitParams,
        body: z.object({ words: z.string().trim().min(1).max(100) }),
      },
      response: {
        schema: z.object({ items: z.array(z.object({ accountId: z.string(), fullName: z.string() })) }),
      },
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
    requestQuestionMedia: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/question-media',
      permission: 'exam.author',
      summary:
        'A link to upload an image or a sound for a question (up to 10 MB; checked when the question is saved)',
      tags,
      request: {
        params: unitParams,
        body: z.object({ contentType: z.enum(Object.keys(MEDIA_TYPES) as [MediaType, ...MediaType[]]) }),
      },
      response: {
        status: 201,
        schema: z.object({
          key: z.string(),
          maxBytes: z.number(),
          upload: uploadLinkSchema,
        }),
      },
    },
    shareQuestion: {
      method: 'POST',
      path: '/questions/{questionId}/share',
      permission: 'exam.author',
      summary:
        'Share a question: a personal one with its school’s bank, a school’s with the Department’s (a copy, reviewed there)',
      tags,
      request: {
        params: questionParams,
        body: z.object({ to: z.enum(['school', 'department']), expectedVersion: z.number().int().min(1) }),
      },
      response: { schema: questionSchema },
    },
    requestQuestionImport: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/question-imports',
      permission: 'exam.author',
      summary: 'Import questions from a spreadsheet: answers with a link to upload the XLSX to',
      tags,
      request: { params: unitParams },
      response: { status: 201, schema: questionSheetSchema },
    },
    requestQuestionExport: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/question-exports',
      permission: 'exam.author',
      summary:
        'Export a bank’s questions for a subject and grade to XLSX (the import layout); a worker writes it',
      tags,
      request: { params: unitParams, body: z.object({ subject, grade }) },
      response: { status: 202, schema: questionSheetSchema },
    },
    getQuestionSheet: {
      method: 'GET',
      path: '/question-sheets/{jobId}',
      permission: 'exam.author',
      summary: 'How a question import or export went: counts, the rows that failed by cell, the file’s link',
      tags,
      request: { params: z.object({ jobId: z.uuid() }) },
      response: { schema: questionSheetSchema },
    },
    listPapers: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/exam-papers',
      permission: 'exam.author',
      summary: 'The exam bank: a unit’s papers, newest first',
      tags,
      request: { params: unitParams, query: z.object(page) },
      response: { schema: z.object({ items: z.array(paperSummary), nextCursor: z.string().optional() }) },
    },
    correctKey: {
      method: 'POST',
      path: '/exam-papers/{paperId}/key-corrections',
      permission: 'exam.review',
      summary:
        'Correct one question’s key on a paper: a new key version; every attempt of its sessions is graded again',
      tags,
      request: {
        params: z.object({ paperId: z.uuid() }),
        body: z.object({
          questionId: z.uuid(),
          question: questionBody,
          note: z.string().trim().min(3).max(1000),
        }),
      },
      response: { schema: paperSchema },
    },
    listSessions: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/exam-sessions',
      permission: 'exam.manage',
      summary: 'A unit’s exam sessions, newest first',
      tags,
      request: { params: unitParams, query: z.object(page) },
      response: { schema: z.object({ items: z.array(sessionSchema), nextCursor: z.string().optional() }) },
    },
    listRoll: {
      method: 'GET',
      path: '/exam-sessions/{sessionId}/candidates',
      permission: 'exam.manage',
      summary:
        'The roll with each candidate’s progress: the whole session (organisers), one school (its leaders, with results) or one room (its supervisors)',
      tags,
      request: {
        params: sessionParams,
        query: z.object({ ...page, school: orgUnitId.optional(), room: z.string().max(40).optional() }),
      },
      response: {
        schema: z.object({
          items: z.array(rollLine),
          withResults: z.boolean(),
          nextCursor: z.string().optional(),
        }),
      },
    },
    releaseResults: {
      method: 'POST',
      path: '/exam-sessions/{sessionId}/release',
      permission: 'exam.manage',
      summary: 'Release the results to candidates now',
      tags,
      request: { params: sessionParams },
      response: { schema: sessionSchema },
    },
    requestStatistics: {
      method: 'POST',
      path: '/exam-sessions/{sessionId}/statistics',
      permission: 'exam.results',
      summary:
        'Compute the session’s statistics and results workbook (distribution, by school and commune, item analysis)',
      tags,
      request: { params: sessionParams },
      response: { status: 202, schema: statisticsView },
    },
    getStatistics: {
      method: 'GET',
      path: '/exam-sessions/{sessionId}/statistics',
      permission: 'exam.results',
      summary: 'The session’s statistics as last computed, with a link to the results workbook',
      tags,
      request: { params: sessionParams },
      response: { schema: statisticsView },
    },
    listScripts: {
      method: 'GET',
      path: '/exam-sessions/{sessionId}/scripts',
      permission: 'exam.mark',
      summary: 'The essay marking queue: scripts by state and question, anonymous',
      tags,
      request: {
        params: sessionParams,
        query: z.object({
          ...page,
          state: z.enum(['open', 'disputed', 'done']).default('open'),
          questionId: z.uuid().optional(),
        }),
      },
      response: { schema: z.object({ items: z.array(scriptView), nextCursor: z.string().optional() }) },
    },
    markScript: {
      method: 'POST',
      path: '/exam-sessions/{sessionId}/scripts/{scriptId}/marks',
      permission: 'exam.mark',
      summary:
        'Mark an essay by its rubric (quarter points per criterion); with double marking, the chief marker settles a dispute',
      tags,
      request: {
        params: sessionParams.extend({ scriptId: z.string().regex(/^[\w-]{22}$/, 'A script id') }),
        body: z.object({ criterionPoints: z.array(z.number().min(0).max(100)).min(1).max(20) }),
      },
      response: { schema: scriptView },
    },
  },
  queues: {
    [GRADING_QUEUE]: {
      visibilityTimeoutSeconds: 360,
      maxReceiveCount: 5,
      description:
        'Submitted attempts waiting to be graded, and graded ones to grade again by a corrected key',
    },
    [REGRADING_QUEUE]: {
      visibilityTimeoutSeconds: 5400,
      maxReceiveCount: 3,
      description: 'Papers whose key was corrected: their attempts are queued for grading again',
    },
    [QUESTION_IMPORTS_QUEUE]: {
      visibilityTimeoutSeconds: 1800,
      maxReceiveCount: 3,
      description: 'Question sheets uploaded for import (announced by S3)',
      objectCreated: { bucket: 'documents', prefix: QUESTION_IMPORT_PREFIX },
    },
    [QUESTION_EXPORTS_QUEUE]: {
      visibilityTimeoutSeconds: 1800,
      maxReceiveCount: 3,
      description: 'Question sheets to write',
    },
    [STATISTICS_QUEUE]: {
      visibilityTimeoutSeconds: 1800,
      maxReceiveCount: 3,
      description: 'Sessions whose statistics and results workbook are to be computed',
    },
  },
  workers: {
    'grade-attempts': {
      file: 'grade-attempts',
      description: 'Grades submitted attempts (objective questions; essays go to markers)',
      // The end storm waits in the queue; grading runs at the pace the capacity plan counts on.
      trigger: { kind: 'queue', queue: GRADING_QUEUE, batchSize: 10, maxConcurrency: GRADER_CONCURRENCY },
      timeoutSeconds: 60,
      access: {
        table: 'readwrite',
        buckets: [{ bucket: 'materials', prefix: 'exams/keys/', access: 'read' }],
        // A course's test graded is announced (the course records the pass).
        publishes: [EXAM_ATTEMPT_GRADED],
      },
    },
    'import-question-sheet': {
      file: 'import-question-sheet',
      description: 'Creates a bank’s questions from an uploaded sheet; bad rows reported by cell',
      trigger: { kind: 'queue', queue: QUESTION_IMPORTS_QUEUE, batchSize: 1 },
      timeoutSeconds: 300,
      memoryMb: 1024,
      access: {
        table: 'readwrite',
        buckets: [{ bucket: 'documents', prefix: 'imports/questions/', access: 'read' }],
      },
    },
    'export-question-sheet': {
      file: 'export-question-sheet',
      description: 'Writes a bank’s questions to XLSX in the import layout',
      trigger: { kind: 'queue', queue: QUESTION_EXPORTS_QUEUE, batchSize: 1 },
      timeoutSeconds: 300,
      memoryMb: 1024,
      access: {
        table: 'readwrite',
        buckets: [{ bucket: 'reports', prefix: 'exports/questions/', access: 'write' }],
      },
    },
    'regrade-paper': {
      file: 'regrade-paper',
      description: 'Queues every attempt of a paper’s sessions for grading by a corrected key',
      trigger: { kind: 'queue', queue: REGRADING_QUEUE, batchSize: 1 },
      timeoutSeconds: 900,
      access: { table: 'read', sendsTo: ['exam-grading'] },
    },
    'compute-statistics': {
      file: 'compute-statistics',
      description: 'Computes a session’s statistics and writes the results workbook',
      trigger: { kind: 'queue', queue: STATISTICS_QUEUE, batchSize: 1 },
      timeoutSeconds: 300,
      memoryMb: 1024,
      access: {
        table: 'readwrite',
        buckets: [
          { bucket: 'materials', prefix: 'exams/papers/', access: 'read' },
          { bucket: 'materials', prefix: 'exams/keys/', access: 'read' },
          { bucket: 'reports', prefix: 'exams/', access: 'write' },
        ],
      },
    },
    'submit-due-attempts': {
      file: 'submit-due-attempts',
      description: 'Submits the attempts whose time is up, with the answers last saved',
      trigger: { kind: 'schedule', expression: 'rate(1 minute)', description: 'Every minute' },
      timeoutSeconds: 55,
      access: { table: 'readwrite', sendsTo: ['exam-grading'] },
    },
  },
});
