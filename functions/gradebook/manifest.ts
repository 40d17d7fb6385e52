/**
 * Grade books (sổ điểm) and digital transcripts (học bạ số): seed 004 task 1, issue 22. This
 * first part publishes the assessment rules the grade book computes with (domain/rules.ts) and
 * the subjects of each grade (domain/subjects.ts); score entry, locking, computation and signed
 * transcripts build on them (docs/gradebook.md).
 */
import * as z from 'zod';
import { defineContext } from '#shared/manifest.ts';
import { ASSESSMENTS } from './domain/subjects.ts';

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

export const gradebookManifest = defineContext({
  name: 'gradebook',
  description: 'Grade books and digital transcripts (học bạ số)',
  api: { access: {} },
  routes: {
    getGradingRules: {
      method: 'GET',
      path: '/grading-rules',
      // The circulars are public law: a guardian may read how a level is reached.
      permission: 'public',
      summary:
        'The assessment rules a grade was assessed under in a school year (Circular 22 or 27) and its subjects: how each is assessed, regular scores, the levels’ bars (scores in tenths: 65 = 6.5)',
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
  },
});
