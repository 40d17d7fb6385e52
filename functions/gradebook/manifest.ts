/**
 * Grade books (sổ điểm) and digital transcripts (học bạ số): seed 004 task 1, issue 22. The
 * assessment rules the grade book computes with (domain/rules.ts), the subjects of each grade
 * (domain/subjects.ts), and a class's books: read by the subject's teacher, the homeroom teacher
 * and the school's leaders; entered by the subject's teacher alone, cell by cell; locked by the
 * school's leaders (docs/gradebook.md).
 */
import * as z from 'zod';
import { jobSchema } from '#shared/jobs/schema.ts';
import { defineContext, taskPlaceholder } from '#shared/manifest.ts';
import { catchTo, TASK_RETRY } from '#shared/workflow/states.ts';
import {
  COMPLETIONS,
  PRIMARY_OUTCOMES,
  QUALITY_GROUPS,
  QUALITY_RATINGS,
  SUBJECT_RATINGS,
} from './domain/rules.ts';
import { ASSESSMENTS } from './domain/subjects.ts';
import { RESULT_RUNS_STATE_MACHINE, TRANSCRIPT_PREFIX, TRANSCRIPTS_QUEUE } from './messages.ts';

const level = z.enum(['T', 'K', 'D', 'CD']);

export const gradingRulesSchema = z
  .object({
    grade: z.number(),
    schoolYear: z.number(),
    /** The rule set's id and the circular it implements. */
    ruleSet: z.object({ id: z.string(), circular: z.string(), level: z.enum(['primary', 'secondary']) }),
    subjects: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        periodsPerYear: z.number(),
        assessment: z.enum(ASSESSMENTS),
        elective: z.boolean().optional(),
        /** Scored subjects: regular scores a semester (by periods a year). */
        regularScores: z.number().optional(),
        /** Primary: does the subject take the periodic tests? */
        periodicTest: z.boolean().optional(),
      }),
    ),
    /** Secondary: the semester average's weights and the learning levels' bars, best first. */
    weights: z.object({ regular: z.number(), midTerm: z.number(), endTerm: z.number() }).optional(),
    levels: z
      .array(
        z.object({
          level,
          failedCommentSubjects: z.number(),
          floor: z.number(),
          atLeast: z.object({ count: z.number(), min: z.number() }),
        }),
      )
      .optional(),
    promotion: z.object({ minConduct: level, minLearning: level, maxAbsentHalfDays: z.number() }).optional(),
  })
  .meta({ id: 'GradingRules' });

const classParams = z.object({ classId: z.uuid() });
const bookParams = classParams.extend({
  subject: z.string().regex(/^[A-Z0-9_]{2,40}$/),
  semester: z.coerce.number().int().min(1).max(2),
});
const score = z.number().min(0).max(10);
const cells = z.object({
  regular: z.array(score.nullable()),
  midTerm: score.optional(),
  endTerm: score.optional(),
  pass: z.enum(['D', 'CD']).optional(),
  rating: z.enum(['HTT', 'HT', 'CHT']).optional(),
  test: score.optional(),
  comment: z.string().optional(),
});
const row = z.object({
  learnerId: z.string(),
  fullName: z.string(),
  cells,
  /** The semester average once every score is in (scored subjects). */
  average: score.optional(),
  complete: z.boolean(),
  /** Name it when entering this row's cells (0: nothing entered yet). */
  version: z.number(),
});
const bookSummary = z.object({
  subject: z.string(),
  subjectName: z.string(),
  assessment: z.enum(ASSESSMENTS),
  semester: z.number(),
  teacherName: z.string().optional(),
  locked: z.boolean(),
  lockedAt: z.string().optional(),
  lockedByName: z.string().optional(),
  /** The caller may enter its scores now (the subject's teacher, the book open). */
  mayEnter: z.boolean(),
  /** The caller may lock it now (a school leader, the book open). */
  mayLock: z.boolean(),
});
const classSummary = z.object({
  classId: z.string(),
  name: z.string(),
  grade: z.number(),
  schoolYear: z.string(),
});
const ruleSetSummary = z.object({ id: z.string(), circular: z.string() });
export const gradeBookSchema = bookSummary
  .extend({
    class: classSummary,
    ruleSet: ruleSetSummary,
    /** The grid's columns in order: `regular.0`…, `midTerm`, `endTerm`, `pass`, `rating`, `test`, `comment`. */
    columns: z.array(z.string()),
    rows: z.array(row),
  })
  .meta({ id: 'GradeBook' });

