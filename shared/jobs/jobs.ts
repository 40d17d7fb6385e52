/**
 * Asynchronous jobs, written once. Imports, exports, label sheets, question sheets and reports
 * all follow one life: the API records a job item and either hands back a link to upload the
 * file to (S3 then announces it to a worker) or starts the work (a queue message, a state
 * machine); a worker moves it on and finishes it; the requester polls it by id and, once done,
 * downloads the result through a short-lived link. A context declares its job entity with
 * `jobAttributes` + `jobById` (plus its own fields) and describes the rest in `makeJobs`.
 *
 * Every job item: its id (named by the context: `importId`, `exportId`, …), the org unit it was
 * asked for (authorized on every read), requester, status, the S3 object it reads or writes,
 * times, and a TTL after which DynamoDB forgets it.
 */
import { randomUUID } from 'node:crypto';
import { isConditionFailure } from '#shared/db/errors.ts';
import type { BucketName } from '#shared/storage/buckets.ts';
import { presignDownload } from '#shared/storage/s3.ts';
import { type UploadLink, uploadLink } from '#shared/storage/upload-link.ts';
import { jobFailure } from '#shared/text/texts.ts';
import type { JobItem, JobStatus } from './attributes.ts';
import { jobText } from './texts.ts';

export {
  JOB_STATUSES,
  type JobItem,
  type JobStatus,
  jobAttributes,
  jobById,
  jobByRequester,
} from './attributes.ts';

type Own<J extends JobItem, I extends string> = Omit<J, I | keyof JobItem>;

/** What a context asks a new job for: its unit, requester and its own fields. */
export type JobRequest<J extends JobItem, I extends string> = Own<J, I> & {
  orgUnitId: string;
  requestedBy: string;
  requestId?: string;
};

export interface JobSpec<J extends JobItem, I extends string> {
  /** The context's ElectroDB entity (built from `jobAttributes(id)` and `jobById(id)`). */
  entity: () => unknown;
  /** The name of the id attribute, as the API shows it. */
  id: I;
  /** How long the item is kept. */
  keepDays: number;
  /** The S3 key of the job's file: the upload it reads, or the result it writes. */
  objectKey: (jobId: string, job: JobRequest<J, I>) => string;
  /** The job reads a file the requester uploads to the documents bucket. */
  upload?: { contentType: (job: J) => string; maxBytes: number; seconds: number };
  /** Starts the work (a queue message, a state machine). If it throws, the job is failed. */
  start?: (job: J) => Promise<unknown>;
  /** Once done, the result is downloaded from the reports bucket under this file name. */
  download?: { fileName: (job: J) => string; seconds?: number; bucket?: BucketName };
  /** Fields the requester does not see, beyond the object key, version, requester and TTL. */
  hidden?: readonly string[];
  /** More the requester sees (a second file's link, a title). */
  present?: (job: J) => Promise<Record<string, unknown>> | Record<string, unknown>;
}

/** The loose view of an ElectroDB entity that jobs need (every job entity has these). */
interface JobEntity {
  create(item: object): { go(): Promise<unknown> };
  /** Only on entities with `jobByRequester()`. */
  query: {
    byRequester?(key: object): {
      gte(range: object): { go(options: object): Promise<{ data: unknown[] }> };
    };
  };
  get(key: object): { go(): Promise<{ data: unknown }> };
  patch(key: object): {
    set(changes: object): {
      where(condition: (attributes: never, op: never) => string): { go(): Promise<unknown> };
    };
  };
}

export function makeJobs<J extends JobItem, I extends keyof J & string>(spec: JobSpec<J, I>) {
  const entity = () => spec.entity() as JobEntity;
  const key = (jobId: string) => ({ [spec.id]: jobId });
  const hidden = new Set([
    'objectKey',
    'objectVersionId',
    'requestedBy',
    'requestId',
    'ttl',
    ...(spec.hidden ?? []),
  ]);

  const jobs = {
    /**
     * Records a new job, then starts it or answers with the link to upload its file to. A job
     * whose start failed is recorded as failed (no job waits forever), and the error goes on.
     */
    async request(request: JobRequest<J, I>): Promise<Record<string, unknown> & { upload?: UploadLink }> {
      const jobId = randomUUID();
      const now = new Date();
      const job = {
        ...request,
        [spec.id]: jobId,
        status: spec.upload ? 'awaiting-upload' : 'pending',
        objectKey: spec.objectKey(jobId, request),
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        ttl: Math.floor(now.getTime() / 1000) + spec.keepDays * 86_400,
      } as unknown as J;
      await entity().create(job).go();
      if (spec.upload) {
        const { contentType, maxBytes, seconds } = spec.upload;
        return {
          ...(await jobs.present(job)),
          upload: await uploadLink('documents', job.objectKey, contentType(job), { maxBytes }, seconds),
        };
      }
      try {
        await spec.start?.(job);
      } catch (error) {
        await jobs.finish(jobId, {
          status: 'failed',
          ...jobFailure(jobText('start-failed')),
        } as Partial<J> & {
          status: 'failed';
        });
        throw error;
      }
      return jobs.present(job);
    },

    async get(jobId: string): Promise<J | undefined> {
      const { data } = await entity().get(key(jobId)).go();
      return (data as J | null) ?? undefined;
    },

    /**
     * Moves a job on. With `from`, only a job still in that status moves (a redelivered message
     * must not start it twice): false when it had moved already or is gone.
     */
    async update(jobId: string, changes: Partial<J>, from?: JobStatus): Promise<boolean> {
      try {
        await entity()
          .patch(key(jobId))
          .set({ ...changes, updatedAt: new Date().toISOString() })
          .where(((a: Record<string, string>, op: Record<string, (...args: unknown[]) => string>) =>
            from ? op.eq!(a.status, from) : op.exists!(a[spec.id])) as never)
          .go();
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** Ends a job, done or failed, with what it came to. */
    finish(jobId: string, outcome: Partial<J> & { status: 'done' | 'failed' }, from?: JobStatus) {
      return jobs.update(jobId, { ...outcome, finishedAt: new Date().toISOString() }, from);
    },

    /**
     * A person's jobs asked for since a time, newest first (at most `limit`): one Query of the
     * entity's by-requester index (`jobByRequester()`; an entity without it has none to list).
     */
    async recentOf(requestedBy: string, since: string, limit = 50): Promise<J[]> {
      const byRequester = entity().query.byRequester;
      if (!byRequester) throw new Error(`${spec.id}: the job entity has no byRequester index`);
      const { data } = await byRequester
        .call(entity().query, { requestedBy })
        .gte({ createdAt: since })
        .go({ order: 'desc', limit });
      return data as J[];
    },

    /** The job as its requester sees it: no keys or requester, and the download link once done. */
    async present(job: J): Promise<Record<string, unknown>> {
      const visible = Object.fromEntries(Object.entries(job).filter(([name]) => !hidden.has(name)));
      const { download } = spec;
      return {
        ...visible,
        ...(download && job.status === 'done'
          ? {
              downloadUrl: await presignDownload(
                download.bucket ?? 'reports',
                job.objectKey,
                download.seconds ?? 300,
                download.fileName(job),
              ),
            }
          : {}),
        ...(await spec.present?.(job)),
      };
    },
  };
  return jobs;
}

export type Jobs<J extends JobItem, I extends keyof J & string> = ReturnType<typeof makeJobs<J, I>>;
