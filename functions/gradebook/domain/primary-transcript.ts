/**
 * A primary pupil's transcript for a school year (học bạ, Circular 27): each subject's rating and
 * periodic test at the mid-year and year-end assessments, each quality and competency rated, the
 * year's achievement, what follows, the honour — the same head and foot as the secondary one
 * (transcript.ts), so the PDF and the XML (`docs/hoc-ba.xsd`, its primary branch) say the same.
 * Pure.
 */
import type { Block } from '#shared/pdf/document.ts';
import type { PrimaryPupilResult } from './primary.ts';
import {
  type Completion,
  PRIMARY_OUTCOME_NAMES,
  type PrimaryOutcome,
  QUALITY_GROUP_NAMES,
  QUALITY_RATING_NAMES,
  type QualityGroup,
  type QualityRating,
  SUBJECT_RATING_NAMES,
  type SubjectRating,
} from './rules.ts';
import type { Tenths } from './tenths.ts';
import {
  element,
  footBlocks,
  headBlocks,
  type TranscriptBase,
  type TranscriptContent,
  transcriptBlocks,
  transcriptXml,
  xmlFoot,
  xmlHead,
  xmlList,
} from './transcript.ts';

export interface PrimaryMark {
  rating: SubjectRating;
  /** The periodic test, a whole number as tenths. */
  test?: Tenths;
}

export interface PrimaryTranscriptContent extends TranscriptBase {
  level: 'primary';
  subjects: { code: string; name: string; semester1?: PrimaryMark; year: PrimaryMark }[];
  qualities: {
    code: string;
    name: string;
    group: QualityGroup;
    semester1?: QualityRating;
    year: QualityRating;
  }[];
  absentHalfDays: { semester1: number; year: number };
  year: { achievement: PrimaryOutcome; completion: Completion; honour?: 'excellent' };
}

/**
 * The transcript of a pupil whose year is decided, from the mid-year (semester 1) and year-end
 * results; undefined while something of the year is missing, which the caller reports.
 */
export function primaryTranscriptOf(input: {
  base: TranscriptBase;
  subjects: readonly { code: string; name: string }[];
  qualities: readonly { code: string; name: string; group: QualityGroup }[];
  semester1: PrimaryPupilResult;
  year: PrimaryPupilResult;
}): PrimaryTranscriptContent | undefined {
  const { year, semester1 } = input;
  if (year.missing.length || !year.achievement || !year.completion) return undefined;
  const mark = (r: PrimaryPupilResult, code: string): PrimaryMark | undefined => {
    const s = r.subjects.find((x) => x.subject === code);
    return s ? { rating: s.rating, ...(s.test !== undefined ? { test: s.test } : {}) } : undefined;
  };
  return {
    ...input.base,
    level: 'primary',
    subjects: input.subjects.map((s) => {
      const first = mark(semester1, s.code);
      return {
        code: s.code,
        name: s.name,
        ...(first ? { semester1: first } : {}),
        year: mark(year, s.code)!,
      };
    }),
    qualities: input.qualities.map((q) => {
      const first = semester1.qualities[q.code];
      return {
        code: q.code,
        name: q.name,
        group: q.group,
        ...(first ? { semester1: first } : {}),
        year: year.qualities[q.code]!,
      };
    }),
    absentHalfDays: { semester1: semester1.absentHalfDays, year: year.absentHalfDays },
    year: {
      achievement: year.achievement,
      completion: year.completion,
      ...(year.honour ? { honour: year.honour } : {}),
    },
  };
}

/** What follows the year as the book prints it (Art. 11). */
export const completionText = (c: Pick<PrimaryTranscriptContent, 'grade' | 'year'>) =>
  c.year.completion === 'primary'
    ? 'Hoàn thành chương trình tiểu học'
    : c.year.completion === 'grade'
      ? `Hoàn thành chương trình lớp ${c.grade}`
      : `Chưa hoàn thành chương trình lớp ${c.grade}`;

const rating = (m: PrimaryMark | undefined) => (m ? SUBJECT_RATING_NAMES[m.rating] : '');
const test = (m: PrimaryMark | undefined) => (m?.test === undefined ? '' : String(m.test / 10));
const quality = (r: QualityRating | undefined) => (r ? QUALITY_RATING_NAMES[r] : '');

