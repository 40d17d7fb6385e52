/** The learning repository's pure rules: files, review units, states, coverage, OAI-PMH requests and XML. */
import { describe, expect, it } from 'vitest';
import { summariseCoverage, teaches } from '../../functions/repository/domain/curriculum.ts';
import {
  encodeToken,
  OaiError,
  oaiXml,
  parseRequest,
  recordXml,
  resourceIdOf,
  setsOf,
} from '../../functions/repository/domain/oai.ts';
import {
  checkFile,
  dublinCore,
  type FileProblem,
  looksLike,
  mayMove,
  resourceInput,
  reviewUnitOf,
} from '../../functions/repository/domain/resources.ts';
import { renderText } from '../../shared/text/texts.ts';

const oaiError = (pairs: [string, string][]) => {
  try {
    parseRequest(pairs);
  } catch (error) {
    return (error as OaiError).code;
  }
  return 'ok';
};

describe('files', () => {
  it('accepts a kind’s types and extensions within its size limit', () => {
    expect(checkFile('video', { fileName: 'bai.mp4', contentType: 'video/mp4', size: 1e9 })).toEqual([]);
    expect(
      checkFile('video', { fileName: 'bai.pdf', contentType: 'application/pdf', size: 10 })[0]?.field,
    ).toBe('contentType');
    expect(checkFile('video', { fileName: 'bai.webm', contentType: 'video/mp4', size: 10 })[0]?.field).toBe(
      'fileName',
    );
    expect(
      checkFile('document', { fileName: 'a.pdf', contentType: 'application/pdf', size: 51 * 1024 ** 2 }),
    ).toEqual([expect.objectContaining({ field: 'size' })]);
  });

  it('says what is wrong with a file in either language', () => {
    const said = (problem: FileProblem | undefined, language: 'vi' | 'en') =>
      problem && renderText(problem.text.code, problem.text.params, language);
    const [wrongType] = checkFile('video', { fileName: 'bai.pdf', contentType: 'application/pdf', size: 10 });
    expect(wrongType?.text.code).toBe('repository.type-not-accepted');
    expect(said(wrongType, 'en')).toBe('Not a file type for a video: only mp4, webm');
    expect(said(wrongType, 'vi')).toBe('Loại tệp không nhận cho video: chỉ nhận mp4, webm');
    const [extension] = checkFile('audio', { fileName: 'a.wav', contentType: 'audio/ogg', size: 10 });
    expect(said(extension, 'en')).toBe('The extension must be ogg or oga');
    expect(said(extension, 'vi')).toBe('Phần mở rộng phải là ogg hoặc oga');
    const [tooBig] = checkFile('video', { fileName: 'a.mp4', contentType: 'video/mp4', size: 3 * 1024 ** 3 });
    expect(said(tooBig, 'en')).toBe('The file is over the limit of 2,048 MB');
    expect(said(tooBig, 'vi')).toBe('Tệp lớn hơn giới hạn 2.048 MB');
  });

  it('recognises a file by its first bytes, not its name', () => {
    const mp4 = Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypisom')]);
    expect(looksLike('video/mp4', mp4)).toBe(true);
    expect(looksLike('application/pdf', mp4)).toBe(false);
    expect(looksLike('application/pdf', Buffer.from('%PDF-1.7'))).toBe(true);
    expect(looksLike('application/epub+zip', Buffer.from([0x50, 0x4b, 3, 4]))).toBe(true);
    expect(looksLike('audio/mpeg', Buffer.from('ID3\x04'))).toBe(true);
    expect(looksLike('audio/mpeg', Buffer.from('MZ\x90\x00'))).toBe(false);
  });
});

describe('review and states', () => {
  const school = { orgUnitId: 'THPT-TRANPHU', lineage: ['SGD', 'P-NGOQUYEN', 'THPT-TRANPHU'] };
  it('reviews school-only resources at the school, shared ones a level up', () => {
    expect(reviewUnitOf('school', school)).toBe('THPT-TRANPHU');
    expect(reviewUnitOf('open', school)).toBe('P-NGOQUYEN');
    expect(reviewUnitOf('city', { orgUnitId: 'P-NGOQUYEN', lineage: ['SGD', 'P-NGOQUYEN'] })).toBe('SGD');
    expect(reviewUnitOf('open', { orgUnitId: 'SGD', lineage: ['SGD'] })).toBe('SGD');
  });
  it('moves only along the review flow', () => {
    expect(mayMove('draft', 'submit')).toBe(true);
    expect(mayMove('submitted', 'submit')).toBe(false);
    expect(mayMove('draft', 'approve')).toBe(false);
    expect(mayMove('submitted', 'approve')).toBe(true);
    expect(mayMove('withdrawn', 'withdraw')).toBe(false);
  });
  it('checks metadata and describes a resource in Dublin Core', () => {
    const bad = resourceInput.safeParse({ kind: 'video', title: ' ', creators: [], licence: 'open' });
    expect(bad.success).toBe(false);
    const meta = resourceInput.parse({
      kind: 'audio',
      title: '  Bài   hát  Quê hương ',
      creators: ['Lê Thu Hà'],
      licence: 'open',
      curriculum: [{ subject: 'am-nhac', grade: 3, lessonId: 'AM-NHAC3-B1' }],
    });
    expect(meta.title).toBe('Bài hát Quê hương');
    const dc = dublinCore({
      resourceId: 'x',
      meta,
      publishedAt: '2026-11-27T01:00:00.000Z',
      url: 'https://p/x',
    });
    expect(dc.type).toEqual(['Sound']);
    expect(dc.date).toEqual(['2026-11-27']);
    expect(dc.subject.some((s) => s.includes('AM-NHAC3-B1'))).toBe(true);
  });
});

