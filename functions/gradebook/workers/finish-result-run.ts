import { resultRuns } from '../result-runs.ts';

/** Task state after the Map: every school is done; the run's figures are its counters. */
export async function handler(input: { runId: string }) {
  await resultRuns.finish(input.runId, { status: 'done' });
  return { runId: input.runId, status: 'done' };
}
