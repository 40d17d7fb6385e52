/**
 * Nightly: syncs every publication or withdrawal whose sync has not finished — its message was
 * lost after the change was committed, or the sync failed until its message was dead-lettered.
 * The markers are one partition, written with each change and removed by a finished sync. Then
 * recounts every subject and grade's coverage (a lost recount request is made good in a day).
 */
import { logger } from '#shared/observability/logger.ts';
import { makeCurriculum } from '../curriculum.ts';
import { CURRICULUM_SUBJECTS } from '../domain/curriculum.ts';
import { makeSync } from '../sync.ts';

const curriculum = makeCurriculum();
const sync = makeSync(undefined, curriculum);

export async function handler() {
  const pending = await sync.pending();
  let failed = 0;
  for (const resourceId of pending) {
    try {
      await sync.resource(resourceId);
    } catch (error) {
      failed++;
      logger.error('Resource sync failed', { resourceId, error });
    }
  }
  let recounted = 0;
  for (const s of CURRICULUM_SUBJECTS)
    for (const grade of s.grades) {
      await curriculum.recount(s.code, grade);
      recounted++;
    }
  logger.info('Repository swept', { pending: pending.length, failed, recounted });
  return { pending: pending.length, failed, recounted };
}
