import { decodeCursor, encodeCursor } from '#shared/db/pagination.ts';
import { makeApi, reply } from '#shared/http/api.ts';
import { notFound } from '#shared/http/problem.ts';
import { reportJobService as jobs, reportsOfUnit, startReportJob } from './jobs.ts';
import { reportsManifest } from './manifest.ts';

export const handler = makeApi(reportsManifest, {
  async requestReport({ body, principal, authorize }) {
    await authorize('report.run', body.orgUnitId);
    return reply(202, await startReportJob({ ...body, requestedBy: principal.sub }));
  },

  async listUnitReports({ params, query, authorize }) {
    await authorize('report.read', params.orgUnitId);
    const scope = `reports:${params.orgUnitId}`;
    const page = await reportsOfUnit(params.orgUnitId, query.limit, decodeCursor(scope, query.cursor));
    const nextCursor = encodeCursor(scope, page.cursor);
    return { items: page.items, ...(nextCursor ? { nextCursor } : {}) };
  },

  async getReport({ params, authorize }) {
    const job = await jobs.get(params.reportId);
    if (!job) throw notFound();
    await authorize('report.read', job.orgUnitId);
    return jobs.present(job);
  },
});
