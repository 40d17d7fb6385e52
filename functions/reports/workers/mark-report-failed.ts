import { jobText } from '#shared/jobs/texts.ts';
import { jobFailure } from '#shared/text/texts.ts';
import { reportJobService as jobs } from '../jobs.ts';

/**
 * Catch target of the report state machine: records the reason on the job, as a coded failure
 * the API says in the caller's language (the machine's own error name and cause as its detail).
 */
export async function handler(input: { reportId: string; error?: { Error?: string; Cause?: string } }) {
  const reason = [input.error?.Error, input.error?.Cause].filter(Boolean).join(': ').slice(0, 500);
  const text = reason ? jobText('failed', { reason }) : jobText('failed-unknown');
  await jobs.finish(input.reportId, { status: 'failed', ...jobFailure(text) });
  return { reportId: input.reportId, status: 'failed' };
}
