/**
 * The OCR engine: tesseract.js with the Vietnamese model shipped by `@tesseract.js-data/vie`
 * (read from node_modules — nothing is fetched at run time, no cache is written), images prepared
 * with sharp. One engine per process, started on the first page (not at module init) and kept
 * for the next; pages are read one at a time because a reading's parameters are the engine's.
 * The runtime files the deployed worker needs are listed in infra/ocr-runtime.ts.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Worker } from 'tesseract.js';
import {
  eraseRules,
  findRules,
  type RegisterPageReading,
  type Rules,
  readRegisterPage,
} from './domain/register-page.ts';
import type { RegisterField } from './domain/register-sheet.ts';
import {
  type Box,
  FIELD_CHARACTERS,
  type OcrWord,
  preferReread,
  readDiploma,
  type ScanProposal,
} from './domain/scan-reading.ts';

let engine: Promise<Worker> | undefined;
let queue: Promise<unknown> = Promise.resolve();

async function start(): Promise<Worker> {
  const { createWorker, OEM } = await import('tesseract.js');
  const require = createRequire(import.meta.url);
  // The integer "best" LSTM model: what tesseract.js would fetch for OEM.LSTM_ONLY.
  const langPath = join(dirname(require.resolve('@tesseract.js-data/vie/package.json')), '4.0.0_best_int');
  return createWorker('vie', OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: 'none' });
}

/** Runs `work` with the engine, after the pages before it. */
function withEngine<T>(work: (worker: Worker) => Promise<T>): Promise<T> {
  if (!engine) {
    const starting = start();
    engine = starting;
    // A start that failed is tried again by the next page, not kept for the container's life.
    starting.catch(() => {
      if (engine === starting) engine = undefined;
    });
  }
  const run = queue.then(async () => work(await engine!));
  queue = run.catch(() => undefined);
  return run;
}

/** Stops the engine's thread (the local cloud on shutdown; a Lambda keeps it). */
export async function closeOcr(): Promise<void> {
  const started = engine;
  engine = undefined;
  if (started) await (await started).terminate();
}

export interface PageReading {
  /** The page as read: grey, levelled and turned straight (JPEG), what the boxes point into. */
  image: Buffer;
  width: number;
  height: number;
  /** How far the page was turned to be straight, in degrees. */
  rotation: number;
  words: OcrWord[];
  /** Reads a box again with only these characters, as one line. */
  reread(box: Box, characters: string): Promise<string>;
  /** A table's rules found on the page (asked for with `table`), erased before it was read. */
  rules?: Rules;
}

/**
 * Reads one page: grey, dust taken out, levelled (the 1st–99th percentiles stretched), turned straight by the
 * angle OCR finds, then read into words with their confidence and box.
 */
