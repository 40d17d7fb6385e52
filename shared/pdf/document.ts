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
  | { kind: 'signatures'; left: { title: string; name: string }; right: { title: string; name: string } };

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
  const ensure = (height: number) => {
    if (y - height < MARGIN) {
      page = pdf.addPage([A4.width, A4.height]);
      y = A4.height - MARGIN;
    }
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
