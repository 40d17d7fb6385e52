/**
 * Nightly: asks for every school's BDTX figures of the year to be recounted, so that periods
 * earned during the day, overdue plans and modules closing show on the dashboards the next
 * morning, and a message lost after a plan's decision is made good within a day.
 */
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { schoolsUnder } from '#shared/auth/store.ts';
import { logger } from '#shared/observability/logger.ts';
import { sendMessages } from '#shared/queue/sqs.ts';
import { bdtxYear } from '../domain/bdtx.ts';
import { BDTX_TALLY_QUEUE, bdtxTallyMessage } from '../messages.ts';

export async function handler(event?: { year?: string }) {
  const now = new Date();
  const thisYear = bdtxYear(now.toISOString());
  // In January and February last year's figures are recounted too: modules whose window ran past
  // New Year are completed then, and count in the year they opened.
  const years = event?.year
    ? [Number(event.year)]
    : now.getUTCMonth() <= 1
      ? [thisYear, thisYear - 1]
      : [thisYear];
  const schools = await schoolsUnder(DEPARTMENT_ORG_UNIT_ID());
  await sendMessages(
    BDTX_TALLY_QUEUE,
    bdtxTallyMessage,
    years.flatMap((year) => schools.map((schoolId) => ({ schoolId, year, requestedAt: now.toISOString() }))),
  );
  logger.info('BDTX tallies requested', { schools: schools.length, years });
  return { schools: schools.length, years };
}
