import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { can, type Principal, scopesFor } from '../../shared/auth/can.ts';
import { PERMISSIONS, ROLE_PERMISSIONS, ROLE_RULES, ROLES } from '../../shared/auth/permissions.ts';

const unitId = fc.constantFrom('SGD', 'C1', 'C2', 'S1', 'S2', 'S3', 'G1');
// A small fixed tree: SGD → C1 → S1 → G1, SGD → C1 → S2, SGD → C2 → S3
const LINEAGE: Record<string, string[]> = {
  SGD: ['SGD'],
  C1: ['SGD', 'C1'],
  C2: ['SGD', 'C2'],
  S1: ['SGD', 'C1', 'S1'],
  S2: ['SGD', 'C1', 'S2'],
  S3: ['SGD', 'C2', 'S3'],
  G1: ['SGD', 'C1', 'S1', 'G1'],
};
const target = (id: string) => ({ orgUnitId: id, lineage: LINEAGE[id]! });
const assignment = fc.record({
  role: fc.constantFrom(...ROLES),
  scopeOrgUnitId: unitId,
  assignmentId: fc.uuid(),
});
const principal = fc.record({
  sub: fc.string({ minLength: 1 }),
  assignments: fc.array(assignment, { maxLength: 4 }),
});
const permission = fc.constantFrom(...PERMISSIONS);

