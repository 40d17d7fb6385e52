/**
 * A unit moved in the org tree (identity's `org-unit.moved`): resources of the moved unit and of
 * the schools under it are reviewed where their licence says as the tree is now (a city resource
 * of a school: its new commune), so the new commune's review queue lists them and the old one's
 * no longer does. Authorization already reads the tree; this is only the queue's index.
 *
 * Idempotent: a resource is re-keyed only while its review unit differs, conditionally on its
 * revision, so a redelivered message changes nothing more.
 */
import { makeOrgTree } from '#shared/auth/principal-loader.ts';
import { schoolsUnder } from '#shared/auth/store.ts';
import { ORG_UNIT_MOVED, type OrgUnitMovedEvent, orgUnitMovedEvent } from '#shared/events/org-unit-moved.ts';
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { reviewUnitOf } from '../domain/resources.ts';
import { makeRepository, type ResourceItem } from '../service.ts';

const PAGE = 100;
const RETRIES = 3;

export async function followMove(repository: ReturnType<typeof makeRepository>, event: OrgUnitMovedEvent) {
  // A fresh reader: the container's cached tree may still hold the lineage of before the move.
  const tree = makeOrgTree();
  const unitIds = [event.orgUnitId, ...(await schoolsUnder(event.orgUnitId))];
  const units = await tree.many(unitIds);
  let moved = 0;
  for (const unitId of unitIds) {
    const unit = units.get(unitId);
    if (!unit) continue;
    let cursor: string | null = null;
    do {
      const page: { items: ResourceItem[]; cursor: string | null } = await repository.byUnit(
        unitId,
        PAGE,
        cursor,
      );
      for (const r of page.items) {
        let current: ResourceItem | undefined = r;
        for (let tries = 0; current && tries < RETRIES; tries++) {
          const reviewUnitId = reviewUnitOf(current.meta.licence, unit);
          if (current.reviewUnitId === reviewUnitId) break;
          if (await repository.moveReview(current, reviewUnitId)) {
            moved++;
            break;
          }
          current = await repository.get(r.resourceId);
        }
      }
      cursor = page.cursor;
    } while (cursor);
  }
  return { units: unitIds.length, moved };
}

const repository = makeRepository();

export const handler = makeQueueHandler(orgUnitMovedEvent, async (event) => {
  const result = await followMove(repository, event);
  logger.info(`Followed ${ORG_UNIT_MOVED}`, { orgUnitId: event.orgUnitId, ...result });
});
