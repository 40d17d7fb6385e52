/**
 * The register of diplomas (issue 23) through the API: entries numbered per calendar year (next
 * number, or the paper book's, with the gaps reported and explained), serials unique however
 * typed — also when many officers enter at once — corrections with their legal trail,
 * cancellation and re-issue, the office's search, who may read and keep it, and the import of a
 * digital register from XLSX with each bad cell reported.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makeDiplomaEntities } from '../../functions/diplomas/entities.ts';
import { LOOKUPS_PER_SERIAL_A_DAY } from '../../functions/diplomas/lookup.ts';
import { documentClient } from '../../shared/db/client.ts';
import { streamedWorkbook } from '../../shared/storage/sheets.ts';
import { api, cloud, postUpload, type UploadLink, until, useCloudEnvironment } from '../support/cloud.ts';

const RUN = Date.now() % 1_000_000;
const vi = { 'accept-language': 'vi-VN' };

interface Entry {
  entryId: string;
  holder: { fullName: string; birthDate: string; placeOfBirth?: string; personalId?: string };
  serial: string;
  registerYear: number;
  registerNumber: number;
  state: string;
  revision: number;
  replaces?: string;
  replacedBy?: string;
  cancellation?: { decisionNumber: string };
  corrections: { decisionNumber: string; changes: { field: string; before: unknown; after: unknown }[] }[];
}
interface Year {
  entries: number;
  highest: number;
  gaps: { from: number; to: number; reason?: string }[];
  unexplained: number;
}

const diploma = (serial: string, registerYear: number, more: Record<string, unknown> = {}) => ({
  holder: { fullName: 'Nguyễn Thị Hương', birthDate: '1967', placeOfBirth: 'Hải Phòng', gender: 'female' },
  type: 'upper-secondary',
  graduationYear: registerYear,
  serial,
  registerYear,
  school: 'Trường THPT Ngô Quyền',
  council: 'Hội đồng thi THPT Ngô Quyền',
  rank: 'good',
  issuedOn: `${registerYear}-07-20`,
  ...more,
});

async function enter(body: unknown, as = 'diploma1') {
  return api<{ entry: Entry; skipped: { from: number; to: number }[]; detail?: string; entryId?: string }>(
    '/diplomas',
    { as, body, headers: vi },
  );
}
interface AuditItem {
  action: string;
  targetId: string;
  changes: unknown;
}
/** The city's audit entries, newest first, paged until `found` holds (other files write beside these tests). */
async function auditUntil(found: (items: AuditItem[]) => boolean): Promise<AuditItem[]> {
  const seen: AuditItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 30; page++) {
    const res = await api<{ items: AuditItem[]; nextCursor?: string }>(
      `/org-units/SGD/audit?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { as: 'admin' },
    );
    seen.push(...res.body.items);
    if (found(seen) || !res.body.nextCursor) break;
    cursor = res.body.nextCursor;
  }
  return seen;
}
const yearOf = async (year: number) =>
  (await api<Year>(`/diploma-registers/${year}`, { as: 'diploma1' })).body;
const decision = { decisionNumber: `${RUN}/QĐ-SGDĐT`, decisionDate: '2026-11-20' };

describe('the register of diplomas', () => {
  it('numbers each calendar year consecutively, reports the numbers a paper book skips and keeps their explanations', async () => {
    const year = 1985;
    const before = await yearOf(year);
    const first = await enter(diploma(`A${RUN}01`, year));
    const second = await enter(diploma(`A${RUN}02`, year));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect([first.body.entry.registerNumber, second.body.entry.registerNumber]).toEqual([
      before.highest + 1,
      before.highest + 2,
    ]);
    // Digitising a paper book: its number, three further on; the two it skips are reported.
    const asked = before.highest + 5;
    const third = await enter(diploma(`A${RUN}03`, year, { registerNumber: asked }));
    expect(third.status).toBe(201);
    expect(third.body.skipped).toEqual([{ from: before.highest + 3, to: before.highest + 4 }]);
    const taken = await enter(diploma(`A${RUN}04`, year, { registerNumber: asked }));
    expect(taken.status).toBe(409);
    expect(taken.body.detail).toBe(`Số vào sổ ${asked}/${year} đã được dùng.`);

    const after = await yearOf(year);
    expect(after.highest).toBe(asked);
    expect(after.entries).toBe(before.entries + 3);
    expect(after.gaps).toContainEqual({ from: before.highest + 3, to: before.highest + 4 });
    expect(after.unexplained).toBe(before.unexplained + 2);

    const explained = await api(`/diploma-registers/${year}/gap-explanations`, {
      as: 'diploma1',
      body: { from: before.highest + 3, to: before.highest + 3, reason: 'Phôi bằng viết hỏng, đã huỷ' },
    });
    expect(explained.status, JSON.stringify(explained.body)).toBe(201);
    const halfway = await yearOf(year);
    expect(halfway.gaps).toContainEqual({
      from: before.highest + 3,
      to: before.highest + 3,
      reason: 'Phôi bằng viết hỏng, đã huỷ',
      explainedAt: expect.any(String),
    });
    expect(halfway.gaps).toContainEqual({ from: before.highest + 4, to: before.highest + 4 });
    expect(halfway.unexplained).toBe(before.unexplained + 1);
    // The counts alone come from the year's own item, without its numbers.
    const counted = (await api<Year>(`/diploma-registers/${year}?gaps=count`, { as: 'diploma1' })).body;
    expect(counted).toEqual({ ...halfway, gaps: [] });

    // A number in use, or above the highest, is no gap; a range explained already is not again.
    const notGap = await api<{ detail: string }>(`/diploma-registers/${year}/gap-explanations`, {
      as: 'diploma1',
      body: { from: asked, to: asked + 2, reason: 'Nhầm' },
      headers: vi,
    });
    expect(notGap.status).toBe(400);
    expect(notGap.body.detail).toContain('không phải là số bị bỏ trống');
    const twice = await api(`/diploma-registers/${year}/gap-explanations`, {
      as: 'diploma1',
      body: { from: before.highest + 3, to: before.highest + 3, reason: 'Lần nữa' },
    });
    expect(twice.status).toBe(409);

    // The year's pages list the entries in register-number order.
    const page = await api<{ items: Entry[] }>(`/diploma-registers/${year}/entries?limit=100`, {
      as: 'diploma1',
    });
    const numbers = page.body.items.map((e) => e.registerNumber);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers).toContain(asked);
  });

  it('keeps a serial once however it is typed, and gives concurrent officers distinct consecutive numbers', async () => {
    const year = 1986;
    const first = await enter(diploma(`B ${RUN}`, year));
    expect(first.status).toBe(201);
    const again = await enter(diploma(`b-${RUN}`, year), 'diploma2');
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe(
      `Số hiệu b-${RUN} đã có trong sổ gốc (số vào sổ ${first.body.entry.registerNumber}/${year}).`,
    );
    expect(again.body.entryId).toBe(first.body.entry.entryId);

    const before = await yearOf(year);
    const many = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        enter(diploma(`C${RUN}${i}`, year), i % 2 ? 'diploma1' : 'diploma2'),
      ),
    );
    for (const res of many) expect(res.status, JSON.stringify(res.body)).toBe(201);
    const numbers = many.map((r) => r.body.entry.registerNumber).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => before.highest + 1 + i));
    const after = await yearOf(year);
    expect(after.unexplained).toBe(before.unexplained);
    expect(after.entries).toBe(before.entries + 12);
  });

  it('corrects an entry under a decision, recording only what changed, old → new; never its serial', async () => {
    const { entry } = (await enter(diploma(`D${RUN}`, 1987))).body;
    const corrected = await api<Entry>(`/diplomas/${entry.entryId}/corrections`, {
      as: 'diploma1',
      body: {
        expectedRevision: 1,
        ...decision,
        reason: 'Sai họ tên và ngày sinh so với giấy khai sinh',
        changes: {
          'holder.fullName': 'Nguyễn  Thị   Hồng',
          'holder.birthDate': '1967-04-02',
          'holder.placeOfBirth': 'Hải Phòng',
          'holder.personalId': '031167004321',
        },
      },
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect(corrected.body.holder).toMatchObject({ fullName: 'Nguyễn Thị Hồng', birthDate: '1967-04-02' });
    expect(corrected.body.revision).toBe(2);
    expect(corrected.body.corrections).toEqual([
      expect.objectContaining({
        decisionNumber: decision.decisionNumber,
        changes: [
          { field: 'holder.fullName', before: 'Nguyễn Thị Hương', after: 'Nguyễn Thị Hồng' },
          { field: 'holder.birthDate', before: '1967', after: '1967-04-02' },
          { field: 'holder.personalId', before: null, after: '031167004321' },
        ],
      }),
    ]);

    const stale = await api(`/diplomas/${entry.entryId}/corrections`, {
      as: 'diploma1',
      body: { expectedRevision: 1, ...decision, reason: 'x', changes: { rank: 'excellent' } },
    });
    expect(stale.status).toBe(409);
    const serial = await api<{ errors: { field: string }[] }>(`/diplomas/${entry.entryId}/corrections`, {
      as: 'diploma1',
      body: { expectedRevision: 2, ...decision, reason: 'x', changes: { serial: 'Z1' } },
      headers: vi,
    });
    expect(serial.status).toBe(400);
    const nothing = await api<{ detail: string }>(`/diplomas/${entry.entryId}/corrections`, {
      as: 'diploma1',
      body: { expectedRevision: 2, ...decision, reason: 'x', changes: { rank: 'good' } },
      headers: vi,
    });
    expect(nothing.status).toBe(400);
    expect(nothing.body.detail).toBe('Nội dung chỉnh sửa không thay đổi gì: hãy nhập giá trị đã sửa.');

    // The search follows the corrected name and personal ID; the audit names fields, not values.
    const byName = await api<{ items: Entry[] }>('/diplomas/search', {
      as: 'leader1',
      body: { fullName: 'nguyen thi huong', birthYear: 1967 },
    });
    expect(byName.body.items.map((e) => e.entryId)).not.toContain(entry.entryId);
    const byNewName = await api<{ items: Entry[] }>('/diplomas/search', {
      as: 'leader1',
      body: { fullName: 'NGUYỄN THỊ hong', birthYear: 1967 },
    });
    expect(byNewName.body.items.map((e) => e.entryId)).toContain(entry.entryId);
    const byId = await api<{ items: Entry[] }>('/diplomas/search', {
      as: 'diploma2',
      body: { personalId: '031167004321' },
    });
    expect(byId.body.items.map((e) => e.entryId)).toEqual([entry.entryId]);
    const isCorrection = (a: AuditItem) => a.action === 'diploma.correct' && a.targetId === entry.entryId;
    const logged = (await auditUntil((items) => items.some(isCorrection))).find(isCorrection);
    expect(logged?.changes).toEqual({
      decisionNumber: decision.decisionNumber,
      fields: ['holder.fullName', 'holder.birthDate', 'holder.personalId'],
    });
    expect(JSON.stringify(logged)).not.toContain('031167004321');

    // A personal ID linked by mistake is removed by a correction (null): the entry leaves its index.
    const unlinked = await api<Entry>(`/diplomas/${entry.entryId}/corrections`, {
      as: 'diploma1',
      body: {
        expectedRevision: 2,
        ...decision,
        reason: 'Số định danh ghi nhầm của người khác',
        changes: { 'holder.personalId': null },
      },
    });
    expect(unlinked.status, JSON.stringify(unlinked.body)).toBe(200);
    expect(unlinked.body.holder.personalId).toBeUndefined();
    expect(unlinked.body.corrections.at(-1)!.changes).toEqual([
      { field: 'holder.personalId', before: '031167004321', after: null },
    ]);
    const gone = await api<{ items: Entry[] }>('/diplomas/search', {
      as: 'diploma2',
      body: { personalId: '031167004321' },
    });
    expect(gone.body.items).toEqual([]);
  });

  it('cancels an entry and re-issues another in the register of the year it is signed', async () => {
    const cancelled = (await enter(diploma(`E${RUN}1`, 1988))).body.entry;
    const done = await api<Entry>(`/diplomas/${cancelled.entryId}/cancellation`, {
      as: 'diploma1',
      body: { expectedRevision: 1, ...decision, reason: 'Cấp sai đối tượng' },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'cancelled', cancellation: { reason: 'Cấp sai đối tượng' } });
    const afterwards = await api<{ detail: string }>(`/diplomas/${cancelled.entryId}/corrections`, {
      as: 'diploma1',
      body: { expectedRevision: 2, ...decision, reason: 'x', changes: { rank: 'excellent' } },
      headers: vi,
    });
    expect(afterwards.status).toBe(409);
    expect(afterwards.body.detail).toContain('đã bị huỷ bỏ');

    const old = (await enter(diploma(`E${RUN}2`, 1988))).body.entry;
    const thisYear = new Date().getUTCFullYear();
    const before = await yearOf(thisYear);
    const reissued = await api<{ entry: Entry }>(`/diplomas/${old.entryId}/reissue`, {
      as: 'diploma2',
      body: {
        expectedRevision: 1,
        ...decision,
        reason: 'Bằng bị hư hỏng do thiên tai',
        serial: `E${RUN}3`,
        issuedOn: `${thisYear}-01-15`,
      },
    });
    expect(reissued.status, JSON.stringify(reissued.body)).toBe(201);
    expect(reissued.body.entry).toMatchObject({
      replaces: old.entryId,
      registerYear: thisYear,
      registerNumber: before.highest + 1,
      state: 'valid',
      holder: { fullName: 'Nguyễn Thị Hương' },
    });
    const replaced = await api<Entry>(`/diplomas/${old.entryId}`, { as: 'leader1' });
    expect(replaced.body).toMatchObject({ state: 'replaced', replacedBy: reissued.body.entry.entryId });
    // The old serial stays in the register: it can be neither entered nor re-used.
    expect((await enter(diploma(`E${RUN}2`, 1989))).status).toBe(409);
  });

  it('opens the register only to the Department’s office and leaders', async () => {
    const { entry } = (await enter(diploma(`F${RUN}`, 1990))).body;
    expect((await api(`/diplomas/${entry.entryId}`, { as: 'leader1' })).status).toBe(200);
    expect((await enter(diploma(`F${RUN}x`, 1990), 'leader1')).status).toBe(403);
    for (const outsider of ['admin', 'principal1', 'commune1.admin', 'teacher1', 'citizen1']) {
      const res = await api(`/diplomas/${entry.entryId}`, { as: outsider });
      expect([403, 404], outsider).toContain(res.status);
    }
  });
});

describe('importing a digital register', () => {
  it('enters each good row at its number and reports each bad cell by column', async () => {
    const already = (await enter(diploma(`G${RUN}0`, 1975))).body.entry;
    const headers = [
      'Họ và tên',
      'NGAY SINH',
      'Nơi sinh',
      'Giới tính',
      'Dân tộc',
      'Loại văn bằng',
      'Năm tốt nghiệp',
      'Số hiệu',
      'Số vào sổ',
      'Trường',
      'Xếp loại',
      'Ngày cấp',
    ];
    const row = (
      name: string,
      serial: string,
      number: string,
      more: Partial<Record<string, string>> = {},
    ) => {
      const cells: Record<string, string> = {
        'Họ và tên': name,
        'NGAY SINH': '1957',
        'Nơi sinh': 'Kiến An',
        'Giới tính': 'Nam',
        'Dân tộc': 'Kinh',
        'Loại văn bằng': 'BT THPT',
        'Năm tốt nghiệp': '1975',
        'Số hiệu': serial,
        'Số vào sổ': number,
        Trường: 'Trường Bổ túc văn hoá Kiến An',
        'Xếp loại': 'Trung bình',
        'Ngày cấp': '20/08/1975',
        ...more,
      };
      return headers.map((h) => cells[h] ?? '');
    };
    const bytes = await streamedWorkbook((book) => {
      const sheet = book.addWorksheet('Sổ gốc 1975');
      sheet.addRow(headers).commit();
      sheet.addRow(row('Lê Văn Tám', `G${RUN}1`, `${9_001}/1975`)).commit();
      sheet
        .addRow(row('Phạm   Thị Lụa', `G${RUN}2`, `${9_002}/1975`, { 'NGAY SINH': '03/02/1958' }))
        .commit();
      sheet
        .addRow(
          row('Vũ Văn Sai', `G${RUN}3`, '9003', {
            'Giới tính': 'X',
            'Loại văn bằng': 'Đại học',
            'Ngày cấp': '31/02/1975',
          }),
        )
        .commit();
      sheet.addRow(row('Lê Văn Tám', `g ${RUN}1`, `${9_004}/1975`)).commit();
      sheet.addRow(row('Đỗ Văn Trùng', already.serial, `${9_005}/1975`)).commit();
      sheet.addRow(headers.map(() => '')).commit();
      sheet.commit();
    });
    const job = await api<{ importId: string; upload: UploadLink }>('/diploma-imports', {
      as: 'diploma1',
      method: 'POST',
    });
    expect(job.status, JSON.stringify(job.body)).toBe(201);
    expect((await postUpload(job.body.upload, bytes)).status).toBeLessThan(300);
    interface Report {
      status: string;
      rows: number;
      created: number;
      failed: number;
      report: {
        row: number;
        outcome: string;
        entryId?: string;
        errors?: { field: string; message: string }[];
      }[];
    }
    const done = await until(async () => {
      const res = await api<Report>(`/diploma-imports/${job.body.importId}`, { as: 'diploma2', headers: vi });
      return res.body.status === 'done' ? res.body : undefined;
    }, 30_000);
    expect(done).toMatchObject({ rows: 5, created: 2, failed: 3 });
    const failed = (n: number) => done.report.find((r) => r.row === n)!;
    expect(
      failed(4)
        .errors!.map((e) => e.field)
        .sort(),
    ).toEqual(['Giới tính', 'Loại văn bằng', 'Ngày cấp', 'Số vào sổ']);
    expect(failed(4).errors!.find((e) => e.field === 'Giới tính')!.message).toBe('Ghi Nam hoặc Nữ.');
    expect(failed(5).errors).toEqual([
      expect.objectContaining({
        field: 'Số hiệu',
        message: `Số hiệu g ${RUN}1 cũng có ở dòng 2 của tệp này.`,
      }),
    ]);
    expect(failed(6).errors).toEqual([
      expect.objectContaining({ field: 'Số hiệu', message: expect.stringContaining('đã có trong sổ gốc') }),
    ]);
    const created = done.report.filter((r) => r.outcome === 'created');
    const lua = await api<Entry & { type: string; rank: string; source: string }>(
      `/diplomas/${created.find((r) => r.row === 3)!.entryId}`,
      { as: 'diploma1' },
    );
    expect(lua.body).toMatchObject({
      holder: { fullName: 'Phạm Thị Lụa', birthDate: '1958-02-03', gender: 'male', ethnicity: '01' },
      type: 'continuing-upper',
      registerYear: 1975,
      registerNumber: 9_002,
      rank: 'average',
      issuedOn: '1975-08-20',
      source: 'import',
    });
    const year = await yearOf(1975);
    expect(year.highest).toBeGreaterThanOrEqual(9_002);
  });
});

describe('the public verification', () => {
  beforeAll(() => useCloudEnvironment());
  const verify = (body: unknown, headers: Record<string, string> = {}) =>
    api<{ found: boolean; state?: string; facts?: Record<string, unknown>; detail?: string }>(
      '/diplomas/verification',
      { body, headers: { ...vi, ...headers } },
    );

  it('answers the facts printed on the diploma — never the personal ID, gender or ethnicity — or a plain no', async () => {
    const serial = `H${RUN}`;
    const made = await enter(
      diploma(serial, 1995, {
        holder: {
          fullName: 'Trịnh Văn Nam',
          birthDate: '1977-09-02',
          placeOfBirth: 'An Lão, Hải Phòng',
          gender: 'male',
          ethnicity: '01',
          personalId: '031077001234',
        },
      }),
    );
    const yes = await verify({ serial: serial.toLowerCase(), fullName: 'trinh van nam', birthYear: 1977 });
    expect(yes.status, JSON.stringify(yes.body)).toBe(200);
    expect(yes.body).toEqual({
      found: true,
      state: 'valid',
      facts: {
        type: 'Bằng tốt nghiệp trung học phổ thông',
        fullName: 'Trịnh Văn Nam',
        birthDate: '1977-09-02',
        placeOfBirth: 'An Lão, Hải Phòng',
        graduationYear: 1995,
        school: 'Trường THPT Ngô Quyền',
        rank: 'Khá',
        serial,
        registerNumber: expect.stringMatching(/^\d+\/1995$/),
        issuedOn: '1995-07-20',
      },
    });
    expect(JSON.stringify(yes.body)).not.toContain('031077001234');
    // A wrong year, a wrong name and an unknown serial all answer the same no.
    const noes = await Promise.all([
      verify({ serial, fullName: 'Trịnh Văn Nam', birthYear: 1978 }),
      verify({ serial, fullName: 'Trịnh Văn Năm', birthYear: 1977 }),
      verify({ serial: `${serial}X`, fullName: 'Trịnh Văn Nam', birthYear: 1977 }),
    ]);
    for (const no of noes) expect(no.body).toEqual({ found: false });

    // A corrected name is what the verification compares from then on.
    const renamed = await api(`/diplomas/${made.body.entry.entryId}/corrections`, {
      as: 'diploma1',
      body: {
        expectedRevision: 1,
        ...decision,
        reason: 'Sai tên đệm',
        changes: { 'holder.fullName': 'Trịnh Quang Nam' },
      },
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect((await verify({ serial, fullName: 'Trịnh Quang Nam', birthYear: 1977 })).body.found).toBe(true);
    expect((await verify({ serial, fullName: 'Trịnh Văn Nam', birthYear: 1977 })).body.found).toBe(false);

    // Every lookup is logged with what it answered and the client's address.
    const entities = makeDiplomaEntities({ client: documentClient(), table: cloud().env.TABLE_NAME! });
    const { data } = await entities.diplomaLookup.query.bySerial({ serialKey: serial }).go({ pages: 'all' });
    expect(data.map((l) => l.outcome).sort()).toEqual([
      'found',
      'found',
      'not-found',
      'not-found',
      'not-found',
    ]);
    expect(data.every((l) => l.channel === 'public' && !!l.client)).toBe(true);
  });

  it('says when a diploma stands no more', async () => {
    const { entry } = (await enter(diploma(`I${RUN}`, 1996))).body;
    await api(`/diplomas/${entry.entryId}/cancellation`, {
      as: 'diploma1',
      body: { expectedRevision: 1, ...decision, reason: 'Cấp sai đối tượng' },
    });
    const answer = await verify({ serial: `I${RUN}`, fullName: 'Nguyễn Thị Hương', birthYear: 1967 });
    expect(answer.body).toMatchObject({ found: true, state: 'cancelled' });
  });

  it('stops a day’s verifications of one diploma at the limit, with when to come back', async () => {
    const serial = `J${RUN}`;
    await enter(diploma(serial, 1997));
    for (let i = 0; i < LOOKUPS_PER_SERIAL_A_DAY; i++) {
      const guess = await verify({ serial, fullName: `Người thứ ${i}`, birthYear: 1967 });
      expect(guess.status).toBe(200);
    }
    const limited = await verify({ serial, fullName: 'Nguyễn Thị Hương', birthYear: 1967 });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.body.detail).toBe(
      'Văn bằng này đã được tra cứu quá nhiều lần trong ngày: vui lòng thử lại vào ngày mai hoặc liên hệ Sở.',
    );
    // Another diploma is not held up by it.
    expect(
      (await verify({ serial: `H${RUN}`, fullName: 'Trịnh Quang Nam', birthYear: 1977 })).body.found,
    ).toBe(true);
  });
});

describe('a citizen’s own diplomas', () => {
  interface Mine {
    verified: boolean;
    items: {
      entryId: string;
      state: string;
      facts: { serial: string };
      lookups: { at: string; channel: string; outcome: string; client?: string }[];
    }[];
    claims: { claimId: string; serial: string; status: string; note?: string }[];
  }
  const nam = (serial: string) =>
    diploma(serial, 2002, {
      holder: { fullName: 'Trịnh Văn Nam', birthDate: '1984-03-12', placeOfBirth: 'An Lão', gender: 'male' },
      issuedOn: '2002-07-25',
    });

  it('are those recording the account’s personal ID, and those it claims once the office confirms them', async () => {
    const { entry } = (await enter(nam(`K${RUN}`))).body;
    const wrong = await api<{ detail: string }>('/me/diploma-claims', {
      as: 'parent1',
      body: { serial: `K${RUN}`, fullName: 'Trịnh Văn Nam', birthDate: '1984-03-13' },
      headers: vi,
    });
    expect(wrong.status).toBe(404);
    expect(wrong.body.detail).toBe('Không có văn bằng nào khớp với số hiệu, họ tên và ngày sinh này.');
    const claimed = await api<{ claimId: string; status: string }>('/me/diploma-claims', {
      as: 'parent1',
      body: { serial: `k-${RUN}`, fullName: 'trinh van nam', birthDate: '1984-03-12' },
    });
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(201);
    expect(claimed.body.status).toBe('pending');
    const again = await api('/me/diploma-claims', {
      as: 'parent1',
      body: { serial: `K${RUN}`, fullName: 'Trịnh Văn Nam', birthDate: '1984-03-12' },
    });
    expect(again.status).toBe(409);
    // Without a verified personal ID there is nothing to claim with.
    const unverified = await api<{ detail: string }>('/me/diploma-claims', {
      as: 'citizen1',
      body: { serial: `K${RUN}`, fullName: 'Trịnh Văn Nam', birthDate: '1984-03-12' },
      headers: vi,
    });
    expect(unverified.status).toBe(409);
    expect(unverified.body.detail).toContain('hãy đăng nhập bằng VNeID');

    const before = (await api<Mine>('/me/diplomas', { as: 'parent1' })).body;
    expect(before.verified).toBe(true);
    expect(before.items.map((i) => i.entryId)).not.toContain(entry.entryId);
    expect(before.claims.find((c) => c.claimId === claimed.body.claimId)?.status).toBe('pending');

    // The office: the claim beside the entry and the claimant's verified identity; confirmed.
    const queue = await api<{ items: { claimId: string; claimantName: string; personalId: string }[] }>(
      '/diploma-claims',
      { as: 'diploma2' },
    );
    expect(queue.body.items.find((c) => c.claimId === claimed.body.claimId)).toMatchObject({
      claimantName: 'Trịnh Văn Nam',
      personalId: '031084001234',
    });
    expect((await api('/diploma-claims', { as: 'leader1' })).status).toBe(403);
    const confirmed = await api(`/diploma-claims/${claimed.body.claimId}/decision`, {
      as: 'diploma2',
      body: { decision: 'confirm' },
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const after = (await api<Mine>('/me/diplomas', { as: 'parent1' })).body;
    const mine = after.items.find((i) => i.entryId === entry.entryId)!;
    expect(mine).toMatchObject({ state: 'valid', facts: { serial: `K${RUN}` } });
    // The holder sees who asked about it lately — the claims' checks here, newest first — but never
    // the asker's address or account.
    // (newest first: the claim sent twice, then the one with a wrong date of birth)
    expect(mine.lookups.map((l) => [l.channel, l.outcome])).toEqual([
      ['citizen', 'found'],
      ['citizen', 'found'],
      ['citizen', 'not-found'],
    ]);
    expect(JSON.stringify(mine.lookups)).not.toMatch(/client|caller|parent1|teacher1/);
    expect(after.claims.find((c) => c.claimId === claimed.body.claimId)?.status).toBe('confirmed');
    const toldConfirmed = await until(async () => {
      const inbox = await api<{ items: { body: string }[] }>('/me/notifications', {
        as: 'parent1',
        headers: vi,
      });
      return inbox.body.items.find((n) => n.body.includes(`K${RUN}`));
    });
    expect(toldConfirmed.body).toBe(
      `Văn bằng số hiệu K${RUN}: Sở đã xác nhận văn bằng là của bạn. Văn bằng có trong mục “Văn bằng của tôi”.`,
    );
    const linked = await api<Entry>(`/diplomas/${entry.entryId}`, { as: 'diploma1' });
    expect(linked.body.holder.personalId).toBe('031084001234');
    const decidedTwice = await api(`/diploma-claims/${claimed.body.claimId}/decision`, {
      as: 'diploma1',
      body: { decision: 'refuse', note: 'Thử lại' },
    });
    expect(decidedTwice.status).toBe(409);
    // Someone else, however well they know the facts, finds it no longer theirs to claim.
    const other = await api('/me/diploma-claims', {
      as: 'teacher1',
      body: { serial: `K${RUN}`, fullName: 'Trịnh Văn Nam', birthDate: '1984-03-12' },
    });
    expect(other.status).toBe(404);
  });

  it('tells the citizen why a claim was refused', async () => {
    await enter(nam(`L${RUN}`));
    const claimed = await api<{ claimId: string }>('/me/diploma-claims', {
      as: 'parent1',
      body: { serial: `L${RUN}`, fullName: 'Trịnh Văn Nam', birthDate: '1984-03-12' },
    });
    const bare = await api<{ errors: { field: string; message: string }[] }>(
      `/diploma-claims/${claimed.body.claimId}/decision`,
      { as: 'diploma1', body: { decision: 'refuse' }, headers: vi },
    );
    expect(bare.status).toBe(400);
    expect(bare.body.errors).toContainEqual(
      expect.objectContaining({
        field: 'note',
        message: 'Hãy ghi lý do không xác nhận và việc người đề nghị cần làm.',
      }),
    );
    const refused = await api(`/diploma-claims/${claimed.body.claimId}/decision`, {
      as: 'diploma1',
      body: {
        decision: 'refuse',
        note: 'Nơi sinh trong sổ gốc khác giấy khai sinh: mời ông mang giấy tờ đến Sở',
      },
    });
    expect(refused.status).toBe(200);
    const mine = (await api<Mine>('/me/diplomas', { as: 'parent1' })).body;
    expect(mine.claims.find((c) => c.claimId === claimed.body.claimId)).toMatchObject({
      status: 'refused',
      note: 'Nơi sinh trong sổ gốc khác giấy khai sinh: mời ông mang giấy tờ đến Sở',
    });
    // The citizen is told, in their inbox, with the office's note.
    const told = await until(async () => {
      const inbox = await api<{ items: { title: string; body: string }[] }>('/me/notifications', {
        as: 'parent1',
        headers: vi,
      });
      return inbox.body.items.find((n) => n.body.includes(`L${RUN}`));
    });
    expect(told).toMatchObject({
      title: 'Kết quả đề nghị xác nhận văn bằng',
      body: `Văn bằng số hiệu L${RUN}: Sở không xác nhận. Nơi sinh trong sổ gốc khác giấy khai sinh: mời ông mang giấy tờ đến Sở`,
    });
    const actions = ['diploma.claim-confirm', 'diploma.claim-refuse'];
    const audit = await auditUntil((items) => actions.every((x) => items.some((a) => a.action === x)));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(actions));
  });
});
