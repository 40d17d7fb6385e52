import { makeApi, reply } from '#shared/http/api.ts';
import { notFound } from '#shared/http/problem.ts';
import { presentReportJob, startReportJob } from './jobs.ts';
import { reportsManifest } from './manifest.ts';
import { reportJobs } from './store.ts';

export const handler = makeApi(reportsManifest, {
  async requestReport({ body, principal, authorize }) {
    await authorize('report.run', body.orgUnitId);
    const job = await startReportJob({ ...body, requestedBy: principal.sub });
    return reply(202, await presentReportJob(job));
  },

  async getReport({ params, authorize }) {
    const { data: job } = await reportJobs().get({ reportId: params.reportId }).go();
    if (!job) throw notFound();
    await authorize('report.read', job.orgUnitId);
    return presentReportJob(job);
  },
});
