/**
 * Nightly safety net: asks for every school's figures to be recomputed. Approvals already do
 * this as they happen; a message lost between a committed approval and the queue is made good
 * here within a day.
 */
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { schoolsUnder } from '#shared/auth/store.ts';
import { logger } from '#shared/observability/logger.ts';
import { makeStatistics } from '../statistics.ts';
import { makeEduStore } from '../store.ts';

const statistics = makeStatistics(makeEduStore());

export async function handler() {
  const schools = await schoolsUnder(DEPARTMENT_ORG_UNIT_ID());
  await statistics.requestRefresh(schools);
  logger.info('Statistics refresh requested', { schools: schools.length });
  return { schools: schools.length };
}
