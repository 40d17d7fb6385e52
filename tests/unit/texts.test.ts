import { describe, expect, it } from 'vitest';
import { parseOrgUnitSheet } from '../../functions/identity/domain/org-unit-sheet.ts';
import { identityText } from '../../functions/identity/domain/texts.ts';
import { jobText, readableSize } from '../../shared/jobs/texts.ts';
import { declaredTexts, defineTexts, localizingReplacer, renderText } from '../../shared/text/texts.ts';

describe('messages with codes', () => {
  it('writes the code, the parameters and the English sentence', () => {
    expect(identityText('unknown-kind', { value: 'Làng' })).toEqual({
      code: 'identity.unknown-kind',
      params: { value: 'Làng' },
      message: 'Unknown kind “Làng”',
    });
  });

  it('renders a stored message in either language, words and numbers included', () => {
    const text = identityText('kind-not-under', {
      parent: { vi: 'trường', en: 'school' },
      child: { vi: 'xã', en: 'commune' },
    });
    expect(text.message).toBe('A school cannot contain a commune');
    expect(renderText(text.code, text.params, 'vi')).toBe('Trong trường không thể có xã');
    expect(renderText('identity.too-many-units', { max: 1000 }, 'vi')).toBe('Mỗi tệp tối đa 1.000 đơn vị');
    expect(renderText('identity.too-many-units', { max: 1000 }, 'en')).toBe(
      'At most 1,000 units in one file',
    );
  });

  it('says sizes as each language writes them', () => {
    const text = jobText('too-large', {
      size: readableSize(6.5 * 1024 * 1024),
      limit: readableSize(5 * 1024 * 1024),
    });
    expect(text.message).toBe('The file (6.5 MB) is over the limit of 5 MB: it was not read');
    expect(renderText(text.code, text.params, 'vi')).toBe(
      'Tệp 6,5 MB vượt giới hạn 5 MB: tệp không được đọc',
    );
  });

  it('leaves a code no catalogue declares to its English message', () => {
    expect(renderText('nobody.nothing', undefined, 'vi')).toBeUndefined();
    const body = { errors: [{ code: 'nobody.nothing', message: 'As written' }] };
    expect(JSON.parse(JSON.stringify(body, localizingReplacer('vi')))).toEqual(body);
  });

  it('puts answers in the language: coded messages and job failures, nothing else', () => {
    const answer = {
      importId: 'x',
      code: 'TP', // a unit's code is not a message
      name: 'Trường Trần Phú',
      ...{ error: 'The file is not an XLSX spreadsheet', errorCode: 'job.not-xlsx' },
      errors: [{ row: 3, column: 'Loại đơn vị', ...identityText('unknown-kind', { value: 'Làng' }) }],
    };
    const vi = JSON.parse(JSON.stringify(answer, localizingReplacer('vi')));
    expect(vi.error).toBe('Tệp không phải bảng tính XLSX');
    expect(vi.errors[0].message).toMatch(/^Không có loại đơn vị “Làng”/);
    expect(vi.errors[0].code).toBe('identity.unknown-kind');
    expect(vi.code).toBe('TP');
    expect(vi.name).toBe('Trường Trần Phú');
  });

  it('refuses a code declared twice with different wording', () => {
    defineTexts('test-twice', { a: { vi: 'một', en: 'one' } });
    expect(() => defineTexts('test-twice', { a: { vi: 'một', en: 'One' } })).toThrow(/declared twice/);
  });

  it('has every placeholder of a message in both languages', () => {
    for (const [code, wording] of declaredTexts()) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(wording.vi), code).toEqual(names(wording.en));
    }
  });

  it('writes an org-unit sheet’s row errors as codes', () => {
    const { errors } = parseOrgUnitSheet([
      ['Mã định danh', 'Mã đơn vị', 'Tên đơn vị', 'Loại đơn vị', 'Mã định danh đơn vị cấp trên'],
      ['x1', 'X1', 'Làng Một', 'Làng', 'so'],
    ]);
    expect(errors).toEqual([
      { row: 2, column: 'Loại đơn vị', ...identityText('unknown-kind', { value: 'Làng' }) },
    ]);
  });
});
