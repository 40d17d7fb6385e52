import ExcelJS from 'exceljs';
import { derivedRatios, type Figures, sumFigures } from '#functions/edu-data/index.ts';
import { notify } from '#functions/notifications/index.ts';
import { authEntities } from '#shared/auth/store.ts';
import { renderDocument } from '#shared/pdf/document.ts';
import { putObject, XLSX_TYPE } from '#shared/storage/s3.ts';
import { evaluate, REPORT_INDICATORS } from '../domain/indicators.ts';
import { REPORT_TITLES } from '../domain/report-kinds.ts';
import { reportJobService as jobs, pdfKeyOf } from '../jobs.ts';
import { reportParts } from '../store.ts';

const show = (v: number | null) => (v === null ? '—' : v.toLocaleString('vi-VN'));

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

  const pdf = await renderDocument({ title, author: 'Sở Giáo dục và Đào tạo', subject: scopeName }, [
    { kind: 'centered', text: 'SỞ GIÁO DỤC VÀ ĐÀO TẠO', bold: true },
    { kind: 'space' },
    { kind: 'title', text: title.toUpperCase() },
    { kind: 'centered', text: `${scopeName} — năm học ${job.schoolYear}` },
    { kind: 'space' },
    { kind: 'paragraph', text: `Số đơn vị tổng hợp: ${parts.length}. Chỉ tính dữ liệu đã được phê duyệt.` },
    ...indicators.map((i) => ({
      kind: 'field' as const,
      label: `${i.code} ${i.label}`,
      value: show(evaluate(i, total)),
    })),
    { kind: 'space' },
    {
      kind: 'paragraph',
      text: `Tỉ lệ học sinh/giáo viên: ${show(derivedRatios(total).learnersPerTeacher)}.`,
    },
  ]);

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
