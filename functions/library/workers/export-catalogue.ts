/** Writes the titles a unit catalogued to one MARC 21 file (ISO 2709 or MARCXML) in the reports bucket. */
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { putObject } from '#shared/storage/s3.ts';
import type { TitleItem } from '../catalogue.ts';
import { MARC_TYPES, makeCatalogueJobs } from '../catalogue-jobs.ts';
import { writeMarc } from '../domain/marc.ts';
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
  await putObject(
    'reports',
    job.objectKey,
    new TextEncoder().encode(writeMarc(titles, job.format)),
    MARC_TYPES[job.format],
  );
  await jobs.finish(jobId, { status: 'done', records: titles.length });
});
