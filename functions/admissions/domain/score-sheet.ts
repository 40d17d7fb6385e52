/**
 * The grade-10 exam's score sheet, as the marking boards hand it over (pure): a header row naming
 * "Số báo danh" and each paper (by its name or code: "Toán" or MATH), then a row a candidate.
 * Scores are on the national scale — 0 to 10 in steps of 0.25, written "8,25" or "8.25" — or
 * "Vắng" (absent). Every refusal names its row and column.
 */
import { searchKey } from '#shared/text/vietnamese.ts';

export interface ScorePaper {
  code: string;
  name: string;
}

export interface ScoreRow {
  row: number;
  candidateNumber: string;
  papers: Record<string, number | 'absent'>;
}

export type ScoreSheetProblem =
  | 'score-sheet-no-number-column'
  | 'score-sheet-no-paper-column'
  | 'score-sheet-bad-number'
  | 'score-sheet-duplicate-number'
  | 'score-sheet-bad-score'
  | 'score-sheet-empty-row';

export interface ScoreSheetError {
  row: number;
  column: string;
  problem: ScoreSheetProblem;
  value?: string;
}

const NUMBER_HEADERS = new Set(['so bao danh', 'sbd', 'candidate number']);
const ABSENT = new Set(['vang', 'v', 'absent']);

/** "8,25" / "8.25" / 8.25 → 825 hundredths; undefined off the scale or between its steps. */
export function scoreOf(text: string): number | 'absent' | undefined {
  const t = text.trim();
  if (ABSENT.has(searchKey(t))) return 'absent';
  if (!/^\d{1,2}([.,]\d{1,2})?$/.test(t)) return undefined;
  const hundredths = Math.round(Number(t.replace(',', '.')) * 100);
  if (hundredths > 1000 || hundredths % 25 !== 0) return undefined;
  return hundredths;
}

/**
 * Reads the sheet's rows (the first is the header): the rows read and the errors. Papers are the
 * campaign's three and any specialised class's own; a paper without a column is not touched.
 */
export function parseScoreSheet(
  rows: readonly (readonly string[])[],
  papers: readonly ScorePaper[],
): { rows: ScoreRow[]; errors: ScoreSheetError[] } {
  const header = (rows[0] ?? []).map((h) => searchKey(h));
  const numberAt = header.findIndex((h) => NUMBER_HEADERS.has(h));
  const columns = papers.flatMap((p) => {
    const at = header.findIndex((h) => h === searchKey(p.name) || h === searchKey(p.code));
    return at >= 0 ? [{ ...p, at }] : [];
  });
  const errors: ScoreSheetError[] = [];
  if (numberAt < 0) errors.push({ row: 1, column: 'Số báo danh', problem: 'score-sheet-no-number-column' });
  if (!columns.length)
    errors.push({
      row: 1,
      column: papers.map((p) => p.name).join(', '),
      problem: 'score-sheet-no-paper-column',
    });
  if (errors.length) return { rows: [], errors };

  const read: ScoreRow[] = [];
  const seen = new Map<string, number>();
  rows.slice(1).forEach((cells, i) => {
    const row = i + 2;
    if (!cells.some((c) => c.trim())) return;
    const number = (cells[numberAt] ?? '').trim();
    if (!/^\d{1,8}$/.test(number)) {
      errors.push({ row, column: 'Số báo danh', problem: 'score-sheet-bad-number', value: number });
      return;
    }
    const candidateNumber = number.padStart(6, '0');
    if (seen.has(candidateNumber)) {
      errors.push({
        row,
        column: 'Số báo danh',
        problem: 'score-sheet-duplicate-number',
        value: String(seen.get(candidateNumber)),
      });
      return;
    }
    seen.set(candidateNumber, row);
    const scores: Record<string, number | 'absent'> = {};
    let bad = false;
    for (const c of columns) {
      const text = (cells[c.at] ?? '').trim();
      if (!text) continue;
      const score = scoreOf(text);
      if (score === undefined) {
        errors.push({ row, column: c.name, problem: 'score-sheet-bad-score', value: text });
        bad = true;
      } else scores[c.code] = score;
    }
    if (bad) return;
    if (!Object.keys(scores).length) {
      errors.push({ row, column: 'Số báo danh', problem: 'score-sheet-empty-row', value: candidateNumber });
      return;
    }
    read.push({ row, candidateNumber, papers: scores });
  });
  return { rows: read, errors };
}
