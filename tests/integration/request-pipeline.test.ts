/**
 * The request pipeline end to end: the local API gateway validates real tokens from the dev
 * provider, the handlers read principals and data from DynamoDB Local.
 */
import { describe, expect, it } from 'vitest';
import { api } from '../support/cloud.ts';

type Problem = {
  type: string;
  title: string;
  status: number;
  errors?: { in: string; field: string }[];
  correlationId: string;
};

describe('public routes', () => {
  it('GET /health answers without a token', async () => {
    const res = await api<{ status: string }>('/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.headers.get('x-correlation-id')).toBeTruthy();
    expect(res.headers.get('strict-transport-security')).toContain('max-age');
  });

  it('echoes a well-formed correlation id', async () => {
    const res = await api('/health', { headers: { 'x-correlation-id': 'test-123' } });
    expect(res.headers.get('x-correlation-id')).toBe('test-123');
  });

  it('serves the OpenAPI document and a docs page', async () => {
    const doc = await api<{ openapi: string; paths: Record<string, unknown> }>('/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/me');
    const docs = await api<string>('/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toContain('text/html');
    expect(docs.body).toContain('/org-units/{orgUnitId}/accounts');
  });
});

describe('authentication', () => {
  it('401 without a token, as API Gateway answers', async () => {
    const res = await api('/me');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('401 with a forged token on a staff route (JWT authorizer), 403 on a route citizens share (the two-issuer authorizer)', async () => {
    const forged = { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.x' };
    expect((await api('/org-units/SGD', { headers: forged })).status).toBe(401);
    expect((await api('/me', { headers: forged })).status).toBe(403);
  });

  it('GET /me returns the principal and its role assignments from DynamoDB', async () => {
    const res = await api<{
      sub: string;
      fullName: string;
      roles: { role: string; scopeOrgUnitId: string; scopeName: string }[];
      permissions: string[];
    }>('/me', { as: 'teacher1' });
    expect(res.status).toBe(200);
    expect(res.body.sub).toBe('teacher1');
    expect(res.body.fullName).toBe('Đặng Thị Thuỳ Dương');
    expect(res.body.roles).toEqual([
      expect.objectContaining({
        role: 'teacher',
        scopeOrgUnitId: 'THPT-TRANPHU',
        scopeName: 'Trường THPT chuyên Trần Phú',
      }),
    ]);
    expect(res.body.permissions).toContain('self.read');
    expect(res.body.permissions).not.toContain('account.read');
  });
});

describe('authorization', () => {
  it('403 problem+json for a teacher on an admin route', async () => {
    const res = await api<Problem>('/org-units/THPT-TRANPHU/accounts', { as: 'teacher1' });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 403, title: 'Forbidden' });
    expect(JSON.stringify(res.body)).not.toContain('duong.dtt');
  });

  it('a commune admin lists accounts of a school in its commune', async () => {
    const res = await api<{ items: { accountId: string }[] }>('/org-units/THCS-HONGBANG/accounts', {
      as: 'commune1.admin',
    });
    expect(res.status).toBe(200);
    expect(res.body.items.map((a) => a.accountId)).toEqual(['dataofficer1']);
  });

  it('a commune admin is refused a school of another commune, without data', async () => {
    const res = await api<Problem>('/org-units/THPT-TRANPHU/accounts', { as: 'commune1.admin' });
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain('teacher1');
  });

  it('404 for an org unit that does not exist, even for the department admin', async () => {
    const res = await api<Problem>('/org-units/NO-SUCH-UNIT', { as: 'admin' });
    expect(res.status).toBe(404);
  });
});

describe('validation', () => {
  it('400 with field paths for a bad query', async () => {
    const res = await api<Problem>('/org-units/SGD/children?limit=1000', { as: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ in: 'query', field: 'limit' })]);
  });

  it('400 with field paths for a bad path parameter', async () => {
    const res = await api<Problem>('/org-units/bad%20id!', { as: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]).toMatchObject({ in: 'path', field: 'orgUnitId' });
  });

  it('400 with field paths for a bad body, and nothing written', async () => {
    const res = await api<Problem>('/reports', { as: 'admin', body: { kind: 'weekly', orgUnitId: '' } });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => `${e.in}:${e.field}`).sort()).toEqual(['body:kind', 'body:orgUnitId']);
  });

  it('answers problems in Vietnamese when the caller prefers it', async () => {
    const res = await api<{ title: string; errors: { field: string; message: string }[] }>(
      '/org-units/P-HONGBANG/accounts',
      {
        as: 'commune1.admin',
        headers: { 'accept-language': 'vi-VN,vi;q=0.9' },
        body: { accountId: 'x', fullName: 'Nguyễn Văn A', personalId: '123' },
      },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-language')).toBe('vi');
    expect(res.body.title).toBe('Yêu cầu không hợp lệ');
    const byField = Object.fromEntries(res.body.errors.map((e) => [e.field, e.message]));
    expect(byField.personalId).toBe('Số định danh cá nhân gồm 12 chữ số');
    expect(byField.accountId).toBe(
      'Chữ thường không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới; 3–64 ký tự',
    );
  });

  it('400 for malformed JSON and 415 for another media type', async () => {
    expect((await api('/reports', { as: 'admin', body: '{"kind":' })).status).toBe(400);
    expect(
      (await api('/reports', { as: 'admin', body: 'kind=x', headers: { 'content-type': 'text/plain' } }))
        .status,
    ).toBe(415);
  });

  it('400 for a cursor that belongs to another list', async () => {
    const first = await api<{ nextCursor?: string }>('/org-units/SGD/children?limit=1', { as: 'admin' });
    expect(first.body.nextCursor).toBeTruthy();
    const other = await api<Problem>(`/org-units/P-HONGBANG/children?cursor=${first.body.nextCursor}`, {
      as: 'admin',
    });
    expect(other.status).toBe(400);
    expect(other.body.errors?.[0]?.field).toBe('cursor');
  });
});

describe('pagination', () => {
  it('walks all 114 commune-level units of the city with a cursor, without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await api<{ items: { orgUnitId: string }[]; nextCursor?: string }>(
        `/org-units/SGD/children?limit=50${cursor ? `&cursor=${cursor}` : ''}`,
        { as: 'admin' },
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i) => i.orgUnitId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(114);
    expect(new Set(seen).size).toBe(114);
    expect(seen).toEqual(expect.arrayContaining(['DK-CATHAI', 'DK-BACHLONGVI', 'P-HONGBANG', 'X-VINHBAO']));
  });
});
