/**
 * The grade book's published rules (functions/gradebook): the rule set a grade was assessed
 * under in a school year and its subjects, through the API as anyone reads it. The expected
 * figures are the circulars' and the 2018 programme's (periods a year → regular scores), not the
 * code's.
 */
import { describe, expect, it } from 'vitest';
import { api } from '../support/cloud.ts';

interface Rules {
  ruleSet: { id: string; circular: string; level: string };
  subjects: {
    code: string;
    name: string;
    assessment: string;
    periodsPerYear: number;
    regularScores?: number;
    periodicTest?: boolean;
    elective?: boolean;
  }[];
  levels?: { level: string; floor: number }[];
  promotion?: { maxAbsentHalfDays: number };
}
interface Problem {
  status: number;
  detail: string;
  errors?: { field: string }[];
}

describe('grading rules', () => {
  it('gives an upper-secondary grade Circular 22 with its subjects and regular scores', async () => {
    const res = await api<Rules>('/grading-rules?grade=10&schoolYear=2025');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.ruleSet).toEqual({ id: 'tt22-2021', circular: '22/2021/TT-BGDĐT', level: 'secondary' });
    const subject = (code: string) => res.body.subjects.find((s) => s.code === code);
    // Toán 105 periods → 4; Lịch sử 52 → 3; Quốc phòng 35 → 2; Thể chất is comment-only.
    expect(subject('TOAN')).toMatchObject({ name: 'Toán', assessment: 'scored', regularScores: 4 });
    expect(subject('LICH_SU')).toMatchObject({ regularScores: 3 });
    expect(subject('GDQP_AN')).toMatchObject({ regularScores: 2 });
    expect(subject('GDTC')).toMatchObject({ assessment: 'comment' });
    expect(subject('GDTC')?.regularScores).toBeUndefined();
    expect(res.body.subjects.filter((s) => s.elective)).toHaveLength(9);
    expect(res.body.levels?.map((l) => [l.level, l.floor])).toEqual([
      ['T', 6.5],
      ['K', 5],
      ['D', 3.5],
    ]);
    expect(res.body.promotion?.maxAbsentHalfDays).toBe(45);
  });

  it('gives a primary grade Circular 27 and the subjects with periodic tests', async () => {
    const res = await api<Rules>('/grading-rules?grade=4&schoolYear=2025');
    expect(res.status).toBe(200);
    expect(res.body.ruleSet.circular).toBe('27/2020/TT-BGDĐT');
    const tested = res.body.subjects.filter((s) => s.periodicTest).map((s) => s.code);
    expect(tested.sort()).toEqual(
      ['KHOA_HOC', 'LICH_SU_DIA_LY', 'TIENG_ANH', 'TIENG_VIET', 'TIN_HOC_CONG_NGHE', 'TOAN'].sort(),
    );
    expect(res.body.subjects.find((s) => s.code === 'DAO_DUC')).toMatchObject({
      assessment: 'rated',
      periodicTest: false,
    });
  });

  it('says in Vietnamese that a year before the circular is not held, and refuses a grade that is not one', async () => {
    const old = await api<Problem>('/grading-rules?grade=12&schoolYear=2023', {
      headers: { 'accept-language': 'vi-VN' },
    });
    expect(old.status).toBe(404);
    expect(old.body.detail).toBe(
      'Không có quy định đánh giá cho khối 12 năm học 2023–2024: năm học đó đánh giá theo thông tư trước, nền tảng không lưu quy định này.',
    );
    const bad = await api<Problem>('/grading-rules?grade=13&schoolYear=2025');
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.field)).toContain('grade');
  });
});
