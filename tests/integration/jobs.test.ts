/**
 * The shared job life (shared/jobs) against the local DynamoDB: what every context's imports,
 * exports and reports rely on — a job that could not be started is failed, not left waiting; a
 * redelivered message cannot move a job twice; the requester never sees keys or who asked.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type LibraryEntities, makeLibraryEntities } from '../../functions/library/entities.ts';
import { documentClient } from '../../shared/db/client.ts';
import { type JobItem, makeJobs } from '../../shared/jobs/jobs.ts';
import { cloud, useCloudEnvironment } from '../support/cloud.ts';

interface ExportJob extends JobItem {
  jobId: string;
  kind: 'import' | 'export';
  format: 'xlsx';
  records?: number;
}

let entities: LibraryEntities;
beforeAll(() => {
  useCloudEnvironment();
  entities = makeLibraryEntities({ client: documentClient(), table: cloud().env.TABLE_NAME! });
});

const jobsStartedBy = (start: (job: ExportJob) => Promise<unknown>) =>
  makeJobs<ExportJob, 'jobId'>({
    entity: () => entities.catalogueJob,
    id: 'jobId',
    keepDays: 1,
    objectKey: (jobId) => `exports/test/${jobId}.xlsx`,
    start,
    download: { fileName: () => 'danh-muc.xlsx' },
  });

const request = {
  orgUnitId: 'THPT-TRANPHU',
  requestedBy: 'sub-of-the-requester',
  kind: 'export',
  format: 'xlsx',
} as const;

describe('jobs', () => {
  it('records a job, starts it, and shows it without its key, requester or TTL', async () => {
    const started: string[] = [];
    const jobs = jobsStartedBy(async (job) => started.push(job.jobId));
    const shown = await jobs.request(request);
    expect(shown).toMatchObject({ status: 'pending', orgUnitId: 'THPT-TRANPHU', kind: 'export' });
    expect(started).toEqual([shown.jobId]);
    for (const hidden of ['objectKey', 'requestedBy', 'ttl', 'downloadUrl'])
      expect(shown).not.toHaveProperty(hidden);

    const stored = await jobs.get(shown.jobId as string);
    expect(stored?.objectKey).toBe(`exports/test/${shown.jobId}.xlsx`);
    expect(stored?.requestedBy).toBe('sub-of-the-requester');
    // Kept a day: DynamoDB's TTL is in seconds.
    expect(stored!.ttl! - Date.now() / 1000).toBeGreaterThan(86_000);

    await jobs.finish(shown.jobId as string, { status: 'done', records: 3 });
    const done = await jobs.present((await jobs.get(shown.jobId as string))!);
    expect(done).toMatchObject({ status: 'done', records: 3 });
    expect(done.finishedAt).toEqual(expect.any(String));
    expect(String(done.downloadUrl)).toContain(`exports/test/${shown.jobId}.xlsx`);
  });

  it('fails a job whose start failed, and passes the error on', async () => {
    let jobId = '';
    const jobs = jobsStartedBy(async (job) => {
      jobId = job.jobId;
      throw new Error('queue unavailable');
    });
    await expect(jobs.request(request)).rejects.toThrow('queue unavailable');
    expect(await jobs.get(jobId)).toMatchObject({
      status: 'failed',
      error: 'The job could not be started',
      errorCode: 'job.start-failed',
    });
  });

  it('moves a job from a status once: a redelivered message finds it moved', async () => {
    const jobs = jobsStartedBy(async () => undefined);
    const { jobId } = (await jobs.request(request)) as { jobId: string };
    expect(await jobs.update(jobId, { status: 'running' }, 'pending')).toBe(true);
    expect(await jobs.update(jobId, { status: 'running' }, 'pending')).toBe(false);
    // A job that is gone is not created by an update.
    expect(await jobs.update('no-such-job', { status: 'running' })).toBe(false);
    expect(await jobs.get('no-such-job')).toBeUndefined();
  });
});
