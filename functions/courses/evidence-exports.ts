/**
 * BDTX evidence exports (shared/jobs): a school's leader asks for everyone's at the school, a
 * person for their own; a worker writes the XLSX and the PDF (workers/export-bdtx-evidence.ts);
 * the requester — and only they — polls the job and downloads both.
 */
import { type JobItem, makeJobs } from '#shared/jobs/jobs.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { presignDownload } from '#shared/storage/s3.ts';
import { type CourseEntities, courseEntities } from './entities.ts';
import { EVIDENCE_EXPORTS_QUEUE, evidenceExportKey, evidenceExportMessage } from './messages.ts';

export interface EvidenceJob extends JobItem {
  jobId: string;
  year: number;
  accountId?: string;
  people?: number;
}

const fileName = (job: EvidenceJob, format: 'xlsx' | 'pdf') =>
  `minh-chung-bdtx-${job.year}-${job.accountId ? 'ca-nhan' : job.orgUnitId}.${format}`;

export function makeEvidenceExports(entities: () => CourseEntities = courseEntities) {
  return makeJobs<EvidenceJob, 'jobId'>({
    entity: () => entities().evidenceExport,
    id: 'jobId',
    keepDays: 7,
    objectKey: (jobId) => evidenceExportKey(jobId, 'xlsx'),
    start: ({ jobId }) => sendMessage(EVIDENCE_EXPORTS_QUEUE, evidenceExportMessage, { jobId }),
    download: { fileName: (job) => fileName(job, 'xlsx') },
    hidden: ['accountId'],
    // The PDF beside the sheet, once written.
    present: async (job) =>
      job.status === 'done'
        ? {
            pdfUrl: await presignDownload(
              'reports',
              evidenceExportKey(job.jobId, 'pdf'),
              300,
              fileName(job, 'pdf'),
            ),
          }
        : {},
  });
}
