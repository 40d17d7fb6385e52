/**
 * Official-looking A4 documents with Vietnamese text: pdf-lib with Be Vietnam Pro embedded
 * (subset), so every diacritic renders and survives text extraction. Fonts are read from the
 * bundle's `fonts/` folder on Lambda (copied there at bundling) or from node_modules locally.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { PDF_FONT_FILES } from './fonts.ts';
import { placeAndDate } from './place-and-date.ts';

// Kept here too for the documents' callers; the date line alone needs no PDF library.
export { placeAndDate };

const fontCache = new Map<string, Uint8Array>();
export function fontBytes(spec: string): Uint8Array {
  let bytes = fontCache.get(spec);
  if (!bytes) {
    const bundled = join(dirname(fileURLToPath(import.meta.url)), 'fonts', spec.split('/').at(-1)!);
    const path = existsSync(bundled) ? bundled : createRequire(import.meta.url).resolve(spec);
    bytes = readFileSync(path);
    fontCache.set(spec, bytes);
  }
  return bytes;
}

export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'centered'; text: string; bold?: boolean; size?: number }
  | { kind: 'paragraph'; text: string; bold?: boolean }
  | { kind: 'field'; label: string; value: string }
  | { kind: 'space'; lines?: number }
  /** What follows starts on a new page (one person's sheet after another's). */
  | { kind: 'page-break' }
  | { kind: 'signatures'; left: { title: string; name: string }; right: { title: string; name: string } }
  /**
   * The head of an administrative document (Decree 30/2020/NĐ-CP): on the left the governing
   * body, the issuing body and the document's number; on the right the national title and motto,
   * then the place and date.
   */
  | { kind: 'letterhead'; governing?: string; issuer: string; number: string; place: string; date: Date }
  /** A ruled table; the header row is repeated on every page the table runs onto. */
  | {
      kind: 'table';
      columns: { header: string; width: number; align?: 'left' | 'right' }[];
      rows: string[][];
    }
  /** The foot: recipients on the left ("Nơi nhận"), the signer's capacity and name on the right. */
  | { kind: 'signoff'; recipients: string[]; capacity: string[]; name: string };

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 60;
const SIZE = 11.5;
const LEADING = 1.45;

