/**
 * Reads an uploaded SCORM or cmi5 package's zip (yauzl: the central directory first, then each
 * file as a stream, its size checked against the directory's as it is read): every path checked
 * before anything is stored (zip-slip), the file count and unpacked size bounded (zip bombs), the
 * manifest found at the root and parsed, and every file it launches present. Knows nothing of
 * AWS: the worker stores what this lets through.
 */
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { CodedText } from '#shared/text/texts.ts';
import {
  MAX_PACKAGE_FILES,
  missingLaunchFiles,
  type PackageManifest,
  parseCmi5,
  parseScormManifest,
  safeEntryPath,
} from './domain/packages.ts';
import { coursesText } from './domain/texts.ts';

export const MB = 1024 * 1024;
/** The largest zip accepted, the most it may unpack to, and the largest single file in it. */
export const MAX_PACKAGE_BYTES = 200 * MB;
export const MAX_UNPACKED_BYTES = 1024 * MB;
export const MAX_FILE_BYTES = 200 * MB;
const MAX_MANIFEST_BYTES = 2 * MB;
/** Problems reported at most (a zip of 20,000 bad names says the first few). */
const MAX_PROBLEMS = 10;

export interface PackageFile {
  path: string;
  size: number;
  read: () => Promise<Buffer>;
}

export type PackageInspection =
  | { ok: true; manifest: PackageManifest; files: PackageFile[]; unpackedBytes: number; close: () => void }
  | { ok: false; problems: CodedText[] };

const entriesOf = (zip: ZipFile) =>
  new Promise<Entry[]>((resolve, reject) => {
    const out: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      out.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(out));
    zip.on('error', reject);
    zip.readEntry();
  });

async function bytesOf(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      stream.destroy();
      throw new RangeError(`More than ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function inspectPackage(zipBytes: Buffer): Promise<PackageInspection> {
  let zip: ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(zipBytes, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: true,
      strictFileNames: false,
      decodeStrings: true,
    });
  } catch {
    return { ok: false, problems: [coursesText('package-not-zip')] };
  }
  const refuse = (problems: CodedText[]) => {
    zip.close();
    return { ok: false as const, problems: problems.slice(0, MAX_PROBLEMS) };
  };
  let entries: Entry[];
  try {
    entries = await entriesOf(zip);
  } catch (error) {
    // yauzl refuses a path climbing out or absolute as it reads the directory: said as such.
    const unsafe = /^(?:invalid relative path|absolute path): (.*)$/.exec(String((error as Error).message));
    return refuse([
      unsafe ? coursesText('package-unsafe-path', { path: unsafe[1]! }) : coursesText('package-not-zip'),
    ]);
  }
  const problems: CodedText[] = [];
  const files = new Map<string, Entry>();
  let unpackedBytes = 0;
  for (const entry of entries) {
    const path = safeEntryPath(entry.fileName);
    if (!path) {
      problems.push(coursesText('package-unsafe-path', { path: entry.fileName }));
      continue;
    }
    if (entry.fileName.endsWith('/')) continue;
    if (entry.uncompressedSize > MAX_FILE_BYTES)
      problems.push(coursesText('package-file-too-large', { path, limit: MAX_FILE_BYTES / MB }));
    unpackedBytes += entry.uncompressedSize;
    files.set(path, entry);
  }
  if (files.size > MAX_PACKAGE_FILES)
    problems.push(coursesText('package-too-many-files', { files: files.size, limit: MAX_PACKAGE_FILES }));
  if (unpackedBytes > MAX_UNPACKED_BYTES)
    problems.push(coursesText('package-too-large-unpacked', { limit: MAX_UNPACKED_BYTES / MB }));
  if (problems.length) return refuse(problems);

  const read = async (entry: Entry, limit: number) => bytesOf(await zip.openReadStreamPromise(entry), limit);
  const manifestEntry = files.get('imsmanifest.xml') ?? files.get('cmi5.xml');
  if (!manifestEntry) return refuse([coursesText('package-no-manifest')]);
  let parsed: ReturnType<typeof parseScormManifest>;
  try {
    const xml = (await read(manifestEntry, MAX_MANIFEST_BYTES)).toString('utf8');
    parsed = manifestEntry.fileName.endsWith('imsmanifest.xml') ? parseScormManifest(xml) : parseCmi5(xml);
  } catch {
    return refuse([coursesText('package-not-zip')]);
  }
  if (!parsed.ok) return refuse([parsed.text]);
  const missing = missingLaunchFiles(parsed.manifest, new Set(files.keys()));
  if (missing.length) return refuse(missing);
  return {
    ok: true,
    manifest: parsed.manifest,
    unpackedBytes,
    files: [...files].map(([path, entry]) => ({
      path,
      size: entry.uncompressedSize,
      read: () => read(entry, MAX_FILE_BYTES),
    })),
    close: () => zip.close(),
  };
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  xml: 'application/xml',
  xsd: 'application/xml',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/x-icon',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  pdf: 'application/pdf',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  vtt: 'text/vtt',
};

/** The content type a package's file is served with, by its extension. */
export const contentTypeOf = (path: string) =>
  TYPES[path.slice(path.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
