/** What every task state of the platform's state machines does on failure (Amazon States Language). */

/** Lambda's transient errors are retried with jittered backoff; a task's own failure a few times. */
export const TASK_RETRY = [
  {
    ErrorEquals: [
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.TooManyRequestsException',
    ],
    IntervalSeconds: 1,
    MaxAttempts: 6,
    BackoffRate: 2,
    JitterStrategy: 'FULL',
  },
  { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 },
];

/** Any failure left goes to `state` (which records it on the job), the error under `$.error`. */
export const catchTo = (state: string) => [
  { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: state },
];
