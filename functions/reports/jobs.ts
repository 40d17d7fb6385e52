/** Use cases around report jobs, shared by the API and the scheduled worker. */
import { randomUUID } from 'node:crypto';
import { presignDownload } from '#shared/storage/s3.ts';
import { startExecution } from '#shared/workflow/sfn.ts';
import { REPORT_TITLES, type ReportKind, schoolYearOf } from './domain/report-kinds.ts';
import { REPORT_STATE_MACHINE } from './manifest.ts';
import { reportJobs } from './store.ts';

export async function startReportJob(request: { kind: ReportKind; orgUnitId: string; requestedBy: string }) {
  const now = new Date();
  const { data: job } = await reportJobs()
    .create({
      reportId: randomUUID(),
      ...request,
      schoolYear: schoolYearOf(now),
      status: 'queued',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    })
    .go();
  try {
    await startExecution(REPORT_STATE_MACHINE, job.reportId, { reportId: job.reportId });
  } catch (error) {
    // No job may sit 'queued' forever: record that it never started, then let the caller fail.
    await updateJob(job.reportId, { status: 'failed', error: 'The report could not be started' });
    throw error;
  }
  return job;
}

export type ReportJob = Awaited<ReturnType<typeof startReportJob>>;

/** The job as the API shows it: with its title and, once done, a short-lived download link. */
export async function presentReportJob(job: ReportJob) {
  const { requestedBy: _requestedBy, objectKey, pdfKey, ...visible } = job;
  const done = job.status === 'done';
  return {
    ...visible,
    title: REPORT_TITLES[job.kind],
    ...(done && objectKey
      ? {
          downloadUrl: await presignDownload('reports', objectKey, 300, `${job.kind}-${job.schoolYear}.xlsx`),
        }
      : {}),
    ...(done && pdfKey
      ? { pdfUrl: await presignDownload('reports', pdfKey, 300, `${job.kind}-${job.schoolYear}.pdf`) }
      : {}),
  };
}

export async function updateJob(
  reportId: string,
  changes: {
    status: 'running' | 'done' | 'failed';
    objectKey?: string;
    pdfKey?: string;
    totalUnits?: number;
    completedUnits?: number;
    itemsRead?: number;
    bytesRead?: number;
    error?: string;
  },
) {
  await reportJobs()
    .patch({ reportId })
    .set({ ...changes, updatedAt: new Date().toISOString() })
    .go();
}
