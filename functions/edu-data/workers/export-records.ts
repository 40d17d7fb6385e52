/**
 * Writes a list to XLSX: every record of a kind under a unit (optionally by name), in the import
 * layout — so an exported sheet can be corrected and imported back — plus status and version.
 * Rows stream into the workbook; at most MAX_ROWS, and the export says when it stopped there.
 */
import { authEntities } from '#shared/auth/store.ts';
import { jobText } from '#shared/jobs/texts.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { putObject, XLSX_TYPE } from '#shared/storage/s3.ts';
import { streamedWorkbook } from '#shared/storage/sheets.ts';
import { jobFailure } from '#shared/text/texts.ts';
import { RECORD_KIND_LABELS, type RecordData } from '../domain/records.ts';
import { exportRow, isImportable, SHEET_COLUMNS } from '../domain/sheets.ts';
import { recordExports } from '../jobs.ts';
import { makeLists } from '../lists.ts';
import { recordExportMessage } from '../messages.ts';
import { makeEduStore } from '../store.ts';

const store = makeEduStore();
const lists = makeLists(store);
const MAX_ROWS = 200_000;
const PAGE = 100;
const STATUS_LABELS = {
  draft: 'Bản nháp',
  submitted: 'Chờ phê duyệt',
  approved: 'Đã phê duyệt',
  returned: 'Bị trả lại',
};

export const handler = makeQueueHandler(recordExportMessage, async ({ exportId }) => {
  const job = await recordExports.get(exportId);
  if (job?.status !== 'pending') return;
  const { data: unit } = await authEntities().orgUnit.get({ orgUnitId: job.orgUnitId }).go();
  const finish = (outcome: Parameters<typeof recordExports.finish>[1]) =>
    recordExports.finish(exportId, outcome);
  if (!unit) return void (await finish({ status: 'failed', ...jobFailure(jobText('unit-gone')) }));

  let rowCount = 0;
  let truncated = false;
  const bytes = await streamedWorkbook(async (workbook) => {
    const sheet = workbook.addWorksheet(RECORD_KIND_LABELS[job.kind].slice(0, 31));
    const layout = isImportable(job.kind) ? job.kind : undefined;
    const headers = layout ? SHEET_COLUMNS[layout].map((c) => c.header) : ['Tên'];
    sheet.columns = [...headers, 'Trạng thái', 'Phiên bản', 'Cập nhật lúc'].map((header) => ({
      header,
      width: Math.max(12, header.length + 2),
    }));
    const classCodes = new Map<string, string>();

    let cursor: string | undefined;
    do {
      const page = await lists.page(
        { orgUnitId: unit.orgUnitId, unitKind: unit.kind },
        job.kind,
        job.q,
        PAGE,
        cursor,
      );
      if (job.kind === 'student') {
        const missing = [
          ...new Set(
            page.items
              .map((r) => (r.data as { classId?: string }).classId)
              .filter((id): id is string => !!id && !classCodes.has(id)),
          ),
        ];
        for (const cls of await store.getRecords(missing))
          classCodes.set(cls.recordId, (cls.data as RecordData<'class'>).code);
      }
      for (const r of page.items) {
        if (rowCount >= MAX_ROWS) {
          truncated = true;
          break;
        }
        const data = r.data as Record<string, unknown>;
        const cells = layout ? exportRow(layout, data, classCodes.get(String(data.classId))) : [r.name];
        sheet.addRow([...cells, STATUS_LABELS[r.status], r.version, r.updatedAt]).commit();
        rowCount++;
      }
      cursor = page.nextCursor;
    } while (cursor && !truncated);
    sheet.commit();
  });

  await putObject('reports', job.objectKey, bytes, XLSX_TYPE);
  await finish({ status: 'done', rowCount, truncated });
});
