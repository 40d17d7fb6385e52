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

  it('reaches /me as a namespaced subject with no account and no role, named by VNeID', async () => {
    const me = await asCitizen('/me');
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect(me.body).toMatchObject({
      sub: `vneid:${parent.sub}`,
      fullName: parent.fullName,
      status: 'unknown',
      roles: [],
    });
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
