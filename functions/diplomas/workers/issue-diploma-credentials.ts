/**
 * Holds the issuer's key (KMS, Ed25519): signs a digital diploma the office issued, or signs and
 * publishes again a revocation list after a revocation. Both are idempotent: a signed credential
 * is not signed again, a list is published only for a revision later than the one published.
 */
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { makeDigitalDiplomas } from '../digital.ts';
import { credentialMessage } from '../messages.ts';

const digital = makeDigitalDiplomas();

export const handler = makeQueueHandler(credentialMessage, async (message) => {
  if (message.kind === 'issue') {
    const outcome = await digital.sign(message.credentialId);
    logger.info('Digital diploma', { credentialId: message.credentialId, outcome });
  } else {
    const outcome = await digital.publish(message.listId);
    logger.info('Revocation list', { listId: message.listId, outcome });
  }
});
