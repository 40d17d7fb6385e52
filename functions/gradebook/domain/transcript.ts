/**
 * A learner's transcript for a school year (học bạ số): what it says, fixed when the homeroom
 * teacher signs it, then printed as the official PDF and written as XML (`docs/hoc-ba.xsd`).
 * Pure: the content is built from a pupil's results (results.ts) and printed from itself, so the
 * PDF and the XML a verifier holds say the same thing.
 */
import type { Block } from '#shared/pdf/document.ts';
import type { PupilResult } from './results.ts';
import { LEVEL_NAMES, type Level, type Pass } from './rules.ts';
import type { Honour, SubjectResult, YearOutcome } from './secondary.ts';
import type { Tenths } from './tenths.ts';

/** One subject's line: each semester's and the year's result, scores as tenths, comment subjects Đ / CĐ. */
export interface TranscriptSubject {
  code: string;
  name: string;
  semester1?: Tenths | Pass;
  semester2?: Tenths | Pass;
  year: Tenths | Pass;
}

export interface TranscriptPeriod {
  learning?: Level;
  conduct?: Level;
  absentHalfDays: number;
}

export interface TranscriptContent {
  /** '2026-2027'. */
  schoolYear: string;
  grade: number;
  ruleSet: { id: string; circular: string };
  school: { orgUnitId: string; name: string };
  className: string;
  learner: { learnerId: string; fullName: string; dateOfBirth: string; personalId?: string };
  subjects: TranscriptSubject[];
  semester1: TranscriptPeriod;
  semester2: TranscriptPeriod;
  year: TranscriptPeriod & {
    honour?: Honour;
    outcome: YearOutcome;
    retestSubjects: string[];
    graduationEligible?: boolean;
  };
  homeroomComment?: string;
  homeroomTeacher: string;
}

const resultValue = (r: SubjectResult | undefined): Tenths | Pass | undefined =>
  r === undefined ? undefined : 'average' in r ? r.average : r.pass;

/**
 * The transcript of a pupil whose year is complete, from the three periods' results; undefined
 * when the year is not decided (a subject missing, absences unrecorded), which the caller reports.
 */
export function transcriptOf(input: {
  base: Omit<TranscriptContent, 'subjects' | 'semester1' | 'semester2' | 'year'>;
  subjects: readonly { code: string; name: string }[];
  semester1: PupilResult;
  semester2: PupilResult;
  year: PupilResult;
}): TranscriptContent | undefined {
  const { year } = input;
  if (year.missing.length || !year.outcome || !year.learning || !year.conduct) return undefined;
  const bySubject = (r: PupilResult) => new Map(r.subjects.map((s) => [s.subject, s]));
  const [s1, s2, y] = [bySubject(input.semester1), bySubject(input.semester2), bySubject(year)];
  const period = (r: PupilResult): TranscriptPeriod => ({
    ...(r.learning ? { learning: r.learning.level } : {}),
    ...(r.conduct ? { conduct: r.conduct } : {}),
    absentHalfDays: r.absentHalfDays,
  });
  return {
    ...input.base,
    subjects: input.subjects.map((s) => {
      const one = resultValue(s1.get(s.code));
      const two = resultValue(s2.get(s.code));
      return {
        code: s.code,
        name: s.name,
        ...(one !== undefined ? { semester1: one } : {}),
        ...(two !== undefined ? { semester2: two } : {}),
        year: resultValue(y.get(s.code))!,
      };
    }),
    semester1: period(input.semester1),
    semester2: period(input.semester2),
    year: {
      ...period(year),
      ...(year.honour ? { honour: year.honour } : {}),
      outcome: year.outcome.outcome,
      retestSubjects: year.outcome.retestSubjects,
      ...(year.outcome.graduationEligible !== undefined
        ? { graduationEligible: year.outcome.graduationEligible }
        : {}),
    },
  };
}

/** 83 → "8,3" (as printed); 'D' → "Đ". */
export const printed = (v: Tenths | Pass | undefined): string =>
  v === undefined ? '' : v === 'D' ? 'Đ' : v === 'CD' ? 'CĐ' : `${Math.floor(v / 10)},${v % 10}`;

/** 83 → "8.3" (xs:decimal); 'D' → "D". */
const decimal = (v: Tenths | Pass): string => (typeof v === 'number' ? `${Math.floor(v / 10)}.${v % 10}` : v);

export const HONOUR_NAMES: Record<Honour, string> = {
  excellent: 'Học sinh Xuất sắc',
  good: 'Học sinh Giỏi',
};

export const OUTCOME_NAMES: Record<YearOutcome, string> = {
  promoted: 'Được lên lớp',
  retest: 'Kiểm tra lại trong hè',
  'summer-training': 'Rèn luyện trong hè',
  'retest-and-training': 'Kiểm tra lại và rèn luyện trong hè',
  repeat: 'Ở lại lớp',
};

