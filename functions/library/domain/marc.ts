/**
 * MARC 21 bibliographic records ↔ the union catalogue's titles, in binary (ISO 2709) and
 * MARCXML, read and written by `marcjs`. The fields used:
 *
 * | Field | Title |
 * | --- | --- |
 * | 001 | the record's id in the file (kept for the import report) |
 * | 008/35-37, 041 $a | language |
 * | 020 $a | ISBN (checked; the ISBN-13 kept) |
 * | 082 $a / 084 $a | classification (DDC / the Vietnamese 19-class scheme) |
 * | 100 $a, 700 $a | authors (main, then added) |
 * | 245 $a $b | title, subtitle (ISBD punctuation trimmed) |
 * | 260 / 264 $b $c | publisher, year |
 * | 650 $a | subjects |
 * | 958 $a $b $c | curriculum mapping: subject code, grade, lesson id (a local field of this platform) |
 * | Leader/06-07 | the type (a printed book unless 856 links a digital object) |
 */
import Iso2709Formater from 'marcjs/lib/Iso2709Formater.js';
import MarcRecord from 'marcjs/lib/Record.js';
import { parseWithTexts } from '#shared/text/issues.ts';
import type { TextParams } from '#shared/text/texts.ts';
import { type TitleInput, titleInput } from './catalogue.ts';

export type MarcFormat = 'iso2709' | 'marcxml';

type Field = string[];

const subfields = (field: Field, code: string) => {
  const values: string[] = [];
  for (let i = 2; i + 1 < field.length; i += 2) if (field[i] === code) values.push(field[i + 1]!);
  return values;
};
/** ISBD punctuation at the end of a subfield: " /", " :", " ;", ",", ".". */
const trimIsbd = (value: string) => value.replace(/[\s/:;,.=]+$/u, '').trim();

export interface MarcReadResult {
  /** Position in the file (1-based) and the record's 001, for the import report. */
  row: number;
  controlNumber?: string;
  ok: boolean;
  input?: TitleInput;
  /** What to fix, by field; `message` in English, the code and parameters for either language. */
  errors?: { field: string; message: string; code?: string; params?: TextParams }[];
}

/** A parsed marcjs record → a title, checked with the same rules as the form. */
export function titleOfMarc(record: { leader: string; fields: Field[] }, row: number): MarcReadResult {
  const all = (tag: string) => record.fields.filter((f) => f[0] === tag);
  const first = (tag: string, code: string) => all(tag).flatMap((f) => subfields(f, code))[0];
  const control = all('001')[0]?.[1];
  const f008 = all('008')[0]?.[1];
  const year = (first('264', 'c') ?? first('260', 'c'))?.match(/\d{4}/)?.[0];
  const raw = {
    isbn: first('020', 'a')?.split(/\s/)[0],
    title: trimIsbd(first('245', 'a') ?? ''),
    subtitle: first('245', 'b') ? trimIsbd(first('245', 'b')!) : undefined,
    authors: [...all('100'), ...all('700')].flatMap((f) => subfields(f, 'a')).map(trimIsbd),
    publisher: first('264', 'b') ?? first('260', 'b'),
    year: year ? Number(year) : undefined,
    language: first('041', 'a') ?? (f008 && f008.length >= 38 ? f008.slice(35, 38) : undefined),
    type: all('856').length ? 'ebook' : 'book',
    subjects: all('650')
      .flatMap((f) => subfields(f, 'a'))
      .map(trimIsbd),
    classification: first('082', 'a') ?? first('084', 'a'),
    curriculum: all('958').map((f) => ({
      subject: subfields(f, 'a')[0] ?? '',
      grade: Number(subfields(f, 'b')[0]),
      ...(subfields(f, 'c')[0] ? { lessonId: subfields(f, 'c')[0] } : {}),
    })),
  };
  if (raw.publisher) raw.publisher = trimIsbd(raw.publisher);
  if (raw.language && !/^[a-z]{3}$/.test(raw.language)) raw.language = undefined;
  const parsed = parseWithTexts(titleInput, raw);
  if (parsed.success)
    return { row, ...(control ? { controlNumber: control } : {}), ok: true, input: parsed.data };
  return {
    row,
    ...(control ? { controlNumber: control } : {}),
    ok: false,
    errors: parsed.issues.map((i) => ({
      field: MARC_FIELD_OF[String(i.path[0])] ?? String(i.path[0]),
      ...i.text,
    })),
  };
}

