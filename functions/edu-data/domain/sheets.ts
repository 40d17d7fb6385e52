/**
 * Spreadsheet layouts of the importable kinds: Vietnamese headers, how each cell becomes a field,
 * and the reverse for templates and exports. Pure: cells in, record data and cell errors out;
 * the record's own schema then checks the data exactly as it checks a form.
 */
import { bothLanguages, type CodedText, type TextParams } from '#shared/text/texts.ts';
import { searchKey } from '#shared/text/vietnamese.ts';
import {
  BUILDING_GRADES,
  EDUCATION_LEVELS,
  EMPLOYMENT_KINDS,
  EQUIPMENT_CONDITIONS,
  ETHNICITIES,
  GENDER_LABELS,
  POLICY_GROUP_LABELS,
  ROOM_TYPES,
  STAFF_POSITIONS,
  STANDARD_RATINGS,
  STUDENT_STATUS_LABELS,
} from './codes.ts';
import type { RecordKind } from './records.ts';
import { eduText } from './texts.ts';

export const IMPORTABLE_KINDS = ['student', 'staff', 'class', 'facility', 'equipment', 'site'] as const;
export type ImportableKind = (typeof IMPORTABLE_KINDS)[number];
export const isImportable = (kind: RecordKind): kind is ImportableKind =>
  (IMPORTABLE_KINDS as readonly string[]).includes(kind);

type Parser = (text: string) => { value?: unknown; error?: CodedText };

export interface Column {
  header: string;
  /** Dotted path into the record's data; guardians use `guardians.father.fullName`. */
  field: string;
  parse: Parser;
  /** Data → cell text, for exports. */
  show?: (value: unknown) => string;
  example: string;
  width?: number;
}

const text: Parser = (t) => ({ value: t });
const integer: Parser = (t) =>
  /^-?\d+$/.test(t.replace(/[.\s]/g, ''))
    ? { value: Number(t.replace(/[.\s]/g, '')) }
    : { error: eduText('whole-number') };
