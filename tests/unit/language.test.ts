import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { preferredLanguage, translate, zodErrorMap } from '../../shared/http/language.ts';

describe('problem language', () => {
  it('follows Accept-Language: Vietnamese when preferred, English otherwise', () => {
    expect(preferredLanguage('vi')).toBe('vi');
    expect(preferredLanguage('vi-VN,vi;q=0.9,en;q=0.8')).toBe('vi');
    expect(preferredLanguage('en-GB,vi;q=0.5')).toBe('en');
    expect(preferredLanguage('en;q=0.2, vi;q=0.8')).toBe('vi');
    expect(preferredLanguage(undefined)).toBe('en');
    expect(preferredLanguage('vi;q=0')).toBe('en');
  });

  it("gives zod's own messages in Vietnamese and translates the platform's", () => {
    const schema = z.object({
      age: z.number().max(1),
      name: z.string().min(1).max(150),
      level: z.enum(['recognition', 'understanding']),
      candidates: z.array(z.string()).min(1),
      email: z.email(),
      note: z.string(),
      id: z.uuid(),
    });
    const messages = (value: unknown) =>
      Object.fromEntries(
        schema
          .safeParse(value, { error: zodErrorMap('vi')! })
          .error!.issues.map((i) => [i.path[0], i.message]),
      );
    expect(
      messages({
        age: 5,
        name: 'x'.repeat(151),
        level: 'recall',
        candidates: [],
        email: 'a',
        note: 3,
        id: '1',
      }),
    ).toEqual({
      age: 'Không lớn hơn 1',
      name: 'Tối đa 150 ký tự',
      level: 'Chọn một giá trị trong danh sách',
      candidates: 'Chọn ít nhất một mục',
      email: 'Địa chỉ thư điện tử không đúng (ví dụ: ten@truong.edu.vn)',
      note: 'Cần một đoạn chữ',
      id: 'Mã không đúng định dạng',
    });
    expect(messages({ name: '' })).toMatchObject({ age: 'Bắt buộc', name: 'Bắt buộc', note: 'Bắt buộc' });
    expect(translate('The personal ID number has 12 digits', 'vi')).toBe(
      'Số định danh cá nhân gồm 12 chữ số',
    );
    expect(translate('The personal ID number has 12 digits', 'en')).toBe(
      'The personal ID number has 12 digits',
    );
    expect(translate('A message nobody translated', 'vi')).toBe('A message nobody translated');
  });
});
