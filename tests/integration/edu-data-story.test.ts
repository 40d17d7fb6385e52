/**
 * The "done when": a school imports its learners, the commune officer approves them, and
 * both the official statistics and a generated report reflect them.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { SHEET_COLUMNS } from '../../functions/edu-data/domain/sheets.ts';
import { api, postUpload, type UploadLink, until } from '../support/cloud.ts';

const SCHOOL = 'THCS-HONGBANG';
const COMMUNE = 'P-HONGBANG';
type Stats = { figures: { learners: number; learnersByGrade: Record<string, number> } };

describe('import → approve → statistics and report', () => {
  it('counts approved learners in the commune’s and the city’s figures and in the report', async () => {
    const learnersOf = async (unit: string, as: string) =>
      (await api<Stats>(`/org-units/${unit}/statistics`, { as })).body.figures.learners;
    const cityBefore = await learnersOf('SGD', 'leader1');
    const communeBefore = await learnersOf(COMMUNE, 'commune1.officer');

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Học sinh');
    ws.addRow(SHEET_COLUMNS.student.map((c) => c.header));
    const base = Math.floor(Math.random() * 800_000) + 100_000;
    const names = ['Nguyễn Hải Đăng', 'Trần Bảo Ngọc', 'Lê Quốc Việt'];
    names.forEach((name, i) => {
      const gender = i === 1 ? 'female' : 'male';
      ws.addRow(
        SHEET_COLUMNS.student.map((c) => {
          if (c.header === 'Mã định danh') return makePersonalId('031', 2013, gender, base + i);
          if (c.header === 'Họ và tên') return name;
          if (c.header === 'Giới tính') return gender === 'female' ? 'Nữ' : 'Nam';
          if (c.header === 'Ngày sinh') return '05/01/2013';
          if (c.header === 'Khối') return '7';
          if (c.header === 'Mã lớp') return '';
          return c.example;
        }),
      );
    });
    const requested = await api<{
      importId: string;
      upload: UploadLink;
    }>(`/org-units/${SCHOOL}/record-imports`, {
      as: 'dataofficer1',
      body: { kind: 'student', submit: true },
    });
    await postUpload(requested.body.upload, new Uint8Array(await wb.xlsx.writeBuffer()));
    await until(async () => {
      const r = await api<{ status: string; created?: number }>(
        `/record-imports/${requested.body.importId}`,
        {
          as: 'dataofficer1',
        },
      );
      return r.body.status === 'done' ? r.body : undefined;
    }, 60_000);

    // The commune officer works through the queue of this school.
    const queue = await api<{ items: { recordId: string; version: number; name: string }[] }>(
      `/org-units/${COMMUNE}/approval-queue?schoolId=${SCHOOL}&limit=100`,
      { as: 'commune1.officer' },
    );
    const mine = queue.body.items.filter((i) => names.includes(i.name));
    expect(mine).toHaveLength(3);
    const decided = await api<{ results: { ok: boolean }[] }>('/records/decisions', {
      as: 'commune1.officer',
      body: {
        decision: 'approve',
        records: mine.map((i) => ({ recordId: i.recordId, expectedVersion: i.version })),
      },
    });
    expect(decided.body.results.every((r) => r.ok)).toBe(true);

    const commune = await until(async () => {
      const n = await learnersOf(COMMUNE, 'commune1.officer');
      return n >= communeBefore + 3 ? n : undefined;
    }, 30_000);
    await until(
      async () => ((await learnersOf('SGD', 'leader1')) >= cityBefore + 3 ? true : undefined),
      30_000,
    );

    const report = await api<{ reportId: string }>('/reports', {
      as: 'commune1.admin',
      body: { kind: 'school-year-start', orgUnitId: COMMUNE },
    });
    const done = await until(async () => {
      const r = await api<{ status: string; downloadUrl?: string }>(`/reports/${report.body.reportId}`, {
        as: 'commune1.admin',
      });
      return r.body.status === 'done' ? r.body : undefined;
    }, 30_000);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await fetch(done.downloadUrl!)).arrayBuffer());
    let learners: unknown;
    workbook.getWorksheet('Tổng hợp')!.eachRow((row) => {
      if (row.getCell(1).value === 'HS01') learners = row.getCell(3).value;
    });
    expect(learners).toBe(commune);
  });
});
