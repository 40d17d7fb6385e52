/** Compares a finished stock-taking's scans with the school's copies and keeps the report. */
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { stocktakeMessage } from '../messages.ts';
import { makeStocktakes } from '../stocktake.ts';

const stocktakes = makeStocktakes();

export const handler = makeQueueHandler(stocktakeMessage, async ({ stocktakeId }) => {
  const done = await stocktakes.report(stocktakeId);
  logger.info('Stock-taking reported', {
    stocktakeId,
    missing: done.report?.missing,
    scanned: done.report?.scanned,
  });
});
