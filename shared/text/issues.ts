/**
 * zod issues as messages with codes (texts.ts). A schema's own rule — a refine, a superRefine, a
 * transform — gives its message as a coded text with `codedIssue(text)`: the request pipeline's
 * field errors (problem.ts) and the import reports keep its code. Any other issue (zod's own
 * words, or a check's plain sentence that language.ts translates) becomes `validation.invalid`,
 * whose one parameter is the sentence in both languages, for the reports that workers store.
 */
import type * as z from 'zod';
import { translate, zodErrorMap } from '#shared/http/language.ts';
import { type CodedText, defineTexts } from './texts.ts';

const validationText = defineTexts('validation', { invalid: { en: '{reason}', vi: '{reason}' } });

/** What a refine, a superRefine's addIssue or a transform's addIssue is given for a coded text. */
export const codedIssue = (text: CodedText) => ({ message: text.message, params: { text } });

const isCodedText = (value: unknown): value is CodedText =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as CodedText).code === 'string' &&
  typeof (value as CodedText).message === 'string';

/** The coded text a custom issue carries (codedIssue), if it carries one. */
export function textOfIssue(issue: z.core.$ZodIssue): CodedText | undefined {
  if (issue.code !== 'custom') return undefined;
  const text = (issue.params as { text?: unknown } | undefined)?.text;
  return isCodedText(text) ? text : undefined;
}

export interface IssueText {
  path: PropertyKey[];
  text: CodedText;
}

/**
 * Parses `value` with `schema`; when it fails, each issue as a coded text worded in both
 * languages (the value is parsed a second time with zod's Vietnamese messages), for a report
 * read long after, in either language.
 */
export function parseWithTexts<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { success: true; data: z.output<S> } | { success: false; issues: IssueText[] } {
  const en = schema.safeParse(value);
  if (en.success) return { success: true, data: en.data };
  const vi = schema.safeParse(value, { error: zodErrorMap('vi') });
  const viIssues = vi.success ? [] : vi.error.issues;
  return {
    success: false,
    issues: en.error.issues.map((issue, i) => ({
      path: issue.path,
      text:
        textOfIssue(issue) ??
        validationText('invalid', {
          reason: { en: issue.message, vi: translate(viIssues[i]?.message ?? issue.message, 'vi') },
        }),
    })),
  };
}
