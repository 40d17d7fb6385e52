/**
 * Spreadsheet import of records through the real path: upload link → POST to S3 → S3
 * notification → queue → worker. Valid rows land, invalid rows are reported on their cells and
 * touch nothing, and importing the same file again changes nothing.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { SHEET_COLUMNS } from '../../functions/edu-data/domain/sheets.ts';
import { api, postUpload, type UploadLink, until } from '../support/cloud.ts';

interface RecordImport {
  importId: string;
  status: string;
  totalRows?: number;
  created?: number;
  updated?: number;
  unchanged?: number;
  invalid?: number;
  reportUrl?: string;
  error?: string;
  errorCode?: string;
  upload?: UploadLink;
}

const SCHOOL = 'THPT-TRANPHU';
const header = SHEET_COLUMNS.student.map((c) => c.header);

async function workbook(rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Học sinh');
  ws.addRow(header);
  for (const row of rows) ws.addRow(row);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function importFile(file: Uint8Array, submit = false) {
  const requested = await api<RecordImport>(`/org-units/${SCHOOL}/record-imports`, {
    as: 'principal1',
    body: { kind: 'student', submit },
  });
  expect(requested.status, JSON.stringify(requested.body)).toBe(201);
  const put = await postUpload(requested.body.upload!, file);
  expect(put.status).toBe(204);
  return until(async () => {
    const res = await api<RecordImport>(`/record-imports/${requested.body.importId}`, { as: 'principal1' });
    return res.body.status === 'done' || res.body.status === 'failed' ? res.body : undefined;
  }, 60_000);
}

function row(overrides: Record<string, string>) {
  return SHEET_COLUMNS.student.map((c) => overrides[c.header] ?? (c.header === 'Mã lớp' ? '' : c.example));
}

describe('record spreadsheet import', () => {
  it('applies valid rows, reports invalid ones on their cells, and changes nothing the second time', async () => {
    const base = Math.floor(Math.random() * 800_000) + 100_000;
    const id = (n: number, gender: 'male' | 'female' = 'female') =>
      makePersonalId('031', 2015, gender, base + n);
    const file = await workbook([
      row({ 'Mã định danh': id(1), 'Họ và tên': 'Đỗ Thị Thu Hà' }),
      row({ 'Mã định danh': id(2, 'male'), 'Họ và tên': 'Phạm Minh Quân', 'Giới tính': 'Nam' }),
      row({ 'Mã định danh': id(3), 'Giới tính': 'Không rõ' }),
      row({ 'Mã định danh': id(4, 'male'), 'Họ và tên': 'Lưu Gia Huy' }), // the code says male, the row says Nữ
      row({ 'Mã định danh': id(5), 'Họ và tên': 'Bùi Khánh Linh', 'Ngày sinh': '2015-07-01' }),
    ]);
    const first = await importFile(file);
    expect(first).toMatchObject({ status: 'done', totalRows: 5, created: 3, invalid: 2, unchanged: 0 });

    const report = new ExcelJS.Workbook();
    await report.xlsx.load(await (await fetch(first.reportUrl!)).arrayBuffer());
    const errors = report.getWorksheet('Dòng lỗi')!;
    expect(errors.getRow(2).getCell(1).value).toBe(4);
    const genderCell = errors.getRow(2).getCell(header.indexOf('Giới tính') + 2);
    expect(genderCell.note).toBeTruthy();
    // The report is the school's: its errors are written in Vietnamese.
    expect(String(errors.getRow(2).getCell(header.length + 2).value)).toBe(
      'Giới tính: Phải là một trong các giá trị: Nam, Nữ',
    );
    expect(errors.getRow(3).getCell(1).value).toBe(5);
    expect(String(errors.getRow(3).getCell(header.length + 2).value)).toContain(
      'Mã định danh: Chữ số thứ 4 không khớp với giới tính và thế kỷ sinh',
    );

    const found = await api<{ items: { name: string; status: string }[] }>(
      `/org-units/${SCHOOL}/records/student/search`,
      { as: 'principal1', body: { q: 'pham minh quan' } },
    );
    expect(found.body.items.map((r) => r.name)).toContain('Phạm Minh Quân');

    const again = await importFile(file);
    expect(again).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: 3, invalid: 2 });
  });

  it('submits imported rows for approval when asked, and rejects a file that is not a spreadsheet', async () => {
    const personalId = makePersonalId('031', 2015, 'female', Math.floor(Math.random() * 800_000) + 100_000);
    const done = await importFile(
      await workbook([row({ 'Mã định danh': personalId, 'Họ và tên': 'Hà Thị Ngọc Mai' })]),
      true,
    );
    expect(done).toMatchObject({ created: 1, invalid: 0 });
    const found = await api<{ items: { status: string }[] }>(`/org-units/${SCHOOL}/records/student/search`, {
      as: 'principal1',
      body: { q: personalId },
    });
    expect(found.body.items[0]?.status).toBe('submitted');

    const broken = await importFile(new TextEncoder().encode('not a spreadsheet'));
    expect(broken).toMatchObject({
      status: 'failed',
      error: 'The file is not an XLSX spreadsheet',
      errorCode: 'job.not-xlsx',
    });
    const inVietnamese = await api<RecordImport>(`/record-imports/${broken.importId}`, {
      as: 'principal1',
      headers: { 'accept-language': 'vi' },
    });
    expect(inVietnamese.body.error).toBe('Tệp không phải bảng tính XLSX');
  });
});

describe('list export', () => {
  it('writes a school’s learners to XLSX in the import layout, with status and version', async () => {
    const requested = await api<{ exportId: string; status: string }>(`/org-units/${SCHOOL}/record-exports`, {
      as: 'principal1',
      body: { kind: 'student' },
    });
    expect(requested.status).toBe(202);
    const ready = await until(async () => {
      const res = await api<{ status: string; rowCount?: number; downloadUrl?: string }>(
        `/record-exports/${requested.body.exportId}`,
        { as: 'principal1' },
      );
      return res.body.status === 'done' ? res.body : undefined;
    }, 30_000);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await fetch(ready.downloadUrl!)).arrayBuffer());
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Mã định danh');
    expect(sheet.getRow(1).getCell(header.length + 1).value).toBe('Trạng thái');
    expect(sheet.rowCount - 1).toBe(ready.rowCount);
    expect(ready.rowCount).toBeGreaterThan(0);
    // Another commune's officer can neither start nor read it.
    expect((await api(`/record-exports/${requested.body.exportId}`, { as: 'commune1.officer' })).status).toBe(
      403,
    );
    // The department must narrow a city-wide list by name, as in the list itself.
    const cityWide = await api('/org-units/SGD/record-exports', { as: 'admin', body: { kind: 'student' } });
    expect(cityWide.status).toBe(400);
  });
});
