/**
 * The three bulk imports under chaos — a school's learners from a spreadsheet, org units from a
 * spreadsheet, library titles from a MARC file — each through its upload link, S3's notification,
 * the queue and the worker, with a share of the worker's DynamoDB, S3 and SQS calls failing.
 * Whatever the faults, every valid row lands exactly once, invalid rows land nowhere, and an
 * all-or-nothing import is all or nothing.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { SHEET_COLUMNS } from '../../functions/edu-data/domain/sheets.ts';
import { titleInput } from '../../functions/library/domain/catalogue.ts';
import { writeMarc } from '../../functions/library/domain/marc.ts';
import { call, putUpload, underChaos, waitFor } from '../support/chaos.ts';
import type { UploadLink } from '../support/cloud.ts';

const RUN = Date.now().toString(36).toUpperCase();

async function workbook(sheetName: string, header: string[], rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(header);
  for (const row of rows) ws.addRow(row);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Runs `tasks` a few at a time. */
async function inBatches<T>(tasks: (() => Promise<T>)[], size = 5): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < tasks.length; i += size)
    out.push(...(await Promise.all(tasks.slice(i, i + size).map((t) => t()))));
  return out;
}

describe('imports under chaos', () => {
  it('a school’s learners from a spreadsheet: every valid row once, the invalid ones nowhere', async () => {
    const SCHOOL = 'THPT-TRANPHU';
    const VALID = 40;
    const base = Math.floor(Math.random() * 800_000) + 100_000;
    const ids = Array.from({ length: VALID }, (_, n) => makePersonalId('031', 2015, 'female', base + n));
    const badId = makePersonalId('031', 2015, 'male', base + VALID); // the row says Nữ
    const columns = SHEET_COLUMNS.student;
    const row = (overrides: Record<string, string>) =>
      columns.map((c) => overrides[c.header] ?? (c.header === 'Mã lớp' ? '' : c.example));
    const file = await workbook(
      'Học sinh',
      columns.map((c) => c.header),
      [
        ...ids.map((id) => row({ 'Mã định danh': id })),
        row({ 'Mã định danh': badId }),
        row({ 'Mã định danh': ids[0]!.slice(0, 6), 'Họ và tên': 'Mã sai' }),
      ],
    );
    interface RecordImport {
      importId: string;
      status: string;
      created?: number;
      updated?: number;
      unchanged?: number;
      invalid?: number;
      upload?: UploadLink;
    }
    const importOnce = async () => {
      const requested = await call<RecordImport>(`/org-units/${SCHOOL}/record-imports`, {
        as: 'principal1',
        body: { kind: 'student' },
      });
      expect(requested.status, JSON.stringify(requested.body)).toBe(201);
      await putUpload(requested.body.upload!, file);
      return waitFor<RecordImport>(
        `/record-imports/${requested.body.importId}`,
        'principal1',
        (b) => ['done', 'failed'].includes(b.status),
        180_000,
      );
    };

    const first = await underChaos('learners import', importOnce);
    expect(first.status).toBe('done');
    expect(first.invalid).toBe(2);
    // A redelivered message resumes the import: rows it had applied come out unchanged.
    expect(first.created! + first.unchanged!).toBe(VALID);
    expect(first.updated).toBe(0);

    const found = await inBatches(
      ids.map(
        (id) => () =>
          // Personal IDs travel in the body, never in a URL.
          call<{ items: { name: string }[] }>(`/org-units/${SCHOOL}/records/student/search`, {
            as: 'principal1',
            body: { q: id },
          }),
      ),
    );
    expect(found.map((f) => f.body.items.length)).toEqual(ids.map(() => 1));
    const wrong = await call<{ items: unknown[] }>(`/org-units/${SCHOOL}/records/student/search`, {
      as: 'principal1',
      body: { q: badId },
    });
    expect(wrong.body.items).toEqual([]);

    const again = await underChaos('learners import, the same file again', importOnce);
    expect(again).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: VALID, invalid: 2 });
  });

  it('org units from a spreadsheet: all of them, or none when a row is wrong', async () => {
    const header = ['Mã định danh', 'Mã đơn vị', 'Tên đơn vị', 'Loại đơn vị', 'Mã định danh đơn vị cấp trên'];
    const school = `TH-HON-${RUN}`;
    const GROUPS = 24;
    const rows = [
      [school, `3109${RUN}`, 'Trường Tiểu học Hỗn Loạn', 'Trường', 'P-HONGBANG'],
      ...Array.from({ length: GROUPS }, (_, n) => [
        `${school}.T${n}`,
        `T${n}-${RUN}`,
        `Tổ chuyên môn số ${n + 1}`,
        'Tổ chuyên môn',
        school,
      ]),
    ];
    interface OrgUnitImport {
      importId: string;
      status: string;
      imported?: number;
      errors?: { row: number; column?: string }[];
      upload: UploadLink;
    }
    const importSheet = async (file: Uint8Array) => {
      const requested = await call<OrgUnitImport>('/org-units/P-HONGBANG/imports', {
        as: 'commune1.admin',
        method: 'POST',
      });
      expect(requested.status).toBe(201);
      await putUpload(requested.body.upload, file);
      return waitFor<OrgUnitImport>(
        `/org-unit-imports/${requested.body.importId}`,
        'commune1.admin',
        (b) => b.status !== 'awaiting-upload',
      );
    };

    // One wrong kind in the last row: nothing at all is written.
    const broken = [...rows.map((r) => [...r]), [`X-${RUN}`, `X-${RUN}`, 'Một đơn vị lạ', 'Làng', school]];
    const rejected = await underChaos('org-unit import, rejected', async () =>
      importSheet(
        await workbook(
          'Đơn vị',
          header,
          broken.map((r) => r.map((c) => c.replace(school, `${school}R`))),
        ),
      ),
    );
    expect(rejected.status).toBe('failed');
    expect(rejected.errors?.map((e) => e.row)).toEqual([GROUPS + 3]);
    expect((await call(`/org-units/${school}R`, { as: 'admin' })).status).toBe(404);

    const done = await underChaos('org-unit import', async () =>
      importSheet(await workbook('Đơn vị', header, rows)),
    );
    expect(done).toMatchObject({ status: 'done', imported: GROUPS + 1 });
    const children = await call<{ items: { orgUnitId: string; lineage: string[] }[] }>(
      `/org-units/${school}/children?limit=100`,
      { as: 'commune1.admin' },
    );
    expect(children.status).toBe(200);
    expect(children.body.items.map((u) => u.orgUnitId).sort()).toEqual(
      Array.from({ length: GROUPS }, (_, n) => `${school}.T${n}`).sort(),
    );
    for (const u of children.body.items)
      expect(u.lineage).toEqual(['SGD', 'P-HONGBANG', school, u.orgUnitId]);
  });

  it('library titles from a MARC file: each record catalogued once, its search entries with it', async () => {
    const WORD = `Honloan${RUN.toLowerCase()}`;
    const COUNT = 30;
    const records = Array.from({ length: COUNT }, (_, n) => ({
      ...titleInput.parse({
        title: `Sách thử số ${n + 1} ${WORD}`,
        authors: [`Tác giả ${n + 1}`],
        year: 2020,
      }),
      titleId: `C-${n + 1}`,
    }));
    const file = new TextEncoder().encode(writeMarc(records, 'iso2709'));
    interface ImportJob {
      status: string;
      created: number;
      duplicates: number;
      failed: number;
      report: { controlNumber?: string; outcome: string; titleId?: string }[];
    }
    const done = await underChaos('MARC import', async () => {
      const job = await call<{ jobId: string; upload: UploadLink }>(
        '/org-units/THPT-TRANPHU/catalogue-imports',
        { as: 'librarian1', body: { format: 'iso2709' } },
      );
      expect(job.status, JSON.stringify(job.body)).toBe(201);
      await putUpload(job.body.upload, file);
      return waitFor<ImportJob>(
        `/catalogue-jobs/${job.body.jobId}`,
        'librarian1',
        (b) => b.status === 'done',
      );
    });
    expect(done).toMatchObject({ created: COUNT, duplicates: 0, failed: 0 });
    const titleIds = done.report.map((r) => r.titleId);
    expect(new Set(titleIds).size).toBe(COUNT);

    // Every title is there, and found by its words (its search entries were written with it).
    const titles = await inBatches(
      titleIds.map((id) => () => call<{ title: string }>(`/library/titles/${id}`)),
    );
    expect(titles.map((t) => t.body.title).sort()).toEqual(records.map((r) => r.title).sort());
    const hits: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call<{ items: { titleId: string }[]; nextCursor?: string }>(
        `/library/search?q=${WORD}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      hits.push(...page.body.items.map((h) => h.titleId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(hits.sort()).toEqual([...titleIds].sort());
  });
});
