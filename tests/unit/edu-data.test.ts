import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CORRECTION_FIELDS,
  correctionRequestBody,
  correctionResolutionBody,
} from '../../functions/edu-data/domain/corrections.ts';
import {
  checkPersonalId,
  makePersonalId,
  PROVINCE_CODES,
} from '../../functions/edu-data/domain/personal-id.ts';
import { factsOf, studentData } from '../../functions/edu-data/domain/records.ts';
import { exportRow, matchHeaders, parseRow, SHEET_COLUMNS } from '../../functions/edu-data/domain/sheets.ts';
import { derivedRatios, schoolFigures, sumFigures } from '../../functions/edu-data/domain/statistics.ts';
import {
  approve,
  createDraft,
  editDraft,
  officialData,
  returnToSchool,
  submit,
  WorkflowError,
} from '../../functions/edu-data/domain/workflow.ts';
import { searchKey, tidyName } from '../../shared/text/vietnamese.ts';

const provinces = [...PROVINCE_CODES];
const person = fc.record({
  province: fc.constantFrom(...provinces),
  year: fc.integer({ min: 1930, max: 2099 }),
  gender: fc.constantFrom('male' as const, 'female' as const),
  serial: fc.integer({ min: 0, max: 999_999 }),
});

describe('personal ID codes', () => {
  it('accepts every code made for a person, checked against that person', () => {
    fc.assert(
      fc.property(person, ({ province, year, gender, serial }) => {
        const id = makePersonalId(province, year, gender, serial);
        expect(id).toMatch(/^\d{12}$/);
        expect(checkPersonalId(id, { gender, dateOfBirth: `${year}-06-15` })).toEqual([]);
      }),
    );
  });

  it('catches the other gender, another birth year or an unknown province', () => {
    fc.assert(
      fc.property(person, fc.integer({ min: 1, max: 60 }), ({ province, year, gender, serial }, shift) => {
        const id = makePersonalId(province, year, gender, serial);
        const other = gender === 'male' ? 'female' : 'male';
        expect(
          checkPersonalId(id, { gender: other, dateOfBirth: `${year}-01-01` }).map((p) => p.code),
        ).toContain('century-gender');
        expect(checkPersonalId(id, { gender, dateOfBirth: `${year + shift}-01-01` }).length).toBeGreaterThan(
          0,
        );
      }),
    );
    expect(checkPersonalId('999310123456').map((p) => p.code)).toEqual(['province']);
    expect(checkPersonalId('03131012345').map((p) => p.code)).toEqual(['format']);
  });
});

describe('Vietnamese names', () => {
  it('folds diacritics, đ and case for search, keeps the name as written', () => {
    expect(searchKey('Nguyễn Thị Ánh Dương')).toBe('nguyen thi anh duong');
    expect(searchKey('ĐẶNG  văn   Đức')).toBe('dang van duc');
    // A decomposed string (as some phones send) folds the same way.
    expect(searchKey('Nguyễn'.normalize('NFD'))).toBe(searchKey('Nguyễn'));
    expect(tidyName('  Lê   Minh  Khoa '.normalize('NFD'))).toBe('Lê Minh Khoa'.normalize('NFC'));
  });
});

describe('record workflow', () => {
  const at = '2026-11-26T08:00:00.000Z';
  it('only counts approved data, and keeps it while a new draft waits', () => {
    let s = createDraft({ n: 1 });
    expect(officialData(s)).toBeUndefined();
    s = approve(submit(s, at), 'officer', at);
    expect(s).toMatchObject({ status: 'approved', version: 3, approved: { event: 'new', version: 3 } });
    s = editDraft(s, { n: 2 });
    expect(s).toMatchObject({ status: 'draft', event: 'update', version: 4 });
    expect(officialData(s)).toEqual({ n: 1 });
    s = approve(submit(s, at), 'officer', at);
    expect(officialData(s)).toEqual({ n: 2 });
  });

  it('refuses transitions out of order', () => {
    const draft = createDraft({});
    expect(() => approve(draft, 'x', at)).toThrow(WorkflowError);
    expect(() => returnToSchool(draft, 'why')).toThrow(WorkflowError);
    const submitted = submit(draft, at);
    expect(() => submit(submitted, at)).toThrow(WorkflowError);
    expect(() => editDraft(submitted, {})).toThrow(WorkflowError);
    const approved = approve(submitted, 'x', at);
    expect(() => submit(approved, at)).toThrow(/no changes/);
  });

  it('a cancelled record drops out of the official data once approved', () => {
    const approved = approve(submit(createDraft({ a: 1 }), at), 'x', at);
    const cancelled = approve(submit(editDraft(approved, approved.data, 'cancel'), at), 'x', at);
    expect(cancelled.approved?.event).toBe('cancel');
    expect(officialData(cancelled)).toBeUndefined();
    expect(() => editDraft(cancelled, {})).toThrow(/cancelled/);
  });

  it('versions only ever grow', () => {
    const steps = fc.array(fc.constantFrom('edit', 'submit', 'approve', 'return'), { maxLength: 30 });
    fc.assert(
      fc.property(steps, (list) => {
        let s = createDraft({});
        for (const step of list) {
          const before = s.version;
          try {
            if (step === 'edit') s = editDraft(s, {});
            if (step === 'submit') s = submit(s, at);
            if (step === 'approve') s = approve(s, 'x', at);
            if (step === 'return') s = returnToSchool(s, 'r');
            expect(s.version).toBe(before + 1);
          } catch (error) {
            expect(error).toBeInstanceOf(WorkflowError);
            expect(s.version).toBe(before);
          }
        }
      }),
    );
  });
});

