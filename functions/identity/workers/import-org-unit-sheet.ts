/**
 * Imports the org units of an uploaded spreadsheet, announced by S3 on the queue. Reads the
 * first sheet with exceljs, checks every row (sheet shape here, tree rules in the same use case
 * the JSON import runs), and writes all rows in one transaction or none, recording the errors by
 * row and column. Idempotent: an import that already finished is not run again.
 */
import { orgTree } from '#shared/auth/principal-loader.ts';
import { HttpProblem, notFound } from '#shared/http/problem.ts';
import { jobText } from '#shared/jobs/texts.ts';
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { ObjectTooLargeError, readUpload } from '#shared/storage/s3.ts';
import { objectKeyOf, s3EventMessage } from '#shared/storage/s3-events.ts';
import { readFirstSheet } from '#shared/storage/sheets.ts';
import { headerOf, parseOrgUnitSheet, type SheetError } from '../domain/org-unit-sheet.ts';
import { importIdOfKey, MAX_SHEET_BYTES, makeOrgUnitImports } from '../org-unit-imports.ts';
import { makeOrgUnitAdministration } from '../org-units.ts';
import { makeIdentityStore } from '../store.ts';

const store = makeIdentityStore();
const orgUnits = makeOrgUnitAdministration(store);
const imports = makeOrgUnitImports();

export const handler = makeQueueHandler(s3EventMessage, async (event) => {
  for (const record of event.Records) {
    const importId = importIdOfKey(objectKeyOf(record));
    if (!importId) continue;
    const job = await imports.get(importId);
    if (job?.status !== 'awaiting-upload') continue;

    let read: Awaited<ReturnType<typeof readUpload>>;
    try {
      read = await readUpload('documents', job.objectKey, MAX_SHEET_BYTES);
    } catch (error) {
      if (!(error instanceof ObjectTooLargeError)) throw error;
      await imports.finish(importId, {
        status: 'failed',
        errors: [{ row: 1, ...error.text }],
      });
      logger.info('Org unit import refused: file too large', { importId, size: error.size });
      continue;
    }
    if (!read) continue;
    // The version read is the one recorded: what was imported, whatever is written over it later.
    const version = read.versionId ? { objectVersionId: read.versionId } : {};
    const reject = async (errors: SheetError[]) => {
      await imports.finish(importId, { status: 'failed', errors, ...version });
      logger.info('Org unit import rejected', { importId, errors: errors.length });
    };
    const cells = await readFirstSheet(read.bytes);
    if (!cells) {
      await reject([{ row: 1, ...jobText('not-xlsx') }]);
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
          requestId: job.requestId ?? `org-unit-import:${importId}`,
          // Checked when the upload link was issued, for this unit; its lineage is read now.
          authorize: async () => {
            const unit = await orgTree()(job.orgUnitId);
            if (!unit) throw notFound(jobText('unit-gone'));
            return unit;
          },
        },
        job.orgUnitId,
        sheet.rows,
      );
      await imports.finish(importId, { status: 'done', imported, ...version });
      logger.info('Org units imported', { importId, imported });
    } catch (error) {
      if (!(error instanceof HttpProblem) || error.status >= 500) throw error;
      // units.<i>.<field> from the import use case → the sheet's row and column.
      await reject(
        (
          error.errors ?? [
            { in: 'body', field: '', ...(error.detailText ?? { message: error.detail ?? error.title }) },
          ]
        ).map(({ in: _in, field: path, ...text }) => {
          const [, index, field] = /^units\.(\d+)(?:\.(\w+))?$/.exec(path) ?? [];
          const column = field ? headerOf(field) : undefined;
          return {
            row: index !== undefined ? sheet.sheetRows[Number(index)]! : 1,
            ...(column ? { column } : {}),
            ...text,
          };
        }),
      );
    }
  }
});
