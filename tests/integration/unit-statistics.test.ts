/**
 * Statistics list every unit of the tree — a school with no data too, with zeros — and count the
 * schools the tree has; a person's recent imports are their own (another person importing into
 * the same school sees only theirs).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { authEntities } from '../../shared/auth/store.ts';
import { api, postUpload, type UploadLink, until, useCloudEnvironment } from '../support/cloud.ts';

interface Unit {
  orgUnitId: string;
  kind: string;
  name: string;
}

/** The units directly under a unit, read from the table's by-parent index (not through the API under test). */
async function children(orgUnitId: string): Promise<Unit[]> {
  const { data } = await authEntities()
    .orgUnit.query.byParent({ parentId: orgUnitId })
    .go({ pages: 'all', attributes: ['orgUnitId', 'kind', 'name'] });
  return data.filter((u) => u.kind !== 'subject-group');
}

/** Every school under a unit, walking the tree. */
async function schoolsUnder(orgUnitId: string): Promise<number> {
  const units = await children(orgUnitId);
  const nested = await Promise.all(
    units.filter((u) => u.kind !== 'school').map((u) => schoolsUnder(u.orgUnitId)),
  );
  return units.filter((u) => u.kind === 'school').length + nested.reduce((a, b) => a + b, 0);
}

describe('statistics list every unit', () => {
  beforeAll(useCloudEnvironment);
  const suffix = randomUUID().slice(0, 6).toUpperCase();
  // A commune no other test touches (the files share one cloud: a new commune under the city
  // would change the counts other tests expect); the new school in it has no data at all.
  const commune = 'X-KIENTHUY';
  const school = `TH-EMPTY${suffix}`;

  it('a school without any data is listed with zeros, and every unit counts the tree’s schools', async () => {
    // Read once before the school exists: the tree's shape is kept per container until the tree
    // changes, and the new school must show at once all the same.
    type Stats = { figures: { schools: number }; children: { orgUnitId: string }[] };
    const before = await api<Stats>(`/org-units/${commune}/statistics`, { as: 'leader1' });
    const cityBefore = await api<Stats>('/org-units/SGD/statistics', { as: 'leader1' });
    expect(before.body.children.map((c) => c.orgUnitId)).not.toContain(school);

    const madeSchool = await api(`/org-units/${commune}/children`, {
      as: 'admin',
      body: {
        orgUnitId: school,
        code: `ES${suffix}`,
        name: `Trường Tiểu học Trống ${suffix}`,
        kind: 'school',
      },
    });
    expect(madeSchool.status, JSON.stringify(madeSchool.body)).toBe(201);

    const [units, schools, inCommune] = await Promise.all([
      children('SGD'),
      schoolsUnder('SGD'),
      schoolsUnder(commune),
    ]);
    expect(units.length).toBeGreaterThan(100);

    const stats = await api<{
      figures: { schools: number; learners: number };
      children: {
        orgUnitId: string;
        name: string;
        hasData: boolean;
        figures: { schools: number; learners: number; submitted: number };
      }[];
    }>('/org-units/SGD/statistics', { as: 'leader1' });
    expect(stats.status).toBe(200);
    expect(stats.body.children.map((c) => c.orgUnitId).sort()).toEqual(units.map((u) => u.orgUnitId).sort());
    expect(stats.body.figures.schools).toBe(schools);
    expect(stats.body.figures.schools).toBe(cityBefore.body.figures.schools + 1);
    expect(stats.body.children.find((c) => c.orgUnitId === commune)?.figures.schools).toBe(inCommune);
    // Names, never ids: every row has its unit's name.
    for (const c of stats.body.children)
      expect(c.name).toBe(units.find((u) => u.orgUnitId === c.orgUnitId)!.name);

    const library = await api<{
      schools: number;
      rows: { orgUnitId: string; schools: number; schoolsCounted: number; loansYear: number }[];
    }>('/org-units/SGD/library-statistics', { as: 'leader1' });
    expect(library.status).toBe(200);
    expect(library.body.rows.map((r) => r.orgUnitId).sort()).toEqual(units.map((u) => u.orgUnitId).sort());
    expect(library.body.schools).toBe(schools);
    expect(library.body.rows.find((r) => r.orgUnitId === commune)?.schools).toBe(inCommune);

    const oversight = await api<{
      units: { unitId: string; schools: number; schoolsCounted: number; submitted: number }[];
    }>('/org-units/SGD/record-oversight?schoolYear=2026-2027', { as: 'leader1' });
    expect(oversight.status).toBe(200);
    expect(oversight.body.units.map((u) => u.unitId).sort()).toEqual(units.map((u) => u.orgUnitId).sort());
    expect(oversight.body.units.reduce((n, u) => n + u.schools, 0)).toBe(schools);
    expect(oversight.body.units.find((u) => u.unitId === commune)?.schools).toBe(inCommune);

    // The commune's own pages list the new school, with no data and zeros, and count it.
    const own = await api<{
      figures: { schools: number };
      children: { orgUnitId: string; hasData: boolean; figures: { learners: number; submitted: number } }[];
    }>(`/org-units/${commune}/statistics`, { as: 'leader1' });
    expect(own.body.figures.schools).toBe(inCommune);
    expect(own.body.figures.schools).toBe(before.body.figures.schools + 1);
    expect(own.body.children.find((c) => c.orgUnitId === school)).toMatchObject({
      hasData: false,
      figures: { learners: 0, submitted: 0 },
    });
    const ownLibrary = await api<{
      rows: { orgUnitId: string; schools: number; schoolsCounted: number; loansYear: number }[];
    }>(`/org-units/${commune}/library-statistics`, { as: 'leader1' });
    expect(ownLibrary.body.rows.find((r) => r.orgUnitId === school)).toMatchObject({
      schools: 1,
      schoolsCounted: 0,
      loansYear: 0,
    });
  }, 240_000);
});

