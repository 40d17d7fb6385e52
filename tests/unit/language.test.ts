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
    const result = z.object({ age: z.number() }).safeParse({ age: 'x' }, { error: zodErrorMap('vi')! });
    expect(result.error?.issues[0]?.message).toMatch(/Đầu vào không hợp lệ/);
    expect(translate('The personal ID number has 12 digits', 'vi')).toBe(
      'Số định danh cá nhân gồm 12 chữ số',
    );
    expect(translate('The personal ID number has 12 digits', 'en')).toBe(
      'The personal ID number has 12 digits',
    );
    expect(translate('A message nobody translated', 'vi')).toBe('A message nobody translated');
  });
});
