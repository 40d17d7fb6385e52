import { jobText } from '#shared/jobs/texts.ts';
import { jobFailure } from '#shared/text/texts.ts';
import { resultRuns } from '../result-runs.ts';

/** Catch target of the result-run machine: records why on the run, in words the API translates. */
export async function handler(input: { runId: string; error?: { Error?: string; Cause?: string } }) {
  const reason = [input.error?.Error, input.error?.Cause].filter(Boolean).join(': ').slice(0, 500);
  const text = reason ? jobText('failed', { reason }) : jobText('failed-unknown');
  await resultRuns.finish(input.runId, { status: 'failed', ...jobFailure(text) });
  return { runId: input.runId, status: 'failed' };
}
