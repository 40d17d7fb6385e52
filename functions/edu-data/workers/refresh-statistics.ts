/** Keeps the official figures up to date after approvals (see ../statistics.ts). */
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { statisticsMessage } from '../messages.ts';
import { makeStatistics } from '../statistics.ts';
import { makeEduStore } from '../store.ts';

const statistics = makeStatistics(makeEduStore());

export const handler = makeQueueHandler(statisticsMessage, async (message) => {
  if (message.refresh === 'school') await statistics.refreshSchool(message.schoolId);
  else await statistics.rollup(message.unitId);
});
