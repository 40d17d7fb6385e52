/** Exporting the audit log to XLSX: scoped, dated in Vietnam time, written by the worker. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { api, until } from '../support/cloud.ts';

interface AuditExport {
  exportId: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  rowCount?: number;
  downloadUrl?: string;
}

const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

describe('audit log export', () => {
  it("writes a commune's entries, and only them, into an XLSX with Vietnamese headers", async () => {
    const accountId = `export.${Date.now().toString(36)}`;
    const created = await api('/org-units/P-HONGBANG/accounts', {
      as: 'commune1.admin',
      body: { accountId, fullName: 'Lương Thị Diệu Linh' },
    });
    expect(created.status).toBe(201);

    const requested = await api<AuditExport>('/org-units/P-HONGBANG/audit/exports', {
      as: 'commune1.admin',
      body: { from: today, to: today },
    });
    expect(requested.status).toBe(202);
    expect(requested.body.status).toBe('pending');
    const ready = await until(async () => {
      const res = await api<AuditExport>(`/audit-exports/${requested.body.exportId}`, {
        as: 'commune1.admin',
      });
      return res.body.status === 'done' || res.body.status === 'failed' ? res.body : undefined;
    });
    expect(ready.status).toBe('done');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await fetch(ready.downloadUrl!)).arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Nhật ký thay đổi');
    expect((sheet.getRow(1).values as string[]).slice(1, 4)).toEqual([
      'Thời điểm',
      'Người thực hiện',
      'Hành động',
    ]);
    const rows: string[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push((row.values as string[]).slice(1));
    });
    expect(rows).toHaveLength(ready.rowCount!);
    const mine = rows.find((r) => r[4] === accountId);
    expect(mine?.slice(1, 3)).toEqual(['commune1.admin', 'account.create']);
    expect(mine?.[7]).toContain('Lương Thị Diệu Linh');
    // dd/mm/yyyy in Vietnam time.
    expect(mine?.[0]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    for (const row of rows) expect(['P-NGOQUYEN', 'THPT-TRANPHU']).not.toContain(row[5]);

    const outsider = await api(`/audit-exports/${requested.body.exportId}`, { as: 'commune2.admin' });
    expect([403, 404]).toContain(outsider.status);
  });

  it('refuses a range that ends before it starts, naming the field', async () => {
    const res = await api<{ errors: { field: string }[] }>('/org-units/P-HONGBANG/audit/exports', {
      as: 'commune1.admin',
      body: { from: '2026-11-20', to: '2026-11-01' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e) => e.field)).toContain('to');
  });
});
