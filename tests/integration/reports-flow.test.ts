/**
 * A report job through every moving part: API → Step Functions (the deployed ASL) → task workers
 * → S3 → SQS → notification worker → DynamoDB; and the scheduler's fire-now hook.
 */
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { api, cloud, eventually } from '../support/cloud.ts';

interface Job {
  reportId: string;
  status: string;
  downloadUrl?: string;
  pdfUrl?: string;
  totalUnits?: number;
  completedUnits?: number;
  title: string;
}

describe('report jobs', () => {
  it('a department admin requests a report and downloads the finished XLSX and PDF', async () => {
    const created = await api<Job>('/reports', {
      as: 'admin',
      body: { kind: 'data-completeness', orgUnitId: 'SGD' },
    });
    expect(created.status).toBe(202);
    expect(created.body.status).toBe('pending');

    // 114 units' figures collected on two cores, then the workbook and the official PDF: ~40 s
    // locally when nothing else runs, so the wait is generous.
    const done = await eventually(
      async () => {
        const res = await api<Job>(`/reports/${created.body.reportId}`, { as: 'admin' });
        return res.body.status === 'done' ? res.body : undefined;
      },
      120_000,
      500,
    );
    expect(done.title).toBe('Báo cáo mức độ đầy đủ dữ liệu');
    // One part per unit under the Department: 114 commune-level units (schools are under them).
    expect(done).toMatchObject({ totalUnits: 114, completedUnits: 114 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await fetch(done.downloadUrl!)).arrayBuffer());
    const summary = workbook.getWorksheet('Tổng hợp')!;
    const indicatorValue = (code: string) => {
      let value: unknown;
      summary.eachRow((row) => {
        if (row.getCell(1).value === code) value = row.getCell(3).value;
      });
      return value;
    };
    expect(indicatorValue('DL01')).toBeGreaterThan(300);
    expect(workbook.getWorksheet('Theo đơn vị')!.rowCount).toBe(2 + 114);
    const pdf = await fetch(done.pdfUrl!);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    // An administrative document (Decree 30/2020): national title and motto, issuing body with its
    // number, place and date; the figures; an annex table per unit; the signer.
    const document = await getDocument({ data: bytes, useSystemFonts: false }).promise;
    const text = async (n: number) =>
      (await (await document.getPage(n)).getTextContent()).items
        .map((i) => ('str' in i ? i.str : ''))
        .join(' ');
    const first = await text(1);
    expect(first).toContain('CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(first).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(first).toContain('SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ HẢI PHÒNG');
    expect(first).toContain('UỶ BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG');
    expect(first).toMatch(/Số: \d+\/BC-SGDĐT/);
    expect(first).toMatch(/Hải Phòng, ngày \d{2} tháng \d{2} năm \d{4}/);
    const pages = await Promise.all(Array.from({ length: document.numPages }, (_, i) => text(i + 1)));
    const all = pages.join(' ');
    expect(all).toContain('II. SỐ LIỆU THEO ĐƠN VỊ');
    expect(all).toContain('Phường Ngô Quyền');
    expect(all).toContain('GIÁM ĐỐC');
    expect(all).toContain('Nơi nhận:');

    // The unit's history lists it, with its number, as requested (not periodic).
    const history = await api<{ items: (Job & { documentNumber?: string; periodic: boolean })[] }>(
      '/org-units/SGD/reports?limit=100',
      { as: 'admin' },
    );
    const listed = history.body.items.find((r) => r.reportId === created.body.reportId);
    expect(listed).toMatchObject({ status: 'done', periodic: false });
    expect(listed?.documentNumber).toMatch(/^\d+\/BC-SGDĐT$/);
    // A commune's people read their own unit's reports, not the city's.
    expect((await api('/org-units/SGD/reports', { as: 'commune1.officer' })).status).toBe(403);
  }, 180_000);

  it('a commune admin may not run a report for the whole city', async () => {
    const res = await api('/reports', {
      as: 'commune1.admin',
      body: { kind: 'data-completeness', orgUnitId: 'SGD' },
    });
    expect(res.status).toBe(403);
  });

  it('a commune officer cannot read a report of another scope', async () => {
    const created = await api<Job>('/reports', {
      as: 'admin',
      body: { kind: 'school-year-end', orgUnitId: 'SGD' },
    });
    const res = await api(`/reports/${created.body.reportId}`, { as: 'commune1.officer' });
    expect(res.status).toBe(403);
  });

  it('fires a scheduled worker on demand', async () => {
    const res = await fetch(
      `${cloud().apiUrl}/_local/fire/reports-start-periodic-reports?force=school-year-start`,
      { method: 'POST' },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { started: string[] } };
    expect(body.result.started).toHaveLength(1);
    const job = await eventually(
      async () => {
        const r = await api<Job>(`/reports/${body.result.started[0]}`, { as: 'leader1' });
        return r.body.status === 'done' ? r.body : undefined;
      },
      120_000,
      500,
    );
    expect(job.title).toBe('Báo cáo thống kê đầu năm học');
    const history = await api<{ items: { reportId: string; periodic: boolean }[] }>(
      '/org-units/SGD/reports?limit=100',
      {
        as: 'leader1',
      },
    );
    expect(history.body.items.find((r) => r.reportId === body.result.started[0])?.periodic).toBe(true);
  }, 180_000);
});
