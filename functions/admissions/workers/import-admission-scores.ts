/**
 * Imports an uploaded score sheet (score-imports.ts), announced by S3 on the queue. A redelivered
 * message finds its job done and does nothing; the version read is recorded so a retry reads the
 * same bytes.
 */
import { jobText } from '#shared/jobs/texts.ts';
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { ObjectTooLargeError, readUpload } from '#shared/storage/s3.ts';
import { objectKeyOf, s3EventMessage } from '#shared/storage/s3-events.ts';
import { readFirstSheet } from '#shared/storage/sheets.ts';
import { SCORE_IMPORT_PREFIX } from '../messages.ts';
import {
  finishScoreImport,
  getScoreImport,
  importScores,
  MAX_SCORE_SHEET_BYTES,
  updateScoreImport,
} from '../score-imports.ts';

/** Deliveries of a sheet's notice before its import is given up on (the queue's maxReceiveCount). */
const DELIVERIES = 3;

export const handler = makeQueueHandler(s3EventMessage, async (event, message) => {
  for (const record of event.Records) {
    const key = objectKeyOf(record);
    if (!key.startsWith(SCORE_IMPORT_PREFIX)) continue;
    const importId = key.slice(SCORE_IMPORT_PREFIX.length).replace(/\.xlsx$/, '');
    const job = await getScoreImport(importId);
    if (!job || job.status === 'done' || job.status === 'failed') continue;
    await updateScoreImport(importId, { status: 'running' });
    let read: Awaited<ReturnType<typeof readUpload>>;
    try {
      read = await readUpload('documents', key, MAX_SCORE_SHEET_BYTES, job.objectVersionId);
    } catch (error) {
      if (!(error instanceof ObjectTooLargeError)) throw error;
      await finishScoreImport(importId, {
        status: 'failed',
        errors: [{ row: 0, column: '', ...error.text }],
      });
      continue;
    }
    if (!read) {
      await finishScoreImport(importId, {
        status: 'failed',
        errors: [{ row: 0, column: '', ...jobText('upload-gone') }],
      });
      continue;
    }
    if (read.versionId && !job.objectVersionId)
      await updateScoreImport(importId, { objectVersionId: read.versionId });
    const rows = await readFirstSheet(read.bytes);
    if (!rows) {
      await finishScoreImport(importId, {
        status: 'failed',
        errors: [{ row: 0, column: '', ...jobText('not-xlsx') }],
      });
      continue;
    }
    let outcome: Awaited<ReturnType<typeof importScores>>;
    try {
      outcome = await importScores(job, rows);
    } catch (error) {
      // The last delivery: said on the job, so the screen stops waiting (the rows written stay).
      if (Number(message.attributes.ApproximateReceiveCount) < DELIVERIES) throw error;
      logger.error('Score import failed for good', { importId, error });
      await finishScoreImport(importId, {
        status: 'failed',
        errors: [{ row: 0, column: '', ...jobText('failed-unknown') }],
      });
      continue;
    }
    await finishScoreImport(importId, {
      status: outcome.rows === 0 && outcome.errors.length ? 'failed' : 'done',
      rows: outcome.rows,
      saved: outcome.saved,
      failed: outcome.rows - outcome.saved,
      errors: outcome.errors,
    });
  }
});