/** Which MARC field a form field comes from, so an import report names what to fix. */
const MARC_FIELD_OF: Record<string, string> = {
  isbn: '020',
  title: '245',
  subtitle: '245',
  authors: '100/700',
  publisher: '260/264',
  year: '260/264',
  language: '041',
  subjects: '650',
  classification: '082/084',
  curriculum: '958',
};

/** The format of an uploaded file, from its first bytes: MARCXML starts with `<`. */
export const formatOf = (bytes: Uint8Array): MarcFormat => {
  const head = Buffer.from(bytes.subarray(0, 64))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return head.startsWith('<') ? 'marcxml' : 'iso2709';
};

/** A title as a MARC 21 record (Unicode: Leader/09 = a). */
export function marcOfTitle(t: TitleInput & { titleId: string }): MarcRecord {
  const r = new MarcRecord();
  r.leader = `00000n${t.type === 'periodical' ? 'as' : 'am'} a2200000 i 4500`;
  r.append(['001', t.titleId]);
  r.append([
    '008',
    `${'      '}s${String(t.year ?? '    ').padEnd(4)}    vm            000 0 ${t.language} d`,
  ]);
  if (t.isbn) r.append(['020', '  ', 'a', t.isbn]);
  r.append(['041', '0 ', 'a', t.language]);
  if (t.classification) r.append(['084', '  ', 'a', t.classification]);
  const [main, ...added] = t.authors;
  if (main) r.append(['100', '1 ', 'a', main]);
  r.append(['245', `${main ? '1' : '0'}0`, 'a', t.title, ...(t.subtitle ? ['b', t.subtitle] : [])]);
  if (t.publisher || t.year)
    r.append([
      '264',
      ' 1',
      ...(t.publisher ? ['b', t.publisher] : []),
      ...(t.year ? ['c', String(t.year)] : []),
    ]);
  for (const s of t.subjects) r.append(['650', ' 4', 'a', s]);
  for (const a of added) r.append(['700', '1 ', 'a', a]);
  for (const c of t.curriculum)
    r.append(['958', '  ', 'a', c.subject, 'b', String(c.grade), ...(c.lessonId ? ['c', c.lessonId] : [])]);
  return r;
}

const xml = (v: string) =>
  v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * One record in MARCXML (MARC21/slim), UTF-8 as written: marcjs's own writer turns every
 * Vietnamese letter into a numeric entity and brings an HTML-entities table into the API bundle.
 */
function marcxmlOf(r: MarcRecord): string {
  const lines = ['  <record>', `    <leader>${xml(r.leader)}</leader>`];
  for (const [tag, ...rest] of r.fields) {
    if (tag! < '010') {
      lines.push(`    <controlfield tag="${tag}">${xml(rest[0] ?? '')}</controlfield>`);
      continue;
    }
    const [indicators = '  ', ...subs] = rest;
    lines.push(
      `    <datafield tag="${tag}" ind1="${xml(indicators[0] ?? ' ')}" ind2="${xml(indicators[1] ?? ' ')}">`,
    );
    for (let i = 0; i + 1 < subs.length; i += 2)
      lines.push(`      <subfield code="${xml(subs[i]!)}">${xml(subs[i + 1]!)}</subfield>`);
    lines.push('    </datafield>');
  }
  lines.push('  </record>');
  return lines.join('\n');
}

/** Titles as one MARC file: ISO 2709 records back to back, or a MARCXML collection. */
export function writeMarc(titles: (TitleInput & { titleId: string })[], format: MarcFormat): string {
  if (format === 'iso2709') return titles.map((t) => Iso2709Formater.format(marcOfTitle(t))).join('');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<collection xmlns="http://www.loc.gov/MARC21/slim">',
    ...titles.map((t) => marcxmlOf(marcOfTitle(t))),
    '</collection>',
    '',
  ].join('\n');
}
