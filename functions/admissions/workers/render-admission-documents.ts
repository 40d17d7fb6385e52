/**
 * Renders one admissions document (document-rendering.ts): an application's receipt, a candidate's
 * admission ticket, or a seating's room lists. Its key is fixed by what it shows, so a redelivered
 * message writes the same file again.
 */
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { renderAdmissionDocument } from '../document-rendering.ts';
import { documentMessage } from '../messages.ts';

export const handler = makeQueueHandler(documentMessage, async (message) => {
  const written = await renderAdmissionDocument(message);
  logger.info('Admission documents rendered', { kind: message.kind, files: written.length });
});
