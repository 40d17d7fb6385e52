/**
 * The union catalogue over HTTP: a librarian catalogues a title once for the city (a second
 * record with its ISBN, or its title and author, is refused with the first one's id), imports a
 * MARC file through the upload link and the worker (duplicates and bad fields reported per
 * record), finds titles with or without diacritics, filtered and paged, corrects a title (its
 * index follows), and exports MARC.
 */
import { describe, expect, it } from 'vitest';
import { titleInput } from '../../functions/library/domain/catalogue.ts';
import { titleOfMarc, writeMarc } from '../../functions/library/domain/marc.ts';
import { readMarc } from '../../functions/library/domain/marc-read.ts';
import { readFirstSheet, streamedWorkbook } from '../../shared/storage/sheets.ts';
import { api, cloud, postUpload, type UploadLink, until } from '../support/cloud.ts';

const RUN = `${Date.now() % 1_000_000}`;
/** A word no other test uses, so searches see only this run's titles. */
const WORD = `Xuyenkhung${RUN}`;

/** A valid ISBN-13 made from a run-specific body. */
function isbn(n: number) {
  const body = `978604${String(Number(RUN) * 10 + n)
    .padStart(6, '0')
    .slice(-6)}`;
  const sum = [...body].reduce((s, c, i) => s + Number(c) * (i % 2 ? 3 : 1), 0);
  return body + String((10 - (sum % 10)) % 10);
}

interface ImportJob {
  status: string;
  created: number;
  duplicates: number;
  failed: number;
  report: {
    row: number;
    controlNumber?: string;
    outcome: string;
    titleId?: string;
    duplicateBy?: string;
    errors?: { field: string }[];
  }[];
}

/** Uploads a catalogue file through an import job's link and waits for the worker's report. */
async function importFile(format: 'iso2709' | 'xlsx', bytes: Uint8Array): Promise<ImportJob> {
  const job = await api<{ jobId: string; upload: UploadLink }>('/org-units/THPT-TRANPHU/catalogue-imports', {
    as: 'librarian1',
    body: { format },
  });
  expect(job.status, JSON.stringify(job.body)).toBe(201);
  const put = await postUpload(job.body.upload, new Uint8Array(bytes));
  expect(put.status).toBeLessThan(300);
  return until(async () => {
    const res = await api<ImportJob>(`/catalogue-jobs/${job.body.jobId}`, { as: 'librarian1' });
    return res.body.status === 'done' ? res.body : undefined;
  }, 30_000);
}

interface Title {
  titleId: string;
  revision: number;
  title: string;
}
interface Hit {
  titleId: string;
  title: string;
  score: number;
}

const search = (query: string) => api<{ items: Hit[]; nextCursor?: string }>(`/library/search?${query}`);

