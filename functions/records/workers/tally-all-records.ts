/**
 * Nightly: asks for every school's tally of the current school year to be recounted, so that
 * overdue counts move with the calendar, teachers newly assigned are known to the reminders,
 * and a message lost between a committed change and the queue is made good within a day.
 */
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { schoolsUnder } from '#shared/auth/store.ts';
import { logger } from '#shared/observability/logger.ts';
import { sendMessages } from '#shared/queue/sqs.ts';
import { schoolYearOf } from '../domain/records.ts';
import { TALLY_QUEUE, tallyMessage } from '../messages.ts';

export async function handler() {
  const now = new Date();
  const schoolYear = schoolYearOf(now);
  const schools = await schoolsUnder(DEPARTMENT_ORG_UNIT_ID());
  await sendMessages(
    TALLY_QUEUE,
    tallyMessage,
    schools.map((schoolId) => ({ schoolId, schoolYear, requestedAt: now.toISOString() })),
  );
  logger.info('Record tallies requested', { schools: schools.length, schoolYear });
  return { schools: schools.length, schoolYear };
}