const decimal: Parser = (t) => {
  const n = Number(t.replace(/\s/g, '').replace(',', '.'));
  return Number.isFinite(n) ? { value: n } : { error: eduText('number') };
};
/** dd/mm/yyyy as written in Vietnam, or ISO. */
const date: Parser = (t) => {
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  const iso = dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}` : t.slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(Date.parse(iso))
    ? { value: iso }
    : { error: eduText('date-dmy') };
};
const yesNo: Parser = (t) => {
  const k = searchKey(t);
  if (['co', 'x', 'yes', '1'].includes(k)) return { value: true };
  if (['khong', 'no', '0'].includes(k)) return { value: false };
  return { error: eduText('yes-no') };
};
/** One of a list of labels (compared without diacritics) or the code itself. */
const oneOf = (labels: Record<string, string>): Parser => {
  const byKey = new Map<string, string>();
  for (const [code, label] of Object.entries(labels)) {
    byKey.set(searchKey(label), code);
    byKey.set(searchKey(code), code);
  }
  return (t) => {
    const code = byKey.get(searchKey(t));
    return code
      ? { value: code }
      : { error: eduText('one-of', { choices: Object.values(labels).join(', ') }) };
  };
};
const listOf =
  (item: Parser): Parser =>
  (t) => {
    const parts = t
      .split(/[;\n]/)
      .map((p) => p.trim())
      .filter(Boolean);
    const values = [];
    for (const p of parts) {
      const r = item(p);
      if (r.error) return { error: eduText('list-item', { value: p, problem: bothLanguages(r.error) }) };
      values.push(r.value);
    }
    return { value: values };
  };
const label = (labels: Record<string, string>) => (v: unknown) => labels[String(v)] ?? String(v ?? '');
const labelled = <T extends string>(codes: readonly T[], names: string[]) =>
  Object.fromEntries(codes.map((c, i) => [c, names[i]!])) as Record<T, string>;

const POSITION_LABELS = labelled(STAFF_POSITIONS, [
  'Hiệu trưởng',
  'Phó hiệu trưởng',
  'Giáo viên',
  'Nhân viên',
]);
const EMPLOYMENT_LABELS = labelled(EMPLOYMENT_KINDS, ['Viên chức', 'Hợp đồng', 'Thỉnh giảng']);
const EDUCATION_LABELS = labelled(EDUCATION_LEVELS, [
  'Trung cấp',
  'Cao đẳng',
  'Đại học',
  'Thạc sĩ',
  'Tiến sĩ',
]);
const RATING_LABELS = labelled(STANDARD_RATINGS, ['Tốt', 'Khá', 'Đạt', 'Chưa đạt']);
const ROOM_LABELS = labelled(ROOM_TYPES, [
  'Phòng học',
  'Phòng thí nghiệm',
  'Thư viện',
  'Phòng tin học',
  'Nhà thể chất',
  'Phòng nghệ thuật',
  'Phòng làm việc',
  'Khác',
]);
const GRADE_LABELS = labelled(BUILDING_GRADES, ['Kiên cố', 'Bán kiên cố', 'Tạm']);
const CONDITION_LABELS = labelled(EQUIPMENT_CONDITIONS, ['Tốt', 'Cần sửa chữa', 'Hỏng']);

const list = (v: unknown) => (Array.isArray(v) ? v.join('; ') : '');

export const SHEET_COLUMNS: Record<ImportableKind, Column[]> = {
  student: [
    { header: 'Mã định danh', field: 'personalId', parse: text, example: '031315000123', width: 16 },
    { header: 'Họ và tên', field: 'fullName', parse: text, example: 'Nguyễn Thị Ánh Dương', width: 28 },
    {
      header: 'Giới tính',
      field: 'gender',
      parse: oneOf(GENDER_LABELS),
      show: label(GENDER_LABELS),
      example: 'Nữ',
    },
    { header: 'Ngày sinh', field: 'dateOfBirth', parse: date, example: '14/03/2015', width: 12 },
    {
      header: 'Dân tộc',
      field: 'ethnicity',
      parse: oneOf(ETHNICITIES),
      show: label(ETHNICITIES),
      example: 'Kinh',
    },
    { header: 'Quốc tịch', field: 'nationality', parse: text, example: 'VN' },
    { header: 'Nơi sinh', field: 'placeOfBirth', parse: text, example: 'Hải Phòng', width: 18 },
    {
      header: 'Địa chỉ',
      field: 'address',
      parse: text,
      example: '12 Lạch Tray, phường Ngô Quyền',
      width: 30,
    },
    { header: 'Khối', field: 'grade', parse: integer, example: '5' },
    { header: 'Mã lớp', field: 'classCode', parse: text, example: '5A1' },
    {
      header: 'Trạng thái',
      field: 'status',
      parse: oneOf(STUDENT_STATUS_LABELS),
      show: label(STUDENT_STATUS_LABELS),
      example: 'Đang học',
    },
    { header: 'Lý do bỏ học', field: 'dropOutReason', parse: text, example: '' },
    {
      header: 'Họ tên cha',
      field: 'guardians.father.fullName',
      parse: text,
      example: 'Nguyễn Văn Hùng',
      width: 22,
    },
    { header: 'Điện thoại cha', field: 'guardians.father.phone', parse: text, example: '0912345678' },
    {
      header: 'Họ tên mẹ',
      field: 'guardians.mother.fullName',
      parse: text,
      example: 'Trần Thị Mai',
      width: 22,
    },
    { header: 'Điện thoại mẹ', field: 'guardians.mother.phone', parse: text, example: '0987654321' },
    { header: 'Chiều cao (cm)', field: 'health.heightCm', parse: decimal, example: '135' },
    { header: 'Cân nặng (kg)', field: 'health.weightKg', parse: decimal, example: '30,5' },
    {
      header: 'Diện chính sách',
      field: 'policyGroups',
      parse: listOf(oneOf(POLICY_GROUP_LABELS)),
      show: (v) => (Array.isArray(v) ? v.map(label(POLICY_GROUP_LABELS)).join('; ') : ''),
      example: 'Hộ nghèo; Miễn học phí',
      width: 24,
    },
  ],
  staff: [
    { header: 'Mã cán bộ', field: 'staffCode', parse: text, example: 'GV0123' },
    { header: 'Họ và tên', field: 'fullName', parse: text, example: 'Phạm Văn Khánh', width: 28 },
    {
      header: 'Giới tính',
      field: 'gender',
      parse: oneOf(GENDER_LABELS),
      show: label(GENDER_LABELS),
      example: 'Nam',
    },
    { header: 'Ngày sinh', field: 'dateOfBirth', parse: date, example: '02/09/1985', width: 12 },
    { header: 'Mã định danh', field: 'personalId', parse: text, example: '031085001234', width: 16 },
    {
      header: 'Chức vụ',
      field: 'position',
      parse: oneOf(POSITION_LABELS),
      show: label(POSITION_LABELS),
      example: 'Giáo viên',
    },
    {
      header: 'Loại hình',
      field: 'employment',
      parse: oneOf(EMPLOYMENT_LABELS),
      show: label(EMPLOYMENT_LABELS),
      example: 'Viên chức',
    },
    { header: 'Ngày tuyển dụng', field: 'hireDate', parse: date, example: '01/09/2008', width: 12 },
    { header: 'Ngạch', field: 'rank', parse: text, example: 'Giáo viên THCS hạng II', width: 22 },
    {
      header: 'Trình độ đào tạo',
      field: 'educationLevel',
      parse: oneOf(EDUCATION_LABELS),
      show: label(EDUCATION_LABELS),
      example: 'Đại học',
    },
    { header: 'Môn dạy', field: 'subjects', parse: listOf(text), show: list, example: 'Toán; Tin học' },
    {
      header: 'Đánh giá chuẩn nghề nghiệp',
      field: 'standardRating',
      parse: oneOf(RATING_LABELS),
      show: label(RATING_LABELS),
      example: 'Khá',
    },
  ],
  class: [
    { header: 'Mã lớp', field: 'code', parse: text, example: '5A1' },
    { header: 'Tên lớp', field: 'name', parse: text, example: 'Lớp 5A1' },
    { header: 'Khối', field: 'grade', parse: integer, example: '5' },
    { header: 'Năm học', field: 'schoolYear', parse: text, example: '2026-2027' },
    { header: 'Ngoại ngữ', field: 'foreignLanguages', parse: listOf(text), show: list, example: 'Tiếng Anh' },
    {
      header: 'Học 2 buổi/ngày',
      field: 'twoSessionsPerDay',
      parse: yesNo,
      show: (v) => (v ? 'Có' : 'Không'),
      example: 'Có',
    },
  ],
  facility: [
    {
      header: 'Loại phòng',
      field: 'roomType',
      parse: oneOf(ROOM_LABELS),
      show: label(ROOM_LABELS),
      example: 'Phòng học',
    },
    {
      header: 'Cấp công trình',
      field: 'buildingGrade',
      parse: oneOf(GRADE_LABELS),
      show: label(GRADE_LABELS),
      example: 'Kiên cố',
    },
    { header: 'Số lượng', field: 'count', parse: integer, example: '24' },
    { header: 'Diện tích (m²)', field: 'areaM2', parse: decimal, example: '1296' },
  ],
  equipment: [
    { header: 'Tên thiết bị', field: 'item', parse: text, example: 'Máy chiếu đa năng', width: 26 },
    { header: 'Môn học', field: 'subject', parse: text, example: 'Vật lí' },
    { header: 'Số lượng', field: 'quantity', parse: integer, example: '12' },
    {
      header: 'Tình trạng',
      field: 'condition',
      parse: oneOf(CONDITION_LABELS),
      show: label(CONDITION_LABELS),
      example: 'Tốt',
    },
    { header: 'Năm đưa vào sử dụng', field: 'year', parse: integer, example: '2023' },
  ],
  site: [
    { header: 'Tên điểm trường', field: 'name', parse: text, example: 'Điểm trường Đông Hải', width: 26 },
    { header: 'Địa chỉ', field: 'address', parse: text, example: 'Thôn Đông, xã Cát Hải', width: 30 },
    { header: 'Khoảng cách (km)', field: 'distanceKm', parse: decimal, example: '3,5' },
  ],
};

export interface CellError {
  /** 1-based sheet row and column. */
  row: number;
  column: number;
  header: string;
  /** In English; the code and parameters let the report say it in Vietnamese. */
  message: string;
  code?: string;
  params?: TextParams;
}

export interface ParsedRow {
  row: number;
  data: Record<string, unknown>;
  /** Students: the class code of the row, resolved to a class by the worker. */
  classCode?: string;
  errors: CellError[];
}

const fold = (h: string) => searchKey(h);

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
}

/**
 * The header row → column positions. Unknown headers are ignored; missing required ones are
 * reported once. Returns for each column of the layout its 1-based sheet column, or undefined.
 */
export function matchHeaders(kind: ImportableKind, headerRow: string[]) {
  const positions = new Map<string, number>();
  headerRow.forEach((h, i) => {
    positions.set(fold(h ?? ''), i + 1);
  });
  return SHEET_COLUMNS[kind].map((c) => positions.get(fold(c.header)));
}

/** One sheet row → data for the record schema, with cell errors for what could not be read. */
export function parseRow(
  kind: ImportableKind,
  rowNumber: number,
  cells: string[],
  positions: (number | undefined)[],
): ParsedRow {
  const data: Record<string, unknown> = {};
  const errors: CellError[] = [];
  let classCode: string | undefined;
  SHEET_COLUMNS[kind].forEach((column, i) => {
    const at = positions[i];
    if (!at) return;
    const raw = (cells[at - 1] ?? '').trim();
    if (raw === '') return;
    const parsed = column.parse(raw);
    if (parsed.error) errors.push({ row: rowNumber, column: at, header: column.header, ...parsed.error });
    else if (column.field === 'classCode') classCode = String(parsed.value);
    else setPath(data, column.field, parsed.value);
  });
  if (kind === 'student' && data.guardians) {
    const g = data.guardians as Record<string, Record<string, unknown>>;
    data.guardians = Object.entries(g).map(([relation, person]) => ({ relation, ...person }));
  }
  return { row: rowNumber, data, ...(classCode ? { classCode } : {}), errors };
}

/** A schema issue path (e.g. `guardians.1.phone`) → the column it came from, if any. */
export function columnOfIssue(
  kind: ImportableKind,
  path: string,
  data: Record<string, unknown>,
  positions: (number | undefined)[],
) {
  let field = path;
  const guardian = /^guardians\.(\d+)\.(\w+)/.exec(path);
  if (guardian) {
    const relation = (data.guardians as { relation: string }[] | undefined)?.[Number(guardian[1])]?.relation;
    field = `guardians.${relation}.${guardian[2]}`;
  }
  field = field.replace(/\.\d+$/, '');
  const i = SHEET_COLUMNS[kind].findIndex((c) => c.field === field);
  return i >= 0 ? { column: positions[i], header: SHEET_COLUMNS[kind][i]!.header } : undefined;
}

/** Values of a record's data for an export row, in the layout's order. */
export function exportRow(kind: ImportableKind, data: Record<string, unknown>, classCode?: string): string[] {
  return SHEET_COLUMNS[kind].map((c) => {
    if (c.field === 'classCode') return classCode ?? '';
    let value: unknown;
    if (c.field.startsWith('guardians.')) {
      const [, relation, key] = c.field.split('.');
      value = (data.guardians as Record<string, unknown>[] | undefined)?.find(
        (g) => g.relation === relation,
      )?.[key!];
    } else
      value = c.field
        .split('.')
        .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], data);
    if (value === undefined || value === null) return '';
    return c.show ? c.show(value) : String(value);
  });
}