describe('record sheets', () => {
  const header = SHEET_COLUMNS.student.map((c) => c.header);
  it('reads a learner row written the Vietnamese way', () => {
    const positions = matchHeaders(
      'student',
      header.map((h) => h.toUpperCase()),
    );
    const cells = SHEET_COLUMNS.student.map((c) => c.example);
    const row = parseRow('student', 2, cells, positions);
    expect(row.errors).toEqual([]);
    expect(row.classCode).toBe('5A1');
    expect(row.data).toMatchObject({
      gender: 'female',
      dateOfBirth: '2015-03-14',
      ethnicity: '01',
      grade: 5,
      health: { heightCm: 135, weightKg: 30.5 },
      policyGroups: ['poor-household', 'fee-exemption'],
      guardians: [
        { relation: 'father', fullName: 'Nguyễn Văn Hùng', phone: '0912345678' },
        { relation: 'mother', fullName: 'Trần Thị Mai', phone: '0987654321' },
      ],
    });
    expect(studentData.safeParse(row.data).success).toBe(true);
  });

  it('names the cell of every value it cannot read', () => {
    const positions = matchHeaders('student', header);
    const cells = SHEET_COLUMNS.student.map((c) => c.example);
    cells[2] = 'Không rõ';
    cells[3] = '31/02/2015x';
    cells[8] = 'năm';
    const row = parseRow('student', 7, cells, positions);
    expect(row.errors.map((e) => [e.row, e.column, e.header, e.code])).toEqual([
      [7, 3, 'Giới tính', 'edu-data.one-of'],
      [7, 4, 'Ngày sinh', 'edu-data.date-dmy'],
      [7, 9, 'Khối', 'edu-data.whole-number'],
    ]);
    expect(row.errors[0]).toMatchObject({
      params: { choices: 'Nam, Nữ' },
      message: 'Must be one of: Nam, Nữ',
    });
  });
});

describe('export layout', () => {
  it('an exported row reads back as the same record (export → correct → import)', () => {
    const positions = matchHeaders(
      'student',
      SHEET_COLUMNS.student.map((c) => c.header),
    );
    const original = parseRow(
      'student',
      2,
      SHEET_COLUMNS.student.map((c) => c.example),
      positions,
    );
    const data = studentData.parse(original.data);
    const again = parseRow('student', 2, exportRow('student', data, original.classCode), positions);
    expect(again.errors).toEqual([]);
    expect(studentData.parse(again.data)).toEqual(data);
    expect(again.classCode).toBe(original.classCode);
  });
});

describe('official figures', () => {
  const approvedAt = '2026-11-20T00:00:00.000Z';
  const approved = (kind: string, data: unknown) =>
    ({
      kind,
      status: 'approved',
      approved: { data, version: 3, event: 'new', approvedAt, approvedBy: 'x' },
    }) as never;
  const learner = (grade: number, gender: string) =>
    approved('student', {
      grade,
      gender,
      ethnicity: '01',
      status: 'enrolled',
      policyGroups: [],
      guardians: [],
      classId: 'c',
    });

  it('counts approved learners only and adds schools up', () => {
    const a = schoolFigures([
      learner(1, 'male'),
      learner(1, 'female'),
      { kind: 'student', status: 'draft' } as never,
      approved('class', {}),
      approved('staff', { position: 'teacher' }),
    ]);
    expect(a).toMatchObject({
      learners: 2,
      drafts: 1,
      classes: 1,
      teachers: 1,
      learnersByLevel: { '02': 2 },
    });
    const b = schoolFigures([learner(6, 'female')]);
    const total = sumFigures([a, b]);
    expect(total).toMatchObject({ schools: 2, learners: 3, learnersByGender: { male: 1, female: 2 } });
    expect(total.learnersByGrade).toEqual({ '1': 2, '6': 1 });
    expect(derivedRatios(total)).toMatchObject({ averageClassSize: 3, learnersPerTeacher: 3 });
  });
});

describe('natural keys', () => {
  it('makes a learner unique city-wide and a staff code unique per school', () => {
    expect(factsOf('student', 'A', { personalId: '031310123456', fullName: 'X' }).naturalKey).toBe(
      factsOf('student', 'B', { personalId: '031310123456', fullName: 'Y' }).naturalKey,
    );
    expect(factsOf('staff', 'A', { staffCode: 'gv1', fullName: 'X' }).naturalKey).not.toBe(
      factsOf('staff', 'B', { staffCode: 'GV1', fullName: 'X' }).naturalKey,
    );
  });
});

describe('correction requests', () => {
  it('take a field of the profile and a message of 1–1000 characters, kept as typed (NFC)', () => {
    // "Hà" typed with a combining grave accent: stored composed.
    const typed = correctionRequestBody.parse({ field: 'fullName', message: '  Tên em là Ha\u0300 ' });
    expect(typed).toEqual({ field: 'fullName', message: 'Tên em là Hà' });
    expect(typed.message).toBe('Tên em là Hà'.normalize('NFC'));
    expect(correctionRequestBody.safeParse({ field: 'address', message: 'Dòng một\nDòng hai' }).success).toBe(
      true,
    );
    for (const bad of [
      { field: 'password', message: 'x' },
      { field: 'address', message: '   ' },
      { field: 'address', message: 'x'.repeat(1001) },
      { field: 'address', message: 'chuông\u0007' },
    ])
      expect(correctionRequestBody.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    expect(CORRECTION_FIELDS).toContain('other');
  });

  it('are answered done or rejected, always with a note', () => {
    expect(correctionResolutionBody.safeParse({ outcome: 'done', note: 'Đã sửa.' }).success).toBe(true);
    expect(correctionResolutionBody.safeParse({ outcome: 'done', note: '' }).success).toBe(false);
    expect(correctionResolutionBody.safeParse({ outcome: 'later', note: 'x' }).success).toBe(false);
  });
});
