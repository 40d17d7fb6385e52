/**
 * A paper's candidate copy written straight to the materials bucket, where the paper build writes
 * it (questions in paper order, no keys): what an exam test needs when it writes its session
 * without building a paper — the autosave places each answer by its question's position here.
 */
import { paperCopyPath } from '../../functions/exams/paths.ts';
import { putObject } from '../../shared/storage/s3.ts';

export async function putPaperCopy(paperId: string, variant: number, questionIds: readonly string[]) {
  await putObject(
    'materials',
    paperCopyPath(paperId, variant),
    JSON.stringify({ questions: questionIds.map((questionId) => ({ questionId, part: 'I' })) }),
    'application/json',
  );
}
