/** What the grade book says to teachers, school leaders, pupils and guardians (codes: shared/text/texts.ts). */
import { defineTexts } from '#shared/text/texts.ts';

export const gradebookText = defineTexts('gradebook', {
  'no-rules': {
    en: 'No assessment rules for grade {grade} in the school year {schoolYear}: that year was assessed under an earlier circular, which this platform does not hold.',
    vi: 'Không có quy định đánh giá cho khối {grade} năm học {schoolYear}: năm học đó đánh giá theo thông tư trước, nền tảng không lưu quy định này.',
  },
});
