/**
 * The public school directory people choose a school from (a transfer's new school, a lending
 * library, an exam's schools): every school of the demo city with the commune above it, by name,
 * to anyone, cacheable — and nothing but schools.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_ORG_UNITS } from '../../infra/local/demo-data.ts';
import { cloud } from '../support/cloud.ts';

interface Directory {
  schools: { orgUnitId: string; name: string; parentId: string; parentName: string }[];
}

describe('school directory', () => {
  it('lists every school with its commune, by Vietnamese name order, to anyone', async () => {
    const res = await fetch(`${cloud().apiUrl}/school-directory`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const { schools } = (await res.json()) as Directory;
    const byId = new Map(schools.map((s) => [s.orgUnitId, s]));
    const units = new Map(DEMO_ORG_UNITS.map((u) => [u.id, u]));
    // The oracle is the demo city as written, not the walk that built the answer.
    const demoSchools = DEMO_ORG_UNITS.filter((u) => u.kind === 'school');
    expect(demoSchools.length).toBeGreaterThan(300);
    for (const school of demoSchools) {
      const listed = byId.get(school.id);
      expect(listed, school.id).toMatchObject({ orgUnitId: school.id, name: school.name });
      // Under the unit the tree has now (other tests move schools), named as that unit is.
      expect(listed!.parentName, school.id).toBe(units.get(listed!.parentId)?.name);
    }
    // Only schools: no commune, office or subject group.
    for (const s of schools) expect(units.get(s.orgUnitId)?.kind ?? 'school').toBe('school');
    const names = schools.map((s) => s.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'vi')));
  });
});
