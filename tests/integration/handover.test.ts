/** The handover of a commune admin account: a record, minutes in Vietnamese as PDF, an audit entry. */
import { describe, expect, it } from 'vitest';
import { api, until } from '../support/cloud.ts';
import { pdfText } from '../support/pdf.ts';

const body = {
  accountId: 'commune1.admin',
  receivingOfficer: {
    fullName: 'Phạm Thu Trang',
    position: 'Công chức Văn hóa – Xã hội',
    phone: '0905123456',
  },
  handedOverOn: '2026-11-24',
  introductionLetter: { number: '87/GGT-UBND', date: '2026-11-18', issuer: 'UBND phường Hồng Bàng' },
  notes: 'Bàn giao trực tiếp tại bộ phận một cửa của Sở.',
};

interface Handover {
  handoverId: string;
  orgUnitId: string;
  minutesStatus: 'pending' | 'ready';
  minutesUrl?: string;
}

describe('account handover (seed 001)', () => {
  it('records the handover and renders minutes whose Vietnamese text survives extraction', async () => {
    const res = await api<Handover>('/org-units/P-HONGBANG/handovers', {
      as: 'admin',
      body,
    });
    expect(res.status).toBe(201);
    expect(res.body.orgUnitId).toBe('P-HONGBANG');
    expect(res.body.minutesStatus).toBe('pending');
    // The minutes worker drafts the PDF from the queue; the handover says when it is there.
    const ready = await until(async () => {
      const current = await api<Handover>(`/handovers/${res.body.handoverId}`, { as: 'admin' });
      return current.body.minutesStatus === 'ready' ? current.body : undefined;
    });
    const text = (await pdfText(ready.minutesUrl!)).normalize('NFC');
    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Phường Hồng Bàng',
      'Phạm Thu Trang',
      'Nguyễn Thị Hương',
      '87/GGT-UBND',
      'Quản trị cấp xã',
      'commune1.admin',
    ]) {
      expect(text).toContain(expected);
    }

    const again = await api<{ handoverId: string }>(`/handovers/${res.body.handoverId}`, {
      as: 'commune1.admin',
    });
    expect(again.status).toBe(200);
    expect((await api(`/handovers/${res.body.handoverId}`, { as: 'commune2.admin' })).status).toBe(403);

    const audit = await api<{ items: { action: string; targetId: string }[] }>(
      '/org-units/P-HONGBANG/audit',
      {
        as: 'commune1.admin',
      },
    );
    expect(audit.body.items.map((e) => `${e.action} ${e.targetId}`)).toContain(
      'account.handover commune1.admin',
    );
  });

  it('refuses a handover of an account that does not hold the commune admin role there', async () => {
    const res = await api<{ detail: string }>('/org-units/P-HONGBANG/handovers', {
      as: 'admin',
      body: { ...body, accountId: 'teacher1' },
    });
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/^Grant teacher1 the commune admin role on .+ before handing/);
    const inVietnamese = await api<{ detail: string }>('/org-units/P-HONGBANG/handovers', {
      as: 'admin',
      body: { ...body, accountId: 'teacher1' },
      headers: { 'accept-language': 'vi' },
    });
    expect(inVietnamese.body.detail).toMatch(
      /^Hãy giao vai trò Quản trị cấp xã tại .+ cho tài khoản teacher1/,
    );
    const school = await api('/org-units/THPT-TRANPHU/handovers', { as: 'admin', body });
    expect(school.status).toBe(400);
  });

  it('is recorded by the level above: a commune admin cannot hand over its own commune', async () => {
    const res = await api<{ status: number; detail: string }>('/org-units/P-HONGBANG/handovers', {
      as: 'commune1.admin',
      body,
    });
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/level above the commune/);
  });
});
