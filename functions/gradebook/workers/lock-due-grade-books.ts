import { logger } from '#shared/observability/logger.ts';
import { lockDueBooks } from '../deadlines.ts';

/** Every day at 00:10 Hải Phòng time: the books of every school whose lock deadline has come are locked. */
export async function handler() {
  const done = await lockDueBooks();
  logger.info('Grade books locked by deadline', done);
  return done;
}
