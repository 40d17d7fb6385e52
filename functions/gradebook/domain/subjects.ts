/**
 * The subjects of the 2018 general education programme (Circular 32/2018/TT-BGDĐT) by grade, as
 * the grade book keeps them: each with its periods a year and how it is assessed — scored 0–10
 * with comments, comment-only (Đạt / Chưa đạt), or, in primary, rated (with a periodic test for
 * the subjects Circular 27 lists). Upper secondary pupils study the compulsory subjects and four
 * electives (`elective`); the grade book of a class holds the subjects its assignments name.
 */
import { searchKey } from '#shared/text/vietnamese.ts';
import { CIRCULAR_27 } from './rules.ts';

export const ASSESSMENTS = ['scored', 'comment', 'rated'] as const;
export type Assessment = (typeof ASSESSMENTS)[number];

export interface Subject {
  code: string;
  name: string;
  periodsPerYear: number;
  assessment: Assessment;
  /** Upper secondary: one of the electives (four are chosen). */
  elective?: true;
}

const s = (
  code: string,
  name: string,
  periodsPerYear: number,
  assessment: Assessment,
  elective?: true,
): Subject => ({
  code,
  name,
  periodsPerYear,
  assessment,
  ...(elective ? { elective } : {}),
});

const PRIMARY_COMMON = [
  s('DAO_DUC', 'Đạo đức', 35, 'rated'),
  s('GDTC', 'Giáo dục thể chất', 70, 'rated'),
  s('NGHE_THUAT', 'Nghệ thuật (Âm nhạc, Mĩ thuật)', 70, 'rated'),
  s('HDTN', 'Hoạt động trải nghiệm', 105, 'rated'),
];

const LOWER_SECONDARY = (grade: number) => [
  s('NGU_VAN', 'Ngữ văn', 140, 'scored'),
  s('TOAN', 'Toán', 140, 'scored'),
  s('NGOAI_NGU_1', 'Ngoại ngữ 1', 105, 'scored'),
  s('GDCD', 'Giáo dục công dân', 35, 'scored'),
  s('LICH_SU_DIA_LY', 'Lịch sử và Địa lí', 105, 'scored'),
  s('KHTN', 'Khoa học tự nhiên', 140, 'scored'),
  s('CONG_NGHE', 'Công nghệ', grade === 9 ? 52 : 35, 'scored'),
  s('TIN_HOC', 'Tin học', 35, 'scored'),
  s('GDTC', 'Giáo dục thể chất', 70, 'comment'),
  s('NGHE_THUAT', 'Nghệ thuật (Âm nhạc, Mĩ thuật)', 70, 'comment'),
  s('HDTN_HN', 'Hoạt động trải nghiệm, hướng nghiệp', 105, 'comment'),
  s('GD_DIA_PHUONG', 'Nội dung giáo dục của địa phương', 35, 'comment'),
];

const UPPER_SECONDARY = [
  s('NGU_VAN', 'Ngữ văn', 105, 'scored'),
  s('TOAN', 'Toán', 105, 'scored'),
  s('NGOAI_NGU_1', 'Ngoại ngữ 1', 105, 'scored'),
  s('LICH_SU', 'Lịch sử', 52, 'scored'),
  s('GDQP_AN', 'Giáo dục quốc phòng và an ninh', 35, 'scored'),
  s('GDTC', 'Giáo dục thể chất', 70, 'comment'),
  s('HDTN_HN', 'Hoạt động trải nghiệm, hướng nghiệp', 105, 'comment'),
  s('GD_DIA_PHUONG', 'Nội dung giáo dục của địa phương', 35, 'comment'),
  s('DIA_LY', 'Địa lí', 70, 'scored', true),
  s('GDKT_PL', 'Giáo dục kinh tế và pháp luật', 70, 'scored', true),
  s('VAT_LY', 'Vật lí', 70, 'scored', true),
  s('HOA_HOC', 'Hoá học', 70, 'scored', true),
  s('SINH_HOC', 'Sinh học', 70, 'scored', true),
  s('CONG_NGHE', 'Công nghệ', 70, 'scored', true),
  s('TIN_HOC', 'Tin học', 70, 'scored', true),
  s('AM_NHAC', 'Âm nhạc', 70, 'comment', true),
  s('MY_THUAT', 'Mĩ thuật', 70, 'comment', true),
];

