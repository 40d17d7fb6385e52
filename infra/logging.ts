/**
 * What the platform writes to CloudWatch Logs, and why so little (docs/capacity.md, "Logs"): on
 * exam day every API request is logged by the HTTP API and by Lambda, and at 100,000 candidates
 * the bytes were a tenth of the exam's cost.
 *
 * - Lambda: JSON log format, the application's lines at INFO (the handlers log nothing per
 *   request at INFO, only jobs and failures), Lambda's own lines at WARN. That drops the START,
 *   END and REPORT lines of every invocation (~400 bytes); Lambda's Duration and Errors metrics
 *   stay, and failures, timeouts and out-of-memory are WARN or ERROR, so they are still logged. For
 *   a memory sizing study (REPORT's "Max Memory Used") deploy with `-c platformLogLevel=INFO`.
 *   Powertools' EMF reaches CloudWatch whatever the level: Metrics writes through its own Console
 *   on stdout, which Lambda's level filter does not touch (powertools-lambda-typescript #1766).
 * - The HTTP API: one compact JSON line per request (ACCESS_LOG_FIELDS).
 */

import { ApplicationLogLevel, LoggingFormat, SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

export const PLATFORM_LOG_LEVEL = 'platformLogLevel';
const LEVELS = { DEBUG: SystemLogLevel.DEBUG, INFO: SystemLogLevel.INFO, WARN: SystemLogLevel.WARN } as const;

/** The logging properties of every function the stack makes. */
export function lambdaLogging(scope: Construct) {
  const asked = scope.node.tryGetContext(PLATFORM_LOG_LEVEL) as unknown;
  const name = typeof asked === 'string' && asked.trim() !== '' ? asked.trim().toUpperCase() : 'WARN';
  if (!(name in LEVELS)) throw new Error(`${PLATFORM_LOG_LEVEL} must be DEBUG, INFO or WARN (was ${name}).`);
  return {
    loggingFormat: LoggingFormat.JSON,
    applicationLogLevelV2: ApplicationLogLevel.INFO,
    systemLogLevelV2: LEVELS[name as keyof typeof LEVELS],
  };
}
