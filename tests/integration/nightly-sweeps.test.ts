/**
 * The nightly workers no other test fires: they run clean against the shared data (each is
 * idempotent, so running them beside the other tests changes nothing those tests rely on), and
 * their AWS calls are recorded for the IAM test like every other function's.
 */
import { describe, expect, it } from 'vitest';
import { cloud } from '../support/cloud.ts';

const fire = async <T>(worker: string) => {
  const res = await fetch(`${cloud().apiUrl}/_local/fire/${worker}`, { method: 'POST' });
  expect(res.status, worker).toBe(200);
  return ((await res.json()) as { result: T }).result;
};

describe('nightly sweeps', () => {
  it('looks for holds past their days on the shelf in every school', async () => {
    const result = await fire<{ expired: number; schools: number }>('library-expire-library-holds');
    expect(result.schools).toBeGreaterThan(10);
    expect(Number.isInteger(result.expired)).toBe(true);
  });

  it('sweeps the repository: retries pending syncs and recounts every subject and grade', async () => {
    const result = await fire<{ pending: number; failed: number; recounted: number }>(
      'repository-sweep-repository',
    );
    expect(result.failed).toBe(0);
    // The curriculum's subjects × grades (at least the primary and secondary core subjects).
    expect(result.recounted).toBeGreaterThan(20);
  });
});
