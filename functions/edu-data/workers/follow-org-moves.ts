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
import { RECORD_KINDS } from '../domain/records.ts';
import { STATISTICS_QUEUE, statisticsMessage } from '../messages.ts';
import { makeStatistics } from '../statistics.ts';
import { type EduStore, makeEduStore } from '../store.ts';

/** Writes in flight at once: a school's thousands of learners without throttling the table. */
const CONCURRENCY = 10;
const RETRIES = 3;

export async function followMove(store: EduStore, event: OrgUnitMovedEvent) {
  const unitId = event.orgUnitId;
  const from = event.fromLineage.at(-2);
  const to = event.toLineage.at(-2);
  if (!from || !to || from === to) return { records: 0, queued: 0 };

  let records = 0;
  for (const kind of RECORD_KINDS) {
    if (kind === 'school-year') continue; // the Department's, which never moves
    for await (const page of store.pagesOfOwner(unitId, kind)) {
      const stale = page.filter((r) => r.parentId !== to);
      for (let i = 0; i < stale.length; i += CONCURRENCY)
        await Promise.all(
          stale.slice(i, i + CONCURRENCY).map(async (r) => {
            let current: typeof r | undefined = r;
            for (let tries = 0; current && current.parentId !== to && tries < RETRIES; tries++) {
              if (await store.reparentRecord(current, to)) {
                records++;
                return;
              }
              // Someone wrote it meanwhile: read it again and re-key what they wrote.
              current = await store.getRecord(r.recordId);
            }
            if (current && current.parentId !== to) throw new Error(`Record ${r.recordId} kept changing`);
          }),
        );
    }
  }

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
