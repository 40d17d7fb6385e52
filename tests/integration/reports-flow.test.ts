/**
 * A report job through every moving part: API → Step Functions (the deployed ASL) → task workers
 * → S3 → SQS → notification worker → DynamoDB; and the scheduler's fire-now hook.
 */
import { describe, expect, it } from 'vitest';
import { api, cloud, eventually } from '../support/cloud.ts';

interface Job {
  reportId: string;
  status: string;
  downloadUrl?: string;
  title: string;
}

describe('report jobs', () => {
  it('a department admin requests a report and downloads the finished CSV', async () => {
    const created = await api<Job>('/reports', {
      as: 'admin',
      body: { kind: 'data-completeness', orgUnitId: 'SGD' },
    });
    expect(created.status).toBe(202);
    expect(created.body.status).toBe('queued');

    const done = await eventually(async () => {
      const res = await api<Job>(`/reports/${created.body.reportId}`, { as: 'admin' });
      return res.body.status === 'done' ? res.body : undefined;
    });
    expect(done.title).toBe('Báo cáo mức độ đầy đủ dữ liệu');
    const csv = await (await fetch(done.downloadUrl!)).text();
    expect(csv).toContain('Loại đơn vị,Số lượng');
    expect(csv).toContain('ward,45');
    expect(csv).toContain('commune,67');
    expect(csv).toContain('special-zone,2');
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
