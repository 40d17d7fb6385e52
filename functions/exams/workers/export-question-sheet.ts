/**
 * Writes a bank's questions for a subject and grade to XLSX in the import layout (so a sheet can
 * be corrected and imported into another bank), personal questions left out.
 */
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { putObject, XLSX_TYPE } from '#shared/storage/s3.ts';
import { streamedWorkbook } from '#shared/storage/sheets.ts';
import { makeBank, type QuestionItem } from '../bank.ts';
import { QUESTION_COLUMNS, questionRow } from '../domain/question-sheet.ts';
import type { QuestionBody } from '../domain/questions.ts';
import { questionExportMessage } from '../messages.ts';
import { makeQuestionSheets } from '../question-sheets.ts';

const bank = makeBank();
const sheets = makeQuestionSheets();

export const handler = makeQueueHandler(questionExportMessage, async ({ jobId }) => {
  const job = await sheets.get(jobId);
  if (job?.kind !== 'export' || job.status !== 'pending') return;
  const questions: QuestionItem[] = [];
  let cursor: string | null = null;
  do {
    const page: { data: QuestionItem[]; cursor: string | null } = (await bank.list(
      job.orgUnitId,
      job.subject!,
      job.grade!,
      undefined,
      100,
      cursor,
    )) as never;
    questions.push(...page.data.filter((q) => q.scope !== 'personal'));
    cursor = page.cursor;
  } while (cursor);
  const bytes = await streamedWorkbook((book) => {
    const sheet = book.addWorksheet('Câu hỏi');
    sheet.columns = QUESTION_COLUMNS.map((header) => ({
      header,
      width:
        header === 'Nội dung' || header === 'Hướng dẫn chấm' || header === 'Lời giải'
          ? 50
          : header.length === 1
            ? 24
            : 14,
    }));
    for (const q of questions)
      sheet
        .addRow(
          questionRow({
            scope: q.scope,
            subject: q.subject,
            grade: q.grade,
            topic: q.topic,
            level: q.level,
            stem: q.stem,
            question: q.body as QuestionBody,
          }),
        )
        .commit();
    sheet.commit();
  });
  await putObject('reports', job.objectKey, bytes, XLSX_TYPE);
  await sheets.finish(jobId, { status: 'done', rows: questions.length });
});
