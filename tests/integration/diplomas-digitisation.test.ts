/**
 * Digitisation against the local cloud: a scanner's PDF of two diplomas uploaded into a batch is
 * split into pages, read by the real OCR worker (tesseract.js, Vietnamese), keyed twice — the
 * second keyer without seeing the first's values, a disagreement decided by a third — approved
 * into the register by an officer who keyed none of it, and then found by the public verification.
 * A file that is not a scan is refused; the batch counts every step.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, postUpload, type UploadLink, until, useCloudEnvironment } from '../support/cloud.ts';
import {
  keyedOf,
  renderDiplomaScan,
  renderRegisterScan,
  sampleDiploma,
  sampleRegisterRows,
  scansAsPdf,
} from '../support/diploma-scans.ts';

const RUN = Date.now() % 1_000_000;
const vi = { 'accept-language': 'vi-VN' };
const YEAR = 1983;

interface Batch {
  batchId: string;
  files: number;
  pages: number;
  reading: number;
  unreadable: number;
  open: number;
  keyedOnce: number;
  disagreed: number;
  agreed: number;
  approved: number;
  fileList: {
    fileName: string;
    state: string;
    pages?: number;
    problem?: { code: string; message: string };
  }[];
}
interface ScanRecord {
  recordId: string;
  page: number;
  state: string;
  image?: { url: string; width: number; height: number };
  proposal?: { values: Record<string, string>; fields: Record<string, { confidence: number }> };
  keyings: { mine: boolean; values?: Record<string, string> }[];
  differing?: string[];
  agreed?: Record<string, string>;
  returns: { note: string }[];
  entryId?: string;
  revision: number;
  detail?: string;
}

const truths = [0, 1].map((n) =>
  sampleDiploma(n + 10, {
    // A fixed serial (a fresh cloud each run, so no other test holds it): OCR reads a seeded page
    // the same every run; serials that changed with the clock made an unreadable run now and then
    // ("B 0479971…" read without its letter).
    serial: `B 5931740${n}`,
    registerNumber: `${4101 + n}/${YEAR}`,
    graduationYear: String(YEAR),
    issuedOn: `2${n}/07/${YEAR}`,
  }),
);

describe('digitising a box of diplomas', () => {
  let batchId: string;
  beforeAll(async () => {
    useCloudEnvironment();
    const batch = await api<Batch>('/diploma-scan-batches', {
      as: 'keyer1',
      body: { registerYear: YEAR, book: `Hộp bằng THPT ${YEAR} — ${RUN}` },
    });
    expect(batch.status, JSON.stringify(batch.body)).toBe(201);
    batchId = batch.body.batchId;
    const scans = await Promise.all(
      truths.map((t, i) =>
        renderDiplomaScan(t, { rotate: i ? -0.8 : 1.1, blur: 0.6, jpegQuality: 75, noiseSeed: i }),
      ),
    );
    const upload = async (fileName: string, contentType: string, bytes: Uint8Array) => {
      const asked = await api<{ upload: UploadLink }>(`/diploma-scan-batches/${batchId}/files`, {
        as: 'keyer1',
        body: { fileName, contentType },
      });
      expect(asked.status, JSON.stringify(asked.body)).toBe(201);
      expect((await postUpload(asked.body.upload, bytes)).status).toBeLessThan(300);
    };
    await upload('hop-1983.pdf', 'application/pdf', await scansAsPdf(scans));
    await upload('ghi-chu.png', 'image/png', new TextEncoder().encode('không phải bản quét'));
  }, 30_000);

  const batchNow = () => api<Batch>(`/diploma-scan-batches/${batchId}`, { as: 'keyer2', headers: vi });
  const record = (recordId: string, as: string) =>
    api<ScanRecord>(`/diploma-scan-records/${recordId}`, { as, headers: vi });
  const key = (r: ScanRecord, as: string, values: Record<string, string>) =>
    api<ScanRecord>(`/diploma-scan-records/${r.recordId}/keyings`, {
      as,
      headers: vi,
      body: { values, expectedRevision: r.revision },
    });

  it('splits the PDF into pages, reads each with OCR, and refuses a file that is not a scan', async () => {
    const done = await until(async () => {
      const b = await batchNow();
      return b.body.open === 2 && b.body.files === 2 ? b.body : undefined;
    }, 90_000);
    expect(done).toMatchObject({ pages: 2, reading: 0, unreadable: 0, open: 2, approved: 0 });
    const files = Object.fromEntries(done.fileList.map((f) => [f.fileName, f]));
    expect(files['hop-1983.pdf']).toMatchObject({ state: 'split', pages: 2 });
    expect(files['ghi-chu.png']).toMatchObject({
      state: 'refused',
      problem: { message: 'Tệp này không phải bản quét (PDF, TIFF, JPEG hoặc PNG).' },
    });
  }, 100_000);

  it('offers each page beside OCR’s proposal; two keyings, a disagreement decided by a third, an approval', async () => {
    const first = await api<{ record: ScanRecord }>(`/diploma-scan-batches/${batchId}/next-record`, {
      as: 'keyer1',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const r = first.body.record;
    const truth = truths[r.page - 1]!;
    // OCR proposes what the diploma prints (its accuracy is measured by the benchmark; here the
    // fields that identify the diploma).
    expect(r.state).toBe('open');
    expect(r.proposal!.values).toMatchObject({
      'holder.fullName': truth.fullName,
      registerNumber: truth.registerNumber,
      'holder.birthDate': truth.birthDate,
    });
    // OCR may run the serial's letter and digits together: the same serial to the register.
    expect(r.proposal!.values.serial!.replace(/\s/g, '')).toBe(truth.serial.replace(/\s/g, ''));
    const image = await fetch(r.image!.url);
    expect(image.status).toBe(200);
    expect(new Uint8Array(await image.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xff, 0xd8, 0xff]));

    // A keying the register could not take is refused by field, in Vietnamese, and keys nothing.
    const bad = await api<{ errors: { field: string; message: string }[] }>(
      `/diploma-scan-records/${r.recordId}/keyings`,
      {
        as: 'keyer1',
        headers: vi,
        body: {
          values: { ...keyedOf(truth), 'holder.gender': 'Không rõ', issuedOn: '31/02/1983' },
          expectedRevision: r.revision,
        },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => [e.field, e.message]).sort()).toEqual([
      ['values.holder.gender', 'Ghi Nam hoặc Nữ.'],
      ['values.issuedOn', 'Ghi ngày theo dạng dd/mm/yyyy (ngày sinh có thể chỉ ghi năm).'],
    ]);
    const once = await key(r, 'keyer1', keyedOf(truth));
    expect(once.status, JSON.stringify(once.body)).toBe(200);
    expect(once.body.state).toBe('keyed-once');
    const again = await key(once.body, 'keyer1', keyedOf(truth));
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('Bạn đã nhập bản ghi này: người thứ hai sẽ nhập lần hai.');

    // The second keyer is offered the record keyed once by someone else, without its values.
    const next = await api<{ record: ScanRecord }>(`/diploma-scan-batches/${batchId}/next-record`, {
      as: 'keyer2',
    });
    expect(next.body.record.recordId).toBe(r.recordId);
    expect(next.body.record.keyings).toEqual([{ mine: false, at: expect.any(String) }]);
    const disagreed = await key(next.body.record, 'keyer2', {
      ...keyedOf(truth),
      // Keyed without its diacritics: another name for the register.
      'holder.fullName': truth.fullName.normalize('NFD').replace(/\p{M}/gu, ''),
    });
    expect(disagreed.body.state, JSON.stringify(disagreed.body)).toBe('disagreed');
    expect(disagreed.body.differing).toEqual(['holder.fullName']);
    expect(disagreed.body.keyings.map((k) => k.values?.['holder.fullName'])).toEqual([
      truth.fullName,
      expect.not.stringMatching(truth.fullName),
    ]);

    const byKeyer = await key(disagreed.body, 'keyer1', keyedOf(truth));
    expect(byKeyer.status).toBe(409);
    expect(byKeyer.body.detail).toBe(
      'Hai lần nhập khác nhau: người thứ ba (chưa nhập lần nào) sẽ quyết định.',
    );
    const decided = await key(disagreed.body, 'diploma2', keyedOf(truth));
    expect(decided.body.state).toBe('agreed');
    expect(decided.body.agreed).toEqual(keyedOf(truth));

    // The third keyed it: another officer approves.
    const decide = (as: string, body: Record<string, unknown>) =>
      api<ScanRecord>(`/diploma-scan-records/${r.recordId}/decision`, { as, headers: vi, body });
    const byThird = await decide('diploma2', {
      decision: 'approve',
      expectedRevision: decided.body.revision,
    });
    expect(byThird.status).toBe(409);
    expect(byThird.body.detail).toBe('Bạn đã nhập bản ghi này: cán bộ khác sẽ duyệt.');
    const byKeyerRole = await decide('keyer2', {
      decision: 'approve',
      expectedRevision: decided.body.revision,
    });
    expect(byKeyerRole.status).toBe(403);
    const approved = await decide('diploma1', {
      decision: 'approve',
      expectedRevision: decided.body.revision,
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.state).toBe('approved');
    // The keyers see it approved, with the entry it became.
    const seen = await record(r.recordId, 'keyer2');
    expect(seen.body).toMatchObject({ state: 'approved', entryId: approved.body.entryId });

    const entry = await api<{
      serial: string;
      registerYear: number;
      registerNumber: number;
      source: string;
      scanRecordId: string;
      holder: { birthDate: string };
    }>(`/diplomas/${approved.body.entryId}`, { as: 'diploma1' });
    expect(entry.body).toMatchObject({
      serial: truth.serial,
      registerYear: YEAR,
      registerNumber: Number(truth.registerNumber.split('/')[0]),
      source: 'scan',
      scanRecordId: r.recordId,
      holder: { birthDate: truth.birthDate.split('/').reverse().join('-') },
    });
    const found = await api<{ found: boolean; facts?: { fullName: string } }>('/diplomas/verification', {
      body: { serial: truth.serial, fullName: truth.fullName, birthYear: Number(truth.birthDate.slice(-4)) },
    });
    expect(found.body).toMatchObject({ found: true, facts: { fullName: truth.fullName } });
  }, 60_000);

  it('sends an agreed record back to be keyed again, keeping the note', async () => {
    const open = await api<{ items: ScanRecord[] }>(`/diploma-scan-batches/${batchId}/records?state=open`, {
      as: 'keyer1',
    });
    expect(open.body.items).toHaveLength(1);
    const r = open.body.items[0]!;
    const truth = truths[r.page - 1]!;
    const once = await key(r, 'keyer1', keyedOf(truth));
    const twice = await key(once.body, 'keyer2', keyedOf(truth));
    expect(twice.body.state).toBe('agreed');
    const back = await api<ScanRecord>(`/diploma-scan-records/${r.recordId}/decision`, {
      as: 'diploma1',
      headers: vi,
      body: {
        decision: 'send-back',
        note: 'Ngày cấp bị mờ: đối chiếu sổ gốc',
        expectedRevision: twice.body.revision,
      },
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({
      state: 'open',
      keyings: [],
      returns: [{ note: 'Ngày cấp bị mờ: đối chiếu sổ gốc' }],
    });
    const stale = await api<ScanRecord>(`/diploma-scan-records/${r.recordId}/decision`, {
      as: 'diploma1',
      headers: vi,
      body: { decision: 'approve', expectedRevision: twice.body.revision },
    });
    expect(stale.status).toBe(409);

    const batch = (await batchNow()).body;
    expect(batch).toMatchObject({ pages: 2, open: 1, keyedOnce: 0, disagreed: 0, agreed: 0, approved: 1 });
    const listed = await api<{ items: { batchId: string; approved: number }[] }>('/diploma-scan-batches', {
      as: 'diploma1',
    });
    expect(listed.body.items.find((b) => b.batchId === batchId)).toMatchObject({ approved: 1 });
  });

  it('checks the holder against the education database, and may take their personal ID from it', async () => {
    // A learner of Trần Phú as the school recorded and approved them (the principal reads them).
    const listed = await api<{
      items: { status: string; data: { fullName: string; dateOfBirth: string; personalId?: string } }[];
    }>('/org-units/THPT-TRANPHU/records/student?limit=20', { as: 'principal1' });
    const learner = listed.body.items.find((l) => l.status === 'approved' && l.data.personalId)!.data;
    const open = await api<{ items: ScanRecord[] }>(`/diploma-scan-batches/${batchId}/records?state=open`, {
      as: 'keyer1',
    });
    const r = open.body.items[0]!;
    const truth = truths[r.page - 1]!;
    const values = {
      ...keyedOf(truth),
      'holder.fullName': learner.fullName,
      'holder.birthDate': learner.dateOfBirth.split('-').reverse().join('/'),
      // The school as the diploma prints it: the one the learner is recorded at.
      school: 'Trường THPT chuyên Trần Phú',
    };
    const once = await key(r, 'keyer1', values);
    const twice = await key(once.body, 'keyer2', values);
    expect(twice.body.state).toBe('agreed');

    const match = await api<{
      found: string;
      learners: { fullName: string; sameSpelling: boolean; personalIdRecorded: boolean }[];
      offersPersonalId: boolean;
    }>(`/diploma-scan-records/${r.recordId}/education-match`, { as: 'diploma1' });
    expect(match.status, JSON.stringify(match.body)).toBe(200);
    expect(match.body).toMatchObject({
      found: 'one',
      learners: [
        { fullName: learner.fullName, sameSpelling: true, sameSchool: true, personalIdRecorded: true },
      ],
      offersPersonalId: true,
    });
    // The approver reads whether an ID is recorded, never the ID; keyers do not see the database.
    expect(JSON.stringify(match.body)).not.toContain(learner.personalId!);
    expect((await api(`/diploma-scan-records/${r.recordId}/education-match`, { as: 'keyer1' })).status).toBe(
      403,
    );

    const approved = await api<ScanRecord>(`/diploma-scan-records/${r.recordId}/decision`, {
      as: 'diploma1',
      body: { decision: 'approve', expectedRevision: twice.body.revision, personalIdFromEducation: true },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const entry = await api<{ holder: { fullName: string; personalId?: string } }>(
      `/diplomas/${approved.body.entryId}`,
      { as: 'diploma1' },
    );
    expect(entry.body.holder).toMatchObject({ fullName: learner.fullName, personalId: learner.personalId });
  });

  it('is the Department’s: a school’s staff cannot see a batch or a record', async () => {
    const batch = await api(`/diploma-scan-batches/${batchId}`, { as: 'teacher1' });
    expect(batch.status).toBe(403);
    const leader = await api(`/diploma-scan-batches/${batchId}`, { as: 'leader1' });
    expect(leader.status).toBe(403);
  });
});

describe('digitising a register book', () => {
  it('reads a page’s table into a record a row, each beside its row on the page', async () => {
    useCloudEnvironment();
    const batch = await api<Batch & { kind: string }>('/diploma-scan-batches', {
      as: 'keyer1',
      body: { registerYear: 1983, kind: 'register', book: `Sổ gốc THPT 1983 — ${RUN}` },
    });
    expect(batch.status, JSON.stringify(batch.body)).toBe(201);
    expect(batch.body.kind).toBe('register');
    const truth = sampleRegisterRows(5).map((d, n) => ({
      ...d,
      // Fixed, like the box's above: the same page, read the same, every run.
      serial: `B 8593174${n}`,
      registerNumber: `${4200 + n}/1983`,
    }));
    const page = await renderRegisterScan(truth, { dpi: 200, rotate: 0.6, blur: 0.5, jpegQuality: 80 });
    const asked = await api<{ upload: UploadLink }>(`/diploma-scan-batches/${batch.body.batchId}/files`, {
      as: 'keyer1',
      body: { fileName: 'so-goc-1983-trang-1.pdf', contentType: 'application/pdf' },
    });
    expect((await postUpload(asked.body.upload, await scansAsPdf([page], 200))).status).toBeLessThan(300);
    const open = await until(async () => {
      const res = await api<{ items: (ScanRecord & { row: number; rowBox?: object })[] }>(
        `/diploma-scan-batches/${batch.body.batchId}/records?state=open`,
        { as: 'keyer1' },
      );
      return res.body.items?.length === 5 ? res.body.items : undefined;
    }, 90_000);
    expect(open.map((r) => r.row).sort()).toEqual([1, 2, 3, 4, 5]);
    // The batch counts one page and five records waiting for keying.
    const counted = await api<Batch>(`/diploma-scan-batches/${batch.body.batchId}`, { as: 'keyer1' });
    expect(counted.body).toMatchObject({ pages: 1, reading: 0, open: 5 });
    for (const r of open) {
      const d = truth[r.row - 1]!;
      expect(r.rowBox, `row ${r.row}`).toBeDefined();
      // OCR's proposal, as the keyer's form starts: the row's cells, and the page's heading.
      expect(r.proposal!.values, `row ${r.row}`).toMatchObject({
        'holder.fullName': d.fullName,
        'holder.birthDate': d.birthDate,
        registerNumber: d.registerNumber,
        rank: d.rank,
        school: 'Trường THPT Ngô Quyền',
        type: 'Bằng tốt nghiệp trung học phổ thông',
        issuedOn: '20/07/1983',
      });
      expect(r.proposal!.values.serial!.replace(/\s/g, '')).toBe(d.serial.replace(/\s/g, ''));
    }
  }, 120_000);
});