export const scoreChangeSchema = z
  .object({
    requestId: z.string(),
    classId: z.string(),
    className: z.string(),
    subject: z.string(),
    subjectName: z.string(),
    semester: z.number(),
    learnerId: z.string(),
    fullName: z.string(),
    field: z.string(),
    /** The cell when asked, as the grid shows it ("8,5", "Đ", "HTT"; empty when it was empty). */
    before: z.string(),
    value: z.string(),
    reason: z.string(),
    state: z.enum(['pending', 'approved', 'rejected']),
    requestedByName: z.string(),
    requestedAt: z.string(),
    decidedByName: z.string().optional(),
    decidedAt: z.string().optional(),
    note: z.string().optional(),
  })
  .meta({ id: 'ScoreChange' });

const semesterParams = classParams.extend({ semester: z.coerce.number().int().min(1).max(2) });
const qualityRating = z.enum(QUALITY_RATINGS);
const qualityList = z.array(
  z.object({
    code: z.string(),
    name: z.string(),
    group: z.enum(QUALITY_GROUPS),
    fromGrade: z.number().optional(),
  }),
);
const homeroomRow = z.object({
  learnerId: z.string(),
  fullName: z.string(),
  conduct: level.optional(),
  /** Circular 27: quality or competency code → Tốt / Đạt / Cần cố gắng. */
  qualities: z.record(z.string(), qualityRating).optional(),
  absentHalfDays: z.number().optional(),
  comment: z.string().optional(),
  version: z.number(),
});
const cellChanges = z
  .array(
    z.object({
      learnerId: z.string().max(64),
      field: z.string().max(20),
      value: z.string().max(600).nullable(),
      expectedVersion: z.number().int().min(0),
    }),
  )
  .min(1)
  .max(400);

const transcriptState = z.enum(['approved', 'signing', 'signed', 'failed']);
const transcriptCounts = z.record(transcriptState, z.number());
const schoolYearParam = z.string().regex(/^\d{4}-\d{4}$/);
const gradeParam = z.coerce.number().int().min(1).max(12);
const transcriptFileRequest = z.object({
  learnerId: z.string().max(64),
  schoolYear: schoolYearParam,
  format: z.enum(['pdf', 'xml', 'xml.p7s']).default('pdf'),
});
const downloadLink = z.object({ url: z.string(), fileName: z.string() });
/** Pupils left out because their result is not complete: the subjects (codes), `conduct` or `absences` missing. */
const skippedPupils = z.array(
  z.object({ learnerId: z.string(), fullName: z.string(), missing: z.array(z.string()) }),
);
const resultPeriod = z.enum(['1', '2', 'year']);
const lockDeadlineSchema = z.object({
  schoolYear: z.string(),
  semester: z.number(),
  lockOn: z.string(),
  setAt: z.string(),
  /** Once the schedule has locked the books: when, and how many. */
  appliedAt: z.string().optional(),
  lockedBooks: z.number().optional(),
});
const levelCounts = z.record(level, z.number());
const tallyView = z.object({
  /** Learners whose result is complete, and those whose is not yet. */
  learners: z.number(),
  incomplete: z.number(),
  learning: levelCounts,
  conduct: levelCounts,
  honours: z.object({ excellent: z.number(), good: z.number() }),
  outcomes: z.record(z.string(), z.number()),
  subjects: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      /** Scored subjects: learners with an average, the mean (0–10), learners per band. */
      scored: z.number(),
      mean: z.number().optional(),
      /** Below 3.5, 3.5–5, 5–6.5, 6.5–8, 8 and above. */
      bands: z.array(z.number()),
      /** Comment-only subjects: Đạt, Chưa đạt. */
      passed: z.number(),
      failed: z.number(),
    }),
  ),
  /** Primary learners (Circular 27), also counted in `learners` (and Học sinh Xuất sắc in `honours`). */
  primary: z
    .object({
      learners: z.number(),
      /** The year: Hoàn thành xuất sắc, tốt, Hoàn thành, Chưa hoàn thành. */
      achievements: z.record(z.enum(PRIMARY_OUTCOMES), z.number()),
      /** The year: the grade completed, primary school completed, support. */
      completions: z.record(z.enum(COMPLETIONS), z.number()),
      subjects: z.array(
        z.object({
          code: z.string(),
          name: z.string(),
          ratings: z.record(z.enum(SUBJECT_RATINGS), z.number()),
        }),
      ),
      qualities: z.array(
        z.object({
          code: z.string(),
          name: z.string(),
          group: z.enum(QUALITY_GROUPS),
          ratings: z.record(qualityRating, z.number()),
        }),
      ),
    })
    .optional(),
});
const statisticsSchema = z.object({
  schoolYear: z.string(),
  period: resultPeriod,
  total: tallyView,
  /** A school's classes; a commune's schools; the city's communes. */
  parts: z.array(tallyView.extend({ id: z.string(), name: z.string() })),
});
const resultRunSchema = jobSchema('runId')
  .extend({
    schoolYear: z.string(),
    period: resultPeriod,
    totalSchools: z.number().optional(),
    completedSchools: z.number().optional(),
    classes: z.number().optional(),
    submitted: z.number().optional(),
    unchanged: z.number().optional(),
    pending: z.number().optional(),
    rejected: z.number().optional(),
    skipped: z.number().optional(),
    openClasses: z.number().optional(),
  })
  .meta({ id: 'ResultRun' });
