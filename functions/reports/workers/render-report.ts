import ExcelJS from 'exceljs';
import { derivedRatios, type Figures, sumFigures } from '#functions/edu-data/index.ts';
import { notify } from '#functions/notifications/index.ts';
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { authEntities, orgUnitNames } from '#shared/auth/store.ts';
import { renderDocument } from '#shared/pdf/document.ts';
import { putObject, XLSX_TYPE } from '#shared/storage/s3.ts';
import { evaluate, REPORT_INDICATORS } from '../domain/indicators.ts';
import {
  cityOf,
  documentNumberOf,
  governingBody,
  officialReport,
  show,
} from '../domain/official-document.ts';
import { REPORT_TITLES } from '../domain/report-kinds.ts';
import { reportJobService as jobs, pdfKeyOf } from '../jobs.ts';
import { nextReportNumber, reportParts } from '../store.ts';

/** The report's number in its unit's register of the year ("12/BC-SGDĐT"). */
async function numberReport(job: { orgUnitId: string }, kind: string | undefined, at: Date) {
  const year = Number(
    new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(at),
  );
  return documentNumberOf(await nextReportNumber(job.orgUnitId, year), kind);
}

/**
 * Task state: adds the parts up, evaluates the report's indicators for the whole scope and for
 * each unit, writes the XLSX (summary and per-unit sheets) and a PDF summary to the reports
 * bucket, marks the job done and tells the requester.
 */
export async function handler(input: { reportId: string }) {
  const job = await jobs.get(input.reportId);
  if (!job) throw new Error(`Report ${input.reportId} does not exist`);
  const { data: parts } = await reportParts().query.byReport({ reportId: job.reportId }).go({ pages: 'all' });
  const { data: scope } = await authEntities().orgUnit.get({ orgUnitId: job.orgUnitId }).go();
  const total = sumFigures(parts.map((p) => p.figures as Figures));
  const indicators = REPORT_INDICATORS[job.kind];
  const title = REPORT_TITLES[job.kind];
  const scopeName = scope?.name ?? job.orgUnitId;
  const generatedAt = new Date();

  const workbook = new ExcelJS.Workbook();
  const summary = workbook.addWorksheet('Tổng hợp');
  summary.columns = [{ width: 10 }, { width: 48 }, { width: 16 }];
  summary.addRow([title]).font = { bold: true, size: 14 };
  summary.addRow(['Đơn vị', scopeName]);
  summary.addRow(['Năm học', job.schoolYear]);
  summary.addRow(['Lập lúc', generatedAt.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })]);
  summary.addRow(['Ghi chú', 'Chỉ tính dữ liệu đã được phê duyệt']);
  summary.addRow([]);
  summary.addRow(['Mã', 'Chỉ tiêu', 'Giá trị']).font = { bold: true };
  for (const indicator of indicators)
    summary.addRow([indicator.code, indicator.label, evaluate(indicator, total)]);

  const byUnit = workbook.addWorksheet('Theo đơn vị');
  byUnit.addRow(['Mã đơn vị', 'Tên đơn vị', ...indicators.map((i) => i.code)]).font = { bold: true };
  byUnit.addRow(['', '', ...indicators.map((i) => i.label)]);
  for (const part of [...parts].sort((a, b) => a.unitName.localeCompare(b.unitName, 'vi')))
    byUnit.addRow([part.unitId, part.unitName, ...indicators.map((i) => evaluate(i, part.figures))]);
  byUnit.getColumn(2).width = 36;
  const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());

  const documentNumber = job.documentNumber ?? (await numberReport(job, scope?.kind, generatedAt));
  if (!job.documentNumber) await jobs.update(job.reportId, { documentNumber });
  // The department's and the parent's names, in one BatchGet.
  const names = await orgUnitNames([DEPARTMENT_ORG_UNIT_ID(), scope?.parentId ?? '']);
  const department = { name: names.get(DEPARTMENT_ORG_UNIT_ID()) };
  const parent = scope?.parentId ? { name: names.get(scope.parentId) } : undefined;
  const pdf = await renderDocument(
    { title, author: scopeName, subject: `${title} — ${scopeName}` },
    officialReport({
      title,
      scope: { name: scopeName, kind: scope?.kind ?? 'department' },
      governing: governingBody(scope?.kind, parent?.name, department?.name),
      place: cityOf(department?.name),
      number: documentNumber,
      date: generatedAt,
      schoolYear: job.schoolYear,
      indicators,
      total,
      units: [...parts]
        .sort((a, b) => a.unitName.localeCompare(b.unitName, 'vi'))
        .map((p) => ({ name: p.unitName, figures: p.figures as Figures })),
      learnersPerTeacher: show(derivedRatios(total).learnersPerTeacher),
    }),
  );

  await putObject('reports', job.objectKey, xlsx, XLSX_TYPE);
  await putObject('reports', pdfKeyOf(job), pdf, 'application/pdf');
  await jobs.finish(job.reportId, {
    status: 'done',
    itemsRead: parts.reduce((n, p) => n + p.itemsRead, 0),
    bytesRead: parts.reduce((n, p) => n + p.bytesRead, 0),
  });
  await notify({
    notificationId: `report-${job.reportId}`,
    channel: 'app',
    recipientId: job.requestedBy,
    template: 'report-ready',
    data: { reportId: job.reportId, title },
  });
  return { reportId: job.reportId, objectKey: job.objectKey };
}
