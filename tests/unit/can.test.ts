import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { can, type Principal, scopesFor } from '../../shared/auth/can.ts';
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES } from '../../shared/auth/permissions.ts';

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
        if (!held) expect(can(p, perm, target(unit))).toBe(false);
      }),
    );
  });

  it('is inherited downwards: allowed on a unit means allowed on everything under it', () => {
    fc.assert(
      fc.property(principal, permission, unitId, unitId, (p, perm, a, b) => {
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

  it('grants self.read to any signed-in principal, even with no account yet', () => {
    expect(can({ sub: 'new-citizen', assignments: [] }, 'self.read')).toBe(true);
    expect(can({ sub: 'new-citizen', assignments: [] }, 'orgunit.read')).toBe(false);
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