describe('coverage', () => {
  it('sums lessons per subject and for the city', () => {
    const s = summariseCoverage([
      { subject: 'toan', grade: 10, lessons: 27, covered: 20 },
      { subject: 'toan', grade: 11, lessons: 30, covered: 0 },
      { subject: 'vat-li', grade: 10, lessons: 20, covered: 10 },
    ]);
    expect(s.subjects.find((x) => x.subject === 'toan')).toMatchObject({ lessons: 57, covered: 20 });
    expect(s.share).toBeCloseTo(30 / 77);
    expect(summariseCoverage([]).share).toBe(0);
  });
  it('knows which grades teach a subject', () => {
    expect(teaches('vat-li', 10)).toBe(true);
    expect(teaches('vat-li', 6)).toBe(false);
    expect(teaches('khong-co', 1)).toBe(false);
  });
});

describe('OAI-PMH requests', () => {
  it('answers the protocol’s errors', () => {
    expect(oaiError([])).toBe('badVerb');
    expect(oaiError([['verb', 'Harvest']])).toBe('badVerb');
    expect(oaiError([['verb', 'ListRecords']])).toBe('badArgument');
    expect(
      oaiError([
        ['verb', 'Identify'],
        ['set', 'x'],
      ]),
    ).toBe('badArgument');
    expect(
      oaiError([
        ['verb', 'Identify'],
        ['verb', 'Identify'],
      ]),
    ).toBe('badArgument');
    expect(
      oaiError([
        ['verb', 'ListRecords'],
        ['metadataPrefix', 'marc21'],
      ]),
    ).toBe('cannotDisseminateFormat');
    expect(
      oaiError([
        ['verb', 'ListRecords'],
        ['metadataPrefix', 'oai_dc'],
        ['from', '2026-01-01'],
        ['until', '2026-01-01T00:00:00Z'],
      ]),
    ).toBe('badArgument');
    expect(
      oaiError([
        ['verb', 'ListRecords'],
        ['metadataPrefix', 'oai_dc'],
        ['from', '2026-13-45'],
      ]),
    ).toBe('badArgument');
    expect(
      oaiError([
        ['verb', 'ListRecords'],
        ['resumptionToken', 'garbage'],
      ]),
    ).toBe('badResumptionToken');
    expect(
      oaiError([
        ['verb', 'ListRecords'],
        ['resumptionToken', 'x'],
        ['metadataPrefix', 'oai_dc'],
      ]),
    ).toBe('badArgument');
  });
  it('reads day bounds inclusively and resumes where a token says', () => {
    expect(
      parseRequest([
        ['verb', 'ListIdentifiers'],
        ['metadataPrefix', 'oai_dc'],
        ['from', '2026-11-01'],
        ['until', '2026-11-30'],
        ['set', 'kind.video'],
      ]),
    ).toEqual({
      verb: 'ListIdentifiers',
      cursor: 0,
      set: 'kind.video',
      from: '2026-11-01T00:00:00Z',
      until: '2026-11-30T23:59:59Z',
    });
    const token = encodeToken({
      verb: 'ListRecords',
      set: 'subject.toan',
      cursor: 100,
      after: '2026-11-27T01:00:00Z|r1',
    });
    expect(
      parseRequest([
        ['verb', 'ListRecords'],
        ['resumptionToken', token],
      ]),
    ).toMatchObject({
      verb: 'ListRecords',
      set: 'subject.toan',
      cursor: 100,
      after: '2026-11-27T01:00:00Z|r1',
    });
    // A token of one verb is not good for another.
    expect(
      oaiError([
        ['verb', 'ListIdentifiers'],
        ['resumptionToken', token],
      ]),
    ).toBe('badResumptionToken');
  });
  it('writes records and errors as the schema has them', () => {
    const xml = recordXml({
      identifier: 'oai:haiphong.edu.vn:r1',
      datestamp: '2026-11-27T01:00:00Z',
      sets: setsOf('video', ['toan', 'toan']),
      deleted: false,
      dc: { title: ['Tam giác & <đường tròn>'], creator: ['Lê Thu Hà'] } as never,
    });
    expect(xml).toContain('<dc:title>Tam giác &amp; &lt;đường tròn&gt;</dc:title>');
    expect(xml.match(/<setSpec>/g)).toHaveLength(2);
    expect(recordXml({ identifier: 'i', datestamp: 'd', sets: [], deleted: true })).toBe(
      '<record><header status="deleted"><identifier>i</identifier><datestamp>d</datestamp></header></record>',
    );
    const error = oaiXml({
      responseDate: '2026-11-27T01:00:00Z',
      baseUrl: 'https://x/oai',
      request: [['verb', 'Nope']],
      error: new OaiError('badVerb', 'Missing or unknown verb'),
    });
    // After badVerb the request element carries no attributes.
    expect(error).toContain('<request>https://x/oai</request>');
    expect(error).toContain('<error code="badVerb">');
    expect(resourceIdOf('haiphong.edu.vn', 'oai:haiphong.edu.vn:abc')).toBe('abc');
    expect(resourceIdOf('haiphong.edu.vn', 'oai:other:abc')).toBeUndefined();
  });
});
