/**
 * Enters an uploaded digital register (XLSX), announced by S3 on the queue: each row is read with
 * the register's rules and entered at the number it has (serial once, number once — the register's
 * guards); a refused row is reported with its cells, and a serial already in the register or
 * earlier in the file is named. A row's entry id comes from the import and the row, so a
 * redelivered message enters nothing twice.
 */

import { authEntities } from '#shared/auth/store.ts';
import { nameBasedId } from '#shared/db/name-based-id.ts';
import { HttpProblem } from '#shared/http/problem.ts';
import { jobText } from '#shared/jobs/texts.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { ObjectTooLargeError, readUpload } from '#shared/storage/s3.ts';
import { objectKeyOf, s3EventMessage } from '#shared/storage/s3-events.ts';
import { readFirstSheet } from '#shared/storage/sheets.ts';
import type { CodedText } from '#shared/text/texts.ts';
import { serialKey } from '../domain/register.ts';
import {
  columnsOf,
  entryOfRow,
  missingColumns,
  REGISTER_COLUMNS,
  repeatedSerials,
} from '../domain/register-sheet.ts';
import { diplomaText } from '../domain/texts.ts';
import { fitReport, type ImportReportLine, MAX_REGISTER_FILE_BYTES, makeDiplomaImports } from '../imports.ts';
import { DIPLOMA_IMPORT_PREFIX } from '../messages.ts';
import { makeRegister } from '../register.ts';

const imports = makeDiplomaImports();
const register = makeRegister();
const MAX_ROWS = 20_000;
export const handler = makeQueueHandler(s3EventMessage, async (event) => {
  for (const record of event.Records) {
    const key = objectKeyOf(record);
    if (!key.startsWith(DIPLOMA_IMPORT_PREFIX)) continue;
    const importId = key.slice(DIPLOMA_IMPORT_PREFIX.length);
    const job = await imports.get(importId);
    if (!job || job.status === 'done' || job.status === 'failed') continue;
    const refuse = (text: CodedText, field = '') =>
      imports.finish(importId, {
        status: 'failed',
        report: [{ row: 0, outcome: 'failed', errors: [{ field, ...text }] }],
      });
    let read: Awaited<ReturnType<typeof readUpload>>;
    try {
      read = await readUpload('documents', key, MAX_REGISTER_FILE_BYTES, job.objectVersionId);
    } catch (error) {
      if (!(error instanceof ObjectTooLargeError)) throw error;
      await refuse(error.text);
      continue;
    }
    if (!read) {
      await refuse(jobText('upload-gone'));
      continue;
    }
    const version = read.versionId ? { objectVersionId: read.versionId } : {};
    const sheet = await readFirstSheet(read.bytes);
    if (!sheet) {
      await refuse(jobText('not-xlsx'));
      continue;
    }
    const rows = sheet;
    const written = rows.slice(1).filter((row) => row.some((c) => c.trim())).length;
    if (written > MAX_ROWS) {
      // Refused whole: a register imported in part would leave its numbers half in.
      await refuse(diplomaText('sheet-too-long', { rows: written, max: MAX_ROWS }));
      continue;
    }
    const positions = columnsOf(rows[0] ?? []);
    const missing = missingColumns(positions);
    if (rows.length && missing.length) {
      await refuse(diplomaText('sheet-headers', { columns: missing.join(', ') }));
      continue;
    }
    const reads = rows
      .slice(1)
      .map((row, i) => ({ row, n: i + 2 }))
      .filter(({ row }) => row.some((c) => c.trim()))
      .map(({ row, n }) => entryOfRow(positions, row, n));
    if (!reads.length) {
      await refuse(diplomaText('sheet-empty'));
      continue;
    }
    const repeated = repeatedSerials(reads);
    const { data: unit } = await authEntities().orgUnit.get({ orgUnitId: job.orgUnitId }).go();
    const writer = {
      accountId: job.requestedBy,
      requestId: `diploma-import:${importId}`,
      unit: { orgUnitId: job.orgUnitId, lineage: unit?.lineage ?? [job.orgUnitId] },
    };
    const report: ImportReportLine[] = [];
    let created = 0;
    for (const r of reads) {
      const again = repeated.get(r.row);
      if (!r.ok || again) {
        report.push({ row: r.row, outcome: 'failed', errors: r.ok ? [again!] : r.errors });
        continue;
      }
      try {
        const { item } = await register.enter(r.entry, writer, {
          entryId: nameBasedId(`diploma-import:${importId}:${r.row}`),
          source: 'import',
          importId,
        });
        // The row's id names an entry of another file (a second upload through the same link):
        // this row was not entered.
        if (item.serialKey !== serialKey(r.entry.serial)) {
          report.push({
            row: r.row,
            outcome: 'failed',
            errors: [{ field: '', ...diplomaText('row-other-file') }],
          });
          continue;
        }
        created++;
        report.push({ row: r.row, outcome: 'created', entryId: item.entryId });
      } catch (error) {
        // The register's own refusals (a serial or a number already used, signed before the
        // graduation) are the row's, named by its column.
        if (!(error instanceof HttpProblem) || error.status >= 500 || !error.detailText) throw error;
        const field = error.errors?.[0]?.field;
        const column = REGISTER_COLUMNS.find((c) => c.field === field);
        report.push({
          row: r.row,
          outcome: 'failed',
          errors: [{ field: column?.header ?? '', ...error.detailText }],
        });
      }
    }
    await imports.finish(importId, {
      status: 'done',
      ...version,
      rows: reads.length,
      created,
      failed: reads.length - created,
      // Refused rows first (they are what the office has to mend), within what one item holds.
      report: fitReport([
        ...report.filter((l) => l.outcome === 'failed'),
        ...report.filter((l) => l.outcome === 'created'),
      ]),
    });
  }
});
