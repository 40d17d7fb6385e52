/**
 * Spreadsheet import of org units, through the real path: an upload link, a POST to S3, S3's
 * notification on the queue, the worker. All rows or none; errors named by row and column.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { api, postUpload, type UploadLink, until } from '../support/cloud.ts';

interface OrgUnitImport {
  importId: string;
  status: 'awaiting-upload' | 'done' | 'failed';
  imported?: number;
  errors?: { row: number; column?: string; message: string }[];
  upload: UploadLink;
}

async function sheet(rows: string[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('Đơn vị');
  ws.addRow(['Mã định danh', 'Mã đơn vị', 'Tên đơn vị', 'Loại đơn vị', 'Mã định danh đơn vị cấp trên']);
  for (const row of rows) ws.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

async function importSheet(as: string, orgUnitId: string, file: Uint8Array) {
  const requested = await api<OrgUnitImport>(`/org-units/${orgUnitId}/imports`, { as, method: 'POST' });
  expect(requested.status).toBe(201);
  expect(requested.body.status).toBe('awaiting-upload');
  const put = await postUpload(requested.body.upload, file);
  expect(put.status).toBe(204);
  return until(async () => {
    const res = await api<OrgUnitImport>(`/org-unit-imports/${requested.body.importId}`, { as });
    return res.body.status === 'awaiting-upload' ? undefined : res.body;
  });
}

describe('org unit spreadsheet import', () => {
  it('imports a commune’s schools from an XLSX with Vietnamese headers and kind labels', async () => {
    const tag = Date.now().toString(36).toUpperCase();
    const result = await importSheet(
      'commune1.admin',
      'P-HONGBANG',
      await sheet([
        [`MN-SEN-${tag}`, `3101${tag}`, 'Trường Mầm non Sen Hồng', 'Trường', 'P-HONGBANG'],
        [`MN-SEN-${tag}.NHA`, `NHA-${tag}`, 'Tổ Nhà trẻ', 'Tổ chuyên môn', `MN-SEN-${tag}`],
      ]),
    );
    expect(result).toMatchObject({ status: 'done', imported: 2 });
    const school = await api<{ name: string; lineage: string[] }>(`/org-units/MN-SEN-${tag}`, {
      as: 'commune1.admin',
    });
    expect(school.body.name).toBe('Trường Mầm non Sen Hồng');
    expect(school.body.lineage).toEqual(['SGD', 'P-HONGBANG', `MN-SEN-${tag}`]);
  });

  it('rejects the whole file when a row is wrong, naming the row and column, and writes nothing', async () => {
    const tag = Date.now().toString(36).toUpperCase();
    const result = await importSheet(
      'commune1.admin',
      'P-HONGBANG',
      await sheet([
        [`TH-MOI-${tag}`, `3102${tag}`, 'Trường Tiểu học Mới', 'Trường', 'P-HONGBANG'],
        [`TH-XA-${tag}`, `3103${tag}`, 'Trường ở xã khác', 'Trường', 'P-NGOQUYEN'],
        [`X-${tag}`, `3104${tag}`, 'Một đơn vị lạ', 'Làng', 'P-HONGBANG'],
      ]),
    );
    expect(result.status).toBe('failed');
    expect(result.errors).toEqual([
      {
        row: 4,
        column: 'Loại đơn vị',
        code: 'identity.unknown-kind',
        params: { value: 'Làng' },
        message: 'Unknown kind “Làng”',
      },
    ]);
    expect((await api(`/org-units/TH-MOI-${tag}`, { as: 'admin' })).status).toBe(404);

    const outside = await importSheet(
      'commune1.admin',
      'P-HONGBANG',
      await sheet([
        [`TH-MOI-${tag}`, `3102${tag}`, 'Trường Tiểu học Mới', 'Trường', 'P-HONGBANG'],
        [`TH-XA-${tag}`, `3103${tag}`, 'Trường ở xã khác', 'Trường', 'P-NGOQUYEN'],
      ]),
    );
    expect(outside.status).toBe('failed');
    expect(outside.errors?.map((e) => e.row)).toEqual([3]);
    // Read in Vietnamese, the row error names the unit the import applies to.
    const inVietnamese = await api<OrgUnitImport>(`/org-unit-imports/${outside.importId}`, {
      as: 'commune1.admin',
      headers: { 'accept-language': 'vi' },
    });
    expect(inVietnamese.body.errors?.[0]?.message).toBe(
      'Nằm ngoài P-HONGBANG, đơn vị mà lần nhập này áp dụng',
    );
    expect((await api(`/org-units/TH-MOI-${tag}`, { as: 'admin' })).status).toBe(404);
  });

  it('rejects a file that is not a spreadsheet', async () => {
    const result = await importSheet('admin', 'SGD', new TextEncoder().encode('not,a,spreadsheet'));
    expect(result).toMatchObject({
      status: 'failed',
      errors: [{ row: 1, message: 'The file is not an XLSX spreadsheet' }],
    });
  });
});
