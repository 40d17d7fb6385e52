/**
 * Files the names of one unit's records by word (name entries, domain/name-words.ts), each
 * conditional on the record's version: a record renamed meanwhile was filed by its own change,
 * and is filed again as it is now. Idempotent: a record whose entries are there is left alone.
 */
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { nameEntriesMessage } from '../messages.ts';
import { type EduStore, makeEduStore } from '../store.ts';
import { rewriteRecordsOf } from '../walk.ts';

export async function fileNamesOf(store: EduStore, unitId: string) {
  // A read first: a record filed already (written since, or by an earlier delivery of this
  // message) costs a Query, not a transaction of its record and every entry.
  return rewriteRecordsOf(
    store,
    unitId,
    async (r) => (await store.nameEntriesFiled(r)) || store.fileNameEntries(r),
  );
}

const store = makeEduStore();

export const handler = makeQueueHandler(nameEntriesMessage, async ({ unitId }) => {
  const records = await fileNamesOf(store, unitId);
  logger.info('Names filed by word', { unitId, records });
});
