/**
 * Catalogues an uploaded MARC file (ISO 2709 or MARCXML) or spreadsheet (one title per row),
 * announced by S3 on the queue: each
 * record is checked with the form's rules; a record whose ISBN — or, without one, whose title and
 * first author — is catalogued already is reported as a duplicate of that title, not added again;
 * a bad record is reported with the MARC field to fix. A record's title id comes from the job and
 * its position, so a redelivered message adds nothing twice.
 */
import { createHash } from 'node:crypto';
import { authEntities } from '#shared/auth/store.ts';
import { jobText } from '#shared/jobs/texts.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { ObjectTooLargeError, readUpload } from '#shared/storage/s3.ts';
import { objectKeyOf, s3EventMessage } from '#shared/storage/s3-events.ts';
import { readFirstSheet } from '#shared/storage/sheets.ts';
import type { CodedText } from '#shared/text/texts.ts';
import { makeCatalogue } from '../catalogue.ts';
import { type ImportReportLine, MAX_CATALOGUE_FILE_BYTES, makeCatalogueJobs } from '../catalogue-jobs.ts';
import { formatOf, type MarcReadResult, titleOfMarc } from '../domain/marc.ts';
import { readMarc } from '../domain/marc-read.ts';
import { libraryText } from '../domain/texts.ts';
import { columnsOf, titleOfRow } from '../domain/title-sheet.ts';
import { CATALOGUE_IMPORT_PREFIX } from '../messages.ts';

const catalogue = makeCatalogue();
const jobs = makeCatalogueJobs();
const MAX_RECORDS = 20_000;
const MAX_REPORT = 2_000;

/** A stable id for record `row` of job `jobId` (a UUID-shaped hash). */
const titleIdOf = (jobId: string, row: number) => {
  const h = createHash('sha256').update(`${jobId}#${row}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export const handler = makeQueueHandler(s3EventMessage, async (event) => {
  for (const record of event.Records) {
    const key = objectKeyOf(record);
    if (!key.startsWith(CATALOGUE_IMPORT_PREFIX)) continue;
    const jobId = key.slice(CATALOGUE_IMPORT_PREFIX.length);
    const job = await jobs.get(jobId);
    if (job?.kind !== 'import' || job.status === 'done' || job.status === 'failed') continue;
    const refuse = (text: CodedText) =>
      jobs.finish(jobId, {
        status: 'failed',
        report: [{ row: 0, outcome: 'failed', errors: [{ field: '', ...text }] }],
      });
    let read: Awaited<ReturnType<typeof readUpload>>;
    try {
      read = await readUpload('documents', key, MAX_CATALOGUE_FILE_BYTES, job.objectVersionId);
    } catch (error) {
      if (!(error instanceof ObjectTooLargeError)) throw error;
      await refuse(error.text);
      continue;
    }
    if (!read) {
      await refuse(jobText('upload-gone'));
      continue;
    }
    const bytes = read.bytes;
    // The version read is recorded with the job: what was catalogued, whatever comes over it.
    const version = read.versionId ? { objectVersionId: read.versionId } : {};
    // Each record read as a title (or why not): MARC records, or a spreadsheet's rows.
    let reads: MarcReadResult[];
    if (job.format === 'xlsx') {
      const rows = (await readFirstSheet(bytes)) ?? [];
      const positions = columnsOf(rows[0] ?? []);
      reads = rows
        .slice(1, MAX_RECORDS + 1)
        .map((row, i) => ({ row, n: i + 2 }))
        .filter(({ row }) => row.some((c) => c.trim()))
        .map(({ row, n }) => titleOfRow(positions, row, n));
    } else {
      let records: Awaited<ReturnType<typeof readMarc>>;
      try {
        records = await readMarc(bytes, formatOf(bytes));
      } catch {
        records = [];
      }
      reads = records.slice(0, MAX_RECORDS).map((marc, i) => titleOfMarc(marc, i + 1));
    }
    if (!reads.length) {
      await jobs.finish(jobId, {
        status: 'failed',
        ...version,
        report: [
          {
            row: 0,
            outcome: 'failed',
            errors: [{ field: '', ...libraryText(job.format === 'xlsx' ? 'no-rows' : 'no-marc-records') }],
          },
        ],
      });
      continue;
    }
    const { data: unit } = await authEntities().orgUnit.get({ orgUnitId: job.orgUnitId }).go();
    const owner = { orgUnitId: job.orgUnitId, lineage: unit?.lineage ?? [job.orgUnitId] };
    const actor = { accountId: job.requestedBy, requestId: `catalogue-import:${jobId}` };
    const report: ImportReportLine[] = [];
    let created = 0;
    let duplicates = 0;
    let failed = 0;
    for (const read of reads) {
      const line = { row: read.row, ...(read.controlNumber ? { controlNumber: read.controlNumber } : {}) };
      if (!read.ok) {
        failed++;
        report.push({ ...line, outcome: 'failed', errors: read.errors! });
        continue;
      }
      const titleId = titleIdOf(jobId, read.row);
      if (await catalogue.get(titleId)) {
        created++; // written by an earlier delivery of this message
        report.push({ ...line, outcome: 'created', titleId });
        continue;
      }
      const outcome = await catalogue.importTitle(read.input!, owner, actor, titleId);
      if (outcome.created) {
        created++;
        report.push({ ...line, outcome: 'created', titleId });
      } else {
        duplicates++;
        report.push({
          ...line,
          outcome: 'duplicate',
          titleId: outcome.duplicate.titleId,
          duplicateBy: outcome.duplicate.by,
        });
      }
    }
    await jobs.finish(jobId, {
      status: 'done',
      ...version,
      records: reads.length,
      created,
      duplicates,
      failed,
      report: report.slice(0, MAX_REPORT),
    });
  }
});
