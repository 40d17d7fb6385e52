/**
 * Label sheets for a school's copies, as jobs: the desk asks for labels (some barcodes, or all
 * copies of a title), a worker renders the PDF into the reports bucket, the desk downloads it.
 */
import { randomUUID } from 'node:crypto';
import { badRequest } from '#shared/http/problem.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { presignDownload } from '#shared/storage/s3.ts';
import { MAX_LABELS } from './domain/labels.ts';
import { type LibraryEntities, libraryEntities } from './entities.ts';
import { LABELS_QUEUE, labelsMessage } from './messages.ts';

const KEEP_DAYS = 7;

export interface LabelJob {
  jobId: string;
  schoolId: string;
  code: 'code128' | 'qr';
  barcodes?: string[];
  titleId?: string;
  status: 'pending' | 'done' | 'failed';
  objectKey: string;
  labels?: number;
  problem?: string;
  requestedBy: string;
  createdAt: string;
  finishedAt?: string;
}

export function makeLabelJobs(entities: () => LibraryEntities = libraryEntities) {
  return {
    async request(
      schoolId: string,
      what: { code: LabelJob['code']; barcodes?: string[]; titleId?: string },
      requestedBy: string,
    ) {
      if (!what.barcodes?.length && !what.titleId)
        throw badRequest('Name the copies: barcodes, or a title whose copies to label.', [
          { in: 'body', field: 'barcodes', message: 'Nhập mã vạch hoặc mã tài liệu' },
        ]);
      const jobId = randomUUID();
      const job: LabelJob = {
        jobId,
        schoolId,
        code: what.code,
        ...(what.barcodes?.length ? { barcodes: [...new Set(what.barcodes)].slice(0, MAX_LABELS) } : {}),
        ...(what.titleId ? { titleId: what.titleId } : {}),
        status: 'pending',
        objectKey: `labels/${schoolId}/${jobId}.pdf`,
        requestedBy,
        createdAt: new Date().toISOString(),
      };
      await entities()
        .libLabelJob.create({ ...job, ttl: Math.floor(Date.now() / 1000) + KEEP_DAYS * 86_400 })
        .go();
      await sendMessage(LABELS_QUEUE, labelsMessage, { jobId });
      return this.present(job);
    },

    async get(jobId: string): Promise<LabelJob | undefined> {
      const { data } = await entities().libLabelJob.get({ jobId }).go();
      return (data as LabelJob | null) ?? undefined;
    },

    async finish(jobId: string, outcome: { status: 'done' | 'failed'; labels?: number; problem?: string }) {
      await entities()
        .libLabelJob.patch({ jobId })
        .set({ ...outcome, finishedAt: new Date().toISOString() })
        .go();
    },

    /** What the desk sees: the counts, and a short download link once the PDF is there. */
    async present({ objectKey, requestedBy: _r, ...job }: LabelJob) {
      return {
        ...job,
        ...(job.status === 'done'
          ? {
              downloadUrl: await presignDownload(
                'reports',
                objectKey,
                300,
                `nhan-sach-${job.jobId.slice(0, 8)}.pdf`,
              ),
            }
          : {}),
      };
    },
  };
}
