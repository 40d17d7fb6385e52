/**
 * The portal's pure parts: who gets which home page and menu, and the two catalogues agreeing on
 * every key and placeholder (a missing English string or a dropped {name} fails here).
 */
import { describe, expect, it } from 'vitest';
import { CORRECTION_FIELDS } from '../../functions/edu-data/domain/corrections.ts';
import { CORRECTION_FIELDS as PORTAL_CORRECTION_FIELDS } from '../../portal/src/api/family.ts';
import type { Me } from '../../portal/src/api/types.ts';
import { auditActionLabel } from '../../portal/src/i18n/audit-actions.ts';
import { en } from '../../portal/src/i18n/en.ts';
import { fieldLabel } from '../../portal/src/i18n/fields.ts';
import { formatDay, formatDayTime } from '../../portal/src/i18n/index.ts';
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

describe('portal navigation for learners and guardians', () => {
  const withAccount = (me: Me): Me => ({ ...me, permissions: [...me.permissions, 'self.link'] });

  it('offers linking and notification settings to learners, parents and citizens with an account', () => {
    for (const role of ['student', 'parent', 'citizen'] as const) {
      const hrefs = navFor(withAccount(meWith([{ role, scope: 'THPT-TRANPHU' }]))).map((i) => i.href);
      expect(hrefs, role).toEqual(expect.arrayContaining(['/link', '/settings/notifications']));
    }
    // A VNeID citizen without any role is a citizen too.
    expect(navFor(withAccount(meWith([]))).map((i) => i.href)).toContain('/link');
  });

  it('keeps them out of staff menus and away from a token without an account', () => {
    const teacher = navFor(withAccount(meWith([{ role: 'teacher', scope: 'S' }]))).map((i) => i.href);
    expect(teacher).not.toContain('/link');
    expect(teacher).not.toContain('/settings/notifications');
    expect(navFor(meWith([{ role: 'parent', scope: 'S' }])).map((i) => i.href)).not.toContain('/link');
  });
});

describe('portal contract copies', () => {
  it('offers exactly the profile fields a correction request may name (edu-data, without zod in the bundle)', () => {
    expect([...PORTAL_CORRECTION_FIELDS]).toEqual([...CORRECTION_FIELDS]);
  });
});

describe('portal dates', () => {
  it('write a calendar day as dd/mm/yyyy, never shifted by the time zone', () => {
    expect(formatDay('2026-09-05')).toBe('05/09/2026');
    expect(formatDay('2026-01-31')).toBe('31/01/2026');
  });

  it('write an instant as the day and time in the city', () => {
    // 17:30 UTC on 31 December is 00:30 on 1 January in Hải Phòng (UTC+7).
    expect(formatDay('2026-12-31T17:30:00Z')).toBe('01/01/2027');
    expect(formatDayTime('2026-12-31T17:30:00Z')).toBe('01/01/2027 00:30');
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

describe('field names in problems', () => {
  it('names an API field as people do, positions included, and hides one it cannot name', () => {
    expect(fieldLabel('reason')).toBe('Lý do');
    expect(fieldLabel('introductionLetter.number')).toBe('Số giấy giới thiệu');
    expect(fieldLabel('candidates.3')).toBe('Thí sinh (mục 4)');
    expect(fieldLabel('rooms.0.supervisors')).toBe('Giám thị (mục 1)');
    expect(fieldLabel('zzInternal')).toBe('');
  });
});

describe('audit actions in words', () => {
  it('says an action as a verb and a thing, never its code', () => {
    expect(auditActionLabel('edu-record.approve')).toBe('Phê duyệt hồ sơ dữ liệu ngành');
    expect(auditActionLabel('role.grant')).toBe('Giao vai trò');
    expect(auditActionLabel('edu-record.import-submit')).toBe('Gửi duyệt hồ sơ dữ liệu ngành (nhập từ tệp)');
    expect(auditActionLabel('self.read')).toBe('Thao tác khác');
  });
});

describe('problems by name', () => {
  it('tells the API’s problem by its type, whatever language the detail is in', async () => {
    const { ApiProblem } = await import('../../portal/src/api/client.ts');
    const { HttpProblem } = await import('../../shared/http/problem.ts');
    const body = new HttpProblem({
      status: 403,
      title: 'Forbidden',
      slug: 'exam-access-code',
      detail: 'Hãy nhập mã vào thi do cán bộ coi thi công bố tại phòng thi.',
    }).toBody();
    const problem = new ApiProblem(body.status, body.title, body.detail, [], body.type);
    expect(problem.is('exam-access-code')).toBe(true);
    expect(problem.is('access-code')).toBe(false);
    expect(new ApiProblem(403, 'Forbidden', 'access code').is('exam-access-code')).toBe(false);
  });
});
