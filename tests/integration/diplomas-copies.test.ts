/**
 * Copies from the register against the local cloud: a father signed in with VNeID asks for a copy
 * of his own diploma and pays; the office sees it due in 5 working days, approves it, and the worker
 * makes a copy signed in the Department's name that /verify knows; as a representative he must
 * upload an authorisation first, and that request is refused with a note he reads in his inbox.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { PARENT1_PERSONAL_ID } from '../../infra/local/demo-data.ts';
import { api, postUpload, type UploadLink, until, useCloudEnvironment } from '../support/cloud.ts';

const RUN = Date.now() % 1_000_000;
const vi = { 'accept-language': 'vi-VN' };

interface Copy {
  requestId: string;
  state: string;
  fee: number;
  paymentReference: string;
  paid: boolean;
  documentsNeeded: string[];
  dueOn?: string;
  overdue: boolean;
  code?: string;
  note?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

const enter = async (serial: string, holder: Record<string, string>) => {
  const res = await api<{ entry: { entryId: string } }>('/diplomas', {
    as: 'diploma1',
    body: {
      holder: { gender: 'male', ...holder },
      type: 'upper-secondary',
      graduationYear: 2002,
      serial,
      school: 'Trường THPT Ngô Quyền',
      rank: 'good',
      issuedOn: '2002-07-25',
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.entry.entryId;
};

describe('copies from the register', () => {
  beforeAll(async () => {
    useCloudEnvironment();
    await enter(`CP${RUN}`, {
      fullName: 'Trịnh Văn Nam',
      birthDate: '1984-03-12',
      personalId: PARENT1_PERSONAL_ID,
    });
    await enter(`CQ${RUN}`, { fullName: 'Trịnh Văn Hùng', birthDate: '1958' });
  });
  const ask = (body: Record<string, unknown>, as = 'parent1') =>
    api<Copy>('/me/diploma-copies', { as, headers: vi, body: { copies: 1, ...body } });

  it('as the holder: paid, due in 5 working days, approved, issued signed and verifiable', async () => {
    const unverified = await ask(
      { relation: 'holder', serial: `CP${RUN}`, fullName: 'Trịnh Văn Nam', birthDate: '1984-03-12' },
      'citizen1',
    );
    expect(unverified.status).toBe(409);
    const asked = await ask({
      relation: 'holder',
      serial: `cp-${RUN}`,
      fullName: 'Trịnh Văn Nam',
      birthDate: '1984-03-12',
      copies: 2,
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body).toMatchObject({
      state: 'awaiting-payment',
      fee: 40_000,
      documentsNeeded: [],
      paid: false,
    });
    expect(asked.body.paymentReference).toMatch(/^SGD-BS-[0-9A-F]{10}$/);
    // Not yet issued: no file.
    expect((await api(`/me/diploma-copies/${asked.body.requestId}/file`, { as: 'parent1' })).status).toBe(
      409,
    );
    // Someone else's request looks like none.
    expect(
      (await api(`/me/diploma-copies/${asked.body.requestId}/payment`, { as: 'citizen1', method: 'POST' }))
        .status,
    ).toBe(404);

    const paid = await api<Copy>(`/me/diploma-copies/${asked.body.requestId}/payment`, {
      as: 'parent1',
      method: 'POST',
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body).toMatchObject({ state: 'submitted', paid: true, overdue: false });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    // Five working days: at least five weekdays after today (more over a holiday), never a weekend.
    const due = new Date(`${paid.body.dueOn}T00:00:00Z`);
    let weekdays = 0;
    for (let d = Date.parse(`${today}T00:00:00Z`) + 86_400_000; d <= due.getTime(); d += 86_400_000)
      if (![0, 6].includes(new Date(d).getUTCDay())) weekdays++;
    expect(weekdays).toBeGreaterThanOrEqual(5);
    expect(weekdays).toBeLessThanOrEqual(12);
    expect([0, 6]).not.toContain(due.getUTCDay());

    const office = await api<{ items: (Copy & { requesterName: string })[] }>('/diploma-copies', {
      as: 'diploma2',
    });
    expect(office.body.items.find((c) => c.requestId === asked.body.requestId)).toMatchObject({
      requesterName: 'Trịnh Văn Nam',
      state: 'submitted',
    });
    expect((await api('/diploma-copies', { as: 'leader1' })).status).toBe(403);

    const approved = await api<Copy>(`/diploma-copies/${asked.body.requestId}/decision`, {
      as: 'diploma2',
      body: { decision: 'approve' },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.state).toBe('approved');
    const issued = await until(async () => {
      const mine = await api<{ items: Copy[] }>('/me/diploma-copies', { as: 'parent1' });
      const c = mine.body.items.find((i) => i.requestId === asked.body.requestId);
      return c?.state === 'issued' ? c : undefined;
    }, 30_000);
    const link = await api<{ url: string }>(`/me/diploma-copies/${asked.body.requestId}/file`, {
      as: 'parent1',
    });
    const file = new Uint8Array(await (await fetch(link.body.url)).arrayBuffer());
    expect(Buffer.from(file.subarray(0, 5)).toString()).toBe('%PDF-');
    const verified = await api<{
      status: string;
      signedSha256: string;
      document: { kind: string; holder: string; facts: { label: string; value: string }[] };
    }>(`/verify/${issued.code!.toLowerCase()}`, {});
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body).toMatchObject({
      status: 'signed',
      signedSha256: createHash('sha256').update(file).digest('hex'),
      document: { kind: 'diploma-copy', holder: 'Trịnh Văn Nam' },
    });
    expect(verified.body.document.facts).toContainEqual({ label: 'Số hiệu', value: `CP${RUN}` });
    const told = await until(async () => {
      const inbox = await api<{ items: { body: string }[] }>('/me/notifications', {
        as: 'parent1',
        headers: vi,
      });
      return inbox.body.items.find((n) => n.body.includes(`CP${RUN}`) && n.body.includes('đã được cấp'));
    });
    expect(told.body).toContain(issued.code!);
    const again = await api<Copy>(`/diploma-copies/${asked.body.requestId}/decision`, {
      as: 'diploma1',
      headers: vi,
      body: { decision: 'approve' },
    });
    expect(again.status).toBe(409);
  }, 60_000);

  it('records a fee paid at the desk by its payment reference: the clock starts then', async () => {
    const asked = await ask({
      relation: 'holder',
      serial: `CP${RUN}`,
      fullName: 'Trịnh Văn Nam',
      birthDate: '1984-03-12',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const record = (paymentReference: string, as = 'diploma2') =>
      api<Copy>('/diploma-copies/payments', {
        as,
        headers: vi,
        body: { paymentReference, receipt: `BL-${RUN}` },
      });
    expect((await record(asked.body.paymentReference, 'leader1')).status).toBe(403);
    const unknown = await record('SGD-BS-0000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toBe('Không có yêu cầu nào mang mã thanh toán này.');
    // Typed in lower case at the desk: the same reference.
    const recorded = await record(asked.body.paymentReference.toLowerCase());
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    expect(recorded.body).toMatchObject({ requestId: asked.body.requestId, state: 'submitted', paid: true });
    expect(recorded.body.dueOn).toBeDefined();
    expect((await record(asked.body.paymentReference)).status).toBe(409);
    // Audited at the Department (newest first: within the first pages).
    let logged: { action: string; targetId: string; changes: Record<string, unknown> } | undefined;
    let cursor: string | undefined;
    for (let page = 0; page < 10 && !logged; page++) {
      const res = await api<{
        items: { action: string; targetId: string; changes: Record<string, unknown> }[];
        nextCursor?: string;
      }>(`/org-units/SGD/audit?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
        as: 'admin',
      });
      logged = res.body.items.find(
        (a) => a.action === 'diploma-copy.record-payment' && a.targetId === asked.body.requestId,
      );
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(logged?.changes).toEqual({ paymentReference: asked.body.paymentReference, receipt: `BL-${RUN}` });
  });

  it('as a representative: the authorisation first; refused with a note the requester reads', async () => {
    const notHis = await ask({
      relation: 'holder',
      serial: `CQ${RUN}`,
      fullName: 'Trịnh Văn Hùng',
      birthDate: '1958',
    });
    expect(notHis.status).toBe(409);
    expect(notHis.body.detail).toContain('chưa gắn với số định danh của bạn');
    const wrong = await ask({
      relation: 'representative',
      serial: `CQ${RUN}`,
      fullName: 'Trịnh Văn Hưng',
      birthDate: '1958',
    });
    expect(wrong.status).toBe(404);

    const asked = await ask({
      relation: 'representative',
      serial: `CQ${RUN}`,
      fullName: 'Trịnh Văn Hùng',
      birthDate: '1958',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body).toMatchObject({ state: 'awaiting-documents', documentsNeeded: ['authorisation'] });
    const id = asked.body.requestId;
    const early = await api<Copy>(`/me/diploma-copies/${id}/documents-done`, {
      as: 'parent1',
      method: 'POST',
      headers: vi,
    });
    expect(early.status).toBe(409);
    expect(early.body.detail).toBe('Còn thiếu: Giấy uỷ quyền.');
    expect((await api(`/me/diploma-copies/${id}/payment`, { as: 'parent1', method: 'POST' })).status).toBe(
      409,
    );
    const notNeeded = await api(`/me/diploma-copies/${id}/documents`, {
      as: 'parent1',
      body: { kind: 'kinship', fileName: 'x.pdf', contentType: 'application/pdf' },
    });
    expect(notNeeded.status).toBe(409);
    const link = await api<{ upload: UploadLink }>(`/me/diploma-copies/${id}/documents`, {
      as: 'parent1',
      body: { kind: 'authorisation', fileName: 'giấy uỷ quyền.pdf', contentType: 'application/pdf' },
    });
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    expect(
      (await postUpload(link.body.upload, new TextEncoder().encode('%PDF-1.4 uỷ quyền'))).status,
    ).toBeLessThan(300);
    const done = await api<Copy>(`/me/diploma-copies/${id}/documents-done`, {
      as: 'parent1',
      method: 'POST',
    });
    expect(done.body.state).toBe('awaiting-payment');
    await api(`/me/diploma-copies/${id}/payment`, { as: 'parent1', method: 'POST' });

    const forOffice = await api<{
      requesterPersonalId: string;
      entry: { facts: { fullName: string } };
      documentLinks: { kind: string; url: string }[];
    }>(`/diploma-copies/${id}`, { as: 'diploma1' });
    expect(forOffice.body).toMatchObject({
      requesterPersonalId: PARENT1_PERSONAL_ID,
      entry: { facts: { fullName: 'Trịnh Văn Hùng' } },
    });
    const document = await fetch(forOffice.body.documentLinks[0]!.url);
    expect(await document.text()).toBe('%PDF-1.4 uỷ quyền');

    const noNote = await api<Copy>(`/diploma-copies/${id}/decision`, {
      as: 'diploma1',
      headers: vi,
      body: { decision: 'refuse' },
    });
    expect(noNote.status).toBe(400);
    expect(noNote.body.errors?.[0]?.field).toBe('note');
    const refused = await api<Copy>(`/diploma-copies/${id}/decision`, {
      as: 'diploma1',
      body: { decision: 'refuse', note: 'Giấy uỷ quyền chưa được chứng thực' },
    });
    expect(refused.body).toMatchObject({ state: 'refused', note: 'Giấy uỷ quyền chưa được chứng thực' });
    const office = await api<{ items: Copy[] }>('/diploma-copies', { as: 'diploma1' });
    expect(office.body.items.map((c) => c.requestId)).not.toContain(id);
    const told = await until(async () => {
      const inbox = await api<{ items: { body: string }[] }>('/me/notifications', {
        as: 'parent1',
        headers: vi,
      });
      return inbox.body.items.find((n) => n.body.includes(`CQ${RUN}`));
    });
    expect(told.body).toBe(
      `Yêu cầu cấp bản sao văn bằng số hiệu CQ${RUN} không được chấp nhận: Giấy uỷ quyền chưa được chứng thực`,
    );
  }, 60_000);
});
