import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { logger } from '#shared/observability/logger.ts';
import { periodicReportDue } from '../domain/report-kinds.ts';
import { PERIODIC_REQUESTER, startReportJob } from '../jobs.ts';

/**
 * Scheduled monthly. Starts the city-wide report when one is due that month; `force` (from
 * `npm run fire`) names a kind to run now.
 */
export async function handler(event: { time?: string; force?: string } = {}) {
  const at = event.time ? new Date(event.time) : new Date();
  const kind =
    event.force === 'school-year-start' || event.force === 'school-year-end'
      ? event.force
      : periodicReportDue(at.getUTCMonth() + 1);
  if (!kind) {
    logger.info('No periodic report due this month', { month: at.getUTCMonth() + 1 });
    return { started: [] };
  }
  const job = await startReportJob({
    kind,
    orgUnitId: DEPARTMENT_ORG_UNIT_ID(),
    requestedBy: PERIODIC_REQUESTER,
  });
  logger.info('Periodic report started', { reportId: job.reportId, kind });
  return { started: [job.reportId as string] };
}
