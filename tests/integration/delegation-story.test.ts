/**
 * Seed 001 end to end: the Department creates a commune's admin account and hands it over, the
 * commune admin names a school's data officer, that officer acts in that school only, revoking
 * the commune admin's role takes what was granted through it, and every step is audited.
 */
import { describe, expect, it } from 'vitest';
import { api } from '../support/cloud.ts';

interface Assignment {
  accountId: string;
  assignmentId: string;
  role: string;
  scopeOrgUnitId: string;
  grantedVia: string;
  accountName?: string;
  scopeName?: string;
}
interface AuditPage {
  items: {
    action: string;
    actorId: string;
    targetId: string;
    orgUnitId: string;
    changes: Record<string, unknown>;
  }[];
}

describe('delegated administration (seed 001)', () => {
  it('department → commune admin → school data officer, scoped and audited, revoked in cascade', async () => {
    // The Department creates the commune admin's account and grants the role.
    const created = await api('/org-units/P-NGOQUYEN/accounts', {
      as: 'admin',
      body: {
        accountId: 'ngoquyen.admin',
        fullName: 'Lương Thị Minh Châu',
        email: 'chau.ltm@ngoquyen.example.vn',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'invited', homeOrgUnitId: 'P-NGOQUYEN' });
    const granted = await api<Assignment>('/org-units/P-NGOQUYEN/role-assignments', {
      as: 'admin',
      body: { accountId: 'ngoquyen.admin', role: 'commune-admin' },
    });
    expect(granted.status).toBe(201);

    // First sign-in activates the invited account.
    const me = await api<{ status: string; roles: { role: string }[]; homeName: string }>('/me', {
      as: 'ngoquyen.admin',
    });
    expect(me.body.status).toBe('active');
    expect(me.body.homeName).toBe('Phường Ngô Quyền');
    expect(me.body.roles.map((r) => r.role)).toEqual(['commune-admin']);

    // The commune admin names a school's data officer — in its own commune only.
    expect(
      (
        await api('/org-units/THPT-TRANPHU/accounts', {
          as: 'ngoquyen.admin',
          body: { accountId: 'tranphu.data', fullName: 'Phí Văn Toàn', personalId: '031095004321' },
        })
      ).status,
    ).toBe(201);
    const officer = await api<Assignment>('/org-units/THPT-TRANPHU/role-assignments', {
      as: 'ngoquyen.admin',
      body: { accountId: 'tranphu.data', role: 'school-data-officer' },
    });
    expect(officer.status).toBe(201);
    expect(officer.body.grantedVia).toBe(`ngoquyen.admin/${granted.body.assignmentId}`);
    const elsewhere = await api('/org-units/THCS-HONGBANG/role-assignments', {
      as: 'ngoquyen.admin',
      body: { accountId: 'tranphu.data', role: 'school-data-officer' },
    });
    expect(elsewhere.status).toBe(403);
    const tooMuch = await api('/org-units/P-NGOQUYEN/role-assignments', {
      as: 'ngoquyen.admin',
      body: { accountId: 'tranphu.data', role: 'commune-admin' },
    });
    expect(tooMuch.status).toBe(403);

    // The officer acts in that school only.
    expect((await api('/org-units/THPT-TRANPHU/accounts', { as: 'tranphu.data' })).status).toBe(200);
    expect((await api('/org-units/THCS-HONGBANG/accounts', { as: 'tranphu.data' })).status).toBe(403);

    // Every step is in the commune's audit trail, personal ID masked.
    const audit = await api<AuditPage>('/org-units/P-NGOQUYEN/audit', { as: 'ngoquyen.admin' });
    expect(audit.status).toBe(200);
    const steps = audit.body.items.map((e) => `${e.actorId} ${e.action} ${e.targetId}`);
    expect(steps).toEqual(
      expect.arrayContaining([
        'admin account.create ngoquyen.admin',
        'admin role.grant ngoquyen.admin',
        'ngoquyen.admin account.activate ngoquyen.admin',
        'ngoquyen.admin account.create tranphu.data',
        'ngoquyen.admin role.grant tranphu.data',
      ]),
    );
    expect(JSON.stringify(audit.body)).not.toContain('031095004321');
    expect(JSON.stringify(audit.body)).toContain('********4321');
    // Another commune's admin cannot read it.
    expect((await api('/org-units/P-NGOQUYEN/audit', { as: 'commune1.admin' })).status).toBe(403);

    // Revoking the commune admin's role shows, then takes, what was granted through it.
    const path = `/accounts/ngoquyen.admin/role-assignments/${granted.body.assignmentId}`;
    const preview = await api<{ revoked: Assignment[] }>(`${path}?dryRun=true`, {
      as: 'admin',
      method: 'DELETE',
    });
    expect(preview.body.revoked.map((a) => a.accountId)).toEqual(['ngoquyen.admin', 'tranphu.data']);
    // Who loses which role where, by name (the people and units created above, the demo city's names).
    expect(preview.body.revoked.map((a) => `${a.accountName} · ${a.scopeName}`)).toEqual([
      'Lương Thị Minh Châu · Phường Ngô Quyền',
      'Phí Văn Toàn · Trường THPT chuyên Trần Phú',
    ]);
    const officerRoles = await api<{ items: Assignment[] }>('/accounts/tranphu.data/role-assignments', {
      as: 'admin',
    });
    expect(officerRoles.body.items).toHaveLength(1);
    expect(officerRoles.body.items[0]).toMatchObject({
      scopeName: 'Trường THPT chuyên Trần Phú',
      grantedByName: 'Lương Thị Minh Châu',
    });
    const revoked = await api<{ revoked: Assignment[] }>(path, { as: 'admin', method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect(
      (await api<{ items: Assignment[] }>('/accounts/tranphu.data/role-assignments', { as: 'admin' })).body
        .items,
    ).toEqual([]);
    const cityAudit = await api<AuditPage>('/org-units/SGD/audit?limit=50', { as: 'admin' });
    expect(cityAudit.body.items.map((e) => `${e.action} ${e.targetId}`)).toEqual(
      expect.arrayContaining(['role.revoke ngoquyen.admin', 'role.revoke.cascade tranphu.data']),
    );
  });

  it('a school leader may name teachers but not data officers; a teacher may name no one', async () => {
    expect(
      (
        await api('/org-units/THPT-TRANPHU/role-assignments', {
          as: 'principal1',
          body: { accountId: 'student1', role: 'school-data-officer' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api('/org-units/THPT-TRANPHU/role-assignments', {
          as: 'teacher1',
          body: { accountId: 'student1', role: 'teacher' },
        })
      ).status,
    ).toBe(403);
    const ok = await api('/org-units/THPT-TRANPHU/role-assignments', {
      as: 'principal1',
      body: { accountId: 'parent1', role: 'teacher' },
    });
    expect(ok.status).toBe(201);
    const again = await api('/org-units/THPT-TRANPHU/role-assignments', {
      as: 'principal1',
      body: { accountId: 'parent1', role: 'teacher' },
    });
    expect(again.status).toBe(409);
  });

  it('validates new accounts field by field', async () => {
    const res = await api<{ errors: { field: string }[] }>('/org-units/P-NGOQUYEN/accounts', {
      as: 'admin',
      body: { accountId: 'X', fullName: '', phone: '12345', personalId: '12' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e) => e.field).sort()).toEqual([
      'accountId',
      'fullName',
      'personalId',
      'phone',
    ]);
  });
});

describe('account lookup and uniqueness', () => {
  it('finds an account by e-mail, phone or personal ID within the caller’s scope only', async () => {
    const created = await api('/org-units/THPT-TRANPHU/accounts', {
      as: 'admin',
      body: {
        accountId: 'lookup.teacher',
        fullName: 'Võ Thị Hồng Nhung',
        email: 'Nhung.VTH@TranPhu.example.vn',
        phone: '0987651234',
        personalId: '031188009999',
      },
    });
    expect(created.status).toBe(201);
    for (const key of [
      { email: 'nhung.vth@tranphu.example.vn' },
      { phone: '0987651234' },
      { personalId: '031188009999' },
    ]) {
      const found = await api<{ accountId: string; personalId?: string }>('/accounts/lookup', {
        as: 'principal1',
        body: key,
      });
      expect(found.status, JSON.stringify(key)).toBe(200);
      expect(found.body.accountId).toBe('lookup.teacher');
      expect(found.body.personalId).toBeUndefined();
    }
    // Another commune's admin is told nothing, not even that the account exists.
    const lookup = (body: object, as = 'commune1.admin') => api('/accounts/lookup', { as, body });
    const outside = await lookup({ phone: '0987651234' });
    expect(outside.status).toBe(404);
    expect((await lookup({ phone: '0900000000' })).status).toBe(404);
    expect((await lookup({ phone: '0987651234', email: 'a@b.vn' }, 'admin')).status).toBe(400);
  });

  it('refuses a second account with the same e-mail or personal ID, naming the fields, writing nothing', async () => {
    const res = await api<{ errors: { field: string }[] }>('/org-units/THPT-TRANPHU/accounts', {
      as: 'admin',
      body: {
        accountId: 'lookup.copy',
        fullName: 'Bản Sao',
        email: 'nhung.vth@tranphu.example.vn',
        personalId: '031188009999',
      },
    });
    expect(res.status).toBe(409);
    expect(res.body.errors.map((e) => e.field).sort()).toEqual(['email', 'personalId']);
    expect((await api('/accounts/lookup.copy/role-assignments', { as: 'admin' })).status).toBe(404);
  });
});
