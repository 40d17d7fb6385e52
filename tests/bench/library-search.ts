/**
 * Library search benchmark: loads N generated Vietnamese titles (infra/local/demo-library.ts:
 * textbooks and exercise books per subject and grade, literature, reference) into DynamoDB Local
 * with their index entries, then runs typical queries — each typed with and without diacritics —
 * through the catalogue's search, printing latency percentiles and the read units each query
 * consumed (DynamoDB's own ReturnConsumedCapacity). Sizes: BENCH_QUICK=1 → 2,000 titles;
 * otherwise 500,000 (LIBRARY_BENCH_TITLES overrides).
 */
import { performance } from 'node:perf_hooks';
import { makeCatalogue, type ReadMeter } from '../../functions/library/catalogue.ts';
import { makeLibraryEntities } from '../../functions/library/entities.ts';
import { startLocalCloud } from '../../infra/local/cloud.ts';
import { demoTitle, loadDemoTitles } from '../../infra/local/demo-library.ts';
import { documentClient } from '../../shared/db/client.ts';

const USD_PER_MILLION_RRU = 0.125;
const silent = { info() {}, error() {} };

const QUERIES: [string, string][] = [
  ['toán 10', 'toan 10'],
  ['sách bài tập vật lí 11', 'sach bai tap vat li 11'],
  ['tiếng anh', 'tieng anh'],
  ['truyện ngắn quê hương', 'truyen ngan que huong'],
  ['hải phòng', 'hai phong'],
  ['nguyễn văn an', 'nguyen van an'],
  ['từ điển', 'tu dien'],
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function librarySearchBenchmark(quick: boolean) {
  const titles = Number(process.env.LIBRARY_BENCH_TITLES ?? (quick ? 2_000 : 500_000));
  const runs = quick ? 3 : 30;
  // Half a million titles are ~10 million items: more heap than DynamoDB Local's default 1 GB.
  if (titles > 20_000) process.env.LOCAL_DYNAMODB_HEAP ??= '12g';
  const cloud = await startLocalCloud({
    ports: { api: 0, oidc: 0, vneid: 0, ses: 0, dynamodb: 0, s3: 0, sqs: 0, sfn: 0 },
    demoLearners: 0,
    demoTitles: 0,
    log: silent,
  });
  try {
    const entities = makeLibraryEntities({ client: documentClient(), table: cloud.env.TABLE_NAME! });
    const catalogue = makeCatalogue(() => entities);
    console.log(
      `\nLibrary search over ${titles.toLocaleString('en')} titles (DynamoDB Local, in-process search)`,
    );
    const t0 = performance.now();
    let last = 0;
    const loaded = await loadDemoTitles(entities, 1, titles + 1, (done) => {
      if (done - last >= 50_000) {
        last = done;
        console.log(
          `  loaded ${done.toLocaleString('en')} titles (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
        );
      }
    });
    const loadSeconds = (performance.now() - t0) / 1000;
    console.log(
      `  load              ${loaded.titles.toLocaleString('en')} titles, ${loaded.entries.toLocaleString('en')} index entries, ${loaded.terms.toLocaleString('en')} terms in ${loadSeconds.toFixed(0)} s (${(loaded.entries / loaded.titles).toFixed(1)} entries per title)`,
    );
    const isbn = demoTitle(Math.ceil(titles / 2)).item.isbn!;
    console.log(
      `  ${'query'.padEnd(30)}${'hits'.padStart(6)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}${'RRU'.padStart(8)}  driver`,
    );
    const all: { ms: number[]; units: number }[] = [];
    for (const q of [...QUERIES.flat(), isbn]) {
      const ms: number[] = [];
      let units = 0;
      let hits = 0;
      let driver = '';
      for (let i = 0; i < runs + 2; i++) {
        const meter: ReadMeter = { units: 0 };
        const start = performance.now();
        const page = await catalogue.search(q, {}, 20, null, meter);
        const took = performance.now() - start;
        if (i >= 2) ms.push(took); // two warm-up rounds
        units = meter.units;
        hits = page.items.length;
        driver = page.driver ?? (q === isbn ? '(ISBN lookup)' : '');
      }
      ms.sort((a, b) => a - b);
      all.push({ ms, units });
      console.log(
        `  ${q.padEnd(30)}${String(hits).padStart(6)}${percentile(ms, 50).toFixed(1).padStart(8)}${percentile(ms, 95).toFixed(1).padStart(8)}${percentile(ms, 99).toFixed(1).padStart(8)}${units.toFixed(1).padStart(8)}  ${driver}`,
      );
    }
    const every = all.flatMap((a) => a.ms).sort((a, b) => a - b);
    const meanUnits = all.reduce((s, a) => s + a.units, 0) / all.length;
    console.log(
      `  all queries       p50 ${percentile(every, 50).toFixed(1)} ms, p95 ${percentile(every, 95).toFixed(1)} ms, p99 ${percentile(every, 99).toFixed(1)} ms; mean ${meanUnits.toFixed(1)} read units per query ≈ $${((meanUnits * 1_000_000 * USD_PER_MILLION_RRU) / 1_000_000).toFixed(3)} per million searches`,
    );
  } finally {
    await cloud.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await librarySearchBenchmark(process.env.BENCH_QUICK === '1');
  process.exit(0);
}
