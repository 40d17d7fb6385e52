/**
 * Scanned files as pages: a PDF (each page's scanned image: JPEG as scanners write it, or 8-bit
 * grey/RGB deflated), a TIFF (one page per image in it), a JPEG or a PNG. The kind is read from
 * the file's first bytes, never from its name or declared type. A page whose image cannot be
 * read (a fax-coded PDF page, text without a scan) is reported, not guessed.
 */
import { inflateSync } from 'node:zlib';
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef } from 'pdf-lib';

export type ScanKind = 'pdf' | 'tiff' | 'jpeg' | 'png';
/** The most pages one file may bring (a register book is a few hundred). */
export const MAX_SCAN_PAGES = 500;

export function scanKindOf(bytes: Uint8Array): ScanKind | undefined {
  const b = bytes;
  if (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return 'pdf';
  if (
    (b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) ||
    (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a)
  )
    return 'tiff';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  return undefined;
}

const numberOf = (dict: PDFDict, name: string) => {
  const value = dict.get(PDFName.of(name));
  return value instanceof PDFNumber ? value.asNumber() : undefined;
};

/** The largest image drawn on a PDF page, as bytes sharp reads (undefined: none it can read). */
async function pdfPageImage(pdf: PDFDocument, index: number): Promise<Buffer | undefined> {
  const page = pdf.getPage(index);
  const xobjects = page.node.Resources()?.lookup(PDFName.of('XObject'));
  if (!(xobjects instanceof PDFDict)) return undefined;
  let best: { stream: PDFRawStream; area: number } | undefined;
  for (const ref of xobjects.values()) {
    const stream = ref instanceof PDFRef ? pdf.context.lookup(ref) : ref;
    if (!(stream instanceof PDFRawStream)) continue;
    if (stream.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
    const area = (numberOf(stream.dict, 'Width') ?? 0) * (numberOf(stream.dict, 'Height') ?? 0);
    if (!best || area > best.area) best = { stream, area };
  }
  if (!best) return undefined;
  const { dict, contents } = best.stream;
  const filter = dict.get(PDFName.of('Filter'));
  if (filter === PDFName.of('DCTDecode')) return Buffer.from(contents);
  if (filter !== PDFName.of('FlateDecode') || numberOf(dict, 'BitsPerComponent') !== 8) return undefined;
  const space = dict.get(PDFName.of('ColorSpace'));
  const channels = space === PDFName.of('DeviceGray') ? 1 : space === PDFName.of('DeviceRGB') ? 3 : undefined;
  const width = numberOf(dict, 'Width');
  const height = numberOf(dict, 'Height');
  if (!channels || !width || !height) return undefined;
  const raw = inflateSync(contents);
  if (raw.length < width * height * channels) return undefined;
  const { default: sharp } = await import('sharp');
  return sharp(raw, { raw: { width, height, channels } }).png().toBuffer();
}

export interface OpenedScan {
  pages: number;
  /** Page `index` (from 0) as an image sharp reads, or undefined when it has none to read. */
  image(index: number): Promise<Buffer | undefined>;
}

/** A scanned file opened once (a PDF parsed once for all its pages); undefined when it cannot be read. */
export async function openScan(bytes: Uint8Array, kind: ScanKind): Promise<OpenedScan | undefined> {
  const quietly = (read: () => Promise<Buffer | undefined>) => read().catch(() => undefined);
  try {
    if (kind === 'pdf') {
      const pdf = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
      return { pages: pdf.getPageCount(), image: (i) => quietly(() => pdfPageImage(pdf, i)) };
    }
    const { default: sharp } = await import('sharp');
    if (kind === 'tiff') {
      const pages = (await sharp(bytes).metadata()).pages ?? 1;
      return { pages, image: (i) => quietly(() => sharp(bytes, { page: i }).png().toBuffer()) };
    }
    return { pages: 1, image: async () => Buffer.from(bytes) };
  } catch {
    return undefined;
  }
}

/** Whether an image decodes (its size can be read). */
export async function isImage(bytes: Uint8Array): Promise<boolean> {
  try {
    const { default: sharp } = await import('sharp');
    const { width, height } = await sharp(bytes).metadata();
    return Boolean(width && height);
  } catch {
    return false;
  }
}
