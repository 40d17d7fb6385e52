/**
 * The job item every context's job entity starts with (see jobs.ts). Kept apart from jobs.ts so
 * that an entity module loads no AWS client for it.
 */
import type { TextParams } from '#shared/text/texts.ts';

/** awaiting-upload → (S3 announces the file) → running → done | failed; pending → running → … */
export const JOB_STATUSES = ['awaiting-upload', 'pending', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

const COMMON_ATTRIBUTES = {
  orgUnitId: { type: 'string', required: true },
  requestedBy: { type: 'string', required: true },
  /** The API request that asked for it, for the audit trail of what the job then writes. */
  requestId: { type: 'string' },
  status: { type: JOB_STATUSES, required: true },
  objectKey: { type: 'string', required: true },
  /** The S3 version an import read and reads again when resumed (AWS; the local S3 has none). */
  objectVersionId: { type: 'string' },
  /** Why it failed, in English; the code and parameters let the API say it in Vietnamese. */
  error: { type: 'string' },
  errorCode: { type: 'string' },
  errorParams: { type: 'any' },
  createdAt: { type: 'string', required: true },
  updatedAt: { type: 'string' },
  finishedAt: { type: 'string' },
  ttl: { type: 'number' },
} as const;

/** The attributes every job entity starts with; `id` names the job's id attribute. */
export function jobAttributes<I extends string>(id: I) {
  return { [id]: { type: 'string', required: true }, ...COMMON_ATTRIBUTES } as {
    [K in I]: { readonly type: 'string'; readonly required: true };
  } & typeof COMMON_ATTRIBUTES;
}

/** The by-id index every job has: a job is read by GetItem on its id, never listed by Scan. */
export function jobById<I extends string>(id: I) {
  return { byId: { pk: { field: 'pk', composite: [id] as [I] }, sk: { field: 'sk', composite: [] as [] } } };
}

/**
 * The by-requester index of a job entity (gsi1: the requester, then the time asked): a person's
 * recent jobs — their failed imports on their home — are one Query, never a Scan. Jobs written
 * before an entity had it are not on it (they expire within the entity's `keepDays`).
 */
export function jobByRequester() {
  return {
    byRequester: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['requestedBy'] as ['requestedBy'] },
      sk: { field: 'gsi1sk', composite: ['createdAt'] as ['createdAt'] },
    },
  };
}

/** What every job item holds (the context's fields come on top). */
export interface JobItem {
  orgUnitId: string;
  requestedBy: string;
  requestId?: string;
  status: JobStatus;
  objectKey: string;
  objectVersionId?: string;
  error?: string;
  errorCode?: string;
  errorParams?: TextParams;
  createdAt: string;
  updatedAt?: string;
  finishedAt?: string;
  ttl?: number;
}
