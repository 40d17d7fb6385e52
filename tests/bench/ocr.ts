/**
 * `npm run bench -- ocr`: the OCR worker's reading of scanned diplomas, on generated scans of
 * printed Vietnamese with known ground truth (tests/support/diploma-scans.ts), through the very
 * function the worker calls (functions/diplomas/ocr.ts `readDiplomaScan`), one page at a time as one
 * worker reads them. Prints, per font and degradation: character accuracy with and without
 * diacritics (1 − edit distance ÷ length, in code points, NFC), the share of fields read exactly,
 * pages per minute and the time per page, and the process's peak memory. The oracle is the
 * generator's text, never the reader's. Then pages of a register book (a ruled table, eight
 * diplomas a page, `readRegisterScan`): the same figures over every row's fields, and rows per
 * minute. BENCH_QUICK=1: 3 diploma pages and 1 register page in Noto Serif (or Be Vietnam Pro),
 * and the run fails below 95% accuracy — a reader that got worse cannot pass.
 */
import { performance } from 'node:perf_hooks';
import { closeOcr, readDiplomaScan, readRegisterScan } from '../../functions/diplomas/ocr.ts';
import {
  availableFonts,
  type DiplomaTruth,
  keyedOf,
  renderDiplomaScan,
  renderRegisterScan,
  type ScanFont,
  type ScanOptions,
  sampleDiploma,
  sampleRegisterRows,
} from '../support/diploma-scans.ts';

const quick = process.env.BENCH_QUICK === '1';
const PAGES = quick ? 3 : Number(process.env.OCR_PAGES ?? 8);
const FLOOR = 0.95;

/** Edit distance in code points (two rows). */
function levenshtein(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++)
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[y.length]!;
}
const normal = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
/** Without diacritics (and đ → d), case kept: what a reader that lost the marks would still get right. */
const bare = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

interface Tally {
  chars: number;
  errors: number;
  errorsBare: number;
  fields: number;
  exact: number;
  ms: number[];
}
const tally = (): Tally => ({ chars: 0, errors: 0, errorsBare: 0, fields: 0, exact: 0, ms: [] });

const DEGRADATIONS: Record<string, ScanOptions> = {
  clean: { rotate: 0.4 },
  'turned 2°, blurred': { rotate: 2, blur: 0.9 },
  'JPEG q40, dust': { rotate: -1, jpegQuality: 40, noiseSeed: 7 },
  '200 dpi': { rotate: 0.8, dpi: 200, blur: 0.5 },
};

