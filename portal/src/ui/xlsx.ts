/**
 * Spreadsheets written in the browser: exceljs is loaded when a screen first writes one (a chunk
 * of its own — the same one the grade book's import loads — never in the main bundle), and the
 * workbook is handed to the browser as a download.
 */
import type { Workbook } from 'exceljs';
import { downloadBlob } from './download.ts';

type ExcelJS = typeof import('exceljs');

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** exceljs, loaded when first needed. */
export async function loadExcel(): Promise<ExcelJS> {
  const module = (await import('exceljs')) as ExcelJS & { default?: ExcelJS };
  return module.default ?? module;
}

/** Writes the workbook and starts its download under `fileName` (".xlsx" included). */
export async function downloadWorkbook(workbook: Workbook, fileName: string) {
  const buffer = await workbook.xlsx.writeBuffer();
  downloadBlob(new Blob([buffer], { type: XLSX_TYPE }), fileName);
}

/** A file name without the characters file systems refuse, accents kept ("Thống kê 10A1 2026-2027"). */
export const safeFileName = (name: string) =>
  name
    .replace(/[\\/:*?"<>|]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
