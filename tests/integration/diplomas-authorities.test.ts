/**
 * Authorities' systems verifying diplomas against the local cloud, with real OAuth client-credentials
 * tokens of the dev SSO: a client the office has not admitted is refused; admitted, it is answered
 * within its daily quota and logged under its id; the office raises the quota and suspends it; a
 * person's token never reaches the authorities' route, and a client's token no person's route.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { serialKey } from '../../functions/diplomas/domain/register.ts';
import { diplomaEntities } from '../../functions/diplomas/entities.ts';
import { DEMO_AUTHORITY_CLIENTS } from '../../infra/local/demo-data.ts';
import { fetchAuthorityToken } from '../../infra/local/dev-token.ts';
import { api, citizenTokenFor, cloud, tokenFor, useCloudEnvironment } from '../support/cloud.ts';

const RUN = Date.now() % 1_000_000;
const SERIAL = `AU ${String(RUN).padStart(7, '0')}`;
const BANK = DEMO_AUTHORITY_CLIENTS.find((c) => c.clientId === 'DEMO-BANK')!;

interface Problem {
  slug?: string;
  type?: string;
  detail?: string;
}
interface Authority {
  clientId: string;
  name: string;
  dailyQuota: number;
  status: string;
  revision: number;
  usedToday?: number;
}

const ask = (token: string, body: Record<string, unknown>) =>
  api<{ found: boolean; facts?: { fullName: string; serial: string } } & Problem>(
    '/authority/diploma-verifications',
    { body, headers: { authorization: `Bearer ${token}` } },
  );

describe('authorities verifying diplomas', () => {
  let bank: string;

  beforeAll(async () => {
    useCloudEnvironment();
    const entered = await api('/diplomas', {
      as: 'diploma1',
      body: {
        holder: { fullName: 'Phạm Thị Lan', birthDate: '1990-05-02', gender: 'female' },
        type: 'upper-secondary',
        graduationYear: 2008,
        serial: SERIAL,
        school: 'Trường THPT Lê Quý Đôn',
        issuedOn: '2008-07-20',
      },
    });
    expect(entered.status, JSON.stringify(entered.body)).toBe(201);
    bank = await fetchAuthorityToken(cloud().issuer, BANK.clientId, BANK.secret);
  });

  it('answers an admitted client within its quota, logs it under the client, and obeys the office', async () => {
    const question = { serial: SERIAL, fullName: 'Pham Thi Lan', birthYear: 1990 };
    // Issued by the SSO, not admitted by the office: refused.
    const unknown = await ask(bank, question);
    expect(unknown.status).toBe(403);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.body.type).toContain('authority-not-admitted');

    const admitted = await api<Authority>('/diploma-authorities', {
      as: 'diploma1',
      body: { clientId: BANK.clientId, name: BANK.name, contact: 'Phòng Tuyển dụng', dailyQuota: 3 },
    });
    expect(admitted.status, JSON.stringify(admitted.body)).toBe(201);
    expect(admitted.body).toMatchObject({ status: 'active', dailyQuota: 3, revision: 1 });
    const again = await api<Problem>('/diploma-authorities', {
      as: 'diploma1',
      body: { clientId: BANK.clientId, name: 'Ngân hàng khác', dailyQuota: 9 },
    });
    expect(again.status).toBe(409);

    const found = await ask(bank, question);
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(found.body).toMatchObject({ found: true, facts: { fullName: 'Phạm Thị Lan', serial: SERIAL } });
    const wrongYear = await ask(bank, { ...question, birthYear: 1991 });
    expect(wrongYear.body).toEqual({ found: false });
    expect((await ask(bank, question)).status).toBe(200);
    // The quota of 3 is used: the fourth waits until the city's midnight.
    const over = await ask(bank, question);
    expect(over.status).toBe(429);
    expect(over.body.type).toContain('authority-quota-used');
    const wait = Number(over.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(86_400);
    // The holder's public limit is not used up by the authority.
    const publicly = await api<{ found: boolean }>('/diplomas/verification', { body: question });
    expect(publicly.status).toBe(200);
    expect(publicly.body.found).toBe(true);

    const listed = await api<{ items: Authority[] }>('/diploma-authorities', { as: 'diploma1' });
    const mine = listed.body.items.find((a) => a.clientId === BANK.clientId);
    expect(mine).toMatchObject({ usedToday: 4, dailyQuota: 3, name: BANK.name });

    // Every question is logged under the client, with what it answered.
    const { data: logged } = await diplomaEntities()
      .diplomaLookup.query.bySerial({ serialKey: serialKey(SERIAL) })
      .go({ pages: 'all' });
    const byBank = logged.filter((l) => l.caller === BANK.clientId);
    expect(byBank.map((l) => l.channel)).toEqual(['authority', 'authority', 'authority', 'authority']);
    expect(byBank.map((l) => l.outcome).sort()).toEqual(['found', 'found', 'limited', 'not-found']);

    // The office raises the quota: answered again.
    const raised = await api<Authority>(`/diploma-authorities/${BANK.clientId}`, {
      as: 'diploma1',
      method: 'PATCH',
      body: { dailyQuota: 10, expectedRevision: 1 },
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(200);
    expect(raised.body.revision).toBe(2);
    expect((await ask(bank, question)).status).toBe(200);
    // A change from a revision read before is refused; a suspension stops the client.
    const stale = await api(`/diploma-authorities/${BANK.clientId}`, {
      as: 'diploma1',
      method: 'PATCH',
      body: { status: 'suspended', expectedRevision: 1 },
    });
    expect(stale.status).toBe(409);
    const suspended = await api<Authority>(`/diploma-authorities/${BANK.clientId}`, {
      as: 'diploma1',
      method: 'PATCH',
      body: { status: 'suspended', note: 'Hợp đồng hết hạn', expectedRevision: 2 },
    });
    expect(suspended.body.status).toBe('suspended');
    const refused = await ask(bank, question);
    expect(refused.status).toBe(403);
    expect(refused.body.type).toContain('authority-not-admitted');

    // Audited: admitted, changed, suspended.
    const trail = await api<{ items: { action: string; targetType: string; targetId: string }[] }>(
      '/org-units/SGD/audit?limit=100',
      { as: 'admin' },
    );
    const ours = trail.body.items.filter(
      (a) => a.targetType === 'diploma-authority' && a.targetId === BANK.clientId,
    );
    expect(ours.map((t) => t.action).sort()).toEqual([
      'diploma-authority.create',
      'diploma-authority.suspend',
      'diploma-authority.update',
    ]);
  });

  it('keeps people’s tokens and clients’ tokens on their own routes', async () => {
    const body = { serial: SERIAL, fullName: 'Phạm Thị Lan', birthYear: 1990 };
    // A staff member's token lacks the authority scope: the gateway refuses it (as API Gateway's
    // authorizationScopes do); a VNeID token is not of the SSO at all.
    expect((await ask(await tokenFor('diploma1'), body)).status).toBe(403);
    expect((await ask(await citizenTokenFor('7c1e0a52'), body)).status).toBe(401);
    // A client's token on a person's route passes the staff authorizer (same issuer) and is
    // refused by the function: it is no person.
    const asPerson = await api<Problem>('/diploma-authorities', {
      headers: { authorization: `Bearer ${bank}` },
    });
    expect(asPerson.status).toBe(401);
    expect(asPerson.headers.get('content-type')).toContain('application/problem+json');
    // Unknown client credentials get no token.
    await expect(fetchAuthorityToken(cloud().issuer, BANK.clientId, 'wrong-secret')).rejects.toThrow();
  });

  it('is refused to people without the register’s permission', async () => {
    for (const as of ['teacher1', 'keyer1', 'principal1']) {
      const listed = await api('/diploma-authorities', { as });
      expect(listed.status, as).toBe(403);
    }
  });
});
