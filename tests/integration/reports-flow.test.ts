/**
 * A report job through every moving part: API → Step Functions (the deployed ASL) → task workers
 * → S3 → SQS → notification worker → DynamoDB; and the scheduler's fire-now hook.
 */
import ExcelJS from 'exceljs';
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

    const done = await eventually(async () => {
      const res = await api<Job>(`/reports/${created.body.reportId}`, { as: 'admin' });
      return res.body.status === 'done' ? res.body : undefined;
    });
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
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
  });

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
    const job = await eventually(async () => {
      const r = await api<Job>(`/reports/${body.result.started[0]}`, { as: 'leader1' });
      return r.body.status === 'done' ? r.body : undefined;
    });
    expect(job.title).toBe('Báo cáo thống kê đầu năm học');
  });
});
