/**
 * National-identity sign-in through the running local cloud (docs/identity.md): a VNeID token is a
 * user of `/me` and of nothing staff-only; a citizen without an account holds no role; the staff
 * SSO still works on the same route.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../../infra/local/demo-citizens.ts';
import { api, citizenTokenFor, cloud } from '../support/cloud.ts';

const parent = DEMO_CITIZENS.find((c) => c.identityLevel === 2)!;
const asCitizen = async (path: string, citizen = parent.sub) =>
  api(path, { headers: { authorization: `Bearer ${await citizenTokenFor(citizen)}` } });

describe('VNeID sign-in', () => {
  it('is served by its own issuer, beside the staff SSO', () => {
    expect(cloud().vneid.issuer).not.toBe(cloud().issuer);
  });

  it('binds a level-2 citizen to the account that has their personal ID, at the first sign-in', async () => {
    // parent1's account carries the personal ID VNeID vouches for (infra/local/demo-data.ts).
    const me = await asCitizen('/me');
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect(me.body).toMatchObject({ sub: 'parent1', fullName: parent.fullName, status: 'active' });
    // From then on every request with that VNeID subject is parent1's.
    const links = await asCitizen('/me/links');
    expect(links.status, JSON.stringify(links.body)).toBe(200);
    expect((await asCitizen('/me')).body).toMatchObject({ sub: 'parent1' });
  });

  it('makes an account for a level-2 citizen without one, with the verified personal ID', async () => {
    const citizen = DEMO_CITIZENS.find((c) => c.note.startsWith('Công dân'))!;
    const me = await asCitizen('/me', citizen.sub);
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect(me.body).toMatchObject({
      sub: `vneid:${citizen.sub}`,
      fullName: citizen.fullName,
      status: 'active',
      roles: [],
    });
    expect((await asCitizen('/me/links', citizen.sub)).body).toEqual({ items: [] });
    // Not a learner: nothing to link to, answered as nobody.
    const learner = await api('/me/links', {
      headers: { authorization: `Bearer ${await citizenTokenFor(citizen.sub)}` },
      body: { as: 'learner' },
    });
    expect(learner.status).toBe(404);
  });

  it('trusts no personal ID at identity level 1: the account has none, only a school code links', async () => {
    const citizen = DEMO_CITIZENS.find((c) => c.identityLevel === 1)!;
    expect((await asCitizen('/me', citizen.sub)).body).toMatchObject({
      sub: `vneid:${citizen.sub}`,
      status: 'active',
    });
    const byId = await api('/me/links', {
      headers: { authorization: `Bearer ${await citizenTokenFor(citizen.sub)}` },
      body: { as: 'guardian', childPersonalId: '031316000001' },
    });
    expect(byId.status).toBe(409);
  });

  it('is refused on staff routes (401) as the JWT authorizer refuses another issuer', async () => {
    expect((await asCitizen('/org-units/SGD')).status).toBe(401);
    expect((await api('/org-units/SGD', { as: 'admin' })).status).toBe(200);
  });

  it('still lets staff reach /me through the two-issuer route', async () => {
    const me = await api<{ sub: string }>('/me', { as: 'teacher1' });
    expect(me.status).toBe(200);
    expect(me.body.sub).toBe('teacher1');
  });
});
