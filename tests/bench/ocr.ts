/**
 * `npm run bench -- ocr`: the OCR worker's reading of scanned diplomas, on generated scans of
 * printed Vietnamese with known ground truth (tests/support/diploma-scans.ts), through the very
 * function the worker calls (functions/diplomas/ocr.ts `readDiplomaScan`), one page at a time as one
 * worker reads them. Prints, per font and degradation: character accuracy with and without
 * diacritics (1 − edit distance ÷ length, in code points, NFC), the share of fields read exactly,
 * pages per minute and the time per page, and the process's peak memory. The oracle is the
 * generator's text, never the reader's. BENCH_QUICK=1: 3 pages in Noto Serif (or Be Vietnam Pro),
 * and the run fails below 95% accuracy — a reader that got worse cannot pass.
 */
import { performance } from 'node:perf_hooks';
import { closeOcr, readDiplomaScan } from '../../functions/diplomas/ocr.ts';
import {
  availableFonts,
  type DiplomaTruth,
  keyedOf,
  renderDiplomaScan,
  type ScanFont,
  type ScanOptions,
  sampleDiploma,
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
    for (const [field, expected] of Object.entries(keyedOf(truth))) {
      const read = normal(proposal.values[field as keyof typeof proposal.values] ?? '');
      const want = normal(expected);
      t.chars += [...want].length;
      t.errors += Math.min([...want].length, levenshtein(read, want));
      t.errorsBare += Math.min([...want].length, levenshtein(bare(read), bare(want)));
      t.fields++;
      if (read === want) t.exact++;
      else if (process.env.OCR_VERBOSE)
        console.log(`    ${font} ${degradation} ${field}: ${JSON.stringify(read)} ≠ ${JSON.stringify(want)}`);
    }
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
console.log(line('all', all));
console.log(`  peak memory (RSS)                  ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
await closeOcr();
const accuracy = 1 - all.errors / all.chars;
if (accuracy < FLOOR) {
  console.error(`OCR character accuracy ${pct(accuracy)} is below the floor of ${pct(FLOOR)}`);
  process.exit(1);
}
