/** What any job or worker may say to the person who asked for it (shared/text/texts.ts). */
import { defineTexts } from '#shared/text/texts.ts';

export const jobText = defineTexts('job', {
  'start-failed': {
    en: 'The job could not be started',
    vi: 'Không bắt đầu được công việc: hãy thử lại sau ít phút',
  },
  'not-written': { en: 'The file could not be written', vi: 'Không ghi được tệp kết quả: hãy thử lại' },
  'unit-gone': { en: 'The unit no longer exists', vi: 'Đơn vị không còn trong hệ thống' },
  'school-gone': { en: 'The school no longer exists', vi: 'Trường không còn trong hệ thống' },
  'not-xlsx': { en: 'The file is not an XLSX spreadsheet', vi: 'Tệp không phải bảng tính XLSX' },
  'upload-gone': { en: 'The uploaded file is no longer there', vi: 'Không còn tệp đã tải lên' },
  'too-large': {
    en: 'The file ({size}) is over the limit of {limit}: it was not read',
    vi: 'Tệp {size} vượt giới hạn {limit}: tệp không được đọc',
  },
  failed: { en: 'The work stopped: {reason}', vi: 'Công việc bị dừng: {reason}' },
  'failed-unknown': {
    en: 'The work stopped for a reason not recorded',
    vi: 'Công việc bị dừng, không rõ lý do',
  },
});

/** A size as people read it in each language: KB under a megabyte, MB above. */
export function readableSize(bytes: number) {
  const [amount, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / 1024 / 1024, 'MB'];
  const say = (locale: string) => `${amount.toLocaleString(locale, { maximumFractionDigits: 1 })} ${unit}`;
  return { vi: say('vi-VN'), en: say('en-GB') };
}
