/**
 * A unit moved in the org tree (identity's `org-unit.moved`). Authorization already follows the
 * tree; what does not is what is listed under the unit directly above a school — its records
 * (a commune's learners), its submissions in the commune's approval queue and its figures. Only
 * the moved unit's own parent changed (the units under it keep theirs), so only its items move.
 *
 * Idempotent: each item is re-keyed only if it is still under the old parent, conditionally, so
 * a redelivered message changes nothing more.
 */
import { orgTree } from '#shared/auth/principal-loader.ts';
import { ORG_UNIT_MOVED, type OrgUnitMovedEvent, orgUnitMovedEvent } from '#shared/events/org-unit-moved.ts';
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler, sendMessage } from '#shared/queue/sqs.ts';
import { STATISTICS_QUEUE, statisticsMessage } from '../messages.ts';
import { makeStatistics } from '../statistics.ts';
import { type EduStore, makeEduStore } from '../store.ts';
import { rewriteRecordsOf } from '../walk.ts';

export async function followMove(store: EduStore, event: OrgUnitMovedEvent) {
  const unitId = event.orgUnitId;
  const from = event.fromLineage.at(-2);
  const to = event.toLineage.at(-2);
  if (!from || !to || from === to) return { records: 0, queued: 0 };

  // The Department's school years never move, so a school's own records are all there is.
  const records = await rewriteRecordsOf(
    store,
    unitId,
    (r) => store.reparentRecord(r, to),
    (r) => r.parentId !== to,
  );

  let queued = 0;
  for (const entry of await store.queuedOf(from, unitId))
    if (await store.moveQueued(entry.recordId, from, to)) queued++;
  return { records, queued };
}

export function makeMoveFollower(store: EduStore) {
  const statistics = makeStatistics(store);
  return async (event: OrgUnitMovedEvent) => {
    const moved = await followMove(store, event);
    // The figures follow too: a school's are recomputed under its new parent (which also rolls up
    // the old one); any other unit's total is rolled up again, and its old parent's without it.
    const from = event.fromLineage.at(-2);
    const unit = await orgTree()(event.orgUnitId);
    if (unit?.kind === 'school') await statistics.requestRefresh([event.orgUnitId]);
    else
      for (const unitId of [event.orgUnitId, ...(from ? [from] : [])])
        await sendMessage(STATISTICS_QUEUE, statisticsMessage, { refresh: 'rollup', unitId });
    logger.info(`Followed ${ORG_UNIT_MOVED}`, { orgUnitId: event.orgUnitId, ...moved });
  };
}

const follow = makeMoveFollower(makeEduStore());

export const handler = makeQueueHandler(orgUnitMovedEvent, (event) => follow(event));
