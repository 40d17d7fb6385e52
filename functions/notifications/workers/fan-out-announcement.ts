/**
 * One step of an announcement's fan-out (announcements.ts): a unit's children and staff, or a
 * page of learners. A redelivered step sends the same notifications again, which the inbox, the
 * delivery keys and the log keep once per person.
 */
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { makeAnnouncements } from '../announcements.ts';
import { fanOutStep } from '../messages.ts';

const announcements = makeAnnouncements();

export const handler = makeQueueHandler(fanOutStep, async (step) => {
  const done = await announcements.step(step);
  logger.debug('Announcement step', { ...step, ...done });
});