describe('can()', () => {
  it('never grants a permission that no role of the principal holds', () => {
    fc.assert(
      fc.property(principal, permission, unitId, (p, perm, unit) => {
        const held = p.assignments.some((a) => ROLE_PERMISSIONS[a.role].includes(perm));
        // Nor a link: these principals have none.
        if (!held) expect(can(p, perm, target(unit))).toBe(false);
      }),
    );
  });

  it('is inherited downwards: allowed on a unit means allowed on everything under it (unless a rule reaches its unit only)', () => {
    const unitOnly = new Set(
      Object.values(ROLE_RULES).flatMap((rules) =>
        rules.filter((r) => r.reach === 'unit').map((r) => r.permission),
      ),
    );
    fc.assert(
      fc.property(principal, permission, unitId, unitId, (p, perm, a, b) => {
        if (unitOnly.has(perm)) return;
        const bUnderA = LINEAGE[b]!.includes(a);
        if (bUnderA && can(p, perm, target(a))) expect(can(p, perm, target(b))).toBe(true);
      }),
    );
  });

  it('is not inherited upwards or sideways', () => {
    const commune: Principal = {
      sub: 'x',
      assignments: [{ assignmentId: '1', role: 'commune-admin', scopeOrgUnitId: 'C1' }],
    };
    expect(can(commune, 'account.read', target('S1'))).toBe(true);
    expect(can(commune, 'account.read', target('SGD'))).toBe(false);
    expect(can(commune, 'account.read', target('C2'))).toBe(false);
    expect(can(commune, 'account.read', target('S3'))).toBe(false);
  });

  it('a rule that reaches its unit only is not inherited: the lending desk opens at the school, not from its commune', () => {
    const librarian: Principal = {
      sub: 'x',
      assignments: [{ assignmentId: '1', role: 'librarian', scopeOrgUnitId: 'S1' }],
    };
    const commune: Principal = {
      sub: 'y',
      assignments: [{ assignmentId: '2', role: 'commune-admin', scopeOrgUnitId: 'C1' }],
    };
    expect(can(librarian, 'library.circulate', target('S1'))).toBe(true);
    expect(can(librarian, 'library.circulate', target('G1'))).toBe(false);
    expect(can(commune, 'library.circulate', target('S1'))).toBe(false);
    expect(can(commune, 'library.statistics', target('S1'))).toBe(true);
  });

  it('checks an item’s facts only when asked about an item: owner, subject, named facts, a unit it names', () => {
    const teacher: Principal = {
      sub: 't',
      assignments: [{ assignmentId: '1', role: 'teacher', scopeOrgUnitId: 'S1' }],
    };
    const specialist: Principal = {
      sub: 's',
      assignments: [
        { assignmentId: '2', role: 'department-specialist', scopeOrgUnitId: 'SGD', subject: 'toan' },
      ],
    };
    const officer: Principal = {
      sub: 'o',
      assignments: [{ assignmentId: '3', role: 'commune-officer', scopeOrgUnitId: 'C1' }],
    };
    const record = (item: Record<string, string>) => ({ ...target('G1'), item });
    // The unit alone: may work here; each item is then checked.
    expect(can(teacher, 'records.read', target('S1'))).toBe(true);
    expect(can(teacher, 'records.read', record({ owner: 't', recordKind: 'teacher-plan' }))).toBe(true);
    expect(can(teacher, 'records.read', record({ owner: 'u', recordKind: 'teacher-plan' }))).toBe(false);
    expect(
      can(specialist, 'records.read', record({ owner: 'u', subject: 'toan', recordKind: 'lesson-plan' })),
    ).toBe(true);
    expect(
      can(specialist, 'records.read', record({ owner: 'u', subject: 'van', recordKind: 'lesson-plan' })),
    ).toBe(false);
    expect(
      can(specialist, 'records.read', record({ owner: 'u', subject: 'toan', recordKind: 'school-plan' })),
    ).toBe(false);
    const plan = (supervisor: string) => ({
      ...target('S1'),
      item: { owner: 'p', recordKind: 'school-plan', step: 'supervising-authority', supervisor },
    });
    expect(can(officer, 'records.approve', plan('C1'))).toBe(true);
    expect(can(officer, 'records.approve', plan('SGD'))).toBe(false);
  });

  it('grants self.read to any signed-in principal, even with no account yet', () => {
    expect(can({ sub: 'new-citizen', assignments: [] }, 'self.read')).toBe(true);
    expect(can({ sub: 'new-citizen', assignments: [] }, 'orgunit.read')).toBe(false);
  });

  it('grants self.link to account holders only, never to a token alone', () => {
    expect(can({ sub: 'new-citizen', assignments: [] }, 'self.link')).toBe(false);
    expect(can({ sub: 'parent', assignments: [], hasAccount: true }, 'self.link')).toBe(true);
  });

  it('grants a link’s permissions on the linked person alone, whatever the unit', () => {
    const guardian: Principal = {
      sub: 'parent',
      assignments: [],
      hasAccount: true,
      links: [{ recordId: 'child-1', relation: 'guardian' }],
    };
    const school = (person: string) => ({
      orgUnitId: 'S-ONE',
      lineage: ['ROOT', 'C-ONE', 'S-ONE'],
      item: { person },
    });
    expect(can(guardian, 'learner.read')).toBe(true);
    expect(can(guardian, 'learner.read', school('child-1'))).toBe(true);
    expect(can(guardian, 'learner.read', school('child-2'))).toBe(false);
    // A unit without an item is not a person: no list of a school's learners through a link.
    expect(can(guardian, 'learner.read', { orgUnitId: 'S-ONE', lineage: ['ROOT', 'C-ONE', 'S-ONE'] })).toBe(
      false,
    );
    expect(can(guardian, 'edudata.read', school('child-1'))).toBe(false);
    // A staff link grants no learner's record, and no role grants learner.read.
    expect(can({ ...guardian, links: [{ recordId: 'child-1', relation: 'staff' }] }, 'learner.read')).toBe(
      false,
    );
    expect(ROLES.some((role) => ROLE_PERMISSIONS[role].includes('learner.read'))).toBe(false);
    // Asking the school to correct the record: the learner and their guardians, on that person alone.
    expect(can(guardian, 'learner.request-correction', school('child-1'))).toBe(true);
    expect(can(guardian, 'learner.request-correction', school('child-2'))).toBe(false);
    expect(
      can(
        { ...guardian, links: [{ recordId: 'child-1', relation: 'self' }] },
        'learner.request-correction',
        school('child-1'),
      ),
    ).toBe(true);
    expect(ROLES.some((role) => ROLE_PERMISSIONS[role].includes('learner.request-correction'))).toBe(false);
  });

  it('scopesFor lists the roots where the principal holds a permission', () => {
    const p: Principal = {
      sub: 'x',
      assignments: [
        { assignmentId: '1', role: 'teacher', scopeOrgUnitId: 'S1' },
        { assignmentId: '2', role: 'school-leader', scopeOrgUnitId: 'S2' },
      ],
    };
    expect(scopesFor(p, 'account.read')).toEqual(['S2']);
    expect(scopesFor(p, 'orgunit.read').sort()).toEqual(['S1', 'S2']);
  });
});
