import { reportJobService as jobs } from '../jobs.ts';

/** Catch target of the report state machine: records the reason on the job. */
export async function handler(input: { reportId: string; error?: { Error?: string; Cause?: string } }) {
  const reason = [input.error?.Error, input.error?.Cause].filter(Boolean).join(': ').slice(0, 500);
  await jobs.finish(input.reportId, { status: 'failed', error: reason || 'Unknown error' });
  return { reportId: input.reportId, status: 'failed' };
}
