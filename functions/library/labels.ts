/**
 * Label sheets for a school's copies, as jobs: the desk asks for labels (some barcodes, or all
 * copies of a title), a worker renders the PDF into the reports bucket, the desk downloads it.
 */
import { badRequest, fieldError } from '#shared/http/problem.ts';
import { type JobItem, makeJobs } from '#shared/jobs/jobs.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { MAX_LABELS } from './domain/labels.ts';
import { libraryText } from './domain/texts.ts';
import { type LibraryEntities, libraryEntities } from './entities.ts';
import { LABELS_QUEUE, labelsMessage } from './messages.ts';

/** A label sheet; `orgUnitId` is the school whose copies are labelled. */
export interface LabelJob extends JobItem {
  jobId: string;
  code: 'code128' | 'qr';
  barcodes?: string[];
  titleId?: string;
  labels?: number;
}

export function makeLabelJobs(entities: () => LibraryEntities = libraryEntities) {
  const jobs = makeJobs<LabelJob, 'jobId'>({
    entity: () => entities().libLabelJob,
    id: 'jobId',
    keepDays: 7,
    objectKey: (jobId, job) => `labels/${job.orgUnitId}/${jobId}.pdf`,
    start: ({ jobId }) => sendMessage(LABELS_QUEUE, labelsMessage, { jobId }),
    download: { fileName: (job) => `nhan-sach-${job.jobId.slice(0, 8)}.pdf` },
  });
  return {
    ...jobs,
    request(
      schoolId: string,
      what: { code: LabelJob['code']; barcodes?: string[]; titleId?: string },
      requestedBy: string,
    ) {
      if (!what.barcodes?.length && !what.titleId)
        throw badRequest(libraryText('name-copies'), [
          fieldError('body', 'barcodes', libraryText('barcodes-or-title')),
        ]);
      return jobs.request({
        orgUnitId: schoolId,
        requestedBy,
        code: what.code,
        ...(what.barcodes?.length ? { barcodes: [...new Set(what.barcodes)].slice(0, MAX_LABELS) } : {}),
        ...(what.titleId ? { titleId: what.titleId } : {}),
      });
    },
  };
}
