/** What the request pipeline itself says (codes: shared/text/texts.ts). */
import { defineTexts } from '#shared/text/texts.ts';

export const httpText = defineTexts('http', {
  'no-unit': { en: 'No organisation unit {id}.', vi: 'Không có đơn vị {id}.' },
  'unit-outside-scope': {
    en: 'This organisation unit is outside your scope.',
    vi: 'Đơn vị này nằm ngoài phạm vi công việc của bạn.',
  },
});
