/**
 * Scans with known ground truth for the OCR tests and benchmark: a diploma laid out as printed
 * (title, labelled fields, the signed date, serial and register number), its text drawn as glyph
 * outlines of Be Vietnam Pro (the font the repository ships, through fontkit — no system fonts,
 * so every machine renders the same page), then degraded as scanners and old paper do: turned a
 * little, blurred, JPEG-compressed, speckled.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import sharp from 'sharp';
import { PDF_FONT_FILES } from '../../shared/pdf/fonts.ts';

const require = createRequire(import.meta.url);
type Font = ReturnType<typeof fontkit.create>;
/**
 * The faces a diploma can be printed in: Noto Serif (Debian's fonts-noto-core, which .ci/run
 * installs: a serif like the Times faces diplomas are printed in), DejaVu Serif, and Be Vietnam
 * Pro (shipped in node_modules: a geometric sans OCR finds harder).
 */
export const SCAN_FONTS = {
  'noto-serif': [
    '/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf',
    '/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf',
  ],
  'dejavu-serif': [
    '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf',
    '/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf',
  ],
  'be-vietnam-pro': [require.resolve(PDF_FONT_FILES.regular), require.resolve(PDF_FONT_FILES.bold)],
} as const;
export type ScanFont = keyof typeof SCAN_FONTS;
const loaded = new Map<string, Font>();
const fontOf = (family: ScanFont, bold: boolean) => {
  const file = SCAN_FONTS[family][bold ? 1 : 0];
  let font = loaded.get(file);
  if (!font) {
    font = fontkit.create(readFileSync(file));
    loaded.set(file, font);
  }
  return font;
};
/** The fonts this machine has (Be Vietnam Pro always). */
export const availableFonts = (): ScanFont[] =>
  (Object.keys(SCAN_FONTS) as ScanFont[]).filter((f) => existsSync(SCAN_FONTS[f][0]));

/** A line of text as SVG paths at (x, y) baseline, `size` px; anchored at its start or its middle. */
function textPaths(
  family: ScanFont,
  text: string,
  x: number,
  y: number,
  size: number,
  bold = false,
  anchor: 'start' | 'middle' = 'start',
) {
  const font = fontOf(family, bold);
  const run = font.layout(text.normalize('NFC'));
  const scale = size / font.unitsPerEm;
  const width = run.positions.reduce((w, p) => w + p.xAdvance, 0) * scale;
  let pen = anchor === 'middle' ? x - width / 2 : x;
  const paths: string[] = [];
  for (const [i, glyph] of run.glyphs.entries()) {
    const pos = run.positions[i]!;
    const d = glyph.path.toSVG();
    if (d)
      paths.push(
        `<path d="${d}" transform="translate(${(pen + pos.xOffset * scale).toFixed(2)} ${(y - pos.yOffset * scale).toFixed(2)}) scale(${scale} ${-scale})"/>`,
      );
    pen += pos.xAdvance * scale;
  }
  return paths.join('');
}

export interface DiplomaTruth {
  type: string;
  fullName: string;
  birthDate: string;
  placeOfBirth: string;
  gender: string;
  ethnicity: string;
  school: string;
  graduationYear: string;
  rank: string;
  issuedOn: string;
  serial: string;
  registerNumber: string;
}

export interface ScanOptions {
  /** Degrees the sheet is turned on the scanner. */
  rotate?: number;
  blur?: number;
  jpegQuality?: number;
  /** Dots per inch the A4 page is rendered at (300 by default). */
  dpi?: number;
  /** Speckles of dust and paper grain, from this seed. */
  noiseSeed?: number;
  /** The face it is printed in: Noto Serif where the machine has it, else Be Vietnam Pro. */
  font?: ScanFont;
}

