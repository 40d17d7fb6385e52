/**
 * The portal's pure parts: who gets which home page and menu, and the two catalogues agreeing on
 * every key and placeholder (a missing English string or a dropped {name} fails here).
 */
import { describe, expect, it } from 'vitest';
import type { Me } from '../../portal/src/api/types.ts';
import { en } from '../../portal/src/i18n/en.ts';
import { vi } from '../../portal/src/i18n/vi.ts';
import { audiencesOf, navFor, primaryScope } from '../../portal/src/nav.ts';
import { ROLE_PERMISSIONS, ROLES, type Role } from '../../shared/auth/permissions.ts';

const meWith = (roles: { role: Role; scope: string }[]): Me => ({
  sub: 'someone',
  status: 'active',
  roles: roles.map((r, i) => ({
    assignmentId: String(i),
    role: r.role,
    roleLabel: r.role,
    scopeOrgUnitId: r.scope,
  })),
  permissions: [...new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r.role]))],
});

describe('portal navigation by role', () => {
  it('puts every role in an audience, and nobody without a role outside "citizen"', () => {
    for (const role of ROLES) expect(audiencesOf(meWith([{ role, scope: 'X' }]))).toHaveLength(1);
    expect(audiencesOf(meWith([]))).toEqual(['citizen']);
  });

  it('takes the widest role for the home page and its scope', () => {
    const me = meWith([
      { role: 'teacher', scope: 'THPT-TRANPHU' },
      { role: 'commune-officer', scope: 'P-NGOQUYEN' },
    ]);
    expect(audiencesOf(me)).toEqual(['commune', 'teacher']);
    expect(primaryScope(me)).toBe('P-NGOQUYEN');
  });

  it('shows only items whose permission the person holds', () => {
    for (const role of ROLES) {
      const me = meWith([{ role, scope: 'X' }]);
      for (const item of navFor(me)) {
        if (item.permission) expect(me.permissions).toContain(item.permission);
      }
    }
    const teacher = navFor(meWith([{ role: 'teacher', scope: 'S' }])).map((i) => i.href);
    expect(teacher).not.toContain('/audit');
    const admin = navFor(meWith([{ role: 'department-admin', scope: 'SGD' }])).map((i) => i.href);
    expect(admin).toEqual(expect.arrayContaining(['/audit', '/reports', '/org-units/SGD']));
  });
});

describe('portal catalogues', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('have the same keys and the same placeholders in Vietnamese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(vi[key]));
    }
  });

  it('name every role the platform defines', () => {
    for (const role of ROLES) expect(vi).toHaveProperty(`role.${role}`);
  });

  it('store Vietnamese in NFC, so text compares and searches as typed', () => {
    for (const text of Object.values(vi)) expect(text).toBe(text.normalize('NFC'));
  });
});
