/**
 * Exporting a scope's audit log to XLSX: the request is recorded and queued; a worker writes the
 * file into the reports bucket (the export of a whole city's year must not hold an API request).
 */
import type { OrgTarget } from '#shared/auth/can.ts';
import type { LoadedPrincipal } from '#shared/auth/principal-loader.ts';
import { authEntities } from '#shared/auth/store.ts';
import { badRequest, fieldError, notFound } from '#shared/http/problem.ts';
import { type JobItem, makeJobs } from '#shared/jobs/jobs.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { exportRange } from './domain/audit-sheet.ts';
import { identityText } from './domain/texts.ts';
import { AUDIT_EXPORTS_QUEUE, auditExportMessage } from './messages.ts';
import { auditScopeOf } from './roles.ts';
import type { IdentityStore } from './store.ts';

const MAX_RANGE_DAYS = 366;

export interface AuditExportJob extends JobItem {
  exportId: string;
  scopeKind: 'city' | 'commune';
  from: string;
  to: string;
  rowCount?: number;
  truncated?: boolean;
}

export function makeAuditExports(store: IdentityStore) {
  const jobs = makeJobs<AuditExportJob, 'exportId'>({
    entity: () => authEntities().auditExport,
    id: 'exportId',
    keepDays: 30,
    objectKey: (exportId, job) => `audit-exports/${job.orgUnitId}/${exportId}.xlsx`,
    start: ({ exportId }) => sendMessage(AUDIT_EXPORTS_QUEUE, auditExportMessage, { exportId }),
    download: { fileName: (job) => `nhat-ky-${job.orgUnitId}-${job.from}-${job.to}.xlsx` },
  });

  return {
    ...jobs,
    async request(principal: LoadedPrincipal, target: OrgTarget, range: { from: string; to: string }) {
      const unit = await store.getOrgUnit(target.orgUnitId);
      if (!unit) throw notFound();
      const refused = (() => {
        try {
          const { start, end } = exportRange(range.from, range.to);
          if (Date.parse(end) - Date.parse(start) > MAX_RANGE_DAYS * 86_400_000)
            return identityText('range-too-long', { max: MAX_RANGE_DAYS });
          return undefined;
        } catch (error) {
          if (!(error instanceof RangeError)) throw error;
          return identityText('start-after-end');
        }
      })();
      if (refused) throw badRequest(refused, [fieldError('body', 'to', refused)]);
      return jobs.request({
        orgUnitId: unit.orgUnitId,
        scopeKind: auditScopeOf(unit).kind,
        from: range.from,
        to: range.to,
        requestedBy: principal.sub,
      });
    },

    async read(exportId: string, authorize: (orgUnitId: string) => Promise<unknown>) {
      const job = await jobs.get(exportId);
      if (!job) throw notFound();
      await authorize(job.orgUnitId);
      return jobs.present(job);
    },
  };
}