/** Renders blocks top to bottom, wrapping words and adding pages as needed. */
export async function renderDocument(
  meta: { title: string; author: string; subject: string },
  blocks: Block[],
) {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(meta.title);
  pdf.setAuthor(meta.author);
  pdf.setSubject(meta.subject);
  pdf.setLanguage('vi-VN');
  pdf.setCreator('VN Edu Cloud');
  pdf.setCreationDate(new Date());
  const regular = await pdf.embedFont(fontBytes(PDF_FONT_FILES.regular), { subset: true });
  const bold = await pdf.embedFont(fontBytes(PDF_FONT_FILES.bold), { subset: true });

  let page: PDFPage = pdf.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN;
  const width = A4.width - 2 * MARGIN;
  const newPage = () => {
    page = pdf.addPage([A4.width, A4.height]);
    y = A4.height - MARGIN;
  };
  const ensure = (height: number) => {
    if (y - height < MARGIN) newPage();
  };
  const line = (text: string, font: PDFFont, size: number, x: number) => {
    ensure(size * LEADING);
    page.drawText(text, { x, y: y - size, size, font, color: rgb(0, 0, 0) });
    y -= size * LEADING;
  };
  const wrap = (text: string, font: PDFFont, size: number, maxWidth: number) => {
    const lines: string[] = [];
    let current = '';
    for (const word of text.split(/\s+/)) {
      const candidate = current ? `${current} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) > maxWidth && current) {
        lines.push(current);
        current = word;
      } else current = candidate;
    }
    if (current) lines.push(current);
    return lines;
  };
  const centered = (text: string, font: PDFFont, size: number) => {
    for (const l of wrap(text, font, size, width))
      line(l, font, size, (A4.width - font.widthOfTextAtSize(l, size)) / 2);
  };
  /** Lines centred in a column starting at `x`; returns the y below them. */
  const column = (
    x: number,
    columnWidth: number,
    top: number,
    lines: { text: string; font: PDFFont; size: number; rule?: boolean; left?: boolean }[],
  ) => {
    let at = top;
    for (const l of lines) {
      for (const part of wrap(l.text, l.font, l.size, columnWidth)) {
        const w = l.font.widthOfTextAtSize(part, l.size);
        const left = l.left ? x : x + (columnWidth - w) / 2;
        page.drawText(part, { x: left, y: at - l.size, size: l.size, font: l.font });
        at -= l.size * LEADING;
        if (l.rule) {
          const ruleWidth = Math.min(w, columnWidth) * 0.6;
          page.drawLine({
            start: { x: x + (columnWidth - ruleWidth) / 2, y: at + 2 },
            end: { x: x + (columnWidth + ruleWidth) / 2, y: at + 2 },
            thickness: 0.6,
          });
          at -= 3;
        }
      }
    }
    return at;
  };

  for (const block of blocks) {
    switch (block.kind) {
      case 'title':
        y -= SIZE;
        centered(block.text.toLocaleUpperCase('vi-VN'), bold, 14);
        y -= SIZE / 2;
        break;
      case 'centered':
        centered(block.text, block.bold ? bold : regular, block.size ?? SIZE);
        break;
      case 'paragraph':
        for (const l of wrap(block.text, block.bold ? bold : regular, SIZE, width))
          line(l, block.bold ? bold : regular, SIZE, MARGIN);
        break;
      case 'field': {
        const label = `${block.label}: `;
        const labelWidth = bold.widthOfTextAtSize(label, SIZE);
        const [first = '', ...rest] = wrap(block.value, regular, SIZE, width - labelWidth);
        ensure(SIZE * LEADING);
        page.drawText(label, { x: MARGIN, y: y - SIZE, size: SIZE, font: bold });
        page.drawText(first, { x: MARGIN + labelWidth, y: y - SIZE, size: SIZE, font: regular });
        y -= SIZE * LEADING;
        for (const l of rest) line(l, regular, SIZE, MARGIN + labelWidth);
        break;
      }
      case 'space':
        y -= SIZE * LEADING * (block.lines ?? 1);
        break;
      case 'page-break':
        newPage();
        break;
      case 'letterhead': {
        ensure(SIZE * LEADING * 6);
        const leftWidth = width * 0.42;
        const rightWidth = width - leftWidth;
        const left = column(MARGIN, leftWidth, y, [
          ...(block.governing
            ? [{ text: block.governing.toLocaleUpperCase('vi-VN'), font: regular, size: 10.5 }]
            : []),
          { text: block.issuer.toLocaleUpperCase('vi-VN'), font: bold, size: 10.5, rule: true },
          { text: `Số: ${block.number}`, font: regular, size: 10.5 },
        ]);
        const right = column(MARGIN + leftWidth, rightWidth, y, [
          { text: 'CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM', font: bold, size: 10.5 },
          { text: 'Độc lập - Tự do - Hạnh phúc', font: bold, size: 11, rule: true },
          { text: placeAndDate(block.place, block.date), font: regular, size: 10.5 },
        ]);
        y = Math.min(left, right) - SIZE;
        break;
      }
      case 'table': {
        const total = block.columns.reduce((n, c) => n + c.width, 0);
        const widths = block.columns.map((c) => (c.width / total) * width);
        const size = 9.5;
        const pad = 3;
        const drawRow = (cells: string[], font: PDFFont) => {
          const wrapped = cells.map((cell, i) => wrap(cell, font, size, widths[i]! - 2 * pad));
          const height = Math.max(...wrapped.map((w) => w.length), 1) * size * LEADING + 2 * pad;
          return { wrapped, height };
        };
        const paint = (row: ReturnType<typeof drawRow>, font: PDFFont) => {
          let x = MARGIN;
          row.wrapped.forEach((lines, i) => {
            page.drawRectangle({
              x,
              y: y - row.height,
              width: widths[i]!,
              height: row.height,
              borderWidth: 0.5,
              borderColor: rgb(0, 0, 0),
            });
            lines.forEach((text, n) => {
              const w = font.widthOfTextAtSize(text, size);
              const tx = block.columns[i]!.align === 'right' ? x + widths[i]! - pad - w : x + pad;
              page.drawText(text, { x: tx, y: y - pad - size - n * size * LEADING, size, font });
            });
            x += widths[i]!;
          });
          y -= row.height;
        };
        const header = drawRow(
          block.columns.map((c) => c.header),
          bold,
        );
        ensure(header.height * 2);
        paint(header, bold);
        for (const cells of block.rows) {
          const row = drawRow(cells, regular);
          if (y - row.height < MARGIN) {
            newPage();
            paint(header, bold);
          }
          paint(row, regular);
        }
        y -= SIZE / 2;
        break;
      }
      case 'signoff': {
        ensure(SIZE * LEADING * 8);
        const half = width / 2;
        const top = y;
        // A diploma has no recipients: no "Nơi nhận" then.
        const left = block.recipients.length
          ? column(MARGIN, half, top, [
              { text: 'Nơi nhận:', font: bold, size: 10, left: true },
              ...block.recipients.map((r) => ({ text: `- ${r};`, font: regular, size: 9.5, left: true })),
            ])
          : top;
        let right = column(
          MARGIN + half,
          half,
          top,
          block.capacity.map((text) => ({ text, font: bold, size: SIZE })),
        );
        right -= SIZE * LEADING * 4;
        right = column(MARGIN + half, half, right, [{ text: block.name, font: bold, size: SIZE }]);
        y = Math.min(left, right);
        break;
      }
      case 'signatures': {
        ensure(SIZE * LEADING * 7);
        const column = width / 2;
        for (const [i, side] of [block.left, block.right].entries()) {
          const cx = MARGIN + column * i + column / 2;
          const top = y;
          page.drawText(side.title, {
            x: cx - bold.widthOfTextAtSize(side.title, SIZE) / 2,
            y: top - SIZE,
            size: SIZE,
            font: bold,
          });
          const hint = '(Ký, ghi rõ họ tên)';
          page.drawText(hint, {
            x: cx - regular.widthOfTextAtSize(hint, 10) / 2,
            y: top - SIZE * 2.6,
            size: 10,
            font: regular,
          });
          page.drawText(side.name, {
            x: cx - bold.widthOfTextAtSize(side.name, SIZE) / 2,
            y: top - SIZE * 8,
            size: SIZE,
            font: bold,
          });
        }
        y -= SIZE * 9;
        break;
      }
    }
  }
  return pdf.save();
}
