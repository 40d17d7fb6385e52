/**
 * A grade book's cells as the grid shows them, pure: each column's header and name in words, a
 * stored cell as text ("8,5", "Đ", "HTT"), and a block pasted from a spreadsheet as rows of
 * typed values.
 */
import type { ScoreRow } from '../api/gradebook.ts';
import { type MessageKey, t } from '../i18n/index.ts';
import { formatScore } from './class-parts.tsx';

export interface GridColumn {
  field: string;
  /** The header: "TX1", "GK", "Nhận xét". */
  short: string;
  /** In words, for the header's title and each cell's name: "Đánh giá thường xuyên 1". */
  long: string;
  /** Scores (and counts) take a numeric keyboard on a phone; comments are wide. */
  kind: 'score' | 'count' | 'code' | 'comment';
  /** What the column takes, said once above the grid (codes: Đ / CĐ, HTT / HT / CHT). */
  hint?: MessageKey;
}

export function columnOf(field: string): GridColumn {
  const regular = /^regular\.(\d+)$/.exec(field);
  if (regular) {
    const n = Number(regular[1]) + 1;
    return {
      field,
      short: t('gradebook.col.regular', { n }),
      long: t('gradebook.col.regularLong', { n }),
      kind: 'score',
    };
  }
  switch (field) {
    case 'midTerm':
    case 'endTerm':
    case 'test':
      return {
        field,
        short: t(`gradebook.col.${field}`),
        long: t(`gradebook.col.${field}Long`),
        kind: 'score',
        ...(field === 'test' ? { hint: 'gradebook.hint.test' as const } : {}),
      };
    case 'pass':
    case 'rating':
      return {
        field,
        short: t(`gradebook.col.${field}`),
        long: t(`gradebook.col.${field}Long`),
        kind: 'code',
        hint: `gradebook.hint.${field}`,
      };
    case 'comment':
      return { field, short: t('gradebook.col.comment'), long: t('gradebook.col.comment'), kind: 'comment' };
    default:
      return { field, short: field, long: field, kind: 'comment' };
  }
}

const PASS_TEXT: Record<string, MessageKey> = { D: 'gradebook.pass.D', CD: 'gradebook.pass.CD' };

/** A stored cell as the teacher would type it: "8,5", "Đ", "HTT", the comment; empty if none. */
export function cellText(row: Pick<ScoreRow, 'cells'>, field: string): string {
  const cells = row.cells;
  const regular = /^regular\.(\d+)$/.exec(field);
  if (regular) {
    const score = cells.regular[Number(regular[1])];
    return score === null || score === undefined ? '' : formatScore(score);
  }
  switch (field) {
    case 'midTerm':
    case 'endTerm':
    case 'test': {
      const score = cells[field];
      return score === undefined ? '' : formatScore(score);
    }
    case 'pass':
      return cells.pass ? t(PASS_TEXT[cells.pass]!) : '';
    case 'rating':
      return cells.rating ?? '';
    case 'comment':
      return cells.comment ?? '';
    default:
      return '';
  }
}

/**
 * Text pasted into a cell as a block: lines (a column copied from a spreadsheet, `\n` or `\r\n`)
 * of tab-separated values; the line break a spreadsheet adds after the last line is dropped.
 * Undefined for a single value, which the cell takes as typed.
 */
export function pastedBlock(text: string): string[][] | undefined {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  const block = lines.map((line) => line.split('\t'));
  return block.length === 1 && block[0]!.length === 1 ? undefined : block;
}

/** "Lớp 12A1" → "12A1", for "Chủ nhiệm lớp 12A1". */
export const bareClassName = (name: string) => name.replace(/^lớp\s+/iu, '');

/**
 * The semester a day falls in, as schools run them: the first from August to January, the second
 * from February to July (the city's calendar moves the days, not the months that matter here).
 */
export function semesterOf(day: Date): 1 | 2 {
  const month = Number(
    new Intl.DateTimeFormat('en', { month: 'numeric', timeZone: 'Asia/Ho_Chi_Minh' }).format(day),
  );
  return month >= 8 || month === 1 ? 1 : 2;
}

/** Circular 22's levels in words: "Tốt", "Khá", "Đạt", "Chưa đạt". */
export const levelText = (level: 'T' | 'K' | 'D' | 'CD') => t(`gradebook.level.${level}`);
