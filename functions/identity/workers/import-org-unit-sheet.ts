/**
 * Imports the org units of an uploaded spreadsheet, announced by S3 on the queue. Reads the
 * first sheet with exceljs, checks every row (sheet shape here, tree rules in the same use case
 * the JSON import runs), and writes all rows in one transaction or none, recording the errors by
 * row and column. Idempotent: an import that already finished is not run again.
 */
import ExcelJS from 'exceljs';
import { HttpProblem } from '#shared/http/problem.ts';
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { ObjectTooLargeError, readUpload } from '#shared/storage/s3.ts';
import { objectKeyOf, s3EventMessage } from '#shared/storage/s3-events.ts';
import { headerOf, parseOrgUnitSheet, type SheetError } from '../domain/org-unit-sheet.ts';
import { importIdOfKey, MAX_SHEET_BYTES } from '../org-unit-imports.ts';
import { makeOrgUnitAdministration } from '../org-units.ts';
import { makeIdentityStore } from '../store.ts';

const store = makeIdentityStore();
const orgUnits = makeOrgUnitAdministration(store);

async function readCells(bytes: Uint8Array): Promise<string[][] | undefined> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return undefined;
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const cells: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      values[col - 1] = cell.text ?? '';
    });
    cells[n - 1] = Array.from(values, (v) => v ?? '');
  });
  return Array.from(cells, (row) => row ?? []);
}

export const handler = makeQueueHandler(s3EventMessage, async (event) => {
  for (const record of event.Records) {
    const importId = importIdOfKey(objectKeyOf(record));
    if (!importId) continue;
    const job = await store.getOrgUnitImport(importId);
    if (job?.status !== 'awaiting-upload') continue;

    let read: Awaited<ReturnType<typeof readUpload>>;
    try {
      read = await readUpload('documents', job.objectKey, MAX_SHEET_BYTES);
    } catch (error) {
      if (!(error instanceof ObjectTooLargeError)) throw error;
      await store.finishOrgUnitImport(importId, {
        status: 'rejected',
        errors: [{ row: 1, message: error.message }],
      });
      logger.info('Org unit import refused: file too large', { importId, size: error.size });
      continue;
    }
    if (!read) continue;
    // The version read is the one recorded: what was imported, whatever is written over it later.
    const version = read.versionId ? { objectVersionId: read.versionId } : {};
    const reject = async (errors: SheetError[]) => {
      await store.finishOrgUnitImport(importId, { status: 'rejected', errors, ...version });
      logger.info('Org unit import rejected', { importId, errors: errors.length });
    };
    const cells = await readCells(read.bytes);
    if (!cells) {
      await reject([{ row: 1, message: 'The file is not an XLSX spreadsheet' }]);
      continue;
    }
    const sheet = parseOrgUnitSheet(cells);
    if (sheet.errors.length) {
      await reject(sheet.errors);
      continue;
    }
    try {
      const { imported } = await orgUnits.import(
        {
          principal: { sub: job.requestedBy, assignments: [] } as never,
          requestId: job.requestId,
          // Checked when the upload link was issued, for this unit.
          authorize: async () => ({ orgUnitId: job.orgUnitId, lineage: job.lineage }),
        },
        job.orgUnitId,
        sheet.rows,
      );
      await store.finishOrgUnitImport(importId, { status: 'imported', imported, ...version });
      logger.info('Org units imported', { importId, imported });
    } catch (error) {
      if (!(error instanceof HttpProblem) || error.status >= 500) throw error;
      // units.<i>.<field> from the import use case → the sheet's row and column.
      await reject(
        (error.errors ?? [{ in: 'body', field: '', message: error.detail ?? error.title }]).map((e) => {
          const [, index, field] = /^units\.(\d+)(?:\.(\w+))?$/.exec(e.field) ?? [];
          const column = field ? headerOf(field) : undefined;
          return {
            row: index !== undefined ? sheet.sheetRows[Number(index)]! : 1,
            ...(column ? { column } : {}),
            message: e.message,
          };
        }),
      );
    }
  }
});