/** What follows the year as the book prints it; a final grade says whether the pupil may graduate. */
export function outcomeText(c: TranscriptContent): string {
  const { outcome, graduationEligible, retestSubjects } = c.year;
  const names = new Map(c.subjects.map((s) => [s.code, s.name]));
  const retests = retestSubjects.length
    ? ` (${retestSubjects.map((code) => names.get(code) ?? code).join(', ')})`
    : '';
  if (outcome === 'promoted' && graduationEligible !== undefined)
    return graduationEligible
      ? 'Đủ điều kiện dự thi tốt nghiệp / công nhận tốt nghiệp'
      : 'Chưa đủ điều kiện tốt nghiệp';
  return `${OUTCOME_NAMES[outcome]}${outcome.startsWith('retest') ? retests : ''}`;
}

const level = (l: Level | undefined) => (l ? LEVEL_NAMES[l] : '');

/** "2026-2027" → "2026–2027". */
const yearName = (schoolYear: string) => schoolYear.replace('-', '–');

/** dd/mm/yyyy from an ISO date. */
const dmy = (iso: string) => iso.slice(0, 10).split('-').reverse().join('/');

/** The document's title, also the signatures' reason. */
export const transcriptTitle = (c: Pick<TranscriptContent, 'schoolYear' | 'grade'>) =>
  `Học bạ lớp ${c.grade} năm học ${yearName(c.schoolYear)}`;

/** What both circulars' transcripts say alike: the school, the year, the class, the learner. */
export type TranscriptBase = Pick<
  TranscriptContent,
  | 'schoolYear'
  | 'grade'
  | 'ruleSet'
  | 'school'
  | 'className'
  | 'learner'
  | 'homeroomComment'
  | 'homeroomTeacher'
>;

/** The page's head: the school, the title, the year and class, the learner. */
export function headBlocks(c: TranscriptBase): Block[] {
  return [
    { kind: 'centered', text: c.school.name.toUpperCase(), bold: true, size: 11 },
    { kind: 'title', text: 'HỌC BẠ' },
    {
      kind: 'centered',
      text: `Năm học ${yearName(c.schoolYear)} — Lớp ${c.className} (khối ${c.grade})`,
    },
    { kind: 'space' },
    { kind: 'field', label: 'Họ và tên học sinh', value: c.learner.fullName },
    { kind: 'field', label: 'Ngày sinh', value: dmy(c.learner.dateOfBirth) },
    ...(c.learner.personalId
      ? [{ kind: 'field' as const, label: 'Mã định danh', value: c.learner.personalId }]
      : []),
    { kind: 'space' },
  ];
}

/** The page's foot: the homeroom teacher's comment, the code, the signatures, room for the stamp. */
export function footBlocks(c: TranscriptBase, signing: { principal: string; code: string }): Block[] {
  return [
    ...(c.homeroomComment
      ? [{ kind: 'field' as const, label: 'Nhận xét của giáo viên chủ nhiệm', value: c.homeroomComment }]
      : []),
    { kind: 'field', label: 'Mã xác thực', value: signing.code },
    { kind: 'space' },
    {
      kind: 'signatures',
      left: { title: 'Giáo viên chủ nhiệm', name: c.homeroomTeacher },
      right: { title: 'Hiệu trưởng', name: signing.principal },
    },
    // Room for the stamp (QR code and code) at the foot of the page.
    { kind: 'space', lines: 4 },
  ];
}

/** The printed page (the layout of the Ministry's học bạ: one school year a page). */
export function transcriptBlocks(
  c: TranscriptContent,
  signing: { principal: string; code: string; date: Date },
): Block[] {
  return [
    ...headBlocks(c),
    {
      kind: 'table',
      columns: [
        { header: 'Môn học, hoạt động giáo dục', width: 0.46 },
        { header: 'Học kỳ I', width: 0.18, align: 'right' },
        { header: 'Học kỳ II', width: 0.18, align: 'right' },
        { header: 'Cả năm', width: 0.18, align: 'right' },
      ],
      rows: c.subjects.map((s) => [s.name, printed(s.semester1), printed(s.semester2), printed(s.year)]),
    },
    { kind: 'space' },
    {
      kind: 'table',
      columns: [
        { header: 'Tổng hợp', width: 0.46 },
        { header: 'Học kỳ I', width: 0.18, align: 'right' },
        { header: 'Học kỳ II', width: 0.18, align: 'right' },
        { header: 'Cả năm', width: 0.18, align: 'right' },
      ],
      rows: [
        ['Kết quả học tập', level(c.semester1.learning), level(c.semester2.learning), level(c.year.learning)],
        ['Kết quả rèn luyện', level(c.semester1.conduct), level(c.semester2.conduct), level(c.year.conduct)],
        [
          'Số buổi nghỉ',
          String(c.semester1.absentHalfDays),
          String(c.semester2.absentHalfDays),
          String(c.year.absentHalfDays),
        ],
      ],
    },
    { kind: 'space' },
    ...(c.year.honour
      ? [{ kind: 'field' as const, label: 'Danh hiệu', value: HONOUR_NAMES[c.year.honour] }]
      : []),
    { kind: 'field', label: 'Kết quả cuối năm', value: outcomeText(c) },
    ...footBlocks(c, signing),
  ];
}

