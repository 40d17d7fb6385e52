/**
 * A Vite plugin that writes the import templates (one XLSX per importable kind, Vietnamese
 * headers, an example in each header's note) into the portal build at /templates/<kind>.xlsx, from the same
 * column definitions the import worker reads. Built once, served as static files: no function
 * carries exceljs for a download.
 */
import ExcelJS from 'exceljs';
import type { Plugin } from 'vite';
import { RECORD_KIND_LABELS } from '../functions/edu-data/domain/records.ts';
import { IMPORTABLE_KINDS, SHEET_COLUMNS } from '../functions/edu-data/domain/sheets.ts';

export function importTemplates(): Plugin {
  return {
    name: 'vn-edu-import-templates',
    apply: 'build',
    async generateBundle() {
      for (const kind of IMPORTABLE_KINDS) {
        const workbook = new ExcelJS.Workbook();
        workbook.creator = 'VN Edu Cloud';
        const sheet = workbook.addWorksheet(RECORD_KIND_LABELS[kind].slice(0, 31));
        const columns = SHEET_COLUMNS[kind];
        sheet.columns = columns.map((c) => ({
          header: c.header,
          width: c.width ?? Math.max(12, c.header.length + 2),
        }));
        sheet.getRow(1).font = { bold: true };
        sheet.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE7F3' } };
        sheet.views = [{ state: 'frozen', ySplit: 1 }];
        // Each header carries an example as a note: a sample row would be imported by mistake.
        columns.forEach((c, i) => {
          if (c.example) sheet.getRow(1).getCell(i + 1).note = `Ví dụ: ${c.example}`;
        });
        const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
        this.emitFile({ type: 'asset', fileName: `templates/${kind}.xlsx`, source: bytes });
      }
    },
  };
}