/** The lines printed on a diploma, as (y in mm, size in pt, text, bold, centred). */
function diplomaLines(d: DiplomaTruth): [number, number, string, boolean, boolean][] {
  const [day, month, year] = d.issuedOn.split('/');
  return [
    [18, 13, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', true, true],
    [25, 12, 'Độc lập - Tự do - Hạnh phúc', true, true],
    [42, 20, d.type.toUpperCase(), true, true],
    [58, 12, `Họ và tên: ${d.fullName}`, false, false],
    [66, 12, `Ngày sinh: ${d.birthDate}`, false, false],
    [74, 12, `Nơi sinh: ${d.placeOfBirth}`, false, false],
    [82, 12, `Giới tính: ${d.gender}      Dân tộc: ${d.ethnicity}`, false, false],
    [90, 12, `Học sinh trường: ${d.school}`, false, false],
    [98, 12, `Năm tốt nghiệp: ${d.graduationYear}      Xếp loại: ${d.rank}`, false, false],
    [114, 12, `Hải Phòng, ngày ${Number(day)} tháng ${Number(month)} năm ${year}`, false, true],
    [170, 11, `Số hiệu: ${d.serial}`, false, false],
    [178, 11, `Số vào sổ cấp bằng: ${d.registerNumber}`, false, false],
  ];
}

/** A tiny deterministic generator (mulberry32) for the speckles. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An A5-landscape diploma (210 × 148 mm would crop the foot: a 210 × 190 mm sheet) as a JPEG scan. */
export async function renderDiplomaScan(d: DiplomaTruth, options: ScanOptions = {}): Promise<Buffer> {
  const dpi = options.dpi ?? 300;
  const px = (mm: number) => (mm / 25.4) * dpi;
  const pt = (p: number) => (p / 72) * dpi;
  const width = Math.round(px(210));
  const height = Math.round(px(190));
  const family = options.font ?? (availableFonts().includes('noto-serif') ? 'noto-serif' : 'be-vietnam-pro');
  const body = diplomaLines(d)
    .map(([y, size, text, bold, centred]) =>
      textPaths(
        family,
        text,
        centred ? width / 2 : px(25),
        px(y),
        pt(size),
        bold,
        centred ? 'middle' : 'start',
      ),
    )
    .join('');
  const border = `<rect x="${px(8)}" y="${px(8)}" width="${width - 2 * px(8)}" height="${height - 2 * px(8)}" fill="none" stroke="#8a6d3b" stroke-width="${px(0.8)}"/>`;
  return scanned(`${border}<g fill="#202020">${body}</g>`, width, height, dpi, options);
}

/** A drawn page as a scanner gives it: on paper, with dust (seeded), turned, blurred, JPEG. */
function scanned(drawing: string, width: number, height: number, dpi: number, options: ScanOptions) {
  let specks = '';
  if (options.noiseSeed !== undefined) {
    const next = random(options.noiseSeed);
    for (let i = 0; i < 400; i++)
      specks += `<circle cx="${(next() * width).toFixed(1)}" cy="${(next() * height).toFixed(1)}" r="${(0.5 + next() * 1.5).toFixed(1)}" fill="#555"/>`;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#f4efe2"/>${drawing}${specks}</svg>`;
  let image = sharp(Buffer.from(svg), { density: 72 }).greyscale();
  if (options.rotate) image = image.rotate(options.rotate, { background: '#f4efe2' });
  if (options.blur) image = image.blur(options.blur);
  return image
    .jpeg({ quality: options.jpegQuality ?? 85 })
    .withMetadata({ density: dpi })
    .toBuffer();
}

/** The columns of the register book page rendered below, as printed, with their width (mm). */
export const REGISTER_PAGE_COLUMNS = [
  ['Số vào sổ', 24, 'registerNumber'],
  ['Họ và tên', 50, 'fullName'],
  ['Ngày sinh', 26, 'birthDate'],
  ['Nơi sinh', 28, 'placeOfBirth'],
  ['Giới tính', 18, 'gender'],
  ['Dân tộc', 18, 'ethnicity'],
  ['Xếp loại', 22, 'rank'],
  ['Số hiệu', 30, 'serial'],
  ['Ghi chú', 34, undefined],
] as const satisfies readonly (readonly [string, number, keyof DiplomaTruth | undefined])[];

/**
 * A page of a register book (A4 landscape) as a JPEG scan: the title with the type and the year,
 * the school and the date signed above a ruled table, a diploma a row (as the truths say).
 */
export async function renderRegisterScan(
  rows: readonly DiplomaTruth[],
  options: ScanOptions = {},
): Promise<Buffer> {
  const dpi = options.dpi ?? 300;
  const px = (mm: number) => (mm / 25.4) * dpi;
  const pt = (p: number) => (p / 72) * dpi;
  const width = Math.round(px(297));
  const height = Math.round(px(210));
  const family = options.font ?? (availableFonts().includes('noto-serif') ? 'noto-serif' : 'be-vietnam-pro');
  const first = rows[0]!;
  const [day, month, year] = first.issuedOn.split('/');
  let body = textPaths(
    family,
    `SỔ GỐC CẤP ${first.type.toUpperCase()} NĂM ${first.graduationYear}`,
    width / 2,
    px(16),
    pt(14),
    true,
    'middle',
  );
  body += textPaths(family, `Trường: ${first.school}`, px(15), px(26), pt(11));
  body += textPaths(
    family,
    `Hải Phòng, ngày ${Number(day)} tháng ${Number(month)} năm ${year}`,
    px(180),
    px(26),
    pt(11),
  );
  const left = px(12);
  const top = px(34);
  const rowHeight = px(11);
  const xs = [left];
  for (const [, w] of REGISTER_PAGE_COLUMNS) xs.push(xs.at(-1)! + px(w));
  const ys = Array.from({ length: rows.length + 2 }, (_, i) => top + rowHeight * i);
  for (const [i, [heading]] of REGISTER_PAGE_COLUMNS.entries())
    body += textPaths(family, heading, xs[i]! + px(1.5), top + rowHeight * 0.68, pt(10), true);
  for (const [r, d] of rows.entries())
    for (const [i, [, , field]] of REGISTER_PAGE_COLUMNS.entries())
      if (field) body += textPaths(family, d[field], xs[i]! + px(1.5), ys[r + 1]! + rowHeight * 0.68, pt(10));
  const stroke = `stroke="#303030" stroke-width="${px(0.3).toFixed(2)}"`;
  const lines = [
    ...ys.map((y) => `<line x1="${left}" y1="${y}" x2="${xs.at(-1)}" y2="${y}" ${stroke}/>`),
    ...xs.map((x) => `<line x1="${x}" y1="${top}" x2="${x}" y2="${ys.at(-1)}" ${stroke}/>`),
  ].join('');
  return scanned(`<g fill="#202020">${body}</g>${lines}`, width, height, dpi, options);
}

/** A register book's diplomas: one year, type, school and date signed, as a book has them. */
export const sampleRegisterRows = (count: number, overrides: Partial<DiplomaTruth> = {}): DiplomaTruth[] =>
  Array.from({ length: count }, (_, n) =>
    sampleDiploma(n, {
      school: 'Trường THPT Ngô Quyền',
      graduationYear: '1983',
      issuedOn: '20/07/1983',
      registerNumber: `${100 + n}/1983`,
      ...overrides,
    }),
  );

/** The text the diploma prints, line by line (for page-level accuracy). */
export const diplomaText = (d: DiplomaTruth) => diplomaLines(d).map((l) => l[2]);

/** A diploma of the register's kind, with the values as the keying form writes them. */
export const sampleDiploma = (n: number, overrides: Partial<DiplomaTruth> = {}): DiplomaTruth => ({
  type: 'Bằng tốt nghiệp trung học phổ thông',
  fullName: [
    'Nguyễn Thị Hương',
    'Trần Văn Đức',
    'Lê Thị Ánh Tuyết',
    'Phạm Quốc Hưng',
    'Hoàng Ngọc Diệp',
    'Vũ Đình Khải',
  ][n % 6]!,
  birthDate: `${String((n % 27) + 1).padStart(2, '0')}/${String((n % 12) + 1).padStart(2, '0')}/${1960 + (n % 40)}`,
  placeOfBirth: ['Hải Phòng', 'Thái Bình', 'Hải Dương', 'Quảng Ninh'][n % 4]!,
  gender: n % 2 ? 'Nam' : 'Nữ',
  ethnicity: 'Kinh',
  school: ['Trường THPT Ngô Quyền', 'Trường THPT Trần Phú', 'Trường THPT Lê Quý Đôn'][n % 3]!,
  graduationYear: String(1978 + (n % 40)),
  rank: ['Khá', 'Giỏi', 'Trung bình'][n % 3]!,
  issuedOn: `${String((n % 20) + 5).padStart(2, '0')}/07/${1978 + (n % 40)}`,
  serial: `B ${String(7_000_000 + n).padStart(7, '0')}`,
  registerNumber: `${100 + n}/${1978 + (n % 40)}`,
  ...overrides,
});

/** Scans as a scanner's PDF: one page a JPEG, the page the image's size at its resolution. */
export async function scansAsPdf(jpegs: readonly Uint8Array[], dpi = 300): Promise<Uint8Array> {
  const { PDFDocument } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  for (const jpeg of jpegs) {
    const image = await pdf.embedJpg(jpeg);
    const page = pdf.addPage([(image.width / dpi) * 72, (image.height / dpi) * 72]);
    page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  }
  return pdf.save();
}

/** What the keying form would hold for a diploma: the register's columns as written on paper. */
export const keyedOf = (d: DiplomaTruth) => ({
  type: d.type,
  'holder.fullName': d.fullName,
  'holder.birthDate': d.birthDate,
  'holder.placeOfBirth': d.placeOfBirth,
  'holder.gender': d.gender,
  'holder.ethnicity': d.ethnicity,
  school: d.school,
  graduationYear: d.graduationYear,
  rank: d.rank,
  issuedOn: d.issuedOn,
  serial: d.serial,
  registerNumber: d.registerNumber,
});
