/**
 * Writes a BDTX evidence export: the XLSX (a summary row per person, then a row per planned module)
 * and the PDF (one page or more per person: "Phiếu kết quả bồi dưỡng thường xuyên"), both to the
 * reports bucket, then finishes the job. Idempotent: only a pending job is written.
 */
import { orgTree } from '#shared/auth/principal-loader.ts';
import { authEntities } from '#shared/auth/store.ts';
import { jobText } from '#shared/jobs/texts.ts';
import { logger } from '#shared/observability/logger.ts';
import { type Block, renderDocument } from '#shared/pdf/document.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { putObject, XLSX_TYPE } from '#shared/storage/s3.ts';
import { streamedWorkbook } from '#shared/storage/sheets.ts';
import { jobFailure } from '#shared/text/texts.ts';
import {
  DETAIL_COLUMNS,
  detailRows,
  evidenceBlocks,
  SUMMARY_COLUMNS,
  summaryRow,
} from '../domain/evidence.ts';
import { makeEvidence } from '../evidence.ts';
import { type EvidenceJob, makeEvidenceExports } from '../evidence-exports.ts';
import { evidenceExportKey, evidenceExportMessage } from '../messages.ts';

const exportsOf = makeEvidenceExports();
const evidence = makeEvidence();

/** The queue's receive limit (manifest): on the last delivery a failure is told on the job. */
const LAST_ATTEMPT = 3;

export const handler = makeQueueHandler(evidenceExportMessage, async ({ jobId }, record) => {
  const job = await exportsOf.get(jobId);
  // Pending until written: a message redelivered after a crash writes the same files again.
  if (job?.status !== 'pending') return;
  try {
    await write(job);
  } catch (error) {
    if (Number(record.attributes.ApproximateReceiveCount ?? 1) < LAST_ATTEMPT) throw error;
    logger.error('BDTX evidence export failed', { jobId, error });
    await exportsOf.finish(jobId, { status: 'failed', ...jobFailure(jobText('not-written')) }, 'pending');
  }
});

async function write(job: EvidenceJob) {
  const { jobId } = job;
  const [unit, named] = await Promise.all([
    orgTree()(job.orgUnitId),
    authEntities()
      .orgUnit.get({ orgUnitId: job.orgUnitId })
      .go({ attributes: ['name'] }),
  ]);
  const people = job.accountId
    ? [await evidence.mine(job.accountId, job.year)]
    : unit
      ? await evidence.ofSchool(unit, job.year)
      : [];
  const unitName = named.data?.name ?? job.orgUnitId;
  const xlsx = await streamedWorkbook((book) => {
    const summary = book.addWorksheet('Tổng hợp');
    summary.columns = SUMMARY_COLUMNS.map((header, i) => ({
      header,
      width: i === 0 ? 28 : i === 8 ? 40 : 16,
    }));
    for (const p of people) summary.addRow(summaryRow(p)).commit();
    summary.commit();
    const detail = book.addWorksheet('Chi tiết mô-đun');
    detail.columns = DETAIL_COLUMNS.map((header, i) => ({ header, width: i === 2 ? 50 : i === 0 ? 28 : 16 }));
    for (const p of people) for (const row of detailRows(p)) detail.addRow(row).commit();
    detail.commit();
  });
  const pdf = await renderDocument(
    { title: `Minh chứng BDTX năm ${job.year}`, author: unitName, subject: unitName },
    people.flatMap((p, i): Block[] => [
      ...(i ? [{ kind: 'page-break' as const }] : []),
      ...evidenceBlocks(p, unitName),
    ]),
  );
  await Promise.all([
    putObject('reports', job.objectKey, xlsx, XLSX_TYPE),
    putObject('reports', evidenceExportKey(jobId, 'pdf'), pdf, 'application/pdf'),
  ]);
  await exportsOf.finish(jobId, { status: 'done', people: people.length }, 'pending');
}
