import { notify } from '#functions/notifications/index.ts';
import { putObject } from '#shared/storage/s3.ts';
import { type OrgFigures, REPORT_TITLES, renderCsv } from '../domain/report-kinds.ts';
import { updateJob } from '../jobs.ts';
import { reportJobs } from '../store.ts';

/** Task state: writes the CSV to the reports bucket, marks the job done, tells the requester. */
export async function handler(input: { reportId: string; figures: OrgFigures }) {
  const { data: job } = await reportJobs().get({ reportId: input.reportId }).go();
  if (!job) throw new Error(`Report ${input.reportId} does not exist`);
  const title = REPORT_TITLES[job.kind];
  const objectKey = `reports/${job.orgUnitId}/${job.schoolYear}/${job.reportId}.csv`;
  await putObject(
    'reports',
    objectKey,
    renderCsv(title, job.schoolYear, input.figures),
    'text/csv; charset=utf-8',
  );
  await updateJob(job.reportId, { status: 'done', objectKey });
  await notify({
    notificationId: `report-${job.reportId}`,
    channel: 'app',
    recipientId: job.requestedBy,
    template: 'report-ready',
    data: { reportId: job.reportId, title },
  });
  return { reportId: job.reportId, objectKey };
}
