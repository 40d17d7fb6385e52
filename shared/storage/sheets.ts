/**
 * Reading and writing spreadsheets (exceljs) the same way everywhere: a cell as the person typed
 * it, the first sheet as rows of text, and a streamed workbook into bytes. Workers only: exceljs
 * is too heavy for an API bundle.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

/** Cell → text as the person typed it (dates as dd/mm/yyyy). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const d = value;
    return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

/** The first sheet as rows of cell texts (row n at index n − 1); undefined if not a workbook. */
export async function readFirstSheet(bytes: Uint8Array): Promise<string[][] | undefined> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return undefined;
  }
  const sheet = workbook.worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (row, n) => {
    const values = row.values as ExcelJS.CellValue[];
    rows[n - 1] = values.slice(1).map(cellText);
  });
  return Array.from(rows, (r) => r ?? []);
}

/** A workbook written row by row (streamed, no shared strings) into bytes. */
export async function streamedWorkbook(
  write: (book: ExcelJS.stream.xlsx.WorkbookWriter) => Promise<void> | void,
): Promise<Uint8Array> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false });
  await write(book);
  await book.commit();
  return new Uint8Array(Buffer.concat(chunks));
}
