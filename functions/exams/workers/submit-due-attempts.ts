/**
 * Every minute: submits the attempts whose time is up, with the answers last saved — also when
 * the candidate's browser is gone. No candidate is polled: due attempts are filed by minute.
 */
import { measureCapacity } from '#shared/db/consumed-capacity.ts';
import { logger } from '#shared/observability/logger.ts';
import { makeSessions } from '../sessions.ts';

const sessions = makeSessions();

export async function handler() {
  // A scheduled worker has no shared pipeline: its DynamoDB units are counted here (EMF on AWS).
  const result = await measureCapacity('submit-due-attempts', () => sessions.sweepDue());
  if (result.submitted) logger.info('Attempts submitted at their deadline', result);
  return result;
}
