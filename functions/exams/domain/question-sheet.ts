/**
 * The question bank's spreadsheet layout, for import and export (an exported sheet imports back
 * unchanged). One question per row; options or statements in columns A–D; the key in “Đáp án”:
 * a letter (single), letters (multiple; “Nhiều lựa chọn (tính từng phần)” for partial credit), Đ/S four times (true/false group), numbers separated by
 * “;” (short answer, decimal comma); essays take their rubric as “criterion | points” lines.
 * Headers are matched without case, accents or extra spaces; every error names its cell.
 */
import { parseWithTexts } from '#shared/text/issues.ts';
import type { CodedText, TextParams } from '#shared/text/texts.ts';
import { searchKey } from '#shared/text/vietnamese.ts';
import {
  COGNITIVE_LEVEL_LABELS,
  COGNITIVE_LEVELS,
  type CognitiveLevel,
  parseNumber,
  type QuestionBody,
  questionBody,
} from './questions.ts';
import { examsText } from './texts.ts';

export const QUESTION_COLUMNS = [
  'Phạm vi',
  'Môn',
  'Khối',
  'Chủ đề',
  'Mức độ',
  'Dạng',
  'Nội dung',
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
  'G',
  'H',
  'Đáp án',
  'Sai số',
  'Điểm',
  'Hướng dẫn chấm',
  /** What students read beside the key when a practice allows review (optional). */
  'Lời giải',
] as const;
type Column = (typeof QUESTION_COLUMNS)[number];

const SCOPE_LABELS = { school: 'Của trường', personal: 'Cá nhân', department: 'Của Sở' } as const;
const TYPE_LABELS = {
  single: 'Một lựa chọn',
  multiple: 'Nhiều lựa chọn',
  'true-false-group': 'Đúng/Sai',
  'short-numeric': 'Trả lời ngắn',
  essay: 'Tự luận',
} as const;
/** Multiple choice scored per option rather than all-or-nothing. */
const PARTIAL_LABEL = 'Nhiều lựa chọn (tính từng phần)';
type Scope = keyof typeof SCOPE_LABELS;
type QuestionType = keyof typeof TYPE_LABELS;

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
const STATEMENT_IDS = ['a', 'b', 'c', 'd'] as const;

export interface SheetQuestion {
  scope: Scope;
  subject: string;
  grade: number;
  topic: string;
  level: CognitiveLevel;
  stem: string;
  question: QuestionBody;
}

export interface SheetError {
  row: number;
  column: Column;
  /** In English; the code and parameters say it in the reader's language. */
  message: string;
  code?: string;
  params?: TextParams;
}

export type ParsedQuestion =
  | { ok: true; row: number; input: SheetQuestion }
  | { ok: false; row: number; errors: SheetError[] };

/** Label or code → code, matched without accents or case. */
function lookup<T extends string>(labels: Record<T, string>, text: string): T | undefined {
  const key = searchKey(text);
  return (Object.entries(labels) as [T, string][]).find(
    ([code, label]) => searchKey(label) === key || searchKey(code) === key,
  )?.[0];
}

/** The header row → each column's position (0-based), or -1 when the sheet lacks it. */
export function questionColumns(header: string[]): Record<Column, number> {
  const at = new Map(header.map((h, i) => [searchKey(h ?? ''), i]));
  return Object.fromEntries(QUESTION_COLUMNS.map((c) => [c, at.get(searchKey(c)) ?? -1])) as Record<
    Column,
    number
  >;
}

