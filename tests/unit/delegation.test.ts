import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideGrant,
  GRANTABLE,
  type GrantedAssignment,
  type OrgUnitKind,
  revocationCascade,
} from '../../functions/identity/domain/delegation.ts';
import type { Principal } from '../../shared/auth/can.ts';
import { ROLE_PERMISSIONS, ROLES } from '../../shared/auth/permissions.ts';
import { type CodedText, renderText } from '../../shared/text/texts.ts';

const TREE: Record<string, { lineage: string[]; kind: OrgUnitKind }> = {
  SGD: { lineage: ['SGD'], kind: 'department' },
  W1: { lineage: ['SGD', 'W1'], kind: 'ward' },
  W2: { lineage: ['SGD', 'W2'], kind: 'ward' },
  S1: { lineage: ['SGD', 'W1', 'S1'], kind: 'school' },
  S2: { lineage: ['SGD', 'W2', 'S2'], kind: 'school' },
  G1: { lineage: ['SGD', 'W1', 'S1', 'G1'], kind: 'subject-group' },
};
const target = (id: string) => ({ orgUnitId: id, ...TREE[id]! });
const holder = (role: (typeof ROLES)[number], scope: string): Principal => ({
  sub: 'grantor',
  assignments: [{ assignmentId: 'a1', role, scopeOrgUnitId: scope }],
});

describe('decideGrant', () => {
  it('follows seed 001: department → commune admin → school officer → teacher', () => {
    expect(
      decideGrant(holder('department-admin', 'SGD'), { role: 'commune-admin', target: target('W1') }).allowed,
    ).toBe(true);
    expect(
      decideGrant(holder('commune-admin', 'W1'), { role: 'school-data-officer', target: target('S1') })
        .allowed,
    ).toBe(true);
    expect(
      decideGrant(holder('school-leader', 'S1'), { role: 'teacher', target: target('S1') }).allowed,
    ).toBe(true);
    expect(
      decideGrant(holder('school-leader', 'S1'), { role: 'group-leader', target: target('G1') }).allowed,
    ).toBe(true);
  });

  it('refuses scopes outside the grantor’s own', () => {
    const d = decideGrant(holder('commune-admin', 'W1'), {
      role: 'school-data-officer',
      target: target('S2'),
    });
    expect(d).toEqual({
      allowed: false,
      reason: expect.objectContaining({
        code: 'identity.grant-outside-scope',
        message: expect.stringContaining('does not cover S2'),
      }),
    });
    const reason = (d as { reason: CodedText }).reason;
    expect(renderText(reason.code, reason.params, 'vi')).toBe(
      'vai trò Quản trị cấp xã của bạn tại W1 không bao gồm đơn vị S2',
    );
  });

  it('says which kinds of unit a role is granted on, in either language', () => {
    const d = decideGrant(holder('commune-admin', 'W1'), { role: 'school-leader', target: target('W1') });
    const reason = (d as { reason: CodedText }).reason;
    expect(reason.code).toBe('identity.grant-wrong-kind');
    expect(reason.message).toBe('the role school leader is granted on a school, not on a ward');
    expect(renderText(reason.code, reason.params, 'vi')).toBe(
      'vai trò Ban giám hiệu chỉ được giao tại trường, không giao tại phường',
    );
  });

  it('refuses roles the grantor may not hand down, or on the wrong kind of unit', () => {
    expect(
      decideGrant(holder('commune-admin', 'W1'), { role: 'commune-admin', target: target('W1') }).allowed,
    ).toBe(false);
    expect(
      decideGrant(holder('school-leader', 'S1'), { role: 'school-leader', target: target('S1') }).allowed,
    ).toBe(false);
    expect(
      decideGrant(holder('commune-admin', 'W1'), { role: 'school-leader', target: target('W1') }).allowed,
    ).toBe(false);
    expect(decideGrant(holder('teacher', 'S1'), { role: 'teacher', target: target('S1') }).allowed).toBe(
      false,
    );
  });

  it('a specialist needs a subject', () => {
    const admin = holder('department-admin', 'SGD');
    expect(decideGrant(admin, { role: 'department-specialist', target: target('SGD') }).allowed).toBe(false);
    expect(
      decideGrant(admin, { role: 'department-specialist', target: target('SGD'), subject: 'toan' }).allowed,
    ).toBe(true);
  });

  it('never grants a permission the grantor lacks, nor outside its scope (property)', () => {
    const units = Object.keys(TREE);
    fc.assert(
      fc.property(
        fc.array(fc.record({ role: fc.constantFrom(...ROLES), scope: fc.constantFrom(...units) }), {
          maxLength: 3,
        }),
        fc.constantFrom(...ROLES),
        fc.constantFrom(...units),
        (held, role, unit) => {
          const grantor: Principal = {
            sub: 'g',
            assignments: held.map((h, i) => ({
              assignmentId: `a${i}`,
              role: h.role,
              scopeOrgUnitId: h.scope,
            })),
          };
          const decision = decideGrant(grantor, { role, target: target(unit), subject: 'toan' });
          if (!decision.allowed) return;
          expect(ROLE_PERMISSIONS[role].every((p) => ROLE_PERMISSIONS[decision.via.role].includes(p))).toBe(
            true,
          );
          expect(TREE[unit]!.lineage).toContain(decision.via.scopeOrgUnitId);
          expect(GRANTABLE[decision.via.role]?.[role]).toContain(TREE[unit]!.kind);
        },
      ),
    );
  });
});

describe('revocationCascade', () => {
  it('collects everything granted through an assignment, transitively, once', async () => {
    const edges: Record<string, string[]> = {
      root: ['c1', 'c2'],
      c1: ['s1'],
      s1: ['t1', 't2'],
      c2: [],
      t1: ['c1'],
    };
    const found = await revocationCascade('root', async (id) =>
      (edges[id] ?? []).map(
        (child) =>
          ({
            assignmentId: child,
            accountId: child,
            role: 'teacher',
            scopeOrgUnitId: 'S1',
          }) as GrantedAssignment,
      ),
    );
    expect(found.map((a) => a.assignmentId)).toEqual(['c1', 'c2', 's1', 't1', 't2']);
  });
});
