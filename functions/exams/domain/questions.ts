/**
 * Question types of the exam system, their answers, and how an answer is scored. The formats
 * follow Vietnam's national upper-secondary exam since 2025: single choice among four options;
 * groups of four true/false statements with partial credit; short numeric answers (written with a
 * decimal comma); plus multiple choice and essays for school and training tests. Scoring
 * parameters are data (`ScoringRules`), with the national values as defaults.
 */
import * as z from 'zod';
import { codedIssue } from '#shared/text/issues.ts';
import type { CodedText } from '#shared/text/texts.ts';
import { examsText } from './texts.ts';

export const COGNITIVE_LEVELS = ['recognition', 'comprehension', 'application', 'high-application'] as const;
export type CognitiveLevel = (typeof COGNITIVE_LEVELS)[number];
/** Nhận biết, thông hiểu, vận dụng, vận dụng cao. */
export const COGNITIVE_LEVEL_LABELS: Record<CognitiveLevel, string> = {
  recognition: 'Nhận biết',
  comprehension: 'Thông hiểu',
  application: 'Vận dụng',
  'high-application': 'Vận dụng cao',
};

const option = z.object({ id: z.string().min(1).max(8), text: z.string().min(1).max(2000) });
const points = z.number().positive().max(100);
/** Why the key is right: shown to a candidate only when a practice session allows reviewing. */
const explanation = z.string().trim().max(5000).optional();

export const questionBody = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('single'),
      options: z.array(option).min(2).max(8),
      correct: z.string(),
      points,
      explanation,
    }),
    z.object({
      type: z.literal('multiple'),
      options: z.array(option).min(2).max(8),
      correct: z.array(z.string()).min(1),
      scoring: z.enum(['all-or-nothing', 'partial']).default('all-or-nothing'),
      points,
      explanation,
    }),
    z.object({
      type: z.literal('true-false-group'),
      statements: z.array(option).length(4),
      correct: z.record(z.string(), z.boolean()),
      points,
      explanation,
    }),
    z.object({
      type: z.literal('short-numeric'),
      accepted: z.array(z.number()).min(1),
      /** Absolute tolerance; 0 for an exact answer. */
      tolerance: z.number().min(0).default(0),
      points,
      explanation,
    }),
    z.object({
      type: z.literal('essay'),
      rubric: z.array(z.object({ criterion: z.string().min(1).max(500), points })).min(1),
      points,
      explanation,
    }),
  ])
  .superRefine((q, ctx) => {
    const ids =
      'options' in q ? q.options.map((o) => o.id) : 'statements' in q ? q.statements.map((s) => s.id) : [];
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: 'custom', path: ['options'], ...codedIssue(examsText('option-ids-differ')) });
    if (q.type === 'single' && !ids.includes(q.correct))
      ctx.addIssue({ code: 'custom', path: ['correct'], ...codedIssue(examsText('key-not-option')) });
    if (q.type === 'multiple' && q.correct.some((c) => !ids.includes(c)))
      ctx.addIssue({ code: 'custom', path: ['correct'], ...codedIssue(examsText('keys-not-options')) });
    if (
      q.type === 'true-false-group' &&
      (Object.keys(q.correct).length !== 4 || ids.some((id) => !(id in q.correct)))
    )
      ctx.addIssue({
        code: 'custom',
        path: ['correct'],
        ...codedIssue(examsText('true-false-each')),
      });
    if (q.type === 'essay' && Math.abs(q.rubric.reduce((n, r) => n + r.points, 0) - q.points) > 1e-9)
      ctx.addIssue({
        code: 'custom',
        path: ['rubric'],
        ...codedIssue(examsText('rubric-sum')),
      });
  });
export type QuestionBody = z.output<typeof questionBody>;

export const answerSchema = z.union([
  z.object({ choice: z.string().max(8) }),
  z.object({ choices: z.array(z.string().max(8)).max(10) }),
  z.object({ statements: z.record(z.string().max(8), z.boolean()) }),
  z.object({ value: z.string().max(16) }),
  z.object({ text: z.string().max(20_000) }),
]);
export type Answer = z.output<typeof answerSchema>;

