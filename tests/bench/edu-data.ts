/**
 * Education database benchmarks, against a local cloud started in this process:
 *   1. importing learners from a spreadsheet through the real path (upload → S3 event → queue →
 *      worker → transactions), in rows/s, and the ratio to a raw BatchWriteItem loop writing the
 *      same record items to the same DynamoDB Local;
 *   2. a city-wide report over seeded learners through the report state machine: time, what
 *      reading the figures consumed (items, bytes → read request units) and what that implies on
 *      AWS at on-demand prices.
 * Sizes: BENCH_QUICK=1 → 500 rows and 5,000 learners; otherwise 100,000 and 1,000,000
 * (EDU_BENCH_IMPORT_ROWS / EDU_BENCH_REPORT_LEARNERS override).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { SHEET_COLUMNS } from '../../functions/edu-data/domain/sheets.ts';
import { makeEduEntities } from '../../functions/edu-data/entities.ts';
import { makeRecords } from '../../functions/edu-data/records.ts';
import { makeEduStore } from '../../functions/edu-data/store.ts';
import { startLocalCloud } from '../../infra/local/cloud.ts';
import { seedDemoEduData } from '../../infra/local/demo-edu-data.ts';
import { fetchDevToken } from '../../infra/local/dev-token.ts';
import { documentClient } from '../../shared/db/client.ts';

/** On-demand prices, us-east-1, late 2026 (ap-southeast-1 is about 14% higher). */
const USD_PER_MILLION_RRU = 0.125;
const USD_PER_MILLION_WRU = 0.625;
const USD_PER_GB_SECOND = 0.0000133334; // Lambda arm64
const USD_PER_1000_TRANSITIONS = 0.025;

const silent = { info() {}, error() {} };

async function learnersWorkbook(rows: number, firstSerial: number): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false });
  const sheet = writer.addWorksheet('Học sinh');
  sheet.addRow(SHEET_COLUMNS.student.map((c) => c.header)).commit();
  const given = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Hùng', 'Lan', 'Minh', 'Ngọc', 'Phúc', 'Quỳnh'];
  for (let i = 0; i < rows; i++) {
    const gender = i % 2 ? 'male' : 'female';
    sheet
      .addRow(
        SHEET_COLUMNS.student.map((c) => {
          if (c.header === 'Mã định danh') return makePersonalId('031', 2012, gender, firstSerial + i);
          if (c.header === 'Họ và tên')
            return `Nguyễn ${gender === 'male' ? 'Văn' : 'Thị'} ${given[i % given.length]}`;
          if (c.header === 'Giới tính') return gender === 'male' ? 'Nam' : 'Nữ';
          if (c.header === 'Ngày sinh') return '15/06/2012';
          if (c.header === 'Khối') return '8';
          if (c.header === 'Mã lớp') return '';
          return c.example;
        }),
      )
      .commit();
  }
  sheet.commit();
  await writer.commit();
  return Buffer.concat(chunks);
}

