/**
 * Computes a session's statistics on request: the figures as JSON (read by the portal's charts)
 * and the results workbook (per candidate, per school and commune, item analysis) in the
 * reports bucket. Re-running replaces both; a failure is recorded and the message retried.
 */
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { putObject, XLSX_TYPE } from '#shared/storage/s3.ts';
import { streamedWorkbook } from '#shared/storage/sheets.ts';
import { jobFailure } from '#shared/text/texts.ts';
import { examsText } from '../domain/texts.ts';
import { examEntities } from '../entities.ts';
import { statisticsMessage } from '../messages.ts';
import { computeFigures, type Figures } from '../results.ts';
import { makeSessions } from '../sessions.ts';

const sessions = makeSessions();

const STATE_LABELS = {
  'not-started': 'Chưa làm bài',
  'in-progress': 'Đang làm bài',
  submitted: 'Đã nộp, chờ chấm',
  graded: 'Đã chấm',
} as const;

function workbook(figures: Figures, lines: Awaited<ReturnType<typeof computeFigures>>['lines']) {
  return streamedWorkbook((book) => {
    const results = book.addWorksheet('Kết quả');
    results.columns = [
      'STT',
      'Tài khoản',
      'Họ và tên',
      'Trường',
      'Phòng thi',
      'Trạng thái',
      'Điểm',
      'Kết quả',
    ].map((header) => ({ header, width: header === 'Họ và tên' || header === 'Trường' ? 30 : 14 }));
    const ordered = [...lines].sort(
      (a, b) => a.schoolName.localeCompare(b.schoolName, 'vi') || a.fullName.localeCompare(b.fullName, 'vi'),
    );
    ordered.forEach((l, i) => {
      const state = l.state === 'graded' && l.pendingScripts ? 'Chờ chấm tự luận' : STATE_LABELS[l.state];
      results
        .addRow([
          i + 1,
          l.accountId,
          l.fullName,
          l.schoolName,
          l.room,
          state,
          l.final ? l.points : null,
          l.final ? (l.passed ? 'Đạt' : 'Chưa đạt') : null,
        ])
        .commit();
    });
    results.commit();

    const units = book.addWorksheet('Thống kê');
    units.columns = [
      'Cấp',
      'Đơn vị',
      'Số bài',
      'Điểm trung bình',
      'Trung vị',
      'Độ lệch chuẩn',
      'Tỉ lệ đạt',
    ].map((header) => ({
      header,
      width: header === 'Đơn vị' ? 34 : 16,
    }));
    const s = figures.summary;
    units
      .addRow(['Toàn kỳ thi', figures.title, s.count, s.mean, s.median, s.standardDeviation, s.passRate])
      .commit();
    for (const [level, list] of [
      ['Xã/phường', figures.byCommune],
      ['Trường', figures.bySchool],
    ] as const)
      for (const g of list)
        units.addRow([level, g.name, g.count, g.mean, g.median, g.standardDeviation, g.passRate]).commit();
    units.commit();

    const items = book.addWorksheet('Phân tích câu hỏi');
    items.columns = [
      'Câu hỏi',
      'Nội dung',
      'Dạng',
      'Điểm tối đa',
      'Số lượt',
      'Độ khó (p)',
      'Độ phân biệt (D)',
      'Phương án đã chọn',
    ].map((header) => ({
      header,
      width: header === 'Câu hỏi' ? 38 : header === 'Nội dung' ? 60 : 16,
    }));
    for (const item of figures.items)
      items
        .addRow([
          item.questionId,
          item.stem,
          item.type,
          item.maxPoints,
          item.responses,
          item.difficulty,
          item.discrimination,
          Object.entries(item.choices)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([c, n]) => `${c}: ${n}`)
            .join('; '),
        ])
        .commit();
    items.commit();
  });
}

export const handler = makeQueueHandler(statisticsMessage, async ({ sessionId }) => {
  const s = await sessions.session(sessionId);
  if (!s) return;
  try {
    const { data: paper } = await examEntities().examPaper.get({ paperId: s.paperId }).go();
    const { figures, lines } = await computeFigures(s, paper?.keyVersion ?? 1);
    const figuresKey = `exams/${sessionId}/statistics.json`;
    const workbookKey = `exams/${sessionId}/ket-qua.xlsx`;
    await putObject('reports', figuresKey, JSON.stringify(figures), 'application/json');
    await putObject('reports', workbookKey, await workbook(figures, lines), XLSX_TYPE);
    await examEntities()
      .sessionStatistics.patch({ sessionId })
      .set({ status: 'ready', computedAt: new Date().toISOString(), figuresKey, workbookKey })
      .go();
  } catch (error) {
    await examEntities()
      .sessionStatistics.patch({ sessionId })
      .set({ status: 'failed', ...jobFailure(examsText('statistics-failed')) })
      .go();
    throw error;
  }
});
