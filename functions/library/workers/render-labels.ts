/**
 * Renders a label sheet (A4, 3 × 8 labels): for each copy the school's name, the title, the
 * barcode drawn as Code 128 bars or a QR code with its text, and the shelf. pdf-lib draws the bars
 * and QR modules as rectangles (vector: sharp at any printer resolution).
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { orgUnitNames } from '#shared/auth/store.ts';
import { fontBytes } from '#shared/pdf/document.ts';
import { PDF_FONT_FILES } from '#shared/pdf/fonts.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { putObject } from '#shared/storage/s3.ts';
import { jobFailure } from '#shared/text/texts.ts';
import type { CopyItem } from '../circulation.ts';
import { code128Widths } from '../domain/code128.ts';
import { A4, clip, labelBox, MAX_LABELS, MM } from '../domain/labels.ts';
import { libraryText } from '../domain/texts.ts';
import { libraryEntities } from '../entities.ts';
import { makeLabelJobs } from '../labels.ts';
import { labelsMessage } from '../messages.ts';

const jobs = makeLabelJobs();
const black = rgb(0, 0, 0);

function drawCode128(page: PDFPage, text: string, x: number, y: number, width: number, height: number) {
  const widths = code128Widths(text);
  // Ten modules of quiet zone on each side.
  const modules = widths.reduce((a, b) => a + b, 0) + 20;
  const module = width / modules;
  let at = x + 10 * module;
  for (const [i, w] of widths.entries()) {
    if (i % 2 === 0) page.drawRectangle({ x: at, y, width: w * module, height, color: black });
    at += w * module;
  }
}

function drawQr(page: PDFPage, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  // Four modules of quiet zone around the symbol.
  const module = size / (n + 8);
  for (let row = 0; row < n; row++)
    for (let col = 0; col < n; col++)
      if (qr.modules.get(row, col))
        page.drawRectangle({
          x: x + (col + 4) * module,
          y: y + size - (row + 5) * module,
          width: module,
          height: module,
          color: black,
        });
}

export const handler = makeQueueHandler(labelsMessage, async ({ jobId }) => {
  const job = await jobs.get(jobId);
  if (job?.status !== 'pending') return;
  const entities = libraryEntities();
  let copies: CopyItem[];
  if (job.barcodes?.length) {
    const { data } = await entities.libCopy
      .get(job.barcodes.map((barcode) => ({ schoolId: job.orgUnitId, barcode })))
      .go();
    const byBarcode = new Map((data as CopyItem[]).map((c) => [c.barcode, c]));
    copies = job.barcodes.map((b) => byBarcode.get(b)).filter((c): c is CopyItem => Boolean(c));
  } else {
    const { data } = await entities.libCopy.query
      .byTitle({ titleId: job.titleId! })
      .begins({ schoolId: job.orgUnitId })
      .go({ pages: 'all' });
    copies = (data as CopyItem[]).filter((c) => c.schoolId === job.orgUnitId);
  }
  copies = copies.filter((c) => c.status !== 'withdrawn').slice(0, MAX_LABELS);
  if (!copies.length) {
    await jobs.finish(jobId, {
      status: 'failed',
      labels: 0,
      ...jobFailure(libraryText('no-copies-to-label')),
    });
    return;
  }
  const titleIds = [...new Set(copies.map((c) => c.titleId))];
  const { data: titles } = await entities.libTitle
    .get(titleIds.map((titleId) => ({ titleId })))
    .go({ attributes: ['titleId', 'title'] });
  const titleOf = new Map(titles.map((t) => [t.titleId, t.title ?? '']));
  const school = (await orgUnitNames([job.orgUnitId])).get(job.orgUnitId) ?? job.orgUnitId;

  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(`Nhãn sách — ${school}`);
  const regular: PDFFont = await pdf.embedFont(fontBytes(PDF_FONT_FILES.regular), { subset: true });
  const bold: PDFFont = await pdf.embedFont(fontBytes(PDF_FONT_FILES.bold), { subset: true });
  const pages: PDFPage[] = [];
  for (const [i, copy] of copies.entries()) {
    const box = labelBox(i);
    if (!pages[box.page]) pages[box.page] = pdf.addPage([A4.width, A4.height]);
    const page = pages[box.page]!;
    const pad = 3 * MM;
    const left = box.x + pad;
    const top = box.y + box.height - pad;
    page.drawText(clip(school, 48), { x: left, y: top - 6, size: 6, font: regular });
    page.drawText(clip(titleOf.get(copy.titleId) ?? '', 38), { x: left, y: top - 15, size: 7.5, font: bold });
    if (job.code === 'qr') {
      const size = 20 * MM;
      drawQr(page, copy.barcode, left, box.y + pad, size);
      page.drawText(copy.barcode, { x: left + size + 2 * MM, y: box.y + pad + 12 * MM, size: 8, font: bold });
      if (copy.location)
        page.drawText(clip(copy.location, 24), {
          x: left + size + 2 * MM,
          y: box.y + pad + 7 * MM,
          size: 7,
          font: regular,
        });
    } else {
      drawCode128(page, copy.barcode, left, box.y + pad + 8, box.width - 2 * pad, 12 * MM);
      page.drawText(`${copy.barcode}${copy.location ? `   ${clip(copy.location, 24)}` : ''}`, {
        x: left + 2 * MM,
        y: box.y + pad,
        size: 7,
        font: regular,
      });
    }
  }
  await putObject('reports', job.objectKey, await pdf.save(), 'application/pdf');
  await jobs.finish(jobId, { status: 'done', labels: copies.length });
});
