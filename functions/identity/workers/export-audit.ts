/**
 * Writes an audit-log export as XLSX (exceljs' streaming writer: rows go out as they are read,
 * a page of 500 entries at a time) into the reports bucket, then marks the export done. A failure
 * is retried by the queue; on the last attempt the export is marked failed with the reason.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { jobText } from '#shared/jobs/texts.ts';
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { putObject, XLSX_TYPE } from '#shared/storage/s3.ts';
import { jobFailure } from '#shared/text/texts.ts';
import { makeAuditExports } from '../audit-exports.ts';
import { AUDIT_COLUMNS, auditRow, exportRange, MAX_EXPORT_ROWS } from '../domain/audit-sheet.ts';
import { auditExportMessage } from '../messages.ts';
import { makeIdentityStore } from '../store.ts';

const store = makeIdentityStore();
const exports = makeAuditExports(store);
/** Matches the audit-exports queue's maxReceiveCount in the manifest. */
const LAST_ATTEMPT = 3;

export const handler = makeQueueHandler(auditExportMessage, async ({ exportId }, record) => {
  const job = await exports.get(exportId);
  if (!job) throw new Error(`Audit export ${exportId} not found`);
  if (job.status !== 'pending') return;
  try {
    const chunks: Buffer[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
    workbook.creator = 'VN Edu Cloud';
    const sheet = workbook.addWorksheet('Nhật ký thay đổi', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = AUDIT_COLUMNS.map((c) => ({ ...c }));
    sheet.getRow(1).font = { bold: true };

    const { start, end } = exportRange(job.from, job.to);
    let rowCount = 0;
    let truncated = false;
    pages: for await (const page of store.auditEntriesBetween(
      { kind: job.scopeKind, orgUnitId: job.orgUnitId },
      start,
      end,
    )) {
      for (const entry of page) {
        if (rowCount === MAX_EXPORT_ROWS) {
          truncated = true;
          break pages;
        }
        sheet.addRow(auditRow(entry)).commit();
        rowCount++;
      }
    }
    if (truncated) {
      sheet
        .addRow({ at: `Đã dừng ở ${MAX_EXPORT_ROWS} dòng: hãy xuất theo khoảng thời gian ngắn hơn.` })
        .commit();
    }
    sheet.commit();
    await workbook.commit();
    await putObject('reports', job.objectKey, Buffer.concat(chunks), XLSX_TYPE);
    await exports.finish(exportId, { status: 'done', rowCount, truncated });
    logger.info('Audit export written', { exportId, rowCount, truncated });
  } catch (error) {
    const attempt = Number(record.attributes.ApproximateReceiveCount ?? 1);
    if (attempt < LAST_ATTEMPT) throw error;
    logger.error('Audit export failed', { exportId, error });
    await exports.finish(exportId, { status: 'failed', ...jobFailure(jobText('not-written')) });
  }
});
