/**
 * A transcript (học bạ số) from a pupil's year: its content from the results, the XML checked
 * against the published XSD by an independent validator (xmllint), and the PDF signed three
 * times — homeroom teacher, principal, the school's seal — each signature checked by poppler's
 * pdfsig, which must also see a changed byte. The figures are worked by hand.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PrimaryPupilResult } from '../../functions/gradebook/domain/primary.ts';
import {
  primaryTranscriptOf,
  transcriptDocument,
  transcriptPage,
} from '../../functions/gradebook/domain/primary-transcript.ts';
import type { PupilResult } from '../../functions/gradebook/domain/results.ts';
import { CIRCULAR_27 } from '../../functions/gradebook/domain/rules.ts';
import {
  printed,
  type TranscriptContent,
  transcriptOf,
  transcriptXml,
} from '../../functions/gradebook/domain/transcript.ts';
import type { TranscriptItem } from '../../functions/gradebook/transcripts.ts';

process.env.SIGNING_BACKEND = 'dev';
const { makeTranscriptFiles } = await import('../../functions/gradebook/workers/sign-transcript.ts');

const XSD = join(import.meta.dirname, '../../docs/hoc-ba.xsd');
const dir = mkdtempSync(join(tmpdir(), 'transcript-'));

/** xmllint's verdict on a document: 0 when it validates against the XSD. */
function validate(xml: string): { ok: boolean; report: string } {
  const file = join(dir, `t-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  const run = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  return { ok: run.status === 0, report: run.stderr };
}

const base = {
  schoolYear: '2026-2027',
  grade: 11,
  ruleSet: { id: 'tt22-2021', circular: '22/2021/TT-BGDĐT' },
  school: { orgUnitId: 'THPT-TRANPHU', name: 'Trường THPT Trần Phú' },
  className: '11A2',
  learner: {
    learnerId: 'c0a5e000-2050-4bd7-9d7a-0000000000a2',
    fullName: 'Nguyễn Thị Ánh Dương',
    dateOfBirth: '2010-04-30',
    personalId: '031310004521',
  },
  homeroomComment: 'Chăm ngoan, tiến bộ rõ; cần mạnh dạn phát biểu <hơn> & tự tin.',
  homeroomTeacher: 'Đặng Thị Thuỳ Dương',
};

// Toán: S1 8.0, S2 8.5 → year (8.0 + 2 × 8.5) / 3 = 25 / 3 = 8.33… → 8.3. Thể dục: Đạt.
const period = (toan: number, conduct: 'T' | 'K', absent: number): PupilResult => ({
  subjects: [
    { subject: 'TOAN', average: toan },
    { subject: 'GDTC', pass: 'D' },
  ],
  missing: [],
  learning: { level: 'K' },
  conduct,
  absentHalfDays: absent,
});
const year: PupilResult = {
  ...period(83, 'T', 5),
  honour: 'good',
  outcome: { outcome: 'promoted', retestSubjects: [] },
};
const subjects = [
  { code: 'TOAN', name: 'Toán' },
  { code: 'GDTC', name: 'Giáo dục thể chất' },
];

describe('a transcript’s content', () => {
  it('takes each semester’s and the year’s result of every subject', () => {
    const c = transcriptOf({
      base,
      subjects,
      semester1: period(80, 'K', 3),
      semester2: period(85, 'T', 2),
      year,
    })!;
    expect(c.subjects).toEqual([
      { code: 'TOAN', name: 'Toán', semester1: 80, semester2: 85, year: 83 },
      { code: 'GDTC', name: 'Giáo dục thể chất', semester1: 'D', semester2: 'D', year: 'D' },
    ]);
    expect(c.semester1).toEqual({ learning: 'K', conduct: 'K', absentHalfDays: 3 });
    expect(c.year).toMatchObject({ conduct: 'T', honour: 'good', outcome: 'promoted', absentHalfDays: 5 });
    expect([printed(83), printed(100), printed(5), printed('CD')]).toEqual(['8,3', '10,0', '0,5', 'CĐ']);
  });

  it('is not made while the year is not decided', () => {
    const undecided = { ...year, missing: ['TOAN'] };
    delete (undecided as Partial<PupilResult>).outcome;
    expect(
      transcriptOf({
        base,
        subjects,
        semester1: period(80, 'K', 3),
        semester2: period(85, 'T', 2),
        year: undecided,
      }),
    ).toBeUndefined();
  });
});

describe('the transcript’s XML', () => {
  let content: TranscriptContent;
  beforeAll(() => {
    content = transcriptOf({
      base,
      subjects,
      semester1: period(80, 'K', 3),
      semester2: period(85, 'T', 2),
      year,
    })!;
  });

  it('validates against docs/hoc-ba.xsd, with scores as decimals and the text escaped', () => {
    const xml = transcriptXml(content, { principal: 'Lê Văn Hiệu', code: 'K7QM-4XPA-9R' });
    const verdict = validate(xml);
    expect(verdict.report).toContain('validates');
    expect(verdict.ok).toBe(true);
    expect(xml).toContain('<HocKy1>8.0</HocKy1>');
    expect(xml).toContain('<CaNam>8.3</CaNam>');
    expect(xml).toContain('<MaDinhDanh>031310004521</MaDinhDanh>');
    expect(xml).toContain('&lt;hơn&gt; &amp; tự tin');
  });

  it('drops the control characters XML 1.0 forbids (a comment pasted with a vertical tab)', () => {
    const pasted = { ...content, homeroomComment: 'Chăm ngoan\u000B tiến bộ\u0001.' };
    const xml = transcriptXml(pasted, { principal: 'Lê Văn Hiệu', code: 'K7QM-4XPA-9R' });
    expect(validate(xml).ok).toBe(true);
    expect(xml).toContain('<NhanXet>Chăm ngoan tiến bộ.</NhanXet>');
  });

  it('fails the XSD when a score is out of range or a level unknown (the check can fail)', () => {
    const xml = transcriptXml(content, { principal: 'Lê Văn Hiệu', code: 'K7QM-4XPA-9R' });
    expect(validate(xml.replace('<CaNam>8.3</CaNam>', '<CaNam>11.0</CaNam>')).ok).toBe(false);
    expect(validate(xml.replace('<KetQuaHocTap>K</KetQuaHocTap>', '<KetQuaHocTap>G</KetQuaHocTap>')).ok).toBe(
      false,
    );
  });
});

describe('the signed transcript', () => {
  let pdfFile: string;
  beforeAll(async () => {
    const content = transcriptOf({
      base,
      subjects,
      semester1: period(80, 'K', 3),
      semester2: period(85, 'T', 2),
      year,
    })!;
    const t: TranscriptItem = {
      learnerId: base.learner.learnerId,
      schoolYear: '2026-2027',
      transcriptId: 'c0a5e000-2050-4bd7-9d7a-0000000000f1',
      classId: 'c0a5e000-2050-4bd7-9d7a-0000000000a1',
      schoolId: 'THPT-TRANPHU',
      grade: 11,
      content,
      state: 'signing',
      code: 'K7QM4XPA9R',
      signatureId: 'c0a5e000-2050-4bd7-9d7a-0000000000f2',
      approvedBy: 'teacher1',
      approvedByName: 'Đặng Thị Thuỳ Dương',
      approvedAt: '2027-05-25T02:00:00.000Z',
      principalId: 'principal1',
      principalName: 'Lê Văn Hiệu',
      version: 2,
    };
    const files = await makeTranscriptFiles(t, new Date('2027-05-28T03:00:00.000Z'));
    pdfFile = join(dir, 'hoc-ba.pdf');
    writeFileSync(pdfFile, files.pdf);
    writeFileSync(join(dir, 'hoc-ba.xml'), files.xml);
    expect(validate(Buffer.from(files.xml).toString('utf8')).ok).toBe(true);
    expect(files.xmlSignature.byteLength).toBeGreaterThan(1000);
  }, 60_000);

  it('carries three valid signatures: the homeroom teacher, the principal, the school’s seal', () => {
    const run = spawnSync('pdfsig', [pdfFile], { encoding: 'utf8' });
    // Each incremental update is well-formed: poppler reads it without a syntax error.
    expect(run.stderr).not.toContain('Error');
    const report = run.stdout;
    const signers = [...report.matchAll(/Signer Certificate Common Name: (.*)/g)].map((m) => m[1]);
    expect(signers).toEqual(['Đặng Thị Thuỳ Dương', 'Lê Văn Hiệu', 'Trường THPT Trần Phú']);
    const verdicts = [...report.matchAll(/Signature Validation: (.*)/g)].map((m) => m[1]);
    expect(verdicts).toEqual(['Signature is Valid.', 'Signature is Valid.', 'Signature is Valid.']);
    expect(report).toContain('Total document signed');
  });

  it('prints the year in Vietnamese with the code', () => {
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    for (const expected of [
      'HỌC BẠ',
      'Nguyễn Thị Ánh Dương',
      'Giáo dục thể chất',
      '8,3',
      'Học sinh Giỏi',
      'Được lên lớp',
      'K7QM-4XPA-9R',
    ])
      expect(text).toContain(expected);
  });

  it('shows a changed byte to pdfsig: no signature holds', () => {
    const tampered = Uint8Array.from(readFileSync(pdfFile));
    // A byte of the document's metadata, inside every signature's first signed range.
    const at = Buffer.from(tampered).indexOf('/Title') + 8;
    tampered[at] = tampered[at] === 0x41 ? 0x42 : 0x41;
    const file = join(dir, 'tampered.pdf');
    writeFileSync(file, tampered);
    const report = spawnSync('pdfsig', [file], { encoding: 'utf8' }).stdout;
    const verdicts = [...report.matchAll(/Signature Validation: (.*)/g)].map((m) => m[1]);
    expect(verdicts).toHaveLength(3);
    expect(verdicts.filter((v) => v === 'Signature is Valid.')).toEqual([]);
  });
});

describe('a primary transcript (Circular 27)', () => {
  const qualities = CIRCULAR_27.qualities.filter((q) => !q.fromGrade || q.fromGrade <= 2);
  const rated = (r: 'T' | 'D') => Object.fromEntries(qualities.map((q) => [q.code, r]));
  const semester1: PrimaryPupilResult = {
    subjects: [
      { subject: 'TIENG_VIET', rating: 'HT', test: 80 },
      { subject: 'DAO_DUC', rating: 'HTT' },
    ],
    missing: [],
    qualities: rated('D'),
    absentHalfDays: 1,
  };
  const yearEnd: PrimaryPupilResult = {
    subjects: [
      { subject: 'TIENG_VIET', rating: 'HTT', test: 0 },
      { subject: 'DAO_DUC', rating: 'HTT' },
    ],
    missing: [],
    qualities: rated('T'),
    absentHalfDays: 3,
    achievement: 'HT',
    completion: 'grade',
  };
  const primaryBase = {
    ...base,
    grade: 2,
    className: '2A',
    ruleSet: { id: 'tt27-2020', circular: '27/2020/TT-BGDĐT' },
  };
  const content = primaryTranscriptOf({
    base: primaryBase,
    subjects: [
      { code: 'TIENG_VIET', name: 'Tiếng Việt' },
      { code: 'DAO_DUC', name: 'Đạo đức' },
    ],
    qualities,
    semester1,
    year: yearEnd,
  })!;

  it('takes the mid-year and year-end assessments of every subject and quality', () => {
    expect(content.subjects[0]).toEqual({
      code: 'TIENG_VIET',
      name: 'Tiếng Việt',
      semester1: { rating: 'HT', test: 80 },
      year: { rating: 'HTT', test: 0 },
    });
    expect(content.qualities).toHaveLength(13);
    expect(content.qualities[0]).toMatchObject({ code: 'YEU_NUOC', semester1: 'D', year: 'T' });
    expect(content.year).toEqual({ achievement: 'HT', completion: 'grade' });
    expect(content.absentHalfDays).toEqual({ semester1: 1, year: 3 });
    expect(
      primaryTranscriptOf({
        base: primaryBase,
        subjects: [],
        qualities,
        semester1,
        year: { ...yearEnd, missing: ['qualities'] },
      }),
    ).toBeUndefined();
  });

  it('validates against the XSD’s primary branch, a test of 0 kept', () => {
    const xml = transcriptDocument(content, { principal: 'Hoàng Văn Thắng', code: 'ABCD-EFGH-JK' });
    const verdict = validate(xml);
    expect(verdict.ok, verdict.report).toBe(true);
    expect(xml).toContain('<KiemTraCuoiNam>0</KiemTraCuoiNam>');
    expect(xml).toContain('<KiemTraHocKy1>8</KiemTraHocKy1>');
    expect(xml).toContain('<HoanThanhChuongTrinh>grade</HoanThanhChuongTrinh>');
  });

  it('fails the XSD with a rating unknown or a test not whole (the check can fail)', () => {
    const xml = transcriptDocument(content, { principal: 'Hoàng Văn Thắng', code: 'ABCD-EFGH-JK' });
    expect(validate(xml.replace('<CaNam>HTT</CaNam>', '<CaNam>Giỏi</CaNam>')).ok).toBe(false);
    expect(
      validate(xml.replace('<KiemTraHocKy1>8</KiemTraHocKy1>', '<KiemTraHocKy1>8.5</KiemTraHocKy1>')).ok,
    ).toBe(false);
    expect(validate(xml.replace('<KetQuaGiaoDuc>HT</KetQuaGiaoDuc>', '')).ok).toBe(false);
  });

  it('prints the page in Vietnamese: ratings, qualities by group, the year, what follows', () => {
    const text = JSON.stringify(
      transcriptPage(content, { principal: 'Hoàng Văn Thắng', code: 'X', date: new Date() }),
    );
    expect(text).toContain('Hoàn thành tốt');
    expect(text).toContain('Phẩm chất chủ yếu: Yêu nước');
    expect(text).toContain('Năng lực đặc thù: Thể chất');
    expect(text).toContain('Hoàn thành chương trình lớp 2');
    expect(text).not.toContain('HTT');
  });
});
