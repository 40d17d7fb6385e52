/**
 * Nightly: asks for every school's library figures to be recounted, so that overdue counts move
 * with the calendar, learners follow the education database, and a lost request is made good.
 */
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { schoolsUnder } from '#shared/auth/store.ts';
import { logger } from '#shared/observability/logger.ts';
import { sendMessages } from '#shared/queue/sqs.ts';
import { TALLY_QUEUE, tallyMessage } from '../messages.ts';

export async function handler() {
  const requestedAt = new Date().toISOString();
  const schools = await schoolsUnder(DEPARTMENT_ORG_UNIT_ID());
  await sendMessages(
    TALLY_QUEUE,
    tallyMessage,
    schools.map((schoolId) => ({ schoolId, requestedAt })),
  );
  logger.info('Library tallies requested', { schools: schools.length });
  return { schools: schools.length };
}
