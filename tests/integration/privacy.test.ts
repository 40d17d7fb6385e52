/**
 * The privacy rules of docs/privacy.md over HTTP: personal keys travel in bodies, never in
 * addresses; a person outside the caller's scope and a person who does not exist get the same
 * answer; a uniqueness conflict names the holder only to a caller who may read it; and a token
 * whose subject has no account gets what anonymous callers get, plus /me.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { makeAuthEntities } from '../../shared/auth/store.ts';
import { documentClient } from '../../shared/db/client.ts';
import { api, cloud, tokenFor, useCloudEnvironment } from '../support/cloud.ts';
import { preparedResource } from '../support/resources.ts';

const RUN = Date.now() % 100_000;
const SCHOOL = 'THPT-TRANPHU';
const serial = () => Math.floor(Math.random() * 800_000) + 100_000;

/** A problem body without what differs on every call. */
const sameness = (body: unknown) => {
  const { correlationId: _c, ...rest } = body as Record<string, unknown>;
  return rest;
};

describe('account lookup: POST, in scope, no oracle', () => {
  const person = {
    accountId: `privacy.nhung.${RUN}`,
    fullName: 'Đặng Thị Hồng Nhung',
    email: `nhung.${RUN}@tranphu.example.vn`,
    phone: `09${String(RUN).padStart(8, '0')}`,
    personalId: makePersonalId('031', 1988, 'female', serial()),
  };

  beforeAll(async () => {
    const created = await api(`/org-units/${SCHOOL}/accounts`, { as: 'admin', body: person });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  });

  it('finds the account by any key sent in the body, within scope', async () => {
    for (const key of ['email', 'phone', 'personalId'] as const) {
      const found = await api<{ accountId: string }>('/accounts/lookup', {
        as: 'principal1',
        body: { [key]: person[key] },
      });
      expect(found.status, key).toBe(200);
      expect(found.body.accountId, key).toBe(person.accountId);
      expect(JSON.stringify(found.body), key).not.toContain(person.personalId);
    }
  });

  it('answers an account outside the scope exactly as one that does not exist', async () => {
    const outside = await api('/accounts/lookup', {
      as: 'commune1.admin',
      body: { personalId: person.personalId },
    });
    const nobody = await api('/accounts/lookup', {
      as: 'commune1.admin',
      body: { personalId: makePersonalId('031', 1988, 'female', 999_999) },
    });
    expect(outside.status).toBe(404);
    expect(nobody.status).toBe(404);
    expect(sameness(outside.body)).toEqual(sameness(nobody.body));
    expect(JSON.stringify(outside.body)).not.toContain(person.accountId);
  });

  it('has no GET lookup, and refuses a personal ID in any query string', async () => {
    // No route answers it (whatever the local gateway serves for an unknown GET, no account).
    const old = await api(`/accounts?personalId=${person.personalId}`, { as: 'admin' });
    expect(JSON.stringify(old.body)).not.toContain(person.accountId);
    expect(JSON.stringify(old.body)).not.toContain(person.fullName);
    const inQuery = await api<{ errors: { in: string; field: string }[] }>(
      `/org-units/${SCHOOL}/accounts?personalId=${person.personalId}`,
      { as: 'admin' },
    );
    expect(inQuery.status).toBe(400);
    expect(inQuery.body.errors).toEqual([expect.objectContaining({ in: 'query', field: 'personalId' })]);
    expect(JSON.stringify(inQuery.body)).not.toContain(person.personalId);
  });

  it('names the holder of a taken value only to a caller who may read it', async () => {
    const copy = { fullName: 'Bản Sao', email: person.email, personalId: person.personalId };
    const outsider = await api<{ errors: { field: string }[]; heldBy?: unknown }>(
      '/org-units/P-HONGBANG/accounts',
      { as: 'commune1.admin', body: { ...copy, accountId: `privacy.copy1.${RUN}` } },
    );
    expect(outsider.status).toBe(409);
    expect(outsider.body.errors.map((e) => e.field).sort()).toEqual(['email', 'personalId']);
    expect(outsider.body.heldBy).toBeUndefined();
    for (const leak of [person.accountId, person.fullName, SCHOOL])
      expect(JSON.stringify(outsider.body)).not.toContain(leak);

    const insider = await api<{ heldBy?: { field: string; accountId: string; homeOrgUnitId: string }[] }>(
      '/org-units/P-HONGBANG/accounts',
      { as: 'admin', body: { ...copy, accountId: `privacy.copy2.${RUN}` } },
    );
    expect(insider.status).toBe(409);
    expect(insider.body.heldBy).toEqual([
      expect.objectContaining({ field: 'email', accountId: person.accountId, homeOrgUnitId: SCHOOL }),
      expect.objectContaining({ field: 'personalId', accountId: person.accountId, homeOrgUnitId: SCHOOL }),
    ]);
  });
});

