/**
 * The HTTP API's access log line: what an operator needs to follow a request, nothing more. The
 * API sits behind CloudFront, so the caller's address the stage sees is an edge's, not the
 * person's: it is left out (and with it a personal datum), as are the protocol and the method
 * (the route key has it). Missing values are logged as "-". The capacity plan counts this line's
 * bytes per request (tests/unit/log-bytes.test.ts measures it).
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTimeEpoch',
  route: '$context.routeKey',
  status: '$context.status',
  ms: '$context.responseLatency',
  lambdaMs: '$context.integrationLatency',
  bytes: '$context.responseLength',
  error: '$context.integrationErrorMessage',
  authError: '$context.authorizer.error',
} as const;

export const accessLogFormat = (): string => JSON.stringify(ACCESS_LOG_FIELDS);