export interface ScoringRules {
  /** Fraction of a true/false group's points by the number of statements judged right (0–4). */
  trueFalseCredit: readonly [number, number, number, number, number];
}
/** The national exam's table: 1 right → 0.1, 2 → 0.25, 3 → 0.5, 4 → 1 (of a 1-point group). */
export const NATIONAL_RULES: ScoringRules = { trueFalseCredit: [0, 0.1, 0.25, 0.5, 1] };

export interface Score {
  points: number;
  maxPoints: number;
  /** Essays wait for a marker; their points are 0 until then. */
  needsMarking: boolean;
}

/** "2,5", "-1.25", " 3 " → a number; anything else → undefined. */
export function parseNumber(value: string): number | undefined {
  const text = value.trim().replace(',', '.');
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return undefined;
  return Number(text);
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

export function scoreAnswer(
  q: QuestionBody,
  answer: Answer | undefined,
  rules: ScoringRules = NATIONAL_RULES,
): Score {
  const none = { points: 0, maxPoints: q.points, needsMarking: false };
  if (q.type === 'essay')
    return {
      points: 0,
      maxPoints: q.points,
      needsMarking: Boolean(answer && 'text' in answer && answer.text.trim()),
    };
  if (!answer) return none;
  switch (q.type) {
    case 'single':
      return 'choice' in answer && answer.choice === q.correct ? { ...none, points: q.points } : none;
    case 'multiple': {
      if (!('choices' in answer)) return none;
      const chosen = new Set(answer.choices);
      const right = q.correct.filter((c) => chosen.has(c)).length;
      const wrong = [...chosen].filter((c) => !q.correct.includes(c)).length;
      if (q.scoring === 'all-or-nothing')
        return right === q.correct.length && wrong === 0 ? { ...none, points: q.points } : none;
      return { ...none, points: round(Math.max(0, (right - wrong) / q.correct.length) * q.points) };
    }
    case 'true-false-group': {
      if (!('statements' in answer)) return none;
      const right = q.statements.filter((s) => answer.statements[s.id] === q.correct[s.id]).length;
      return { ...none, points: round(rules.trueFalseCredit[right]! * q.points) };
    }
    case 'short-numeric': {
      if (!('value' in answer)) return none;
      const value = parseNumber(answer.value);
      if (value === undefined) return none;
      return q.accepted.some((a) => Math.abs(a - value) <= q.tolerance + 1e-12)
        ? { ...none, points: q.points }
        : none;
    }
  }
}

/** A question as a candidate sees it: never its key, accepted values or rubric. */
export function withoutKey(q: QuestionBody) {
  switch (q.type) {
    case 'single':
    case 'multiple':
      return { type: q.type, options: q.options, points: q.points };
    case 'true-false-group':
      return { type: q.type, statements: q.statements, points: q.points };
    case 'short-numeric':
      return { type: q.type, points: q.points };
    case 'essay':
      return { type: q.type, points: q.points, criteria: q.rubric.map((r) => r.criterion) };
  }
}

/**
 * Why a corrected key may not replace the current one: candidates already answered what they
 * were shown, so the type, the points and the options must stay; only the key may change.
 */
export function keyChangeRefusal(current: QuestionBody, corrected: QuestionBody): CodedText | undefined {
  if (current.type !== corrected.type) return examsText('correction-type');
  if (current.points !== corrected.points) return examsText('correction-points');
  const ids = (q: QuestionBody) =>
    'options' in q ? q.options.map((o) => o.id) : 'statements' in q ? q.statements.map((o) => o.id) : [];
  if (ids(current).join('\u0000') !== ids(corrected).join('\u0000')) return examsText('correction-options');
  if (JSON.stringify(current) === JSON.stringify(corrected)) return examsText('correction-same');
  return undefined;
}
