/**
 * Writes the titles a unit catalogued to one file in the reports bucket: MARC 21 (ISO 2709 or
 * MARCXML) or a spreadsheet with the import's columns (and each title's id).
 */
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { putObject } from '#shared/storage/s3.ts';
import { streamedWorkbook } from '#shared/storage/sheets.ts';
import type { TitleItem } from '../catalogue.ts';
import { FILE_TYPES, makeCatalogueJobs } from '../catalogue-jobs.ts';
import { writeMarc } from '../domain/marc.ts';
import { rowOfTitle, TITLE_COLUMNS, TITLE_ID_HEADER } from '../domain/title-sheet.ts';
import { libraryEntities } from '../entities.ts';
import { catalogueExportMessage } from '../messages.ts';

const jobs = makeCatalogueJobs();

export const handler = makeQueueHandler(catalogueExportMessage, async ({ jobId }) => {
  const job = await jobs.get(jobId);
  if (job?.kind !== 'export' || job.status === 'done') return;
  const { data } = await libraryEntities()
    .libTitle.query.byUnit({ createdByUnit: job.orgUnitId })
    .go({ pages: 'all' });
  const titles = data as unknown as TitleItem[];
  const bytes =
    job.format === 'xlsx'
      ? await streamedWorkbook((book) => {
          const sheet = book.addWorksheet('Danh mục');
          sheet.addRow([...TITLE_COLUMNS.map((c) => c.header), TITLE_ID_HEADER]).commit();
          for (const t of titles) sheet.addRow(rowOfTitle(t)).commit();
          sheet.commit();
        })
      : new TextEncoder().encode(writeMarc(titles, job.format));
  await putObject('reports', job.objectKey, bytes, FILE_TYPES[job.format]);
  await jobs.finish(jobId, { status: 'done', records: titles.length });
});
