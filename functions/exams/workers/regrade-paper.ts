/**
 * After a key correction: queues every attempt of every session that uses the paper for grading
 * by the new key. The grader skips what is already graded by that key or a later one, so running
 * this twice (a redelivery) changes nothing.
 */
import { makeQueueHandler, sendMessages } from '#shared/queue/sqs.ts';
import { examEntities } from '../entities.ts';
import { GRADING_QUEUE, gradingMessage, regradingMessage } from '../messages.ts';

export const handler = makeQueueHandler(regradingMessage, async ({ paperId, keyVersion }) => {
  const { data: sessions } = await examEntities()
    .examSession.query.byPaper({ paperId })
    .go({ pages: 'all', attributes: ['sessionId'] });
  for (const { sessionId } of sessions) {
    let cursor: string | null = null;
    do {
      const page: { data: { accountId: string }[]; cursor: string | null } = await examEntities()
        .attempt.query.bySession({ sessionId })
        .go({ cursor, limit: 1000, attributes: ['accountId'] });
      await sendMessages(
        GRADING_QUEUE,
        gradingMessage,
        page.data.map(({ accountId }) => ({ sessionId, accountId, keyVersion })),
      );
      cursor = page.cursor;
    } while (cursor);
  }
});
