/** What the request pipeline itself says (codes: shared/text/texts.ts). */
import { defineTexts } from '#shared/text/texts.ts';

export const httpText = defineTexts('http', {
  'invalid-cursor': {
    en: 'The pagination cursor is not valid for this list',
    vi: 'Mã trang không hợp lệ với danh sách này: hãy tải lại danh sách từ đầu',
  },
  'no-unit': { en: 'No organisation unit {id}.', vi: 'Không có đơn vị {id}.' },
  'unit-outside-scope': {
    en: 'This organisation unit is outside your scope.',
    vi: 'Đơn vị này nằm ngoài phạm vi công việc của bạn.',
  },
});
