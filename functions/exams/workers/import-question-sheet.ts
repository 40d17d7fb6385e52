/**
 * Imports an uploaded question sheet into a unit's bank, announced by S3 on the queue. Every row
 * is checked with the same rules as the form; each valid row becomes a question (waiting for
 * review, or the author's own when personal) with its audit entry; a row already imported is
 * recognised by its content and counted as a duplicate, so re-importing a file changes nothing.
 */
import { authEntities } from '#shared/auth/store.ts';
import { HttpProblem } from '#shared/http/problem.ts';
import { jobText } from '#shared/jobs/texts.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { ObjectTooLargeError, readUpload } from '#shared/storage/s3.ts';
import { objectKeyOf, s3EventMessage } from '#shared/storage/s3-events.ts';
import { readFirstSheet } from '#shared/storage/sheets.ts';
import { DuplicateQuestionError, makeBank } from '../bank.ts';
import {
  type ParsedQuestion,
  parseQuestionRow,
  questionColumns,
  type SheetError,
} from '../domain/question-sheet.ts';
import { contentId } from '../domain/random.ts';
import { examsText } from '../domain/texts.ts';
import { QUESTION_IMPORT_PREFIX } from '../messages.ts';
import { MAX_QUESTION_SHEET_BYTES, makeQuestionSheets } from '../question-sheets.ts';

const bank = makeBank();
const sheets = makeQuestionSheets();
const MAX_ROWS = 5_000;
const MAX_ERRORS = 500;

export const handler = makeQueueHandler(s3EventMessage, async (event) => {
  for (const record of event.Records) {
    const key = objectKeyOf(record);
    if (!key.startsWith(QUESTION_IMPORT_PREFIX)) continue;
    const jobId = key.slice(QUESTION_IMPORT_PREFIX.length).replace(/\.xlsx$/, '');
    const job = await sheets.get(jobId);
    if (job?.kind !== 'import' || job.status === 'done' || job.status === 'failed') continue;
    const finish = (outcome: Parameters<typeof sheets.finish>[1]) => sheets.finish(jobId, outcome);
    await sheets.update(jobId, { status: 'running' });

    let read: Awaited<ReturnType<typeof readUpload>>;
    try {
      read = await readUpload('documents', key, MAX_QUESTION_SHEET_BYTES, job.objectVersionId);
    } catch (error) {
      if (!(error instanceof ObjectTooLargeError)) throw error;
      await finish({ status: 'failed', errors: [{ row: 0, column: '', ...error.text }] });
      continue;
    }
    if (!read) {
      await finish({
        status: 'failed',
        errors: [{ row: 0, column: '', ...jobText('upload-gone') }],
      });
      continue;
    }
    // The version read is recorded: a redelivered message reads the same bytes again.
    if (read.versionId && !job.objectVersionId)
      await sheets.update(jobId, { objectVersionId: read.versionId });
    const rows = await readFirstSheet(read.bytes);
    if (!rows) {
      await finish({ status: 'failed', errors: [{ row: 0, column: '', ...jobText('not-xlsx') }] });
      continue;
    }
    const columns = questionColumns(rows[0] ?? []);
    const missing = (['Môn', 'Chủ đề', 'Dạng', 'Nội dung'] as const).filter((c) => columns[c] < 0);
    if (missing.length) {
      await finish({
        status: 'failed',
        errors: missing.map((c) => ({ row: 1, column: c, ...examsText('missing-column') })),
      });
      continue;
    }
    const body = rows
      .slice(1, MAX_ROWS + 1)
      .map((cells, i): ParsedQuestion | undefined =>
        cells.some((c) => c.trim()) ? parseQuestionRow(i + 2, cells, columns) : undefined,
      );
    const { data: unit } = await authEntities().orgUnit.get({ orgUnitId: job.orgUnitId }).go();
    const owner = { orgUnitId: job.orgUnitId, lineage: [job.orgUnitId], kind: unit?.kind };

    let created = 0;
    let duplicates = 0;
    const errors: SheetError[] = [];
    for (const parsed of body) {
      if (!parsed) continue;
      if (!parsed.ok) {
        errors.push(...parsed.errors);
        continue;
      }
      try {
        await bank.create(owner, parsed.input, {
          sub: job.requestedBy,
          requestId: `question-import:${jobId}`,
          questionId: contentId(job.orgUnitId, parsed.input),
        });
        created++;
      } catch (error) {
        if (error instanceof DuplicateQuestionError) duplicates++;
        else if (error instanceof HttpProblem && error.status < 500)
          errors.push({
            row: parsed.row,
            column: 'Phạm vi',
            ...(error.detailText ?? { message: error.detail ?? error.title }),
          });
        else throw error;
      }
    }
    await finish({
      status: 'done',
      rows: body.filter(Boolean).length,
      created,
      duplicates,
      failed: new Set(errors.map((e) => e.row)).size,
      errors: errors.slice(0, MAX_ERRORS),
    });
  }
});
