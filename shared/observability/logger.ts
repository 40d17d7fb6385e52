/**
 * One Powertools logger per process: JSON lines with the service name, the correlation id of the
 * request being served and, on Lambda, the function's context.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'vn-edu-cloud',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
});
