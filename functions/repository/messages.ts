import * as z from 'zod';

/** Uploaded files of resources land here (materials bucket); S3 announces them for checking. */
export const RESOURCE_PREFIX = 'resources/';
export const UPLOADS_QUEUE = 'resource-uploads';
/**
 * What a publication or withdrawal changes elsewhere — the union catalogue, OAI-PMH, lesson links
 * and curriculum coverage — and coverage recounts after the curriculum changes.
 */
export const SYNC_QUEUE = 'repository-sync';

export const syncMessage = z.union([
  z.object({ resourceId: z.uuid() }),
  z.object({ subject: z.string().min(1), grade: z.number().int().min(1).max(12) }),
]);

/** Moves in the org tree (identity's `org-unit.moved`): review queues follow the moved units. */
export const ORG_MOVES_QUEUE = 'repository-org-moves';
