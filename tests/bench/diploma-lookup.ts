/**
 * The public diploma verification over a large register: loads N entries of the demo generator
 * (infra/local/demo-diplomas.ts: 25 register years, names, dates of birth, serials) into DynamoDB
 * Local — entries, serial guards and number guards, as a migration would write them — then asks
 * the verification (functions/diplomas/lookup.ts, in process) the way the public does: mostly
 * diplomas that exist, some with a wrong year of birth, some serials nobody has. Prints latency
 * percentiles and the read and write units of each lookup as DynamoDB reports them (the per-diploma
 * counter and the lookup log are writes). Every answer is checked against the generator: found,
 * or not. Sizes: BENCH_QUICK=1 → 5,000 entries and 300 lookups; otherwise 1,000,000 and 3,000
 * (DIPLOMA_BENCH_ENTRIES, DIPLOMA_BENCH_LOOKUPS override).
 */
import { performance } from 'node:perf_hooks';
import { makeDiplomaEntities } from '../../functions/diplomas/entities.ts';
import { makeLookups } from '../../functions/diplomas/lookup.ts';
import { type NewEntry, newEntryItem, serialGuard } from '../../functions/diplomas/register.ts';
import { startLocalCloud } from '../../infra/local/cloud.ts';
import { demoEntry } from '../../infra/local/demo-diplomas.ts';
import { documentClient } from '../../shared/db/client.ts';
import { type CapacityTotals, measureCapacity } from '../../shared/db/consumed-capacity.ts';
import { nameBasedId } from '../../shared/db/name-based-id.ts';

const USD_PER_MILLION_RRU = 0.125;
const USD_PER_MILLION_WRU = 0.625;
const YEARS = 25;
const silent = { info() {}, error() {} };

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Entry n of the benchmark's register: the demo generator's, numbered in its year's order. */
const entryAt = (n: number) => {
  const entry = demoEntry(n) as NewEntry & { registerNumber: number };
  // The generator spreads entries over 25 years in turn: n's place in its year is n ÷ 25.
  entry.registerNumber = Math.floor(n / YEARS) + 1;
  return entry;
};

export async function diplomaLookupBenchmark(quick: boolean) {
  const total = Number(process.env.DIPLOMA_BENCH_ENTRIES ?? (quick ? 5_000 : 1_000_000));
  const asks = Number(process.env.DIPLOMA_BENCH_LOOKUPS ?? (quick ? 300 : 3_000));
  if (total > 50_000) process.env.LOCAL_DYNAMODB_HEAP ??= '12g';
  const cloud = await startLocalCloud({
    ports: { api: 0, oidc: 0, vneid: 0, ses: 0, dynamodb: 0, s3: 0, sqs: 0, sfn: 0 },
    demoLearners: 0,
    demoTitles: 0,
    demoDiplomas: 0,
    log: silent,
  });
  try {
    const entities = makeDiplomaEntities({ client: documentClient(), table: cloud.env.TABLE_NAME! });
    const lookups = makeLookups(() => entities);
    console.log(
      `\nDiploma verification over ${total.toLocaleString('en')} register entries (DynamoDB Local)`,
    );
    const t0 = performance.now();
    const CHUNK = 2_000;
    const at = new Date().toISOString();
    for (let from = 0; from < total; from += CHUNK) {
      const items = [];
      for (let n = from; n < Math.min(total, from + CHUNK); n++) {
        const entry = entryAt(n);
        items.push(newEntryItem(entry, nameBasedId(`bench-diploma:${n}`), 'bench', { source: 'import' }, at));
      }
      await Promise.all([
        entities.diplomaEntry.put(items).go({ concurrency: 4 }),
        entities.diplomaSerial.put(items.map(serialGuard)).go({ concurrency: 4 }),
        entities.diplomaNumber
          .put(
            items.map((i) => ({
              registerYear: i.registerYear,
              registerNumber: i.registerNumber,
              entryId: i.entryId,
            })),
          )
          .go({ concurrency: 4 }),
      ]);
      if ((from / CHUNK) % 50 === 49)
        console.log(
          `  loaded ${(from + CHUNK).toLocaleString('en')} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
        );
    }
    console.log(
      `  load              ${total.toLocaleString('en')} entries (${(total * 3).toLocaleString('en')} items) in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );

    // Deterministic questions: 80% diplomas that exist, 10% a wrong year of birth, 10% unknown serials.
    let seed = 17;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const ms: number[] = [];
    const units: CapacityTotals[] = [];
    let wrong = 0;
    const kinds = { found: 0, wrongYear: 0, unknown: 0 };
    for (let i = 0; i < asks + 20; i++) {
      const n = Math.floor(next() * total);
      const entry = entryAt(n);
      const roll = next();
      const kind = roll < 0.8 ? 'found' : roll < 0.9 ? 'wrongYear' : 'unknown';
      const question = {
        serial: kind === 'unknown' ? `Z ${String(n).padStart(7, '0')}` : entry.serial.toLowerCase(),
        fullName: entry.holder.fullName,
        birthYear: Number(entry.holder.birthDate.slice(0, 4)) + (kind === 'wrongYear' ? 1 : 0),
      };
      let record: CapacityTotals | undefined;
      const start = performance.now();
      const answer = await measureCapacity(
        'bench:verifyDiploma',
        () => lookups.verify(question, { channel: 'public', client: '203.0.113.9' }),
        {
          report: (r) => {
            record = r;
          },
        },
      );
      const took = performance.now() - start;
      // The oracle is the generator, not the register: what was loaded is found, nothing else.
      if (answer.found !== (kind === 'found')) wrong++;
      if (answer.found && answer.facts?.serial !== entry.serial) wrong++;
      if (i < 20) continue; // warm-up
      kinds[kind]++;
      ms.push(took);
      units.push(record!);
    }
    if (wrong) throw new Error(`${wrong} verifications answered differently from the register loaded`);
    ms.sort((a, b) => a - b);
    const mean = (f: (u: CapacityTotals) => number) => units.reduce((s, u) => s + f(u), 0) / units.length;
    const rru = mean((u) => u.rru);
    const wru = mean((u) => u.wru);
    console.log(
      `  lookups           ${asks.toLocaleString('en')} (${kinds.found} found, ${kinds.wrongYear} wrong year of birth, ${kinds.unknown} unknown serials), every answer as loaded`,
    );
    console.log(
      `  latency           p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms, p99 ${percentile(ms, 99).toFixed(1)} ms (in process, one at a time)`,
    );
    console.log(
      `  units per lookup  ${rru.toFixed(2)} RRU, ${wru.toFixed(2)} WRU (the day's counter and the log) ≈ $${(rru * USD_PER_MILLION_RRU + wru * USD_PER_MILLION_WRU).toFixed(2)} per million lookups`,
    );
  } finally {
    await cloud.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await diplomaLookupBenchmark(process.env.BENCH_QUICK === '1');
  process.exit(0);
}