interface Job {
  importId?: string;
  jobId?: string;
  status: string;
  orgUnitId: string;
  orgUnitName: string;
  errorCode?: string;
  upload?: UploadLink;
}

describe('my recent imports', () => {
  it('a failed record import is listed for the person who ran it, not for another in the same school', async () => {
    const asked = await api<Job>('/org-units/THPT-TRANPHU/record-imports', {
      as: 'principal1',
      body: { kind: 'student', submit: false },
    });
    expect(asked.status).toBe(201);
    expect((await postUpload(asked.body.upload!, new TextEncoder().encode('not a spreadsheet'))).status).toBe(
      204,
    );
    const failed = await until(async () => {
      const mine = await api<{ items: Job[] }>('/me/record-imports', { as: 'principal1' });
      const job = mine.body.items.find((j) => j.importId === asked.body.importId);
      return job?.status === 'failed' ? job : undefined;
    }, 60_000);
    expect(failed).toMatchObject({ orgUnitId: 'THPT-TRANPHU', errorCode: 'job.not-xlsx' });
    expect(failed.orgUnitName).toMatch(/Trần Phú/);

    // The Department's admin enters data for the same school: their own import only.
    const theirs = await api<Job>('/org-units/THPT-TRANPHU/record-imports', {
      as: 'admin',
      body: { kind: 'staff', submit: false },
    });
    expect(theirs.status).toBe(201);
    const admin = await api<{ items: Job[] }>('/me/record-imports?days=30', { as: 'admin' });
    expect(admin.body.items.map((j) => j.importId)).toContain(theirs.body.importId);
    expect(admin.body.items.map((j) => j.importId)).not.toContain(asked.body.importId);
    const principal = await api<{ items: Job[] }>('/me/record-imports', { as: 'principal1' });
    expect(principal.body.items.map((j) => j.importId)).not.toContain(theirs.body.importId);
    // A person who enters no data has no such list.
    expect((await api('/me/record-imports', { as: 'leader1' })).status).toBe(403);
    expect((await api('/me/record-imports?days=31', { as: 'principal1' })).status).toBe(400);
  });

  it('org-unit and catalogue imports are listed for their requester only', async () => {
    const orgImport = await api<Job>('/org-units/P-HONGBANG/imports', {
      as: 'commune1.admin',
      method: 'POST',
    });
    expect(orgImport.status).toBe(201);
    const own = await api<{ items: Job[] }>('/me/org-unit-imports', { as: 'commune1.admin' });
    expect(own.status).toBe(200);
    expect(own.body.items.find((j) => j.importId === orgImport.body.importId)).toMatchObject({
      status: 'awaiting-upload',
      orgUnitId: 'P-HONGBANG',
    });
    const other = await api<{ items: Job[] }>('/me/org-unit-imports', { as: 'admin' });
    expect(other.body.items.map((j) => j.importId)).not.toContain(orgImport.body.importId);

    const catalogue = await api<Job>('/org-units/THPT-TRANPHU/catalogue-imports', {
      as: 'librarian1',
      body: { format: 'marcxml' },
    });
    expect(catalogue.status).toBe(201);
    const librarian = await api<{ items: Job[] }>('/me/catalogue-imports', { as: 'librarian1' });
    expect(librarian.body.items.map((j) => j.jobId)).toContain(catalogue.body.jobId);
    const colleague = await api<{ items: Job[] }>('/me/catalogue-imports', { as: 'principal1' });
    expect(colleague.status).toBe(200);
    expect(colleague.body.items.map((j) => j.jobId)).not.toContain(catalogue.body.jobId);
  });
});