const classTranscriptsSchema = z.object({
  schoolYear: z.string(),
  items: z.array(
    z.object({
      learnerId: z.string(),
      fullName: z.string(),
      /** None yet: not approved. */
      state: transcriptState.optional(),
      code: z.string().optional(),
      approvedAt: z.string().optional(),
      signedAt: z.string().optional(),
      principalName: z.string().optional(),
      /** Why it was not made, in the caller's language. */
      error: z.string().optional(),
    }),
  ),
});

export const gradebookManifest = defineContext({
  name: 'gradebook',
  description: 'Grade books and digital transcripts (học bạ số)',
  // Locking a book releases its scores: the pupils and their guardians are told. The principal's
  // signing of a grade queues its transcripts; a guardian downloads a signed one by a link; a
  // year-end run starts its state machine.
  api: {
    access: {
      table: 'readwrite',
      sendsTo: ['notifications', TRANSCRIPTS_QUEUE],
      starts: [RESULT_RUNS_STATE_MACHINE],
      buckets: [{ bucket: 'documents', prefix: TRANSCRIPT_PREFIX, access: 'read' }],
    },
  },
  routes: {
    getGradingRules: {
      method: 'GET',
      path: '/grading-rules',
      // The circulars are public law: a guardian may read how a level is reached.
      permission: 'public',
      summary:
        'The assessment rules a grade was assessed under in a school year (Circular 22 or 27) and its subjects: how each is assessed, regular scores, the levels’ bars (scores 0–10)',
      tags: ['gradebook'],
      request: {
        query: z.object({
          grade: z.coerce.number().int().min(1).max(12),
          /** The year the school year starts (2025 = 2025–2026). */
          schoolYear: z.coerce.number().int().min(2000).max(2100),
        }),
      },
      response: { schema: gradingRulesSchema },
    },
    listMyGradeBooks: {
      method: 'GET',
      path: '/me/grade-books',
      permission: 'gradebook.read',
      summary:
        'The grade books the caller teaches and the classes they are homeroom teacher of, this school year (through their staff records)',
      tags: ['gradebook'],
      response: {
        schema: z.object({
          items: z.array(
            z.object({
              classId: z.string(),
              className: z.string(),
              grade: z.number(),
              schoolYear: z.string(),
              schoolName: z.string(),
              /** `teacher`: a subject's book (subject, semester); `homeroom`: the whole class. */
              role: z.enum(['teacher', 'homeroom']),
              subject: z.string().optional(),
              subjectName: z.string().optional(),
              semester: z.number().optional(),
              /** A subject's book: locked already (no entry; a change needs a leader's approval). */
              locked: z.boolean().optional(),
            }),
          ),
        }),
      },
    },
    listSchoolGradeBookClasses: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/grade-book-classes',
      permission: 'gradebook.lock',
      summary: 'A school’s classes of its latest school year, for its leaders to open their grade books',
      tags: ['gradebook'],
      request: { params: z.object({ orgUnitId: z.string().max(64) }) },
      response: {
        schema: z.object({
          items: z.array(
            z.object({
              classId: z.string(),
              name: z.string(),
              grade: z.number(),
              schoolYear: z.string(),
              homeroomTeacherName: z.string().optional(),
            }),
          ),
        }),
      },
    },
    listMyScores: {
      method: 'GET',
      path: '/me/scores',
      permission: 'gradebook.own',
      signIn: 'any',
      summary:
        'The released scores of the learners linked to the caller (themself, their children): each locked grade book of their class this year, with their cells and average; nothing before release',
      tags: ['gradebook'],
      response: {
        schema: z.object({
          learners: z.array(
            z.object({
              learnerId: z.string(),
              fullName: z.string(),
              relation: z.enum(['self', 'guardian']),
              className: z.string(),
              schoolYear: z.string(),
              books: z.array(
                z.object({
                  subject: z.string(),
                  subjectName: z.string(),
                  semester: z.number(),
                  releasedAt: z.string(),
                  cells,
                  average: score.optional(),
                }),
              ),
            }),
          ),
        }),
      },
    },
    listClassGradeBooks: {
      method: 'GET',
      path: '/classes/{classId}/grade-books',
      permission: 'gradebook.read',
      summary:
        'A class’s grade books the caller may read (a subject’s teacher: theirs; the homeroom teacher and school leaders: all), per subject and semester, with who teaches it and whether it is locked',
      tags: ['gradebook'],
      request: { params: classParams },
      response: {
        schema: z.object({
          class: classSummary,
          ruleSet: ruleSetSummary,
          /** The school's lock deadline of each semester of the class's year, when set. */
          deadlines: z.array(z.object({ semester: z.number(), lockOn: z.string() })),
          items: z.array(bookSummary),
        }),
      },
    },
    getGradeBook: {
      method: 'GET',
      path: '/classes/{classId}/grade-books/{subject}/{semester}',
      permission: 'gradebook.read',
      summary:
        'A grade book: its columns and the class list today with each pupil’s cells, average and row version (scores 0–10 with one decimal)',
      tags: ['gradebook'],
      request: { params: bookParams },
      response: { schema: gradeBookSchema },
    },
    enterScores: {
      method: 'PATCH',
      path: '/classes/{classId}/grade-books/{subject}/{semester}',
      permission: 'gradebook.enter',
      summary:
        'Enter cells as typed ("8,5", "Đ", "HTT", empty to clear), by the subject’s teacher: each refusal on its own cell and nothing written; a row changed meanwhile is a 409; audited old → new',
      tags: ['gradebook'],
      request: {
        params: bookParams,
        body: z.object({ changes: cellChanges }),
      },
      response: { schema: z.object({ rows: z.array(row) }) },
    },
    lockGradeBook: {
      method: 'POST',
      path: '/classes/{classId}/grade-books/{subject}/{semester}/lock',
      permission: 'gradebook.lock',
      summary: 'Lock a grade book (school leaders): no entry after it; audited',
      tags: ['gradebook'],
      request: { params: bookParams },
      response: { schema: bookSummary },
    },
    getHomeroom: {
      method: 'GET',
      path: '/classes/{classId}/homeroom/{semester}',
      permission: 'gradebook.read',
      summary:
        'A class’s semester as its homeroom teacher records it: each pupil’s conduct (Circular 22) or qualities and competencies (Circular 27), half-days absent and comment',
      tags: ['gradebook'],
      request: { params: semesterParams },
      response: {
        schema: z.object({
          class: classSummary,
          semester: z.number(),
          level: z.enum(['primary', 'secondary']),
          /** The row's columns, in the grid's order: `conduct` or `q.<quality code>`, `absentHalfDays`, `comment`. */
          fields: z.array(z.string()),
          /** Circular 27: the qualities and competencies rated (empty under Circular 22). */
          qualities: qualityList,
          /** The school's lock deadline of the semester has come: the rows are locked (`PATCH …/corrections` by a school leader). */
          locked: z.boolean(),
          /** The caller may correct the locked rows (a school leader). */
          mayCorrect: z.boolean(),
          homeroomTeacherName: z.string().optional(),
          mayEnter: z.boolean(),
          rows: z.array(homeroomRow),
        }),
      },
    },
    enterHomeroom: {
      method: 'PATCH',
      path: '/classes/{classId}/homeroom/{semester}',
      permission: 'gradebook.enter',
      summary:
        'Enter conduct (T, K, Đ, CĐ) or, in primary, each quality and competency (T, Đ, CCG), half-days absent and comments as typed, by the homeroom teacher: checked and written like a grade book’s cells',
      tags: ['gradebook'],
      request: { params: semesterParams, body: z.object({ changes: cellChanges }) },
      response: { schema: z.object({ rows: z.array(homeroomRow) }) },
    },
    correctHomeroom: {
      method: 'PATCH',
      path: '/classes/{classId}/homeroom/{semester}/corrections',
      permission: 'gradebook.lock',
      summary:
        'Correct a locked semester’s homeroom rows, by a school leader: checked and written like the homeroom teacher’s cells, audited old → new as a correction after locking',
      tags: ['gradebook'],
      request: { params: semesterParams, body: z.object({ changes: cellChanges }) },
      response: { schema: z.object({ rows: z.array(homeroomRow) }) },
    },
    getClassResults: {
      method: 'GET',
      path: '/classes/{classId}/results',
      permission: 'gradebook.read',
      summary:
        'The class’s results for a semester or the year, computed from its books and the homeroom rows. Circular 22: each subject’s result, the learning level (with the one-subject lift), conduct, and for the year honours and what follows. Circular 27: each subject’s rating and test, the qualities and competencies, and for the year the achievement and what follows. Subjects not complete are named',
      tags: ['gradebook'],
      request: { params: classParams, query: z.object({ period: z.enum(['1', '2', 'year']) }) },
      response: {
        schema: z.object({
          class: classSummary,
          ruleSet: ruleSetSummary.extend({ level: z.enum(['primary', 'secondary']) }),
          period: z.string(),
          subjects: z.array(z.object({ code: z.string(), name: z.string() })),
          /** Circular 27: the qualities and competencies rated. */
          qualities: qualityList.optional(),
          rows: z.array(
            z.object({
              learnerId: z.string(),
              fullName: z.string(),
              /** Subject code → average (0–10), Đạt / Chưa đạt (`D`, `CD`), or in primary HTT / HT / CHT. */
              results: z.record(z.string(), z.union([z.number(), z.enum(['D', 'CD', ...SUBJECT_RATINGS])])),
              /** Primary: subject code → the periodic test (a whole number). */
              tests: z.record(z.string(), z.number()).optional(),
              /** Primary: quality or competency code → rating. */
              qualities: z.record(z.string(), qualityRating).optional(),
              /** Subject codes, or `qualities`, not complete: nothing is decided without them. */
              missing: z.array(z.string()),
              /** Primary, the year: Hoàn thành xuất sắc / tốt / Hoàn thành / Chưa hoàn thành (Art. 9). */
              achievement: z.enum(PRIMARY_OUTCOMES).optional(),
              /** Primary, the year: the grade's programme completed, primary school completed, or support (Art. 11). */
              completion: z.enum(COMPLETIONS).optional(),
              learning: z.object({ level, liftedFor: z.string().optional() }).optional(),
              conduct: level.optional(),
              absentHalfDays: z.number(),
              /** The year's absences are not both recorded: no outcome without them. */
              absencesMissing: z.boolean().optional(),
              honour: z.enum(['excellent', 'good']).optional(),
              outcome: z
                .object({
                  outcome: z.enum(['promoted', 'retest', 'summer-training', 'retest-and-training', 'repeat']),
                  retestSubjects: z.array(z.string()),
                  graduationEligible: z.boolean().optional(),
                })
                .optional(),
            }),
          ),
        }),
      },
    },
    askScoreChange: {
      method: 'POST',
      path: '/classes/{classId}/grade-books/{subject}/{semester}/change-requests',
      permission: 'gradebook.enter',
      summary:
        'Ask to change one cell of a locked grade book (the subject’s teacher), with a reason: checked now, applied when a school leader approves',
      tags: ['gradebook'],
      request: {
        params: bookParams,
        body: z.object({
          learnerId: z.string().max(64),
          field: z.string().max(20),
          value: z.string().max(600),
          reason: z.string().trim().min(1).max(500),
        }),
      },
      response: { status: 201, schema: scoreChangeSchema },
    },
    listScoreChanges: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/grade-book-changes',
      permission: 'gradebook.lock',
      summary:
        'A school’s change requests to locked grade books, by state (pending first in time), with pages',
      tags: ['gradebook'],
      request: {
        params: z.object({ orgUnitId: z.string().max(64) }),
        query: z.object({
          state: z.enum(['pending', 'approved', 'rejected']).default('pending'),
          limit: z.coerce.number().int().min(1).max(100).default(50),
          cursor: z.string().max(2000).optional(),
        }),
      },
      response: {
        schema: z.object({ items: z.array(scoreChangeSchema), nextCursor: z.string().optional() }),
      },
    },
    decideScoreChange: {
      method: 'POST',
      path: '/grade-book-changes/{requestId}/decision',
      permission: 'gradebook.lock',
      summary:
        'Approve (the cell is written, audited old → new) or reject a change request to a locked grade book (school leaders)',
      tags: ['gradebook'],
      request: {
        params: z.object({ requestId: z.uuid() }),
        body: z.object({
          decision: z.enum(['approve', 'reject']),
          note: z.string().trim().max(500).optional(),
        }),
      },
      response: { schema: scoreChangeSchema },
    },
    approveTranscripts: {
      method: 'POST',
      path: '/classes/{classId}/transcripts',
      permission: 'gradebook.enter',
      summary:
        'The homeroom teacher approves the class’s transcripts (học bạ) of the year, once every book is locked: each pupil whose year is decided gets its transcript (replaced while not yet signed); the others are answered with what is missing',
      tags: ['gradebook'],
      request: { params: classParams },
      response: {
        schema: z.object({
          approved: z.array(z.object({ learnerId: z.string(), fullName: z.string(), code: z.string() })),
          skipped: skippedPupils,
          alreadySigned: z.array(z.object({ learnerId: z.string(), fullName: z.string() })),
          /** Changed meanwhile (another approval, the principal's signing): approve again. */
          changed: z.array(z.object({ learnerId: z.string(), fullName: z.string() })),
        }),
      },
    },
    listClassTranscripts: {
      method: 'GET',
      path: '/classes/{classId}/transcripts',
      permission: 'gradebook.read',
      summary: 'The class’s transcripts of the year and their state (the homeroom teacher, school leaders)',
      tags: ['gradebook'],
      request: { params: classParams },
      response: { schema: classTranscriptsSchema },
    },
    downloadClassTranscript: {
      method: 'POST',
      path: '/classes/{classId}/transcripts/download',
      permission: 'gradebook.read',
      summary: 'A link to a pupil’s signed transcript (PDF or XML), valid five minutes',
      tags: ['gradebook'],
      request: { params: classParams, body: transcriptFileRequest.omit({ schoolYear: true }) },
      response: { schema: downloadLink },
    },
    getGradeTranscripts: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/transcripts',
      permission: 'gradebook.lock',
      summary:
        'A grade’s transcripts of a year at a school, counted by class and state (the principal’s screen)',
      tags: ['gradebook'],
      request: {
        params: z.object({ orgUnitId: z.string().max(64) }),
        query: z.object({ schoolYear: schoolYearParam, grade: gradeParam }),
      },
      response: {
        schema: z.object({
          schoolYear: z.string(),
          grade: z.number(),
          counts: transcriptCounts,
          classes: z.array(
            z.object({ classId: z.string(), className: z.string(), counts: transcriptCounts }),
          ),
        }),
      },
    },
    signGradeTranscripts: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/transcripts/signing',
      permission: 'gradebook.lock',
      summary:
        'The principal signs a grade’s approved transcripts in one action: each is signed by the homeroom teacher and the principal and sealed by the school (a worker)',
      tags: ['gradebook'],
      request: {
        params: z.object({ orgUnitId: z.string().max(64) }),
        body: z.object({ schoolYear: schoolYearParam, grade: z.number().int().min(1).max(12) }),
      },
      response: { status: 202, schema: z.object({ queued: z.number() }) },
    },
    listMyTranscripts: {
      method: 'GET',
      path: '/me/transcripts',
      permission: 'gradebook.own',
      signIn: 'any',
      summary: 'The signed transcripts of the learners linked to the caller (themself, their children)',
      tags: ['gradebook'],
      response: {
        schema: z.object({
          learners: z.array(
            z.object({
              learnerId: z.string(),
              fullName: z.string(),
              transcripts: z.array(
                z.object({
                  schoolYear: z.string(),
                  grade: z.number(),
                  className: z.string(),
                  schoolName: z.string(),
                  code: z.string(),
                  signedAt: z.string(),
                }),
              ),
            }),
          ),
        }),
      },
    },
    downloadMyTranscript: {
      method: 'POST',
      path: '/me/transcripts/download',
      permission: 'gradebook.own',
      signIn: 'any',
      summary: 'A link to a linked learner’s signed transcript (PDF or XML), valid five minutes',
      tags: ['gradebook'],
      request: { body: transcriptFileRequest },
      response: { schema: downloadLink },
    },
    submitClassResults: {
      method: 'POST',
      path: '/classes/{classId}/results/submission',
      permission: 'gradebook.enter',
      summary:
        'The homeroom teacher sends the class’s results of a semester or the year to the education database, once the period’s books are locked: submitted for the commune’s approval like any record',
      tags: ['gradebook'],
      request: { params: classParams, body: z.object({ period: resultPeriod }) },
      response: {
        schema: z.object({
          submitted: z.number(),
          unchanged: z.number(),
          /** Waiting for the commune with other figures: sent again once decided. */
          pending: z.number(),
          /** Changed meanwhile by another send: send again. */
          rejected: z.number(),
          elsewhere: z.number(),
          skipped: skippedPupils,
          /** Books of the period still open, as `SUBJECT/semester`: nothing is sent while one is. */
          openBooks: z.array(z.string()),
        }),
      },
    },
    startResultRun: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/result-runs',
      permission: 'edudata.write',
      summary:
        'Send every class’s results of a period under a unit (a school, a commune, the city) to the education database: a state machine, one school at a time in parallel',
      tags: ['gradebook'],
      request: {
        params: z.object({ orgUnitId: z.string().max(64) }),
        body: z.object({ schoolYear: schoolYearParam, period: resultPeriod }),
      },
      response: { status: 202, schema: resultRunSchema },
    },
    getResultRun: {
      method: 'GET',
      path: '/result-runs/{runId}',
      permission: 'edudata.read',
      summary: 'A year-end run: its schools done and its figures',
      tags: ['gradebook'],
      request: { params: z.object({ runId: z.uuid() }) },
      response: { schema: resultRunSchema },
    },
    getUnitResultStatistics: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/result-statistics',
      permission: 'report.read',
      summary:
        'Statistics of learning results of a year and period under a unit (as sent to the education database): levels, conduct, honours, outcomes, each subject’s mean and bands; with the classes, schools or communes under it',
      tags: ['gradebook'],
      request: {
        params: z.object({ orgUnitId: z.string().max(64) }),
        query: z.object({ schoolYear: schoolYearParam, period: resultPeriod }),
      },
      response: {
        schema: statisticsSchema.extend({
          unit: z.object({ orgUnitId: z.string(), name: z.string(), kind: z.string() }),
        }),
      },
    },
    getClassResultStatistics: {
      method: 'GET',
      path: '/classes/{classId}/result-statistics',
      permission: 'gradebook.read',
      summary:
        'Statistics of a class’s results of a period, computed now from its books (the homeroom teacher, school leaders)',
      tags: ['gradebook'],
      request: { params: classParams, query: z.object({ period: resultPeriod }) },
      response: { schema: statisticsSchema },
    },
    setLockDeadline: {
      method: 'PUT',
      path: '/org-units/{orgUnitId}/grade-book-deadlines',
      permission: 'gradebook.lock',
      summary:
        'Set the day a semester’s grade books lock at a school (its leaders): that day, at 00:10, the books still open are locked and the scores released',
      tags: ['gradebook'],
      request: {
        params: z.object({ orgUnitId: z.string().max(64) }),
        body: z.object({
          schoolYear: schoolYearParam,
          semester: z.union([z.literal(1), z.literal(2)]),
          lockOn: z.string().max(10),
        }),
      },
      response: { schema: lockDeadlineSchema },
    },
    listLockDeadlines: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/grade-book-deadlines',
      permission: 'gradebook.lock',
      summary: 'A school’s lock deadlines, by school year and semester, and whether each was applied',
      tags: ['gradebook'],
      request: { params: z.object({ orgUnitId: z.string().max(64) }) },
      response: { schema: z.object({ items: z.array(lockDeadlineSchema) }) },
    },
    listMyScoreChanges: {
      method: 'GET',
      path: '/me/grade-book-changes',
      permission: 'gradebook.read',
      summary:
        'The change requests the caller asked, newest first, with their decisions and notes, with pages',
      tags: ['gradebook'],
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(100).default(50),
          cursor: z.string().max(2000).optional(),
        }),
      },
      response: {
        schema: z.object({ items: z.array(scoreChangeSchema), nextCursor: z.string().optional() }),
      },
    },
  },
  queues: {
    [TRANSCRIPTS_QUEUE]: {
      description: 'Transcripts the principal signed, waiting to be made and sealed (one message each)',
      visibilityTimeoutSeconds: 1800,
      maxReceiveCount: 5,
    },
  },
  stateMachines: {
    [RESULT_RUNS_STATE_MACHINE]: {
      description:
        'Lists the schools under a unit, computes and submits each one’s classes’ results in parallel, adds the figures up',
      definition: {
        Comment: 'Results to the education database: fan out per school, then finish',
        StartAt: 'PrepareRun',
        States: {
          PrepareRun: {
            Type: 'Task',
            Resource: taskPlaceholder('prepare-result-run'),
            Retry: TASK_RETRY,
            Catch: catchTo('MarkFailed'),
            Next: 'Schools',
          },
          Schools: {
            Type: 'Map',
            ItemsPath: '$.schools',
            ItemSelector: { 'runId.$': '$.runId', 'schoolId.$': '$$.Map.Item.Value' },
            // A school's classes read their books and write their results in batches: 16 schools
            // at once keep the table well under a partition's limits (every school is its own).
            MaxConcurrency: 16,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'INLINE' },
              StartAt: 'ComputeSchoolResults',
              States: {
                ComputeSchoolResults: {
                  Type: 'Task',
                  Resource: taskPlaceholder('compute-school-results'),
                  // The worker's own limit (a large school's year), said to the state machine too:
                  // some runners give a task 60 s unless told.
                  TimeoutSeconds: 900,
                  Retry: TASK_RETRY,
                  End: true,
                },
              },
            },
            // The figures are on the run's item; the state keeps only its id.
            ResultPath: null,
            Catch: catchTo('MarkFailed'),
            Next: 'FinishRun',
          },
          FinishRun: {
            Type: 'Task',
            Resource: taskPlaceholder('finish-result-run'),
            Retry: TASK_RETRY,
            Catch: catchTo('MarkFailed'),
            End: true,
          },
          MarkFailed: {
            Type: 'Task',
            Resource: taskPlaceholder('mark-result-run-failed'),
            Retry: TASK_RETRY,
            Next: 'Failed',
          },
          Failed: { Type: 'Fail', Error: 'ResultRunFailed', Cause: 'See the run for the reason' },
        },
      },
    },
  },
  workers: {
    'lock-due-grade-books': {
      file: 'lock-due-grade-books',
      description:
        'Locks the open grade books of every school whose lock deadline has come, and tells the pupils',
      trigger: {
        kind: 'schedule',
        expression: 'cron(10 0 * * ? *)',
        description: 'Every day at 00:10 Hải Phòng time',
      },
      timeoutSeconds: 900,
      access: { table: 'readwrite', sendsTo: ['notifications'] },
    },
    'prepare-result-run': {
      file: 'prepare-result-run',
      description: 'Marks a year-end run running and lists the schools to fan out to',
      trigger: { kind: 'task', stateMachine: RESULT_RUNS_STATE_MACHINE, state: 'PrepareRun' },
      timeoutSeconds: 60,
      access: { table: 'readwrite' },
    },
    'compute-school-results': {
      file: 'compute-school-results',
      description:
        'Computes one school’s classes’ results of the period from their locked books and submits them to the education database',
      trigger: { kind: 'task', stateMachine: RESULT_RUNS_STATE_MACHINE, state: 'ComputeSchoolResults' },
      // A large school (3,000 learners × 12 subjects × 2 semesters of rows) within Lambda's longest.
      timeoutSeconds: 900,
      memoryMb: 1024,
      access: { table: 'readwrite' },
    },
    'finish-result-run': {
      file: 'finish-result-run',
      description: 'Marks a year-end run done',
      trigger: { kind: 'task', stateMachine: RESULT_RUNS_STATE_MACHINE, state: 'FinishRun' },
      access: { table: 'write' },
    },
    'mark-result-run-failed': {
      file: 'mark-result-run-failed',
      description: 'Records why a year-end run failed',
      trigger: { kind: 'task', stateMachine: RESULT_RUNS_STATE_MACHINE, state: 'MarkFailed' },
      access: { table: 'write' },
    },
    'sign-transcript': {
      file: 'sign-transcript',
      description:
        'Makes a transcript: the PDF signed by the homeroom teacher and the principal and sealed by the school (PAdES, incremental), the XML sealed (CAdES), the ministry’s copy',
      trigger: { kind: 'queue', queue: TRANSCRIPTS_QUEUE, batchSize: 1, maxConcurrency: 20 },
      // Four signatures: milliseconds each with KMS, but a remote-signing CA may wait for the
      // signer's confirmation; then the ministry's copy.
      timeoutSeconds: 300,
      memoryMb: 1024,
      bundlePdfFonts: true,
      signs: true,
      access: {
        table: 'readwrite',
        buckets: [{ bucket: 'documents', prefix: TRANSCRIPT_PREFIX, access: 'readwrite' }],
      },
    },
  },
});