/** The printed page, Circular 27's học bạ: subjects, qualities and competencies, the year's result. */
export function primaryTranscriptBlocks(
  c: PrimaryTranscriptContent,
  signing: { principal: string; code: string },
): Block[] {
  return [
    ...headBlocks(c),
    {
      kind: 'table',
      columns: [
        { header: 'Môn học, hoạt động giáo dục', width: 0.34 },
        { header: 'Mức — Học kỳ I', width: 0.2 },
        { header: 'KTĐK HK I', width: 0.13, align: 'right' },
        { header: 'Mức — Cuối năm', width: 0.2 },
        { header: 'KTĐK CN', width: 0.13, align: 'right' },
      ],
      rows: c.subjects.map((s) => [
        s.name,
        rating(s.semester1),
        test(s.semester1),
        rating(s.year),
        test(s.year),
      ]),
    },
    { kind: 'space' },
    {
      kind: 'table',
      columns: [
        { header: 'Phẩm chất, năng lực', width: 0.56 },
        { header: 'Học kỳ I', width: 0.22 },
        { header: 'Cuối năm', width: 0.22 },
      ],
      rows: c.qualities.map((q) => [
        `${QUALITY_GROUP_NAMES[q.group]}: ${q.name}`,
        quality(q.semester1),
        quality(q.year),
      ]),
    },
    { kind: 'space' },
    { kind: 'field', label: 'Kết quả giáo dục', value: PRIMARY_OUTCOME_NAMES[c.year.achievement] },
    ...(c.year.honour ? [{ kind: 'field' as const, label: 'Khen thưởng', value: 'Học sinh Xuất sắc' }] : []),
    { kind: 'field', label: 'Kết quả cuối năm', value: completionText(c) },
    {
      kind: 'field',
      label: 'Số buổi nghỉ',
      value: `Học kỳ I: ${c.absentHalfDays.semester1}; cả năm: ${c.absentHalfDays.year}`,
    },
    ...footBlocks(c, signing),
  ];
}

/** The transcript as XML, the schema's primary branch: ratings by their codes, tests as integers. */
export function primaryTranscriptXml(
  c: PrimaryTranscriptContent,
  signing: { principal: string; code: string },
) {
  const test = (m: PrimaryMark | undefined) => (m?.test === undefined ? undefined : m.test / 10);
  return (
    xmlHead(c, signing) +
    xmlList('MonHoc', 'Mon', c.subjects, (s) => [
      ['Ma', s.code],
      ['Ten', s.name],
      ['HocKy1', s.semester1?.rating],
      ['CaNam', s.year.rating],
      ['KiemTraHocKy1', test(s.semester1)],
      ['KiemTraCuoiNam', test(s.year)],
    ]) +
    xmlList('PhamChatNangLuc', 'Muc', c.qualities, (q) => [
      ['Ma', q.code],
      ['Ten', q.name],
      ['Nhom', q.group],
      ['HocKy1', q.semester1],
      ['CaNam', q.year],
    ]) +
    '  <SoBuoiNghi>\n' +
    element('HocKy1', c.absentHalfDays.semester1, '    ') +
    element('CaNam', c.absentHalfDays.year, '    ') +
    '  </SoBuoiNghi>\n' +
    element('KetQuaGiaoDuc', c.year.achievement, '  ') +
    element('HoanThanhChuongTrinh', c.year.completion, '  ') +
    element('KhenThuong', c.year.honour, '  ') +
    xmlFoot(c, signing)
  );
}

/** A transcript of either circular (a content without `level` is Circular 22's, as before primary). */
export type AnyTranscriptContent = TranscriptContent | PrimaryTranscriptContent;

export const isPrimaryTranscript = (c: AnyTranscriptContent): c is PrimaryTranscriptContent =>
  'level' in c && c.level === 'primary';

/** The printed page of either circular's transcript. */
export const transcriptPage = (
  c: AnyTranscriptContent,
  signing: { principal: string; code: string; date: Date },
) => (isPrimaryTranscript(c) ? primaryTranscriptBlocks(c, signing) : transcriptBlocks(c, signing));

/** The XML of either circular's transcript. */
export const transcriptDocument = (c: AnyTranscriptContent, signing: { principal: string; code: string }) =>
  isPrimaryTranscript(c) ? primaryTranscriptXml(c, signing) : transcriptXml(c, signing);