export async function readPage(image: Uint8Array, options: { table?: boolean } = {}): Promise<PageReading> {
  const { default: sharp } = await import('sharp');
  // A 3-pixel median takes out dust and grain without touching strokes at 300 dpi.
  const levelled = await sharp(image)
    .greyscale()
    .median(3)
    .normalise({ lower: 1, upper: 99 })
    .png()
    .toBuffer({ resolveWithObject: true });
  return withEngine(async (worker) => {
    const { PSM } = await import('tesseract.js');
    // Every page is read the same way, whatever a re-read before it set (tesseract's own default).
    await worker.setParameters({ tessedit_char_whitelist: '', tessedit_pageseg_mode: PSM.SINGLE_BLOCK });
    const first = await worker.recognize(levelled.data, { rotateAuto: true }, { text: false, blocks: false });
    const rotation = ((first.data.rotateRadians ?? 0) * 180) / Math.PI;
    // The page's size comes with the image made (the boxes point into it): not decoded again.
    const { data: straight, info } =
      Math.abs(rotation) > 0.05
        ? await sharp(levelled.data)
            .rotate(rotation, { background: '#ffffff' })
            .png()
            .toBuffer({ resolveWithObject: true })
        : levelled;
    // A register page: its rules found on the straight page's pixels and painted out, so OCR reads
    // the cells' words and not the lines between them.
    let read = straight;
    let rules: Rules | undefined;
    if (options.table) {
      const grey = await sharp(straight).greyscale().raw().toBuffer({ resolveWithObject: true });
      const page = { data: new Uint8Array(grey.data), width: grey.info.width, height: grey.info.height };
      rules = findRules(page);
      // The page's resolution kept (raw pixels carry none): tesseract sizes its text by it.
      const { density } = await sharp(straight).metadata();
      if (rules)
        read = await sharp(Buffer.from(eraseRules(page, rules)), {
          raw: { width: page.width, height: page.height, channels: 1 },
        })
          .withMetadata({ density: density && density >= 70 ? density : 300 })
          .png()
          .toBuffer();
    }
    const { data } = await worker.recognize(read, {}, { blocks: true, text: false });
    const words: OcrWord[] = (data.blocks ?? []).flatMap((b) =>
      b.paragraphs.flatMap((p) =>
        p.lines.flatMap((l) =>
          l.words.map((w) => ({ text: w.text.normalize('NFC'), confidence: w.confidence, box: w.bbox })),
        ),
      ),
    );
    const { width, height } = info;
    return {
      image: await sharp(straight).jpeg({ quality: 80 }).toBuffer(),
      width,
      height,
      rotation,
      words,
      ...(rules ? { rules } : {}),
      reread: (box, characters) =>
        withEngine(async (w) => {
          const pad = 8;
          const rectangle = {
            left: Math.max(0, box.x0 - pad),
            top: Math.max(0, box.y0 - pad),
            width: Math.min(width, box.x1 + pad) - Math.max(0, box.x0 - pad),
            height: Math.min(height, box.y1 + pad) - Math.max(0, box.y0 - pad),
          };
          await w.setParameters({
            tessedit_char_whitelist: characters,
            tessedit_pageseg_mode: PSM.SINGLE_LINE,
          });
          try {
            const again = await w.recognize(read, { rectangle });
            return again.data.text.normalize('NFC').trim();
          } finally {
            await w.setParameters({ tessedit_char_whitelist: '', tessedit_pageseg_mode: PSM.SINGLE_BLOCK });
          }
        }),
    };
  });
}

/**
 * A proposal's dates and numbers read again with only the characters they hold (taken where that
 * parses). `done` keeps what a box gave: a register page's heading (the date signed, the year) is
 * every row's, read again once.
 */
async function rereadFields(page: PageReading, proposal: ScanProposal, done = new Map<string, string>()) {
  for (const [field, characters] of Object.entries(FIELD_CHARACTERS) as [RegisterField, string][]) {
    const reading = proposal.fields[field];
    if (!reading) continue;
    const { x0, y0, x1, y1 } = reading.box;
    const key = `${characters}:${x0},${y0},${x1},${y1}`;
    const again = done.get(key) ?? (await page.reread(reading.box, characters));
    done.set(key, again);
    const better = preferReread(field, proposal.values[field], again);
    if (better) proposal.values[field] = better;
  }
}

/**
 * A scanned page of a register book read into its rows' proposals (domain/register-page.ts): the
 * rules found and erased, each word put in its cell; a page without a table is read as one diploma.
 */
export async function readRegisterScan(
  image: Uint8Array,
): Promise<{ page: PageReading; rows: RegisterPageReading['rows'] }> {
  const page = await readPage(image, { table: true });
  const rows = page.rules
    ? readRegisterPage(page.words, page.rules).rows
    : [{ ...readDiploma(page.words), row: 1, box: { x0: 0, y0: 0, x1: page.width, y1: page.height } }];
  const done = new Map<string, string>();
  for (const row of rows) await rereadFields(page, row, done);
  return { page, rows };
}

/**
 * A scanned diploma read into a proposal: the page read, its printed fields found, and the dates
 * and numbers read again with only the characters they can hold (taken where that parses).
 */
export async function readDiplomaScan(
  image: Uint8Array,
): Promise<{ page: PageReading; proposal: ScanProposal }> {
  const page = await readPage(image);
  const proposal = readDiploma(page.words);
  await rereadFields(page, proposal);
  return { page, proposal };
}
