/**
 * Question sheets through the real path: upload link → POST to S3 → S3 notification → queue →
 * worker. Valid rows become questions waiting for review, a bad row is named by its cell, the
 * same file imported again adds nothing, and an export reads back as the questions it holds.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  parseQuestionRow,
  QUESTION_COLUMNS,
  questionColumns,
} from '../../functions/exams/domain/question-sheet.ts';
import { api, postUpload, type UploadLink, until } from '../support/cloud.ts';

const SCHOOL = 'THPT-TRANPHU';
const subject = `Sinh học ${Date.now() % 100_000}`;

interface Job {
  jobId: string;
  status: string;
  created?: number;
  duplicates?: number;
  failed?: number;
  rows?: number;
  errors: { row: number; column: string; message: string }[];
  downloadUrl?: string;
  upload?: UploadLink;
}

async function sheet(rows: Record<string, string>[]) {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('Câu hỏi');
  ws.addRow([...QUESTION_COLUMNS]);
  for (const row of rows) ws.addRow(QUESTION_COLUMNS.map((c) => row[c] ?? ''));
  return Buffer.from(await book.xlsx.writeBuffer());
}

const rows: Record<string, string>[] = [
  {
    Môn: subject,
    Khối: '11',
    'Chủ đề': 'Tế bào',
    'Mức độ': 'Nhận biết',
    Dạng: 'Một lựa chọn',
    'Nội dung': 'Bào quan nào tổng hợp protein?',
    A: 'Ribôxôm',
    B: 'Ti thể',
    C: 'Lục lạp',
    D: 'Không bào',
    'Đáp án': 'A',
    Điểm: '0,25',
  },
  {
    Môn: subject,
    Khối: '11',
    'Chủ đề': 'Tế bào',
    'Mức độ': 'vận dụng',
    Dạng: 'Tự luận',
    'Nội dung': 'Giải thích vì sao tế bào cơ có nhiều ti thể.',
    'Hướng dẫn chấm': 'Nêu chức năng ti thể | 0,5\nLiên hệ nhu cầu năng lượng | 0,5',
  },
  {
    Môn: subject,
    Khối: '11',
    'Chủ đề': 'Tế bào',
    'Mức độ': 'Rất khó',
    Dạng: 'Một lựa chọn',
    'Nội dung': 'Câu lỗi',
    A: 'x',
    B: 'y',
    'Đáp án': 'A',
    Điểm: '0,25',
  },
];

async function importSheet(file: Buffer) {
  const requested = await api<Job>(`/org-units/${SCHOOL}/question-imports`, {
    as: 'teacher1',
    method: 'POST',
  });
  expect(requested.status, JSON.stringify(requested.body)).toBe(201);
  const put = await postUpload(requested.body.upload!, new Uint8Array(file));
  expect(put.status).toBe(204);
  return until(async () => {
    const job = await api<Job>(`/question-sheets/${requested.body.jobId}`, { as: 'teacher1' });
    return job.body.status === 'done' ? job.body : undefined;
  });
}

describe('question sheets', () => {
  it('imports valid rows, names the bad cell, and adds nothing the second time', async () => {
    const file = await sheet(rows);
    const first = await importSheet(file);
    expect(first).toMatchObject({ rows: 3, created: 2, duplicates: 0, failed: 1 });
    expect(first.errors).toEqual([
      {
        row: 4,
        column: 'Mức độ',
        code: 'exams.one-of',
        params: { values: 'Nhận biết, Thông hiểu, Vận dụng, Vận dụng cao' },
        message: 'One of: Nhận biết, Thông hiểu, Vận dụng, Vận dụng cao',
      },
    ]);
    // The portal asks in Vietnamese: the same error, said in Vietnamese.
    const vi = await api<Job>(`/question-sheets/${first.jobId}`, {
      as: 'teacher1',
      headers: { 'accept-language': 'vi' },
    });
    expect(vi.body.errors[0]?.message).toBe(
      'Ghi một trong các giá trị: Nhận biết, Thông hiểu, Vận dụng, Vận dụng cao',
    );

    const bank = await api<{ items: { stem: string; status: string; type: string }[] }>(
      `/org-units/${SCHOOL}/questions?subject=${encodeURIComponent(subject)}&grade=11`,
      { as: 'teacher1' },
    );
    expect(bank.body.items.map((q) => [q.type, q.status]).sort()).toEqual([
      ['essay', 'submitted'],
      ['single', 'submitted'],
    ]);
    // The import is the teacher's authoring: someone else reviews it.
    const others = await api(
      `/org-units/${SCHOOL}/questions?subject=${encodeURIComponent(subject)}&grade=11`,
      {
        as: 'teacher2',
      },
    );
    expect(others.status).toBe(403);

    const again = await importSheet(file);
    expect(again).toMatchObject({ created: 0, duplicates: 2, failed: 1 });
  });

  it('exports a bank in the layout it imports', async () => {
    const requested = await api<Job>(`/org-units/${SCHOOL}/question-exports`, {
      as: 'teacher1',
      body: { subject, grade: 11 },
    });
    expect(requested.status).toBe(202);
    const done = await until(async () => {
      const job = await api<Job>(`/question-sheets/${requested.body.jobId}`, { as: 'teacher1' });
      return job.body.status === 'done' ? job.body : undefined;
    });
    expect(done.rows).toBe(2);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await fetch(done.downloadUrl!)).arrayBuffer());
    const values = book.worksheets[0]!.getSheetValues().slice(1) as unknown[][];
    const header = values[0]!.slice(1).map(String);
    const columns = questionColumns(header);
    const parsed = values.slice(1).map((r, i) =>
      parseQuestionRow(
        i + 2,
        r.slice(1).map((c) => String(c ?? '')),
        columns,
      ),
    );
    expect(parsed.every((p) => p.ok)).toBe(true);
    expect(parsed.map((p) => (p.ok ? p.input.question.type : '')).sort()).toEqual(['essay', 'single']);
  });
});
