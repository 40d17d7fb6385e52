import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { examsText } from '../../functions/exams/domain/texts.ts';
import { parseOrgUnitSheet } from '../../functions/identity/domain/org-unit-sheet.ts';
import { libraryText } from '../../functions/library/domain/texts.ts';
import { notificationsText } from '../../functions/notifications/domain/texts.ts';
import { repositoryText } from '../../functions/repository/domain/texts.ts';
import { fieldErrors } from '../../shared/http/problem.ts';
import '../../shared/http/texts.ts';
import { checkPersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { RECORD_KIND_WORDS, schoolYearData, studentData } from '../../functions/edu-data/domain/records.ts';
import { matchHeaders, parseRow, SHEET_COLUMNS } from '../../functions/edu-data/domain/sheets.ts';
import { eduText, issueText } from '../../functions/edu-data/domain/texts.ts';
import { submit } from '../../functions/edu-data/domain/workflow.ts';
import { identityText, ROLE_WORDS, wordList } from '../../functions/identity/domain/texts.ts';
import { lessonPlanRefusal } from '../../functions/records/domain/records.ts';
import { dayWords, recordText } from '../../functions/records/domain/texts.ts';
import { zodErrorMap } from '../../shared/http/language.ts';
import { jobText, readableSize } from '../../shared/jobs/texts.ts';
import { codedIssue, parseWithTexts } from '../../shared/text/issues.ts';
import {
  bothLanguages,
  declaredTexts,
  defineTexts,
  localizingReplacer,
  renderText,
} from '../../shared/text/texts.ts';

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
    // Every context's catalogue is declared by importing it (above).
    const prefixes = new Set([...declaredTexts().keys()].map((code) => code.split('.')[0]));
    for (const prefix of [
      'identity',
      'edu-data',
      'records',
      'job',
      'http',
      'validation',
      'exams',
      'library',
      'repository',
      'notifications',
    ])
      expect(prefixes, prefix).toContain(prefix);
    for (const [code, wording] of declaredTexts()) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(wording.vi), code).toEqual(names(wording.en));
    }
  });

  it('puts a coded message inside another in both languages', () => {
    const reason = identityText('specialist-needs-subject');
    const text = identityText('may-not-grant', { reason: bothLanguages(reason) });
    expect(text.message).toBe(
      'You may not grant this role: a Department specialist needs the subject they cover.',
    );
    expect(renderText(text.code, text.params, 'vi')).toBe(
      'Bạn không được giao vai trò này: cần ghi môn học mà chuyên viên Sở phụ trách.',
    );
  });

  it('names roles and lists of words as each language says them', () => {
    expect(ROLE_WORDS['commune-admin']).toEqual({ vi: 'Quản trị cấp xã', en: 'commune administrator' });
    expect(wordList([{ vi: 'xã', en: 'commune' }])).toEqual({ vi: 'xã', en: 'commune' });
    expect(
      wordList([
        { vi: 'xã', en: 'commune' },
        { vi: 'phường', en: 'ward' },
        { vi: 'đặc khu', en: 'special zone' },
      ]),
    ).toEqual({ vi: 'xã, phường hoặc đặc khu', en: 'commune, ward or special zone' });
  });
});

describe('the education database’s messages', () => {
  it('names record kinds inside a sentence', () => {
    expect(RECORD_KIND_WORDS.student).toEqual({ vi: 'học sinh', en: 'learner' });
    // “Hồ sơ” is the sentence's: never “hồ sơ hồ sơ trường”.
    expect(RECORD_KIND_WORDS.school).toEqual({ vi: 'trường', en: 'school profile' });
    const text = eduText('duplicate', { kind: RECORD_KIND_WORDS.class });
    expect(text.message).toBe('A class record with this key already exists.');
    expect(renderText(text.code, text.params, 'vi')).toBe('Đã có hồ sơ lớp học với cùng mã này.');
  });

  it('writes a sheet’s cell errors as codes, a list item’s problem in both languages', () => {
    const columns = SHEET_COLUMNS.student;
    const positions = matchHeaders(
      'student',
      columns.map((c) => c.header),
    );
    const cells = columns.map((c) => c.example);
    cells[columns.findIndex((c) => c.field === 'policyGroups')] = 'Hộ nghèo; Hộ giàu';
    cells[columns.findIndex((c) => c.field === 'grade')] = 'năm';
    const { errors } = parseRow('student', 4, cells, positions);
    expect(errors.map((e) => e.code)).toEqual(['edu-data.whole-number', 'edu-data.list-item']);
    const item = errors[1]!;
    expect(item.message).toMatch(/^“Hộ giàu”: Must be one of: Hộ nghèo, Hộ cận nghèo, /);
    expect(renderText(item.code!, item.params, 'vi')).toMatch(
      /^“Hộ giàu”: Phải là một trong các giá trị: Hộ nghèo, Hộ cận nghèo, /,
    );
  });

  it('carries a record rule’s code on its zod issue, whatever language zod speaks', () => {
    const id = checkPersonalId('031213012345', { gender: 'female', dateOfBirth: '2013-05-01' });
    expect(id.map((p) => p.text.code)).toEqual(['edu-data.personal-id-century-gender']);
    const result = studentData.safeParse(
      {
        personalId: '031213012345',
        fullName: 'Lê Thu Hà',
        gender: 'female',
        dateOfBirth: '2013-05-01',
        grade: 7,
        status: 'dropped-out',
      },
      { error: zodErrorMap('vi') },
    );
    expect(result.error?.issues.map((i) => issueText(i)?.code)).toEqual([
      'edu-data.personal-id-century-gender',
      'edu-data.dropout-reason-required',
    ]);
    const dates = schoolYearData.safeParse({
      code: '2026-2027',
      startsOn: '2026-09-05',
      semester1EndsOn: '2026-09-01',
      endsOn: '2027-05-31',
    });
    const issue = dates.error!.issues[0]!;
    expect(issue.path).toEqual(['endsOn']);
    expect(issueText(issue)).toEqual(eduText('school-year-dates'));
  });

  it('says why a workflow step is refused', () => {
    const approved = {
      status: 'approved' as const,
      version: 3,
      event: 'new' as const,
      data: {},
    };
    expect(() => submit(approved, '2026-01-01T00:00:00Z')).toThrow(
      expect.objectContaining({ text: eduText('nothing-to-submit') }),
    );
  });
});

