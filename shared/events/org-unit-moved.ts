/**
 * Events one context publishes and others follow, by name. The publisher knows no subscriber:
 * a context subscribes by declaring `subscribes` on one of its queues in its manifest, and the
 * plan hands every function the event → queues map (EVENT_SUBSCRIBERS).
 */
import * as z from 'zod';
import { EXAM_ATTEMPT_GRADED } from './exam-attempt-graded.ts';

/**
 * A unit moved in the org tree (identity, after the move's transaction committed). Indexes keyed
 * by an ancestor of a unit (a commune's approval queue, a review queue) follow it; authorization
 * needs nothing, it reads the tree at request time.
 */
export const ORG_UNIT_MOVED = 'org-unit.moved';

export const orgUnitMovedEvent = z.object({
  orgUnitId: z.string().min(1),
  fromLineage: z.array(z.string().min(1)).min(1),
  toLineage: z.array(z.string().min(1)).min(1),
  movedAt: z.iso.datetime(),
});
export type OrgUnitMovedEvent = z.infer<typeof orgUnitMovedEvent>;

/** Every event a context may publish or subscribe to. */
export const EVENTS = [ORG_UNIT_MOVED, EXAM_ATTEMPT_GRADED] as const;
export type EventName = (typeof EVENTS)[number];