/** The subjects of a grade (1–12), in the order of the programme's plan. */
export function subjectsOfGrade(grade: number): Subject[] {
  if (grade >= 10 && grade <= 12) return UPPER_SECONDARY;
  if (grade >= 6 && grade <= 9) return LOWER_SECONDARY(grade);
  if (grade < 1 || grade > 5) return [];
  const core = [
    s('TIENG_VIET', 'Tiếng Việt', grade <= 1 ? 420 : grade === 2 ? 350 : 245, 'rated'),
    s('TOAN', 'Toán', grade <= 1 ? 105 : 175, 'rated'),
  ];
  const later =
    grade === 3
      ? [s('TIENG_ANH', 'Tiếng Anh', 140, 'rated'), s('TU_NHIEN_XA_HOI', 'Tự nhiên và Xã hội', 70, 'rated')]
      : grade >= 4
        ? [
            s('TIENG_ANH', 'Tiếng Anh', 140, 'rated'),
            s('LICH_SU_DIA_LY', 'Lịch sử và Địa lí', 70, 'rated'),
            s('KHOA_HOC', 'Khoa học', 70, 'rated'),
          ]
        : [s('TU_NHIEN_XA_HOI', 'Tự nhiên và Xã hội', 70, 'rated')];
  const computing = grade >= 3 ? [s('TIN_HOC_CONG_NGHE', 'Tin học và Công nghệ', 70, 'rated')] : [];
  return [...core, ...later, ...computing, ...PRIMARY_COMMON];
}

/** Does a primary subject of this grade take a periodic test (Circular 27)? */
export const hasPeriodicTest = (grade: number, code: string) =>
  (CIRCULAR_27.testedSubjects[grade] ?? []).includes(code);

/** Names schools use in a class's assignments besides the programme's own. */
const ALIASES: Record<string, readonly string[]> = {
  NGU_VAN: ['Văn', 'Ngữ văn'],
  NGOAI_NGU_1: ['Tiếng Anh', 'Ngoại ngữ', 'Anh văn'],
  GDCD: ['Giáo dục công dân', 'GDCD'],
  LICH_SU_DIA_LY: ['Lịch sử và Địa lí', 'Lịch sử - Địa lí', 'Sử - Địa'],
  KHTN: ['Khoa học tự nhiên', 'KHTN'],
  GDTC: ['Thể dục', 'Giáo dục thể chất'],
  HDTN_HN: ['Hoạt động trải nghiệm', 'HĐTN'],
  GD_DIA_PHUONG: ['Giáo dục địa phương', 'GDĐP'],
  GDQP_AN: ['Quốc phòng', 'GDQP', 'GDQP-AN'],
  GDKT_PL: ['Giáo dục kinh tế và pháp luật', 'GDKT&PL'],
  DIA_LY: ['Địa lý'],
  VAT_LY: ['Vật lý'],
  HOA_HOC: ['Hóa học'],
  MY_THUAT: ['Mỹ thuật'],
  TIN_HOC_CONG_NGHE: ['Tin học và Công nghệ'],
};

/**
 * The subject of the grade a class's assignment names ("Toán", "Tiếng Anh", "TOAN"): by code, by
 * the programme's name or a name schools use, letters folded (diacritics and case aside).
 */
export function subjectOfAssignment(grade: number, named: string): Subject | undefined {
  const folded = searchKey(named);
  return subjectsOfGrade(grade).find(
    (s) =>
      s.code === named.trim().toUpperCase() ||
      searchKey(s.name) === folded ||
      (ALIASES[s.code] ?? []).some((alias) => searchKey(alias) === folded),
  );
}