/** Counts one field's reading against its truth. */
function score(t: Tally, label: string, field: string, read: string, expected: string) {
  const want = normal(expected);
  const got = normal(read);
  t.chars += [...want].length;
  t.errors += Math.min([...want].length, levenshtein(got, want));
  t.errorsBare += Math.min([...want].length, levenshtein(bare(got), bare(want)));
  t.fields++;
  if (got === want) t.exact++;
  else if (process.env.OCR_VERBOSE)
    console.log(`    ${label} ${field}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
}

const REGISTER_ROWS = 8;
/** The fields a register page gives each row: its cells and the page's heading (no council, no ID). */
const REGISTER_FIELDS = [
  'type',
  'holder.fullName',
  'holder.birthDate',
  'holder.placeOfBirth',
  'holder.gender',
  'holder.ethnicity',
  'school',
  'graduationYear',
  'rank',
  'issuedOn',
  'serial',
  'registerNumber',
] as const;

/** Register pages: `pages` of eight rows; the time is a page's, the rows are counted apart. */
async function measureRegister(
  font: ScanFont,
  degradation: string,
  options: ScanOptions,
  pages: number,
  t: Tally,
) {
  for (let n = 0; n < pages; n++) {
    // One book's year, school and date signed; each page its own people.
    const truths = sampleRegisterRows(REGISTER_ROWS).map((d, i) => {
      const person = sampleDiploma(n * 11 + i);
      return { ...d, fullName: person.fullName, birthDate: person.birthDate, serial: person.serial };
    });
    const scan = await renderRegisterScan(truths, { ...options, font });
    const started = performance.now();
    const { rows } = await readRegisterScan(scan);
    t.ms.push(performance.now() - started);
    for (const [i, truth] of truths.entries()) {
      const row = rows.find((r) => r.row === i + 1);
      const expected = keyedOf(truth);
      for (const field of REGISTER_FIELDS)
        score(t, `${font} ${degradation} row ${i + 1}`, field, row?.values[field] ?? '', expected[field]);
    }
  }
  return t;
}

async function measure(font: ScanFont, degradation: string, options: ScanOptions, pages: number, t: Tally) {
  for (let n = 0; n < pages; n++) {
    const truth: DiplomaTruth = sampleDiploma(n * 7 + font.length);
    const scan = await renderDiplomaScan(truth, {
      ...options,
      font,
      ...(options.noiseSeed !== undefined ? { noiseSeed: n } : {}),
    });
    const started = performance.now();
    const { proposal } = await readDiplomaScan(scan);
    t.ms.push(performance.now() - started);
    for (const [field, expected] of Object.entries(keyedOf(truth)))
      score(
        t,
        `${font} ${degradation}`,
        field,
        proposal.values[field as keyof typeof proposal.values] ?? '',
        expected,
      );
  }
  return t;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const line = (label: string, t: Tally) =>
  `  ${label.padEnd(34)} ${pct(1 - t.errors / t.chars).padStart(6)} ${pct(1 - t.errorsBare / t.chars).padStart(6)} ${pct(t.exact / t.fields).padStart(6)}  ${String(t.ms.length).padStart(3)} pages  ${(60_000 / (t.ms.reduce((a, b) => a + b, 0) / t.ms.length)).toFixed(1).padStart(5)} /min  p50 ${(quantile(t.ms, 0.5) / 1000).toFixed(2)} s  p95 ${(quantile(t.ms, 0.95) / 1000).toFixed(2)} s`;

const fonts = availableFonts();
console.log(
  `\nOCR of scanned diplomas (tesseract.js + vie, one worker, one page at a time; ${quick ? 'quick' : 'full'} run; fonts here: ${fonts.join(', ')})`,
);
console.log(
  `  ${'font, degradation'.padEnd(34)} ${'chars'.padStart(6)} ${'no-dia'.padStart(6)} ${'exact'.padStart(6)}`,
);
const all = tally();
const runs: [ScanFont, string][] = quick
  ? [[fonts.includes('noto-serif') ? 'noto-serif' : 'be-vietnam-pro', 'turned 2°, blurred']]
  : fonts.flatMap((f) => Object.keys(DEGRADATIONS).map((d) => [f, d] as [ScanFont, string]));
// The engine's start (model and core loaded) is not a page's time.
await readDiplomaScan(await renderDiplomaScan(sampleDiploma(0), { dpi: 100 }));
for (const [font, degradation] of runs) {
  const t = await measure(font, degradation, DEGRADATIONS[degradation]!, PAGES, tally());
  console.log(line(`${font}, ${degradation}`, t));
  all.chars += t.chars;
  all.errors += t.errors;
  all.errorsBare += t.errorsBare;
  all.fields += t.fields;
  all.exact += t.exact;
  all.ms.push(...t.ms);
}
console.log(line('diplomas, all', all));

console.log(
  `\nOCR of register book pages (a ruled table, ${REGISTER_ROWS} diplomas a page: rules erased, words put in cells)`,
);
const registers = tally();
for (const [font, degradation] of runs) {
  const t = await measureRegister(
    font,
    degradation,
    DEGRADATIONS[degradation]!,
    quick ? 1 : Math.max(1, Math.round(PAGES / 4)),
    tally(),
  );
  console.log(line(`${font}, ${degradation}`, t));
  for (const k of ['chars', 'errors', 'errorsBare', 'fields', 'exact'] as const) registers[k] += t[k];
  registers.ms.push(...t.ms);
}
console.log(line('register pages, all', registers));
const rowsPerMinute =
  (60_000 / (registers.ms.reduce((a, b) => a + b, 0) / registers.ms.length)) * REGISTER_ROWS;
console.log(`  diplomas (rows) per minute          ${rowsPerMinute.toFixed(1)}`);
for (const k of ['chars', 'errors', 'errorsBare', 'fields', 'exact'] as const) all[k] += registers[k];
console.log(
  `  ${'all fields (the floor is on this)'.padEnd(34)} ${pct(1 - all.errors / all.chars).padStart(6)} ${pct(1 - all.errorsBare / all.chars).padStart(6)} ${pct(all.exact / all.fields).padStart(6)}`,
);
console.log(`  peak memory (RSS)                  ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
await closeOcr();
const accuracy = 1 - all.errors / all.chars;
if (accuracy < FLOOR) {
  console.error(`OCR character accuracy ${pct(accuracy)} is below the floor of ${pct(FLOOR)}`);
  process.exit(1);
}