describe('the professional records’ messages', () => {
  it('refuses a lesson plan with a coded reason', () => {
    const refusal = lessonPlanRefusal(['L9'], ['L1'], []);
    expect(refusal).toEqual(recordText('lesson-not-planned'));
    expect(renderText(refusal!.code, refusal!.params, 'vi')).toBe(
      'Bài dạy không có trong kế hoạch giáo dục đã được phê duyệt của bạn.',
    );
  });

  it('writes days the way each language does', () => {
    const text = recordText('between', { from: dayWords('2026-08-01'), to: dayWords('2027-07-31') });
    expect(text.message).toBe('Between 2026-08-01 and 2027-07-31');
    expect(renderText(text.code, text.params, 'vi')).toBe('Từ 01/08/2026 đến 31/07/2027');
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

  it('says each context’s messages in either language, words and numbers included', () => {
    const both = (text: { code: string; params?: Parameters<typeof renderText>[1]; message: string }) => [
      text.message,
      renderText(text.code, text.params, 'vi'),
    ];
    expect(both(examsText('too-many-candidates', { max: 20_000 }))).toEqual([
      'At most 20,000 candidates per request.',
      'Mỗi lần gửi tối đa 20.000 thí sinh.',
    ]);
    expect(
      both(
        repositoryText('not-now', {
          state: { vi: 'bản nháp', en: 'draft' },
          done: { vi: 'duyệt', en: 'approved' },
        }),
      ),
    ).toEqual([
      'A resource in state “draft” cannot be approved now.',
      'Học liệu đang ở trạng thái “bản nháp”: chưa thể duyệt lúc này.',
    ]);
    expect(both(notificationsText('no-phone'))).toEqual(['No phone number', 'Chưa có số điện thoại']);
    expect(both(libraryText('no-copy', { barcode: 'TP-1' }))).toEqual([
      'No copy with barcode TP-1 in this school.',
      'Trường không có bản sách mang mã vạch TP-1.',
    ]);
  });

  it('keeps a schema rule’s code through the pipeline’s field errors', () => {
    const schema = z.object({
      barcodes: z
        .array(z.string())
        .refine((b) => new Set(b).size === b.length, codedIssue(libraryText('barcodes-once'))),
      name: z.string().min(1, 'Cannot be empty'),
    });
    const result = schema.safeParse({ barcodes: ['A', 'A'], name: '' });
    if (result.success) throw new Error('twice the same barcode was taken');
    expect(fieldErrors('body', result.error)).toEqual([
      { in: 'body', field: 'barcodes', ...libraryText('barcodes-once') },
      { in: 'body', field: 'name', message: 'Cannot be empty' },
    ]);
  });

  it('gives an import report every issue as a code, zod’s own words in both languages', () => {
    const schema = z.object({
      year: z.number().int().min(1800),
      title: z.string().min(1, 'Cannot be empty'),
      isbn: z.string().refine(() => false, codedIssue(libraryText('isbn-length'))),
    });
    const parsed = parseWithTexts(schema, { year: 1700, title: '', isbn: '12' });
    if (parsed.success) throw new Error('a bad record was read');
    const [year, title, isbn] = parsed.issues;
    expect(isbn).toEqual({ path: ['isbn'], text: libraryText('isbn-length') });
    expect(title?.text).toMatchObject({ code: 'validation.invalid', message: 'Cannot be empty' });
    expect(renderText(title!.text.code, title!.text.params, 'vi')).toBe('Không được để trống');
    expect(year?.text.code).toBe('validation.invalid');
    expect(year?.text.message).toMatch(/1800/);
    expect(renderText(year!.text.code, year!.text.params, 'vi')).toBe('Không nhỏ hơn 1.800');
    expect(parseWithTexts(schema.pick({ year: true }), { year: 2020 })).toEqual({
      success: true,
      data: { year: 2020 },
    });
  });
});
