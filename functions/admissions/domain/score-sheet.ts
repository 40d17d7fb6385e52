/**
 * The grade-10 exam's score sheet, as the marking boards hand it over (pure): title rows, then a
 * header row naming "Số báo danh" and each paper (by its name or code, alone or with other words:
 * "Toán", "Điểm Toán", MATH), then a row a candidate.
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

/**
 * "8,25" / "8.25" / 8.25 → 825 hundredths; undefined off the scale or between its steps. A number
 * cell computed by a formula (7.749999999999999) is the score it stands for.
 */
export function scoreOf(text: string): number | 'absent' | undefined {
  const t = text.trim();
  if (ABSENT.has(searchKey(t))) return 'absent';
  if (!/^\d{1,2}([.,]\d+)?$/.test(t)) return undefined;
  const exact = Number(t.replace(',', '.')) * 100;
  const hundredths = Math.round(exact);
  if (Math.abs(exact - hundredths) > 1e-6) return undefined;
  if (hundredths > 1000 || hundredths % 25 !== 0) return undefined;
  return hundredths;
}

/** Whether a header names a paper: its name or code, alone or with other words ("Điểm Toán"). */
const names = (header: string, paper: ScorePaper) =>
  [searchKey(paper.name), searchKey(paper.code)].some(
    (n) => header === n || ` ${header} `.includes(` ${n} `),
  );

/** The header row: the first of the first ten naming "Số báo danh" (sheets open with titles). */
const HEADER_ROWS = 10;

/**
 * Reads the sheet's rows (the first is the header): the rows read and the errors. Papers are the
 * campaign's three and any specialised class's own; a paper without a column is not touched.
 */
export function parseScoreSheet(
  rows: readonly (readonly string[])[],
  papers: readonly ScorePaper[],
): { rows: ScoreRow[]; errors: ScoreSheetError[] } {
  const headerAt = Math.max(
    0,
    rows.slice(0, HEADER_ROWS).findIndex((r) => r.some((h) => NUMBER_HEADERS.has(searchKey(h)))),
  );
  const header = (rows[headerAt] ?? []).map((h) => searchKey(h));
  const numberAt = header.findIndex((h) => NUMBER_HEADERS.has(h));
  // Each column its paper: of those it names, the longest ("Toán chuyên" before "Toán").
  const columns: (ScorePaper & { at: number })[] = [];
  header.forEach((h, at) => {
    const paper = papers
      .filter((p) => names(h, p) && !columns.some((c) => c.code === p.code))
      .sort((a, b) => b.name.length - a.name.length)[0];
    if (paper && at !== numberAt) columns.push({ ...paper, at });
  });
  const errors: ScoreSheetError[] = [];
  const headerRow = headerAt + 1;
  if (numberAt < 0)
    errors.push({ row: headerRow, column: 'Số báo danh', problem: 'score-sheet-no-number-column' });
  if (!columns.length)
    errors.push({
      row: headerRow,
      column: papers.map((p) => p.name).join(', '),
      problem: 'score-sheet-no-paper-column',
    });
  if (errors.length) return { rows: [], errors };

  const read: ScoreRow[] = [];
  const seen = new Map<string, number>();
  rows.slice(headerAt + 1).forEach((cells, i) => {
    const row = headerAt + i + 2;
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