/** Escaped for XML 1.0, the control characters it forbids (a pasted U+000B, say) dropped. */
const escapeXml = (text: string) =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** One element per line, text escaped; nothing else is needed for a flat document like this. */
export function element(name: string, value: string | number | undefined, indent: string): string {
  return value === undefined || value === ''
    ? ''
    : `${indent}<${name}>${escapeXml(String(value))}</${name}>\n`;
}

/** A list of flat items (`<MonHoc><Mon>…</Mon></MonHoc>`): each child `[name, value]`, an undefined value left out. */
export function xmlList<T>(
  outer: string,
  inner: string,
  items: readonly T[],
  children: (item: T) => [string, string | number | undefined][],
): string {
  const item = (x: T) =>
    `    <${inner}>\n` +
    children(x)
      .map(([name, value]) => element(name, value, '      '))
      .join('') +
    `    </${inner}>\n`;
  return `  <${outer}>\n${items.map(item).join('')}  </${outer}>\n`;
}

export const TRANSCRIPT_NAMESPACE = 'urn:vn-edu-cloud:hoc-ba:1';

/**
 * The transcript as XML (`docs/hoc-ba.xsd`): ASCII element names after the Vietnamese terms,
 * scores as xs:decimal with a point, levels as the circular's letters (T, K, D, CD).
 */
export function transcriptXml(c: TranscriptContent, signing: { principal: string; code: string }): string {
  const period = (name: string, p: TranscriptPeriod, inner: string) =>
    `${inner}<${name}>\n` +
    element('KetQuaHocTap', p.learning, `${inner}  `) +
    element('KetQuaRenLuyen', p.conduct, `${inner}  `) +
    element('SoBuoiNghi', p.absentHalfDays, `${inner}  `) +
    `${inner}</${name}>\n`;
  return (
    xmlHead(c, signing) +
    xmlList('MonHoc', 'Mon', c.subjects, (s) => [
      ['Ma', s.code],
      ['Ten', s.name],
      ['HocKy1', s.semester1 === undefined ? undefined : decimal(s.semester1)],
      ['HocKy2', s.semester2 === undefined ? undefined : decimal(s.semester2)],
      ['CaNam', decimal(s.year)],
    ]) +
    period('HocKy1', c.semester1, '  ') +
    period('HocKy2', c.semester2, '  ') +
    period('CaNam', c.year, '  ') +
    element('DanhHieu', c.year.honour, '  ') +
    element('KetQuaCuoiNam', c.year.outcome, '  ') +
    c.year.retestSubjects.map((code) => element('KiemTraLai', code, '  ')).join('') +
    element(
      'DuDieuKienTotNghiep',
      c.year.graduationEligible === undefined ? undefined : String(c.year.graduationEligible),
      '  ',
    ) +
    xmlFoot(c, signing)
  );
}

/** The XML up to the subjects: the code, the year, the rules, the school, the learner, the class. */
export function xmlHead(c: TranscriptBase, signing: { code: string }): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<HocBa xmlns="${TRANSCRIPT_NAMESPACE}" phienBan="1">\n` +
    element('MaXacThuc', signing.code, '  ') +
    element('NamHoc', c.schoolYear, '  ') +
    element('BoQuyTac', c.ruleSet.id, '  ') +
    element('ThongTu', c.ruleSet.circular, '  ') +
    '  <Truong>\n' +
    element('Ma', c.school.orgUnitId, '    ') +
    element('Ten', c.school.name, '    ') +
    '  </Truong>\n' +
    '  <HocSinh>\n' +
    element('MaDinhDanh', c.learner.personalId, '    ') +
    element('MaHocSinh', c.learner.learnerId, '    ') +
    element('HoTen', c.learner.fullName, '    ') +
    element('NgaySinh', c.learner.dateOfBirth.slice(0, 10), '    ') +
    '  </HocSinh>\n' +
    element('Lop', c.className, '  ') +
    element('Khoi', c.grade, '  ')
  );
}

/** The XML after the results: the comment, who signs, the end. */
export function xmlFoot(c: TranscriptBase, signing: { principal: string }): string {
  return (
    element('NhanXet', c.homeroomComment, '  ') +
    element('GiaoVienChuNhiem', c.homeroomTeacher, '  ') +
    element('HieuTruong', signing.principal, '  ') +
    '</HocBa>\n'
  );
}
