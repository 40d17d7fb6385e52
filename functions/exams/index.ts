/** What other contexts may ask of the exams context. */
import { makeLearnerExams } from './learner-exams.ts';

/** More than any candidate sits in the years the platform keeps. */
const MAX_EXAMS = 500;

/**
 * The exams an account sat or is enrolled in, newest first, each with its state and — only once
 * released to candidates — the result: what the candidate's own screens show (for a person's own
 * data export). Read by the candidate index (no Scan).
 */
export async function examsOfAccount(accountId: string) {
  const exams = makeLearnerExams();
  const items: Awaited<ReturnType<typeof exams.page>>['items'] = [];
  let cursor: string | undefined;
  do {
    const page = await exams.page(`account:${accountId}`, [accountId], 100, cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < MAX_EXAMS);
  return items.slice(0, MAX_EXAMS);
}