describe('library catalogue', () => {
  let first: Title;

  it('catalogues a title once for the city, by ISBN and by title and author', async () => {
    const created = await api<Title>('/org-units/THPT-TRANPHU/library-titles', {
      as: 'librarian1',
      body: {
        isbn: isbn(1),
        title: `Tiếng Việt nâng cao ${WORD}`,
        authors: ['Nguyễn Minh Thuyết'],
        year: 2021,
        type: 'textbook',
        subjects: ['Tiếng Việt'],
        curriculum: [{ subject: 'tieng-viet', grade: 5, lessonId: `TV5-${RUN}` }],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    first = created.body;

    const sameIsbn = await api<{ titleId: string; duplicateBy: string }>(
      '/org-units/THPT-TRANPHU/library-titles',
      {
        as: 'librarian1',
        body: { isbn: isbn(1), title: 'Một tên khác' },
      },
    );
    expect(sameIsbn.status).toBe(409);
    expect(sameIsbn.body).toMatchObject({ titleId: first.titleId, duplicateBy: 'isbn' });

    const sameName = await api<{ titleId: string; duplicateBy: string }>(
      '/org-units/THPT-TRANPHU/library-titles',
      {
        as: 'librarian1',
        body: { title: `tiếng việt  NÂNG CAO ${WORD.toLowerCase()}`, authors: ['Nguyen Minh Thuyet'] },
      },
    );
    expect(sameName.status).toBe(409);
    expect(sameName.body).toMatchObject({ titleId: first.titleId, duplicateBy: 'title-author' });

    const badIsbn = await api<{ errors: { field: string; message: string }[] }>(
      '/org-units/THPT-TRANPHU/library-titles',
      {
        as: 'librarian1',
        body: { isbn: '978-604-0-00000-1', title: 'Sai ISBN' },
      },
    );
    expect(badIsbn.status).toBe(400);
    expect(badIsbn.body.errors[0]).toMatchObject({
      field: 'isbn',
      code: 'library.isbn13-invalid',
      message: expect.stringContaining('Not a valid ISBN-13'),
    });
    // The portal asks in Vietnamese: the same rule, said in Vietnamese.
    const badIsbnVi = await api<{ errors: { field: string; message: string }[] }>(
      '/org-units/THPT-TRANPHU/library-titles',
      {
        as: 'librarian1',
        headers: { 'accept-language': 'vi' },
        body: { isbn: '978-604-0-00000-1', title: 'Sai ISBN' },
      },
    );
    expect(badIsbnVi.body.errors[0]?.message).toBe(
      'ISBN-13 không hợp lệ (sai chữ số kiểm tra hoặc không bắt đầu bằng 978/979)',
    );
    // A teacher does not catalogue.
    expect(
      (await api('/org-units/THPT-TRANPHU/library-titles', { as: 'teacher1', body: { title: 'X' } })).status,
    ).toBe(403);
  });

  it('imports a MARC file: new records catalogued, duplicates and bad fields reported per record', async () => {
    const records = [
      {
        ...titleInput.parse({
          isbn: isbn(2),
          title: `Lịch sử Hải Phòng ${WORD}`,
          authors: ['Trần Quốc Vượng'],
          year: 2019,
        }),
        titleId: 'M-1',
      },
      {
        ...titleInput.parse({
          title: `Địa lí địa phương ${WORD}`,
          authors: ['Lê Thông'],
          curriculum: [{ subject: 'dia-li', grade: 9 }],
        }),
        titleId: 'M-2',
      },
      { ...titleInput.parse({ isbn: isbn(1), title: 'Bản trùng ISBN' }), titleId: 'M-3' },
    ];
    // The same work again without an ISBN (a duplicate by title and author of M-2), and a record
    // whose ISBN has a wrong check digit (edited in the file: the form's rules would refuse it).
    const file = writeMarc([...records, { ...records[1]!, titleId: 'M-4' }], 'iso2709');
    const bad = writeMarc([{ ...records[0]!, titleId: 'M-5' }], 'iso2709').replace(isbn(2), '9786040000001');
    const done = await importFile('iso2709', new TextEncoder().encode(file + bad));
    expect(done).toMatchObject({ created: 2, duplicates: 2, failed: 1 });
    const byControl = Object.fromEntries(done.report.map((r) => [r.controlNumber, r]));
    expect(byControl['M-3']).toMatchObject({
      outcome: 'duplicate',
      titleId: first.titleId,
      duplicateBy: 'isbn',
    });
    expect(byControl['M-4']).toMatchObject({
      outcome: 'duplicate',
      duplicateBy: 'title-author',
      titleId: byControl['M-2']!.titleId,
    });
    expect(byControl['M-5']).toMatchObject({ outcome: 'failed' });
    expect(byControl['M-5']!.errors![0]).toMatchObject({ field: '020', code: 'library.isbn13-invalid' });

    // Found by what a teacher types on a phone: no diacritics.
    const found = await search(`q=${encodeURIComponent(`lich su hai phong ${WORD}`)}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((h) => h.title)).toEqual([`Lịch sử Hải Phòng ${WORD}`]);
  });

  it('searches with or without diacritics, by author, ISBN and lesson, filtered and paged', async () => {
    const plain = await search(`q=${encodeURIComponent(`tieng viet ${WORD}`)}`);
    const marked = await search(`q=${encodeURIComponent(`Tiếng Việt ${WORD}`)}`);
    expect(plain.body.items[0]?.titleId).toBe(first.titleId);
    expect(marked.body.items[0]?.titleId).toBe(first.titleId);
    expect(marked.body.items[0]!.score).toBeGreaterThan(plain.body.items[0]!.score);

    expect((await search(`q=${encodeURIComponent(`thuyet ${WORD}`)}`)).body.items[0]?.titleId).toBe(
      first.titleId,
    );
    expect((await search(`q=${isbn(1)}`)).body.items.map((h) => h.titleId)).toEqual([first.titleId]);
    expect((await search(`lesson=TV5-${RUN}`)).body.items.map((h) => h.titleId)).toEqual([first.titleId]);
    expect((await search(`q=${WORD}&grade=9`)).body.items.map((h) => h.title)).toEqual([
      `Địa lí địa phương ${WORD}`,
    ]);
    expect((await search(`q=${WORD}&type=textbook`)).body.items.map((h) => h.titleId)).toEqual([
      first.titleId,
    ]);

    const pageOne = await search(`q=${WORD}&limit=2`);
    expect(pageOne.body.items).toHaveLength(2);
    const pageTwo = await search(`q=${WORD}&limit=2&cursor=${pageOne.body.nextCursor}`);
    expect(pageTwo.body.items).toHaveLength(1);
    expect(pageTwo.body.nextCursor).toBeUndefined();
    const all = [...pageOne.body.items, ...pageTwo.body.items].map((h) => h.titleId);
    expect(new Set(all).size).toBe(3);

    expect((await search(`q=another&limit=2&cursor=${pageOne.body.nextCursor}`)).status).toBe(400);
    expect((await search('q=')).status).toBe(400);
  });

  it('corrects a title: stale revisions refused, and the index follows the new words', async () => {
    const stale = await api(`/library/titles/${first.titleId}`, {
      as: 'librarian1',
      method: 'PUT',
      body: { title: 'Tiếng Việt', expectedRevision: 99 },
    });
    expect(stale.status).toBe(409);
    const updated = await api<Title>(`/library/titles/${first.titleId}`, {
      as: 'librarian1',
      method: 'PUT',
      body: {
        isbn: isbn(1),
        title: `Tiếng Việt thực hành ${WORD}`,
        authors: ['Nguyễn Minh Thuyết'],
        expectedRevision: first.revision,
      },
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect((await search(`q=${encodeURIComponent(`nang cao ${WORD}`)}`)).body.items).toEqual([]);
    expect((await search(`q=${encodeURIComponent(`thuc hanh ${WORD}`)}`)).body.items[0]?.titleId).toBe(
      first.titleId,
    );
    // Another school's librarian cannot correct it.
    expect(
      (
        await api(`/library/titles/${first.titleId}`, {
          as: 'teacher2',
          method: 'PUT',
          body: { title: 'X', expectedRevision: 2 },
        })
      ).status,
    ).toBe(403);
  });

  it('exports MARC: one record for anyone, and a unit’s titles through a worker', async () => {
    const one = await fetch(`${cloud().apiUrl}/library/titles/${first.titleId}/marc?format=marcxml`);
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toContain('application/marcxml+xml');
    const [record] = await readMarc(new Uint8Array(await one.arrayBuffer()), 'marcxml');
    expect(titleOfMarc(record!, 1).input?.title).toBe(`Tiếng Việt thực hành ${WORD}`);

    const job = await api<{ jobId: string }>('/org-units/THPT-TRANPHU/catalogue-exports', {
      as: 'librarian1',
      body: { format: 'iso2709' },
    });
    expect(job.status).toBe(202);
    const done = await until(async () => {
      const res = await api<{ status: string; records: number; downloadUrl?: string }>(
        `/catalogue-jobs/${job.body.jobId}`,
        {
          as: 'librarian1',
        },
      );
      return res.body.status === 'done' ? res.body : undefined;
    });
    const file = new Uint8Array(await (await fetch(done.downloadUrl!)).arrayBuffer());
    const titles = (await readMarc(file, 'iso2709')).map((r, i) => titleOfMarc(r, i + 1).input?.title);
    expect(titles).toContain(`Tiếng Việt thực hành ${WORD}`);
    expect(titles).toContain(`Lịch sử Hải Phòng ${WORD}`);
    expect(done.records).toBe(titles.length);
  });

  it('imports and exports spreadsheets: one title a row, duplicates and bad cells reported by row', async () => {
    const headers = ['Nhan de', 'TÁC GIẢ', 'ISBN', 'Năm xuất bản', 'Chương trình'];
    const bytes = await streamedWorkbook((book) => {
      const sheet = book.addWorksheet('Sách');
      sheet.addRow(headers).commit();
      sheet
        .addRow([
          `Bài tập Hình học 10 ${WORD}`,
          'Trần Văn Hạo; Nguyễn Mộng Hy',
          isbn(7),
          '2022',
          'toan|10|TOAN10-B7',
        ])
        .commit();
      // The same ISBN as the first title catalogued above: a duplicate.
      sheet.addRow([`Bản trùng ${WORD}`, 'Ai đó', isbn(1), '2020', '']).commit();
      sheet.addRow([`Sách lỗi ${WORD}`, 'Ai đó', '978-0-00-000000-1', '1700', '']).commit();
      sheet.addRow(['', '', '', '', '']).commit();
      sheet.commit();
    });
    const done = await importFile('xlsx', bytes);
    expect(done).toMatchObject({ created: 1, duplicates: 1, failed: 1 });
    const bad = done.report.find((r) => r.outcome === 'failed')!;
    expect(bad.row).toBe(4);
    expect(bad.errors!.map((e) => e.field).sort()).toEqual(['ISBN', 'Năm xuất bản']);

    const exported = await api<{ jobId: string }>('/org-units/THPT-TRANPHU/catalogue-exports', {
      as: 'librarian1',
      body: { format: 'xlsx' },
    });
    const file = await until(async () => {
      const res = await api<{ status: string; downloadUrl?: string }>(
        `/catalogue-jobs/${exported.body.jobId}`,
        {
          as: 'librarian1',
        },
      );
      return res.body.downloadUrl;
    });
    const rows = (await readFirstSheet(new Uint8Array(await (await fetch(file)).arrayBuffer())))!;
    expect(rows[0]).toContain('Mã tài liệu');
    const hinh = rows.find((r) => r[1] === `Bài tập Hình học 10 ${WORD}`)!;
    expect(hinh[3]).toBe('Trần Văn Hạo; Nguyễn Mộng Hy');
    expect(hinh[10]).toBe('toan|10|TOAN10-B7');
  });
});
