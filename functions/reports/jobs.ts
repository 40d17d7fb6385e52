/** Report jobs (the shared job life), shared by the API, the state machine's tasks and the schedule. */
import { type JobItem, makeJobs } from '#shared/jobs/jobs.ts';
import { presignDownload } from '#shared/storage/s3.ts';
import { startExecution } from '#shared/workflow/sfn.ts';
import { REPORT_TITLES, type ReportKind, schoolYearOf } from './domain/report-kinds.ts';
import { REPORT_STATE_MACHINE } from './manifest.ts';
import { reportJobs } from './store.ts';

export interface ReportJob extends JobItem {
  reportId: string;
  kind: ReportKind;
  schoolYear: string;
  totalUnits?: number;
  completedUnits?: number;
  /** What the figures cost to read: items and bytes, summed over the parts. */
  itemsRead?: number;
  bytesRead?: number;
  documentNumber?: string;
}

/** The PDF summary lies beside the workbook. */
export const pdfKeyOf = (job: ReportJob) => job.objectKey.replace(/\.xlsx$/, '.pdf');

const jobs = makeJobs<ReportJob, 'reportId'>({
  entity: reportJobs,
  id: 'reportId',
  keepDays: 366,
  objectKey: (reportId, job) => `reports/${job.orgUnitId}/${job.schoolYear}/${reportId}.xlsx`,
  start: ({ reportId }) => startExecution(REPORT_STATE_MACHINE, reportId, { reportId }),
  download: { fileName: (job) => `${job.kind}-${job.schoolYear}.xlsx` },
  present: async (job) => ({
    title: REPORT_TITLES[job.kind],
    periodic: job.requestedBy === PERIODIC_REQUESTER,
    ...(job.status === 'done'
      ? { pdfUrl: await presignDownload('reports', pdfKeyOf(job), 300, `${job.kind}-${job.schoolYear}.pdf`) }
      : {}),
  }),
});

export const reportJobService = jobs;

/** Who asks for the periodic reports: the schedule, not a person. */
export const PERIODIC_REQUESTER = 'system:scheduler';

/** A unit's reports, newest first, a page at a time. */
export async function reportsOfUnit(orgUnitId: string, limit: number, cursor: string | null) {
  const page = await reportJobs().query.byOrgUnit({ orgUnitId }).go({ order: 'desc', limit, cursor });
  return {
    items: await Promise.all((page.data as ReportJob[]).map((job) => jobs.present(job))),
    cursor: page.cursor,
  };
}

export const startReportJob = (request: { kind: ReportKind; orgUnitId: string; requestedBy: string }) =>
  jobs.request({ ...request, schoolYear: schoolYearOf(new Date()) });
