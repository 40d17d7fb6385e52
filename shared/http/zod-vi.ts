/**
 * zod's messages as a person filling a form in Vietnamese should read them: "Bắt buộc", "Tối đa
 * 150 ký tự", "Chọn một trong danh sách" — not zod's own Vietnamese locale ("mong đợi string,
 * nhận được undefined", "Quá lớn: mong đợi number <=1"), whose type names and operators are for
 * programmers. The schemas' own messages win over these (zod gives them precedence).
 */
import type * as z from 'zod';

const NUMBER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 6 });
const num = (n: number | bigint) => (typeof n === 'bigint' ? n.toString() : NUMBER.format(n));

const KIND_OF: Record<string, string> = {
  string: 'một đoạn chữ',
  number: 'một số',
  int: 'một số nguyên',
  bigint: 'một số nguyên',
  boolean: 'có hoặc không',
  array: 'một danh sách',
  object: 'một nhóm thông tin',
  date: 'một ngày',
};

const FORMATS: Record<string, string> = {
  email: 'Địa chỉ thư điện tử không đúng (ví dụ: ten@truong.edu.vn)',
  uuid: 'Mã không đúng định dạng',
  guid: 'Mã không đúng định dạng',
  url: 'Địa chỉ web không đúng',
  datetime: 'Thời điểm không đúng (năm-tháng-ngàyTgiờ:phút)',
  date: 'Ngày không đúng (năm-tháng-ngày)',
  time: 'Giờ không đúng (giờ:phút)',
  regex: 'Không đúng định dạng',
};

/** Units a size limit counts, by what is measured. */
const UNITS: Record<string, string> = { string: 'ký tự', array: 'mục', set: 'mục', file: 'byte' };

export const vietnameseIssues: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return 'Bắt buộc';
      return `Cần ${KIND_OF[issue.expected] ?? 'giá trị khác'}`;
    case 'invalid_value':
      return issue.values.length === 1 ? 'Giá trị không đúng' : 'Chọn một giá trị trong danh sách';
    case 'too_big': {
      const unit = UNITS[issue.origin];
      if (unit) return `Tối đa ${num(issue.maximum as number)} ${unit}`;
      return issue.inclusive
        ? `Không lớn hơn ${num(issue.maximum as number)}`
        : `Nhỏ hơn ${num(issue.maximum as number)}`;
    }
    case 'too_small': {
      const unit = UNITS[issue.origin];
      const min = issue.minimum as number;
      if (issue.origin === 'string' && min === 1) return 'Bắt buộc';
      if (issue.origin === 'array' && min === 1) return 'Chọn ít nhất một mục';
      if (unit) return `Ít nhất ${num(min)} ${unit}`;
      return issue.inclusive ? `Không nhỏ hơn ${num(min)}` : `Lớn hơn ${num(min)}`;
    }
    case 'invalid_format':
      return FORMATS[issue.format] ?? 'Không đúng định dạng';
    case 'not_multiple_of':
      return `Phải là bội số của ${num(issue.divisor as number)}`;
    case 'unrecognized_keys':
      return `Không nhận các mục: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'Giá trị không đúng';
    default:
      return 'Giá trị không đúng';
  }
};