describe('education database search: POST, no oracle', () => {
  const learner = {
    personalId: makePersonalId('031', 2011, 'male', serial()),
    fullName: 'Lương Thế Vinh Quang',
    gender: 'male',
    dateOfBirth: '2011-05-20',
    grade: 9,
  };
  let recordId = '';

  beforeAll(async () => {
    const created = await api<{ recordId: string }>(`/org-units/${SCHOOL}/records/student`, {
      as: 'principal1',
      body: { data: learner },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    recordId = created.body.recordId;
  });

  it('finds a learner by ID code or name sent in the body', async () => {
    for (const q of [learner.personalId, 'luong the vinh quang']) {
      const found = await api<{ items: { recordId: string }[] }>(
        `/org-units/${SCHOOL}/records/student/search`,
        { as: 'principal1', body: { q } },
      );
      expect(found.status, q).toBe(200);
      expect(
        found.body.items.map((r) => r.recordId),
        q,
      ).toContain(recordId);
    }
  });

  it('answers a learner outside the scope exactly as one who does not exist', async () => {
    const search = (q: string) =>
      api('/org-units/P-HONGBANG/records/student/search', { as: 'commune1.officer', body: { q } });
    const outside = await search(learner.personalId);
    const nobody = await search(makePersonalId('031', 2011, 'male', 999_999));
    expect(outside.status).toBe(200);
    expect(outside.body).toEqual({ items: [] });
    expect(nobody.status).toBe(outside.status);
    expect(nobody.body).toEqual(outside.body);
    // Asked at the learner's own commune, the officer of another commune is refused the unit
    // itself, whatever the ID code: the same 403 for a real learner and for nobody.
    const there = await api('/org-units/P-NGOQUYEN/records/student/search', {
      as: 'commune1.officer',
      body: { q: learner.personalId },
    });
    const thereNobody = await api('/org-units/P-NGOQUYEN/records/student/search', {
      as: 'commune1.officer',
      body: { q: makePersonalId('031', 2011, 'male', 999_999) },
    });
    expect(there.status).toBe(403);
    expect(sameness(there.body)).toEqual(sameness(thereNobody.body));
  });

  it('refuses search words in a GET address, an ID code without echoing it', async () => {
    const byId = await api<{ errors: { in: string; field: string }[] }>(
      `/org-units/${SCHOOL}/records/student?q=${learner.personalId}`,
      { as: 'principal1' },
    );
    expect(byId.status).toBe(400);
    expect(byId.body.errors).toEqual([expect.objectContaining({ in: 'query', field: 'q' })]);
    expect(JSON.stringify(byId.body)).not.toContain(learner.personalId);
    const byName = await api<{ errors: { field: string; message: string }[] }>(
      `/org-units/${SCHOOL}/records/student?q=luong`,
      { as: 'principal1' },
    );
    expect(byName.status).toBe(400);
    expect(byName.body.errors[0]).toMatchObject({ field: 'q', message: expect.stringContaining('/search') });
    // Without search words the list still works.
    expect((await api(`/org-units/${SCHOOL}/records/student?limit=5`, { as: 'principal1' })).status).toBe(
      200,
    );
  });

  it('names the holder of a taken ID code only to a caller who may read it', async () => {
    const elsewhere = await api<{ heldBy?: unknown }>('/org-units/THCS-HONGBANG/records/student', {
      as: 'dataofficer1',
      body: { data: { ...learner, fullName: 'Người Khác' } },
    });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body).toMatchObject({ errors: [{ field: 'data.personalId' }] });
    expect(elsewhere.body.heldBy).toBeUndefined();
    for (const leak of [recordId, SCHOOL, learner.fullName])
      expect(JSON.stringify(elsewhere.body)).not.toContain(leak);

    const here = await api<{ heldBy?: { recordId: string; schoolId: string } }>(
      `/org-units/${SCHOOL}/records/student`,
      { as: 'principal1', body: { data: { ...learner, fullName: 'Người Khác' } } },
    );
    expect(here.status).toBe(409);
    expect(here.body.heldBy).toMatchObject({ recordId, schoolId: SCHOOL });
  });
});

describe('a token is not an account', () => {
  const ghost = `privacy.ghost.${RUN}`;
  const roleless = `privacy.roleless.${RUN}`;
  let cityResource = '';

  beforeAll(async () => {
    // An account that signs in once, holds a teacher's role, then is removed from the platform:
    // its token stays valid at the identity provider and its role row stays behind.
    for (const accountId of [ghost, roleless]) {
      const created = await api(`/org-units/${SCHOOL}/accounts`, {
        as: 'admin',
        body: { accountId, fullName: 'Khách Chưa Có Tài Khoản' },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
    const granted = await api(`/org-units/${SCHOOL}/role-assignments`, {
      as: 'principal1',
      body: { accountId: ghost, role: 'teacher' },
    });
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);
    await tokenFor(ghost);
    useCloudEnvironment();
    const auth = makeAuthEntities({ client: documentClient(), table: cloud().env.TABLE_NAME! });
    await auth.account.delete({ accountId: ghost }).go();

    cityResource = await preparedResource(
      'teacher1',
      SCHOOL,
      { title: `Tài liệu của thành phố ${RUN}`, licence: 'city' },
      'submitted',
    );
    const approved = await api(`/resources/${cityResource}/review`, {
      as: 'commune2.admin',
      body: { decision: 'approve' },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  });

  it('gets /me, saying it has no account and no role', async () => {
    const me = await api<{ status: string; roles: unknown[]; permissions: string[] }>('/me', { as: ghost });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ status: 'unknown', roles: [], permissions: ['self.read'] });
  });

  it('gets nothing its leftover role row would have granted, and is told why', async () => {
    const unit = await api<{ detail: string }>(`/org-units/${SCHOOL}`, { as: ghost });
    expect(unit.status).toBe(403);
    expect(unit.body.detail).toContain('no account');
    expect((await api(`/resources/${cityResource}`, { as: ghost })).status).toBe(403);
  });

  it('cannot open city-licensed content; a role anywhere in the city can', async () => {
    const path = `/resources/${cityResource}/content`;
    expect((await api(path, { as: ghost })).status).toBe(403);
    expect((await api(path, { as: roleless })).status).toBe(403);
    expect((await api(path, { as: 'teacher2' })).status).toBe(200);
    expect((await api(path, { as: 'parent1' })).status).toBe(200);
  });

  it('gets exactly what anonymous callers get on the public routes', async () => {
    for (const path of [`/library/resources/${cityResource}/content`, `/library/resources/${cityResource}`]) {
      const anonymous = await api(path);
      const token = await api(path, { as: ghost });
      expect(token.status, path).toBe(anonymous.status);
      expect(sameness(token.body), path).toEqual(sameness(anonymous.body));
    }
    expect((await api(`/library/resources/${cityResource}/content`)).status).toBe(401);
  });
});
