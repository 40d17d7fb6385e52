/** People (and classes) of the education database for tests that need them approved (library cards, …). */
import { expect } from 'vitest';
import { api } from './cloud.ts';

/**
 * A student or staff member of a school (Trần Phú by default) created by its leader, submitted,
 * and approved by its commune's admin: as the education database has them once a school's data
 * is in.
 */
export async function approvedPerson(
  kind: 'student' | 'staff' | 'class',
  data: Record<string, unknown>,
  school = 'THPT-TRANPHU',
  people = { author: 'principal1', approver: 'commune2.admin' },
) {
  const created = await api<{ recordId: string; version: number }>(`/org-units/${school}/records/${kind}`, {
    as: people.author,
    body: { data },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const submitted = await api<{ results: { ok: boolean; record?: { version: number } }[] }>(
    '/records/submissions',
    {
      as: people.author,
      body: { records: [{ recordId: created.body.recordId, expectedVersion: created.body.version }] },
    },
  );
  expect(submitted.body.results[0]?.ok, JSON.stringify(submitted.body)).toBe(true);
  const decided = await api<{ results: { ok: boolean }[] }>('/records/decisions', {
    as: people.approver,
    body: {
      decision: 'approve',
      records: [
        { recordId: created.body.recordId, expectedVersion: submitted.body.results[0]!.record!.version },
      ],
    },
  });
  expect(decided.body.results[0]?.ok, JSON.stringify(decided.body)).toBe(true);
  return created.body.recordId;
}