export async function eduDataBenchmarks(quick: boolean) {
  const importRows = Number(process.env.EDU_BENCH_IMPORT_ROWS ?? (quick ? 500 : 100_000));
  const reportLearners = Number(process.env.EDU_BENCH_REPORT_LEARNERS ?? (quick ? 5_000 : 1_000_000));
  // In memory: DynamoDB Local on disk (SQLite files) is too slow for the import's parallel
  // transactions. A million learners take about 10 GB of this machine's memory.
  const dataDir = process.env.EDU_BENCH_DATA_DIR
    ? mkdtempSync(join(process.env.EDU_BENCH_DATA_DIR, 'vn-edu-bench-'))
    : undefined;
  const cloud = await startLocalCloud({
    ports: { api: 0, oidc: 0, vneid: 0, ses: 0, dynamodb: 0, s3: 0, sqs: 0, sfn: 0 },
    demoLearners: 0,
    demoTitles: 0,
    log: silent,
    ...(dataDir ? { dataDir, fresh: true } : {}),
  });
  try {
    const table = cloud.env.TABLE_NAME!;
    // Tokens fetched once, before the long phases; a request that meets a kept-alive socket the
    // server closed while the bench was seeding (ECONNRESET) is sent once more.
    const tokens = Object.fromEntries(
      await Promise.all(
        ['principal1', 'admin'].map(async (as) => [as, await fetchDevToken(cloud.issuer, as)] as const),
      ),
    );
    const api = async <T>(path: string, as: 'principal1' | 'admin', body?: unknown): Promise<T> => {
      const send = () =>
        fetch(`${cloud.apiUrl}${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: {
            authorization: `Bearer ${tokens[as]}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      const res = await send().catch((error: Error & { cause?: { code?: string } }) => {
        if (error.cause?.code !== 'ECONNRESET') throw error;
        return send();
      });
      return (await res.json()) as T;
    };

    // 1. Import through the real path.
    const file = await learnersWorkbook(importRows, 100_000);
    const requested = await api<{
      importId: string;
      upload: { url: string; fields: Record<string, string> };
    }>('/org-units/THPT-TRANPHU/record-imports', 'principal1', { kind: 'student' });
    const started = performance.now();
    const form = new FormData();
    for (const [name, value] of Object.entries(requested.upload.fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(file)]));
    await fetch(requested.upload.url, { method: 'POST', body: form });
    let job: { status: string; created?: number; invalid?: number } = { status: 'awaiting-upload' };
    while (job.status !== 'done' && job.status !== 'failed') {
      await new Promise((r) => setTimeout(r, 500));
      job = await api(`/record-imports/${requested.importId}`, 'principal1');
    }
    const importSeconds = (performance.now() - started) / 1000;
    if (job.created !== importRows)
      throw new Error(`Import ended ${job.status} with ${job.created} rows created`);

    // The raw loop: the same record items, BatchWriteItem 25 at a time, four at once.
    const entities = makeEduEntities({ client: documentClient(), table });
    const records = makeRecords(makeEduStore(() => entities));
    const owner = { orgUnitId: 'THPT-TRANPHU', lineage: ['SGD', 'P-NGOQUYEN', 'THPT-TRANPHU'] };
    const actor = { sub: 'bench', requestId: 'bench' };
    const items = Array.from({ length: importRows }, (_, i) => {
      const gender = i % 2 ? 'male' : 'female';
      return records.planCreate(
        'student',
        owner,
        {
          personalId: makePersonalId('031', 2012, gender, 600_000 + i),
          fullName: 'Nguyễn Văn An',
          gender,
          dateOfBirth: '2012-06-15',
          ethnicity: '01',
          nationality: 'VN',
          grade: 8,
          status: 'enrolled',
          guardians: [],
          policyGroups: [],
          awards: [],
        } as never,
        actor,
      ).record;
    });
    const rawStarted = performance.now();
    await entities.eduRecord.put(items).go({ concurrency: 4 });
    const rawSeconds = (performance.now() - rawStarted) / 1000;

    console.log(
      `\nEducation database: spreadsheet import of ${importRows.toLocaleString('en')} learners (DynamoDB Local)`,
    );
    console.log(`  file              ${(file.length / 1024 / 1024).toFixed(1)} MiB XLSX`);
    console.log(
      `  import            ${importSeconds.toFixed(1)} s, ${(importRows / importSeconds).toFixed(0)} rows/s (upload → done: parse, check, record + version + guard per row, an audit entry per 20 rows, in transactions)`,
    );
    console.log(
      `  raw BatchWrite    ${rawSeconds.toFixed(1)} s, ${(importRows / rawSeconds).toFixed(0)} rows/s (1 item per row, no checks)`,
    );
    console.log(
      `  ratio             ${(rawSeconds / importSeconds).toFixed(2)} (import rows/s ÷ raw rows/s)`,
    );

    // 2. A report over many learners, through the state machine.
    const seedStarted = performance.now();
    const seeded = await seedDemoEduData(entities, reportLearners, {
      force: true,
      guards: false,
      names: false,
    });
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const report = await api<{ reportId: string }>('/reports', 'admin', {
      kind: 'school-year-start',
      orgUnitId: 'SGD',
    });
    const reportStarted = performance.now();
    let done: {
      status: string;
      totalUnits?: number;
      itemsRead?: number;
      bytesRead?: number;
      error?: string;
    } = {
      status: 'pending',
    };
    while (done.status !== 'done' && done.status !== 'failed') {
      await new Promise((r) => setTimeout(r, 500));
      done = await api(`/reports/${report.reportId}`, 'admin');
    }
    const reportSeconds = (performance.now() - reportStarted) / 1000;
    if (done.status !== 'done') throw new Error(`Report failed: ${done.error}`);
    const rru = ((done.bytesRead ?? 0) / 4096) * 0.5; // Query: eventually consistent, 0.5 per 4 KB
    const wru = (done.totalUnits ?? 0) * 2 + 10; // parts, progress counters, the job
    const transitions = 6 + (done.totalUnits ?? 0) * 3;
    // Upper bound: every collect task busy for the whole run at 1 GB, 8 at a time.
    const gbSeconds = reportSeconds * 8 * 1;
    const usd =
      (rru / 1e6) * USD_PER_MILLION_RRU +
      (wru / 1e6) * USD_PER_MILLION_WRU +
      gbSeconds * USD_PER_GB_SECOND +
      (transitions / 1000) * USD_PER_1000_TRANSITIONS;
    console.log(
      `\nEducation database: city-wide report over ${seeded.learners.toLocaleString('en')} learners (state machine, DynamoDB Local)`,
    );
    console.log(`  seeding           ${seedSeconds.toFixed(1)} s (not part of the report)`);
    console.log(
      `  report            ${reportSeconds.toFixed(1)} s for ${done.totalUnits} units (fan-out 8), XLSX + PDF`,
    );
    console.log(
      `  read              ${(done.itemsRead ?? 0).toLocaleString('en')} items, ${((done.bytesRead ?? 0) / 1024 / 1024).toFixed(0)} MiB → ${rru.toFixed(0)} read request units`,
    );
    console.log(
      `  cost on AWS       ≈ $${usd.toFixed(4)} (reads $${((rru / 1e6) * USD_PER_MILLION_RRU).toFixed(4)}, Lambda ≤ $${(gbSeconds * USD_PER_GB_SECOND).toFixed(4)}, Step Functions $${((transitions / 1000) * USD_PER_1000_TRANSITIONS).toFixed(4)})`,
    );
  } finally {
    await cloud.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