export function parseQuestionRow(
  row: number,
  cells: string[],
  columns: Record<Column, number>,
): ParsedQuestion {
  const cell = (c: Column) => (columns[c] >= 0 ? (cells[columns[c]] ?? '').trim() : '');
  const errors: SheetError[] = [];
  const fail = (column: Column, text: CodedText) => errors.push({ row, column, ...text });
  const oneOf = (labels: readonly string[]) => examsText('one-of', { values: labels.join(', ') });

  const scope = lookup(SCOPE_LABELS, cell('Phạm vi') || 'school');
  if (!scope) fail('Phạm vi', oneOf(Object.values(SCOPE_LABELS)));
  const subject = cell('Môn');
  if (!subject) fail('Môn', examsText('required'));
  const grade = Number(cell('Khối'));
  if (!Number.isInteger(grade) || grade < 0 || grade > 12) fail('Khối', examsText('grade-range'));
  const topic = cell('Chủ đề');
  if (!topic) fail('Chủ đề', examsText('required'));
  const level = lookup(COGNITIVE_LEVEL_LABELS, cell('Mức độ'));
  if (!level) fail('Mức độ', oneOf(COGNITIVE_LEVELS.map((l) => COGNITIVE_LEVEL_LABELS[l])));
  const partial = searchKey(cell('Dạng')) === searchKey(PARTIAL_LABEL);
  const type = partial ? 'multiple' : lookup(TYPE_LABELS, cell('Dạng'));
  if (!type) fail('Dạng', oneOf([...Object.values(TYPE_LABELS), PARTIAL_LABEL]));
  const stem = cell('Nội dung');
  if (!stem) fail('Nội dung', examsText('required'));
  const points = parseNumber(cell('Điểm'));
  const key = cell('Đáp án');
  const explanation = cell('Lời giải');

  let body: unknown;
  const options = LETTERS.map((id) => ({ id, text: cell(id) })).filter((o) => o.text);
  switch (type) {
    case 'single':
      body = { type, options, correct: key.toUpperCase(), points };
      break;
    case 'multiple':
      body = {
        type,
        options,
        correct: key
          .toUpperCase()
          .split(/[\s,;]+/)
          .filter(Boolean),
        scoring: partial ? 'partial' : 'all-or-nothing',
        points,
      };
      break;
    case 'true-false-group': {
      const truths = key
        .split(/[\s,;]+/)
        .filter(Boolean)
        .map((v) => lookup({ true: 'Đúng', false: 'Sai' }, v) ?? lookup({ true: 'Đ', false: 'S' }, v));
      if (truths.length !== 4 || truths.some((v) => !v)) fail('Đáp án', examsText('true-false-key'));
      body = {
        type,
        statements: STATEMENT_IDS.map((id, i) => ({ id, text: cell(LETTERS[i]!) })),
        correct: Object.fromEntries(STATEMENT_IDS.map((id, i) => [id, truths[i] === 'true'])),
        points,
      };
      break;
    }
    case 'short-numeric': {
      const accepted = key.split(';').map((v) => parseNumber(v));
      if (accepted.length === 0 || accepted.some((v) => v === undefined))
        fail('Đáp án', examsText('numeric-key'));
      body = { type, accepted, tolerance: parseNumber(cell('Sai số') || '0'), points };
      break;
    }
    case 'essay': {
      const rubric = cell('Hướng dẫn chấm')
        .split(/\r?\n/)
        .filter((l) => l.trim())
        .map((l) => {
          const [criterion, p] = l.split('|');
          return { criterion: (criterion ?? '').trim(), points: parseNumber(p ?? '') };
        });
      if (rubric.length === 0 || rubric.some((r) => r.points === undefined))
        fail('Hướng dẫn chấm', examsText('rubric-lines'));
      body = { type, rubric, points: points ?? rubric.reduce((n, r) => n + (r.points ?? 0), 0) };
      break;
    }
  }
  if (type && points === undefined && type !== 'essay') fail('Điểm', examsText('points-number'));
  if (errors.length) return { ok: false, row, errors };
  const parsed = parseWithTexts(questionBody, explanation ? { ...(body as object), explanation } : body);
  if (!parsed.success)
    return {
      ok: false,
      row,
      errors: parsed.issues.map((issue) => ({
        row,
        column: columnOfPath(String(issue.path[0] ?? '')),
        ...issue.text,
      })),
    };
  return {
    ok: true,
    row,
    input: { scope: scope!, subject, grade, topic, level: level!, stem, question: parsed.data },
  };
}

function columnOfPath(field: string): Column {
  if (field === 'options' || field === 'statements') return 'A';
  if (field === 'rubric') return 'Hướng dẫn chấm';
  if (field === 'points') return 'Điểm';
  if (field === 'tolerance') return 'Sai số';
  if (field === 'explanation') return 'Lời giải';
  return 'Đáp án';
}

const decimal = (n: number) => String(n).replace('.', ',');

/** A question → its row, in QUESTION_COLUMNS order (what the import reads back). */
export function questionRow(q: SheetQuestion): string[] {
  const b = q.question;
  const cells: Record<Column, string> = {
    'Phạm vi': SCOPE_LABELS[q.scope],
    Môn: q.subject,
    Khối: String(q.grade),
    'Chủ đề': q.topic,
    'Mức độ': COGNITIVE_LEVEL_LABELS[q.level],
    Dạng:
      b.type === 'multiple' && b.scoring === 'partial' ? PARTIAL_LABEL : TYPE_LABELS[b.type as QuestionType],
    'Nội dung': q.stem,
    A: '',
    B: '',
    C: '',
    D: '',
    E: '',
    F: '',
    G: '',
    H: '',
    'Đáp án': '',
    'Sai số': '',
    Điểm: decimal(b.points),
    'Hướng dẫn chấm': '',
    'Lời giải': b.explanation ?? '',
  };
  switch (b.type) {
    case 'single':
    case 'multiple': {
      // Options by position: whatever ids the bank used, the sheet says A, B, C…
      const letter = (id: string) => LETTERS[b.options.findIndex((o) => o.id === id)] ?? '?';
      b.options.forEach((o, i) => {
        cells[LETTERS[i]!] = o.text;
      });
      cells['Đáp án'] = b.type === 'single' ? letter(b.correct) : b.correct.map(letter).join(', ');
      break;
    }
    case 'true-false-group':
      b.statements.forEach((s, i) => {
        cells[LETTERS[i]!] = s.text;
      });
      cells['Đáp án'] = b.statements.map((s) => (b.correct[s.id] ? 'Đ' : 'S')).join(', ');
      break;
    case 'short-numeric':
      cells['Đáp án'] = b.accepted.map(decimal).join('; ');
      cells['Sai số'] = decimal(b.tolerance);
      break;
    case 'essay':
      cells['Hướng dẫn chấm'] = b.rubric.map((r) => `${r.criterion} | ${decimal(r.points)}`).join('\n');
      break;
  }
  return QUESTION_COLUMNS.map((c) => cells[c]);
}
